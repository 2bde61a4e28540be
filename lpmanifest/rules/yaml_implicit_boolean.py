"""## What it does
Finds YAML values written `yes`, `no`, `on` or `off` (in any case) that YAML 1.1, and so
PyYAML and many other readers, turns into the booleans `true` and `false`. The fix keeps
what the field means: where the manifest wants a boolean it writes `true` or `false`,
where it wants text it quotes the word (`display_name: 'Yes'`). Elsewhere no fix is
offered: only the author knows.

## Why is this bad?
The manifest LivePerson receives is JSON. Whether `quick_launch_enabled: no` becomes `false`
or the string `"no"` depends on the YAML library that converts it: YAML 1.2 readers keep it a
string, which the schema rejects. And a name such as `display_name: Yes` becomes `true` in
YAML 1.1, which is no name at all. Writing `true`/`false`, or quoting text, means the same
thing everywhere.

## Example
```yaml
quick_launch_enabled: no
display_name: Yes
```

## Use instead
```yaml
quick_launch_enabled: false
display_name: 'Yes'
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Edit, Finding, Fix, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import inert, subject
from lpmanifest.manifest import value_at

INFO = RuleInfo(
    "LPM301",
    "yaml-implicit-boolean",
    Severity.WARNING,
    "`yes`/`no`/`on`/`off` read as booleans by YAML 1.1.",
    __doc__ or "",
)
TRIGGER = trigger(formats=("yaml",))


def _wanted(path: JsonPath) -> tuple[str, ...]:
    """The JSON types the schema allows at `path` (none where it says nothing)."""
    from lpmanifest.schema import load_schema, property_schema

    node = property_schema(load_schema(), path)
    kind = node.get("type", ()) if isinstance(node, dict) else ()
    return (kind,) if isinstance(kind, str) else tuple(kind)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    # Paths that share a written value (an anchor and its aliases) get one finding there,
    # and a fix only where every one of them wants the same kind of value.
    places: dict[int, list[JsonPath]] = {}
    for path in doc.implicit_booleans:
        places.setdefault(doc.locations[path].value_range[1], []).append(path)
    for end, paths in places.items():
        # The word ends the value (after an anchor, if it has one): one word, one line.
        written = doc.plain[paths[0]].text
        start = end - len(written)
        meaning = "true" if value_at(doc.data, paths[0]) else "false"
        wanted = {kind for path in paths for kind in _wanted(path) if kind in _KINDS} or {""}
        path = paths[0]
        if wanted == {"boolean"}:
            fix: Fix | None = Fix(f"write {meaning}", (Edit(start, end, meaning),))
            help = f"write {meaning}, which every YAML reader agrees on"
        elif wanted == {"string"}:
            fix = Fix(f"quote it: '{written}'", (Edit(start, end, f"'{written}'"),))
            help = f"{subject(path)} is text: quote it ('{inert(written)}')"
        else:
            fix = None
            help = f"write {meaning} for the boolean, or quote it for the text"
        yield INFO.finding(
            doc.file,
            doc.span_of(start, end),
            path,
            f"{inert(written)!r} is read as the boolean {meaning} by YAML 1.1 only",
            help=help,
            fix=fix,
        )


_KINDS = frozenset({"boolean", "string"})
