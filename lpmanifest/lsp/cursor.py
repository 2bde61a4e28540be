"""Where a cursor stands in a manifest's structure: the collection it is in, and whether it is
on a key, on a value or on neither. Hover and completion ask it, for text a person is typing.

That text is usually incomplete (a half-typed key, a missing colon or brace, an unterminated
string), and json and PyYAML stop at the first error. So this is a tolerant scanner of its
own: it reads the text once, from the start to the cursor and on to the end of the word under
it, keeping only the stack of open collections (linear however broken the text is). JSON nests
by brackets; YAML by indentation (block style) and by brackets (flow style, read like JSON
with plain words). No pygls here: the server converts LSP positions to offsets.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from lpmanifest.findings.model import JsonPath
from lpmanifest.source.formats import BOM, Format

Role = Literal["key", "value", "none"]


class Cursor(NamedTuple):
    """Where a cursor stands, and the word a completion would replace.

    `path` is the container: the object whose key is under the cursor, or the object or
    array that holds the value under it. `role` says which: "key" (on or typing a key of the
    object at `path`; `key` is the whole key, "" when none is typed yet), "value" (on or
    typing the value of `key` in the object at `path`, or an item of the array at `path`
    with `key` None) or "none" (a comment, or nowhere useful). `start` and `end` bound the
    word (a key, or a scalar value without its quotes), `start == end == offset` when nothing
    is typed yet; `prefix` is the part before the cursor, unquoted.
    """

    path: JsonPath
    role: Role
    key: str | None
    start: int
    end: int
    prefix: str


def cursor_at(text: str, format: Format, offset: int) -> Cursor:
    """Where `offset` (an index into `text`, clamped to it) stands in the manifest."""
    offset = min(max(offset, 0), len(text))
    if format == "json":
        return _json_cursor(text, offset)
    return _Block(text, offset).run()


# -- Words --------------------------------------------------------------------------------------

_BREAK = re.compile(r"[\r\n]")
_SPACES = re.compile(r"[ \t]*")
_FLOW_SPACE = re.compile(r"[ \t\r\n]*")
_PUNCTUATION = "{}[],:"

_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))", re.DOTALL)
_JSON_ESCAPED = dict(zip('bfnrt/"\\', '\b\f\n\r\t/"\\', strict=True))
_YAML_ESCAPE = re.compile(r"(?as)\\(?:x([\da-fA-F]{2})|u([\da-fA-F]{4})|U([\da-fA-F]{8})|(.))")
_YAML_ESCAPED = dict(zip("0ave\t N_LP", "\0\a\v\x1b\t \x85\xa0\u2028\u2029", strict=True))
_YAML_ESCAPED.update(_JSON_ESCAPED)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_unescape(match: re.Match[str]) -> str:
    code, char = match.groups()
    return chr(int(code, 16)) if code else _JSON_ESCAPED.get(char, match.group())


def _yaml_unescape(match: re.Match[str]) -> str:
    if match.group(4) is not None:
        return _YAML_ESCAPED.get(match.group(4), match.group())
    point = int(match.group(1) or match.group(2) or match.group(3), 16)
    return chr(point) if point < 0x110000 else match.group()


def _unquote(raw: str, quote: str, yaml: bool) -> str:
    """A word as it reads: escapes of a double-quoted string decoded, a single-quoted
    string's doubled quotes single; left as written where an escape is unfinished."""
    if quote == "'":
        return raw.replace("''", "'")
    if quote != '"' or "\\" not in raw:
        return raw
    if yaml:
        return _YAML_ESCAPE.sub(_yaml_unescape, raw)
    decoded = _JSON_ESCAPE.sub(_json_unescape, raw)
    if _SURROGATE.search(decoded):  # a pair written as two escapes is one character
        decoded = decoded.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    return decoded


def _match_end(pattern: re.Pattern[str], text: str, pos: int, end: int | None = None) -> int:
    """Where `pattern`, matched at `pos`, stops (at `pos` when it does not match)."""
    found = pattern.match(text, pos, len(text) if end is None else end)
    return found.end() if found else pos


def _line_end(text: str, pos: int) -> int:
    found = _BREAK.search(text, pos)
    return found.start() if found else len(text)


