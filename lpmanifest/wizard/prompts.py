"""The wizard at a terminal: questionary prompts, and the review rendered with rich.

Imported only when `lpmanifest new` has a terminal to ask on: questionary, prompt_toolkit
and rich cost start-up time that `validate` must not pay. Input and output can be injected
(prompt_toolkit's pipe input and `DummyOutput`), so tests drive it in-process. Every prompt
uses `unsafe_ask()`: Ctrl-C raises KeyboardInterrupt to the wizard's one handler.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText

from lpmanifest.report import ColorChoice
from lpmanifest.wizard.flow import Option, Validate
from lpmanifest.wizard.review import Result, print_findings

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

WRITE, EDIT, CANCEL = "write", "edit", "cancel"


class QuestionaryTerminal:
    """Asks with questionary; records every refused answer with the reason it was shown."""

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        stream: TextIO | None = None,
        color: ColorChoice = ColorChoice.auto,
    ) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self.stream = stream or sys.stdout
        self.color = color
        self.refused: list[tuple[str, str, str]] = []  # (question, answer, reason)

    # -- what the flow asks --------------------------------------------------------------

    def section(self, title: str) -> None:
        self._print(f"\n{title}", "bold")

    def note(self, text: str) -> None:
        self._print(text, "")

    def text(self, message: str, *, help: str, default: str, validate: Validate) -> str:
        self._help(help)

        def check(answer: str) -> bool | str:
            reason = validate(answer)
            if reason is None:
                return True
            self.refused.append((message, answer, reason))
            return reason

        answer = questionary.text(
            message, default=default, validate=check, validate_while_typing=False, **self._io
        ).unsafe_ask()
        return str(answer)

    def confirm(self, message: str, *, default: bool, help: str = "") -> bool:
        self._help(help)
        return bool(questionary.confirm(message, default=default, **self._io).unsafe_ask())

    def select(self, message: str, choices: Sequence[Option], *, default: str) -> str:
        options = [questionary.Choice(option.title, option.value) for option in choices]
        return str(questionary.select(message, options, default=default, **self._io).unsafe_ask())

    def checkbox(
        self,
        message: str,
        choices: Sequence[Option],
        *,
        help: str,
        checked: Collection[str],
        validate: Callable[[list[str]], str | None],
    ) -> list[str]:
        self._help(help)

        def check(selected: list[str]) -> bool | str:
            reason = validate(selected)
            if reason is None:
                return True
            # questionary checks on every toggle too; the person sees one refusal
            refusal = (message, ", ".join(map(str, selected)), reason)
            if not self.refused or self.refused[-1] != refusal:
                self.refused.append(refusal)
            return reason

        options = [
            questionary.Choice(
                option.title,
                option.value,
                checked=option.value in checked,
                description=option.description,
            )
            for option in choices
        ]
        answer = questionary.checkbox(message, options, validate=check, **self._io).unsafe_ask()
        return list(answer)

    # -- the review ----------------------------------------------------------------------

    def show(self, result: Result) -> None:
        """The manifest, syntax-highlighted, and its findings."""
        from rich.console import Console
        from rich.syntax import Syntax

        console = Console(
            file=self.stream,
            markup=False,
            highlight=False,
            emoji=False,
            force_terminal={"always": True, "never": False}.get(self.color.value),
            no_color=True if self.color is ColorChoice.never else None,
        )
        console.print()
        console.print(
            Syntax(
                result.text,
                result.format,
                theme="ansi_dark",
                background_color="default",
                word_wrap=True,
            )
        )
        print_findings(self.stream, result, self.color)
        self.stream.flush()

    def review(self, result: Result, output: str) -> str:
        """Show the result and ask what to do: WRITE, EDIT or CANCEL."""
        self.show(result)
        blocked = None if result.writable else "fix the errors first: choose to edit"
        choices = [
            questionary.Choice(f"Write {output}", WRITE, disabled=blocked),
            questionary.Choice("Edit the answers again", EDIT),
            questionary.Choice("Cancel (write nothing)", CANCEL),
        ]
        default = WRITE if result.writable else EDIT
        answer = questionary.select(
            "Write the manifest?", choices, default=default, **self._io
        ).unsafe_ask()
        return str(answer)

    # -- output --------------------------------------------------------------------------

    def _help(self, help: str) -> None:
        if help:
            self._print(help, "fg:ansibrightblack")

    def _print(self, text: str, style: str) -> None:
        output = self._io.get("output")
        if output is not None:
            print_formatted_text(FormattedText([(style, text)]), output=output)
        else:
            print_formatted_text(FormattedText([(style, text)]))
