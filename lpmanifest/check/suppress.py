"""Inline suppressions in YAML: `# lpmanifest: ignore[rule-name, other-rule]`.

A finding is suppressed when its rule (by name or code) is listed in such a comment on
the line where the finding starts, the line its report names. JSON has no comments, so
JSON files have no suppressions. Comments that name no known rule are reported by the
`invalid-suppression` rule, which reads them with the same parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from lpmanifest.findings.model import Finding
from lpmanifest.source.document import Document

MARKER = "lpmanifest:"
# A YAML comment starts at the start of a line or after a space.
_DIRECTIVE = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*lpmanifest:[ \t]*(?P<rest>.*)$")
_Range = tuple[tuple[int, int], tuple[int, int]]
_IGNORE = re.compile(r"ignore\[(?P<names>[^\]]*)\]")
_NAME = re.compile(r"[^,\s]+")


class Directive(NamedTuple):
    """One `# lpmanifest: ...` comment: its line, and the names it lists with their columns.

    `names` is empty for a comment that is not a well-formed `ignore[...]`; `column` is
    where its text after `lpmanifest:` starts (1-based).
    """

    line: int
    column: int
    text: str
    names: tuple[tuple[str, int], ...]
    well_formed: bool


def directives(doc: Document) -> Iterator[Directive]:
    """Every lpmanifest comment in a YAML document."""
    if doc.format != "yaml" or MARKER not in doc.text:
        return
    scalars: list[_Range] | None = None
    for number, line in enumerate(doc.lines(), start=1):
        if MARKER not in line:
            continue
        if scalars is None:
            scalars = _scalar_ranges(doc.text)
        match = _comment(line.rstrip("\r"), number, scalars)
        if match is None:
            continue
        rest_start = match.start("rest")
        rest = match.group("rest").rstrip()
        ignore = _IGNORE.match(rest)
        if ignore is None:
            yield Directive(number, rest_start + 1, rest, (), False)
            continue
        base = rest_start + ignore.start("names")
        names = tuple(
            (name.group(), base + name.start() + 1) for name in _NAME.finditer(ignore["names"])
        )
        yield Directive(number, rest_start + 1, rest, names, bool(names))


def _comment(line: str, number: int, scalars: list[_Range]) -> re.Match[str] | None:
    """The first lpmanifest directive on the line that is a comment, not text in a value."""
    position = 0
    while (match := _DIRECTIVE.search(line, position)) is not None:
        where = (number, match.start() + 1)
        if not any(start <= where < end for start, end in scalars):
            return match
        position = match.start() + 1
    return None


def _scalar_ranges(text: str) -> list[_Range]:
    """Where each scalar (key or value) of the YAML text starts and ends, as (line, column)."""
    import yaml

    ranges = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark, token.end_mark
                ranges.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))
    except yaml.YAMLError:
        pass  # the scalars before the error are known; that is what the file lets us know
    return ranges


def suppressed_lines(found: Iterable[Directive]) -> dict[int, frozenset[str]]:
    """Line number -> the rule names and codes that its comment suppresses."""
    return {
        directive.line: frozenset(name for name, _ in directive.names)
        for directive in found
        if directive.names
    }


def apply(found: Iterable[Directive], findings: Iterable[Finding]) -> list[Finding]:
    """The findings that none of the directives `found` (in a document) silences."""
    lines = suppressed_lines(found)
    if not lines:
        return list(findings)
    kept = []
    for finding in findings:
        names = lines.get(finding.span.line)
        if names and (finding.name in names or finding.code in names):
            continue
        kept.append(finding)
    return kept