def _after_break(text: str, end: int) -> int:
    return end + 2 if text.startswith("\r\n", end) else end + 1


# -- Brackets: JSON, and YAML's flow style ------------------------------------------------------

# What a bracketed collection expects next: a key, the colon after it, a value, a comma.
_KEY, _COLON, _VALUE, _AFTER = range(4)


class _Bracket:
    """An open `{` or `[`: its key or index in its parent (the path is built from these
    once, for the Cursor: a path kept by each would cost the square of the depth), what it
    expects next, its current key or index."""

    __slots__ = ("index", "is_object", "key", "part", "state")

    def __init__(self, is_object: bool, part: str | int) -> None:
        self.is_object, self.part, self.key, self.index = is_object, part, "", 0
        self.state = _KEY if is_object else _VALUE


class _Flow:
    """The stack of open brackets, fed one token at a time. A string or word is a key or a
    value by where it stands, so a missing comma or colon costs one word, not the rest."""

    __slots__ = ("base", "done", "frames", "last", "offset", "opened", "text", "yaml")

    def __init__(self, text: str, offset: int, base: JsonPath, yaml: bool) -> None:
        self.text, self.offset, self.base, self.yaml = text, offset, base, yaml
        self.frames: list[_Bracket] = []
        self.opened = [0, 0]  # arrays and objects open: a stray closer is ignored at once
        self.done = False  # the outermost value is complete
        self.last = 0  # where the last token fed ended

    def punctuation(self, char: str) -> bool:
        """Feed a bracket, comma or colon; whether it closed the outermost collection."""
        frames = self.frames
        if char == "{" or char == "[":
            is_object = char == "{"
            if frames:
                top = frames[-1]
                if not top.is_object and top.state == _AFTER:
                    top.index += 1  # a comma is missing
                part: str | int = top.key if top.is_object else top.index
                top.state = _AFTER
            else:
                part = ""  # the outermost: at `base`
            frames.append(_Bracket(is_object, part))
            self.opened[is_object] += 1
        elif char == "}" or char == "]":
            is_object = char == "}"
            if not self.opened[is_object]:
                return False
            while True:  # close what is left open inside it too
                frame = frames.pop()
                self.opened[frame.is_object] -= 1
                if frame.is_object == is_object:
                    break
            if not frames:
                self.done = True
                return True
        elif frames:
            top = frames[-1]
            if char == ",":
                if top.is_object:
                    top.state, top.key = _KEY, ""
                else:
                    top.state, top.index = _VALUE, top.index + 1
            elif top.is_object:
                top.state = _VALUE
        return False

    def scalar(self, start: int, end: int, quote: str) -> None:
        """Feed a string or word that is not under the cursor."""
        if not self.frames:
            self.done = True
            return
        top = self.frames[-1]
        if top.is_object:
            if top.state == _VALUE:
                top.state = _AFTER
            else:  # where a key goes (after a key without its colon, a new key)
                top.key = _unquote(self.text[start:end], quote, self.yaml)
                top.state = _COLON
        else:
            if top.state == _AFTER:
                top.index += 1
            top.state = _AFTER

    def path(self) -> JsonPath:
        """The path of the innermost open bracket."""
        return (*self.base, *(frame.part for frame in self.frames[1:]))

    def word(self, start: int, end: int, quote: str) -> Cursor:
        """The cursor on a string (between its quotes) or a word."""
        text, offset = self.text, self.offset
        prefix = _unquote(text[start:offset], quote, self.yaml)
        top = self.frames[-1] if self.frames else None
        if top is None and self.done:
            return self.empty("none", None)
        if top is not None and top.is_object and top.state != _VALUE:
            key = _unquote(text[start:end], quote, self.yaml)
            return Cursor(self.path(), "key", key, start, end, prefix)
        holder = top.key if top is not None and top.is_object else None
        return Cursor(self.path(), "value", holder, start, end, prefix)

    def gap(self) -> Cursor:
        """The cursor between tokens: a key or value could start here, or nothing can."""
        if not self.frames:
            return self.empty("none" if self.done else "value", None)
        top = self.frames[-1]
        # After a value, a new line is where the next entry starts (its comma not yet typed).
        fresh_line = top.state == _AFTER and _BREAK.search(self.text, self.last, self.offset)
        if top.is_object:
            if top.state == _KEY or fresh_line:
                return self.empty("key", "")
            if top.state == _VALUE:
                return self.empty("value", top.key)
        elif top.state == _VALUE or fresh_line:
            return self.empty("value", None)
        return self.empty("none", None)

    def empty(self, role: Role, key: str | None) -> Cursor:
        """The cursor where nothing is typed (yet)."""
        return Cursor(self.path(), role, key, self.offset, self.offset, "")


