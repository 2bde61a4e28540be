"""## What it does
Finds the two forms that only LivePerson's parameter table uses, and offers to rewrite
them in the form every LivePerson example uses:

- the webhook key `ms.MessagingEventNotification.ExConversationChangeNotification`, which
  every example spells `cqm.ExConversationChangeNotification` (the fix renames the key);
- `target_audience` or `goal` written as a single string, which the table types as
  "string" while every example writes an array (the fix wraps the value in one).

## Why is this bad?
Both forms are accepted, but they are not what LivePerson's own manifests send, so the
manifest relies on a spelling that the installation may not expect. The canonical forms
work everywhere.

## Example
```yaml
capabilities:
  webhooks:
    ms.MessagingEventNotification.ExConversationChangeNotification:
      endpoint: https://hooks.acme.com/liveperson/conversation
  engagement:
    goal: service_activity
```

## Use instead
```yaml
capabilities:
  webhooks:
    cqm.ExConversationChangeNotification:
      endpoint: https://hooks.acme.com/liveperson/conversation
  engagement:
    goal: [service_activity]
```
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, Fix, RuleInfo, Severity
from lpmanifest.findings.wording import inert, show_value
from lpmanifest.fix.edits import rename_key, wrap_in_array
from lpmanifest.manifest import (
    CANONICAL_EVENT_KEY,
    ENGAGEMENT,
    TABLE_EVENT_KEY,
    WEBHOOKS,
    value_at,
)

INFO = RuleInfo(
    "LPM308",
    "table-spelling",
    Severity.WARNING,
    "A form only the parameter table uses: the ms.…ExConversationChangeNotification key, "
    "or target_audience/goal as a string.",
    __doc__ or "",
)

ARRAY_FIELDS = ("target_audience", "goal")
TRIGGER = trigger(keys=("capabilities",))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    hooks = value_at(doc.data, WEBHOOKS)
    if isinstance(hooks, dict) and TABLE_EVENT_KEY in hooks:
        path = (*WEBHOOKS, TABLE_EVENT_KEY)
        if CANONICAL_EVENT_KEY in hooks:
            help = f"both spellings are present; keep only {CANONICAL_EVENT_KEY}"
            fix = None
        else:
            help = f"rename the key to {CANONICAL_EVENT_KEY}"
            edit = rename_key(doc, path, CANONICAL_EVENT_KEY)
            fix = Fix(f"rename the key to {CANONICAL_EVENT_KEY}", (edit,)) if edit else None
        yield INFO.finding(
            doc.file,
            doc.key_span(path),
            path,
            f"{TABLE_EVENT_KEY!r} is the parameter table's spelling of the event; "
            f"LivePerson's examples use {CANONICAL_EVENT_KEY!r}",
            help=help,
            fix=fix,
        )
    engagement = value_at(doc.data, ENGAGEMENT)
    if not isinstance(engagement, dict):
        return
    for field in ARRAY_FIELDS:
        value = engagement.get(field)
        if not isinstance(value, str):
            continue
        path = (*ENGAGEMENT, field)
        edit = wrap_in_array(doc, path)
        yield INFO.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"{field} is the single string {show_value(value)}; the canonical form is an array",
            help=inert(f"write [{json.dumps(value, ensure_ascii=False)}]"),
            fix=Fix("wrap the value in an array", (edit,)) if edit else None,
        )
