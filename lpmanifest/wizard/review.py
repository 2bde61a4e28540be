"""The finished answers as the file to write, and everything `validate` would say about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from lpmanifest.findings.model import Finding, Severity
from lpmanifest.source.document import Document
from lpmanifest.source.formats import Format, format_of_name
from lpmanifest.source.read import load_text

if TYPE_CHECKING:
    from lpmanifest.output.report import ColorChoice
    from lpmanifest.wizard.roundtrip import Edit


@dataclass(frozen=True)
class Result:
    """The manifest as text in its output format, with its findings."""

    text: str
    format: Format
    doc: Document
    findings: list[Finding]
    # In edit mode, why the file's comments and layout could not be kept (None if kept).
    layout_lost: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def writable(self) -> bool:
        return self.errors == 0


def finish(data: dict[str, Any], output: str, edit: Edit | None = None) -> Result:
    """Serialize for `output` (YAML for .yaml/.yml) and check it as `validate` would.

    In edit mode (`edit`: the file `--from` read) the file's own text is changed where the
    answers changed it (`roundtrip.py`): YAML text in, YAML text out.
    """
    from lpmanifest.check.checker import Checker
    from lpmanifest.output.serialize import dump_json, dump_yaml
    from lpmanifest.rules import LINT_RULES

    fmt: Format = format_of_name(output) or "json"
    lost = None
    if edit is not None:
        from lpmanifest.wizard.roundtrip import edited_text

        text, lost = edited_text(edit, data, fmt)
    else:
        text = dump_yaml(data) if fmt == "yaml" else dump_json(data)
    doc = load_text(text, output, fmt)
    findings = Checker(rules=LINT_RULES).check(doc)
    return Result(text, fmt, doc, findings, lost)


def print_findings(stream: TextIO, result: Result, color: ColorChoice) -> None:
    """The findings as the text report shows them, then a summary line."""
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import OutputFormat, make_reporter

    reporter = make_reporter(OutputFormat.text, stream, color)
    reporter.file(result.doc, result.findings)
    summary = Summary()
    summary.add(result.findings)
    reporter.finish(summary)
