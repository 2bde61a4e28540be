"""`diff --format text`: the changes for people, a line each, under their effect.

    old.json → new.yaml: 2 changes

    Stops notifications (1)
      - capabilities.webhooks["ms.MessagingEventNotification.ChatStateEvent"]: event removed: {...}

    Widens access (1)
      + grant_types: grant type added: 'authorization_code'

In colour only on a terminal (or `--color always`), decided as the validate report decides
(`text_report.wants_color`); plain text is written directly, without importing rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from lpmanifest.diff.change import ChangeKind, Effect
from lpmanifest.diff.render import DiffReport, hidden_note
from lpmanifest.findings.wording import inert, plural
from lpmanifest.output.report.text_report import color_console, wants_color

if TYPE_CHECKING:
    from lpmanifest.output.report import ColorChoice

Line = list[tuple[str, str]]  # (text, rich style) pieces

SIGNS = {ChangeKind.added: "+", ChangeKind.removed: "-", ChangeKind.changed: "~"}
_SIGN_STYLES = {ChangeKind.added: "green", ChangeKind.removed: "red", ChangeKind.changed: "yellow"}
_EFFECT_STYLES = {
    Effect.stops_notifications: "bold red",
    Effect.widens_access: "bold yellow",
    Effect.narrows_access: "bold magenta",
    Effect.changes_delivery: "bold cyan",
    Effect.cosmetic: "bold",
    Effect.other: "bold blue",
}


def lines(report: DiffReport) -> list[Line]:
    """The report, line by line, in styled pieces."""
    names = f"{inert(report.old)} → {inert(report.new)}"
    if not report.changes:
        result: list[Line] = [[(names, "bold"), (": no difference in manifest terms", "green")]]
    else:
        result = [[(names, "bold"), (f": {plural(len(report.changes), 'change')}", "")]]
    for effect, changes in report.groups:
        result.append([])
        result.append([(f"{effect.heading} ({len(changes)})", _EFFECT_STYLES[effect])])
        for change in changes:
            sign = SIGNS[change.kind]
            result.append(
                [
                    (f"  {sign} ", _SIGN_STYLES[change.kind]),
                    (change.location, "bold"),
                    (f": {change.description}", ""),
                ]
            )
    if report.hidden:
        result.append([])
        result.append([(hidden_note(report.hidden), "dim")])
    return result


def write(report: DiffReport, stream: TextIO, color: ColorChoice) -> None:
    if not wants_color(color, stream):
        stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines(report)))
        return
    from rich.text import Text

    console = color_console(stream, color)
    for line in lines(report):
        console.print(Text.assemble(*line))
