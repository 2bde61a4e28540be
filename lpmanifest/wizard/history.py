"""The way back: every answer a person gave, replayed to reach the previous question.

The walk (`flow.py`) is a function of its answers: given the same answers in the same order,
it asks the same questions. So going back needs no section to know how to step back:
`Replay` records each answer, and when a prompt raises `GoBack` it takes back the last
answer and lets the exception pass: the wizard runs the walk again from the start while
`Replay` answers from the record, without showing anything, every question before the
previous one. That one is asked again, with the answer given
before as its default, wherever it is: in another section, in a list of redirect URIs,
at the review.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lpmanifest.wizard.terminal import GoBack, Option, Terminal, Validate

if TYPE_CHECKING:
    from lpmanifest.wizard.review import Result


@dataclass(frozen=True)
class Entry:
    """One question as asked, and its answer."""

    kind: str
    message: str
    answer: Any


class Replay:
    """A `Terminal` that answers from the record first, then asks the real one."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal
        self.can_go_back = False  # (the Terminal protocol's; the real terminal is told)
        self.record: list[Entry] = []
        self._position = 0
        self._again: Entry | None = None  # the question gone back to, as answered before
        self._section: str | None = None  # the last section passed while replaying

    # -- going back ----------------------------------------------------------------------

    def rewind(self) -> None:
        """Replay from the start (the walk starts again); the answer to the last question
        asked is taken back."""
        self._again = self.record.pop() if self.record else None
        self._position = 0
        self._section = None

    @property
    def replaying(self) -> bool:
        return self._position < len(self.record)

    # -- the Terminal protocol -----------------------------------------------------------

    def section(self, title: str) -> None:
        if self.replaying:
            self._section = title
        else:
            self.terminal.section(title)

    def note(self, text: str) -> None:
        if not self.replaying:
            self.terminal.note(text)

    def show(self, result: Result) -> None:
        if not self.replaying:
            self.terminal.show(result)

    def text(self, message: str, *, help: str, default: str, validate: Validate) -> str:
        def ask(default: str) -> str:
            return self.terminal.text(message, help=help, default=default, validate=validate)

        return str(self._answer("text", message, default, ask))

    def confirm(self, message: str, *, default: bool, help: str = "") -> bool:
        def ask(default: bool) -> bool:
            return self.terminal.confirm(message, default=default, help=help)

        return bool(self._answer("confirm", message, default, ask))

    def select(
        self, message: str, choices: Sequence[Option], *, default: str, help: str = ""
    ) -> str:
        def ask(default: str) -> str:
            return self.terminal.select(message, choices, default=default, help=help)

        return str(self._answer("select", message, default, ask))

    def checkbox(
        self,
        message: str,
        choices: Sequence[Option],
        *,
        help: str,
        checked: Collection[str],
        validate: Callable[[list[str]], str | None],
    ) -> list[str]:
        def ask(checked: Collection[str]) -> list[str]:
            return self.terminal.checkbox(
                message, choices, help=help, checked=checked, validate=validate
            )

        return list(self._answer("checkbox", message, checked, ask))

    def review(self, result: Result, output: str) -> str:
        def ask(_: None) -> str:
            return self.terminal.review(result, output)

        return str(self._answer("review", "Write the manifest?", None, ask))

    # -- replaying -----------------------------------------------------------------------

    def _answer(self, kind: str, message: str, default: Any, ask: Callable[[Any], Any]) -> Any:
        if self.replaying:
            entry = self.record[self._position]
            if (entry.kind, entry.message) == (kind, message):
                self._position += 1
                return entry.answer
            # Not the question recorded here (the walk is deterministic, so this should not
            # happen): forget the rest of the record, and ask.
            del self.record[self._position :]
        if self._section is not None:  # say where the question gone back to is
            self.terminal.section(self._section)
            self._section = None
        again, self._again = self._again, None
        same_question = again is not None and (again.kind, again.message) == (kind, message)
        if again is not None and same_question and kind != "review":
            default = again.answer
        self.terminal.can_go_back = bool(self.record)
        try:
            answer = ask(default)
        except GoBack:  # the walk starts again, and replays every answer before this one's
            self.rewind()
            raise
        self.record.append(Entry(kind, message, answer))
        self._position = len(self.record)
        return answer
