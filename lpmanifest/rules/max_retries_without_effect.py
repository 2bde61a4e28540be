"""## What it does
Finds a webhook's `max_retries` of 1 to 5 in a manifest that also sets
`capabilities.webhooks.retry.retention_time`. `max_retries: 0` there is not reported: it
has a meaning of its own.

## Why is this bad?
LivePerson has two retry mechanisms, and the time-based one wins: "Retry based on time to
live takes precedence over retry based on numbers. When the `retention_time` is set, the
retry based on time to live will be triggered regardless of the configuration for the
retry based on numbers" (LivePerson's Retry Policy page). The count looks like a setting
but is ignored, and whoever reads the manifest expects the wrong behaviour. With the
retention time set, `max_retries: 0` keeps that event's failures from triggering the
time-based retries (they are dropped instead), so 0 is left alone.

## Example
```json
"webhooks": {
  "retry": {"retention_time": 86400},
  "ms.MessagingEventNotification.ContentEvent": {
    "endpoint": "https://hooks.acme.com/liveperson/content",
    "max_retries": 3
  }
}
```

## Use instead
```json
"webhooks": {
  "retry": {"retention_time": 86400},
  "ms.MessagingEventNotification.ContentEvent": {
    "endpoint": "https://hooks.acme.com/liveperson/content"
  }
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.findings.wording import subject
from lpmanifest.manifest import WEBHOOKS, value_at

INFO = RuleInfo(
    "LPM316",
    "max-retries-without-effect",
    Severity.WARNING,
    "A max_retries above 0 beside retry.retention_time, which takes precedence.",
    __doc__ or "",
)
TRIGGER = trigger(keys=("capabilities",))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    retention = value_at(doc.data, (*WEBHOOKS, "retry", "retention_time"))
    if not isinstance(retention, int) or isinstance(retention, bool) or retention < 2:
        return  # no time-based retries (or a value the schema reports)
    for path, hook in context.webhooks:
        retries = hook.get("max_retries")
        if isinstance(retries, bool) or not isinstance(retries, (int, float)):
            continue
        if not 1 <= retries <= 5:
            continue  # 0 has a meaning of its own; other values are the schema's findings
        where = (*path, "max_retries")
        yield INFO.finding(
            doc.file,
            doc.value_span(where),
            where,
            f"max_retries of {subject(path)} has no effect: retry.retention_time "
            f"({retention:,} seconds) takes precedence",
            help="remove it; or set it to 0 to keep this event's failures from triggering "
            "the time-based retries",
        )
