"""## What it does
Finds a webhook that lists the same header name twice (names compare without regard to
case, as HTTP compares them).

## Why is this bad?
Which of the two values the notification carries depends on how LivePerson builds the
request: one is dropped, or both are sent and the webhook reads one of them. Either way
one of the two lines does not do what it says.

## Example
```json
"headers": [
  {"header_name": "Authorization", "header_value": "Bearer old-token"},
  {"header_name": "authorization", "header_value": "Bearer new-token"}
]
```

## Use instead
```json
"headers": [
  {"header_name": "Authorization", "header_value": "Bearer new-token"}
]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import ordinary_headers

INFO = RuleInfo(
    "LPM311",
    "duplicate-header",
    Severity.WARNING,
    "The same header name twice in one webhook.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("capabilities",), words=("headers",), unless=ordinary_headers)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for _hook, found in context.headers:
        first: dict[str, JsonPath] = {}
        for path, header in found:
            name = header.get("header_name")
            if not isinstance(name, str) or not name.strip():
                continue
            folded = name.strip().lower()
            if folded not in first:
                first[folded] = path
                continue
            at = (*path, "header_name")
            earlier = doc.value_span((*first[folded], "header_name"))
            yield INFO.finding(
                doc.file,
                doc.value_span(at),
                at,
                f"header {show_value(name)} is listed twice for this webhook",
                help=f"the first is at line {earlier.line}; keep one of them",
            )
