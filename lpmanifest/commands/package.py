"""`lpmanifest package MANIFEST -o DIR`: what goes to LivePerson's Account Management, checked
first and written whole or not at all.

The manifest is loaded (`_load`) and checked as `validate` checks it, with the workspace's
configuration and `--fail-on`; its findings are reported as `validate`'s text report says
them. Only if none is at or above `--fail-on` is the package built, whole, in memory
(`output.package`: the manifest JSON is `convert`'s conversion, byte for byte) and written
as one directory (`output.directory_writes`). Any refusal writes nothing: DIR is not created,
or stays as it was.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from lpmanifest.commands import NO_ENVIRONMENT, EnvironmentOptions
from lpmanifest.errors import ExitCode, UsageError
from lpmanifest.findings.model import Severity
from lpmanifest.findings.wording import inert, plural

if TYPE_CHECKING:
    from lpmanifest.check.checker import Options
    from lpmanifest.findings.model import Finding
    from lpmanifest.source.document import Document

STDIO = "-"


@dataclass(frozen=True)
class Request:
    """What `lpmanifest package` was asked to do (None: not given, the configuration's)."""

    manifest: str
    output: str
    fail_on: Severity | None = None
    force: bool = False
    # --env, --var and --env-file (README, *Environments*).
    environment: EnvironmentOptions = NO_ENVIRONMENT


def run(request: Request, stdout: TextIO | None = None, stderr: TextIO | None = None) -> ExitCode:
    """Check, build and write the package; the exit code. Usage problems (a missing input,
    a directory that may not be written) raise UsageError, before any work."""
    from lpmanifest.check.config import resolve_options
    from lpmanifest.commands.convert import require_source
    from lpmanifest.output import package
    from lpmanifest.output.directory_writes import check_directory, write_directory

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    source = request.manifest
    if source == STDIO:
        raise UsageError(
            "package reads a manifest file, whose name the package's manifest takes; "
            "name the file (convert reads standard input)"
        )
    require_source(source)
    options = resolve_options(fail_on=request.fail_on)
    env, variables, env_file = request.environment
    # The package of an environment is named after it: connector.prod.json.
    named = _env_name(source, env) if env is not None else source
    names = package.file_names(named)
    # What --force may replace, looked at in the directory itself each time it is decided.
    replaceable = functools.partial(package.replaceable, names=names)
    check_directory(request.output, force=request.force, inputs=(source,), replaceable=replaceable)

    if request.environment.given:
        from lpmanifest.check.discovery import display_path
        from lpmanifest.environments import load, selection
        from lpmanifest.output.conversion import convert_resolved

        resolved = load(source, display_path(source), selection(env, variables, env_file), env)
        conversion = convert_resolved(resolved, "json", True, options)
        doc, findings, text = resolved.base, conversion.findings, conversion.text
        _report_files(conversion.by_file, options.fail_on, stdout)
        data = resolved.data
    else:
        doc = _load(source)
        findings, text = _check(doc, options)
        _report_files([(doc, findings)], options.fail_on, stdout)
        data = doc.data
    failing = [finding for finding in findings if finding.severity >= options.fail_on]
    if failing or text is None:
        stderr.write(f"lpmanifest: {_refusal(doc, failing, options.fail_on)}; nothing written\n")
        return ExitCode.FINDINGS

    from lpmanifest import __version__

    built = package.build(
        text,
        data,
        source=named,
        findings=findings,
        fail_on=options.fail_on,
        version=__version__,
    )
    written = write_directory(
        request.output,
        built.files,
        force=request.force,
        inputs=(source,),
        replaceable=replaceable,
    )
    shown = _shown(request.output)
    stderr.write(f"lpmanifest: wrote {shown}: {', '.join(built.names)}\n")
    if written.leftover is not None:
        stderr.write(
            f"lpmanifest: warning: the package replaced is left in {_shown(written.leftover)}: "
            "something was added to it meanwhile\n"
        )
    return ExitCode.OK


def _load(path: str) -> Document:
    """The manifest at `path`, loaded: the one place the package reads it (a later change
    lets `--env`/`--var` fill it in here, before it is checked)."""
    from lpmanifest.check.discovery import display_path
    from lpmanifest.source.read import load_file

    return load_file(path, display_path(path))


def _check(doc: Document, options: Options) -> tuple[list[Finding], str | None]:
    """The document's findings, and its text as `convert` writes it in JSON (None if the
    conversion refuses it: an error, or data that did not load)."""
    from lpmanifest.output.conversion import convert_document

    conversion = convert_document(doc, "json", validate=True, checks=options)
    return conversion.findings, conversion.text


def _report_files(
    by_file: list[tuple[Document, list[Finding]]], fail_on: Severity, stdout: TextIO
) -> None:
    """The findings as `validate`'s text report prints them (its reporter), summary
    included; with an environment, each in the file that set the value."""
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice, OutputFormat, make_reporter

    reporter = make_reporter(OutputFormat.text, stdout, ColorChoice.auto, fail_on=fail_on)
    summary = Summary()
    for doc, findings in by_file:
        summary.add(findings)
        reporter.file(doc, findings)
    reporter.finish(summary)


def _env_name(source: str, env: str) -> str:
    stem, suffix = os.path.splitext(source)
    return f"{stem}.{env}{suffix}"


def _refusal(doc: Document, failing: list[Finding], fail_on: Severity) -> str:
    name = inert(doc.file)
    if not failing:  # (the conversion refused data that its checks passed: not expected)
        return f"not packaged: {name} cannot be written as JSON"
    counts = []
    for level in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        count = sum(finding.severity is level for finding in failing)
        if count:
            counts.append(f"{count} info" if level is Severity.INFO else plural(count, level.value))
    fix = "fix it" if len(failing) == 1 else "fix them"
    why = fix if fail_on is Severity.ERROR else f"--fail-on {fail_on.value}; {fix}"
    return f"not packaged: {', '.join(counts)} in {name} ({why})"


def _shown(path: str) -> str:
    from lpmanifest.check.discovery import display_path

    return inert(display_path(path))
