"""The command line: typer declarations, each calling its command in `commands/`.

`main(argv) -> int` is the one entry point. It turns expected errors into a short message
on stderr with exit code 2, Ctrl-C into 130, and anything unexpected into a bug-report
hint, never a traceback for the user.

(No `from __future__ import annotations` here: typer reads the commands' annotations at
every start, and as strings it would `eval` each of them, about 10 ms a run.)
"""

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, NoReturn, Optional, ParamSpec

import typer

from lpmanifest import __version__
from lpmanifest.commands import EnvironmentOptions
from lpmanifest.diff.render import DiffFormat
from lpmanifest.errors import ExitCode, Interrupted, handle
from lpmanifest.findings.model import Severity
from lpmanifest.output.report import ColorChoice, OutputFormat

P = ParamSpec("P")


def _interruptible(command: Callable[P, int]) -> Callable[P, int]:
    @functools.wraps(command)
    def run_command(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted from None

    return run_command


app = typer.Typer(
    name="lpmanifest",
    help="Validate, lint, write and convert LivePerson Application Install Manifests.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: `[tool.lpmanifest]` is not markup
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"lpmanifest {__version__}\n")
        raise typer.Exit(ExitCode.OK)


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


# Environments (README, *Environments*): the same options on validate, convert, diff, package.
ENV_OPTION = typer.Option(
    "--env",
    help="Merge the overlay MANIFEST.NAME.yaml (or .json) into each base manifest.",
    metavar="NAME",
    show_default=False,
)
VAR_OPTION = typer.Option(
    "--var",
    help="A ${NAME} variable's value, NAME=VALUE (repeatable; wins over --env-file and the "
    "environment).",
    metavar="NAME=VALUE",
    show_default=False,
)
ENV_FILE_OPTION = typer.Option(
    "--env-file",
    help="Read ${NAME} variables from a dotenv file (NAME=VALUE lines).",
    metavar="FILE",
    show_default=False,
)


@app.command()
@_interruptible
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
        Optional[Severity],  # noqa: UP045
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is at least this severe.",
            show_default="error",
        ),
    ] = None,
    select: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--select", help="Only these rules (names or codes; repeatable)."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--ignore", help="Skip these rules (names or codes; repeatable)."),
    ] = None,
    allow_placeholders: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--allow-placeholders/--no-allow-placeholders",
            help="Accept template text (placeholder-value) in templates.",
            show_default=False,
        ),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes in place, then report what remains.")
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Print the safe fixes as a unified diff; change nothing."),
    ] = False,
    config: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--config",
            help="Read settings from this TOML file.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    isolated: Annotated[
        bool, typer.Option("--isolated", help="Ignore configuration files.")
    ] = False,
    stdin_filename: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--stdin-filename", help="Name (and format, by extension) for stdin."),
    ] = None,
    skip_unrelated: Annotated[
        bool,
        typer.Option(
            "--skip-unrelated/--no-skip-unrelated",
            help="Skip, with a note, files that are plainly not LivePerson manifests (none of "
            "their keys is one): a web app's or a browser extension's manifest.json.",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only the finding lines, no frames or summary.")
    ] = False,
    color: Annotated[
        ColorChoice, typer.Option("--color", help="Colour the text report (NO_COLOR is honoured).")
    ] = ColorChoice.auto,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Check files on this many processes; 0: one per CPU when there are "
            "hundreds of files.",
        ),
    ] = 0,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Also contact every URL: DNS, connection, TLS 1.2+, certificates, the "
            "70x70 logo (needs lpmanifest[online]).",
        ),
    ] = False,
    send_test_events: Annotated[
        bool,
        typer.Option(
            "--send-test-events",
            help="With --online: post one sample notification per webhook event, signed "
            "with LP_CLIENT_SECRET.",
        ),
    ] = False,
    account_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--account-id",
            help="x-liveperson-account-id of the sample notifications [env: LP_ACCOUNT_ID].",
            show_default=False,
        ),
    ] = None,
    client_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--client-id",
            help="x-liveperson-client-id of the sample notifications [env: LP_CLIENT_ID].",
            show_default=False,
        ),
    ] = None,
    env: Annotated[Optional[str], ENV_OPTION] = None,  # noqa: UP045
    variables: Annotated[Optional[list[str]], VAR_OPTION] = None,  # noqa: UP045
    env_file: Annotated[Optional[str], ENV_FILE_OPTION] = None,  # noqa: UP045
) -> int:
    """Check manifests against the bundled schema and the lint rules.

    Settings come from [tool.lpmanifest] in pyproject.toml or from .lpmanifest.toml (found
    upward from here); options given here win over them.

    Example: lpmanifest validate manifests/ --format json
    """
    from lpmanifest.commands.validate import Request, run

    request = Request(
        paths or (),
        output_format,
        fail_on,
        select,
        ignore,
        allow_placeholders,
        fix,
        diff,
        config,
        isolated,
        stdin_filename,
        skip_unrelated,
        quiet,
        color,
        jobs,
        online,
        send_test_events,
        account_id,
        client_id,
        EnvironmentOptions(env, tuple(variables or ()), env_file),
    )
    return run(request)


