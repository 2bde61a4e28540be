"""## What it does
Finds a `client_secret` in a manifest: the OAuth credential LivePerson issues when it
installs the application. Its value is never shown in any output of lpmanifest.

## Why is this bad?
A manifest downloaded from LivePerson's API carries the installation's credentials. A
manifest is sent by e-mail, attached to tickets and committed to repositories: a secret in
it is a leaked secret. LivePerson assigns it; a manifest never needs to send it.

If the file was shared or committed, removing the key is not enough: ask LivePerson to
rotate the secret.

## Example
```json
{
  "client_name": "com.acme.support-connector",
  "client_id": "75588e18-0213-4e33-8174-883acac7e3c4",
  "client_secret": "..."
}
```

## Use instead
```json
{
  "client_name": "com.acme.support-connector"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import format_path, inert
from lpmanifest.manifest import SECRET_KEYS

INFO = RuleInfo(
    "LPM203",
    "secret-in-manifest",
    Severity.ERROR,
    "A client_secret (a credential) in the manifest; its value is never printed.",
    __doc__ or "",
)
TRIGGER = trigger(words=SECRET_KEYS)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for path in context.secrets:
        yield INFO.finding(
            doc.file,
            doc.key_span(path),
            path,
            f"{inert(format_path(path))} is a credential and must not be in a manifest",
            help="delete it; if this file was shared, ask LivePerson to rotate the secret",
        )
