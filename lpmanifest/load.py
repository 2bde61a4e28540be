"""Text to data, plus a map from each JSON path to where it stands in the source.

Parse problems are returned as findings, never raised: a file that does not parse is a
result like any other. JSON goes through the C decoder first; the position scanner runs
only when something needs a location, so a valid file does not pay for it. YAML is
composed into nodes (which carry their marks) and built into data here, which is where
the YAML-only hazards are caught: dates, tags, non-string keys, NaN, alias bombs.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import START_OF_FILE, Finding, JsonPath, RuleInfo, Span
from lpmanifest.findings.wording import inert, type_name

if TYPE_CHECKING:
    import yaml

Format = Literal["json", "yaml"]

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
# A real manifest holds a few hundred values. More is another kind of file (a lock file a
# glob caught) or an attack (YAML aliases that expand), and every later step (schema,
# positions, findings) costs time and memory in proportion: such a file is refused.
MAX_VALUES = 100_000

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
BOM = "\ufeff"


# A location's four parts: key span, value span, key offsets, value offsets.
_Where = tuple[Span | None, Span, tuple[int, int] | None, tuple[int, int]]


class Location:
    """Where a key and its value stand: spans for people, offsets for fixes.

    A scan records every path, but a report shows a few: `Location.later` defers the
    line and column arithmetic until one of the four attributes is first read.
    """

    __slots__ = ("_compute", "_where")

    def __init__(
        self,
        key: Span | None,
        value: Span,
        key_range: tuple[int, int] | None,
        value_range: tuple[int, int],
    ) -> None:
        self._where: _Where | None = (key, value, key_range, value_range)
        self._compute: Callable[[], _Where] | None = None

    @classmethod
    def later(cls, compute: Callable[[], _Where]) -> Location:
        location = cls.__new__(cls)
        location._where, location._compute = None, compute
        return location

    def _resolved(self) -> _Where:
        if self._where is None:
            assert self._compute is not None
            self._where, self._compute = self._compute(), None
        return self._where

    @property
    def key(self) -> Span | None:
        return self._resolved()[0]

    @property
    def value(self) -> Span:
        return self._resolved()[1]

    @property
    def key_range(self) -> tuple[int, int] | None:
        return self._resolved()[2]

    @property
    def value_range(self) -> tuple[int, int]:
        return self._resolved()[3]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return self._resolved() == other._resolved()

    def __hash__(self) -> int:
        return hash(self._resolved())

    def __reduce__(self) -> tuple[type[Location], _Where]:
        # Sent to another process resolved: the deferred computation holds the scanner.
        return (Location, self._resolved())

    def __repr__(self) -> str:
        key, value, key_range, value_range = self._resolved()
        return f"Location({key!r}, {value!r}, {key_range!r}, {value_range!r})"


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
    # YAML 1.1 reads these plain scalars (yes/no/on/off) as booleans.
    implicit_booleans: list[JsonPath] = field(default_factory=list)
    _locations: dict[JsonPath, Location] | None = None
    _line_starts: list[int] | None = None
    # What rules work out from the data and share, by name: worked out once per document.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- positions -------------------------------------------------------------------
    @property
    def locations(self) -> dict[JsonPath, Location]:
        if self._locations is None:
            self._locations = {}
            if self.format == "json" and self.loaded:
                self._locations = _JsonScanner(self.text, self).scan().locations
        return self._locations

    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts

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

        Without `keep_source` (a file without findings) that is the name alone. JSON
        positions are left to be scanned again where they are needed; YAML's cannot be
        (they come from the parser), so they travel resolved.
        """
        if not keep_source:
            return Document(self.file, self.format, "")
        copy = replace(self, _line_starts=None, derived={})
        if self.format == "json":
            copy._locations = None
        return copy

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


def detect_format(name: str, text: str) -> Format:
    lower = name.lower()
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    stripped = text.lstrip(BOM + " \t\r\n")
    return "json" if stripped[:1] in ("{", "[") else "yaml"


# -- entry points ----------------------------------------------------------------------


