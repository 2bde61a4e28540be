"""`--format json`: one JSON document with every finding and the summary.

The shape is stable (its `version` changes if it ever must):

    {"version": 1,
     "summary": {"files": 2, "errors": 1, "warnings": 0, "infos": 0},
     "findings": [{"file": "m.yaml", "line": 12, "column": 22, "end_line": 12,
                   "end_column": 23, "path": "capabilities.webhooks[...].max_retries",
                   "code": "LPM107", "name": "out-of-range", "severity": "error",
                   "message": "...", "help": "...", "fix": null}]}

Lines and columns are 1-based and count code points; `end_column` is exclusive.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from lpmanifest.findings.model import Finding, Severity
from lpmanifest.findings.wording import format_path

if TYPE_CHECKING:
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice
    from lpmanifest.source.document import Document

FORMAT_VERSION = 1


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "file": finding.file,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "path": format_path(finding.path),
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "help": finding.help,
        "fix": {"description": finding.safe_fix.description} if finding.safe_fix else None,
    }


class JsonReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.findings: list[dict[str, Any]] = []

    def file(self, doc: Document, findings: list[Finding]) -> None:
        self.findings.extend(finding_to_dict(finding) for finding in findings)

    def finish(self, summary: Summary) -> None:
        document = {
            "version": FORMAT_VERSION,
            "summary": {
                "files": summary.files,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "infos": summary.infos,
            },
            "findings": self.findings,
        }
        # ensure_ascii keeps terminal control characters escaped as \u001b.
        self.stream.write(json.dumps(document, indent=2, ensure_ascii=True) + "\n")


def make(
    stream: TextIO, color: ColorChoice, quiet: bool, fail_on: Severity = Severity.ERROR
) -> JsonReporter:
    return JsonReporter(stream)