@app.command()
@_interruptible
def convert(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="The manifest to convert (.yaml, .yml or .json), or - for stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of stdout: a file is replaced atomically, a FIFO "
            "or device written as a stream.",
        ),
    ] = None,
    to: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--to",
            metavar="[json|yaml]",
            help="Output format. Default: from the output's extension, else json.",
            show_default=False,
        ),
    ] = None,
    no_validate: Annotated[
        bool,
        typer.Option(
            "--no-validate",
            help="Convert even with errors (never YAML that JSON cannot hold).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite OUTPUT if it exists (never the input).")
    ] = False,
    stdin_filename: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--stdin-filename", help="Name (and format, by extension) for stdin."),
    ] = None,
    env: Annotated[Optional[str], ENV_OPTION] = None,  # noqa: UP045
    variables: Annotated[Optional[list[str]], VAR_OPTION] = None,  # noqa: UP045
    env_file: Annotated[Optional[str], ENV_FILE_OPTION] = None,  # noqa: UP045
) -> int:
    """Convert a YAML manifest to the JSON LivePerson expects, or JSON to YAML.

    It is validated first, as by `validate`: on any error, nothing is written.

    Example: lpmanifest convert manifest.yaml -o manifest.json
    """
    from lpmanifest.commands.convert import run

    return run(
        source,
        output,
        to,
        not no_validate,
        force,
        stdin_filename,
        EnvironmentOptions(env, tuple(variables or ()), env_file),
    )


@app.command()
@_interruptible
def diff(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD", help="The manifest before (.json, .yaml or .yml).", show_default=False
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            metavar="NEW", help="The manifest after (JSON or YAML, either way).", show_default=False
        ),
    ],
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="Report format (markdown: for a pull request)."),
    ] = DiffFormat.text,
    show_server_fields: Annotated[
        bool,
        typer.Option(
            "--show-server-fields",
            help="Also compare what LivePerson assigns on install (id, client_id, ..., "
            "capabilities.broadcast), which a downloaded manifest carries.",
        ),
    ] = False,
    color: Annotated[
        ColorChoice, typer.Option("--color", help="Colour the text report (NO_COLOR is honoured).")
    ] = ColorChoice.auto,
    env: Annotated[Optional[str], ENV_OPTION] = None,  # noqa: UP045
    variables: Annotated[Optional[list[str]], VAR_OPTION] = None,  # noqa: UP045
    env_file: Annotated[Optional[str], ENV_FILE_OPTION] = None,  # noqa: UP045
) -> int:
    """Show what changed between two manifests, in manifest terms, whatever the key order.

    Each change is classed: it stops notifications, widens or narrows access, changes
    delivery, is cosmetic, or other. Header values and secrets are masked. Exit 0 when they
    are equal, 1 when they differ, 2 when either cannot be read.

    Example: lpmanifest diff deployed.json manifest.yaml --format markdown
    """
    from lpmanifest.commands.diff import run

    return run(
        old,
        new,
        output_format,
        show_server_fields,
        color,
        environment=EnvironmentOptions(env, tuple(variables or ()), env_file),
    )


