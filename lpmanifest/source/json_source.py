"""JSON text to data, with the positions of every path scanned only when something needs one,
and syntax errors that say what is written where the decoder stopped."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import START_OF_FILE, JsonPath, Span
from lpmanifest.findings.wording import inert
from lpmanifest.manifest import value_at
from lpmanifest.source.document import (
    Document,
    duplicate_key,
    line_starts,
    new_finding,
    too_deep,
)
from lpmanifest.source.limits import MAX_DEPTH, MAX_VALUES, limits_problem
from lpmanifest.source.locations import Location, Where


class _Duplicate(Exception):
    pass


class _Constant(Exception):
    """A number JSON cannot hold: NaN, Infinity, or one past a double's range (1e400)."""

    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal, self.message = literal, message


def _reject_constant(name: str) -> Any:
    raise _Constant(name, f"{name} is not valid JSON")


def _finite_float(literal: str) -> float:
    global _floats_read
    _floats_read += 1
    value = float(literal)
    if math.isinf(value):  # Python would read it as infinity, which JSON cannot hold
        raise _Constant(literal, f"{literal} is out of the range of numbers (it reads as infinity)")
    return value


# The string values of the document being decoded, listed by the hook that builds its
# objects (the decoder is C, and calls Python only there): every string value is held by an
# object, or by an array an object holds. One decoding at a time fills the list.
_listed: list[str] = []
_floats_read = 0  # and how many numbers with a fraction or an exponent were read
# And how many objects and arrays were built (those of an array at the root aside): no
# more of them than the limit of depth, and the document cannot be nested past it.
_containers_read = 0
_DECODING = threading.Lock()


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    global _containers_read
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate
    _containers_read += 1
    listed = _listed
    for _, value in pairs:
        kind = type(value)
        if kind is str:
            listed.append(value)
        elif kind is list:
            _list_items(value, listed)
    return result


def _list_items(items: list[Any], listed: list[str]) -> None:
    """The strings of an array (its objects listed theirs when they were built)."""
    global _containers_read
    _containers_read += 1
    for item in items:
        kind = type(item)
        if kind is str:
            listed.append(item)
        elif kind is list:
            _list_items(item, listed)


# Made once: `json.loads` with arguments builds a decoder per call.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_pairs, parse_constant=_reject_constant, parse_float=_finite_float
)


_LAST_KEY_WINS = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def load_json(doc: Document) -> None:
    global _listed, _floats_read, _containers_read
    duplicates = False
    containers = MAX_DEPTH + 1  # (unless counted below: measured)
    try:
        try:
            listed: list[str] = []
            with _DECODING:
                _listed, _floats_read, _containers_read = listed, 0, 0
                doc.data = _DECODER.decode(doc.text)
                doc.holds_floats = _floats_read > 0
                read = _containers_read
            # A root that is a string or an array holds strings (and arrays) no object listed.
            if type(doc.data) is dict:
                doc.string_values, containers = listed, read
        except _Duplicate:  # rare: decode again as any JSON reader would, and say where
            duplicates = True
            doc.data = _LAST_KEY_WINS.decode(doc.text)
    except json.JSONDecodeError as error:
        if _too_deep(doc):  # (the nesting is said first, whatever follows it)
            return
        message, offset, help = _json_problem(error, doc.text)
        span = doc.point(offset)
        doc.findings.append(new_finding(doc, load_rules.SYNTAX_ERROR, span, (), message, help))
        return
    except _Constant as constant:
        if _too_deep(doc):
            return
        # The scanner reads the literal as a token, so it can say where it is.
        where = _JsonScanner(doc.text, doc, (constant.literal,)).scan().constants
        span = doc.span_of(*where[0]) if where else START_OF_FILE
        doc.findings.append(
            new_finding(doc, load_rules.SYNTAX_ERROR, span, (), inert(constant.message))
        )
        return
    except RecursionError:  # (the decoder stops at the interpreter's recursion limit)
        if not _too_deep(doc):
            doc.findings.append(too_deep(doc, START_OF_FILE))
        return
    if containers > MAX_DEPTH and _too_deep(doc):
        doc.data, doc.string_values, doc.holds_floats = None, None, True
        return
    doc.loaded = doc.from_text = True
    doc.scan_positions = scan_positions
    # (Each bracket and comma is a character: a shorter text cannot reach the limit.)
    if len(doc.text) >= MAX_VALUES and _brackets(doc.text) + doc.text.count(",") >= MAX_VALUES:
        problem = limits_problem(doc.data)
        if problem is not None:
            doc.data, doc.loaded = None, False
            doc.findings.append(
                new_finding(doc, load_rules.INPUT_TOO_LARGE, START_OF_FILE, (), *problem)
            )
            return
    if duplicates:
        scan = _JsonScanner(doc.text, doc).scan()
        doc._locations = scan.locations
        for path, key_range, first in scan.duplicates:
            doc.findings.append(duplicate_key(doc, path, doc.span_of(*key_range), first))


