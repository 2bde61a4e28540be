"""How a comparison is written: one module per `--format` (`as_text`, `as_json`,
`as_markdown`), each imported only when chosen.

Every renderer gets the same `DiffReport` and writes the changes grouped by effect, in the
order of `Effect`. Values come already masked from the comparison, and are written inert:
never as console markup, terminal control sequences or Markdown that would render.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from lpmanifest.diff.change import Change, Effect
    from lpmanifest.output.report import ColorChoice


class DiffFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@dataclass(frozen=True)
class DiffReport:
    """What a report of one comparison says."""

    old: str  # the names of the two files, as the user gave them
    new: str
    changes: tuple[Change, ...]  # in report order (`compare`'s)
    server_fields: bool  # whether server-assigned fields were compared
    hidden: int = 0  # changes to server-assigned fields left out (without --show-server-fields)

    @property
    def groups(self) -> list[tuple[Effect, list[Change]]]:
        """The changes of each effect that has any, most urgent first."""
        groups: dict[Effect, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.effect, []).append(change)
        from lpmanifest.diff.change import EFFECT_ORDER

        return sorted(groups.items(), key=lambda group: EFFECT_ORDER[group[0]])


def hidden_note(hidden: int) -> str:
    """What is left out without --show-server-fields, when anything is."""
    if hidden == 1:
        return "1 change to a server-assigned field not shown (--show-server-fields shows it)"
    return f"{hidden} changes to server-assigned fields not shown (--show-server-fields shows them)"


def write_report(
    format: DiffFormat, report: DiffReport, stream: TextIO, color: ColorChoice
) -> None:
    """Write `report` to `stream` in `format` (`color` counts for text only)."""
    module = importlib.import_module(f"lpmanifest.diff.render.as_{format.value}")
    module.write(report, stream, color)
