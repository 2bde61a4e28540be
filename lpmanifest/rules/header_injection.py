"""## What it does
Finds webhook headers whose name or value contains a line break (CR or LF) or another
control character, and header names that are not an HTTP token (letters, digits and
``!#$%&'*+-.^_`|~``: no spaces, no colon).

## Why is this bad?
Headers are sent with every notification LivePerson delivers to the webhook. A line break
in a header ends it and starts another, so the request carries headers (or a body) that
nobody wrote on purpose; a name with a space or colon is not a header at all, and the
request is rejected or the header dropped.

## Example
```json
"headers": [
  {"header_name": "Authorization: Bearer", "header_value": "abc\r\nX-Admin: true"}
]
```

## Use instead
```json
"headers": [
  {"header_name": "Authorization", "header_value": "Bearer abc"}
]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.characters import C0_CONTROLS, DEL, HTTP_TOKEN, matching
from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import ordinary_headers

INFO = RuleInfo(
    "LPM204",
    "header-injection",
    Severity.ERROR,
    "A CR/LF in a webhook header, or a header name that is not an HTTP token.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("capabilities",), words=("headers",), unless=ordinary_headers)

# Field values may hold tabs, never other control characters (RFC 9110 section 5.5).
_CONTROL = matching(C0_CONTROLS + DEL, allowed="\t")


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for _hook, found in context.headers:
        for path, header in found:
            name = header.get("header_name")
            value = header.get("header_value")
            if isinstance(name, str) and name and not HTTP_TOKEN.fullmatch(name):
                at = (*path, "header_name")
                problem = (
                    "contains a line break or control character"
                    if _CONTROL.search(name)
                    else "is not a valid HTTP header name"
                )
                message = f"header name {show_value(name)} {problem}"
                yield INFO.finding(
                    doc.file,
                    doc.value_span(at),
                    at,
                    message,
                    help="a header name is letters, digits and !#$%&'*+-.^_`|~ only: "
                    "no spaces, colons or line breaks",
                )
            if isinstance(value, str) and _CONTROL.search(value):
                at = (*path, "header_value")
                label = f"header {show_value(name)}" if isinstance(name, str) else "the header"
                yield INFO.finding(
                    doc.file,
                    doc.value_span(at),
                    at,
                    f"the value of {label} contains a line break or control character",
                    help="a line break would start another header in every notification; remove it",
                )
