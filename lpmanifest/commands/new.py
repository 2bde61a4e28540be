"""`lpmanifest new`: the wizard, with a person at a terminal or without one.

This module makes the decisions around the wizard (`lpmanifest.wizard`): where the manifest
goes, refused before any question if it may not be written there; which mode the questions
run in; and the write itself, through `lpmanifest.output.writes`.

Exit codes: 0 written; 1 cancelled, or the result has errors (nothing written); 2 usage
(the output exists without `--force`, a refused `--set` or `--answers` value, answers
missing with no terminal); 130 Ctrl-C or the end of input at a prompt (nothing written).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from lpmanifest.errors import ExitCode, handle
from lpmanifest.findings.wording import inert
from lpmanifest.output import writes
from lpmanifest.wizard.modes import prompter_for
from lpmanifest.wizard.session import NotWritten, Wizard
from lpmanifest.wizard.terminal import Terminal

DEFAULT_OUTPUT = "manifest.json"


@dataclass(frozen=True)
class Request:
    """What `lpmanifest new` was asked to do."""

    output: str | None = None
    template: str | None = None
    sets: tuple[str, ...] = ()
    answers_file: str | None = None
    from_path: str | None = None
    yes: bool = False
    force: bool = False


def run(
    request: Request,
    terminal: Terminal | None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> ExitCode:
    """The command; with no terminal, every answer must be given or have a default.

    A refused output, answer or `--from` file is a UsageError, raised before any question.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    output = request.output or request.from_path or DEFAULT_OUTPUT
    # What the write would refuse (an existing file without --force, a directory, a folder
    # that cannot be written) is refused before the first question.
    writes.check(output, force=request.force)
    wizard = Wizard(
        prompter_for(terminal, yes=request.yes, stdout=out, stderr=err),
        output,
        template=request.template,
        sets=request.sets,
        answers_file=request.answers_file,
        from_path=request.from_path,
    )
    try:
        produced = wizard.run()
    # Ctrl-D at a prompt (EOFError): the person is gone as surely as with Ctrl-C.
    except (KeyboardInterrupt, EOFError) as error:
        return handle(error, err, consequence="nothing written")
    if isinstance(produced, NotWritten):
        err.write(f"lpmanifest: {produced.reason}\n")
        return ExitCode.FINDINGS
    writes.write(output, produced.text, force=request.force)
    err.write(f"lpmanifest: wrote {inert(output)}\n")
    return ExitCode.OK


def terminal_on_stdin() -> Terminal | None:
    """The person to ask, when standard input is a terminal (questionary is imported only
    then: it costs start-up time that a run without a terminal need not pay)."""
    if not sys.stdin.isatty():
        return None
    from lpmanifest.wizard.prompts import QuestionaryTerminal

    return QuestionaryTerminal()