def _brackets(text: str) -> int:
    return text.count("{") + text.count("[")


def _too_deep(doc: Document) -> bool:
    """Is the text nested past the limit? Then that is its one finding, where it goes past."""
    # Each level of nesting needs a bracket: a text with few of them is not measured.
    if _brackets(doc.text) <= MAX_DEPTH:
        return False
    from lpmanifest.source.nesting import json_too_deep

    deepest = json_too_deep(doc.text, MAX_DEPTH)
    if deepest is None:
        return False
    doc.findings.append(too_deep(doc, doc.point(deepest)))
    return True


def scan_positions(doc: Document) -> Mapping[JsonPath, Location]:
    """The locations of a JSON document the decoder accepted, each found when asked for."""
    return _JsonPositions(doc)


# JSON's white space, and the decoder's own C parts: a string read, a value skipped.
_WHITE = re.compile(r"[ \t\n\r]*")
_SKIP_VALUE: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    json.JSONDecoder()  # type: ignore[arg-type]
)
_READ_STRING: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

_MISSING = object()

# Where one member of an object or array stands: its key's offsets (None for an item),
# and its value's start and end.
_Member = tuple[tuple[int, int] | None, int, int]


class _JsonPositions(Mapping[JsonPath, Location]):
    """The locations of a JSON document's paths, each found when it is first asked for.

    Findings ask for a few paths; finding one reads only the objects and arrays on its way,
    each once, in C where it can (a key by the decoder's string reader, a value skipped by
    its scanner). Its keys are unique: a document with a duplicate key was scanned whole
    when it was loaded. Listing every path (which no report needs) scans the whole text.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._found: dict[JsonPath, Location | None] = {}
        self._members: dict[int, dict[str | int, _Member]] = {}

    def get(self, path: JsonPath, default: Any = None) -> Any:
        found = self._found.get(path, self)
        if found is self:
            found = self._found[path] = self._locate(path)
        return default if found is None else found

    def __getitem__(self, path: JsonPath) -> Location:
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(_JsonScanner(self.doc.text, self.doc).scan().locations)

    def __len__(self) -> int:
        return len(_JsonScanner(self.doc.text, self.doc).scan().locations)

    def _locate(self, path: JsonPath) -> Location | None:
        text = self.doc.text
        key_range: tuple[int, int] | None = None
        start = _skip_white(text, 0)
        end = len(text.rstrip(" \t\n\r"))  # the root ends the text: nothing follows it
        rest = path
        jump = self._written_once(path)
        if jump is not None:
            size, (key_range, start, end) = jump
            rest = path[size:]
        for part in rest:
            member = self._members_at(start).get(part)
            if member is None:
                return None
            key_range, start, end = member
        return Location.later(partial(_where, self.doc, key_range, start, end))

    def _written_once(self, path: JsonPath) -> tuple[int, _Member] | None:
        """The member at the deepest key of `path` that the text writes only once, and how
        many parts of the path that is: the scan starts there instead of at the root.

        In a verbatim document every key is written as it is, so a key the data has at that
        place, whose quoted form the whole text holds once, is written there.
        """
        if not self.doc.verbatim:
            return None
        text = self.doc.text
        for size in range(len(path), 0, -1):
            key = path[size - 1]
            if not isinstance(key, str):
                continue
            token = f'"{key}"'
            at = text.find(token)
            if at < 0 or text.find(token, at + 1) >= 0:
                continue
            if value_at(self.doc.data, path[:size], _MISSING) is _MISSING:
                return None  # not in the data: nothing deeper is either
            colon = _skip_white(text, at + len(token))
            if text[colon] != ":":
                return None  # (cannot be: the one place it is written is the key)
            value = _skip_white(text, colon + 1)
            return size, ((at, at + len(token)), value, _SKIP_VALUE(text, value)[1])
        return None

    def _members_at(self, start: int) -> dict[str | int, _Member]:
        """The members of the object or array whose text starts at `start` (none for a
        scalar), read once."""
        members = self._members.get(start)
        if members is not None:
            return members
        members = self._members[start] = {}
        text = self.doc.text
        opening = text[start]
        if opening != "{" and opening != "[":
            return members
        at = _skip_white(text, start + 1)
        index = 0
        while text[at] != "}" and text[at] != "]":
            key: str | int = index
            key_range = None
            if opening == "{":
                key, key_end = _READ_STRING(text, at + 1)
                key_range = (at, key_end)
                at = _skip_white(text, _skip_white(text, key_end) + 1)  # past the `:`
            end = _SKIP_VALUE(text, at)[1]
            members[key] = (key_range, at, end)
            index += 1
            at = _skip_white(text, end)
            if text[at] == ",":
                at = _skip_white(text, at + 1)
        return members


def _skip_white(text: str, at: int) -> int:
    """The offset of the first character from `at` on that is not white space."""
    if text[at] not in " \t\n\r":  # (most often: the regular expression is not needed)
        return at
    return _WHITE.match(text, at).end()  # type: ignore[union-attr]


def _where(doc: Document, key_range: tuple[int, int] | None, start: int, end: int) -> Where:
    span_of = doc.span_of
    key_span = span_of(*key_range) if key_range else None
    return key_span, span_of(start, end), key_range, (start, end)


# Habits of documentation and of other languages, named for what they are where the
# decoder stops: a type slot (`{string}`), an elision (`...`), words without quotes.
_TYPE_SLOT = re.compile(
    r"\{[ \t]*(string|boolean|bool|integer|int|number|array|object|url|uri)[ \t]*\}", re.I
)


_TYPE_EXAMPLES = {
    "string": 'a text in double quotes, such as "com.acme.app"',
    "boolean": "true or false",
    "bool": "true or false",
    "integer": "a whole number, such as 3",
    "int": "a whole number, such as 3",
    "number": "a number, such as 3",
    "array": 'a list in brackets, such as ["section"]',
    "object": "an object in braces",
    "url": 'a URL in double quotes, such as "https://hooks.acme.com/lp"',
    "uri": 'a URL in double quotes, such as "https://hooks.acme.com/lp"',
}


_ELISION = re.compile(r"\.\.\.|\u2026")


_BARE_WORD = re.compile(r"[A-Za-z_$][\w$.-]*")


_PYTHON_WORDS = {"True": "true", "False": "false", "None": "null", "TRUE": "true", "FALSE": "false"}


def _json_problem(error: json.JSONDecodeError, text: str) -> tuple[str, int, str | None]:
    """What is wrong where the decoder stopped: message, offset, help.

    The message says what is written there when that is certain (a trailing comma, single
    quotes, a documentation slot, the end of the text); it only asks when it cannot know.
    """
    msg, pos = error.msg, error.pos
    slot_at = pos  # the decoder stops inside a slot, past its `{`
    while slot_at and text[slot_at - 1] in " \t":
        slot_at -= 1
    if slot_at and text[slot_at - 1] == "{":
        slot_at -= 1
    slot = _TYPE_SLOT.match(text, slot_at)
    if slot is not None:
        kind = slot.group(1).lower()
        return (
            f"{inert(slot.group())} is the documentation's slot for a {kind} value, not JSON",
            slot_at,
            f"write the value itself: {_TYPE_EXAMPLES[kind]}",
        )
    if _ELISION.match(text, pos):
        return (
            "`...` stands for what the documentation left out of its example; "
            "a manifest must be complete JSON",
            pos,
            "write out the keys it stands for, or remove the line",
        )
    stripped_end = len(text.rstrip())
    previous = stripped_end if pos >= stripped_end else pos
    while previous > 0 and text[previous - 1] in " \t\r\n":
        previous -= 1
    before = text[previous - 1] if previous else ""
    expects_key = msg.startswith("Expecting property name")
    if pos >= stripped_end and (expects_key or msg == "Expecting value" or "delimiter" in msg):
        return _unclosed(text, pos)
    if expects_key or msg == "Expecting value":
        if before == "," and text[pos : pos + 1] in "}]":
            return (
                "a trailing comma: JSON allows no `,` after the last item",
                previous - 1,
                "remove this comma",
            )
        if text.startswith("'", pos):
            what = "key" if expects_key else "text"
            return (
                f"this {what} is in single quotes; JSON needs double quotes",
                pos,
                "write it in double quotes",
            )
        word = _BARE_WORD.match(text, pos)
        if word is not None:
            shown = inert(word.group())
            if expects_key:
                return (
                    f"the key {shown} is not in double quotes",
                    pos,
                    f'JSON keys are written in double quotes: "{shown}"',
                )
            if word.group() in _PYTHON_WORDS:
                right = _PYTHON_WORDS[word.group()]
                return f"{shown} is not JSON; JSON writes {right}", pos, f"write {right}"
            return (
                f"the text {shown} is not in double quotes",
                pos,
                f'JSON text values are written in double quotes: "{shown}"',
            )
        if expects_key:
            return "expected a key in double quotes", pos, 'write it as "client_name" is written'
        return (
            "expected a value",
            pos,
            "a value is text in double quotes, a number, true, false, null, an object or an array",
        )
    if msg.startswith("Expecting ',' delimiter"):
        if text.startswith('"', pos) and "\n" in text[previous:pos]:
            return (
                "a `,` is missing at the end of the line before this item",
                previous,
                "items of an object or array are separated by commas",
            )
        return (
            "expected `,` between items, or the end of the object or array",
            pos,
            ("separate items with `,`; an object ends with `}`, an array with `]`"),
        )
    if msg.startswith("Expecting ':' delimiter"):
        return "expected `:` after the key", pos, 'write "key": value'
    if msg.startswith("Unterminated string"):
        return (
            "this string is never closed with a double quote",
            pos,
            ("close it with a double quote"),
        )
    if msg.startswith("Invalid control character"):
        if text[pos : pos + 1] in "\r\n":
            return (
                "this string is not closed before the end of the line",
                pos,
                "close it with a double quote",
            )
        return "a raw control character in a string", pos, "write it as an escape such as \\t"
    if msg.startswith("Extra data"):
        return (
            "unexpected text after the end of the manifest",
            pos,
            ("a manifest is one JSON object: remove what follows its closing `}`"),
        )
    return inert(msg[:1].lower() + msg[1:]), pos, None


def _unclosed(text: str, pos: int) -> tuple[str, int, str | None]:
    """The text ends inside an object or array: say which one, where it opens."""
    from lpmanifest.source.nesting import json_unclosed

    opened = json_unclosed(text)
    if opened is None:
        return "the JSON ends before its value is complete", pos, "complete the value"
    starts = line_starts(text)
    line = bisect.bisect_right(starts, opened)
    column = opened - starts[line - 1] + 1
    what = "object" if text[opened] == "{" else "array"
    closer = "}" if what == "object" else "]"
    return (
        f"the text ends before the {what} that opens at line {line}, column {column} is closed",
        min(pos, len(text)),
        f"close it with `{closer}`",
    )


class _ScanResult:
    """What a scan found: every path's location, duplicate keys, and NaN-like literals."""

    __slots__ = ("constants", "duplicates", "locations")

    def __init__(self) -> None:
        self.locations: dict[JsonPath, Location] = {}
        self.duplicates: list[tuple[JsonPath, tuple[int, int], Span]] = []
        self.constants: list[tuple[int, int]] = []


