"""`--format text`: ruff-style findings with a code frame, for people.

    m.yaml:12:22: error LPM107 (out-of-range) max_retries is 6; the maximum is 5
       |
    11 |       endpoint: https://example.com/hook
    12 |       max_retries: 6
       |                    ^
    13 |   engagement:
       |
       = help: allowed range: 0 to 5
       = path: capabilities.webhooks["ms.MessagingEventNotification.ContentEvent"].max_retries

Rich renders it in colour, and only for a terminal (or `--color always`): plain output (a
pipe, a CI log, `--color never`) is written directly, without importing rich at all.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any, TextIO

from lpmanifest.characters import UNSAFE, matching
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.findings.wording import format_path, inert, plural
from lpmanifest.output.redact import redact_line, secret_texts

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice
    from lpmanifest.source.document import Document

CONTEXT_LINES = 1
MAX_FRAME_WIDTH = 200

_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold blue",
}


def frame_text(line: str) -> str:
    """A source line made printable without moving any column: one cell per character.

    Control characters (an ESC that would start a terminal sequence, say) become their
    Unicode control pictures, bidirectional overrides and lone surrogates a replacement
    character; tabs become a space so the caret stays under its character.
    """
    line = line.rstrip("\r").replace("\t", " ")
    return line if line.isprintable() else matching(UNSAFE).sub(_picture, line)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


class _Styled:
    """Text in styled pieces: written plain as is, or handed to rich to colour."""

    __slots__ = ("pieces",)

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []

    def append(self, text: str, style: str = "") -> None:
        self.pieces.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def to_rich(self) -> Text:
        from rich.text import Text

        return Text.assemble(*self.pieces)


def cell_width(text: str) -> int:
    if text.isascii():  # (no ASCII character is wide)
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class TextReporter:
    def __init__(self, stream: TextIO, color: ColorChoice, quiet: bool) -> None:
        self.stream = stream
        self.color = color
        self.quiet = quiet
        self._console: Console | None = None
        self._plain = not wants_color(color, stream)

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = color_console(self.stream, self.color)
        return self._console

    def file(self, doc: Document, findings: list[Finding]) -> None:
        if not findings:
            return
        lines = doc.lines()
        secrets = secret_texts(doc)
        for finding in findings:
            styled = self.render(finding, lines, secrets)
            if self._plain:
                self.stream.write(styled.plain + "\n")
            else:
                self.console.print(styled.to_rich())

    def render(self, finding: Finding, lines: list[str], secrets: tuple[str, ...] = ()) -> _Styled:
        text = _Styled()
        span = finding.span
        text.append(inert(finding.file), style="bold")
        text.append(f":{span.line}:{span.column}: ")
        text.append(finding.severity.value, style=_STYLES[finding.severity])
        text.append(f" {finding.code}", style="dim")
        text.append(f" ({finding.name}) ", style="dim")
        text.append(inert(finding.message))
        if self.quiet:
            return text
        text.append("\n")
        pad = " " * len(str(min(len(lines), finding.span.line + CONTEXT_LINES)))
        self._frame(text, finding, lines, secrets)
        if finding.help:
            text.append(pad + " = ", style="blue")
            text.append("help", style="bold cyan")
            text.append(f": {inert(finding.help)}\n")
        if finding.path:
            text.append(pad + " = ", style="blue")
            text.append("path", style="bold")
            text.append(f": {inert(format_path(finding.path))}\n")
        if finding.safe_fix:
            # (A suggestion, which --fix never applies, is the help line's did-you-mean.)
            text.append(pad + " = ", style="blue")
            text.append("fix", style="bold green")
            description = inert(finding.safe_fix.description)
            text.append(f": {description} (`lpmanifest validate --fix` applies it)\n")
        return text

    def _frame(
        self, text: _Styled, finding: Finding, lines: list[str], secrets: tuple[str, ...]
    ) -> None:
        span = finding.span
        if not lines or span.line > len(lines) or not "".join(lines).strip():
            return
        first = max(1, span.line - CONTEXT_LINES)
        last = min(len(lines), span.line + CONTEXT_LINES)
        gutter = len(str(last))
        pad = " " * gutter
        text.append(f"{pad} |\n", style="blue")
        for number in range(first, last + 1):
            shown = redact_line(frame_text(lines[number - 1]), secrets)[:MAX_FRAME_WIDTH]
            text.append(f"{number:>{gutter}} | ", style="blue")
            text.append(shown + "\n")
            if number == span.line:
                prefix = shown[: span.column - 1]
                if span.end_line == span.line:
                    width = max(1, span.end_column - span.column)
                else:
                    width = max(1, len(shown) - len(prefix))
                marked = shown[span.column - 1 : span.column - 1 + width]
                carets = max(1, cell_width(marked))
                text.append(f"{pad} | ", style="blue")
                text.append(" " * cell_width(prefix) + "^" * carets + "\n", style="bold red")
        text.append(f"{pad} |\n", style="blue")

    def finish(self, summary: Summary) -> None:
        if self.quiet:
            return
        line = summary_line(summary)
        if self._plain:
            self.stream.write(line + "\n")
            return
        style = "bold red" if summary.errors else ("bold yellow" if summary.warnings else "green")
        self.console.print(line, style=style)


def summary_line(summary: Summary) -> str:
    counts = [plural(summary.errors, "error"), plural(summary.warnings, "warning")]
    if summary.infos:
        counts.append(f"{summary.infos} info")
    checked = plural(summary.files, "file")
    if not (summary.errors or summary.warnings or summary.infos):
        return f"All checks passed: {checked} checked, no findings."
    return f"Found {', '.join(counts)} in {checked} checked."


def wants_color(color: ColorChoice, stream: Any) -> bool:
    """`--color`: always, never, or (auto) on a terminal that is standard output, unless
    NO_COLOR is set. Every coloured report decides the same way."""
    if color.value == "always":
        return True
    if color.value == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and stream is sys.stdout


def color_console(stream: TextIO, color: ColorChoice) -> Console:
    """The rich console a coloured report writes through: no markup, no highlighting, no
    emoji (text from a manifest is printed as it is, inert), lines never wrapped."""
    from rich.console import Console

    forced = {"always": True, "never": False}.get(color.value)
    return Console(
        file=stream,
        force_terminal=forced,
        no_color=True if forced is False else (False if forced else None),
        color_system="auto" if forced is not False else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        width=max(80, MAX_FRAME_WIDTH),
    )


def make(
    stream: TextIO, color: ColorChoice, quiet: bool, fail_on: Severity = Severity.ERROR
) -> TextReporter:
    return TextReporter(stream, color, quiet)
