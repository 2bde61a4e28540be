"""`lpmanifest validate`: check files (on several processes when there are many), apply their
safe fixes (`--fix`) or show them (`--diff`), and report.

The checker decides; this module reads the files named, hands each to the checker, the fixer
or the reporter, writes what `--fix` changed through the one write path, and counts.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lpmanifest.check.discovery import Source, display_path, expand_paths
from lpmanifest.commands import NO_ENVIRONMENT, EnvironmentOptions
from lpmanifest.errors import ExitCode, UsageError
from lpmanifest.findings.model import Severity
from lpmanifest.findings.wording import inert, plural
from lpmanifest.output.report import ColorChoice, OutputFormat

if TYPE_CHECKING:
    from lpmanifest.check.checker import Checker
    from lpmanifest.findings.model import Finding
    from lpmanifest.online.plan import Plan
    from lpmanifest.output.report import Reporter
    from lpmanifest.source.document import Document


@dataclass(frozen=True)
class Request:
    """What `lpmanifest validate` was asked to do (None: not given, the configuration's)."""

    paths: Sequence[str]
    output_format: OutputFormat | None = None
    fail_on: Severity | None = None
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    allow_placeholders: bool | None = None
    fix: bool = False
    diff: bool = False
    config: str | None = None
    isolated: bool = False
    stdin_filename: str | None = None
    skip_unrelated: bool = False
    quiet: bool = False
    color: ColorChoice = ColorChoice.auto
    jobs: int = 0
    online: bool = False
    send_test_events: bool = False
    account_id: str | None = None
    client_id: str | None = None
    environment: EnvironmentOptions = NO_ENVIRONMENT


def run(request: Request) -> ExitCode:
    from lpmanifest.check.checker import Checker
    from lpmanifest.check.config import resolve_options
    from lpmanifest.check.summary import Summary
    from lpmanifest.rules import LINT_RULES

    paths, fix, diff = request.paths, request.fix, request.diff
    if not paths:
        raise UsageError("no paths given; name files or directories, or - for stdin")
    if fix and not diff and "-" in paths:
        raise UsageError("--fix cannot write to standard input; use --diff to see the fixes")
    if request.send_test_events and not request.online:
        raise UsageError("--send-test-events needs --online")
    if request.online:
        if fix or diff:
            raise UsageError("--online cannot be combined with --fix or --diff; run them apart")
        from lpmanifest.online import require

        require()
    options = resolve_options(
        request.config,
        request.isolated,
        request.select,
        request.ignore,
        request.fail_on,
        request.allow_placeholders,
    )
    checker = Checker(options, LINT_RULES)
    files = list(expand_paths(paths))
    environments = _environments(request, files)
    if environments is not None:
        if fix or diff or request.online:
            raise UsageError(
                "--fix, --diff and --online take no environments (--env, --var, --env-file, "
                "or overlays beside a base): they work on the files as they are"
            )
        return _check_environments(environments, request, checker)
    if fix and not diff:
        for source in files:
            if source.stream and source.path != "-":
                raise UsageError(
                    f"--fix cannot write to {inert(source.path)}, which is not a regular file; "
                    "use --diff to see the fixes"
                )
    skip_unrelated = request.skip_unrelated
    if diff:
        return _show_diffs(_documents(files, request.stdin_filename), checker, skip_unrelated)
    reporter = _reporter(request, options.fail_on)
    summary = Summary()
    fixed = fixed_files = skipped = 0
    if fix:
        for path, doc in _documents(files, request.stdin_filename):
            if skip_unrelated and checker.unrelated(doc):
                _note_unrelated(doc)
                skipped += 1
                continue
            doc, findings, applied = _fix_file(path, doc, checker)
            fixed, fixed_files = fixed + applied, fixed_files + (applied > 0)
            summary.add(findings)
            reporter.file(doc, findings)
    else:
        checked_files: Iterable[Checked] = _check_files(
            files, request.stdin_filename, checker, request.jobs, skip_unrelated, request.online
        )
        if request.online:
            checked_files = _with_online(list(checked_files), checker, request)
        for doc, checked, _ in checked_files:
            if checked is None:
                _note_unrelated(doc)
                skipped += 1
                continue
            summary.add(checked)
            reporter.file(doc, checked)
    reporter.finish(summary)
    if summary.files == 0 and not skipped:
        # Directories or globs that hold no manifest: say so, or a CI typo passes unseen.
        found_in = ", ".join(repr(p) for p in paths)
        sys.stderr.write(f"lpmanifest: warning: no .json, .yaml or .yml file found in {found_in}\n")
    if fixed:
        counted = f"{plural(fixed, 'finding')} in {plural(fixed_files, 'file')}"
        sys.stderr.write(f"Fixed {counted}.\n")
    return ExitCode.FINDINGS if summary.failed(options.fail_on) else ExitCode.OK


def _reporter(request: Request, fail_on: Severity) -> Reporter:
    """The report asked for: `--format`, else GitHub annotations in GitHub Actions, else text."""
    from lpmanifest.output.report import make_reporter

    output_format = request.output_format
    if output_format is None:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = OutputFormat.github if in_actions else OutputFormat.text
    return make_reporter(output_format, sys.stdout, request.color, request.quiet, fail_on)


def _environments(
    request: Request, files: Sequence[Source]
) -> list[tuple[Source, str | None]] | None:
    """Each file with its environment, when environments are in play: an option asked for
    them, or a base has overlays beside it among the files; None otherwise."""
    asked = request.environment.given
    if not asked and not any(source.path.count(".") >= 2 for source in files):
        return None  # (an overlay's name has two dots: most runs stop here)
    from lpmanifest.environments.overlays import group

    by_path = {source.path: source for source in files}
    entries, overlays = group(
        [s.path for s in files if not s.stream and s.problem is None], request.environment.env
    )
    if not asked and not overlays:
        return None
    listed = {path for path, _ in entries}
    rest = [(s, None) for s in files if s.path not in listed and (s.stream or s.problem)]
    return [(by_path[path], env) for path, env in entries] + rest


def _check_environments(
    entries: list[tuple[Source, str | None]], request: Request, checker: Checker
) -> ExitCode:
    """Each base with its overlay and variables: findings in the file that set the value,
    a summary line per environment on stderr."""
    from lpmanifest.check.summary import Summary
    from lpmanifest.environments import load, selection

    chosen = selection(*request.environment)
    reporter = _reporter(request, checker.options.fail_on)
    summary = Summary()
    for source, env in entries:
        if source.stream or source.problem is not None:
            doc = _load(source)
            found = checker.check(doc)
            summary.add(found)
            reporter.file(doc, found)
            continue
        resolved = load(source.path, display_path(source.path), chosen, env)
        here = Summary()
        for doc, found in resolved.check(checker):
            here.add(found)
            summary.add(found)
            reporter.file(doc, found)
        if env is not None:
            sys.stderr.write(
                f"lpmanifest: environment {env}: {inert(resolved.label)}: {here.counts()}\n"
            )
    reporter.finish(summary)
    return ExitCode.FINDINGS if summary.failed(checker.options.fail_on) else ExitCode.OK


def _documents(
    files: Sequence[Source], stdin_filename: str | None
) -> Iterator[tuple[str, Document]]:
    """Each file loaded, one at a time."""
    from lpmanifest.source.read import load_stream

    for source in files:
        if source.path == "-":
            yield source.path, load_stream(sys.stdin.buffer, stdin_filename or "<stdin>")
        else:
            yield source.path, _load(source)


def _load(source: Source) -> Document:
    from lpmanifest.source.read import load_file, unreadable

    name = source.shown or display_path(source.path)
    if source.problem is not None:
        return unreadable(name, source.problem)
    return load_file(source.path, name, None, source.regular)


Checked = tuple["Document", "list[Finding] | None", "Plan | None"]


def _check_files(
    files: Sequence[Source],
    stdin_filename: str | None,
    checker: Checker,
    jobs: int,
    skip_unrelated: bool = False,
    online: bool = False,
) -> Iterator[Checked]:
    """Each file with its findings, in order: on several processes when there are many.
    With `skip_unrelated`, a file that is plainly not a LivePerson manifest comes with None.
    With `online`, each comes with what `--online` will contact (its plan)."""
    from lpmanifest.check.pool import map_in_order, plan_jobs

    # Standard input, a FIFO or a device can be read only once: all on this process.
    processes = 1 if any(source.stream for source in files) else plan_jobs(jobs, len(files))
    if processes == 1:
        return (
            _check_one(checker, doc, skip_unrelated, online)
            for _, doc in _documents(files, stdin_filename)
        )
    # Hundreds of files hold some errors: import their explanation once, before the fork.
    import lpmanifest.check.explain  # noqa: F401

    check = functools.partial(_check_portable, checker, skip_unrelated, online)
    return map_in_order(check, files, processes)


def _check_one(checker: Checker, doc: Document, skip_unrelated: bool, online: bool) -> Checked:
    if skip_unrelated and checker.unrelated(doc):
        return doc, None, None
    findings = checker.check(doc)
    if not online:
        return doc, findings, None
    from lpmanifest.online.plan import plan

    return doc, findings, plan(doc)


def _check_portable(
    checker: Checker, skip_unrelated: bool, online: bool, source: Source
) -> Checked:
    """Load and check one file, keeping only what its report needs (it may cross processes)."""
    doc, findings, plan = _check_one(checker, _load(source), skip_unrelated, online)
    keep_source = bool(findings) or bool(plan and (plan.urls or plan.events))
    return doc.portable(keep_source=keep_source), findings, plan


def _with_online(checked: list[Checked], checker: Checker, request: Request) -> list[Checked]:
    """The files' findings with those of `--online` added (every distinct URL of the run
    contacted once), selected, given severities and suppressed like the others."""
    from lpmanifest.online.run import Identity, check_online

    plans = [plan for _, findings, plan in checked if findings is not None and plan is not None]
    secret = os.environ.get("LP_CLIENT_SECRET") or None
    if request.send_test_events and secret is None:
        sys.stderr.write(
            "lpmanifest: note: LP_CLIENT_SECRET is not set: the sample notifications are sent "
            "unsigned (no x-liveperson-signature header)\n"
        )
    identity = Identity(
        request.account_id or os.environ.get("LP_ACCOUNT_ID") or None,
        request.client_id or os.environ.get("LP_CLIENT_ID") or None,
        secret,
    )
    on_terminal = sys.stderr.isatty() and not os.environ.get("CI") and not request.quiet
    found = iter(
        check_online(
            plans,
            send_events=request.send_test_events,
            identity=identity,
            progress=sys.stderr if on_terminal else None,
        )
    )
    merged: list[Checked] = []
    for doc, findings, plan in checked:
        if findings is not None and plan is not None:
            findings = checker.merged(findings, next(found), plan.directives)
        merged.append((doc, findings, plan))
    return merged


def _note_unrelated(doc: Document) -> None:
    sys.stderr.write(
        f"lpmanifest: note: skipped {inert(doc.file)}: not a LivePerson manifest (it has no "
        "key of one, such as client_name; --no-skip-unrelated checks it)\n"
    )


def _fix_file(path: str, doc: Document, checker: Checker) -> tuple[Document, list[Finding], int]:
    """Apply the safe fixes to one file and return what remains.

    The file is replaced as every write is (lpmanifest.output.writes: atomically, through
    links, its mode kept); writing the file being fixed is the point, so no --force is asked.
    """
    from lpmanifest.fix.apply import fix_document
    from lpmanifest.output.writes import write

    result = fix_document(doc, checker)
    if result.changed:
        write(path, result.after, force=True)
        return result.fixed, result.findings, result.applied
    return doc, result.findings, 0


def _show_diffs(
    documents: Iterable[tuple[str, Document]], checker: Checker, skip_unrelated: bool
) -> ExitCode:
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
        counted = f"{plural(fixable, 'finding')} in {plural(changed, 'file')}"
        sys.stderr.write(f"Would fix {counted}.\n")
        return ExitCode.FINDINGS
    sys.stderr.write("No fixes available.\n")
    return ExitCode.OK
