"""The wizard at a terminal: questionary prompts, and the review rendered with rich.

Imported only when `lpmanifest new` has a terminal to ask on: questionary, prompt_toolkit
and rich cost start-up time that `validate` must not pay. Input and output can be injected
(prompt_toolkit's pipe input and `DummyOutput`), so tests drive it in-process. Every prompt
uses `unsafe_ask()`: Ctrl-C raises KeyboardInterrupt to the wizard's one handler.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText

from lpmanifest.output.report import ColorChoice
from lpmanifest.wizard.review import Result, print_findings
from lpmanifest.wizard.terminal import CANCEL, EDIT, WRITE, GoBack, Option, Validate

if TYPE_CHECKING:
    from prompt_toolkit.application import Application
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

# The key that goes back to the previous question, as the help line names it.
BACK_KEY = "c-b"
BACK_HINT = "(Ctrl-B: back)"


def wrap(text: str, width: int, *, indent: str = "") -> str:
    """`text` in lines of at most `width` characters, broken only between words (a word
    longer than the line stands alone on its own); line breaks in it are kept."""
    return "\n".join(
        textwrap.fill(
            line,
            width=max(width, len(indent) + 1),
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        or line
        for line in text.split("\n")
    )


class QuestionaryTerminal:
    """Asks with questionary; records every refused answer with the reason it was shown.

    Before each question, keys typed ahead are thrown away (`discard_typeahead`, on by
    default at a real terminal): a key pressed before a question appears never answers it.
    Help lines and refusals are wrapped at the terminal's width, between words.
    """

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        stream: TextIO | None = None,
        color: ColorChoice = ColorChoice.auto,
        discard_typeahead: bool | None = None,
    ) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self.stream = stream or sys.stdout
        self.color = color
        self.discard_typeahead = input is None if discard_typeahead is None else discard_typeahead
        self._input = input
        self.can_go_back = False
        self.refused: list[tuple[str, str, str]] = []  # (question, answer, reason)

    # -- what the flow asks --------------------------------------------------------------

    def section(self, title: str) -> None:
        self._print(f"\n{title}", "bold")

    def note(self, text: str) -> None:
        self._print(wrap(text, self.width()), "")

    def text(self, message: str, *, help: str, default: str, validate: Validate) -> str:
        self._begin(help)

        def check(answer: str) -> bool | str:
            reason = validate(answer)
            if reason is None:
                return True
            self.refused.append((message, answer, reason))
            return wrap(reason, self.width())

        question = questionary.text(
            message, default=default, validate=check, validate_while_typing=False, **self._io
        )
        _refusals_in_full(question.application)
        return str(self._ask(question))

    def confirm(self, message: str, *, default: bool, help: str = "") -> bool:
        self._begin(help)
        return bool(self._ask(questionary.confirm(message, default=default, **self._io)))

    def select(
        self, message: str, choices: Sequence[Option], *, default: str, help: str = ""
    ) -> str:
        self._begin(help)
        options = [questionary.Choice(option.title, option.value) for option in choices]
        return str(self._ask(questionary.select(message, options, default=default, **self._io)))

    def checkbox(
        self,
        message: str,
        choices: Sequence[Option],
        *,
        help: str,
        checked: Collection[str],
        validate: Callable[[list[str]], str | None],
    ) -> list[str]:
        self._begin(help)

        def check(selected: list[str]) -> bool | str:
            reason = validate(selected)
            if reason is None:
                return True
            # questionary checks on every toggle too; the person sees one refusal
            refusal = (message, ", ".join(map(str, selected)), reason)
            if not self.refused or self.refused[-1] != refusal:
                self.refused.append(refusal)
            return wrap(reason, self.width())

        label = "  Description: "  # questionary's, before the pointed choice's description
        options = [
            questionary.Choice(
                option.title,
                option.value,
                checked=option.value in checked,
                description=None
                if option.description is None
                else wrap(label + option.description, self.width(), indent="  ")[len(label) :],
            )
            for option in choices
        ]
        answer = self._ask(questionary.checkbox(message, options, validate=check, **self._io))
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
        self._begin("")
        blocked = None if result.writable else "fix the errors first: choose to edit"
        choices = [
            questionary.Choice(f"Write {output}", WRITE, disabled=blocked),
            questionary.Choice("Edit the answers again", EDIT),
            questionary.Choice("Cancel (write nothing)", CANCEL),
        ]
        default = WRITE if result.writable else EDIT
        question = questionary.select("Write the manifest?", choices, default=default, **self._io)
        return str(self._ask(question))

    # -- asking --------------------------------------------------------------------------

    def width(self) -> int:
        """The width to wrap text at: the terminal's, less the last column."""
        output = self._io.get("output")
        columns = output.get_size().columns if output is not None else None
        return max(20, (columns or shutil.get_terminal_size().columns) - 1)

    def _begin(self, help: str) -> None:
        """What every question does first: forget keys typed before it, then show its help
        (and the back key, where there is a question to go back to)."""
        if self.discard_typeahead:
            self._discard_typeahead()
        hint = BACK_HINT if self.can_go_back else ""
        line = f"{help} {hint}" if help and hint else help or hint
        if line:
            self._print(wrap(line, self.width()), "fg:ansibrightblack")

    def _ask(self, question: questionary.Question) -> Any:
        if self.can_go_back:
            from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

            back = KeyBindings()

            @back.add(BACK_KEY, eager=True)
            def _(event: Any) -> None:
                event.app.exit(exception=GoBack(), style="class:aborting")

            app = question.application
            app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), back])
        return question.unsafe_ask()

    def _discard_typeahead(self) -> None:
        """Throw away what was typed before the question: what prompt_toolkit read ahead
        and kept for the next prompt, and what waits unread in the terminal (or pipe)."""
        from prompt_toolkit.input import create_input
        from prompt_toolkit.input.typeahead import clear_typeahead

        if self._input is None:
            self._input = create_input()
        clear_typeahead(self._input)
        self._input.flush_keys()
        try:
            fd = self._input.fileno()
        except (AttributeError, NotImplementedError, OSError, ValueError):
            return
        if sys.platform == "win32":  # pragma: no cover
            return
        import select
        import termios

        if os.isatty(fd):
            termios.tcflush(fd, termios.TCIFLUSH)
            return
        while select.select([fd], [], [], 0)[0]:
            if not os.read(fd, 4096):
                break

    # -- output --------------------------------------------------------------------------

    def _print(self, text: str, style: str) -> None:
        output = self._io.get("output")
        if output is not None:
            print_formatted_text(FormattedText([(style, text)]), output=output)
        else:
            print_formatted_text(FormattedText([(style, text)]))


def _refusals_in_full(app: Application[Any]) -> None:
    """Let prompt_toolkit's validation toolbar (one line high) show a refusal wrapped over
    as many lines as it takes, instead of cutting it at the terminal's edge."""
    from prompt_toolkit.filters import has_validation_error
    from prompt_toolkit.layout import ConditionalContainer, Window
    from prompt_toolkit.layout.layout import walk

    def height() -> int:
        error = app.current_buffer.validation_error
        return 1 + (error.message.count("\n") if error is not None else 0)

    for container in walk(app.layout.container):
        if (
            isinstance(container, ConditionalContainer)
            and container.filter is has_validation_error
            and isinstance(container.content, Window)
        ):
            container.content.height = height
