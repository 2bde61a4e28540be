"""The text edits behind safe fixes, built on the original source.

Each function returns one `Edit` (offsets into `Document.text`) or None when it cannot be
sure of the result: a fix that is not certain is not offered. Everything outside the edit
(indentation, key order, YAML comments, line endings) stays byte-identical.
"""

from __future__ import annotations

import json
import re

from lpmanifest.findings.model import Edit, JsonPath
from lpmanifest.source.document import Document
from lpmanifest.source.locations import Location

_SPACE = " \t\r\n"
_INLINE_SPACE = " \t"
# A YAML scalar that keeps its meaning inside `[...]`.
_YAML_FLOW_SAFE = re.compile(r"[A-Za-z0-9_.-]+")
_YAML_ITEM_PREFIX = re.compile(r"[ \t]*-[ \t]+")


def _exact(doc: Document, path: JsonPath) -> Location | None:
    """The location of exactly `path` (not of an ancestor)."""
    return doc.locations.get(path)


def literal_start(doc: Document, path: JsonPath, prefix: str) -> int | None:
    """Where the string at `path` starts in the source, if it is written beginning with
    `prefix` as it is (no escape in that part); None otherwise, or if `prefix` holds a
    quote, a backslash or a line break (whose writing could differ from the value)."""
    location = _exact(doc, path)
    if location is None or any(char in prefix for char in "\\\"'\r\n"):
        return None
    first, last = location.value_range
    start = first + 1 if doc.text[first : first + 1] in ('"', "'") else first
    if start + len(prefix) > last or not doc.text.startswith(prefix, start):
        return None  # a block scalar, a tag, an anchor or an escape comes first
    return start


def rename_key(doc: Document, path: JsonPath, new_key: str) -> Edit | None:
    """Rename the key at `path`, keeping the way it was quoted."""
    location = _exact(doc, path)
    if location is None or location.key_range is None:
        return None
    return _rewrite(doc, *location.key_range, new_key)


def replace_value(doc: Document, path: JsonPath, new_value: str) -> Edit | None:
    """Replace the string value at `path` with `new_value`, keeping the way it was quoted."""
    location = _exact(doc, path)
    if location is None:
        return None
    return _rewrite(doc, *location.value_range, new_value)


def _rewrite(doc: Document, start: int, end: int, new: str) -> Edit | None:
    """`new` in place of the string written at `start:end`, quoted as that one was (None if
    a YAML plain scalar cannot hold it)."""
    written = doc.text[start:end]
    if doc.format == "json" or written.startswith('"'):
        return Edit(start, end, json.dumps(new, ensure_ascii=False))
    if written.startswith("'"):
        return Edit(start, end, "'" + new.replace("'", "''") + "'")
    if not _YAML_FLOW_SAFE.fullmatch(written) or not _YAML_FLOW_SAFE.fullmatch(new):
        return None
    return Edit(start, end, new)


def wrap_in_array(doc: Document, path: JsonPath) -> Edit | None:
    """Turn a single scalar into a one-item array: `"x"` -> `["x"]`, YAML `x` -> `[x]`."""
    location = _exact(doc, path)
    if location is None:
        return None
    start, end = location.value_range
    written = doc.text[start:end]
    if not written or "\n" in written:
        return None
    quoted = written[0] in "\"'" and written[-1] == written[0] and len(written) > 1
    if doc.format == "yaml" and not (quoted or _YAML_FLOW_SAFE.fullmatch(written)):
        return None
    return Edit(start, end, "[" + written + "]")


def remove_entry(doc: Document, path: JsonPath) -> Edit | None:
    """Remove an object member (key and value) or an array item, with its separator.

    A member alone on its line takes the whole line with it; in JSON (and YAML flow
    collections) the comma goes too: the one after it, or the one before it if it was last.
    """
    location = _exact(doc, path)
    if location is None or not path:
        return None
    text = doc.text
    start = location.key_range[0] if location.key_range else location.value_range[0]
    end = location.value_range[1]
    is_yaml = doc.format == "yaml"
    after = _skip_forward(text, end, is_yaml)
    if after < len(text) and text[after] in ",}]":
        if is_yaml and "#" in text[end:after]:
            return None
        return _remove_flow(text, start, end, after, is_yaml)
    if not is_yaml:
        return None
    return _remove_block(text, start, end, item=isinstance(path[-1], int))


def _remove_flow(text: str, start: int, end: int, after: int, is_yaml: bool) -> Edit | None:
    line_start = _line_start(text, start)
    own_line = not text[line_start:start].strip()
    if text[after] == ",":
        past_comma = after + 1
        if own_line and _blank_to_line_end(text, past_comma, is_yaml):
            return Edit(line_start, _next_line_start(text, past_comma), "")
        # Inline (`{"a": 1, "id": 2, "b": 3}`): the member, its comma and the space after.
        # In YAML the space stops at the line's end, so that no comment can go with it.
        skip = _skip_inline if is_yaml else _skip_forward
        return Edit(start, skip(text, past_comma, False), "")
    before = _skip_back(text, start)
    if before < 0:
        return None
    if is_yaml and "#" in text[before:start]:
        return None
    if text[before] == ",":  # the last of several: the comma before it goes
        return Edit(before, end, "")
    if text[before] in "{[":  # the only one
        if own_line and _blank_to_line_end(text, end, is_yaml):
            return Edit(line_start, _next_line_start(text, end), "")
        return Edit(start, end, "")
    return None


def _remove_block(text: str, start: int, end: int, item: bool) -> Edit | None:
    # A block collection's end is where the next line's text begins: its own text ends before.
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    if not _blank_to_line_end(text, end, is_yaml=True):
        return None
    line_start = _line_start(text, start)
    prefix = text[line_start:start]
    if item:
        if not _YAML_ITEM_PREFIX.fullmatch(prefix):
            return None
    elif prefix.strip():
        return None
    if "\n" in text[start:end] and not _indented_below(text, start, end, len(prefix)):
        return None
    return Edit(line_start, _next_line_start(text, end), "")


def _indented_below(text: str, start: int, end: int, column: int) -> bool:
    """Whether every line of a value that spans lines stands to the right of its key (or is
    blank): the lines belong to it, and removing them with the key leaves the rest whole."""
    first_break = text.index("\n", start)
    for line in text[first_break + 1 : end].split("\n"):
        if line.strip() and len(line) - len(line.lstrip(" ")) <= column:
            return False
    return True


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _next_line_start(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _blank_to_line_end(text: str, pos: int, is_yaml: bool) -> bool:
    """Whether only spaces (or, in YAML, a comment) follow `pos` on its line."""
    newline = text.find("\n", pos)
    rest = text[pos : len(text) if newline < 0 else newline]
    stripped = rest.strip()
    if not stripped:
        return True
    return is_yaml and stripped.startswith("#")


def _skip_forward(text: str, pos: int, is_yaml: bool) -> int:
    """The first position at or after `pos` that is not space (nor, in YAML, a comment)."""
    while pos < len(text):
        char = text[pos]
        if char in _SPACE:
            pos += 1
        elif is_yaml and char == "#":
            pos = _next_line_start(text, pos)
        else:
            break
    return pos


def _skip_inline(text: str, pos: int, is_yaml: bool) -> int:
    while pos < len(text) and text[pos] in _INLINE_SPACE:
        pos += 1
    return pos


def _skip_back(text: str, pos: int) -> int:
    """The last position before `pos` that is not space, or -1."""
    pos -= 1
    while pos >= 0 and text[pos] in _SPACE:
        pos -= 1
    return pos
