"""## What it does
Finds template text left in a manifest, and says what was copied:

- slots of templates: `{YOUR_APPLICATION_DOMAIN}`, `{domain}`, `<YOURAPPNAME>`, `${TOKEN}`,
  `{{ name }}`, `[your app name]`, `xxxx` runs, an elided `...`;
- the sample values of LivePerson's documentation copied unchanged: names and descriptions
  (`App name`, `YOUR APP NAME`, `My First App`, `My First LE-App`, `A short description`,
  `Custom connector example`, `com.liveperson.MyConnectorApp`, the table's
  `com.liveperson.applicationName`, ...), the header `NAME`/`VALUE` of its tables, and text
  of the same kinds (`Example ... configuration`, `This is my first ...`,
  `com.yourcompany.app`);
- URLs on the sample hosts of LivePerson's pages (`https://your/webhooks/endpoint`,
  `www.application.endpoint.com`, `www.myredirecturi.com`, `myservice.mydomain.com`,
  `le-app.com`) and on hosts whose names are slots (`your-domain.com`, `api.yourcompany.com`,
  `mydomain.com`);
- the usual to-dos: `TODO`, `TBD`, `FIXME`, `CHANGEME`.

Names of real applications and real hosts are left alone, whatever their words.

## Why is this bad?
LivePerson's documentation tells integrators to copy its example manifests and fill them in.
Every slot that is not filled in is schema-valid text, so nothing else catches it, and the
application is installed with a webhook that points nowhere or a name that shows "App name"
to agents, days later, after a round trip with the Account Management team.

For a template that is meant to keep its slots, run with `--allow-placeholders` (or set
`allow-placeholders = true` in the configuration).

## Example
```json
{
  "client_name": "YOUR APP NAME",
  "description": "A short description",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://www.application.endpoint.com/"
      }
    }
  }
}
```

## Use instead
```json
{
  "client_name": "com.acme.support-connector",
  "description": "Relays Acme's in-app chat to Conversational Cloud agents.",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://hooks.acme.com/liveperson/content"
      }
    }
  }
}
```
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from lpmanifest.findings.model import Finding, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import show_value, subject
from lpmanifest.manifest import SECRET_KEYS
from lpmanifest.rules._helpers import host_of, string_span
from lpmanifest.rules.server_assigned_field import SERVER_FIELDS
from lpmanifest.source.document import Document

INFO = RuleInfo(
    "LPM201",
    "placeholder-value",
    Severity.ERROR,
    "Template text left in: `{SLOT}`, `<...>`, LivePerson's sample names and hosts.",
    __doc__ or "",
)

# Where LivePerson's pages carry each sample value (the pages' own names for them).
_APPS_PAGE = 'LivePerson\'s "Installing Conversational Cloud Applications" page'
_CUSTOM_CONNECTOR = "the custom connector example of " + _APPS_PAGE
_WEB_APP = "the web application example of " + _APPS_PAGE
_FIRST_LE_APP = 'the "My First LE-App" example of LivePerson\'s applications page'
_CONNECTOR_TEMPLATE = "LivePerson's Connector API manifest template"
_FUNCTIONS = "LivePerson Functions' external-invocation templates"
_FAAS = "LivePerson Functions' client-credentials template"
_WEBHOOKS_PAGE = "LivePerson's webhooks configuration page"
_RETRY_PAGE = "LivePerson's Retry Policy page"
_WEBHOOK_PAGES = "LivePerson's webhooks configuration and Retry Policy pages"
_SENTINEL = "LivePerson's authorization (Sentinel) examples"
_APP_HUB = "the sample data of LivePerson's Connector App Hub"
_TABLE = "LivePerson's manifest parameter table"

# Whole values from LivePerson's pages, by what they are copied from.
SAMPLE_VALUES: dict[str, str] = {
    "https://your/webhooks/endpoint": _CONNECTOR_TEMPLATE,
    "App name": _CONNECTOR_TEMPLATE,
    "App description": _CONNECTOR_TEMPLATE,
    "Custom connector example": _CUSTOM_CONNECTOR,
    "This is my first LE-App description": _CUSTOM_CONNECTOR,
    "com.liveperson.MyConnectorApp": _CUSTOM_CONNECTOR,
    "Web application example": _WEB_APP,
    "com.liveperson.MyWebApp": _WEB_APP,
    "My First LE-App": _FIRST_LE_APP,
    "This is my first LE-App": _FIRST_LE_APP,
    "My First App": _FAAS,
    "This is my first App": _FAAS,
    "YOUR APP NAME": _FUNCTIONS,
    "A short description": _FUNCTIONS,
    "Example webhooks configuration": _WEBHOOKS_PAGE,
    "URL for your logo": _WEBHOOKS_PAGE,
    "Example retry configuration": _RETRY_PAGE,
    "Test Name": _APP_HUB,
    "This is a description": _APP_HUB,
    "com.liveperson.applicationName": _TABLE,
    "Application short description": _TABLE,
}
# Hosts of LivePerson's sample URLs.
SAMPLE_HOSTS: dict[str, str] = {
    "your": _CONNECTOR_TEMPLATE,  # https://your/webhooks/endpoint
    "www.application.endpoint.com": _WEBHOOK_PAGES,
    "application.endpoint.com": _WEBHOOK_PAGES,
    "www.myredirecturi.com": _FIRST_LE_APP,
    "myredirecturi.com": _FIRST_LE_APP,
    "myservice.mydomain.com": _APPS_PAGE,
    "le-app.com": _SENTINEL,
    "client.example.com": _SENTINEL + " (RFC 6749's sample client)",
}
_TODOS = ("TODO", "TBD", "FIXME", "CHANGEME", "CHANGE_ME", "REPLACE_ME", "...", "…")
_SAMPLES = {value.casefold(): origin for value, origin in SAMPLE_VALUES.items()}
_SAMPLES.update((todo.casefold(), "") for todo in _TODOS)

# The slots of templating languages and of LivePerson's pages: `{YOUR_DOMAIN}`, `{domain}`,
# `{demo app server url}`, `{**IDP_Domain**}`, `{{ name }}`, `${TOKEN}`, `<your app>`,
# `[your app name]`, and runs of x standing for an id (`xxxx-wewe-43e0-we-xxxxxxx`).
_SLOT = re.compile(
    r"\$?\{\{?[ \t]*\**[A-Za-z_][A-Za-z0-9_. -]{0,60}?\**[ \t]*\}\}?"
    r"|<[A-Za-z][A-Za-z0-9 _./-]*>"
    r"|\[(?:your|my)\b[^\]\[\n]{0,60}\]"
    r"|(?<![A-Za-z0-9])[xX]{4,}(?![A-Za-z0-9])",
    re.I,
)
# `<b>`, `<br>`, `<a href=...>`: markup in a description is not a slot.
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|p|br|hr|em|strong|span|div|img|ul|ol|li|code|pre|sub|sup|small|h[1-6])"
    r"(?:[ /][^>]*)?>",
    re.I,
)
# Text of the kinds LivePerson's samples are, for the keys that hold names and descriptions:
# "YOUR ...", "My first app", "This is my first ...", "Example ... configuration",
# "... connector example", "A short description", "Your app name", "Application".
_SAMPLE_TEXT = re.compile(
    r"YOUR[ _][A-Z0-9 _-]+"
    r"|(?i:(?:this is )?my first (?:le-?)?(?:app|application|connector|bot|integration|function)"
    r"s?\b.*)"
    r"|(?i:(?:an? )?(?:example|sample)\b.{0,40}\b(?:configuration|template|manifest))"
    r"|(?i:(?:\w+ ){0,2}(?:app|application|connector|bot|manifest) example)"
    r"|(?i:(?:(?:my|your) )?(?:app|application|connector)(?:['\u2019]s)?"
    r"(?: (?:short )?(?:name|description))?)"
    r"|(?i:(?:your|my) (?:app|application|company|connector|bot|service)(?:['\u2019]s)? "
    r"(?:name|description|url|uri|id|logo))"
    r"|(?i:(?:an? |the )?(?:short |brief )?description(?: (?:of|for) (?:the |your |my )?"
    r"(?:app|application|connector))?\.?)"
    r"|(?i:this is (?:an? |the |my )(?:short |brief )?description\b.*)"
)
# Reverse-DNS names in a sample namespace: LivePerson's own sample apps, or a slot company.
_SAMPLE_REVERSE_DNS = re.compile(
    r"(?i:com\.liveperson\.(?:my|your|sample|example|test|demo)[A-Za-z0-9_-]*)"
    r"|(?i:[a-z]+\.(?:your[-_]?(?:company|domain|org|organization|name|app)"
    r"|my[-_]?(?:company|domain))(?:\.[A-Za-z0-9_-]+)*)"
)
_NAME_KEYS = frozenset({"client_name", "display_name", "description"})
# Host labels that are slots: `your`, `your-domain`, `yourcompany`, `mydomain`, ...
_SLOT_LABEL = re.compile(
    r"your(?:[-_]?(?:domain|company|app|application|server|host|site|website|service|endpoint"
    r"|org|organization|brand|business|url|api|backend|webhooks?|callback|tenant)(?:[-_]name)?)?"
    r"|my[-_]?(?:domain|company|server|site|website|host|redirecturi|redirect-uri|callback"
    r"|endpoint)",
    re.I,
)
# Second-level names that only a sample would use: `endpoint.com`, `domain.com`.
_SAMPLE_DOMAINS = frozenset({"domain", "endpoint", "website", "server", "hostname", "company"})
_SAMPLE_TLDS = frozenset({"com", "net", "org"})
# The example header of the tables, `{"header_name": "NAME1", "header_value": "VALUE1"}`.
_SAMPLE_HEADER = re.compile(r"(NAME|VALUE)[0-9]?")
_HEADER_KEYS = frozenset({"header_name", "header_value"})


def placeholders(value: str, key: str | int | None = None) -> list[tuple[int, int, str]]:
    """The template text in a value (held by `key`): (start, end, what) for each piece."""
    stripped = value.strip()
    if not stripped:
        return []
    if _is_sample(stripped, key):
        start = value.find(stripped)
        return [(start, start + len(stripped), stripped)]
    if "://" in value:
        host = _sample_host(value)
        if host is not None:
            return [host]
    if "{" not in value and "<" not in value and "[" not in value and "xxxx" not in value.lower():
        return []
    return [
        (m.start(), m.end(), m.group())
        for m in _SLOT.finditer(value)
        if not _HTML_TAG.fullmatch(m.group())
    ]


def _is_sample(text: str, key: str | int | None) -> bool:
    """Whether a whole (stripped) value is sample text."""
    if text.casefold() in _SAMPLES:
        return True
    if key in _HEADER_KEYS:
        return _SAMPLE_HEADER.fullmatch(text) is not None
    if key in _NAME_KEYS or (isinstance(key, str) and key.startswith("client_name#")):
        return bool(_SAMPLE_TEXT.fullmatch(text) or _SAMPLE_REVERSE_DNS.fullmatch(text))
    return False


def _sample_host(url: str) -> tuple[int, int, str] | None:
    """The host of a URL, if it is a sample host or made of slots (`your-domain.com`)."""
    found = host_of(url)
    if found is None:
        return None
    host, start, end = found
    return (start, end, url[start:end]) if _is_sample_host(host) else None


@functools.lru_cache(maxsize=256)
def _is_sample_host(host: str) -> bool:
    # Cached: a manifest's URLs share a host or two, and every URL asks.
    labels = host.rstrip(".").split(".")
    return (
        host in SAMPLE_HOSTS
        or any(_SLOT_LABEL.fullmatch(label) for label in labels)
        or (len(labels) >= 2 and labels[-2] in _SAMPLE_DOMAINS and labels[-1] in _SAMPLE_TLDS)
    )


def origin(text: str) -> str | None:
    """Which of LivePerson's pages a sample value or host comes from, if it is one."""
    return _SAMPLES.get(text.strip().casefold()) or SAMPLE_HOSTS.get(text.lower()) or None


