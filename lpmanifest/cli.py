"""The command line: thin commands over the checker, the reporters and the other modules.

`main(argv) -> int` is the one entry point. It turns expected errors into a short message
on stderr with exit code 2, Ctrl-C into 130, and anything unexpected into a bug-report
hint, never a traceback for the user.

(No `from __future__ import annotations` here: typer reads the commands' annotations at
every start, and as strings it would `eval` each of them, about 10 ms a run.)
"""

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional, ParamSpec

import typer

from lpmanifest import __version__
from lpmanifest.check.discovery import display_path, expand_paths
from lpmanifest.errors import ExitCode, Interrupted, UsageError, handle
from lpmanifest.findings.model import Severity
from lpmanifest.findings.wording import inert
from lpmanifest.output.report import ColorChoice, OutputFormat

if TYPE_CHECKING:
    from lpmanifest.check.checker import Checker, Options
    from lpmanifest.check.discovery import Source
    from lpmanifest.findings.model import Finding
    from lpmanifest.source.document import Document

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
) -> int:
    """Check manifests against the bundled schema and the lint rules.

    Settings come from [tool.lpmanifest] in pyproject.toml or from .lpmanifest.toml (found
    upward from here); options given here win over them.

    Example: lpmanifest validate manifests/ --format json
    """
    from lpmanifest.check.checker import Checker
    from lpmanifest.check.summary import Summary
    from lpmanifest.output.report import make_reporter

    if not paths:
        raise UsageError("no paths given; name files or directories, or - for stdin")
    if fix and not diff and "-" in paths:
        raise UsageError("--fix cannot write to standard input; use --diff to see the fixes")
    options = _options(config, isolated, select, ignore, fail_on, allow_placeholders)
    from lpmanifest.rules import LINT_RULES

    checker = Checker(options, LINT_RULES)
    files = list(expand_paths(paths))
    if fix and not diff:
        for source in files:
            if source.stream and source.path != "-":
                raise UsageError(
                    f"--fix cannot write to {inert(source.path)}, which is not a regular file; "
                    "use --diff to see the fixes"
                )
    if diff:
        return _show_diffs(_documents(files, stdin_filename), checker, skip_unrelated)
    if output_format is None:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = OutputFormat.github if in_actions else OutputFormat.text
    reporter = make_reporter(output_format, sys.stdout, color, quiet, options.fail_on)
    summary = Summary()
    fixed = fixed_files = skipped = 0
    if fix:
        for path, doc in _documents(files, stdin_filename):
            if skip_unrelated and checker.unrelated(doc):
                _note_unrelated(doc)
                skipped += 1
                continue
            doc, findings, applied = _fix_file(path, doc, checker)
            fixed, fixed_files = fixed + applied, fixed_files + (applied > 0)
            summary.add(findings)
            reporter.file(doc, findings)
    else:
        for doc, checked in _check_files(files, stdin_filename, checker, jobs, skip_unrelated):
            if checked is None:
                _note_unrelated(doc)
                skipped += 1
                continue
            summary.add(checked)
            reporter.file(doc, checked)
    reporter.finish(summary)
    if summary.files == 0 and not skipped:
        # Directories or globs that hold no manifest: say so, or a CI typo passes unseen.
        _warn("no .json, .yaml or .yml file found in " + ", ".join(repr(p) for p in paths))
    if fixed:
        sys.stderr.write(f"Fixed {_count(fixed, 'finding')} in {_count(fixed_files, 'file')}.\n")
    return ExitCode.FINDINGS if summary.failed(options.fail_on) else ExitCode.OK


def _options(
    config_path: str | None,
    isolated: bool,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    fail_on: Severity | None,
    allow_placeholders: bool | None,
) -> "Options":
    """The configuration file's settings, each overridden by the option given for it."""
    from lpmanifest.check.checker import Options
    from lpmanifest.check.config import discover

    config = discover(config_path, isolated)
    from lpmanifest.rules import rule_selection

    chosen_ignore = (
        rule_selection(ignore, "--ignore", ignoring=True)
        if ignore is not None
        else (config.ignore or frozenset())
    )
    placeholders = (
        allow_placeholders if allow_placeholders is not None else config.allow_placeholders
    )
    if placeholders:
        chosen_ignore |= {"placeholder-value"}
    return Options(
        select=rule_selection(select, "--select") if select is not None else config.select,
        ignore=chosen_ignore,
        severities=dict(config.severities),
        fail_on=fail_on or config.fail_on or Severity.ERROR,
    )


def _documents(
    files: Sequence["Source"], stdin_filename: str | None
) -> Iterator[tuple[str, "Document"]]:
    """Each file loaded, one at a time."""
    from lpmanifest.source.read import load_stream

    for source in files:
        if source.path == "-":
            yield source.path, load_stream(sys.stdin.buffer, stdin_filename or "<stdin>")
        else:
            yield source.path, _load(source)


def _load(source: "Source") -> "Document":
    from lpmanifest.source.read import load_file, unreadable

    name = display_path(source.path)
    if source.problem is not None:
        return unreadable(name, source.problem)
    return load_file(source.path, name)


