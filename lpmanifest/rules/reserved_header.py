"""## What it does
Finds webhook headers whose name starts with `X-LivePerson-` (in any case).

## Why is this bad?
LivePerson sets headers with that prefix on its notifications itself, to identify and
sign them. A custom header of the same name is overwritten or sent twice, and the webhook
may read the wrong one.

## Example
```json
"headers": [{"header_name": "X-LivePerson-Account", "header_value": "12345678"}]
```

## Use instead
```json
"headers": [{"header_name": "X-Acme-Account", "header_value": "12345678"}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import RESERVED_PREFIX, ordinary_headers

INFO = RuleInfo(
    "LPM310",
    "reserved-header",
    Severity.WARNING,
    "A custom webhook header named X-LivePerson-..., a prefix LivePerson sets itself.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("capabilities",), words=("headers",), unless=ordinary_headers)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for _hook, found in context.headers:
        for path, header in found:
            name = header.get("header_name")
            if isinstance(name, str) and name.strip().lower().startswith(RESERVED_PREFIX):
                at = (*path, "header_name")
                yield INFO.finding(
                    doc.file,
                    doc.value_span(at),
                    at,
                    f"header {show_value(name)} uses the X-LivePerson- prefix, "
                    "which LivePerson sets on notifications itself",
                    help="choose a name with your own prefix, such as X-Acme-...",
                )
