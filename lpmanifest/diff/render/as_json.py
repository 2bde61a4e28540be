"""`diff --format json`: one JSON document for scripts. Its shape is stable (`version` changes
if it ever must; README, *lpmanifest diff*):

    {"version": 1,
     "old": "old.json", "new": "new.yaml",
     "equal": false,
     "server_fields": {"shown": false, "hidden_changes": 0},
     "counts": {"stops-notifications": 1, "widens-access": 1, "narrows-access": 0,
                "changes-delivery": 0, "cosmetic": 0, "other": 0},
     "changes": [{"path": "grant_types", "kind": "added", "effect": "widens-access",
                  "summary": "grant type added",
                  "description": "grant type added: 'authorization_code'",
                  "masked": false, "new": "authorization_code"}]}

Each change has `old` unless its kind is `added` and `new` unless it is `removed` (either may
be null: a value can be). A masked value is the string `********`. Non-ASCII characters are
escaped (`\\u001b`), so no terminal control character is ever written as it is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from lpmanifest.diff.change import Change, ChangeKind, Effect
from lpmanifest.diff.render import DiffReport

if TYPE_CHECKING:
    from lpmanifest.output.report import ColorChoice

FORMAT_VERSION = 1


def change_to_dict(change: Change) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "path": change.path_text,
        "kind": change.kind.value,
        "effect": change.effect.value,
        "summary": change.summary,
        "description": change.description,
        "masked": change.masked,
    }
    if change.kind is not ChangeKind.added:
        shown["old"] = change.old
    if change.kind is not ChangeKind.removed:
        shown["new"] = change.new
    return shown


def document(report: DiffReport) -> dict[str, Any]:
    counts = dict.fromkeys((effect.value for effect in Effect), 0)
    for change in report.changes:
        counts[change.effect.value] += 1
    return {
        "version": FORMAT_VERSION,
        "old": report.old,
        "new": report.new,
        "equal": not report.changes,
        "server_fields": {"shown": report.server_fields, "hidden_changes": report.hidden},
        "counts": counts,
        "changes": [change_to_dict(change) for change in report.changes],
    }


def write(report: DiffReport, stream: TextIO, color: ColorChoice) -> None:
    # ensure_ascii keeps terminal control characters escaped as \u001b.
    stream.write(json.dumps(document(report), indent=2, ensure_ascii=True) + "\n")
