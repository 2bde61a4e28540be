"""Template text in a manifest's values: the slots of templates, the sample values and hosts of
LivePerson's documentation, and the usual to-dos. `placeholders(value, key)` says where they
are; placeholder-value reports them, and the rules that judge a URL or a name leave a value
that holds them to it (its finding says what is wrong).
"""

from __future__ import annotations

import functools
import re

from lpmanifest.manifest import LOCALIZED_NAME
from lpmanifest.rules._helpers import host_of

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
# The words one of which each of the two patterns above needs (in any case).
SAMPLE_WORDS = ("your", "my", "example", "sample", "app", "connector", "description", "liveperson")
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


Pieces = tuple[tuple[int, int, str], ...]


# Cached: every string of every manifest is asked about, and manifests share most of theirs
# (event names, enum values, grant types, scopes, header names).
@functools.lru_cache(maxsize=4096)
def placeholders(value: str, key: str | int | None = None) -> Pieces:
    """The template text in a value (held by `key`): (start, end, what) for each piece."""
    stripped = value.strip()
    if not stripped:
        return ()
    if _is_sample(stripped, key):
        start = value.find(stripped)
        return ((start, start + len(stripped), stripped),)
    return _template_pieces(value)


def could_hold(value: str) -> bool:
    """Whether `value` holds template text under some key: `placeholders(value, key)` is
    empty for every key unless this is true. (Keys matter to `_is_sample` alone, in three
    ways: a header's name or value, a name or description, any other key.)"""
    stripped = value.strip()
    if not stripped:
        return False
    return (
        stripped.casefold() in _SAMPLES
        or _is_sample_header(stripped)
        or _is_sample_name(stripped)
        or bool(_template_pieces(value))
    )


# Strings found to hold no template text under any key: `could_hold`'s one cache. Manifests
# share most of their strings, so each document asks only about the strings no document has
# shown clean before.
_CLEAN: set[str] = set()
_MAX_CLEAN = 16384


def any_could_hold(values: list[str]) -> bool:
    """Whether any of `values` `could_hold` template text."""
    unknown = set(values).difference(_CLEAN)
    if not unknown:
        return False
    if len(_CLEAN) > _MAX_CLEAN:  # (strings of every kind: start again)
        _CLEAN.clear()
    for value in unknown:
        if could_hold(value):
            return True
    _CLEAN.update(unknown)
    return False


def _template_pieces(value: str) -> Pieces:
    """What marks template text whatever the key: a sample host, or slots."""
    if "://" in value:
        host = sample_host(value)
        if host is not None:
            return (host,)
    if "{" not in value and "<" not in value and "[" not in value and "xxxx" not in value.lower():
        return ()
    return tuple(
        (m.start(), m.end(), m.group())
        for m in _SLOT.finditer(value)
        if not _HTML_TAG.fullmatch(m.group())
    )


def _is_sample(text: str, key: str | int | None) -> bool:
    """Whether a whole (stripped) value is sample text."""
    if text.casefold() in _SAMPLES:
        return True
    if key in _HEADER_KEYS:
        return _is_sample_header(text)
    if key in _NAME_KEYS or (isinstance(key, str) and key.startswith(LOCALIZED_NAME)):
        return _is_sample_name(text)
    return False


def _is_sample_header(text: str) -> bool:
    return _SAMPLE_HEADER.fullmatch(text) is not None


def _is_sample_name(text: str) -> bool:
    if not _could_be_sample_name(text):
        return False
    return bool(_SAMPLE_TEXT.fullmatch(text) or _SAMPLE_REVERSE_DNS.fullmatch(text))


def _could_be_sample_name(text: str) -> bool:
    """Could one of the two patterns above match `text`? Not a URL (each pattern starts
    with a word, and `http` is none of them), nor a text without a word that each needs.
    True for any text beyond ASCII, where case is wider than `lower()`: the patterns
    ignore case as `re` does."""
    if not text.isascii():
        return True
    lowered = text.lower()
    if lowered.startswith(("https://", "http://")):
        return False
    return any(map(lowered.__contains__, SAMPLE_WORDS))


def sample_host(url: str) -> tuple[int, int, str] | None:
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
