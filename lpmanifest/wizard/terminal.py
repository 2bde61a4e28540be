"""What the wizard asks a person through: the `Terminal` protocol, its choices and its way back.

`prompts.QuestionaryTerminal` is the real one, `history.Replay` one that answers from a
record before it asks the real one, and tests have their own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lpmanifest.wizard.review import Result

# What the person chooses at the review.
WRITE, EDIT, CANCEL = "write", "edit", "cancel"


@dataclass(frozen=True)
class Option:
    """One choice of a select or checkbox prompt: the value chosen, as shown."""

    value: str
    title: str
    description: str | None = None


# Why typed text is refused, or None: asked again at once with the reason.
Validate = Callable[[str], "str | None"]


class GoBack(Exception):
    """Raised by a prompt when the person asks for the previous question (Ctrl-B).

    The wizard answers it by running the walk again from the start, replaying every answer
    given before the previous question (see `wizard.history`): the walk is a function of
    its answers, so no section needs to know how to step back.
    """


class Terminal(Protocol):
    """A person to ask. Any question may raise GoBack.

    `can_go_back` is set before each question: whether there is a question to go back to.
    """

    can_go_back: bool

    def section(self, title: str) -> None: ...

    def note(self, text: str) -> None: ...

    def text(self, message: str, *, help: str, default: str, validate: Validate) -> str: ...

    def confirm(self, message: str, *, default: bool, help: str = "") -> bool: ...

    def select(
        self, message: str, choices: Sequence[Option], *, default: str, help: str = ""
    ) -> str: ...

    def checkbox(
        self,
        message: str,
        choices: Sequence[Option],
        *,
        help: str,
        checked: Collection[str],
        validate: Callable[[list[str]], str | None],
    ) -> list[str]: ...

    def show(self, result: Result) -> None: ...

    def review(self, result: Result, output: str) -> str:
        """Show the result and ask what to do: WRITE, EDIT or CANCEL."""
        ...
