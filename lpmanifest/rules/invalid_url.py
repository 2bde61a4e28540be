"""## What it does
Checks each URL field for what LivePerson accepts there (RFC 3986), field by field:

- a webhook `endpoint` is an absolute `https://` URL with a host, a valid port, no white
  space and no fragment; query parameters are fine ("the url to send the notification
  to, including query parameters");
- each of the `redirect_uris` is an absolute URI without a fragment (RFC 6749 section
  3.1.2): not empty, not relative (`/callback`), not `javascript:` or `data:`. A native
  app's own scheme (`com.acme.app:/oauth`) is fine; plain `http://` is
  `insecure-redirect-uri`'s warning;
- `entry_uri` is an absolute `https://` URL (plain `http://` is `insecure-entry-uri`'s
  warning; any other scheme is this error);
- `logo_uri` is a URI reference without white space: a relative path is fine, as in
  LivePerson's own example (`/src/modules/campaigns/assets/img/software/Mobile-App.png`).

Wherever there is a host, it must be a registered name (internationalized names such as
`bücher.example` included), an IPv4 address, or an IPv6 address in brackets
(`[2001:db8::1]`), and a port must be a number from 1 to 65535. The finding points at the
character or the part that is wrong.

An endpoint that does not start with `https://` is the schema's `invalid-format` finding
(which, for `HTTPS://` in another case, offers to write the scheme in lower case), and
template text such as `https://{YOUR_APPLICATION_DOMAIN}/appentry` is `placeholder-value`'s:
this rule says nothing about either.

## Why is this bad?
LivePerson's Connector App Hub rejects more URLs than its parameter table says, so a
manifest that passes the table comes back from the Account Management team. And a URL it
accepted can still never work: a notification to a URL with a space in it or to port 99999
goes nowhere; the fragment of an endpoint is never sent to a server; the authorization
server refuses a redirect URI that is relative or has a fragment; a `javascript:` or
`data:` redirect would run code or show a page instead of returning to the application.

## Example
```json
{
  "redirect_uris": ["/oauth/callback", "https://app.acme.com/oauth/callback#done"],
  "entry_uri": "ftp://app.acme.com/launch",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://hooks.acme.com:99999/liveperson/content"
      }
    }
  }
}
```

## Use instead
```json
{
  "redirect_uris": ["https://app.acme.com/oauth/callback"],
  "entry_uri": "https://app.acme.com/launch",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://hooks.acme.com:8443/liveperson/content"
      }
    }
  }
}
```
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from lpmanifest.check.context import Context, UrlKind
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import show_value, subject
from lpmanifest.rules._helpers import string_span
from lpmanifest.rules._placeholders import placeholders
from lpmanifest.rules._urls import Url, bad_character, describe_character, ordinary_urls, parse_url
from lpmanifest.source.document import Document

INFO = RuleInfo(
    "LPM205",
    "invalid-url",
    Severity.ERROR,
    "A URL field LivePerson refuses: white space, no host, a bad port, a fragment.",
    __doc__ or "",
)
TRIGGER = trigger(
    keys=("capabilities", "redirect_uris", "entry_uri", "logo_uri"), unless=ordinary_urls
)

_HOST_HELP = (
    "a host is a domain name, an IPv4 address, or an IPv6 address in brackets such as [2001:db8::1]"
)
_PORT_HELP = "a port is a number from 1 to 65535"
_USERINFO_HELP = (
    "the user information before '@' may hold letters, digits, -._~!$&'()*+,;=: and %-escapes"
)
_WEB = ("http", "https")


class Verdict(NamedTuple):
    """What is wrong with a URL: where in the string, said after the value, and the help."""

    start: int
    end: int
    words: str
    help: str


Judge = Callable[[str], Verdict | None]


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for kind, path, value in context.urls:
        verdict = _JUDGES[kind](value)
        if verdict is not None and not placeholders(value, path[-1]):
            # (Template text is placeholder-value's finding.)
            yield _finding(doc, path, value, verdict)


def _finding(doc: Document, path: JsonPath, value: str, verdict: Verdict) -> Finding:
    if value:
        span = string_span(doc, path, value, verdict.start, verdict.end)
    else:
        span = doc.value_span(path)
    return INFO.finding(
        doc.file, span, path, f"{subject(path)} {show_value(value)} {verdict.words}", verdict.help
    )


# -- the fields ---------------------------------------------------------------------------------


def _endpoint(url: str) -> Verdict | None:
    if not url.startswith("https://"):
        return None  # the schema's invalid-format (with the fix, for `HTTPS://`)
    parsed = parse_url(url)
    return (
        _characters(url)
        or _authority(url, parsed, need_host=True)
        or _fragment(
            url,
            parsed,
            "a fragment is never sent to the server: remove it (query parameters are allowed)",
        )
    )


def _redirect_uri(url: str) -> Verdict | None:
    if not url:
        return Verdict(
            0, 0, "is empty", "a redirect URI is absolute, such as https://app.acme.com/callback"
        )
    found = _characters(url)
    if found:
        return found
    parsed = parse_url(url)
    if not parsed.scheme:
        return Verdict(
            0,
            len(url),
            "is relative: a redirect URI must be absolute (RFC 6749 section 3.1.2)",
            "write the whole URI, such as https://app.acme.com/oauth/callback",
        )
    if parsed.scheme == "javascript":
        return _scheme(url, parsed, "runs script instead of returning to the application")
    if parsed.scheme == "data":
        return _scheme(url, parsed, "carries a page instead of returning to the application")
    return _authority(url, parsed, need_host=parsed.scheme in _WEB) or _fragment(
        url, parsed, "a redirect URI must not include a fragment (RFC 6749 section 3.1.2)"
    )


def _entry_uri(url: str) -> Verdict | None:
    if not url:
        return None  # no entry URI, as quick-launch-without-entry-uri reads it
    found = _characters(url)
    if found:
        return found
    parsed = parse_url(url)
    if not parsed.scheme:
        return Verdict(
            0,
            len(url),
            "is relative: the entry URI must be an absolute https:// URL",
            "write the whole URL, such as https://app.acme.com/liveperson/launch",
        )
    if parsed.scheme not in _WEB:  # http:// is insecure-entry-uri's warning
        return Verdict(
            parsed.scheme_start,
            parsed.scheme_end + 1,
            f"uses the {parsed.scheme}: scheme; the entry URI must be an https:// URL",
            "LivePerson opens the entry URI in the agent's browser: use https://",
        )
    return _authority(url, parsed, need_host=True)


def _logo_uri(url: str) -> Verdict | None:
    found = _characters(url)
    if found:
        return found
    parsed = parse_url(url)
    return _authority(url, parsed, need_host=parsed.scheme in _WEB)


_JUDGES: dict[UrlKind, Judge] = {
    "endpoint": _endpoint,
    "redirect_uri": _redirect_uri,
    "entry_uri": _entry_uri,
    "logo_uri": _logo_uri,
}


# -- the checks -------------------------------------------------------------------------------


def _characters(url: str) -> Verdict | None:
    bad = bad_character(url)
    if bad < 0:
        return None
    char = url[bad]
    if describe_character(char).startswith("white space"):
        help = "remove it, or percent-encode it where it belongs to the URL (a space is %20)"
    else:
        help = "remove it: a URL cannot hold invisible or control characters"
    return Verdict(bad, bad + 1, f"contains {describe_character(char)}", help)


def _authority(url: str, parsed: Url, need_host: bool) -> Verdict | None:
    """A missing host (for http and https), or what is wrong in the authority."""
    if parsed.authority < 0:
        if not need_host:
            return None
        at = min(parsed.scheme_end + 1, len(url) - 1)
        return Verdict(at, at + 1, "has no host", "write // and the host after the scheme")
    problem = parsed.problem
    if need_host and not parsed.host and (problem is None or problem.part == "port"):
        at = min(parsed.host_start, len(url) - 1)
        return Verdict(at, at + 1, "has no host", _HOST_HELP)
    if problem is None:
        return None
    help = {"port": _PORT_HELP, "userinfo": _USERINFO_HELP}.get(problem.part, _HOST_HELP)
    return Verdict(problem.start, problem.end, f"has {problem.words}", help)


def _fragment(url: str, parsed: Url, help: str) -> Verdict | None:
    if parsed.fragment < 0:
        return None
    return Verdict(
        parsed.fragment,
        len(url),
        f"has the fragment {show_value(url[parsed.fragment :], 40)}",
        help,
    )


def _scheme(url: str, parsed: Url, why: str) -> Verdict:
    return Verdict(
        parsed.scheme_start,
        parsed.scheme_end + 1,
        f"uses the {parsed.scheme}: scheme, which {why}",
        "use the application's https:// callback URL (or a native app's own scheme)",
    )