# A JSON string (it ends at its line's end when unterminated), a punctuation mark, a word.
_JSON_TOKEN = re.compile(
    r'"([^"\\\r\n]*(?:\\[^\r\n]?[^"\\\r\n]*)*)"?|[{}\[\],:]|[^ \t\r\n{}\[\],:"]+'
)


def _json_cursor(text: str, offset: int) -> Cursor:
    flow = _Flow(text, offset, (), yaml=False)
    for match in _JSON_TOKEN.finditer(text, 1 if text.startswith(BOM) else 0):
        start = match.start()
        char = text[start]
        if char == '"':
            end = match.end(1)
            if start < offset <= end:
                return flow.word(start + 1, end, char)
            if start >= offset:
                break
            flow.scalar(start + 1, end, char)
        elif char in _PUNCTUATION:
            if start >= offset:
                break
            flow.punctuation(char)
        else:
            end = match.end()
            if offset <= end:  # the cursor is before the word, at its start or in it
                if start <= offset:
                    return flow.word(start, end, "")
                break
            flow.scalar(start, end, "")
        flow.last = match.end()
    return flow.gap()


# A plain scalar in a flow collection: words and the spaces between them, up to a flow
# indicator, a `: ` or a ` #`; a `:` between two characters is one of them (`https://x`).
_FLOW_STOP = " \\t\\r\\n,\\[\\]{}"
_FLOW_CHAR = f"(?:[^{_FLOW_STOP}:]|:(?=[^{_FLOW_STOP}]))"
_FLOW_NEXT = f"[ \\t]+(?:[^{_FLOW_STOP}:#]|:(?=[^{_FLOW_STOP}]))"
_FLOW_WORD = re.compile(f"[^{_FLOW_STOP}:\"']{_FLOW_CHAR}*(?:{_FLOW_NEXT}{_FLOW_CHAR}*)*")

# -- YAML's block style -------------------------------------------------------------------------

# A plain scalar in block style, on one line: up to a `: `, a `:` at the line's end or a ` #`.
_BLOCK_CHAR = "(?:[^ \\t\\r\\n:]|:(?=[^ \\t\\r\\n]))"
_BLOCK_PLAIN = re.compile(
    f"(?:{_BLOCK_CHAR}+(?:[ \\t]+(?:[^ \\t\\r\\n:#]|:(?=[^ \\t\\r\\n])){_BLOCK_CHAR}*)*)?"
)
# The rest of a plain scalar's line, where it continues from the line above.
_CONTINUED = re.compile(r"[^ \t\r\n]+(?:[ \t]+[^ \t\r\n#][^ \t\r\n]*)*")
# What is left of a quoted scalar on its line, up to its closing quote.
_DOUBLE_REST = re.compile(r'[^"\\\r\n]*(?:\\[^\r\n]?[^"\\\r\n]*)*')
_SINGLE_REST = re.compile(r"[^'\r\n]*(?:''[^'\r\n]*)*")
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*(?=[ \t]|$)")
_PROPERTIES = re.compile(r"(?:[&!][^ \t\r\n]*[ \t]*)+")
_DOCUMENT = re.compile(r"(?:---|\.\.\.)(?=[ \t]|$)")

# What a block collection's last entry holds: nothing yet (a collection may follow), a scalar
# on its line (a deeper line continues it), a collection, a literal or folded scalar.
_PENDING, _INLINE, _NESTED, _LITERAL = range(4)


