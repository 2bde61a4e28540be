"""What a manifest's data is, apart from any source: the keys that hold credentials, and a
walk over every path. Loading, rules and output all ask these; none of them owns them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lpmanifest.findings.model import JsonPath

SECRET_KEYS = frozenset({"client_secret"})


def is_secret(path: JsonPath) -> bool:
    """Whether the value at `path` is, or is inside, a credential."""
    return any(part in SECRET_KEYS for part in path)


def iter_paths(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every (path, value) in the data, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))
