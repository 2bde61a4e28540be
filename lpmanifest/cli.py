"""The command line: thin commands over the checker, the reporters and the other modules.

`main(argv) -> int` is the one entry point. It turns expected errors into a short message
on stderr with exit code 2, Ctrl-C into 130, and anything unexpected into a bug-report
hint, never a traceback for the user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Optional

import typer

from lpmanifest import __version__
from lpmanifest.checker import UsageError
from lpmanifest.diagnostics import Severity
from lpmanifest.report import ColorChoice, OutputFormat

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
BUG_REPORT = "this is a bug in lpmanifest; please report it with the command you ran"

app = typer.Typer(
    name="lpmanifest",
    help="Validate, lint, write and convert LivePerson Application Install Manifests.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"lpmanifest {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Validate, lint, write and convert LivePerson Application Install Manifests."""


@app.command()
def validate(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045 (typer reads the annotation at run time)
        typer.Argument(
            help="Files, directories (searched for .json/.yaml/.yml), globs, or - for stdin.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Optional[OutputFormat],  # noqa: UP045
        typer.Option("--format", "-f", help="Report format.", show_default="text"),
    ] = None,
    fail_on: Annotated[
        Severity,
        typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe."),
    ] = Severity.ERROR,
    select: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--select", help="Only these rules (names or codes; repeatable)."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--ignore", help="Skip these rules (names or codes; repeatable)."),
    ] = None,
    stdin_filename: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--stdin-filename", help="Name (and format, by extension) for stdin."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only the finding lines, no frames or summary.")
    ] = False,
    color: Annotated[
        ColorChoice, typer.Option("--color", help="Colour the text report (NO_COLOR is honoured).")
    ] = ColorChoice.auto,
) -> int:
    """Check manifests against the bundled schema and the lint rules.

    Example: lpmanifest validate manifests/ --format json
    """
    from lpmanifest.checker import Checker, Options, Summary, expand_paths
    from lpmanifest.load import load_file, load_stream
    from lpmanifest.report import make_reporter

    if not paths:
        raise UsageError("no paths given; name files or directories, or - for stdin")
    options = Options(
        select=_rule_names(select) if select else None,
        ignore=_rule_names(ignore or []),
        fail_on=fail_on,
    )
    from lpmanifest.rules import LINT_RULES

    checker = Checker(options, LINT_RULES)
    reporter = make_reporter(output_format or OutputFormat.text, sys.stdout, color, quiet)
    summary = Summary()
    for path in expand_paths(paths):
        if path == "-":
            name = stdin_filename or "<stdin>"
            doc = load_stream(sys.stdin.buffer, name)
        else:
            doc = load_file(path, _display(path))
        findings = checker.check(doc)
        summary.add(findings)
        reporter.file(doc, findings)
    reporter.finish(summary)
    return EXIT_FINDINGS if summary.failed(fail_on) else EXIT_OK


def _display(path: str) -> str:
    """Paths as the user will click them: relative to here when below here."""
    if not os.path.isabs(path):
        return os.path.normpath(path)
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _rule_names(values: Sequence[str]) -> frozenset[str]:
    from lpmanifest.rules import lookup

    names = frozenset(part.strip() for value in values for part in value.split(",") if part)
    unknown = sorted(name for name in names if lookup(name) is None)
    if unknown:
        raise UsageError(f"unknown rule {unknown[0]!r}; `lpmanifest rules` lists them")
    return names


@app.command()
def schema() -> None:
    """Print the bundled manifest JSON Schema (draft 2020-12), for editors and other tools.

    Example: lpmanifest schema > manifest.schema.json
    """
    from lpmanifest.schema import schema_text

    sys.stdout.write(schema_text())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=args, prog_name="lpmanifest", standalone_mode=False)
    except typer.Exit as exit:
        return int(exit.exit_code)
    except typer.Abort:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except typer.TyperException as error:  # click's usage errors: it knows how to say them
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            _error(str(error))
        return int(getattr(error, "exit_code", EXIT_USAGE))
    except UsageError as error:
        _error(str(error))
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`| head`); nothing more to say to it.
        _silence_stdout()
        return EXIT_FINDINGS
    except Exception as error:  # the last line of defence: no traceback for users
        _error(f"{type(error).__name__}: {error}\n{BUG_REPORT}")
        return EXIT_USAGE
    return int(result or 0)


def _error(message: str) -> None:
    sys.stderr.write(f"lpmanifest: error: {message}\n")


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