def load_file(path: str, display: str | None = None, format: Format | None = None) -> Document:
    """Read and load one file; every failure becomes a located finding.

    A FIFO or a character device (a process substitution, `/dev/stdin`) is read as a
    stream, to its end or to the size limit as standard input is; a FIFO waits for its
    writer, as `cat` would. Directories, block devices and sockets are not read.
    """
    name = display or path
    fmt: Format = format or ("yaml" if path.lower().endswith(YAML_SUFFIXES) else "json")
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return _load_device(path, name, format)
    if not stat.S_ISREG(mode):
        return _failed(
            name, fmt, load_rules.UNREADABLE_FILE, f"is {_kind(mode)}, not a manifest file"
        )
    try:
        # Not blocking: a file replaced by a FIFO since `stat` must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            message = f"is {_kind(info.st_mode)}, not a manifest file"
            return _failed(name, fmt, load_rules.UNREADABLE_FILE, message)
        if info.st_size > MAX_BYTES:
            return _failed(name, fmt, load_rules.INPUT_TOO_LARGE, _too_large(info.st_size))
        data = _read_at_most(fd, info.st_size)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    finally:
        os.close(fd)
    if format is None:
        fmt = detect_format(path, data[:64].decode("utf-8", "replace"))
    return load_bytes(data, name, fmt)


def unreadable(name: str, message: str) -> Document:
    """A document for a path that cannot be read: one unreadable-file finding, `name message`."""
    return _failed(name, "json", load_rules.UNREADABLE_FILE, message)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    return "not a regular file"


def _load_device(path: str, name: str, format: Format | None) -> Document:
    """A FIFO or character device, read as standard input is: up to one byte past the limit."""
    fmt: Format = format or "json"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    try:
        parts = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 16, MAX_BYTES + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    finally:
        os.close(fd)
    if total > MAX_BYTES:
        return _failed(name, fmt, load_rules.INPUT_TOO_LARGE, _stream_too_large())
    data = b"".join(parts)
    if format is None:
        format = detect_format(path, data[:64].decode("utf-8", "replace"))
    return load_bytes(data, name, format)


