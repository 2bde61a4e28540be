"""## What it does
Finds `quick_launch_enabled: true` in a manifest that has no `entry_uri`.

## Why is this bad?
Quick launch puts the application in the agent workspace's quick launch menu; choosing it
opens the `entry_uri`, which starts the single sign-on flow. Without one, the menu entry
has nothing to open.

## Example
```json
{
  "client_name": "com.acme.agent-dashboard",
  "quick_launch_enabled": true,
  "enabled_for_profiles": [1001]
}
```

## Use instead
```json
{
  "client_name": "com.acme.agent-dashboard",
  "quick_launch_enabled": true,
  "enabled_for_profiles": [1001],
  "entry_uri": "https://dashboard.acme.com/liveperson/launch"
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity

INFO = RuleInfo(
    "LPM304",
    "quick-launch-without-entry-uri",
    Severity.WARNING,
    "Quick launch enabled with no entry_uri to open.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("quick_launch_enabled",))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    if doc.data.get("quick_launch_enabled") is not True:
        return
    entry = doc.data.get("entry_uri")
    if isinstance(entry, str) and entry.strip():
        return
    path = ("quick_launch_enabled",)
    yield INFO.finding(
        doc.file,
        doc.value_span(path),
        path,
        "quick_launch_enabled is true but there is no entry_uri for the menu entry to open",
        help="add entry_uri: the URI that launches the app and starts its single sign-on",
    )
