"""## What it does
Finds a manifest whose `grant_types` include `authorization_code` but that has no
`redirect_uris` (or an empty list).

## Why is this bad?
In the authorization code flow, LivePerson sends the code to one of the registered
redirect URIs. With none registered, the flow cannot complete: every login of the app
fails at its first step, and nothing in the manifest's schema says so.

## Example
```json
{
  "client_name": "com.acme.agent-dashboard",
  "grant_types": ["authorization_code"],
  "response_types": ["code"]
}
```

## Use instead
```json
{
  "client_name": "com.acme.agent-dashboard",
  "grant_types": ["authorization_code"],
  "response_types": ["code"],
  "redirect_uris": ["https://dashboard.acme.com/oauth/callback"]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity

INFO = RuleInfo(
    "LPM202",
    "authorization-code-without-redirect-uris",
    Severity.ERROR,
    "The authorization_code grant with no redirect_uris to send the code to.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("grant_types",), words=("authorization_code",))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    redirects = doc.data.get("redirect_uris")
    if redirects is not None and not (isinstance(redirects, list) and not redirects):
        return  # present (a wrong type is the schema's finding)
    for index, grant in context.grant_types or ():
        if grant == "authorization_code":
            path = ("grant_types", index)
            missing = "is empty" if redirects == [] else "is missing"
            yield INFO.finding(
                doc.file,
                doc.value_span(path),
                path,
                f"grant_types includes 'authorization_code' but redirect_uris {missing}",
                help="add redirect_uris: the HTTPS URIs LivePerson may send the code to",
            )
