"""One loaded source: its text, its data, what went wrong loading it, and a line index."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import START_OF_FILE, Finding, JsonPath, RuleInfo, Span
from lpmanifest.findings.wording import inert, type_name
from lpmanifest.source.formats import BOM, Format
from lpmanifest.source.limits import TOO_DEEP
from lpmanifest.source.locations import Location

# Works out every path's location when one is first needed; set by the parser that loaded
# the document (JSON scans its text again; YAML reads the nodes it composed).
PositionScan = Callable[["Document"], Mapping[JsonPath, Location]]


class Plain(NamedTuple):
    """A scalar written plain (without quotes): YAML gave it a type from its words alone."""

    text: str  # the words, as YAML read them (`yes`, `010`, `1:30`)
    kind: str  # the type YAML 1.1 read them as: "bool", "int", "float", "null" or "str"


@dataclass(slots=True)
class Document:
    """One loaded source: its text, its data (None if it did not load) and what went wrong."""

    file: str
    format: Format
    text: str
    data: Any = None
    loaded: bool = False
    findings: list[Finding] = field(default_factory=list)
    has_bom: bool = False
    # The data was parsed from `text` (not handed over, nor merged from several files).
    from_text: bool = False
    # How YAML wrote its scalars: each plain one, by path (JSON has none that a reader
    # could take for another type; data without a source has none).
    plain: dict[JsonPath, Plain] = field(default_factory=dict, repr=False)
    # Every string value of the data, listed by the loader as it built it (and maybe more);
    # None where it listed none (data handed over, or merged).
    string_values: list[str] | None = field(default=None, repr=False, compare=False)
    # False only where the loader read no number with a fraction or an exponent.
    holds_floats: bool = field(default=True, repr=False, compare=False)
    _locations: Mapping[JsonPath, Location] | None = None
    # JSON's is a module-level function, so that a document sent to another process can
    # scan its text again there; YAML's positions travel resolved (`portable`).
    scan_positions: PositionScan | None = field(default=None, repr=False, compare=False)
    _line_starts: list[int] | None = None

    @property
    def implicit_booleans(self) -> list[JsonPath]:
        """The paths of the booleans YAML 1.1 read from a word other than true or false
        (`yes`, `no`, `on`, `off`), in the order of the text."""
        return [
            path
            for path, plain in self.plain.items()
            if plain.kind == "bool" and plain.text.lower() not in ("true", "false")
        ]

    @property
    def verbatim(self) -> bool:
        """Is every key and string of the data written as is in the text? Where the data was
        parsed from it and it holds no backslash (no escapes; YAML folds only at spaces)."""
        return self.from_text and "\\" not in self.text

    # -- positions -------------------------------------------------------------------
    @property
    def locations(self) -> Mapping[JsonPath, Location]:
        if self._locations is None:
            scan = self.scan_positions
            self._locations = scan(self) if scan is not None and self.loaded else {}
        return self._locations

    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts

    def point(self, offset: int) -> Span:
        """The zero-width span at `offset` (clamped to the end of the text)."""
        span = self.span_of(min(offset, len(self.text)), min(offset, len(self.text)))
        return Span.point(span.line, span.column)

    def span_of(self, start: int, end: int) -> Span:
        starts = self.line_starts()
        line = bisect.bisect_right(starts, start)
        end_line = bisect.bisect_right(starts, end)
        return Span(line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1)

    def locate(self, path: JsonPath) -> Location | None:
        """The location of `path`, or of its nearest ancestor that has one."""
        locations = self.locations
        for size in range(len(path), -1, -1):
            found = locations.get(path[:size])
            if found is not None:
                return found
        return None

    def value_span(self, path: JsonPath) -> Span:
        found = self.locate(path)
        return found.value if found else START_OF_FILE

    def key_span(self, path: JsonPath) -> Span:
        """The key's span (the value's for array items and the root)."""
        found = self.locate(path)
        if found is None:
            return START_OF_FILE
        return found.key or found.value

    def portable(self, keep_source: bool) -> Document:
        """A copy to send to another process: only what a report of it needs.

        Without `keep_source` (a file without findings) that is the name alone. JSON's
        positions are left to be scanned again where they are needed; YAML's cannot be
        (they come from the parser's nodes, which stay here), so they travel resolved.
        """
        if not keep_source:
            return Document(self.file, self.format, "")
        copy = replace(self, _line_starts=None, string_values=None)
        if self.format == "yaml":
            copy._locations, copy.scan_positions = self.locations, None
        elif self.scan_positions is not None:
            copy._locations = None
        return copy

    @property
    def source(self) -> str:
        """The text as the file holds it: with the byte order mark that `text` leaves out."""
        return BOM + self.text if self.has_bom else self.text

    def lines(self) -> list[str]:
        lines = self.text.split("\n")
        if len(lines) > 1 and not lines[-1]:
            lines.pop()  # the final newline ends the last line; it does not start one
        return lines


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def new_finding(
    doc: Document,
    rule: RuleInfo,
    span: Span,
    path: JsonPath,
    message: str,
    help: str | None = None,
) -> Finding:
    return rule.finding(doc.file, span, path, message, help)


def too_deep(doc: Document, span: Span) -> Finding:
    return new_finding(doc, load_rules.INPUT_TOO_LARGE, span, (), TOO_DEEP)


def not_an_object(doc: Document) -> Finding:
    """The root of a loaded document (or of data handed over) is not an object."""
    return new_finding(
        doc,
        load_rules.NOT_AN_OBJECT,
        doc.value_span(()),
        (),
        f"the manifest is {type_name(doc.data)}; it must be an object of keys and values",
        help="a manifest starts with `{` in JSON, or with `key: value` lines in YAML",
    )


def duplicate_key(doc: Document, path: JsonPath, span: Span, first: Span) -> Finding:
    key = path[-1]
    finding = new_finding(
        doc,
        load_rules.DUPLICATE_KEY,
        span,
        path,
        f"the key {inert(str(key))!r} appears twice in the same object",
        help=f"the first is at line {first.line}; a JSON reader keeps only the last one",
    )
    return replace(finding, related=((first, f"the first {inert(str(key))!r}"),))
