"""`diff --format markdown`: the changes as a pull-request comment, a table per effect.

    ## lpmanifest diff: 2 changes

    `old.json` → `new.yaml`

    ### Stops notifications (1)

    | path | change | old | new |
    | --- | --- | --- | --- |
    | `capabilities.webhooks.retry.retention_time` | retention_time lowered | `3600` | `60` |

Every value from a manifest (paths, values, the files' names) is a code span, so nothing in
it renders: no link, no HTML, no mention; a `|` is escaped for the table, control characters
are inert, and the span's backticks outnumber any run inside it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from lpmanifest.diff.change import Change, ChangeKind, show
from lpmanifest.diff.render import DiffReport, hidden_note
from lpmanifest.findings.wording import inert, plural

if TYPE_CHECKING:
    from lpmanifest.output.report import ColorChoice

_BACKTICKS = re.compile("`+")


def code(text: str) -> str:
    """`text` as a Markdown code span that renders exactly it, inside a table cell too."""
    text = inert(text).replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(change: Change, value: object, present: bool) -> str:
    if not present:
        return ""
    return "masked" if change.masked else code(show(value))


def lines(report: DiffReport) -> list[str]:
    if report.changes:
        heading = f"## lpmanifest diff: {plural(len(report.changes), 'change')}"
        names = f"{code(report.old)} → {code(report.new)}"
    else:
        heading = "## lpmanifest diff: no difference"
        names = f"{code(report.old)} → {code(report.new)}: no difference in manifest terms."
    result = [heading, "", names]
    for effect, changes in report.groups:
        result += ["", f"### {effect.heading} ({len(changes)})", ""]
        result += ["| path | change | old | new |", "| --- | --- | --- | --- |"]
        for change in changes:
            old = _cell(change, change.old, change.kind is not ChangeKind.added)
            new = _cell(change, change.new, change.kind is not ChangeKind.removed)
            what = change.summary or change.kind.value
            result.append(f"| {code(change.location)} | {what} | {old} | {new} |")
    if report.hidden:
        result += ["", f"_{hidden_note(report.hidden)}._"]
    return result


def write(report: DiffReport, stream: TextIO, color: ColorChoice) -> None:
    stream.write("\n".join(lines(report)) + "\n")
