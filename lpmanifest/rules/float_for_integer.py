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

from collections.abc import Iterator
from typing import Any

from lpmanifest.diagnostics import Edit, Finding, Fix, JsonPath, RuleInfo, Severity, subject
from lpmanifest.load import Document

INFO = RuleInfo(
    "LPM318",
    "float-for-integer",
    Severity.WARNING,
    "A whole number written with a fraction part (3.0) where an integer is wanted.",
)


def _floats(data: Any) -> Iterator[tuple[JsonPath, float]]:
    """Whole numbers held as floats, with their paths (only theirs are built)."""
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, container = stack.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append(((*path, key), value))
            elif isinstance(value, float) and value.is_integer():
                yield (*path, key), value


def check(doc: Document) -> Iterator[Finding]:
    found = sorted(_floats(doc.data), key=lambda item: str(item[0]))
    if not found:
        return
    from lpmanifest.schema import load_schema, property_schema

    schema = load_schema()
    for path, value in found:
        node = property_schema(schema, path)
        if not isinstance(node, dict) or node.get("type") != "integer":
            continue
        whole = str(int(value))
        location = doc.locations.get(path)
        fix = None
        if location is not None:
            start, end = location.value_range
            if doc.text[start:end][:1] not in "'\"":
                fix = Fix(f"write {whole}", (Edit(start, end, whole),))
        yield INFO.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"{subject(path)} is {value!r}, written with a fraction part; it must be an integer",
            help=f"write {whole}",
            fix=fix,
        )
