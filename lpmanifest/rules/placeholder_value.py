"""## What it does
Finds template text left in a manifest: `{UPPER_CASE}` and `<...>` slots, URLs on the
placeholder host of LivePerson's examples (`https://your/webhooks/endpoint`), and the
examples' sample values (`App name`, `App description`, header `NAME`/`VALUE`,
`com.liveperson.MyConnectorApp`, ...), as well as `TODO`, `TBD` and `CHANGEME`.

## Why is this bad?
LivePerson's documentation tells integrators to copy its example manifest and fill it in.
Every slot that is not filled in is schema-valid text, so nothing else catches it, and the
application is installed with a webhook that points nowhere or a name that shows "App name"
to agents, days later, after a round trip with the Account Management team.

For a template that is meant to keep its slots, run with `--allow-placeholders` (or set
`allow-placeholders = true` in the configuration).

## Example
```json
{
  "client_name": "App name",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "https://your/webhooks/endpoint"
      }
    }
  }
}
```

## Use instead
```json
{
  "client_name": "com.acme.support-connector",
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

import re
from collections.abc import Iterator
from typing import Any

from lpmanifest.diagnostics import Finding, JsonPath, RuleInfo, Severity, show_value, subject
from lpmanifest.load import Document
from lpmanifest.redact import SECRET_KEYS
from lpmanifest.rules._helpers import string_span

INFO = RuleInfo(
    "LPM201",
    "placeholder-value",
    Severity.ERROR,
    "Template text left in: `{SLOT}`, `<...>`, `https://your/...`, `App name`.",
)

# `{YOUR_DOMAIN}`, `{{ name }}`, `${TOKEN}` and `<your app>`: slots of templating languages.
_SLOT = re.compile(
    r"\$?\{\{?[ \t]*[A-Za-z_][A-Za-z0-9_.-]*[ \t]*\}\}?"
    r"|<[A-Za-z][A-Za-z0-9 _./-]*>"
)
# A URL on a host that only a template uses: `https://your/...`, `https://your-domain.com`.
_PLACEHOLDER_URL = re.compile(
    r"[ \t]*[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?"
    r"your(?:[-_][^/?#:]*|(?:domain|company|app|server|host|site|endpoint)(?:\.[^/?#:]*)?)?"
    r"(?=[/?#:]|$)",
    re.I,
)
# Whole values taken from LivePerson's examples and parameter tables, and the usual to-dos.
_SAMPLES = (
    "App name",
    "App description",
    "Custom connector example",
    "Web application example",
    "This is my first LE-App description",
    "com.liveperson.MyConnectorApp",
    "com.liveperson.MyWebApp",
    "com.liveperson.applicationName",
    "TODO",
    "TBD",
    "FIXME",
    "CHANGEME",
    "CHANGE_ME",
    "REPLACE_ME",
)
_SAMPLE_VALUES = frozenset(value.casefold() for value in _SAMPLES)
# The example header of the tables, `{"header_name": "NAME1", "header_value": "VALUE1"}`.
_SAMPLE_HEADER = re.compile(r"(NAME|VALUE)[0-9]?")
_HEADER_KEYS = frozenset({"header_name", "header_value"})


def placeholders(value: str, key: str | int | None = None) -> list[tuple[int, int, str]]:
    """The template text in a value (held by `key`): (start, end, what) for each piece."""
    stripped = value.strip()
    if (
        stripped.casefold() in _SAMPLE_VALUES
        or (key in _HEADER_KEYS and _SAMPLE_HEADER.fullmatch(stripped))
        # (Every endpoint is a URL: the substring test spares the regex for nearly all.)
        or ("://" in value and "your" in value.lower() and _PLACEHOLDER_URL.match(value))
    ):
        start = value.find(stripped)
        return [(start, start + len(stripped), stripped)]
    if "{" not in value and "<" not in value:
        return []
    return [(m.start(), m.end(), m.group()) for m in _SLOT.finditer(value)]


def _strings(data: Any, path: JsonPath, found: list[tuple[JsonPath, str | int, str]]) -> None:
    """Collect every string outside credentials as (parent path, key, string).

    This sees every value of every manifest, so the paths of the strings are only put
    together for the few that hold template text.
    """
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if isinstance(value, str):
            if key not in SECRET_KEYS:
                found.append((path, key, value))
        elif isinstance(value, (dict, list)) and key not in SECRET_KEYS:
            _strings(value, (*path, key), found)


def check(doc: Document) -> Iterator[Finding]:
    strings: list[tuple[JsonPath, str | int, str]] = []
    _strings(doc.data, (), strings)
    for parent, key, value in strings:
        found = placeholders(value, key)
        if not found:
            continue
        path = (*parent, key)
        labels = " and ".join(show_value(label) for _, _, label in found)
        if len(found) == 1 and found[0][2] == value.strip():
            message = f"{subject(path)} is still the placeholder {show_value(value)}"
        else:
            plural = "s" if len(found) > 1 else ""
            message = f"{subject(path)} still holds the placeholder{plural} {labels}"
        yield INFO.finding(
            doc.file,
            string_span(doc, path, value, found[0][0], found[-1][1]),
            path,
            message,
            help="replace it with your application's real value "
            "(a template can run with --allow-placeholders)",
        )
