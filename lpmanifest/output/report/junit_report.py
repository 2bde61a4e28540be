"""`--format junit`: JUnit XML, which CI servers show as a test report.

    <testsuites name="lpmanifest" tests="2" failures="1" errors="0" time="0">
      <testsuite name="lpmanifest" tests="2" failures="1" errors="0" skipped="0" time="0">
        <testcase name="m.yaml" classname="lpmanifest" time="0">
          <failure type="error" message="10:20 LPM107 (out-of-range) max_retries is 6; ...">
            m.yaml:10:20: error LPM107 (out-of-range) max_retries is 6; the maximum is 5
              help: allowed range: 0 to 5
              path: capabilities.webhooks["ms.MessagingEventNotification.ContentEvent"]...
          </failure>
          <system-out>below --fail-on error:
            m.yaml:3:1: warning LPM307 (unlisted-scope) ...</system-out>
        </testcase>
        <testcase name="clean.json" classname="lpmanifest" time="0"/>
      </testsuite>
    </testsuites>

One test case per file checked, named by its path. It fails when the file holds a finding at
or above `--fail-on` (a file that cannot be read or parsed always does): one `<failure>`
whose `message` lists those findings (line:column, code, name, message; one a line) and
whose text gives each in full (file, help, JSON path). Findings below `--fail-on` go in the
case's `<system-out>`: they are shown, and they do not fail it. So `tests` counts the files
and `failures` the failing files, as every JUnit reader counts them.

Only elements and attributes that both Jenkins' xunit plugin (`junit-10.xsd`) and JUnit 5's
`jenkins-junit.xsd` define are written, in the order the stricter one wants. Values from a
manifest are inert (control characters escaped) and hold only characters XML 1.0 allows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from lpmanifest.findings.model import Finding, Severity
from lpmanifest.findings.wording import format_path, inert

if TYPE_CHECKING:
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice
    from lpmanifest.source.document import Document

SUITE_NAME = "lpmanifest"
# Durations are not measured: a check takes milliseconds, and a report that is the same on
# every run can be compared. "0" fits every XSD's pattern for a time.
TIME = "0"
# What XML 1.0 allows that `inert` leaves alone: U+FFFE and U+FFFF are not characters to XML.
_NOT_XML = re.compile("[\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text from a manifest, printable and made of characters that XML 1.0 allows."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", inert(text))


def finding_line(finding: Finding) -> str:
    """`line:column CODE (name) message`: one finding in a failure's message."""
    span = finding.span
    return xml_text(f"{span.line}:{span.column} {finding.code} ({finding.name}) {finding.message}")


def finding_detail(finding: Finding) -> str:
    """A finding in full: the one-line form, then its help and its JSON path."""
    lines = [xml_text(str(finding))]
    if finding.help:
        lines.append("  help: " + xml_text(finding.help))
    if finding.path:
        lines.append("  path: " + xml_text(format_path(finding.path)))
    return "\n".join(lines)


def failure_text(findings: list[Finding]) -> str:
    return "\n".join(finding_detail(finding) for finding in findings)


class JunitReporter:
    def __init__(self, stream: TextIO, fail_on: Severity) -> None:
        self.stream = stream
        self.fail_on = fail_on
        self.suite = ET.Element("testsuite", name=SUITE_NAME)
        self.tests = self.failures = 0

    def file(self, doc: Document, findings: list[Finding]) -> None:
        self.tests += 1
        case = ET.SubElement(
            self.suite, "testcase", name=xml_text(doc.file), classname=SUITE_NAME, time=TIME
        )
        failing = [f for f in findings if f.severity >= self.fail_on]
        below = [f for f in findings if not f.severity >= self.fail_on]
        if failing:
            self.failures += 1
            worst = max((f.severity for f in failing), key=lambda level: level.rank)
            failure = ET.SubElement(
                case,
                "failure",
                type=worst.value,
                message="\n".join(finding_line(finding) for finding in failing),
            )
            failure.text = failure_text(failing)
        if below:
            output = ET.SubElement(case, "system-out")
            output.text = f"below --fail-on {self.fail_on.value}:\n{failure_text(below)}"

    def finish(self, summary: Summary) -> None:
        counts = {"tests": str(self.tests), "failures": str(self.failures), "errors": "0"}
        self.suite.attrib.update({**counts, "skipped": "0", "time": TIME})
        root = ET.Element("testsuites", {"name": SUITE_NAME, **counts, "time": TIME})
        root.append(self.suite)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")


def make(
    stream: TextIO, color: ColorChoice, quiet: bool, fail_on: Severity = Severity.ERROR
) -> JunitReporter:
    return JunitReporter(stream, fail_on)