class _Node:
    """A block mapping or sequence: its column, its key or index in its parent and its
    depth in the stack (the path is built from these, as a bracket's), its last entry."""

    __slots__ = ("after", "depth", "indent", "index", "is_map", "key", "part")

    def __init__(self, indent: int, is_map: bool, part: str | int, depth: int) -> None:
        self.indent, self.is_map, self.part, self.depth = indent, is_map, part, depth
        self.key, self.index, self.after = "", -1, _NESTED

    def child(self) -> str | int:
        """The key or index of what the last entry holds."""
        return self.key if self.is_map else max(self.index, 0)

    def holder(self) -> str | None:
        """The key that holds this collection's last value; None for an item."""
        return self.key if self.is_map else None


class _Block:
    """YAML, line by line to the cursor's line: the stack of block collections by column,
    with flow collections and scalars that span lines read in one go."""

    def __init__(self, text: str, offset: int) -> None:
        self.text, self.offset = text, offset
        self.stack: list[_Node] = []
        self.literal: _Node | None = None  # the node whose literal or folded scalar is open

    def run(self) -> Cursor:
        text, offset = self.text, self.offset
        pos = 1 if text.startswith(BOM) else 0
        while offset >= pos:
            found = self._line(pos, _line_end(text, pos))
            if isinstance(found, Cursor):
                return found
            if found >= len(text):
                break
            pos = _after_break(text, found)
        return self._none()  # before a BOM, or between the two characters of a CRLF

    def _line(self, start: int, end: int) -> Cursor | int:
        """Read one line (or the lines an entry spans): the Cursor when the offset is in it,
        else the end of the last line read."""
        text, offset = self.text, self.offset
        first = _match_end(_SPACES, text, start, end)
        literal = self.literal
        if literal is not None:
            if first == end or first - start > literal.indent:
                return self._literal_line(literal, first, end) if offset <= end else end
            self.literal = None
        if first == end or text[first] == "#":
            if offset > end:
                return end
            if first < offset:  # in the comment: its column decides the container
                return self._blank(first - start)._replace(role="none", key=None)
            return self._blank(offset - start)
        if offset < first:
            return self._none()
        if first == start and (_DOCUMENT.match(text, first, end) or text[first] == "%"):
            self.stack.clear()
            return self._rest(end)
        pos, seq = first, None
        while text[pos] == "-" and (pos + 1 == end or text[pos + 1] in " \t"):
            node = self._enter(pos - start, True)
            if node is None:
                return self._continued(pos, end)
            node.index += 1
            node.after, seq = _PENDING, node
            after = _match_end(_SPACES, text, pos + 1, end)
            if offset < after or after == end:
                if after == end and offset >= pos + 2:
                    return Cursor(self._path(node), "value", None, offset, offset, "")
                return self._none() if offset <= end else end
            pos = after
        char = text[pos]
        if seq is not None and char in "[{|>&!#":
            return self._value(seq, pos, end)
        if char in "[{":
            top = self.stack[-1] if self.stack else None
            if top is None:
                return self._flow(pos, end, (), -1)
            top.after = _NESTED
            return self._flow(pos, end, self._child(top), top.indent)
        if char in "\"'":
            begin, stop, after, end = pos + 1, *self._quoted(pos, end, None)
        else:
            begin = pos
            stop = after = _match_end(_BLOCK_PLAIN, text, pos, end)
        colon = _match_end(_SPACES, text, after, end)
        is_key = text.startswith(":", colon) and (colon + 1 >= end or text[colon + 1] in " \t")
        if seq is not None and not is_key:  # an item's scalar (it may go on to the next lines)
            return self._value(seq, pos, end)
        node = self._enter(pos - start, False)
        if node is None:
            return self._continued(pos, end)
        node.key = _unquote(text[begin:stop], char, True)
        node.after = _PENDING  # without its colon yet, a key all the same
        if offset <= stop:
            return self._word(self._path(node), "key", None, begin, stop, char)
        if not is_key:
            return self._rest(end)
        if offset <= colon:
            return self._none()
        return self._value(node, colon + 1, end)

    def _value(self, node: _Node, pos: int, end: int) -> Cursor | int:
        """Read what follows a key's colon or an item's dash."""
        text, offset = self.text, self.offset
        key = node.holder()
        pos = _match_end(_SPACES, text, pos, end)
        if pos < end and text[pos] in "&!":  # an anchor or a tag, before the value
            properties = _match_end(_PROPERTIES, text, pos, end)
            if pos < offset < properties:
                return self._none()
            pos = properties
        if pos == end or text[pos] == "#" or offset < pos:
            if offset <= pos:
                return Cursor(self._path(node), "value", key, offset, offset, "")
            return self._rest(end)
        char = text[pos]
        if char in "[{":
            node.after = _NESTED
            return self._flow(pos, end, self._child(node), node.indent)
        if char in "|>" and _BLOCK_HEADER.match(text, pos, end):
            node.after, self.literal = _LITERAL, node
            return self._rest(end)
        if char in "\"'":
            begin, stop, _, end = pos + 1, *self._quoted(pos, end, node.indent)
        else:
            begin, stop = pos, _match_end(_BLOCK_PLAIN, text, pos, end)
        node.after = _INLINE
        if offset <= stop:
            return self._word(self._path(node), "value", key, begin, stop, char)
        return self._rest(end)

    def _enter(self, column: int, dash: bool) -> _Node | None:
        """The collection an entry at `column` belongs to (a dash's sequence, or a key's
        mapping), opened or closed as the indentation says; None when the line instead
        continues the scalar above it."""
        stack = self.stack
        if stack:
            top = stack[-1]
            if column > top.indent:
                if top.after == _PENDING:
                    return self._open(top, column, not dash)
                if top.after == _INLINE:
                    return None
            elif dash and column == top.indent and top.is_map and top.after == _PENDING:
                return self._open(top, column, False)  # a sequence level with its key
            while stack and (
                stack[-1].indent > column
                or (stack[-1].indent == column and not dash and not stack[-1].is_map)
            ):
                stack.pop()
        if not stack:
            stack.append(_Node(column, not dash, "", 1))
            return stack[-1]
        top = stack[-1]
        return top if top.is_map != dash else self._open(top, column, not dash)

    def _open(self, parent: _Node, column: int, is_map: bool) -> _Node:
        parent.after = _NESTED
        self.stack.append(_Node(column, is_map, parent.child(), len(self.stack) + 1))
        return self.stack[-1]

    def _continued(self, pos: int, end: int) -> Cursor | int:
        """A line that continues the plain scalar above it."""
        top = self.stack[-1]
        stop = _match_end(_CONTINUED, self.text, pos, end)
        if self.offset <= stop:
            return self._word(self._path(top), "value", top.holder(), pos, stop, "")
        return self._rest(end)

    def _blank(self, column: int) -> Cursor:
        """The cursor on an empty line: the indentation decides the collection."""
        stack, offset = self.stack, self.offset
        if stack and stack[-1].after == _PENDING and column > stack[-1].indent:
            return Cursor(self._child(stack[-1]), "key", "", offset, offset, "")
        depth = len(stack)
        while depth and stack[depth - 1].indent > column:
            depth -= 1
        node = stack[depth - 1] if depth else None
        if node is not None and not node.is_map:
            outer = stack[depth - 2] if depth > 1 else None
            if outer is None or not outer.is_map or outer.indent != node.indent:
                return Cursor(self._path(node), "value", None, offset, offset, "")
            node = outer  # a sequence level with the keys: a new key is likelier than a dash
        return Cursor(self._path(node) if node else (), "key", "", offset, offset, "")

    def _literal_line(self, node: _Node, first: int, end: int) -> Cursor:
        """The cursor on a line of a literal or folded scalar: its text is the word."""
        offset, path = self.offset, self._path(node)
        if offset < first:
            return Cursor(path, "value", node.holder(), offset, offset, "")
        stop = max(first + len(self.text[first:end].rstrip(" \t")), offset)
        return Cursor(path, "value", node.holder(), first, stop, self.text[first:offset])

    def _quoted(self, pos: int, end: int, within: int | None) -> tuple[int, int, int]:
        """A quoted scalar from its opening quote: where its text ends, where the scalar
        ends, and the end of its last line. It goes on to the next line while that line is
        indented past `within` (never when None); unterminated, it ends with its last line."""
        text = self.text
        rest = _DOUBLE_REST if text[pos] == '"' else _SINGLE_REST
        pos += 1
        while True:
            stop = _match_end(rest, text, pos, end)
            if stop < end:
                return stop, stop + 1, end
            if within is None:
                return end, end, end
            following = _match_end(_BLANK_LINES, text, end)  # the next line that is not blank
            following_end = _line_end(text, following)
            first = _match_end(_SPACES, text, following, following_end)
            if first == following_end or first - following <= within:
                return end, end, end
            pos, end = following, following_end

    def _flow(self, pos: int, end: int, base: JsonPath, within: int) -> Cursor | int:
        """A flow collection from its opening bracket to its closing one: the Cursor when
        the offset is in it, else the end of its last line. Unclosed, it ends before the
        next line not indented past `within`."""
        text, offset = self.text, self.offset
        flow = _Flow(text, offset, base, yaml=True)
        size = len(text)
        while True:
            start = _match_end(_FLOW_SPACE, text, pos)
            if _BREAK.search(text, pos, start):
                line = max(text.rfind("\n", pos, start), text.rfind("\r", pos, start)) + 1
                if start < size and text[start] != "#" and start - line <= within:
                    previous = line - 2 if text.startswith("\r\n", line - 2) else line - 1
                    return flow.gap() if offset <= previous else previous
            if start >= size:
                return flow.gap()
            char = text[start]
            if char in "\"'":
                stop, after, _ = self._quoted(start, _line_end(text, start), within)
                if start < offset <= stop:
                    return flow.word(start + 1, stop, char)
                if start >= offset:
                    return flow.gap()
                flow.scalar(start + 1, stop, char)
            elif char == "#" and (start > pos or text[start - 1] in " \t\r\n"):
                after = _line_end(text, start)
                if start < offset <= after:
                    return flow.empty("none", None)
                if start >= offset:
                    return flow.gap()
                pos = after
                continue
            elif char in _PUNCTUATION:
                if start >= offset:
                    return flow.gap()
                after = start + 1
                if flow.punctuation(char):
                    return self._rest(_line_end(text, after))
            else:
                after = self._flow_word(start, within)
                if start <= offset <= after:
                    return flow.word(start, after, "")
                if start >= offset:
                    return flow.gap()
                flow.scalar(start, after, "")
            pos = flow.last = after

    def _flow_word(self, start: int, within: int) -> int:
        """Where a plain scalar in a flow collection ends: it may go on to the next lines,
        indented past `within`."""
        text = self.text
        end = _match_end(_FLOW_WORD, text, start)
        while True:
            following = _match_end(_FLOW_SPACE, text, end)
            if following >= len(text) or not _BREAK.search(text, end, following):
                return end
            line = max(text.rfind("\n", end, following), text.rfind("\r", end, following)) + 1
            if following - line <= within or text[following] in "#,:[]{}\"'":
                return end
            end = _match_end(_FLOW_WORD, text, following)

    def _word(
        self, path: JsonPath, role: Role, key: str | None, start: int, end: int, quote: str
    ) -> Cursor:
        """The cursor on a key or scalar (or before a quoted one's opening quote)."""
        text, offset = self.text, self.offset
        if offset < start:
            return Cursor(path, role, "" if role == "key" else key, offset, offset, "")
        if role == "key":
            key = _unquote(text[start:end], quote, True)
        return Cursor(path, role, key, start, end, _unquote(text[start:offset], quote, True))

    def _rest(self, end: int) -> Cursor | int:
        """After the last word of a line: nothing useful until the line's end."""
        return self._none() if self.offset <= end else end

    def _none(self) -> Cursor:
        path = self._path(self.stack[-1]) if self.stack else ()
        return Cursor(path, "none", None, self.offset, self.offset, "")

    def _path(self, node: _Node) -> JsonPath:
        """The path of a node on the stack."""
        return tuple(below.part for below in self.stack[1 : node.depth])

    def _child(self, node: _Node) -> JsonPath:
        """The path of what a node's last entry holds."""
        return (*self._path(node), node.child())
