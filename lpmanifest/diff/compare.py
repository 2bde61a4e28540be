"""Two manifests compared in manifest terms: `compare(old, new)` -> the changes, classed.

A pure function of two data values (what `source.read` loads, or any dict): no files, no
printing. What the manifest format means decides how each part compares:

- webhook events by name (the parameter table's spelling of ExConversationChangeNotification
  is the same event as the canonical one), each endpoint, max_retries (absent is 0) and
  headers by header_name (values masked); the retry policy's retention_time;
- grant_types, response_types, redirect_uris, enabled_for_profiles, the words of scope and
  the engagement lists as sets: order and repeats ignored, each item added or removed named;
- quick_launch_enabled (absent is false) and enabled (absent is true) by what they do;
- anything else, keys the format does not define included, generically: objects key by key,
  other values whole, each change with its JSON path.

The server-assigned fields (`manifest.SERVER_FIELDS`, `capabilities.broadcast`) describe one
installation, not the app: they are left out unless `server_fields` asks for them, so a
manifest downloaded from LivePerson compares equal with the file it was installed from, but
for a `client_secret` it carries: a credential is always compared (masked), since one in a
file is what a reviewer must see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from lpmanifest.diff.change import Change, ChangeKind, Effect, canonical, same
from lpmanifest.diff.mask import Masker, is_hidden
from lpmanifest.findings.model import JsonPath
from lpmanifest.manifest import (
    CANONICAL_EVENT_KEY,
    ENGAGEMENT,
    LOCALIZED_NAME,
    SECRET_KEYS,
    SERVER_CAPABILITIES,
    SERVER_FIELDS,
    TABLE_EVENT_KEY,
    WEBHOOKS,
)
from lpmanifest.output.redact import MASK

Item = TypeVar("Item")


class _Absent:
    """Where a key is not there at all (None is JSON's null: a value)."""

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT: Any = _Absent()

# The sets at the root that grant access, by what one item is called: an item added widens
# access, one removed narrows it.
_ACCESS_SETS = {
    "grant_types": "grant type",
    "response_types": "response type",
    "redirect_uris": "redirect URI",
    "enabled_for_profiles": "profile",
}
_COSMETIC = {
    "client_name": "client name",
    "display_name": "display name",
    "description": "description",
    "logo_uri": "logo",
}
_ENGAGEMENT_SETS = (
    "entry_point",
    "visitor_behavior",
    "target_audience",
    "goal",
    "consumer_identity",
)
_SERVER_ASSIGNED = "server-assigned field"


def compare(old: Any, new: Any, *, server_fields: bool = False) -> tuple[Change, ...]:
    """Every change from `old` to `new`, in report order (`Change.sort_key`: by effect, then
    path), the same whatever the order of either's keys. Empty when they are equal.

    Header values and credentials are masked in every change (`diff.mask`).
    """
    comparison = _Comparison(Masker(old, new), server_fields)
    if isinstance(old, dict) and isinstance(new, dict):
        comparison.root(old, new)
    else:
        comparison.generic((), old, new, Effect.other)
    return tuple(sorted(comparison.changes, key=lambda change: change.sort_key))


def _unchanged(old: Any, new: Any) -> bool:
    """The same value, or absent from both."""
    if old is _ABSENT or new is _ABSENT:
        return old is new
    return same(old, new)


def _kind(old: Any, new: Any) -> ChangeKind:
    if old is _ABSENT:
        return ChangeKind.added
    return ChangeKind.removed if new is _ABSENT else ChangeKind.changed


def _members(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Each key of either object (the old one's order, then the new one's others), with its
    value on each side (`_ABSENT` where that side has none)."""
    keys = [*old, *(key for key in new if key not in old)]
    return [(key, old.get(key, _ABSENT), new.get(key, _ABSENT)) for key in keys]


def _mapping(value: Any) -> dict[str, Any] | None:
    """An object as a mapping (absent: empty); None for anything else, compared generically."""
    if value is _ABSENT:
        return {}
    return value if isinstance(value, dict) else None


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Comparison:
    """One comparison's walk: the changes found so far, masked as they are recorded."""

    def __init__(self, masker: Masker, server_fields: bool) -> None:
        self.masker = masker
        self.server_fields = server_fields
        self.changes: list[Change] = []

    def add(
        self,
        path: JsonPath,
        kind: ChangeKind,
        effect: Effect,
        summary: str,
        old: Any = None,
        new: Any = None,
        *,
        masked: bool = False,
    ) -> None:
        masked = masked or is_hidden(path)
        mask = self.masker
        self.changes.append(
            Change(
                mask.path(path),
                kind,
                effect,
                summary,
                None if kind is ChangeKind.added else (MASK if masked else mask.value(old, path)),
                None if kind is ChangeKind.removed else (MASK if masked else mask.value(new, path)),
                masked,
            )
        )

    def generic(self, path: JsonPath, old: Any, new: Any, effect: Effect, label: str = "") -> None:
        """Objects key by key, anything else as a whole value."""
        if isinstance(old, dict) and isinstance(new, dict):
            for key, before, after in _members(old, new):
                self.generic((*path, key), before, after, effect, label)
            return
        if _unchanged(old, new):
            return
        kind = _kind(old, new)
        if kind is ChangeKind.changed:
            summary = f"{label} changed" if label else ""
        else:
            summary = f"{label} {kind.value}" if label else kind.value
        self.add(path, kind, effect, summary, old, new)

    def objects(
        self, path: JsonPath, old: Any, new: Any
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Both sides as objects (an absent side empty); None where either is something else,
        which is then reported as a whole, as a change of delivery."""
        before, after = _mapping(old), _mapping(new)
        if before is None or after is None:
            self.generic(path, old, new, Effect.changes_delivery)
            return None
        return before, after

    # -- the root ---------------------------------------------------------------------
    def root(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        for key, before, after in _members(old, new):
            path = (key,)
            if key in _ACCESS_SETS:
                noun = _ACCESS_SETS[key]
                self.set(path, before, after, noun, Effect.widens_access, Effect.narrows_access)
            elif key == "scope":
                self.set(path, before, after, "scope", Effect.widens_access, Effect.narrows_access)
            elif key in _COSMETIC or key.startswith(LOCALIZED_NAME):
                noun = _COSMETIC.get(key, "localized client name")
                self.generic(path, before, after, Effect.cosmetic, noun)
            elif key == "quick_launch_enabled":
                self.flag(path, before, after, False, "quick launch", Effect.narrows_access)
            elif key == "enabled":
                self.flag(path, before, after, True, "installation", Effect.stops_notifications)
            elif key == "entry_uri":
                self.entry_uri(before, after)
            elif key in SECRET_KEYS:
                self.secret(path, before, after)
            elif key == "capabilities":
                self.capabilities(before, after)
            elif key in SERVER_FIELDS:
                if self.server_fields:
                    self.generic(path, before, after, Effect.other, _SERVER_ASSIGNED)
            else:
                self.generic(path, before, after, Effect.other)

    def set(
        self, path: JsonPath, old: Any, new: Any, noun: str, added: Effect, removed: Effect
    ) -> None:
        """Items added and removed, whatever their order; a string is one item (scope: its
        words). A value that is no set at all is compared whole, as a widening would be."""
        words = path == ("scope",)
        before, after = _items(old, words), _items(new, words)
        if before is None or after is None:
            self.generic(path, old, new, added)
            return
        for key, item in before.items():
            if key not in after:
                self.add(path, ChangeKind.removed, removed, f"{noun} removed", old=item)
        for key, item in after.items():
            if key not in before:
                self.add(path, ChangeKind.added, added, f"{noun} added", new=item)
        # The same items, one side a string: how it is written, not what it says.
        respelled = isinstance(old, str) != isinstance(new, str) and _ABSENT not in (old, new)
        if respelled and not words and before.keys() == after.keys():
            shape = "written as a string" if isinstance(new, str) else "written as an array"
            self.add(path, ChangeKind.changed, Effect.cosmetic, shape, old, new)

    def flag(
        self, path: JsonPath, old: Any, new: Any, default: bool, noun: str, off: Effect
    ) -> None:
        """A switch by what it does (absent is its default): on widens access, off is `off`;
        the default written out or left implicit is cosmetic."""
        if any(value is not _ABSENT and not isinstance(value, bool) for value in (old, new)):
            self.generic(path, old, new, Effect.widens_access)
            return
        before = default if old is _ABSENT else old
        after = default if new is _ABSENT else new
        kind = _kind(old, new)
        if before != after:
            effect = Effect.widens_access if after else off
            self.add(path, kind, effect, f"{noun} {'enabled' if after else 'disabled'}", old, new)
        elif kind is not ChangeKind.changed:
            self.add(path, kind, Effect.cosmetic, _default_summary(kind), old, new)

    def entry_uri(self, old: Any, new: Any) -> None:
        """Where agents' SSO launches go: a new target widens access, none narrows it."""
        if _unchanged(old, new):
            return
        kind = _kind(old, new)
        effect = Effect.narrows_access if kind is ChangeKind.removed else Effect.widens_access
        self.add(("entry_uri",), kind, effect, f"entry URI {kind.value}", old, new)

    def secret(self, path: JsonPath, old: Any, new: Any) -> None:
        """A credential in the manifest: added or changed widens access (whoever reads the
        file can use it), removed narrows it. Its value is never shown."""
        if _unchanged(old, new):
            return
        kind = _kind(old, new)
        effect = Effect.narrows_access if kind is ChangeKind.removed else Effect.widens_access
        self.add(path, kind, effect, f"client secret {kind.value}", old, new, masked=True)

    # -- capabilities -----------------------------------------------------------------
    def capabilities(self, old: Any, new: Any) -> None:
        path = ("capabilities",)
        objects = self.objects(path, old, new)
        if objects is None:
            return
        for key, before, after in _members(*objects):
            if (*path, key) == WEBHOOKS:
                self.webhooks(before, after)
            elif (*path, key) == ENGAGEMENT:
                self.engagement(before, after)
            elif key in SERVER_CAPABILITIES:
                if self.server_fields:
                    self.generic((*path, key), before, after, Effect.other, _SERVER_ASSIGNED)
            else:
                self.generic((*path, key), before, after, Effect.other)

    def webhooks(self, old: Any, new: Any) -> None:
        """Events by name: one removed stops its notifications, one added is new delivery."""
        objects = self.objects(WEBHOOKS, old, new)
        if objects is None:
            return
        before, after = objects
        self.retry(before.get("retry", _ABSENT), after.get("retry", _ABSENT))
        removed, added, both = _matched(_events(before), _events(after))
        self.one_side(WEBHOOKS, removed, added, "event", Effect.stops_notifications)
        for (old_key, old_hook), (key, hook) in both:
            if old_key != key:
                self.respelled((*WEBHOOKS, key), "event key", old_key, key)
            self.webhook((*WEBHOOKS, key), old_hook, hook)

    def one_side(
        self,
        path: JsonPath,
        removed: list[tuple[str, Any]],
        added: list[tuple[str, Any]],
        noun: str,
        removing: Effect,
        *,
        masked: bool = False,
    ) -> None:
        """What only one side has, of members matched by name: removing has the effect
        given; adding changes delivery."""
        for key, value in removed:
            where = (*path, key)
            self.add(where, ChangeKind.removed, removing, f"{noun} removed", value, masked=masked)
        for key, value in added:
            where = (*path, key)
            summary = f"{noun} added"
            self.add(
                where, ChangeKind.added, Effect.changes_delivery, summary, new=value, masked=masked
            )

    def respelled(self, path: JsonPath, noun: str, old: str, new: str) -> None:
        """The same member under another spelling: cosmetic."""
        self.add(path, ChangeKind.changed, Effect.cosmetic, f"{noun} respelled", old, new)

    def webhook(self, path: JsonPath, old: Any, new: Any) -> None:
        if not (isinstance(old, dict) and isinstance(new, dict)):
            self.generic(path, old, new, Effect.changes_delivery)
            return
        for key, before, after in _members(old, new):
            if key == "endpoint":
                self.endpoint((*path, key), before, after)
            elif key == "max_retries":
                self.level((*path, key), before, after, 0, "max_retries")
            elif key == "headers":
                self.headers((*path, key), before, after)
            else:
                self.generic((*path, key), before, after, Effect.changes_delivery)

    def endpoint(self, path: JsonPath, old: Any, new: Any) -> None:
        """Notifications go elsewhere: the old endpoint stops receiving them."""
        if _unchanged(old, new):
            return
        kind = _kind(old, new)
        effect = Effect.changes_delivery if kind is ChangeKind.added else Effect.stops_notifications
        self.add(path, kind, effect, f"endpoint {kind.value}", old, new)

    def level(self, path: JsonPath, old: Any, new: Any, default: int | None, noun: str) -> None:
        """A count of retries or a retention time: lowered (or gone) loses notifications that
        would have been retried; raised (or added) changes delivery."""
        if any(value is not _ABSENT and not _is_count(value) for value in (old, new)):
            self.generic(path, old, new, Effect.changes_delivery)
            return
        kind = _kind(old, new)
        before = default if old is _ABSENT else old
        after = default if new is _ABSENT else new
        if before is None or after is None:  # no default: the policy itself added or removed
            effect = Effect.changes_delivery if after is not None else Effect.stops_notifications
            self.add(path, kind, effect, f"{noun} {kind.value}", old, new)
        elif after < before:
            self.add(path, kind, Effect.stops_notifications, f"{noun} lowered", old, new)
        elif after > before:
            self.add(path, kind, Effect.changes_delivery, f"{noun} raised", old, new)
        elif kind is not ChangeKind.changed:
            self.add(path, kind, Effect.cosmetic, _default_summary(kind), old, new)

    def headers(self, path: JsonPath, old: Any, new: Any) -> None:
        """Headers by name (as HTTP reads them, in any case); values are never shown."""
        before, after = _headers(old), _headers(new)
        if before is None or after is None:
            self.generic(path, old, new, Effect.changes_delivery)
            return
        removed, added, both = _matched(before, after)
        self.one_side(path, removed, added, "header", Effect.changes_delivery, masked=True)
        for (old_name, old_values), (name, values) in both:
            if old_values != values:
                self.add(
                    (*path, name),
                    ChangeKind.changed,
                    Effect.changes_delivery,
                    "header value changed",
                    masked=True,
                )
            if old_name != name:
                self.respelled((*path, name), "header name", old_name, name)

    def retry(self, old: Any, new: Any) -> None:
        path = (*WEBHOOKS, "retry")
        objects = self.objects(path, old, new)
        if objects is None:
            return
        for key, before, after in _members(*objects):
            if key == "retention_time":
                self.level((*path, key), before, after, None, "retention_time")
            else:
                self.generic((*path, key), before, after, Effect.changes_delivery)

    # -- engagement -------------------------------------------------------------------
    def engagement(self, old: Any, new: Any) -> None:
        """Where and to whom the app's engagements are offered: all of it changes delivery."""
        objects = self.objects(ENGAGEMENT, old, new)
        if objects is None:
            return
        delivery = Effect.changes_delivery
        for key, before, after in _members(*objects):
            if key in _ENGAGEMENT_SETS:
                self.set((*ENGAGEMENT, key), before, after, "value", delivery, delivery)
            else:
                self.generic((*ENGAGEMENT, key), before, after, delivery)


def _default_summary(kind: ChangeKind) -> str:
    return "default written out" if kind is ChangeKind.added else "default left implicit"


def _items(value: Any, words: bool) -> dict[str, Any] | None:
    """A set's items by their canonical text; None if the value is not a set of anything."""
    if value is _ABSENT:
        return {}
    if isinstance(value, str):
        return {canonical(word): word for word in (value.split() if words else [value])}
    if isinstance(value, list) and not words:
        return {canonical(item): item for item in value}
    return None


def _events(webhooks: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Each event's webhook by the event's canonical key, with the key as written."""
    events: dict[str, tuple[str, Any]] = {}
    for key, hook in webhooks.items():
        if key == "retry":
            continue
        alias = key == TABLE_EVENT_KEY and CANONICAL_EVENT_KEY not in webhooks
        events[CANONICAL_EVENT_KEY if alias else key] = (key, hook)
    return events


def _headers(value: Any) -> dict[str, tuple[str, list[str]]] | None:
    """Each header by its name folded to lower case: the name as written and what it holds
    (its value, and anything else its object holds, each as canonical text); None if the
    list is not one of named headers, to compare whole."""
    if value is _ABSENT:
        return {}
    if not isinstance(value, list):
        return None
    headers: dict[str, tuple[str, list[str]]] = {}
    for header in value:
        if not isinstance(header, dict) or not isinstance(header.get("header_name"), str):
            return None
        name = header["header_name"]
        rest = {key: item for key, item in header.items() if key != "header_name"}
        _, held = headers.setdefault(name.lower(), (name, []))
        held.append(canonical(rest))
    for _, held in headers.values():
        held.sort()
    return headers


def _matched(
    before: Mapping[Any, Item], after: Mapping[Any, Item]
) -> tuple[list[Item], list[Item], list[tuple[Item, Item]]]:
    """Two collections matched by name: what only the old one has, what only the new one
    has, and the pairs both have (in the new one's order)."""
    removed = [item for name, item in before.items() if name not in after]
    added = [item for name, item in after.items() if name not in before]
    both = [(before[name], item) for name, item in after.items() if name in before]
    return removed, added, both
