"""## What it does
Finds `response_types` that no listed grant type can produce: `code` without the
`authorization_code` grant, and `token` (or `id_token token`), which the implicit flow
returns, when no grant allows that flow (LivePerson's grant types do not include `implicit`).
Without `grant_types`, OAuth 2.0 client registration (RFC 7591) takes `authorization_code`.

## Why is this bad?
The response type says what the authorization endpoint returns, the grant type how the
app gets its tokens; they come in pairs. A `code` response with only `client_credentials`
is a contradiction that LivePerson's team has to ask about, and an app that requests it is
refused at run time.

## Example
```json
{
  "grant_types": ["client_credentials"],
  "response_types": ["code"]
}
```

## Use instead
```json
{
  "grant_types": ["authorization_code", "refresh_token"],
  "response_types": ["code"]
}
```
(or leave `response_types` out for a server-to-server `client_credentials` app)
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.diagnostics import Finding, RuleInfo, Severity
from lpmanifest.load import Document
from lpmanifest.rules._helpers import string_items, string_list

INFO = RuleInfo(
    "LPM302",
    "response-type-without-grant",
    Severity.WARNING,
    "`code` without authorization_code, or `token` without an implicit-capable grant.",
)

# RFC 7591 section 2.1: the grant type each response type goes with.
_GRANT_FOR = {"code": "authorization_code", "token": "implicit", "id_token token": "implicit"}
_DEFAULT_GRANTS = ["authorization_code"]


def check(doc: Document) -> Iterator[Finding]:
    if "grant_types" in doc.data:
        grants = string_list(doc.data, "grant_types")
        if grants is None:
            return  # not an array: the schema's finding
    else:
        grants = _DEFAULT_GRANTS
    for index, response_type in string_items(doc.data, "response_types"):
        needed = _GRANT_FOR.get(response_type)
        if needed is None or needed in grants:
            continue
        path = ("response_types", index)
        if needed == "implicit":
            message = (
                f"response type {response_type!r} is the implicit flow, "
                "which none of the grant types allows"
            )
            help = "LivePerson's grant types have no implicit grant; use 'code' instead"
        else:
            message = (
                f"response type {response_type!r} needs the {needed} grant, "
                "which grant_types does not list"
            )
            help = f"add {needed} to grant_types, or remove {response_type!r} from response_types"
        yield INFO.finding(doc.file, doc.value_span(path), path, message, help=help)
