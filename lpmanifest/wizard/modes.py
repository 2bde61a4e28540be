"""The three ways `new` runs, one `Prompter` each: who settles a question no answer given up
front settles.

    PersonPrompter      a person at a terminal: every question is put to them
    DefaultsPrompter    `--yes` at a terminal: every default is taken, and the person is
                        asked only what has none
    UnattendedPrompter  no terminal: every default is taken; an answer with none is recorded
                        as missing, and the run is refused naming them all (without `--yes`
                        it is refused anyway: nobody accepted the defaults)

The walk (`flow.py`) looks for an answer given up front itself, then hands the question to
its prompter; it never asks which mode it is in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TextIO, TypeVar

from lpmanifest.errors import UsageError
from lpmanifest.wizard.answers import Missing, missing_message
from lpmanifest.wizard.history import Replay
from lpmanifest.wizard.terminal import WRITE, Terminal

if TYPE_CHECKING:
    from lpmanifest.wizard.review import Result

T = TypeVar("T")


@dataclass(frozen=True)
class Question(Generic[T]):
    """One answer to settle: how to put it to a person, and what stands when nobody is asked."""

    # Putting it to the person: one prompt, or several (a list, its items one by one).
    ask: Callable[[Terminal], T]
    # What stands when nobody is asked; None means there is none (or "leave it out").
    default: T
    # Whether a None default is no answer at all: then the person is asked, or with nobody
    # to ask the answer is missing, named by `missing`.
    required: bool = False
    missing: Callable[[], Missing] | None = None
    # Nothing else can be asked without it: with nobody to ask, the run stops at once.
    essential: bool = False

    @property
    def settles_unasked(self) -> bool:
        """Whether its default can stand in for an answer."""
        return self.default is not None or not self.required


class Prompter(Protocol):
    """One mode of the wizard: how questions are settled, and where what it says goes."""

    # Whether a question with no default reaches a person (else it is recorded as missing).
    can_ask: bool

    def section(self, title: str) -> None:
        """The heading of the questions that follow, for a person answering them all."""
        ...

    def note(self, text: str) -> None:
        """Say something about the run (a field left out, the layout not kept)."""
        ...

    def settle(self, question: Question[T]) -> T:
        """The answer to a question no answer given up front settles: asked, or defaulted
        (or, with nobody to ask, its None default, the answer recorded as missing)."""
        ...

    def require_answers(self) -> None:
        """After a pass of the walk: UsageError if its answers cannot stand."""
        ...

    def review(self, result: Result, output: str) -> str:
        """What to do with the finished manifest: WRITE, EDIT or CANCEL."""
        ...


class _AtTerminal:
    """What the two modes with a terminal share: a person who can be asked and told."""

    can_ask = True

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal

    def note(self, text: str) -> None:
        self.terminal.note(text)

    def require_answers(self) -> None:
        """Nothing is ever missing: what has no default is asked."""


class PersonPrompter(_AtTerminal):
    """A person at a terminal, asked every question, sections and review included."""

    def section(self, title: str) -> None:
        self.terminal.section(title)

    def settle(self, question: Question[T]) -> T:
        return question.ask(self.terminal)

    def review(self, result: Result, output: str) -> str:
        return self.terminal.review(result, output)


class DefaultsPrompter(_AtTerminal):
    """`--yes` at a terminal: every default taken, the person asked only what has none; the
    result is shown, and written if it can be."""

    def section(self, title: str) -> None:
        """No headings: the few questions asked stand on their own."""

    def settle(self, question: Question[T]) -> T:
        return question.default if question.settles_unasked else question.ask(self.terminal)

    def review(self, result: Result, output: str) -> str:
        self.terminal.show(result)
        return WRITE


class UnattendedPrompter:
    """No terminal: every default taken, every answer without one recorded as missing, so
    that all of them can be named at once (as the `--set` options that give them)."""

    can_ask = False

    def __init__(self, stdout: TextIO, stderr: TextIO, *, accept_defaults: bool) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.accept_defaults = accept_defaults  # --yes
        self.missing: list[Missing] = []

    def section(self, title: str) -> None:
        """Nobody reads headings."""

    def note(self, text: str) -> None:
        self.stderr.write(f"lpmanifest: {text}\n")

    def settle(self, question: Question[T]) -> T:
        if not question.settles_unasked:
            assert question.missing is not None, "a required answer says how to give it"
            self.missing.append(question.missing())
            if question.essential:
                raise self._refusal()
        return question.default

    def require_answers(self) -> None:
        if self.missing or not self.accept_defaults:
            raise self._refusal()

    def review(self, result: Result, output: str) -> str:
        """The findings on stdout, as `validate` prints them; with nobody to ask, the
        manifest is written if it can be."""
        if result.findings:
            from lpmanifest.output.report import ColorChoice
            from lpmanifest.wizard.review import print_findings

            print_findings(self.stdout, result, ColorChoice.auto)
        return WRITE

    def _refusal(self) -> UsageError:
        return UsageError(missing_message(self.missing, yes=self.accept_defaults))


def prompter_for(
    terminal: Terminal | None, *, yes: bool, stdout: TextIO, stderr: TextIO
) -> Prompter:
    """The mode of a run: a person at `terminal` (with `yes`, asked only what has no
    default), or with no terminal nobody."""
    if terminal is None:
        return UnattendedPrompter(stdout, stderr, accept_defaults=yes)
    replay = Replay(terminal)  # Ctrl-B: every answer replayed up to the previous question
    return DefaultsPrompter(replay) if yes else PersonPrompter(replay)
