"""What a manifest's data is, apart from any source: the keys that hold credentials, how a
key is spelt, and a walk over every path. Loading, checks and output all ask these."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from lpmanifest.findings.model import JsonPath

SECRET_KEYS = frozenset({"client_secret"})

# The fields LivePerson assigns when it installs an application (a manifest downloaded from
# its API carries them); inside `capabilities`, what it reports of the app's broadcasts.
SERVER_FIELDS = ("id", "client_id", "client_id_issued_at", "client_secret_expires_at", "deleted")
SERVER_CAPABILITIES = ("broadcast",)

# Where a manifest's webhooks and engagement settings are.
WEBHOOKS: JsonPath = ("capabilities", "webhooks")
ENGAGEMENT: JsonPath = ("capabilities", "engagement")

# The parameter table's spelling of one webhook event, and the key every LivePerson example
# uses for it: LivePerson accepts both for the same notifications.
TABLE_EVENT_KEY = "ms.MessagingEventNotification.ExConversationChangeNotification"
CANONICAL_EVENT_KEY = "cqm.ExConversationChangeNotification"

# A localized client name is this prefix and a language tag: `client_name#ja-JP`.
LOCALIZED_NAME = "client_name#"

# Keys of a LivePerson manifest that other formats named "manifest" use too (a web app
# manifest has `description`, `scope` and `id`): they say nothing about what a file is.
SHARED_KEYS = frozenset({"description", "scope", "id", "enabled", "deleted"})
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def key_spelling(key: str) -> str:
    """A key as the schema spells keys: `clientName`, `Client-Name` -> `client_name`."""
    return _CAMEL_HUMP.sub("_", key.strip()).lower().replace("-", "_")


def is_secret(path: JsonPath) -> bool:
    """Whether the value at `path` is, or is inside, a credential."""
    return any(part in SECRET_KEYS for part in path)


def value_at(data: Any, path: JsonPath, default: Any = None) -> Any:
    """The value at `path`, or `default` where an object, an array or a key on the way is
    missing (or is not what the path needs: an index into an object, a key into a list)."""
    node: Any = data
    for part in path:
        if isinstance(node, (dict, Mapping)):  # (dict first: it spares the ABC its check)
            if part not in node:
                return default
        elif not (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            return default
        node = node[part]
    return node


def iter_paths(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every (path, value) in the data, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))
