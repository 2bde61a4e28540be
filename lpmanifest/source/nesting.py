"""How deep a text nests, measured on the text itself, before any parser reads it.

Parsers have limits of their own, and they change between releases: libyaml (inside PyYAML's
wheels since 6.0.4) refuses more than 1,000 levels with a scanner error, older releases
recursed on the C stack until the process died, and the C JSON decoder stops at the
interpreter's recursion limit. lpmanifest's own limit (`input-too-large` where the level
past it opens) must not depend on any of them, so it is measured here, by code of our own.

Nearly every manifest has a cheap upper bound within the limit and is not scanned at all;
the others are scanned once, and the scan stops at the first level too many. The loader
imports this module only for a text that needs it (every YAML text, and JSON with more
brackets than the limit).
"""

from __future__ import annotations

import re

# -- JSON ------------------------------------------------------------------------------------

# A string (whose brackets are text) or a bracket; everything else falls between matches.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def json_too_deep(text: str, limit: int) -> int | None:
    """The offset of the first `[` or `{` that opens level `limit + 1`, or None."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        char = match.group()[0]
        if char == "[" or char == "{":
            depth += 1
            if depth > limit:
                return match.start()
        elif char != '"':
            depth = max(depth - 1, 0)
    return None


def json_unclosed(text: str) -> int | None:
    """The offset of the innermost `[` or `{` that the text never closes, or None."""
    opened: list[int] = []
    for match in _JSON_TOKEN.finditer(text):
        char = match.group()[0]
        if char == "[" or char == "{":
            opened.append(match.start())
        elif char != '"' and opened:
            opened.pop()
    return opened[-1] if opened else None


# -- YAML ------------------------------------------------------------------------------------

# What YAML 1.1 (and so PyYAML) takes for a line break, and for white space.
_BREAKS = "\r\n\x85\u2028\u2029"
_WHITE = " \t" + _BREAKS
_LINE_END = re.compile(f"[{_BREAKS}]")
# An indicator that opens or continues a block collection: `- `, `? `, `: ` (or at a line's end).
_INDICATOR = re.compile(f"[-?:](?:[ \\t]+|(?=[{_BREAKS}])|\\Z)")
# A line's indentation and the indicators that follow it (`- - a: 1` has two): on the first
# line, and after each line break.
_CHAIN = f"(?:(?:[-?:]|---)(?:[ \\t]+|(?=[{_BREAKS}])|\\Z))*"
_FIRST_PREFIX = re.compile(f"[ ]*{_CHAIN}")
_LINE_PREFIX = re.compile(f"[{_BREAKS}]([ ]*{_CHAIN})")
_DOUBLE_QUOTED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_SINGLE_QUOTED = re.compile(r"'[^']*(?:''[^']*)*'")
# A property before a node: an anchor `&a` or a tag `!t`, `!!str`, `!<tag:x>`.
_PROPERTY = re.compile(f"[&!][^ \\t,\\[\\]{{}}{_BREAKS}]*[ \\t]*")
_FLOW_SPACE = re.compile(f"[{_WHITE}]*")
_FLOW_WORD = re.compile(f"[^{_WHITE},\\[\\]{{}}]+")


def yaml_depth_bound(text: str, stop_above: int | None = None) -> int:
    """An upper bound of how deep the YAML text nests, from counts alone (once it passes
    `stop_above`, any number past it).

    A flow collection needs a bracket of its own. A block collection starts at a column: a
    line's indentation, or just after a `- `, `? ` or `: ` at the start of its line. Inside
    a collection a nested one starts further right, except a sequence written level with
    the keys of the mapping that holds it, whose own entries are further right again: block
    nesting is at most twice the number of such columns.
    """
    brackets = text.count("[") + text.count("{")
    if stop_above is not None and brackets > stop_above:
        return brackets
    first = _FIRST_PREFIX.match(text)
    assert first is not None
    columns: set[int] = set()
    for prefix in {first.group(), *_LINE_PREFIX.findall(text)}:
        indent = len(prefix) - len(prefix.lstrip(" "))
        columns.add(indent)
        for indicator in _INDICATOR.finditer(prefix, indent):
            columns.add(indicator.end())
            if stop_above is not None and brackets + 2 * len(columns) > stop_above:
                break
        if stop_above is not None and brackets + 2 * len(columns) > stop_above:
            break
    return brackets + 2 * len(columns)


def yaml_too_deep(text: str, limit: int) -> int | None:
    """The offset where the YAML text opens level `limit + 1`, or None.

    The levels are the collections a parser composes: block mappings and sequences by their
    columns, as the parser's stack of indents sees them, flow collections by their brackets.
    Scalars (quoted, plain, literal and folded) and comments are skipped, so the brackets
    and dashes inside them do not count. Text that is not valid YAML is measured as far as
    it can be; the parser says what is wrong with it.
    """
    if _prefixes_shorter_than(text, (limit - text.count("[") - text.count("{")) // 2):
        return None
    if yaml_depth_bound(text, stop_above=limit) <= limit:
        return None
    return _YamlNesting(text, limit).measure()


# Each byte of a text's UTF-8 as the bound of `_prefixes_shorter_than` sees it: a character a
# line's prefix may hold (`s`), a line break (every byte of a character past ASCII too,
# which only makes more lines), or anything else (`x`).
_PREFIX_BYTES = bytes(
    ord("s")
    if chr(byte) in " \t-?:"
    else ord("\n")
    if byte >= 0x80 or chr(byte) in "\r\n"
    else ord("x")
    for byte in range(256)
)


def _prefixes_shorter_than(text: str, size: int) -> bool:
    """Is every line's prefix shorter than `size - 1` characters? Then `yaml_depth_bound` is
    within `brackets + 2 * size`: the columns it counts are each at most a prefix's length
    (a prefix is a line's spaces and the indicators after them, all of ` \t-?:`), so there
    are at most `size - 1` of them. A few byte operations in C, where the bound runs a
    regular expression over every line: nearly every manifest needs no more.
    """
    if size <= 1:
        return False
    lines = text.encode("utf-8", "surrogatepass").translate(_PREFIX_BYTES)
    run = b"s" * (size - 1)
    return not (lines.startswith(run) or b"\n" + run in lines)


class _TooDeep(Exception):
    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


# A YAML key is one line of at most 1,024 characters (a flow collection can be one).
_MAX_KEY = 1024


class _YamlNesting:
    """One pass over the lines of a YAML text, keeping the open block collections.

    Where a level opens is where the parser's node starts: at its first property (`&a`,
    `!!map`) if it has one, even on a line above, else at its `-`, key or bracket.
    """

    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.limit = limit
        # The open block collections: (column, is a sequence, written level with its keys).
        self.blocks: list[tuple[int, bool, bool]] = []
        # Where the properties of the node to come began, when they end their line.
        self.property_at: int | None = None

    def measure(self) -> int | None:
        try:
            self._lines()
        except _TooDeep as deep:
            return deep.offset
        return None

    # -- levels ------------------------------------------------------------------------------
    def _block(self, pos: int, is_sequence: bool, start: int | None = None) -> None:
        """A block entry (`- `) or key at `pos`: it belongs to the innermost collection at
        its column, or opens a new one there, which starts at `start` (default `pos`)."""
        pending, self.property_at = self.property_at, None
        column = self._column(pos)
        blocks = self.blocks
        while blocks and blocks[-1][0] > column:
            blocks.pop()
        indentless = False
        if blocks and blocks[-1][0] == column:
            if blocks[-1][1] == is_sequence or not is_sequence:
                return  # one more entry or key (or a key among dashes: a syntax error)
            indentless = True  # a sequence level with the keys of its mapping
        if len(blocks) >= self.limit:
            raise _TooDeep(pending if pending is not None else pos if start is None else start)
        blocks.append((column, is_sequence, indentless))

    def _unwind(self, indent: int, is_entry: bool) -> None:
        """A line at `indent` closes the collections to its right."""
        blocks = self.blocks
        while blocks and blocks[-1][0] > indent:
            blocks.pop()
        if blocks and blocks[-1][2] and blocks[-1][0] == indent and not is_entry:
            blocks.pop()  # a line that is not `- ` ends a sequence level with the keys

    def _parent_column(self) -> int:
        return self.blocks[-1][0] if self.blocks else -1

    # -- lines -------------------------------------------------------------------------------
    def _column(self, offset: int) -> int:
        text = self.text
        start = offset
        while start > 0 and text[start - 1] not in _BREAKS:
            start -= 1
        return offset - start

    def _line_end(self, pos: int) -> int:
        found = _LINE_END.search(self.text, pos)
        return found.start() if found else len(self.text)

    def _next_line(self, pos: int) -> int:
        """The start of the line after the one `pos` is on."""
        end = self._line_end(pos)
        return end + 2 if self.text.startswith("\r\n", end) else end + 1

    def _lines(self) -> None:
        text, size = self.text, len(self.text)
        pos = 0
        while pos < size:
            end = self._line_end(pos)
            content = pos
            while content < end and text[content] == " ":
                content += 1
            if content == end or text[content] == "#" or (content == pos and text[pos] == "%"):
                pos = self._next_line(pos)  # a blank line, a comment, a directive
                continue
            if (
                content == pos
                and text.startswith(("---", "..."), pos)
                and (pos + 3 == end or text[pos + 3] in " \t")
            ):
                self.blocks.clear()  # a document begins or ends
                self.property_at = None
                content = _spaces_end(text, pos + 3)
                if content >= end or text[content] == "#":
                    pos = self._next_line(pos)
                    continue
            else:
                is_entry = text[content] == "-" and _INDICATOR.match(text, content) is not None
                self._unwind(content - pos, is_entry)
            pos = self._next_line(self._node(content))

    def _node(self, pos: int) -> int:
        """The indicators at the start of a line, then its node; returns an offset on the
        last line that the node's text reaches."""
        text = self.text
        while (indicator := _INDICATOR.match(text, pos)) is not None:
            if text[pos] != ":":  # `: ` is the value of a `? ` key: nothing opens
                self._block(pos, is_sequence=text[pos] == "-")
            pos = indicator.end()
        if pos >= self._line_end(pos) or text[pos] == "#":
            return pos  # the node is on the lines below
        return self._content(pos, key_possible=True)

    def _content(self, pos: int, key_possible: bool) -> int:
        """A node's own text: properties, then a flow collection, a block scalar, a quoted
        or a plain scalar, any of which may turn out to be a key."""
        text = self.text
        # A key's column is that of its first property on the line (`&a key: v`); the node
        # starts at the first of its properties, on this line or above.
        first = pos
        start = self.property_at if self.property_at is not None else pos
        self.property_at = None
        while (prop := _PROPERTY.match(text, pos)) is not None:
            pos = prop.end()
            if pos >= self._line_end(pos) or text[pos] == "#":
                self.property_at = start  # the node is on the lines below
                return pos
        char = text[pos]
        if char == "[" or char == "{":
            if key_possible and self._flow_key(pos):
                self._block(first, is_sequence=False, start=start)
                end = self._flow(pos, first)
                return self._value(_spaces_end(text, end) + 1)
            return self._flow(pos, start)
        if char == "|" or char == ">":
            return self._skip_lines(pos)
        if char == '"' or char == "'":
            quoted = (_DOUBLE_QUOTED if char == '"' else _SINGLE_QUOTED).match(text, pos)
            if quoted is None:
                return len(text)  # never closed: nothing after it can nest
            after = _spaces_end(text, quoted.end())
            if key_possible and _is_value_indicator(text, after):
                self._block(first, is_sequence=False, start=start)
                return self._value(after + 1)
            return quoted.end()
        end = self._line_end(pos)
        line = text[pos:end]
        comment = _comment_in(line)
        key = _key_end(line)
        if key_possible and key is not None and (comment is None or key < comment):
            self._block(first, is_sequence=False, start=start)
            return self._value(pos + key + 1)
        # A plain scalar goes on over the lines indented past its collection, unless a
        # comment ended it.
        return self._skip_lines(pos) if comment is None else end

    def _value(self, pos: int) -> int:
        """The value after a key's `:`, if it is on the same line."""
        text = self.text
        pos = _spaces_end(text, pos)
        if pos >= self._line_end(pos) or text[pos] == "#":
            return pos  # on the lines below
        return self._content(pos, key_possible=False)

    def _skip_lines(self, pos: int) -> int:
        """The lines after `pos` that are blank or indented past the innermost collection
        (a block scalar's, a plain scalar's); returns an offset on the last of them."""
        text, size = self.text, len(self.text)
        parent = self._parent_column()
        last = pos
        while True:
            start = self._next_line(last)
            if start >= size:
                return last
            end = self._line_end(start)
            content = start
            while content < end and text[content] == " ":
                content += 1
            if content < end and content - start <= parent:
                return last
            last = end

    def _flow_key(self, pos: int) -> bool:
        """Whether the flow collection at `pos` is a key: closed on its line, within a key's
        length, and followed by `:`."""
        stop = min(self._line_end(pos), pos + _MAX_KEY)
        end = self._flow(pos, pos, stop)
        return end < stop and _is_value_indicator(self.text, _spaces_end(self.text, end))

    def _flow(self, pos: int, start: int, stop: int | None = None) -> int:
        """A flow collection, from its opening bracket to the one that closes it (over any
        number of lines), whose node starts at `start`; returns the offset after it.

        Inside a flow sequence, an entry that is a key (`[a: b]`, `[? a]`) is a mapping of
        its own, one level deeper. With `stop`, only looks: no level is counted, and
        reading ends at `stop`.
        """
        text = self.text
        size = len(text) if stop is None else stop
        base = len(self.blocks)
        kinds: list[str] = []  # the open levels: "[", "{", or ":" for a one-pair mapping
        entries: list[int | None] = []  # where each level's current entry began
        node_start: int | None = start  # where the properties of the next node began
        in_plain = False  # inside a plain scalar, where quotes are text

        def open_level(kind: str, at: int) -> None:
            if stop is None and base + len(kinds) >= self.limit:
                raise _TooDeep(at)
            kinds.append(kind)
            entries.append(None)

        def pair(at: int | None) -> None:
            if kinds and kinds[-1] == "[" and at is not None:
                open_level(":", at)

        while True:
            pos = _FLOW_SPACE.match(text, pos, size).end()  # type: ignore[union-attr]
            if pos >= size:
                break
            char = text[pos]
            token = node_start if node_start is not None else pos
            if char == "#":
                pos = self._line_end(pos)
                in_plain = False
                continue
            if kinds and entries[-1] is None and char not in ",]}":
                entries[-1] = token
            if (char == '"' or char == "'") and not in_plain:
                pattern = _DOUBLE_QUOTED if char == '"' else _SINGLE_QUOTED
                quoted = pattern.match(text, pos, size)
                if quoted is None:
                    break  # never closed: nothing after it can nest
                pos, node_start = quoted.end(), None
                if _is_flow_value_indicator(text, _spaces_end(text, pos)):
                    pair(entries[-1] if entries else None)
            elif char == "[" or char == "{":
                open_level(char, token)
                pos, node_start, in_plain = pos + 1, None, False
            elif char == "]" or char == "}":
                if kinds and kinds[-1] == ":":
                    kinds.pop(), entries.pop()
                if kinds:
                    kinds.pop(), entries.pop()
                pos, node_start, in_plain = pos + 1, None, False
                if not kinds:
                    return pos
            elif char == ",":
                if kinds and kinds[-1] == ":":
                    kinds.pop(), entries.pop()
                if entries:
                    entries[-1] = None
                pos, node_start, in_plain = pos + 1, None, False
            else:
                word = _FLOW_WORD.match(text, pos, size)
                assert word is not None
                found = word.group()
                if found[0] in "&!":  # a property: the node comes next
                    node_start, in_plain = token, False
                elif found == "?":
                    pair(pos)
                    node_start, in_plain = None, False
                elif found.endswith(":"):  # a key's end (the `:` of `a:b` is text)
                    pair(entries[-1] if entries else None)
                    node_start, in_plain = None, False
                else:
                    node_start, in_plain = None, True
                pos = word.end()
        return size


def _spaces_end(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _is_value_indicator(text: str, pos: int) -> bool:
    """Whether a `:` at `pos` ends a key: followed by white space or the end."""
    return text.startswith(":", pos) and (pos + 1 == len(text) or text[pos + 1] in _WHITE)


def _comment_in(line: str) -> int | None:
    """Where a comment starts in a line of plain text (`#` after white space), if it does."""
    found = [index + 1 for index in (line.find(" #"), line.find("\t#")) if index >= 0]
    return min(found) if found else None


def _key_end(line: str) -> int | None:
    """Where the `:` that ends an implicit key stands in a line of plain text, if it does."""
    index = line.find(":")
    while index >= 0:
        if index + 1 == len(line) or line[index + 1] in " \t":
            return index
        index = line.find(":", index + 1)
    return None


def _is_flow_value_indicator(text: str, pos: int) -> bool:
    """Whether a `:` at `pos` ends a key inside a flow collection."""
    return text.startswith(":", pos) and (
        pos + 1 == len(text) or text[pos + 1] in _WHITE or text[pos + 1] in ",[]{}"
    )
