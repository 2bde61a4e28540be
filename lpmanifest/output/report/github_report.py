"""`--format github`: GitHub Actions workflow commands, which annotate the pull request.

    ::error file=m.yaml,line=10,col=20,endLine=10,endColumn=21,title=LPM107 out-of-range::...

One command per finding (`error`, `warning`, or `notice` for info), then the summary line
(not with `--quiet`). A finding that spans several lines has no `col` and `endColumn`: GitHub
documents that they cannot be sent when `line` and `endLine` differ.
Chosen automatically when `GITHUB_ACTIONS=true` and no `--format` is given. Values are
escaped as GitHub's toolkit escapes them: `%`, CR and LF everywhere, and `:` and `,` in
properties, so a message cannot end its command or start another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from lpmanifest.findings.model import Finding, Severity
from lpmanifest.findings.wording import inert

if TYPE_CHECKING:
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice
    from lpmanifest.source.document import Document

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    span = finding.span
    properties: dict[str, object] = {"file": finding.file, "line": span.line}
    if span.end_line == span.line:
        properties.update(col=span.column, endLine=span.end_line, endColumn=span.end_column)
    else:
        # GitHub takes no columns on an annotation of several lines.
        properties["endLine"] = span.end_line
    properties["title"] = f"{finding.code} {finding.name}"
    listed = ",".join(
        f"{key}={escape_property(inert(str(value)))}" for key, value in properties.items()
    )
    message = inert(finding.message)
    if finding.help:
        message += "\n" + inert(f"help: {finding.help}")
    return f"::{COMMANDS[finding.severity]} {listed}::{escape_data(message)}"


class GithubReporter:
    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream = stream
        self.quiet = quiet

    def file(self, doc: Document, findings: list[Finding]) -> None:
        for finding in findings:
            self.stream.write(command(finding) + "\n")

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            return
        from lpmanifest.output.report.text_report import summary_line

        self.stream.write(escape_data(summary_line(summary)) + "\n")


def make(
    stream: TextIO, color: ColorChoice, quiet: bool, fail_on: Severity = Severity.ERROR
) -> GithubReporter:
    return GithubReporter(stream, quiet)
