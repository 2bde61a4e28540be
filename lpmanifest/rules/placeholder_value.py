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

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.findings.model import Finding, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import show_value, subject
from lpmanifest.manifest import SERVER_FIELDS
from lpmanifest.rules._helpers import string_span
from lpmanifest.rules._placeholders import (
    Pieces,
    any_could_hold,
    origin,
    placeholders,
    sample_host,
)
from lpmanifest.source.document import Document

INFO = RuleInfo(
    "LPM201",
    "placeholder-value",
    Severity.ERROR,
    "Template text left in: `{SLOT}`, `<...>`, LivePerson's sample names and hosts.",
    __doc__ or "",
)

# Not looked at, besides credentials (which the context's strings leave out): the fields
# LivePerson assigns, whose masked sample values (`xxxx-wewe-...`) server-assigned-field
# already says to remove.
_NOT_LOOKED_AT = frozenset(SERVER_FIELDS)


def _message(path: JsonPath, value: str, found: Pieces) -> str:
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
        if sample_host(value) == found[0]:
            return f"{what} still points at {text}, a host name that only a template uses"
    labels = " and ".join(show_value(label) for _, _, label in found)
    plural = "s" if len(found) > 1 else ""
    return f"{what} still holds the placeholder{plural} {labels}"


def check(context: Context | Document) -> Iterator[Finding]:
    if isinstance(context, Document):  # the wizard asks this rule about an answer directly
        context = Context(context)
    doc = context.doc
    listed = doc.string_values
    if listed is not None and not any_could_hold(listed):
        return  # (nearly every manifest: no string could hold template text, under any key)
    for parent, key, value in context.strings:
        if (parent[0] if parent else key) in _NOT_LOOKED_AT:
            continue
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