# Not looked at: credentials (never shown), and the fields LivePerson assigns, whose masked
# sample values (`xxxx-wewe-...`) server-assigned-field already says to remove.
_SKIPPED_TOP_LEVEL = frozenset(SERVER_FIELDS)


def _strings(data: Any, path: JsonPath, found: list[tuple[JsonPath, str | int, str]]) -> None:
    """Collect every string outside credentials as (parent path, key, string).

    This sees every value of every manifest, so the paths of the strings are only put
    together for the few that hold template text.
    """
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if key in SECRET_KEYS or (not path and key in _SKIPPED_TOP_LEVEL):
            continue
        if isinstance(value, str):
            found.append((path, key, value))
        elif isinstance(value, (dict, list)):
            _strings(value, (*path, key), found)


def _message(path: JsonPath, value: str, found: list[tuple[int, int, str]]) -> str:
    what = subject(path)
    if len(found) == 1:
        text = found[0][2]
        source = origin(text)
        if text == value.strip():
            if source:
                return f"{what} is still the sample value {show_value(text)} of {source}"
            return f"{what} is still the placeholder {show_value(text)}"
        if source:
            return f"{what} still points at {text}, the sample host of {source}"
        if _sample_host(value) == found[0]:
            return f"{what} still points at {text}, a host name that only a template uses"
    labels = " and ".join(show_value(label) for _, _, label in found)
    plural = "s" if len(found) > 1 else ""
    return f"{what} still holds the placeholder{plural} {labels}"


def check(doc: Document) -> Iterator[Finding]:
    strings: list[tuple[JsonPath, str | int, str]] = []
    _strings(doc.data, (), strings)
    for parent, key, value in strings:
        found = placeholders(value, key)
        if not found:
            continue
        path = (*parent, key)
        yield INFO.finding(
            doc.file,
            string_span(doc, path, value, found[0][0], found[-1][1]),
            path,
            _message(path, value, found),
            # (Templates meant to keep their slots pass with --allow-placeholders: the
            # documentation says so; the wizard passes this help on, and has no such option.)
            help="replace it with your application's real value",
        )
