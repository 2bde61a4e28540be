"""What every check produces and every report consumes: a finding, where it is, how
serious it is, how to fix it, and what identifies its kind (with its documentation).

The small value types are NamedTuples: every run of the program defines them, and a frozen
dataclass costs about a millisecond to define (its methods are generated and compiled),
ten times as much.
"""

from __future__ import annotations

import enum
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


class Applicability(str, enum.Enum):
    """Whether a fix may be applied unasked (ruff's word for it).

    `safe`: it never changes what a value means, and `--fix` applies it. `unsafe`: a change a
    person should choose (a did-you-mean rename is a guess), offered but never applied unasked.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


class Fix(NamedTuple):
    """A mechanical change that resolves a finding, safe unless it says otherwise."""

    description: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


class RuleInfo(NamedTuple):
    """What identifies a kind of finding: stable code, kebab-case name, default severity,
    and its documentation (Markdown in four sections: *What it does*, *Why is this bad?*,
    *Example*, *Use instead*; a rule module's docstring)."""

    code: str
    name: str
    severity: Severity
    summary: str
    docs: str = ""

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
    # Other places the finding is about, each with a word on it (a duplicate key's first).
    related: tuple[tuple[Span, str], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        """The one-line form: `file:line:col: severity CODE (name) message`."""
        where = f"{self.file}:{self.span.line}:{self.span.column}"
        return f"{where}: {self.severity.value} {self.code} ({self.name}) {self.message}"

    @property
    def safe_fix(self) -> Fix | None:
        """The fix that `--fix` applies and reports offer: None for none, or for a
        suggestion (an unsafe fix, which only an editor offers)."""
        fix = self.fix
        return fix if fix is not None and fix.applicability is Applicability.SAFE else None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.span.line, self.span.column, self.code, self.message)