def _check_files(
    files: Sequence["Source"],
    stdin_filename: str | None,
    checker: "Checker",
    jobs: int,
    skip_unrelated: bool = False,
) -> Iterator[tuple["Document", list["Finding"] | None]]:
    """Each file with its findings, in order: on several processes when there are many.
    With `skip_unrelated`, a file that is plainly not a LivePerson manifest comes with None."""
    from lpmanifest.check.pool import map_in_order, plan_jobs

    # Standard input, a FIFO or a device can be read only once: all on this process.
    processes = 1 if any(source.stream for source in files) else plan_jobs(jobs, len(files))
    if processes == 1:
        return (
            (doc, _check_one(checker, doc, skip_unrelated))
            for _, doc in _documents(files, stdin_filename)
        )
    # Hundreds of files hold some errors: import their explanation once, before the fork.
    import lpmanifest.check.explain  # noqa: F401

    check = functools.partial(_check_portable, checker, skip_unrelated)
    return map_in_order(check, files, processes)


def _check_one(checker: "Checker", doc: "Document", skip_unrelated: bool) -> list["Finding"] | None:
    if skip_unrelated and checker.unrelated(doc):
        return None
    return checker.check(doc)


def _check_portable(
    checker: "Checker", skip_unrelated: bool, source: "Source"
) -> tuple["Document", list["Finding"] | None]:
    """Load and check one file, keeping only what its report needs (it may cross processes)."""
    doc = _load(source)
    findings = _check_one(checker, doc, skip_unrelated)
    return doc.portable(keep_source=bool(findings)), findings


def _note_unrelated(doc: "Document") -> None:
    from lpmanifest.findings.wording import inert

    sys.stderr.write(
        f"lpmanifest: note: skipped {inert(doc.file)}: not a LivePerson manifest (it has no "
        "key of one, such as client_name; --no-skip-unrelated checks it)\n"
    )


def _fix_file(
    path: str, doc: "Document", checker: "Checker"
) -> tuple["Document", list["Finding"], int]:
    """Apply the safe fixes to one file and return what remains.

    The file is replaced as every write is (lpmanifest.output.writes: atomically, through links,
    its mode kept); writing the file being fixed is the point, so no --force is asked for.
    """
    from lpmanifest.fix.apply import fix_document
    from lpmanifest.output.writes import write

    result = fix_document(doc, checker)
    if result.changed:
        write(path, result.after, force=True)
        return result.fixed, result.findings, result.applied
    return doc, result.findings, 0


def _show_diffs(
    documents: Iterable[tuple[str, "Document"]], checker: "Checker", skip_unrelated: bool
) -> int:
    """`--diff`: print what `--fix` would change; exit 1 if it would change anything."""
    from lpmanifest.fix.apply import fix_document
    from lpmanifest.fix.diff import unified_diff

    fixable = changed = 0
    for _path, doc in documents:
        if skip_unrelated and checker.unrelated(doc):
            _note_unrelated(doc)
            continue
        result = fix_document(doc, checker)
        if result.changed:
            diff, notes = unified_diff(result)
            sys.stdout.write(diff)
            for note in notes:
                sys.stderr.write(f"lpmanifest: note: {inert(note)}\n")
            fixable, changed = fixable + result.applied, changed + 1
    if changed:
        sys.stderr.write(f"Would fix {_count(fixable, 'finding')} in {_count(changed, 'file')}.\n")
        return ExitCode.FINDINGS
    sys.stderr.write("No fixes available.\n")
    return ExitCode.OK


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


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
) -> int:
    """Convert a YAML manifest to the JSON LivePerson expects, or JSON to YAML.

    It is validated first, as by `validate`: on any error, nothing is written.

    Example: lpmanifest convert manifest.yaml -o manifest.json
    """
    from lpmanifest.convert import ConvertOptions, run

    options = ConvertOptions(
        source=source,
        output=output,
        to=to,
        validate=not no_validate,
        force=force,
        stdin_filename=stdin_filename,
        source_display=display_path(source) if source != "-" else None,
        output_display=display_path(output) if output and output != "-" else None,
        checks=_options(None, False, None, None, None, None),
    )
    return ExitCode.OK if run(options) else ExitCode.FINDINGS


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
    from lpmanifest.wizard import Request, Terminal, run

    terminal: Terminal | None = None
    if sys.stdin.isatty():
        from lpmanifest.wizard.prompts import QuestionaryTerminal

        terminal = QuestionaryTerminal()
    request = Request(output, template, tuple(assignments or ()), answers, from_path, yes, force)
    return run(request, terminal)


@app.command()
def rules(
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A rule's name or code: print its documentation.", show_default=False),
    ] = None,
) -> None:
    """List every rule (code, name, default severity, summary), or explain one.

    Example: lpmanifest rules placeholder-value
    """
    from lpmanifest.rules import ALL_INFOS, documentation, lookup, unknown_rule

    if name is None:
        rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
        rows += [(i.code, i.name, i.severity.value, i.summary) for i in ALL_INFOS]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            sys.stdout.write("  ".join([*cells, row[3]]) + "\n")
        return
    info = lookup(name.strip())
    if info is None:
        raise UsageError(unknown_rule(name))
    sys.stdout.write(
        f"# {info.name} ({info.code})\n\n"
        f"Default severity: {info.severity.value}. {info.summary}\n\n"
        f"{documentation(info).strip()}\n"
    )


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
        except (OSError, ValueError):  # the reader went away, or the stream is closed
            code = code or ExitCode.FINDINGS
    os._exit(code)


def _warn(message: str) -> None:
    sys.stderr.write(f"lpmanifest: warning: {message}\n")


def _error(message: str) -> None:
    sys.stderr.write(f"lpmanifest: error: {message}\n")


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
