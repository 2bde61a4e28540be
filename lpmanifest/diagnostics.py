"""The one finding type that every check produces and every report consumes.

The small value types are NamedTuples: every run of the program defines them, and a frozen
dataclass costs about a millisecond to define (its methods are generated and compiled),
ten times as much.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

JsonPath = tuple[str | int, ...]


class Severity(str, enum.Enum):
    """How serious a finding is; ordered by seriousness (`<`, `<=`, `>`, `>=` all compare
    ranks, not the words: as strings, "warning" > "error")."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Span(NamedTuple):
    """A region of the source: 1-based line and column (code points), end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


START_OF_FILE = Span.point(1, 1)


class Edit(NamedTuple):
    """Replace the characters between two offsets of the original text."""

    start: int
    end: int
    replacement: str


class Fix(NamedTuple):
    """A safe, mechanical change that resolves a finding."""

    description: str
    edits: tuple[Edit, ...]


class RuleInfo(NamedTuple):
    """What identifies a kind of finding: stable code, kebab-case name, default severity."""

    code: str
    name: str
    severity: Severity
    summary: str

    def finding(
        self,
        file: str,
        span: Span,
        path: JsonPath,
        message: str,
        help: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of this kind, at its default severity (configuration may change it)."""
        return Finding(file, span, path, self.code, self.name, self.severity, message, help, fix)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file, located and explained."""

    file: str
    span: Span
    path: JsonPath
    code: str
    name: str
    severity: Severity
    message: str
    help: str | None = None
    fix: Fix | None = field(default=None, compare=False)

    def __str__(self) -> str:
        """The one-line form: `file:line:col: severity CODE (name) message`."""
        where = f"{self.file}:{self.span.line}:{self.span.column}"
        return f"{where}: {self.severity.value} {self.code} ({self.name}) {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.span.line, self.span.column, self.code, self.message)


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def format_path(path: JsonPath) -> str:
    """Render a JSON path the way people write it in code.

    >>> format_path(("capabilities", "webhooks", "ms.X", "max_retries"))
    'capabilities.webhooks["ms.X"].max_retries'
    """
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _IDENTIFIER.match(part):
            parts.append(f".{part}" if parts else part)
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'["{escaped}"]')
    return "".join(parts) or "$"


def subject(path: JsonPath) -> str:
    """How a message names the value at `path`: its key, or `key[3]` for an item."""
    if not path:
        return "the manifest"
    last = path[-1]
    if isinstance(last, int):
        parent = subject(path[:-1])
        return f"{parent}[{last}]"
    return inert(last)


def container(path: JsonPath) -> str:
    """How a message names the object that holds a key."""
    if len(path) <= 1:
        return "the manifest"
    return subject(path[:-1])


@functools.cache
def _controls() -> re.Pattern[str]:
    """C0 and C1 controls, the bidirectional overrides and isolates (which reorder what a
    terminal shows), and lone surrogates (which no UTF-8 stream can even write).

    Compiled on first use: most runs print only printable text, and this character class
    costs a millisecond to compile.
    """
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def inert(text: str) -> str:
    """Make text from a manifest safe to print: control characters become visible escapes.

    A value can hold ANSI escape sequences or carriage returns that would repaint the
    user's terminal; shown as `\\x1b` they are data again. A JSON escape such as
    `"\\ud800"` (or a file name that is not UTF-8) gives a lone surrogate, which would
    stop the output with an encoding error: shown as `\\ud800` it prints.
    """
    if text.isprintable():  # none of those characters is printable: the common case, fast
        return text
    controls = _controls()
    if not controls.search(text):
        return text
    return controls.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def show_value(value: object, limit: int = 60) -> str:
    """A short, quoted, inert rendering of a manifest value for messages."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return "'" + inert(text) + "'"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return inert(str(value))


def type_name(value: object) -> str:
    """The JSON type of a value, with its article: `an integer`, `a string`, `null`."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"
