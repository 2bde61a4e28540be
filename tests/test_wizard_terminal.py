"""The terminal side of the wizard, in-process: type-ahead, and text wrapped at the width."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from lpmanifest.output.report import ColorChoice
from lpmanifest.schema import load_schema
from lpmanifest.wizard.prompts import QuestionaryTerminal, wrap

ENTER = "\r"


class Narrow(DummyOutput):
    def __init__(self, columns: int) -> None:
        self.columns = columns

    def get_size(self) -> Size:
        return Size(rows=40, columns=self.columns)


class Typist(QuestionaryTerminal):
    """Types `answer` once the question is on the screen (its help line printed), and
    keeps what was printed."""

    def __init__(self, pipe: PipeInput, answer: str, **kwargs: Any) -> None:
        super().__init__(input=pipe, stream=io.StringIO(), color=ColorChoice.never, **kwargs)
        self.pipe, self.answer = pipe, answer
        self.printed: list[str] = []

    def _print(self, text: str, style: str) -> None:
        self.printed.append(text)
        super()._print(text, style)
        if self.answer:
            self.pipe.send_text(self.answer)
            self.answer = ""


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as created:
        yield created


def test_keys_typed_before_the_question_are_thrown_away(pipe: PipeInput) -> None:
    pipe.send_text("typed ahead" + ENTER)  # before the question: must not answer it
    terminal = Typist(pipe, "meant" + ENTER, output=DummyOutput(), discard_typeahead=True)
    answer = terminal.text("Name", help="The name.", default="", validate=lambda text: None)
    assert answer == "meant"


def test_without_discarding_they_would_have_answered_it(pipe: PipeInput) -> None:
    """The test above is a real one: kept, the keys typed ahead answer the question."""
    pipe.send_text("typed ahead" + ENTER)
    terminal = Typist(pipe, "meant" + ENTER, output=DummyOutput(), discard_typeahead=False)
    answer = terminal.text("Name", help="The name.", default="", validate=lambda text: None)
    assert answer == "typed ahead"


def test_a_real_terminal_discards_by_default_and_a_test_pipe_does_not() -> None:
    assert QuestionaryTerminal().discard_typeahead is True
    with create_pipe_input() as pipe:
        assert QuestionaryTerminal(input=pipe).discard_typeahead is False


def descriptions() -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                found.append(node["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema())
    return found


@pytest.mark.parametrize("width", [20, 33, 50, 79])
def test_wrap_never_cuts_a_word_and_loses_nothing(width: int) -> None:
    for text in descriptions():
        wrapped = wrap(text, width)
        lines = wrapped.split("\n")
        assert wrapped.split() == text.split()  # every word, whole, in order
        assert all(len(line) <= width or " " not in line.strip() for line in lines)


def test_help_and_refusals_are_wrapped_at_the_terminals_width(pipe: PipeInput) -> None:
    """Rendered at 30 columns (prompt_toolkit's own output, read by a terminal emulator):
    the help line and the refusal each take as many lines as they need, broken between
    words, and every word is on the screen."""
    pyte = pytest.importorskip("pyte")
    columns = 30
    rendered = io.StringIO()
    output = Vt100_Output(
        rendered, lambda: Size(rows=30, columns=columns), term="xterm", enable_cpr=False
    )
    help = load_schema()["properties"]["display_name"]["description"]
    reason = (
        "display_name is still the placeholder 'App name' (replace it with your "
        "application's real value)"
    )
    terminal = QuestionaryTerminal(
        input=pipe, output=output, stream=io.StringIO(), color=ColorChoice.never
    )
    answers: list[str] = []
    asking = threading.Thread(
        target=lambda: answers.append(
            terminal.text(
                "Display name",
                help=help,
                default="",
                validate=lambda text: reason if text == "bad" else None,
            )
        )
    )
    asking.start()
    pipe.send_text("bad" + ENTER)
    deadline = time.monotonic() + 20
    while "value)" not in rendered.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)  # until prompt_toolkit has drawn the refusal
    screen = pyte.Screen(columns, 30)
    pyte.Stream(screen).feed(rendered.getvalue())
    lines = [line.rstrip() for line in screen.display]
    pipe.send_text("\x15good" + ENTER)
    asking.join(20)
    assert answers == ["good"]
    prompt = next(index for index, line in enumerate(lines) if line.startswith("? Display"))
    shown_help, shown_reason = lines[:prompt], [line for line in lines[prompt + 1 :] if line]
    for shown, text in ((shown_help, help), (shown_reason, reason)):
        assert len(shown) > 1
        assert all(len(line) < columns for line in shown)
        assert " ".join(shown).split() == text.split()
    assert terminal.refused == [("Display name", "bad", reason)]
