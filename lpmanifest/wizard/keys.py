"""Answer keys: where an answer goes in the manifest, written the way findings print paths.

    client_name
    client_name#ja-JP
    capabilities.engagement.goal
    capabilities.webhooks["ms.MessagingEventNotification.ContentEvent"].endpoint
    capabilities.webhooks[*].endpoint          every chosen event at once

Event names contain dots, so a name in brackets (double or single quotes) is taken whole.
The plain dotted spelling works too: a run of dotted names is joined wherever the schema
has a property of that name, so
`capabilities.webhooks.ms.MessagingEventNotification.ContentEvent.endpoint` means the
same key. Keys are checked against the schema: a misspelt one is refused with a
did-you-mean, before any question is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lpmanifest.errors import UsageError
from lpmanifest.findings.model import JsonPath
from lpmanifest.findings.wording import format_path
from lpmanifest.manifest import WEBHOOKS, value_at
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.wizard.events import offered_events

WILDCARD = "*"

# A plain name runs up to a dot or a bracket; `#` and `-` stay in it (client_name#ja-JP).
_PLAIN = re.compile(r"[^.\[\]=\s\"']+")
_QUOTED = re.compile(r"""\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]""")
_ESCAPE = re.compile(r"\\(.)")


def parse_key(text: str) -> JsonPath:
    """The manifest path an answer key names (UsageError if it names none)."""
    tokens = list(_tokens(text))
    if not tokens:
        raise UsageError("an empty answer key; write KEY=VALUE, e.g. client_name=com.acme.app")
    path = _resolve(tokens, text)
    _check_known(path, text)
    return path


def format_key(path: JsonPath) -> str:
    """The key as a user would type it: the path notation of findings, `[*]` for all events."""
    if WILDCARD not in path:
        return format_path(path)
    index = path.index(WILDCARD)
    head, tail = path[:index], path[index + 1 :]
    rest = format_path(tail) if tail else ""
    if rest and not rest.startswith("["):
        rest = "." + rest
    return f"{format_path(head)}[*]{rest}"


def _tokens(text: str) -> Iterator[tuple[str, bool]]:
    """(name, bracketed) pairs; bracketed names are never split or joined."""
    pos = 0
    expect_name = True
    while pos < len(text):
        if text.startswith("[*]", pos):
            yield WILDCARD, True
            pos, expect_name = pos + 3, False
            continue
        quoted = _QUOTED.match(text, pos)
        if quoted:
            raw = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
            yield _ESCAPE.sub(r"\1", raw), True
            pos, expect_name = quoted.end(), False
            continue
        if text[pos] == "." and not expect_name:
            pos, expect_name = pos + 1, True
            continue
        plain = _PLAIN.match(text, pos)
        if plain and expect_name:
            yield plain.group(), False
            pos, expect_name = plain.end(), False
            continue
        raise UsageError(
            f"cannot read the answer key {text!r} at character {pos + 1}; write names with "
            'dots, and names that contain dots in brackets: capabilities.webhooks["ms.X"].endpoint'
        )
    if expect_name and text:
        raise UsageError(f"the answer key {text!r} ends with a dot")


def _resolve(tokens: list[tuple[str, bool]], text: str) -> JsonPath:
    schema = load_schema()
    path: list[str | int] = []
    index = 0
    while index < len(tokens):
        name, bracketed = tokens[index]
        if name == WILDCARD and bracketed:
            if tuple(path) != WEBHOOKS:
                raise UsageError(
                    f"in {text!r}: [*] stands for every webhook event, as in "
                    "capabilities.webhooks[*].endpoint"
                )
            path.append(WILDCARD)
            index += 1
            continue
        if not bracketed:
            node = property_schema(schema, tuple(path))
            known = node.get("properties", {}) if isinstance(node, dict) else {}
            for end in range(len(tokens), index + 1, -1):
                run = tokens[index:end]
                joined = ".".join(part for part, _ in run)
                if not any(quoted for _, quoted in run) and joined in known:
                    path.append(joined)
                    index = end
                    break
            else:
                path.append(name)
                index += 1
            continue
        path.append(name)
        index += 1
    return tuple(path)


def concrete(path: JsonPath) -> JsonPath:
    """The path with `[*]` replaced by a real event, for asking the schema about it."""
    if WILDCARD not in path:
        return path
    event = offered_events()[0]
    return tuple(event if part == WILDCARD else part for part in path)


def _check_known(path: JsonPath, text: str) -> None:
    from lpmanifest.findings.wording import suggest

    schema = load_schema()
    real = concrete(path)
    for size in range(1, len(real) + 1):
        node = property_schema(schema, real[:size])
        if node is None:
            parent = property_schema(schema, real[: size - 1])
            known = list(parent.get("properties", {})) if isinstance(parent, dict) else []
            guess = suggest(str(real[size - 1]), known)
            hint = f"; did you mean {format_key((*path[: size - 1], guess))!r}?" if guess else ""
            raise UsageError(
                f"unknown answer key {text!r}: the manifest has no {format_key(path[:size])}{hint}"
            )
        if node.get("readOnly"):
            raise UsageError(
                f"{format_key(path[:size])} cannot be set: {node.get('title', 'it')} is assigned "
                "by LivePerson and must not be sent in a manifest"
            )


# -- reading and writing nested data at a path ---------------------------------------------

_ABSENT = object()


def has_value(data: Mapping[str, Any], path: JsonPath) -> bool:
    return value_at(data, path, _ABSENT) is not _ABSENT


def set_value(data: dict[str, Any], path: JsonPath, value: Any) -> None:
    """Put `value` at `path`, making the objects on the way; None removes the key."""
    if value is None:
        delete_value(data, path)
        return
    node: Any = data
    for part in path[:-1]:
        child = node.get(part) if isinstance(node, dict) else None
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[path[-1]] = value


def delete_value(data: dict[str, Any], path: JsonPath) -> None:
    """Remove the key at `path`, and any object on the way that it leaves empty."""
    parents: list[tuple[dict[str, Any], str | int]] = []
    node: Any = data
    for part in path[:-1]:
        if not isinstance(node, dict) or part not in node:
            return
        parents.append((node, part))
        node = node[part]
    if isinstance(node, dict):
        node.pop(path[-1], None)
    for parent, part in reversed(parents):
        if parent[part] == {}:
            del parent[part]
