"""What `--online` will contact for one document, worked out where the document is checked.

A plan is small and plain (it crosses processes with `--jobs`): each URL with its field and
the span of its value, each webhook event with its endpoint and the manifest's own headers,
and the document's suppression comments. The network is not touched here.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from typing import NamedTuple

from lpmanifest.characters import C0_CONTROLS, DEL, HTTP_TOKEN, matching
from lpmanifest.check.context import Context
from lpmanifest.check.suppress import Directive
from lpmanifest.findings.model import JsonPath, Span
from lpmanifest.source.document import Document

HostKey = tuple[str, str, int]  # scheme, host, port: what one host check contacts


class UrlTarget(NamedTuple):
    """One URL of a manifest: which field holds it, where, and its parts."""

    kind: str  # "endpoint", "redirect_uri", "entry_uri" or "logo_uri"
    path: JsonPath
    span: Span
    url: str
    scheme: str  # lower case: "https" or "http"
    host: str
    port: int

    @property
    def host_key(self) -> HostKey:
        return self.scheme, self.host, self.port


class EventTarget(NamedTuple):
    """One webhook event to post a sample of, to its endpoint, with the manifest's headers."""

    event: str  # the key under capabilities.webhooks
    path: JsonPath  # the endpoint's
    span: Span
    url: str
    headers: tuple[tuple[str, str], ...]
    host: HostKey  # the endpoint's scheme, host and port


class Plan(NamedTuple):
    """Everything `--online` needs of one document."""

    file: str
    urls: tuple[UrlTarget, ...]
    events: tuple[EventTarget, ...]
    directives: tuple[Directive, ...]


def plan(doc: Document, context: Context | None = None) -> Plan:
    """The URLs and webhook events of `doc` (a loaded manifest; nothing for any other)."""
    if not (doc.loaded and isinstance(doc.data, dict)):
        return Plan(doc.file, (), (), ())
    context = context or Context(doc)
    urls: list[UrlTarget] = []
    for field in context.urls:
        target = _url_target(doc, field.kind, field.path, field.value)
        if target is not None:
            urls.append(target)
    events: list[EventTarget] = []
    for path, hook in context.webhooks:
        endpoint = hook.get("endpoint")
        where = (*path, "endpoint")
        target = (
            _url_target(doc, "endpoint", where, endpoint) if isinstance(endpoint, str) else None
        )
        if target is None:
            continue
        events.append(
            EventTarget(
                str(path[-1]), where, target.span, target.url, _headers(hook), target.host_key
            )
        )
    return Plan(doc.file, tuple(urls), tuple(events), tuple(context.directives))


def _url_target(doc: Document, kind: str, path: JsonPath, url: str) -> UrlTarget | None:
    """The URL's parts, if it is an absolute http(s) URL with a host; None for anything else
    (a custom scheme, a relative reference: the static rules judge those)."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in ("https", "http") or not host:
        return None
    if kind == "redirect_uri" and scheme == "http" and _is_loopback(host):
        # A native app's loopback redirect (RFC 8252, section 7.3): the browser on the
        # user's machine reaches it, while the app runs; nobody else ever can.
        return None
    span = doc.value_span(path)
    return UrlTarget(
        kind, path, span, url.strip(), scheme, host, port or (443 if scheme == "https" else 80)
    )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _headers(hook: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """The manifest's own headers for a webhook: LivePerson adds them to each notification.
    One that HTTP cannot carry is left out (header-injection reports it)."""
    listed = hook.get("headers")
    if not isinstance(listed, list):
        return ()
    control = matching(C0_CONTROLS + DEL, allowed="\t")
    found = []
    for header in listed:
        if isinstance(header, dict):
            name, value = header.get("header_name"), header.get("header_value")
            if (
                isinstance(name, str)
                and isinstance(value, str)
                and HTTP_TOKEN.fullmatch(name)
                and not control.search(value)
            ):
                found.append((name, value))
    return tuple(found)
