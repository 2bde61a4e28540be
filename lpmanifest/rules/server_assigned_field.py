"""## What it does
Finds the fields LivePerson assigns when it installs an application, which a manifest
downloaded from LivePerson's API carries: `id`, `client_id`, `client_id_issued_at`,
`client_secret_expires_at` and `deleted`, and `capabilities.broadcast` (its installation
API returns `"broadcast": {"enabled": false}`). The fix removes them. (`client_secret` is a
credential: `secret-in-manifest` reports it.)

## Why is this bad?
A manifest describes an application to install; these fields describe one installation of
it. Sent back, they either are ignored or point the request at the wrong installation,
and they suggest the file was copied from an account's live data.

## Example
```json
{
  "id": "75588e18-0213-4e33-8174-883acac7e3c4",
  "client_id": "75588e18-0213-4e33-8174-883acac7e3c4",
  "client_id_issued_at": 1700000000,
  "deleted": false,
  "client_name": "com.acme.support-connector",
  "capabilities": {"broadcast": {"enabled": false}}
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
from typing import Any

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, Fix, JsonPath, RuleInfo, Severity
from lpmanifest.findings.wording import format_path
from lpmanifest.fix.edits import remove_entry
from lpmanifest.manifest import SERVER_CAPABILITIES, SERVER_FIELDS

INFO = RuleInfo(
    "LPM309",
    "server-assigned-field",
    Severity.WARNING,
    "A field LivePerson assigns (id, client_id, ...), as in a manifest downloaded from its API.",
    __doc__ or "",
)
TRIGGER = trigger(keys=(*SERVER_FIELDS, "capabilities"))


def _fields(data: Any) -> Iterator[JsonPath]:
    if not data.keys().isdisjoint(SERVER_FIELDS):  # (nearly every manifest has none)
        for key in SERVER_FIELDS:
            if key in data:
                yield (key,)
    capabilities = data.get("capabilities")
    if isinstance(capabilities, dict):
        for key in SERVER_CAPABILITIES:
            if key in capabilities:
                yield ("capabilities", key)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    for path in _fields(doc.data):
        name = format_path(path)
        edit = remove_entry(doc, path)
        yield INFO.finding(
            doc.file,
            doc.key_span(path),
            path,
            f"{name!r} is assigned by LivePerson when it installs the app; "
            "it does not belong in a manifest",
            help="remove it (a manifest downloaded from LivePerson's API carries it)",
            fix=Fix(f"remove {name}", (edit,)) if edit else None,
        )
