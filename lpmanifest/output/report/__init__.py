"""Reporters: one module per output format, each imported only when chosen.

A reporter sees each file as soon as it is checked (so memory stays flat however many files
there are) and the summary at the end. Every value that came from a manifest is printed as
inert data: never as console markup, never as terminal control sequences.
"""

from __future__ import annotations

import enum
import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

from lpmanifest.findings.model import Severity

if TYPE_CHECKING:
    from lpmanifest.check.summary import Summary
    from lpmanifest.findings.model import Finding
    from lpmanifest.source.document import Document


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class ColorChoice(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Reporter(Protocol):
    def file(self, doc: Document, findings: list[Finding]) -> None: ...

    def finish(self, summary: Summary) -> None: ...


def make_reporter(
    format: OutputFormat,
    stream: TextIO,
    color: ColorChoice,
    quiet: bool = False,
    fail_on: Severity = Severity.ERROR,
) -> Reporter:
    """The reporter for `format`. `fail_on` is the run's `--fail-on`: the JUnit report fails
    a file's test case only on findings at least that severe."""
    module = importlib.import_module(f"lpmanifest.output.report.{format.value}_report")
    reporter: Reporter = module.make(stream=stream, color=color, quiet=quiet, fail_on=fail_on)
    return reporter
