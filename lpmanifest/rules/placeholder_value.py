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

from lpmanifest.diagnostics import Finding, JsonPath, RuleInfo, Severity, show_value, subject
from lpmanifest.load import Document, iter_paths
from lpmanifest.redact import is_secret
from lpmanifest.rules._helpers import host_of, string_span

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
# The first label of a host that only a template uses: `your`, `your-domain`, `yourdomain`.
_PLACEHOLDER_HOST = re.compile(
    r"your|your[-_].*|your(?:domain|company|app|server|host|site|endpoint)(?:\..*)?", re.I
)
# Whole values taken from LivePerson's examples and parameter tables, and the usual to-dos.
_SAMPLE_VALUES = frozenset(
    value.casefold()
    for value in (
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
)
# The example header of the tables, `{"header_name": "NAME1", "header_value": "VALUE1"}`.
_SAMPLE_HEADER = re.compile(r"(NAME|VALUE)[0-9]?")
_HEADER_KEYS = frozenset({"header_name", "header_value"})


def placeholders(value: str, path: JsonPath = ()) -> list[tuple[int, int, str]]:
    """The template text in a value: (start, end, what) for each piece, in order."""
    stripped = value.strip()
    whole = [(value.find(stripped), value.find(stripped) + len(stripped), stripped)]
    if stripped.casefold() in _SAMPLE_VALUES or (
        path and path[-1] in _HEADER_KEYS and _SAMPLE_HEADER.fullmatch(stripped)
    ):
        return whole
    if "://" in value:
        host = host_of(value)
        if host is not None and _PLACEHOLDER_HOST.fullmatch(host[0].split(".")[0]):
            return whole
    return [(m.start(), m.end(), m.group()) for m in _SLOT.finditer(value)]


def check(doc: Document) -> Iterator[Finding]:
    for path, value in iter_paths(doc.data):
        if not isinstance(value, str) or is_secret(path):
            continue
        found = placeholders(value, path)
        if not found:
            continue
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
