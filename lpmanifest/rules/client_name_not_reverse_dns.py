"""## What it does
Finds a `client_name` that is not a reverse-DNS name such as
`com.acme.support-connector` (labels of letters, digits, `-` and `_`, separated by dots).

## Why is this bad?
The `client_name` identifies the application across LivePerson's systems, and the
parameter table asks for a unique name such as `com.liveperson.applicationName`. A
reverse-DNS name under your own domain is unique by construction; "Support Bot" is not.
The human-readable name belongs in `display_name`.

## Example
```json
{
  "client_name": "Acme Support Connector"
}
```

## Use instead
```json
{
  "client_name": "com.acme.support-connector",
  "display_name": "Acme Support Connector"
}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._placeholders import placeholders

INFO = RuleInfo(
    "LPM401",
    "client-name-not-reverse-dns",
    Severity.INFO,
    "A client_name that is not a reverse-DNS name like com.acme.support-connector.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("client_name",))

_REVERSE_DNS = re.compile(r"[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)+")


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    name = doc.data.get("client_name")
    if not isinstance(name, str) or not name.strip() or _REVERSE_DNS.fullmatch(name):
        return
    path = ("client_name",)
    if placeholders(name, "client_name"):
        return  # placeholder-value says what is wrong with it
    yield INFO.finding(
        doc.file,
        doc.value_span(path),
        path,
        f"client_name {show_value(name)} is not a reverse-DNS name",
        help="use a unique name under your own domain, such as com.acme.support-connector; "
        "the human-readable name goes in display_name",
    )
