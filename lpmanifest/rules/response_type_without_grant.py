"""## What it does
Finds `response_types` other than `code` in an app that uses the `authorization_code`
grant. LivePerson's authorize endpoint documents one response type, `code`; `token` and
`id_token token` are the implicit flow, for which LivePerson has no grant type, and
`id_token` is not something the authorize endpoint returns.

Response types beside `client_credentials` alone are not reported: such an app never calls
the authorize endpoint, so they are simply unused, and LivePerson's own templates carry them
(`["code"]` in the custom-connector example, `["token"]` in LivePerson Functions').

## Why is this bad?
An app that sends `response_type=token` to the authorize endpoint gets an error instead of
a login; the manifest says it expects something it will never receive. This is information,
not an error: the values are legal in the parameter table.

## Example
```json
{
  "grant_types": ["authorization_code", "refresh_token"],
  "response_types": ["token"]
}
```

## Use instead
```json
{
  "grant_types": ["authorization_code", "refresh_token"],
  "response_types": ["code"]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import string_items

INFO = RuleInfo(
    "LPM402",
    "response-type-without-grant",
    Severity.INFO,
    "A response type other than `code` for the authorization-code flow.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("response_types",))

# What each response type asks the authorize endpoint for.
_FLOW = {
    "token": "the implicit flow's access token",
    "id_token token": "the implicit flow's tokens",
    "id_token": "an OpenID Connect ID token",
}


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    grants = context.grant_types
    if grants is None or all(grant != "authorization_code" for _, grant in grants):
        return  # the authorize endpoint is not used: response types are simply unused
    for index, response_type in string_items(doc.data, "response_types"):
        asked = _FLOW.get(response_type)
        if asked is None:
            continue  # `code`, or a value the schema reports
        path = ("response_types", index)
        yield INFO.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"response type {show_value(response_type)} asks for {asked}, which LivePerson's "
            "authorize endpoint does not return",
            help="LivePerson's authorize endpoint documents only response_type=code, "
            "the one the authorization_code grant uses",
        )
