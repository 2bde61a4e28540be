"""## What it does
Finds scope values other than `msg.consumer`, the one scope the manifest's parameter table
lists (for example `faas.lambda.invoke`, which LivePerson Functions use).

## Why is this bad?
A scope outside the table is not granted because the manifest asks for it: LivePerson has
to enable it for the account, and the request is often refused or delayed. If the app
really needs it (a LivePerson Functions integration, say), agree on it with the Account
Management team first, then keep the warning quiet with `--ignore unlisted-scope` or the
configuration.

## Example
```json
"scope": "msg.consumer faas.lambda.invoke"
```

## Use instead
```json
"scope": "msg.consumer"
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lpmanifest.diagnostics import Finding, RuleInfo, Severity, show_value
from lpmanifest.load import Document
from lpmanifest.rules._helpers import string_span

INFO = RuleInfo(
    "LPM307",
    "unlisted-scope",
    Severity.WARNING,
    "A scope other than msg.consumer (e.g. faas.lambda.invoke).",
)

LISTED_SCOPES = frozenset({"msg.consumer"})
_TOKEN = re.compile(r"\S+")


def check(doc: Document) -> Iterator[Finding]:
    scope = doc.data.get("scope")
    if not isinstance(scope, str):
        return
    path = ("scope",)
    for match in _TOKEN.finditer(scope):
        if match.group() in LISTED_SCOPES:
            continue
        yield INFO.finding(
            doc.file,
            string_span(doc, path, scope, match.start(), match.end()),
            path,
            f"scope {show_value(match.group())} is not one the manifest tables list",
            help="the tables list only msg.consumer; LivePerson must enable any other "
            "scope for your account",
        )
