"""## What it does
Finds webhook endpoints and the `entry_uri` that point at a development machine:
`localhost` and loopback addresses, private network addresses (`10.x`, `172.16-31.x`,
`192.168.x`, link-local, `fc00::/7`), `.local` names, and the hosts of tunnel services such
as ngrok, Cloudflare quick tunnels, localtunnel and VS Code dev tunnels.

## Why is this bad?
LivePerson's servers deliver notifications over the internet: they cannot reach a private
address, and a tunnel's address belongs to one developer's session and changes or expires.
Such a manifest works on the day it is tested and fails once it is installed.

## Example
```json
"ms.MessagingEventNotification.ContentEvent": {
  "endpoint": "https://4f2a-203-0-113-7.ngrok-free.app/liveperson/content"
}
```

## Use instead
```json
"ms.MessagingEventNotification.ContentEvent": {
  "endpoint": "https://hooks.acme.com/liveperson/content"
}
```
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value, subject
from lpmanifest.rules._helpers import host_of, ip_address, is_loopback, string_span
from lpmanifest.rules._placeholders import placeholders
from lpmanifest.rules._urls import LOCAL_SUFFIXES, TUNNEL_SUFFIXES, ordinary_urls

INFO = RuleInfo(
    "LPM312",
    "dev-tunnel-endpoint",
    Severity.WARNING,
    "An endpoint on localhost, a private address or a tunnel host (ngrok and the like).",
    __doc__ or "",
)
TRIGGER = trigger(keys=("capabilities", "entry_uri"), unless=ordinary_urls)

_LOOPBACK = "this machine (localhost)"
_JUDGED = frozenset({"endpoint", "entry_uri"})


@functools.lru_cache(maxsize=256)  # a manifest's URLs share a host or two
def classify(host: str) -> str | None:
    """What kind of development address `host` is, or None for a public one."""
    host = host.lower().rstrip(".")
    address = ip_address(host)
    if address is not None:
        if address.is_loopback:
            return _LOOPBACK
        if address.is_private or address.is_link_local or address.is_unspecified:
            return "a private network address"
        return None
    if "." not in host or host.endswith(LOCAL_SUFFIXES):
        return _LOOPBACK if is_loopback(host) else "a name only a local network resolves"
    if host.endswith(TUNNEL_SUFFIXES):
        return "a development tunnel whose address changes or expires"
    return None


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for field in context.urls:
        if field.kind not in _JUDGED:
            continue
        path, url = field.path, field.value
        host = host_of(url)
        if host is None:
            continue
        kind = classify(host[0])
        if kind is None or placeholders(url, path[-1]):
            continue  # a template slot is placeholder-value's finding
        yield INFO.finding(
            doc.file,
            string_span(doc, path, url, host[1], host[2]),
            path,
            f"{subject(path)} {show_value(url)} points at {kind}",
            help="LivePerson's servers must reach it from the internet: "
            "use the application's public HTTPS address",
        )
