"""`lpmanifest rules`: every rule in a table, or one rule's documentation."""

from __future__ import annotations

import sys

from lpmanifest.errors import ExitCode, UsageError


def run(name: str | None) -> ExitCode:
    from lpmanifest.rules import ALL_INFOS, documentation, lookup, unknown_rule

    if name is None:
        rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
        rows += [(i.code, i.name, i.severity.value, i.summary) for i in ALL_INFOS]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            sys.stdout.write("  ".join([*cells, row[3]]) + "\n")
        return ExitCode.OK
    info = lookup(name.strip())
    if info is None:
        raise UsageError(unknown_rule(name))
    sys.stdout.write(
        f"# {info.name} ({info.code})\n\n"
        f"Default severity: {info.severity.value}. {info.summary}\n\n"
        f"{documentation(info).strip()}\n"
    )
    return ExitCode.OK