# The tokens that matter: a string, a bracket, or a bare word (number, literal, NaN).
# Whitespace, commas and colons fall between matches: their places are implied.
# (The string pattern is unrolled: one step per run of plain characters, not per character.)
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]|[^ \t\n\r{}\[\],:"]+', re.DOTALL)


_CONSTANTS = ("NaN", "Infinity", "-Infinity")


class _Container:
    """An object or array being scanned: where it starts and the key that holds it."""

    __slots__ = ("index", "is_object", "key", "key_range", "own_key_range", "path", "seen", "start")

    def __init__(
        self, is_object: bool, path: JsonPath, start: int, own_key_range: tuple[int, int] | None
    ) -> None:
        self.is_object = is_object
        self.path = path
        self.start = start
        self.own_key_range = own_key_range  # the key that holds this container in its parent
        self.key: str | None = None  # the key read last, whose value comes next
        self.key_range: tuple[int, int] | None = None
        self.index = 0  # of the next item, in an array
        self.seen: dict[str, tuple[int, int]] = {}  # each key read, and where


class _JsonScanner:
    """Walks JSON text that the decoder already accepted and records where each path is.

    One pass over a token stream with an explicit stack: no recursion however deep the
    text, and a few microseconds per value.
    """

    def __init__(self, text: str, doc: Document, literals: tuple[str, ...] = _CONSTANTS) -> None:
        self.text = text
        self.doc = doc
        self.literals = literals  # bare words whose places `constants` lists
        self.result = _ScanResult()

    def _where(self, key_range: tuple[int, int] | None, start: int, end: int) -> Where:
        span_of = self.doc.span_of
        key_span = span_of(*key_range) if key_range else None
        return key_span, span_of(start, end), key_range, (start, end)

    def scan(self) -> _ScanResult:
        locations, where = self.result.locations, self._where
        stack: list[_Container] = []
        top: _Container | None = None
        for match in _TOKEN.finditer(self.text):
            token = match.group()
            first = token[0]
            if first == "}" or first == "]":
                if not stack:
                    break  # text past the end: only when a NaN stopped the decoder early
                done = stack.pop()
                top = stack[-1] if stack else None
                start, end, key_range = done.start, match.end(), done.own_key_range
                locations[done.path] = Location.later(partial(where, key_range, start, end))
                if top is None:
                    break  # the root is complete
                continue
            start, end = match.span()
            if top is not None and top.is_object and top.key is None:  # a key
                key = token[1:-1] if "\\" not in token else _json_string(token)
                if key in top.seen:
                    before = self.doc.span_of(*top.seen[key])
                    self.result.duplicates.append(((*top.path, key), (start, end), before))
                top.seen[key] = top.key_range = (start, end)
                top.key = key
                continue
            # A value: its path, and the key that holds it, come from its container.
            key_range = None
            if top is None:
                path: JsonPath = ()
            elif top.is_object:
                held, top.key = top.key, None
                assert held is not None
                path, key_range = (*top.path, held), top.key_range
            else:
                path = (*top.path, top.index)
                top.index += 1
            if first == "{" or first == "[":
                top = _Container(first == "{", path, start, key_range)
                stack.append(top)
                continue
            if token in self.literals:
                self.result.constants.append((start, end))
            locations[path] = Location.later(partial(where, key_range, start, end))
            if top is None:
                break  # the root was a scalar
        return self.result


def _json_string(token: str) -> str:
    try:
        return str(json.loads(token))
    except ValueError:  # only past a NaN, where the decoder stopped reading: junk
        return token[1:-1]
