"""`lpmanifest convert`: YAML to the manifest JSON LivePerson expects, and JSON back to YAML.

The conversion itself is `output.conversion`'s. This module makes the decisions around it:
which format to write, and where the text may go (stdout, or a file written by
`lpmanifest.output.writes`: never the input, never an existing file without --force).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, TextIO

from lpmanifest.check.checker import Options
from lpmanifest.commands import NO_ENVIRONMENT, EnvironmentOptions
from lpmanifest.errors import ExitCode, UsageError
from lpmanifest.findings.model import Severity
from lpmanifest.findings.wording import plural
from lpmanifest.source.document import Document
from lpmanifest.source.formats import Format, format_of_name

if TYPE_CHECKING:
    from lpmanifest.output.conversion import Conversion

STDIO = "-"


@dataclass(frozen=True)
class ConvertOptions:
    """What the command line asked for (names as the user wrote them)."""

    source: str  # a path, or "-" for stdin
    output: str | None = None  # None or "-": stdout
    to: str | None = None
    validate: bool = True
    force: bool = False
    stdin_filename: str | None = None
    source_display: str | None = None  # how findings name the source
    output_display: str | None = None
    # Rule selection and severities, from the configuration as for `validate`.
    checks: Options | None = None
    # --env, --var and --env-file (README, *Environments*).
    environment: EnvironmentOptions = NO_ENVIRONMENT


def target_format(to: str | None, output: str | None) -> Format:
    """`--to`, else the output's extension, else JSON; the two disagreeing is a usage error."""
    chosen: Format | None = None
    if to is not None:
        lowered = to.lower()
        if lowered not in ("json", "yaml", "yml"):
            raise UsageError(f"--to must be json or yaml, not {to!r}")
        chosen = "json" if lowered == "json" else "yaml"
    implied = format_of_name(output) if output and output != STDIO else None
    if chosen and implied and chosen != implied:
        raise UsageError(
            f"--to {chosen} contradicts the output name {output!r}, which is {implied}"
        )
    return chosen or implied or "json"


def _inputs(source: str, stdin: BinaryIO | None) -> tuple[str | int, ...]:
    """What the output must never replace: the input file, or the file on standard input."""
    if source != STDIO:
        return (source,)
    try:
        return (stdin.fileno(),) if stdin is not None else ()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's BytesIO)
        return ()


def run(
    source: str,
    output: str | None,
    to: str | None,
    validate: bool,
    force: bool,
    stdin_filename: str | None,
    environment: EnvironmentOptions = NO_ENVIRONMENT,
) -> ExitCode:
    """The command: its settings from the configuration, as for `validate`."""
    from lpmanifest.check.config import resolve_options
    from lpmanifest.check.discovery import display_path

    options = ConvertOptions(
        source=source,
        output=output,
        to=to,
        validate=validate,
        force=force,
        stdin_filename=stdin_filename,
        source_display=display_path(source) if source != STDIO else None,
        output_display=display_path(output) if output and output != STDIO else None,
        checks=resolve_options(),
        environment=environment,
    )
    return ExitCode.OK if convert(options) else ExitCode.FINDINGS


def convert(
    options: ConvertOptions,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> bool:
    """Convert one manifest as the command line asked; True if something was written.

    Findings go to `stderr` as a text report, since `stdout` may be the converted text.
    Usage problems (a missing input, an output that may not be written) raise UsageError.
    """
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    source = options.source
    output = None if options.output in (None, STDIO) else options.output
    target = target_format(options.to, options.output)
    if options.stdin_filename is not None and source != STDIO:
        raise UsageError("--stdin-filename names standard input; use it with - as the INPUT")
    if source != STDIO:
        require_source(source)
    if output is not None:
        # Refused before any work (and again on writing): the input itself however it is
        # named (even with --force), a directory, a block device, a folder that does not
        # exist or cannot be written, an existing file without --force.
        from lpmanifest.output.writes import check

        check(output, force=options.force, inputs=_inputs(source, stdin))

    env, variables, env_file = options.environment
    if options.environment.given:
        if source == STDIO:
            raise UsageError("--env, --var and --env-file read files: name the base manifest")
        from lpmanifest.environments import load, selection
        from lpmanifest.output.conversion import convert_resolved

        chosen = selection(env, variables, env_file)
        resolved = load(source, options.source_display or source, chosen, env)
        conversion = convert_resolved(resolved, target, options.validate, options.checks)
    else:
        doc = _load(options, stdin)
        from lpmanifest.output.conversion import convert_document

        conversion = convert_document(doc, target, options.validate, options.checks)
    _report(conversion, stderr)
    if conversion.text is None:
        stderr.write(f"lpmanifest: {_refusal(conversion)}; nothing written\n")
        return False
    if output is None:
        _write_stdout(conversion.text, stdout)
        return True
    from lpmanifest.output.writes import write

    write(output, conversion.text, force=options.force, inputs=_inputs(source, stdin))
    stderr.write(f"lpmanifest: wrote {options.output_display or output}\n")
    return True


def require_source(source: str) -> None:
    """A usage error if the input does not exist; a path that cannot be reached for another
    reason (a folder without permission) is the loader's finding, not a missing file."""
    try:
        os.lstat(source)
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(f"no such file: {source!r}") from None
    except OSError:
        pass


def _load(options: ConvertOptions, stdin: BinaryIO) -> Document:
    from lpmanifest.source.read import load_file, load_stream

    if options.source == STDIO:
        return load_stream(stdin, options.stdin_filename or "<stdin>")
    return load_file(options.source, options.source_display or options.source)


def _report(conversion: Conversion, stderr: TextIO) -> None:
    if not conversion.findings:
        return
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import ColorChoice, OutputFormat, make_reporter

    reporter = make_reporter(OutputFormat.text, stderr, ColorChoice.auto)
    summary = Summary()
    # Each file with its own findings (an environment's overlay has its own).
    for doc, findings in conversion.by_file or [(conversion.doc, conversion.findings)]:
        summary.add(findings)
        reporter.file(doc, findings)
    reporter.finish(summary)


def _refusal(conversion: Conversion) -> str:
    name = conversion.doc.file
    if conversion.unrepresentable:
        return f"not converted: fix the error above in {name} (--no-validate cannot skip it)"
    errors = sum(finding.severity is Severity.ERROR for finding in conversion.findings)
    counted = plural(errors, "error")
    fix = "fix it" if errors == 1 else "fix them"
    return f"not converted: {counted} in {name} ({fix}, or use --no-validate to convert anyway)"


def _write_stdout(text: str, stdout: TextIO) -> None:
    # UTF-8 whatever the locale says: the manifest format is UTF-8.
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:
        stdout.write(text)
        stdout.flush()
        return
    stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
