"""`--format sarif`: SARIF 2.1.0, the format code scanning services read (GitHub, Azure DevOps).

One run; its driver lists every rule (id = code, name, summary, the full documentation as
help, default level), and each finding is a result with its rule, level, message, region
(1-based lines and columns counted in Unicode code points, end column exclusive) and the
JSON path as a logical location. File URIs are relative to the working directory
(`%SRCROOT%`), which is how code scanning matches them to the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from lpmanifest import __version__
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import format_path

if TYPE_CHECKING:
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice
    from lpmanifest.source.document import Document

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(info: RuleInfo, documentation: str) -> dict[str, Any]:
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.summary},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {"tags": ["lpmanifest"]},
    }


def artifact_uri(file: str) -> tuple[str, str | None]:
    """The URI of a reported file and its base id (None for an absolute URI)."""
    if os.path.isabs(file):
        return Path(file).as_uri(), None
    return quote(file.replace(os.sep, "/")), SRCROOT


def result(finding: Finding, rule_index: int) -> dict[str, Any]:
    span = finding.span
    uri, base = artifact_uri(finding.file)
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    text = finding.message if not finding.help else f"{finding.message}\nhelp: {finding.help}"
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    },
                },
            }
        ],
    }
    if finding.path:
        entry["locations"][0]["logicalLocations"] = [
            {"fullyQualifiedName": format_path(finding.path), "kind": "member"}
        ]
    if finding.safe_fix is not None:
        entry["properties"] = {"fix": finding.safe_fix.description}
    return entry


class SarifReporter:
    def __init__(self, stream: TextIO) -> None:
        from lpmanifest.rules import ALL_INFOS, documentation

        self.stream = stream
        self.rules = [rule_descriptor(info, documentation(info)) for info in ALL_INFOS]
        self.index = {info.code: number for number, info in enumerate(ALL_INFOS)}
        self.results: list[dict[str, Any]] = []

    def file(self, doc: Document, findings: list[Finding]) -> None:
        self.results.extend(result(finding, self.index[finding.code]) for finding in findings)

    def finish(self, summary: Summary) -> None:
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "lpmanifest",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "rules": self.rules,
                        }
                    },
                    "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                    "invocations": [{"executionSuccessful": True}],
                }
            ],
        }
        # ensure_ascii keeps terminal control characters escaped as \u001b.
        self.stream.write(json.dumps(log, indent=2, ensure_ascii=True) + "\n")


def make(
    stream: TextIO, color: ColorChoice, quiet: bool, fail_on: Severity = Severity.ERROR
) -> SarifReporter:
    return SarifReporter(stream)
