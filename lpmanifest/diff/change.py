"""What one difference between two manifests is: where, what kind, what it does to the app.

A `Change` holds its values already masked (`diff.mask`): whatever renders it, or any other
code that reuses the comparison, cannot print a header value or a credential by mistake.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from lpmanifest.findings.model import JsonPath
from lpmanifest.findings.wording import format_path, inert


class ChangeKind(str, enum.Enum):
    """Whether the value at the path (or the item of a set) appeared, went, or changed."""

    added = "added"
    removed = "removed"
    changed = "changed"


class Effect(str, enum.Enum):
    """What a change does to the installed app: the class a reviewer reads it under.

    Declared from the most to the least urgent; reports list the classes in this order.
    """

    # an event removed, an endpoint moved or gone, fewer retries, the installation disabled
    stops_notifications = "stops-notifications"
    # a grant, scope, redirect URI or profile added, quick launch on, an entry URI, a secret
    widens_access = "widens-access"
    # the same taken away: the app may stop working
    narrows_access = "narrows-access"
    # an event or endpoint added, retries raised, headers, engagement settings
    changes_delivery = "changes-delivery"
    # names, description, logo; a default written out; a key respelled
    cosmetic = "cosmetic"
    # a key the format does not define, a server-assigned field
    other = "other"

    @property
    def heading(self) -> str:
        """The class as a heading: `Stops notifications`."""
        words = self.value.replace("-", " ")
        return words[:1].upper() + words[1:]


EFFECT_ORDER = {effect: rank for rank, effect in enumerate(Effect)}
_KIND_ORDER = {ChangeKind.removed: 0, ChangeKind.added: 1, ChangeKind.changed: 2}


@dataclass(frozen=True)
class Change:
    """One difference. `old` is meaningful unless the kind is `added`, `new` unless it is
    `removed` (a value may be `null`, so absence is said by the kind, not by None).

    For an item of a set (a grant type, a scope word, a redirect URI, an engagement value)
    `path` is the set's and the value is the item; for a webhook header, `path` ends in the
    header's name, as headers are compared by name. `summary` says what happened in manifest
    terms without any value (`endpoint changed`); `description` adds the values, inert.
    `masked` says the values are a header value or a credential, shown only as a mask.
    """

    path: JsonPath
    kind: ChangeKind
    effect: Effect
    summary: str
    old: Any = None
    new: Any = None
    masked: bool = False

    @property
    def path_text(self) -> str:
        """The path as people write it: `capabilities.webhooks["ms.X"].max_retries`; a
        header's name always in brackets (`headers["Authorization"]`), never read as a key."""
        *parent, last = self.path or ("",)
        if parent and parent[-1] == "headers" and isinstance(last, str):
            escaped = last.replace("\\", "\\\\").replace('"', '\\"')  # as format_path does
            return f'{format_path(tuple(parent))}["{escaped}"]'
        return format_path(self.path)

    @property
    def location(self) -> str:
        """`path_text`, inert: for a report."""
        return inert(self.path_text)

    @property
    def description(self) -> str:
        """One line: the summary, then the values (`max_retries lowered: 3 → 0`)."""
        if self.masked:
            return f"{self.summary} (value masked)"
        if self.kind is ChangeKind.changed:
            values = f"{show(self.old)} → {show(self.new)}"
        else:
            values = show(self.new if self.kind is ChangeKind.added else self.old)
        return f"{self.summary}: {values}" if self.summary else values

    @property
    def sort_key(self) -> tuple[int, tuple[tuple[int, str], ...], int, str, str]:
        """The report's order: by effect, then path, removals before additions; never the
        order of the keys in either file, so reordering a file changes nothing."""
        path = tuple(
            (0, f"{part:020d}") if isinstance(part, int) else (1, part) for part in self.path
        )
        item = canonical(self.new if self.kind is ChangeKind.added else self.old)
        return EFFECT_ORDER[self.effect], path, _KIND_ORDER[self.kind], item, self.summary


def show(value: Any) -> str:
    """A value from a manifest as one inert line: strings quoted, whole, as findings quote
    them; objects and arrays as compact JSON (a reviewer needs to see what was added)."""
    if isinstance(value, str):
        return "'" + inert(value) + "'"
    return inert(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))


def canonical(value: Any) -> str:
    """One text per JSON value, whatever its keys' order: how set items are told apart
    (`true` and `1` differ, `1` and `1.0` do not)."""
    return json.dumps(_numbers(value), sort_keys=True, ensure_ascii=True)


def _numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    return value


def same(old: Any, new: Any) -> bool:
    """Equal as JSON values: `true` is not `1` (as it is in Python), `1` is `1.0`."""
    return canonical(old) == canonical(new)
