"""## What it does
Finds YAML values written `yes`, `no`, `on` or `off` (in any case) that YAML 1.1, and so
PyYAML and many other readers, turns into the booleans `true` and `false`.

## Why is this bad?
The manifest LivePerson receives is JSON. Whether `quick_launch_enabled: no` becomes `false`
or the string `"no"` depends on the YAML library that converts it: YAML 1.2 readers keep it a
string, which the schema rejects. Writing `true`/`false` means the same thing everywhere.

## Example
```yaml
quick_launch_enabled: no
```

## Use instead
```yaml
quick_launch_enabled: false
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.diagnostics import Edit, Finding, Fix, RuleInfo, Severity, inert
from lpmanifest.load import Document

INFO = RuleInfo(
    "LPM301",
    "yaml-implicit-boolean",
    Severity.WARNING,
    "`yes`/`no`/`on`/`off` read as booleans by YAML 1.1.",
)


def check(doc: Document) -> Iterator[Finding]:
    for path in doc.implicit_booleans:
        location = doc.locate(path)
        if location is None or location.value_range is None:
            continue
        start, end = location.value_range
        written = doc.text[start:end]
        meaning = "true" if written.lower() in ("yes", "on", "y") else "false"
        fix = Fix(f"write {meaning}", (Edit(start, end, meaning),))
        yield INFO.finding(
            doc.file,
            location.value,
            path,
            f"{inert(written)!r} is read as the boolean {meaning} by YAML 1.1 only",
            help=f"write {meaning}, which every YAML reader agrees on",
            fix=fix,
        )
