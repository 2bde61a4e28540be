"""## What it does
Finds a number written with a fraction part (`3.0`, `1e1`) where the manifest wants an
integer (`max_retries`, `retention_time`, the IDs of `enabled_for_profiles`). The fix writes
the same number as an integer.

## Why is this bad?
JSON Schema counts `3.0` as an integer, so it passes the schema; but the manifest
LivePerson receives then holds `3.0`, and a strict reader on the other side (a Java `int`)
refuses it, or the person reading the manifest wonders whether a fraction was meant.

## Example
```json
"max_retries": 3.0
```

## Use instead
```json
"max_retries": 3
```
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Edit, Finding, Fix, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import subject

INFO = RuleInfo(
    "LPM318",
    "float-for-integer",
    Severity.WARNING,
    "A whole number written with a fraction part (3.0) where an integer is wanted.",
    __doc__ or "",
)
# The top-level keys under which the schema wants an integer (`integer_fields`, which reads
# the schema, is not worked out at import: a test holds the two to the same keys).
TRIGGER = trigger(
    keys=("capabilities", "enabled_for_profiles", "client_id_issued_at", "client_secret_expires_at")
)


# The places where the schema wants an integer, as a tree of keys: `None` stands for any key
# or list index (an event type, an item), `_LEAF` for the integer itself.
_Tree = dict[str | None, Any]
_LEAF: _Tree = {}


@functools.cache
def integer_fields() -> _Tree:
    """Where the bundled schema wants an integer, as a tree of keys (read once)."""
    from lpmanifest.schema import load_schema, resolve_ref

    schema = load_schema()
    tree: _Tree = {}

    def visit(node: Any, at: _Tree, key: str | None) -> None:
        while isinstance(node, dict) and "$ref" in node:
            node = resolve_ref(schema, node["$ref"])
        if not isinstance(node, dict):
            return
        if node.get("type") == "integer":
            at[key] = _LEAF
            return
        below: _Tree = {}
        for name, child in node.get("properties", {}).items():
            visit(child, below, name)
        for child in node.get("patternProperties", {}).values():
            visit(child, below, None)
        if isinstance(node.get("items"), dict):
            visit(node["items"], below, None)
        if below:
            at[key] = below

    visit(schema, tree, None)
    root: _Tree = tree.get(None, {})
    return root


def _floats(node: Any, tree: _Tree, path: JsonPath, found: list[tuple[JsonPath, float]]) -> None:
    """Collect the whole numbers held as floats where `tree` wants integers."""
    if tree is _LEAF:
        if isinstance(node, float) and node.is_integer():
            found.append((path, node))
        return
    if isinstance(node, dict):
        for key, below in tree.items():
            if key is None:
                for name, value in node.items():
                    _floats(value, below, (*path, name), found)
            elif key in node:
                _floats(node[key], below, (*path, key), found)
    elif isinstance(node, list) and None in tree:
        for index, value in enumerate(node):
            _floats(value, tree[None], (*path, index), found)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    if not doc.holds_floats:
        return  # (nearly every manifest: its numbers are integers)
    found: list[tuple[JsonPath, float]] = []
    _floats(doc.data, integer_fields(), (), found)
    for path, value in found:
        whole = str(int(value))
        location = doc.locations.get(path)
        fix = None
        if location is not None:  # (a float is never quoted: quoted, it is a string)
            start, end = location.value_range
            fix = Fix(f"write {whole}", (Edit(start, end, whole),))
        yield INFO.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"{subject(path)} is {value!r}, written with a fraction part; it must be an integer",
            help=f"write {whole}",
            fix=fix,
        )