@app.command()
@_interruptible
def package(
    manifest: Annotated[
        str,
        typer.Argument(
            metavar="MANIFEST",
            help="The manifest to package (.yaml, .yml or .json).",
            show_default=False,
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The package's directory: new, empty, or (with --force) an earlier package.",
            show_default=False,
        ),
    ],
    fail_on: Annotated[
        Optional[Severity],  # noqa: UP045
        typer.Option(
            "--fail-on",
            help="Write nothing when a finding is at least this severe.",
            show_default="error",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an earlier package in DIR (never other files)."),
    ] = False,
    env: Annotated[Optional[str], ENV_OPTION] = None,  # noqa: UP045
    variables: Annotated[Optional[list[str]], VAR_OPTION] = None,  # noqa: UP045
    env_file: Annotated[Optional[str], ENV_FILE_OPTION] = None,  # noqa: UP045
) -> int:
    """Check a manifest and write what goes to LivePerson's Account Management: the manifest
    JSON (as convert writes it), SUMMARY.md for the people who install it, and SHA256SUMS.

    It is validated first, as by `validate` (with the configuration): on a finding at or
    above --fail-on, nothing is written.

    Example: lpmanifest package connector.yaml -o dist/connector
    """
    from lpmanifest.commands.package import Request, run

    environment = EnvironmentOptions(env, tuple(variables or ()), env_file)
    return run(Request(manifest, output, fail_on, force, environment))


@app.command()
def new(
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="The manifest to write: JSON, or YAML when it ends in .yaml/.yml. "
            "Default: manifest.json (with --from: the file being edited).",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--template", "-t", help="Start from this template: connector, web-app, custom."
        ),
    ] = None,
    assignments: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--set",
            help="Answer a question: KEY=VALUE, KEY a manifest path (event names in brackets: "
            'capabilities.webhooks["ms.X"].endpoint; every event: '
            "capabilities.webhooks[*].endpoint), VALUE read as YAML. Repeatable.",
        ),
    ] = None,
    answers: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--answers", help="A YAML or JSON file mapping the same keys to answers."),
    ] = None,
    from_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--from", help="Edit an existing manifest: every question prefilled from it."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accept the default answer to every question.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT if it exists.")] = False,
) -> int:
    """Write a manifest by answering questions; it can only write a valid one.

    At a terminal, Ctrl-B goes back to the previous question. With --from, a YAML file keeps
    its comments and layout wherever an answer did not change it.

    Example: lpmanifest new manifest.json --template connector
    """
    from lpmanifest.commands.new import Request, run, terminal_on_stdin

    request = Request(output, template, tuple(assignments or ()), answers, from_path, yes, force)
    return run(request, terminal_on_stdin())


@app.command()
def rules(
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A rule's name or code: print its documentation.", show_default=False),
    ] = None,
) -> int:
    """List every rule (code, name, default severity, summary), or explain one.

    Example: lpmanifest rules placeholder-value
    """
    from lpmanifest.commands.rules import run

    return run(name)


@app.command()
def schema() -> int:
    """Print the bundled manifest JSON Schema (draft 2020-12), for editors and other tools.

    Example: lpmanifest schema > manifest.schema.json
    """
    from lpmanifest.commands.schema import run

    return run()


@app.command()
def lsp() -> int:
    """Run the language server (LSP over stdio) for editors: diagnostics, hover, completion
    and quick fixes for manifests (needs lpmanifest[lsp]).

    Example, Neovim: vim.lsp.config('lpmanifest', {cmd = {'lpmanifest', 'lsp'}})
    """
    from lpmanifest.commands.lsp import run

    return run()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=args, prog_name="lpmanifest", standalone_mode=False)
    except typer.Exit as exit:
        return int(exit.exit_code)
    except typer.Abort:  # click's word for a KeyboardInterrupt it caught itself
        return handle(Interrupted(), sys.stderr)
    except typer.TyperException as error:  # click's usage errors: it knows how to say them
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            _error(str(error))
        return int(getattr(error, "exit_code", ExitCode.USAGE))
    except BrokenPipeError:
        # The reader went away (`| head`); nothing more to say to it.
        _silence_stdout()
        return ExitCode.FINDINGS
    except (Exception, KeyboardInterrupt) as error:  # the last line of defence: no traceback
        return handle(error, sys.stderr)
    return int(result or 0)


def run() -> NoReturn:
    """The `lpmanifest` program: `main`, then exit without the interpreter's teardown.

    Freeing every imported module at exit costs about 15 ms, a tenth of a whole run, and
    nothing needs it: the exit handlers still run, and the output is flushed here.
    """
    code = main()
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader went away
            code = code or ExitCode.FINDINGS
        except ValueError:  # closed already (the language server closes its stdout)
            pass
    os._exit(code)


def _error(message: str) -> None:
    sys.stderr.write(f"lpmanifest: error: {message}\n")


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
