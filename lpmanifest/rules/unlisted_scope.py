"""## What it does
Finds scope values that LivePerson does not document for an application: it documents
`msg.consumer` (the parameter table's one value, for messaging connectors and web apps) and
`faas.lambda.invoke` (the templates of LivePerson Functions' external invocation). A token
close to one of them is named as the likely misspelling.

## Why is this bad?
A scope is not granted because the manifest asks for it. A misspelt scope (`msg.consumers`)
gives tokens that every API refuses, and LivePerson has to enable an undocumented one for
the account, if it exists at all; either way the request comes back from Account Management
days later. If the app really needs another scope, agree on it with the Account Management
team first, then keep the warning quiet with `--ignore unlisted-scope` or the configuration.

## Example
```json
"scope": "msg.consumers"
```

## Use instead
```json
"scope": "msg.consumer"
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import string_span

INFO = RuleInfo(
    "LPM307",
    "unlisted-scope",
    Severity.WARNING,
    "A scope LivePerson does not document (msg.consumer and faas.lambda.invoke are).",
    __doc__ or "",
)
TRIGGER = trigger(keys=("scope",))

# Every scope a LivePerson page documents for an application's manifest.
KNOWN_SCOPES = ("msg.consumer", "faas.lambda.invoke")
_TOKEN = re.compile(r"\S+")


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    scope = doc.data.get("scope")
    if not isinstance(scope, str) or scope in KNOWN_SCOPES:
        return  # (a known scope alone: nearly every manifest)
    path = ("scope",)
    for match in _TOKEN.finditer(scope):
        token = match.group()
        if token in KNOWN_SCOPES:
            continue
        from lpmanifest.findings.wording import suggest

        guess = suggest(token, KNOWN_SCOPES)
        known = "LivePerson documents msg.consumer and faas.lambda.invoke (LivePerson Functions)"
        yield INFO.finding(
            doc.file,
            string_span(doc, path, scope, match.start(), match.end()),
            path,
            f"scope {show_value(token)} is not one that LivePerson documents",
            help=f"did you mean {guess!r}? {known}"
            if guess
            else f"{known}; any other scope must be enabled for your account first",
        )
