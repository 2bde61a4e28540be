"""`--format junit`: JUnit XML, which CI services show as a test report.

One test suite; a test case per file checked (named by its path), passing when the file has
no finding, and one `<failure>` per finding otherwise (its `type` is the severity, its
`message` the code, name and message, its text the location, help and path). The suite's
`failures` counts the failure elements, as JUnit readers count them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from lpmanifest.diagnostics import Finding, format_path, inert

if TYPE_CHECKING:
    from lpmanifest.checker import Summary
    from lpmanifest.load import Document
    from lpmanifest.report import ColorChoice

SUITE_NAME = "lpmanifest"


def failure_text(finding: Finding) -> str:
    span = finding.span
    lines = [f"{finding.file}:{span.line}:{span.column}: {finding.message}"]
    if finding.help:
        lines.append(f"help: {finding.help}")
    if finding.path:
        lines.append(f"path: {format_path(finding.path)}")
    return "\n".join(inert(line) for line in lines)


class JunitReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.suite = ET.Element("testsuite", name=SUITE_NAME)
        self.failures = 0

    def file(self, doc: Document, findings: list[Finding]) -> None:
        case = ET.SubElement(
            self.suite,
            "testcase",
            name=inert(doc.file),
            classname=SUITE_NAME,
            file=inert(doc.file),
            time="0",
        )
        for finding in findings:
            failure = ET.SubElement(
                case,
                "failure",
                type=finding.severity.value,
                message=inert(f"{finding.code} {finding.name}: {finding.message}"),
            )
            failure.text = failure_text(finding)
            self.failures += 1

    def finish(self, summary: Summary) -> None:
        self.suite.set("tests", str(summary.files))
        self.suite.set("failures", str(self.failures))
        self.suite.set("errors", "0")
        self.suite.set("skipped", "0")
        self.suite.set("time", "0")
        root = ET.Element(
            "testsuites",
            name=SUITE_NAME,
            tests=str(summary.files),
            failures=str(self.failures),
            errors="0",
            skipped="0",
            time="0",
        )
        root.append(self.suite)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")


def make(stream: TextIO, color: ColorChoice, quiet: bool) -> JunitReporter:
    return JunitReporter(stream)
