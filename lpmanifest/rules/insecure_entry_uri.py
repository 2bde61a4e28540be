"""## What it does
Finds an `entry_uri` over plain `http://`.

## Why is this bad?
The entry URI launches the application from Conversational Cloud and starts its single
sign-on flow. Over plain HTTP anyone on the network path can read or change what the
agent's browser loads, and a browser refuses to show an HTTP page inside an HTTPS one.
LivePerson's parameter tables ask for an HTTPS URL; any scheme other than `http` and
`https` is `invalid-url`'s error.

## Example
```json
"entry_uri": "http://dashboard.acme.com/liveperson/launch"
```

## Use instead
```json
"entry_uri": "https://dashboard.acme.com/liveperson/launch"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.rules._helpers import string_span
from lpmanifest.rules._placeholders import placeholders
from lpmanifest.rules._urls import ordinary_urls, parse_url

INFO = RuleInfo(
    "LPM315",
    "insecure-entry-uri",
    Severity.WARNING,
    "An entry_uri over plain http://.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("entry_uri",), unless=ordinary_urls)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    entry = doc.data.get("entry_uri")
    if not isinstance(entry, str):
        return
    parsed = parse_url(entry)
    if parsed.scheme != "http" or placeholders(entry, "entry_uri"):
        return  # template text is placeholder-value's finding
    path = ("entry_uri",)
    end = parsed.authority if parsed.authority >= 0 else parsed.scheme_end + 1
    yield INFO.finding(
        doc.file,
        string_span(doc, path, entry, parsed.scheme_start, end),
        path,
        f"entry_uri {show_value(entry)} is plain HTTP: the app would launch and sign in "
        "unencrypted",
        help="use https://; LivePerson opens the entry URI from its HTTPS pages",
    )