_OPEN_FLAGS = (
    getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def _read_at_most(fd: int, size: int) -> bytes:
    """The file's bytes, up to one past the limit (a file can grow after `fstat`).

    Reads ask for the size `fstat` gave plus one byte, then in small steps: asking for the
    limit would allocate 10 MB for every file, which costs more than parsing it. A short
    read of a regular file is its end, so a file that did not grow takes one read.
    """
    parts = []
    total = 0
    want = size + 1
    while total <= MAX_BYTES:
        chunk = os.read(fd, want)
        parts.append(chunk)
        total += len(chunk)
        if len(chunk) < want:
            break
        want = min(1 << 16, MAX_BYTES + 1 - total)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load_stream(stream: BinaryIO, name: str, format: Format | None = None) -> Document:
    """Read a stream (standard input) up to the limit and load it.

    Reading stops one byte past the limit: `yes | lpmanifest validate -` is refused at
    10 MB instead of filling the memory.
    """
    fmt: Format = format or "json"
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    if len(data) > MAX_BYTES:
        return _failed(name, fmt, load_rules.INPUT_TOO_LARGE, _stream_too_large())
    return load_bytes(data, name, format)


def _stream_too_large() -> str:
    return f"is larger than the limit of {MAX_BYTES:,} bytes"


def load_bytes(data: bytes, name: str, format: Format | None = None) -> Document:
    if len(data) > MAX_BYTES:
        return _failed(name, format or "json", load_rules.INPUT_TOO_LARGE, _too_large(len(data)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", "replace")
        doc = Document(name, format or detect_format(name, text), _strip_bom(text))
        doc.has_bom = text.startswith(BOM)
        doc.findings.append(_invalid_utf8(doc, data, error))
        return doc
    return load_text(text, name, format)


def load_text(text: str, name: str, format: Format | None = None) -> Document:
    fmt = format or detect_format(name, text)
    doc = Document(name, fmt, _strip_bom(text), has_bom=text.startswith(BOM))
    if not doc.text or doc.text.isspace():
        doc.findings.append(
            _finding(doc, load_rules.EMPTY_FILE, START_OF_FILE, (), "the file is empty")
        )
        return doc
    if fmt == "json":
        _load_json(doc)
    else:
        _load_yaml(doc)
    if doc.loaded and not isinstance(doc.data, dict):
        doc.findings.append(
            _finding(
                doc,
                load_rules.NOT_AN_OBJECT,
                doc.value_span(()),
                (),
                f"the manifest is {type_name(doc.data)}; it must be an object of keys and values",
                help="a manifest starts with `{` in JSON, or with `key: value` lines in YAML",
            )
        )
    return doc


# -- JSON ------------------------------------------------------------------------------


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
    value = float(literal)
    if math.isinf(value):  # Python would read it as infinity, which JSON cannot hold
        raise _Constant(literal, f"{literal} is out of the range of numbers (it reads as infinity)")
    return value


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate
    return result


# Made once: `json.loads` with arguments builds a decoder per call.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_pairs, parse_constant=_reject_constant, parse_float=_finite_float
)
_LAST_KEY_WINS = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def _load_json(doc: Document) -> None:
    # Each level of nesting needs a bracket, and each value past the first of its container
    # a comma: a text with few of them can be neither too deep nor too big, unmeasured.
    brackets = doc.text.count("{") + doc.text.count("[")
    if brackets > MAX_DEPTH:
        # Measured before decoding: the decoder stops at the interpreter's recursion limit.
        from lpmanifest.nesting import json_too_deep

        too_deep = json_too_deep(doc.text, MAX_DEPTH)
        if too_deep is not None:
            doc.findings.append(_too_deep(doc, _point(doc, too_deep)))
            return
    duplicates = False
    try:
        try:
            doc.data = _DECODER.decode(doc.text)
        except _Duplicate:  # rare: decode again as any JSON reader would, and say where
            duplicates = True
            doc.data = _LAST_KEY_WINS.decode(doc.text)
    except json.JSONDecodeError as error:
        message, offset, help = _json_problem(error, doc.text)
        span = _point(doc, offset)
        doc.findings.append(_finding(doc, load_rules.SYNTAX_ERROR, span, (), message, help))
        return
    except _Constant as constant:
        # The scanner reads the literal as a token, so it can say where it is.
        where = _JsonScanner(doc.text, doc, (constant.literal,)).scan().constants
        span = doc.span_of(*where[0]) if where else START_OF_FILE
        doc.findings.append(
            _finding(doc, load_rules.SYNTAX_ERROR, span, (), inert(constant.message))
        )
        return
    except RecursionError:
        doc.findings.append(_too_deep(doc, START_OF_FILE))
        return
    doc.loaded = True
    if brackets + doc.text.count(",") >= MAX_VALUES:
        problem = limits_problem(doc.data)
        if problem is not None:
            doc.data, doc.loaded = None, False
            doc.findings.append(
                _finding(doc, load_rules.INPUT_TOO_LARGE, START_OF_FILE, (), *problem)
            )
            return
    if duplicates:
        scan = _JsonScanner(doc.text, doc).scan()
        doc._locations = scan.locations
        for path, key_range, first in scan.duplicates:
            doc.findings.append(_duplicate(doc, path, doc.span_of(*key_range), first))


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
    from lpmanifest.nesting import json_unclosed

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

    def _where(self, key_range: tuple[int, int] | None, start: int, end: int) -> _Where:
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


def limits_problem(data: Any) -> tuple[str, str | None] | None:
    """Whether `data` nests too deep or holds too many values (message, help); stops early."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 1
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, (dict, list)):
            continue  # a scalar root: children are pushed only when they are containers
        children: Any = value.values() if isinstance(value, dict) else value
        if depth > MAX_DEPTH:
            return _DEPTH_MESSAGE, None
        count += len(children)
        if count > MAX_VALUES:
            return _TOO_MANY
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return None


def foreign_value(data: Any) -> str | None:
    """Where data built by code (not parsed) holds what JSON cannot, said in a clause.

    Parsed text never does; the Python API's `validate_data` takes anything, and a date, a
    set, a tuple, a key that is not a string, NaN or a structure that holds itself must be
    said plainly, not meet a rule as a `TypeError`.
    """
    from lpmanifest.findings.wording import format_path

    stack: list[tuple[Any, JsonPath, frozenset[int]]] = [(data, (), frozenset())]
    seen = 0
    while stack:
        value, path, ancestors = stack.pop()
        seen += 1
        if seen > MAX_VALUES or len(path) > MAX_DEPTH:
            return None  # past the limits of loading, which say so themselves
        where = format_path(path)
        if value is None or isinstance(value, (str, bool, int)):
            continue
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return f"{where} is {value!r}, a number JSON cannot hold"
            continue
        if isinstance(value, (dict, list)):
            if id(value) in ancestors:
                return f"{where} refers back to the data that holds it (a recursive structure)"
            inside = ancestors | {id(value)}
            if isinstance(value, dict):
                for key, item in value.items():
                    if not isinstance(key, str):
                        return f"{where} holds the key {key!r} ({type(key).__name__})"
                    stack.append((item, (*path, key), inside))
            else:
                stack.extend((item, (*path, i), inside) for i, item in enumerate(value))
            continue
        kind = type(value)
        qualified = f"{kind.__module__}.{kind.__qualname__}".removeprefix("builtins.")
        return f"{where} is a {qualified}"
    return None


# -- YAML ------------------------------------------------------------------------------

_YAML = "tag:yaml.org,2002:"
_JSON_SCALARS = {_YAML + "str", _YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"}
_IMPLICIT_TRUE_FALSE = {"true", "false"}


class _YamlRefused(Exception):
    def __init__(
        self,
        rule: RuleInfo,
        node: yaml.Node,
        message: str,
        help: str | None = None,
        path: JsonPath = (),
    ) -> None:
        super().__init__(message)
        self.rule, self.node, self.message, self.help, self.path = rule, node, message, help, path


def _load_yaml(doc: Document) -> None:
    import yaml

    from lpmanifest.nesting import yaml_too_deep

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Measured by our own code: libyaml refuses deep nesting with a scanner error of its own
    # (at 1,000 levels since PyYAML 6.0.4), and older releases crashed on it.
    too_deep = yaml_too_deep(doc.text, MAX_DEPTH)
    if too_deep is not None:
        doc.findings.append(_too_deep(doc, _point(doc, too_deep)))
        return
    too_big = _yaml_prescan(doc.text, loader_class)
    if too_big is not None:
        index, (message, help) = too_big
        doc.findings.append(
            _finding(doc, load_rules.INPUT_TOO_LARGE, _point(doc, index), (), message, help)
        )
        return
    try:
        root = yaml.compose(doc.text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # The mark's index counts characters, and so stays right where YAML's idea of a line
        # break (a lone CR, NEL, U+2028) differs from the "\n" lines that spans count.
        span = _point(doc, mark.index) if mark else START_OF_FILE
        problem = error.problem or "invalid YAML"
        help = None
        elided = _elision_before(doc.text, mark.index) if mark else None
        if "expected a single document" in (error.context or "") or "another document" in problem:
            message = "the file holds more than one YAML document; a manifest is one document"
            rule = load_rules.YAML_NOT_JSON
        elif elided is not None:
            span = _point(doc, elided)
            message = (
                "`...` stands for what the documentation left out of its example "
                "(in YAML it ends the document)"
            )
            help = "write out the keys it stands for, or remove the line"
            rule = load_rules.SYNTAX_ERROR
        else:
            message = _yaml_message(problem, error.context)
            rule = load_rules.SYNTAX_ERROR
        doc.findings.append(_finding(doc, rule, span, (), message, help))
        return
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        doc.findings.append(_reader_error(doc, error))
        return
    except RecursionError:
        doc.findings.append(_too_deep(doc, START_OF_FILE))
        return
    if root is None:
        doc.findings.append(
            _finding(
                doc, load_rules.EMPTY_FILE, START_OF_FILE, (), "the file holds no YAML document"
            )
        )
        return
    builder = _YamlBuilder(doc)
    try:
        # Only aliases (`*name`) expand; without a `*` in the text, nothing can.
        if "*" in doc.text:
            builder.check_expansion(root)
        doc.data = builder.build(root, (), 1)
    except _YamlRefused as refused:
        span = builder.span(refused.node)
        doc.findings.append(
            _finding(doc, refused.rule, span, refused.path, refused.message, refused.help)
        )
        doc._locations = builder.locations
        return
    doc.loaded = True
    doc._locations = builder.locations
    builder.locations[()] = Location.later(partial(builder.where, None, root))
    for path, key_range, first in builder.duplicates:
        doc.findings.append(_duplicate(doc, path, doc.span_of(*key_range), first))


# The compiled composer builds every node before any limit applies. Each value needs an
# indicator (`[`, `{`, `,`, `-`, `?`, `:`) or is the root, so a text with few indicators holds
# few values; any other text is counted on the event stream first, which the parser produces
# without building anything. (Depth is measured before this, by `nesting`.)
_FEW_INDICATORS = 2_000


def _yaml_prescan(text: str, loader: Any) -> tuple[int, tuple[str, str | None]] | None:
    """Where the text holds too many values, before it is composed."""
    import yaml

    indicators = sum(text.count(char) for char in "[{,-?") + 2 * text.count(":")
    if indicators < _FEW_INDICATORS:
        return None
    count = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent, yaml.AliasEvent)):
                count += 1
                if count > MAX_VALUES:
                    return _index(event), _TOO_MANY
    except yaml.YAMLError:
        pass  # the composer meets the same error, no later than here, and says where
    return None


def _index(event: yaml.Event) -> int:
    return event.start_mark.index if event.start_mark else 0


def _point(doc: Document, offset: int) -> Span:
    offset = min(offset, len(doc.text))
    span = doc.span_of(offset, offset)
    return Span.point(span.line, span.column)


# What YAML accepts unescaped in a stream (YAML 1.1, c-printable).
_NOT_PRINTABLE_PATTERN = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _reader_error(doc: Document, error: Exception) -> Finding:
    # libyaml reports the offset in UTF-8 bytes; finding the character ourselves is exact.
    # Compiled here, on the error path: the pattern's wide ranges take ms to compile.
    found = re.compile(_NOT_PRINTABLE_PATTERN).search(doc.text)
    if found is None:
        return _finding(doc, load_rules.SYNTAX_ERROR, START_OF_FILE, (), inert(str(error)))
    char = found.group()
    return _finding(
        doc,
        load_rules.SYNTAX_ERROR,
        _point(doc, found.start()),
        (),
        f"the character U+{ord(char):04X} (a control character) cannot appear in YAML",
        help='write it as an escape in a double-quoted string, such as "\\u0001"',
    )


# A line that is only an elision: `...` (YAML's document end) or `…`.
_ELIDED_LINE = re.compile(r"^[ \t]*(?:\.\.\.|\u2026)[ \t]*$", re.M)


def _elision_before(text: str, index: int) -> int | None:
    """Where an elided line stands, if it is the line of a syntax error or the last line
    with text before it."""
    start = text.rfind("\n", 0, min(index, len(text))) + 1
    candidates = [start]
    before = start - 1
    while before > 0:
        previous = text.rfind("\n", 0, before) + 1
        if text[previous:before].strip():
            candidates.append(previous)
            break
        before = previous - 1
    for line_start in candidates:
        match = _ELIDED_LINE.match(text, line_start)
        if match is not None:
            return line_start + len(match.group()) - len(match.group().lstrip(" \t"))
    return None


def _yaml_message(problem: str, context: str | None) -> str:
    message = problem
    if context:
        message = f"{problem} ({context})"
    if "mapping values are not allowed" in problem:
        message += "; a value that contains `: ` must be quoted"
    if "found character '\\t'" in problem:
        message = "a tab character where YAML needs spaces for indentation"
    return inert(message)


# A tag is written before the value, after the anchor if there is one: `&a !!binary ...`.
_TAG_AT = re.compile(r"(?:&[^\s\[\]{},]+\s+)?!")


class _YamlBuilder:
    def __init__(self, doc: Document) -> None:
        import yaml.constructor

        self.doc = doc
        self.constructor = yaml.constructor.SafeConstructor()
        self.locations: dict[JsonPath, Location] = {}
        self.duplicates: list[tuple[JsonPath, tuple[int, int], Span]] = []
        # A tag is written with `!`: without one in the text, no node needs looking at.
        self.may_have_tags = "!" in doc.text

    def offsets(self, node: yaml.Node) -> tuple[int, int]:
        # Marks' indexes count characters of the text given to the parser (doc.text).
        size = len(self.doc.text)
        start = min(node.start_mark.index, size)
        return start, max(start, min(node.end_mark.index, size))

    def span(self, node: yaml.Node) -> Span:
        start, end = self.offsets(node)
        # Block collections end at the start of the next line: trim trailing whitespace.
        while end > start and self.doc.text[end - 1] in " \t\r\n":
            end -= 1
        return self.doc.span_of(start, max(end, start + 1))

    def check_expansion(self, root: yaml.Node) -> None:
        """Refuse aliases that expand past MAX_VALUES, or into themselves, before building.

        Sizes are counted once per node (aliases share nodes), so a billion laughs costs
        as little to refuse as it took to parse. The node reported is the first, smallest
        value that is too big: the line where the bomb goes off.
        """
        sizes: dict[int, int] = {}
        open_nodes: set[int] = set()  # the ancestors of the node being visited
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        while stack:
            node, finished = stack.pop()
            children = _children(node)
            if finished:
                open_nodes.discard(id(node))
                total = 1 + sum(sizes[id(child)] for child in children)
                if total > MAX_VALUES:
                    raise _YamlRefused(
                        load_rules.INPUT_TOO_LARGE,
                        node,
                        f"this value expands to more than {MAX_VALUES:,} values "
                        "through its aliases (an alias bomb?)",
                        "write the values out, or use fewer nested aliases",
                    )
                sizes[id(node)] = total
                continue
            if id(node) in sizes:
                continue
            if id(node) in open_nodes:
                raise _YamlRefused(
                    load_rules.INPUT_TOO_LARGE,
                    node,
                    "an alias refers to a value that contains it, which never ends",
                    "an alias can only repeat a value that is complete before it",
                )
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)

    def _explicit_tag(self, node: yaml.Node) -> bool:
        if not self.may_have_tags:
            return False
        start = self.offsets(node)[0]
        return _TAG_AT.match(self.doc.text, start) is not None

    def _refuse_tag(self, node: yaml.Node, path: JsonPath) -> None:
        if self._explicit_tag(node):
            tag = node.tag.replace(_YAML, "!!")
            raise _YamlRefused(
                load_rules.YAML_NOT_JSON,
                node,
                f"the YAML tag {inert(tag)} has no JSON equivalent",
                "remove the tag and write the value as plain YAML (quote it to keep it text)",
                path,
            )

    def build(self, node: yaml.Node, path: JsonPath, depth: int) -> Any:
        import yaml

        self._refuse_tag(node, path)
        # Collections count, as in JSON: a scalar inside the deepest allowed one is fine.
        if depth > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            raise _YamlRefused(load_rules.INPUT_TOO_LARGE, node, _DEPTH_MESSAGE, path=path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                self._record(child, None, item)
                result.append(self.build(item, child, depth + 1))
            return result
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _record(self, path: JsonPath, key: yaml.Node | None, value: yaml.Node) -> None:
        if path in self.locations:  # an alias expanded twice: keep the first place
            return
        self.locations[path] = Location.later(partial(self.where, key, value))

    def _forget(self, path: JsonPath) -> None:
        """Drop the places recorded at and under `path` (a duplicate key's first value)."""
        size = len(path)
        for recorded in [p for p in self.locations if p[:size] == path]:
            del self.locations[recorded]

    def where(self, key: yaml.Node | None, value: yaml.Node) -> _Where:
        key_span = self.span(key) if key is not None else None
        key_range = self.offsets(key) if key is not None else None
        return key_span, self.span(value), key_range, self.offsets(value)

    def _mapping(self, node: yaml.MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        # Keys written here win over merged (`<<`) ones, in value and in location, so they
        # are built first; the result's key order is the text's, with merged keys where
        # the `<<` stands (as PyYAML orders them).
        explicit: dict[str, Any] = {}
        seen: dict[str, Span] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _YAML + "merge":
                continue
            key = self._key(key_node, path)
            child = (*path, key)
            if key in seen:
                self.duplicates.append((child, self.offsets(key_node), seen[key]))
                # The last value is the one kept (as any JSON reader keeps it): findings
                # about it point at it, not at the value it replaced.
                self._forget(child)
            else:
                seen[key] = self.span(key_node)
            self._record(child, key_node, value_node)
            explicit[key] = self.build(value_node, child, depth + 1)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _YAML + "merge":
                for key, value in self._merge(value_node, path, depth).items():
                    result.setdefault(key, explicit.get(key, value))
            else:
                key = str(key_node.value)
                result.setdefault(key, explicit[key])
        return result

    def _merge(self, node: yaml.Node, path: JsonPath, depth: int) -> dict[str, Any]:
        import yaml

        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):  # the first mapping listed wins
            value = self.build(source, path, depth + 1)
            if not isinstance(value, dict):
                raise _YamlRefused(
                    load_rules.SYNTAX_ERROR, source, "a `<<` merge needs a mapping", path=path
                )
            merged.update(value)
        return merged

    def _key(self, node: yaml.Node, path: JsonPath) -> str:
        import yaml

        self._refuse_tag(node, path)
        if isinstance(node, yaml.ScalarNode) and node.tag == _YAML + "str":
            return str(node.value)
        if isinstance(node, yaml.ScalarNode):
            shown = inert(str(node.value))
            message = f"the key {shown} is not a string; JSON keys are strings"
            help = f'quote it: "{shown}"'
        else:
            message = "a list or mapping is used as a key; JSON keys are strings"
            help = "use a plain text key"
        raise _YamlRefused(load_rules.YAML_NOT_JSON, node, message, help, path)

    def _scalar(self, node: yaml.ScalarNode, path: JsonPath) -> Any:
        tag = node.tag
        if tag not in _JSON_SCALARS:
            what = "a date or timestamp" if tag == _YAML + "timestamp" else f"a {tag[len(_YAML) :]}"
            raise _YamlRefused(
                load_rules.YAML_NOT_JSON,
                node,
                f"YAML reads {_shown(node, path)} as {what}, which JSON cannot hold",
                "quote it to keep it as text",
                path,
            )
        if tag == _YAML + "str":
            return node.value
        if tag == _YAML + "null":
            return None
        if tag == _YAML + "bool":
            value = self.constructor.construct_yaml_bool(node)
            if str(node.value).lower() not in _IMPLICIT_TRUE_FALSE:
                self.doc.implicit_booleans.append(path)
            return value
        if tag == _YAML + "int":
            return self.constructor.construct_yaml_int(node)
        number = self.constructor.construct_yaml_float(node)
        if math.isnan(number) or math.isinf(number):
            raise _YamlRefused(
                load_rules.YAML_NOT_JSON,
                node,
                f"{_shown(node, path)} is not a number JSON can hold",
                "quote it to keep it as text",
                path,
            )
        return number


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly inside a collection node (keys and values alike)."""
    value = node.value
    if not isinstance(value, list):
        return []
    return [part for item in value for part in (item if isinstance(item, tuple) else (item,))]


def _shown(node: yaml.ScalarNode, path: JsonPath) -> str:
    """A scalar as written, for a message; a credential's value is never shown."""
    from lpmanifest.redact import is_secret

    return f"the value of {inert(str(path[-1]))}" if is_secret(path) else inert(str(node.value))


# -- findings ----------------------------------------------------------------------------

_DEPTH_MESSAGE = f"the manifest nests deeper than {MAX_DEPTH} levels"
_TOO_MANY = (
    f"the file holds more than {MAX_VALUES:,} values; a manifest holds a few hundred",
    "is it a manifest? lpmanifest checks LivePerson Application Install Manifests only",
)


def _finding(
    doc: Document,
    rule: RuleInfo,
    span: Span,
    path: JsonPath,
    message: str,
    help: str | None = None,
) -> Finding:
    return rule.finding(doc.file, span, path, message, help)


def _failed(name: str, fmt: Format, rule: RuleInfo, message: str) -> Document:
    doc = Document(name, fmt, "")
    doc.findings.append(_finding(doc, rule, START_OF_FILE, (), f"{inert(name)} {message}"))
    return doc


def _too_large(size: int) -> str:
    return f"is {size:,} bytes; the limit is {MAX_BYTES:,} bytes"


def _too_deep(doc: Document, span: Span) -> Finding:
    return _finding(doc, load_rules.INPUT_TOO_LARGE, span, (), _DEPTH_MESSAGE)


def _duplicate(doc: Document, path: JsonPath, span: Span, first: Span) -> Finding:
    key = path[-1]
    return _finding(
        doc,
        load_rules.DUPLICATE_KEY,
        span,
        path,
        f"the key {inert(str(key))!r} appears twice in the same object",
        help=f"the first is at line {first.line}; a JSON reader keeps only the last one",
    )


def _invalid_utf8(doc: Document, data: bytes, error: UnicodeDecodeError) -> Finding:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _finding(
            doc,
            load_rules.INVALID_ENCODING,
            START_OF_FILE,
            (),
            "the file is UTF-16; manifests must be UTF-8",
            help="save the file as UTF-8",
        )
    before = data[: error.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    if line == 1 and before.startswith(b"\xef\xbb\xbf"):
        column -= 1
    bad = data[error.start : error.end].hex(" ")
    return _finding(
        doc,
        load_rules.INVALID_ENCODING,
        Span.point(line, column),
        (),
        f"invalid UTF-8 (byte 0x{bad})",
        help="save the file as UTF-8",
    )


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith(BOM) else text


def iter_paths(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every (path, value) in the data, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))
