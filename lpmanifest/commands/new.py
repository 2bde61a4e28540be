"""`lpmanifest new`: the wizard, with a person at a terminal or without one."""

from __future__ import annotations

import sys

from lpmanifest.errors import ExitCode


def run(
    output: str | None,
    template: str | None,
    assignments: tuple[str, ...],
    answers: str | None,
    from_path: str | None,
    yes: bool,
    force: bool,
) -> ExitCode:
    from lpmanifest.wizard import Request
    from lpmanifest.wizard import run as run_wizard
    from lpmanifest.wizard.terminal import Terminal

    terminal: Terminal | None = None
    if sys.stdin.isatty():
        from lpmanifest.wizard.prompts import QuestionaryTerminal

        terminal = QuestionaryTerminal()
    request = Request(output, template, assignments, answers, from_path, yes, force)
    return ExitCode(run_wizard(request, terminal))
