"""## What it does
Finds `quick_launch_enabled: true` in a manifest with no `enabled_for_profiles` (or an
empty list).

## Why is this bad?
`enabled_for_profiles` lists the agent profiles that see the application in the quick
launch menu. With none listed, quick launch is switched on for nobody, and the app seems
not to be installed at all.

## Example
```json
{
  "quick_launch_enabled": true,
  "entry_uri": "https://dashboard.acme.com/liveperson/launch"
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

from lpmanifest.diagnostics import Finding, RuleInfo, Severity
from lpmanifest.load import Document

INFO = RuleInfo(
    "LPM305",
    "quick-launch-without-profiles",
    Severity.WARNING,
    "Quick launch enabled for no agent profile (enabled_for_profiles).",
)


def check(doc: Document) -> Iterator[Finding]:
    if doc.data.get("quick_launch_enabled") is not True:
        return
    profiles = doc.data.get("enabled_for_profiles")
    if profiles is not None and profiles != []:
        return
    path = ("quick_launch_enabled",)
    state = "is empty" if profiles == [] else "is missing"
    yield INFO.finding(
        doc.file,
        doc.value_span(path),
        path,
        f"quick_launch_enabled is true but enabled_for_profiles {state}, so no agent sees the app",
        help="add enabled_for_profiles: the IDs of the agent profiles that should see it",
    )
