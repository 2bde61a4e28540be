"""## What it does
Finds `quick_launch_enabled: true` with an empty `enabled_for_profiles` list.

An absent list is not reported: LivePerson's own quick-launch example (the custom connector
in "Installing Conversational Cloud Applications") leaves it out, and the parameter table
does not list the field.

## Why is this bad?
`enabled_for_profiles` lists the agent profiles that see the application in the quick
launch menu ("the user profile should match one of the profiles listed in
`enabled_for_profiles`", LivePerson's overview of applications). An empty list switches
quick launch on for nobody, and the app seems not to be installed at all.

## Example
```json
{
  "quick_launch_enabled": true,
  "entry_uri": "https://dashboard.acme.com/liveperson/launch",
  "enabled_for_profiles": []
}
```

## Use instead
```json
{
  "quick_launch_enabled": true,
  "entry_uri": "https://dashboard.acme.com/liveperson/launch",
  "enabled_for_profiles": [1001, 1002]
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity

INFO = RuleInfo(
    "LPM305",
    "quick-launch-without-profiles",
    Severity.WARNING,
    "Quick launch enabled with an empty enabled_for_profiles list.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("quick_launch_enabled",))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    if (
        doc.data.get("quick_launch_enabled") is not True
        or doc.data.get("enabled_for_profiles") != []
    ):
        return
    path = ("enabled_for_profiles",)
    yield INFO.finding(
        doc.file,
        doc.value_span(path),
        path,
        "quick_launch_enabled is true but enabled_for_profiles is empty, "
        "so no agent profile sees the app",
        help="list the IDs of the agent profiles that should see it in the quick launch menu",
    )
