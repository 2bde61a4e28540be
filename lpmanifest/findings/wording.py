"""How findings say things: manifest values and paths shown as inert text, types in words,
did-you-mean suggestions, plurals."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from lpmanifest.characters import UNSAFE, matching
from lpmanifest.findings.model import JsonPath

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


def inert(text: str) -> str:
    """Make text from a manifest safe to print: control characters become visible escapes.

    A value can hold ANSI escape sequences or carriage returns that would repaint the
    user's terminal; shown as `\\x1b` they are data again. A JSON escape such as
    `"\\ud800"` (or a file name that is not UTF-8) gives a lone surrogate, which would
    stop the output with an encoding error: shown as `\\ud800` it prints.
    """
    if text.isprintable():  # none of those characters is printable: the common case, fast
        return text
    controls = matching(UNSAFE)
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


def plural(count: int, word: str) -> str:
    """`1 file`, `2 files`: a count with its noun (every noun here takes an `s`)."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelling, ignoring case, if one is close enough."""
    return _closest(word, tuple(choices))


@functools.lru_cache(maxsize=256)
def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    # Cached: comparing with difflib costs ~0.1 ms, and in a run over many manifests the
    # same misspelling tends to recur.
    by_lower = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[match[0]] if match else None
