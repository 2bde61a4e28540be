"""## What it does
Finds `grant_types` that include `refresh_token` without `authorization_code`.

## Why is this bad?
A refresh token is issued with the tokens of the authorization code flow, so that the app
can renew them without asking the user again. The client credentials flow issues no
refresh token (RFC 6749 section 4.4.3): the app simply asks for a new token. A
`refresh_token` grant on its own is never used, and suggests the flow was misunderstood.

## Example
```json
{
  "grant_types": ["client_credentials", "refresh_token"]
}
```

## Use instead
```json
{
  "grant_types": ["client_credentials"]
}
```
or, for an app that users log in to:
```json
{
  "grant_types": ["authorization_code", "refresh_token"]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity

INFO = RuleInfo(
    "LPM303",
    "refresh-token-without-authorization-code",
    Severity.WARNING,
    "The refresh_token grant without the authorization_code grant that issues it.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("grant_types",), words=("refresh_token",))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    grants = context.grant_types
    if grants is None or any(grant == "authorization_code" for _, grant in grants):
        return
    for index, grant in grants:
        if grant == "refresh_token":
            path = ("grant_types", index)
            yield INFO.finding(
                doc.file,
                doc.value_span(path),
                path,
                "grant_types includes 'refresh_token' but not 'authorization_code', "
                "the flow that issues refresh tokens",
                help="remove refresh_token, or add authorization_code if users log in to the app",
            )
