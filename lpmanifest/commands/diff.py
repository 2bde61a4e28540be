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

from lpmanifest.commands import NO_ENVIRONMENT, EnvironmentOptions
from lpmanifest.errors import ExitCode, UsageError
from lpmanifest.findings.wording import inert, plural

if TYPE_CHECKING:
    from lpmanifest.diff.render import DiffFormat
    from lpmanifest.environments import Selection
    from lpmanifest.findings.model import Finding
    from lpmanifest.output.report import ColorChoice


def run(
    old: str,
    new: str,
    output_format: DiffFormat,
    show_server_fields: bool,
    color: ColorChoice,
    stdout: TextIO | None = None,
    environment: EnvironmentOptions = NO_ENVIRONMENT,
) -> ExitCode:
    """Compare OLD with NEW and report; both are loaded before anything is printed."""
    from lpmanifest.check.discovery import display_path
    from lpmanifest.diff.compare import compare
    from lpmanifest.diff.render import DiffReport, write_report

    chosen = _selection(environment)
    (before, merged_old), (after, merged_new) = _load(old, chosen), _load(new, chosen)
    if chosen is not None and chosen.env is not None and not (merged_old or merged_new):
        raise UsageError(
            f"--env {chosen.env}: neither {inert(old)} nor {inert(new)} has an overlay for it"
        )
    changes = compare(before, after, server_fields=show_server_fields)
    hidden = 0
    if not show_server_fields:
        hidden = len(compare(before, after, server_fields=True)) - len(changes)
    report = DiffReport(display_path(old), display_path(new), changes, show_server_fields, hidden)
    write_report(output_format, report, stdout or sys.stdout, color)
    return ExitCode.FINDINGS if changes else ExitCode.OK


def _selection(
    environment: EnvironmentOptions,
) -> Selection | None:
    if not environment.given:
        return None
    env, variables, env_file = environment
    from lpmanifest.environments import selection

    return selection(env, variables, env_file)


def _load(path: str, chosen: Selection | None) -> tuple[dict[str, Any], bool]:
    """One side of the comparison as manifest data, and whether `--env`'s overlay was
    merged into it: the one place a file becomes data. With environments, a side that has
    the overlay gets it (a base against a downloaded installation, which has none), and
    both get their variables substituted.

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
    if chosen is not None:
        return _load_environment(path, chosen)
    doc = load_file(path, display_path(path))
    _refuse(doc.findings)
    if not isinstance(doc.data, dict):  # (a loaded document that is not one has a finding)
        raise UsageError(f"{inert(doc.file)}: the manifest is not an object; not compared")
    return doc.data, False


def _load_environment(path: str, chosen: Selection) -> tuple[dict[str, Any], bool]:
    from lpmanifest.check.discovery import display_path
    from lpmanifest.environments import load
    from lpmanifest.environments.overlays import base_of, overlay_for

    env = chosen.env
    if env is not None:
        named = base_of(path)
        if overlay_for(path, env) is None and not (named and named[1] == env):
            env = None
    resolved = load(path, display_path(path), chosen, env)
    findings = [f for doc in resolved.sources for f in doc.findings]
    if resolved.failed:
        from lpmanifest.check.checker import Checker

        findings = [f for _, found in resolved.check(Checker()) for f in found]
    _refuse([f for f in findings if f.severity.value == "error"] or findings)
    if not isinstance(resolved.data, dict):
        raise UsageError(f"{inert(path)}: the manifest is not an object; not compared")
    return resolved.data, env is not None


def _refuse(findings: list[Finding]) -> None:
    """A UsageError worded as `validate` words the first finding, if there is any."""
    if findings:
        first = findings[0]
        where = f"{inert(first.file)}:{first.span.line}:{first.span.column}"
        more = len(findings) - 1
        rest = f" (and {plural(more, 'other finding')}: lpmanifest validate lists them)"
        raise UsageError(
            f"{where}: {first.message} ({first.name}); not compared{rest if more else ''}"
        )
