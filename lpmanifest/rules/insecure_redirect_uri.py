"""## What it does
Finds `redirect_uris` that use plain `http://` for any host other than the local machine
(`localhost`, `127.0.0.1`, `[::1]`).

## Why is this bad?
LivePerson sends the authorization code (or a token) to the redirect URI in the browser's
address. Over plain HTTP anyone on the network path can read it and log in as the user.
OAuth 2.0 allows `http` only for a redirect that never leaves the machine.

## Example
```json
"redirect_uris": ["http://dashboard.acme.com/oauth/callback"]
```

## Use instead
```json
"redirect_uris": ["https://dashboard.acme.com/oauth/callback"]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import host_of, is_loopback, string_span
from lpmanifest.rules._urls import ordinary_urls

INFO = RuleInfo(
    "LPM306",
    "insecure-redirect-uri",
    Severity.WARNING,
    "An http:// redirect URI for a host other than localhost.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("redirect_uris",), unless=ordinary_urls)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for kind, path, uri in context.urls:
        if kind != "redirect_uri":
            continue
        written = uri.lstrip()
        if not written.lower().startswith("http://"):
            continue
        host = host_of(uri)
        if host is not None and is_loopback(host[0]):
            continue
        scheme = uri.find(written)
        yield INFO.finding(
            doc.file,
            string_span(doc, path, uri, scheme, scheme + len("http://")),
            path,
            f"redirect URI {show_value(uri)} is plain HTTP: the authorization code "
            "would travel unencrypted",
            help="use https://; http:// is only safe for localhost during development",
        )
