"""Where things are, in LSP's terms: a position is a 0-based line and a column counted in
UTF-16 code units (the protocol's default encoding); lpmanifest's spans count 1-based lines
and columns in characters. One index per text converts both ways.

Lines end at "\\n" (a "\\r" before it is part of its line, as in lpmanifest's spans, and a
column past it never arises); a character outside the Basic Multilingual Plane is two UTF-16
units, every other one is one.
"""

from __future__ import annotations

import bisect

from lsprotocol import types

from lpmanifest.findings.model import Span
from lpmanifest.source.document import line_starts


class LineIndex:
    """Offsets and LSP positions of one text."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = line_starts(text)

    def _line_text(self, line: int) -> str:
        start = self._starts[line]
        end = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self.text)
        return self.text[start:end]

    def position(self, offset: int) -> types.Position:
        """The LSP position of a character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        before = self.text[self._starts[line] : offset]
        return types.Position(line, _utf16_length(before))

    def offset(self, position: types.Position) -> int:
        """The character offset of an LSP position (a column past the line's end is its end;
        a line past the text is its end)."""
        if position.line >= len(self._starts):
            return len(self.text)
        line = max(0, position.line)
        text = self._line_text(line)
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return self._starts[line] + index
            units += 2 if ord(char) > 0xFFFF else 1
        return self._starts[line] + len(text)

    def span_range(self, span: Span) -> types.Range:
        """The LSP range of a span (1-based line and column in characters, end exclusive)."""
        return types.Range(
            self._point(span.line, span.column), self._point(span.end_line, span.end_column)
        )

    def _point(self, line: int, column: int) -> types.Position:
        index = max(0, line - 1)
        if index >= len(self._starts):
            return self.position(len(self.text))
        text = self._line_text(index)
        chars = max(0, min(column - 1, len(text)))
        return types.Position(index, _utf16_length(text[:chars]))


def _utf16_length(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
