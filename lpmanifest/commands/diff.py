"""`lpmanifest diff OLD NEW`: what changed between two manifests, in manifest terms.

The comparison is `diff.compare`'s and the report `diff.render`'s; this module reads the two
files, prints and exits: 0 when they are equal, 1 when they differ, 2 when either cannot be
compared (a missing or unreadable file, one that does not load, a root that is not an
object), said as `validate` would say it, at the file's line and column.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from lpmanifest.errors import ExitCode, UsageError
from lpmanifest.findings.wording import inert, plural

if TYPE_CHECKING:
    from lpmanifest.diff.render import DiffFormat
    from lpmanifest.output.report import ColorChoice


def run(
    old: str,
    new: str,
    output_format: DiffFormat,
    show_server_fields: bool,
    color: ColorChoice,
    stdout: TextIO | None = None,
) -> ExitCode:
    """Compare OLD with NEW and report; both are loaded before anything is printed."""
    from lpmanifest.check.discovery import display_path
    from lpmanifest.diff.compare import compare
    from lpmanifest.diff.render import DiffReport, write_report

    before, after = _load(old), _load(new)
    changes = compare(before, after, server_fields=show_server_fields)
    hidden = 0
    if not show_server_fields:
        hidden = len(compare(before, after, server_fields=True)) - len(changes)
    report = DiffReport(display_path(old), display_path(new), changes, show_server_fields, hidden)
    write_report(output_format, report, stdout or sys.stdout, color)
    return ExitCode.FINDINGS if changes else ExitCode.OK


def _load(path: str) -> dict[str, Any]:
    """One side of the comparison as manifest data: the one place a file becomes data, so
    that environments (`--env`, `--var`) can be applied here later.

    What stops the comparison is a UsageError (exit 2): a path that does not exist, and any
    finding from loading (a syntax error, an encoding, a duplicate key, a root that is not
    an object, a file that cannot be read), worded as `validate` words it.
    """
    from lpmanifest.check.discovery import display_path
    from lpmanifest.source.read import load_file

    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(f"no such file: {path!r}") from None
    except OSError:  # a folder that cannot be searched: the loader says so, at the file
        pass
    doc = load_file(path, display_path(path))
    if doc.findings:
        first = doc.findings[0]
        where = f"{inert(first.file)}:{first.span.line}:{first.span.column}"
        more = len(doc.findings) - 1
        rest = f" (and {plural(more, 'other finding')}: lpmanifest validate lists them)"
        raise UsageError(
            f"{where}: {first.message} ({first.name}); not compared{rest if more else ''}"
        )
    if not isinstance(doc.data, dict):  # (a loaded document that is not one has a finding)
        raise UsageError(f"{inert(doc.file)}: the manifest is not an object; not compared")
    return doc.data
