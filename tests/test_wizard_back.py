"""Ctrl-B goes back to the previous question, from any question: in-process, with
prompt_toolkit's pipe input (the pty test does the same through a real terminal)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from lpmanifest.commands.new import Request, run
from lpmanifest.output.report import ColorChoice
from lpmanifest.wizard.prompts import BACK_HINT, QuestionaryTerminal

ENTER, DOWN, CTRL_B, CTRL_U = "\r", "\x1b[B", "\x02", "\x15"
WEB_APP_SETS = (
    "client_name=com.example.webapp",
    "redirect_uris=[https://app.example.com/callback]",
    "entry_uri=https://app.example.com/entry",
)


class Recording(QuestionaryTerminal):
    """Records each question as it is put to the person: its message, and the default or
    the choices ticked it is shown with; and every line printed (help, sections)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.asked: list[tuple[str, Any]] = []
        self.printed: list[str] = []

    def text(self, message: str, **kwargs: Any) -> str:
        self.asked.append((message, kwargs["default"]))
        return super().text(message, **kwargs)

    def confirm(self, message: str, **kwargs: Any) -> bool:
        self.asked.append((message, kwargs["default"]))
        return super().confirm(message, **kwargs)

    def select(self, message: str, choices: Any, **kwargs: Any) -> str:
        self.asked.append((message, kwargs["default"]))
        return super().select(message, choices, **kwargs)

    def checkbox(self, message: str, choices: Any, **kwargs: Any) -> list[str]:
        self.asked.append((message, sorted(kwargs["checked"])))
        return super().checkbox(message, choices, **kwargs)

    def review(self, result: Any, output: str) -> str:
        self.asked.append(("Write the manifest?", None))
        return super().review(result, output)

    def _print(self, text: str, style: str) -> None:
        self.printed.append(text)
        super()._print(text, style)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as created:
        yield created


def drive(pipe: PipeInput, tmp_path: Path, keys: list[str], **fields: Any) -> tuple[int, Recording]:
    terminal = Recording(
        input=pipe, output=DummyOutput(), stream=io.StringIO(), color=ColorChoice.never
    )
    pipe.send_text("".join(keys))
    pipe.close()
    fields["sets"] = tuple(fields.get("sets", ()))
    code = run(Request(output=str(tmp_path / "out.json"), **fields), terminal, stderr=io.StringIO())
    return code, terminal


def written(tmp_path: Path) -> Any:
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_back_across_sections_shows_the_answer_given_before(
    pipe: PipeInput, tmp_path: Path
) -> None:
    keys = [
        ENTER,  # no other language
        "Shown" + ENTER,  # display name
        "First" + ENTER,  # description
        CTRL_B,  # at grant types (OAuth): back to the description (About the app)
        CTRL_U + "Second" + ENTER,
        ENTER,  # grant types
        ENTER,  # response types
        CTRL_B,  # at scope: back to response types
        ENTER,
        ENTER,  # scope
        ENTER,  # review: write
    ]
    code, terminal = drive(pipe, tmp_path, keys, template="web-app", sets=WEB_APP_SETS)
    assert code == 0
    assert terminal.asked == [
        ("Add the client name in another language?", False),
        ("Display name", ""),
        ("Description", ""),
        ("Grant types", ["authorization_code", "refresh_token"]),
        ("Description", "First"),  # asked again, with the answer given before
        ("Grant types", ["authorization_code", "refresh_token"]),
        ("Response types", ["code"]),
        ("Scope", "msg.consumer"),
        ("Response types", ["code"]),
        ("Scope", "msg.consumer"),
        ("Write the manifest?", None),
    ]
    assert written(tmp_path)["description"] == "Second"
    assert written(tmp_path)["display_name"] == "Shown"
    # Going back to another section says which one it is.
    assert "\nAbout the app" in terminal.printed[terminal.printed.index("\nOAuth") :]


def test_back_from_the_review_and_within_a_list(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [
        ENTER,  # template: connector... not wanted:
        CTRL_B,  # at the client name: back to the template
        DOWN + ENTER,  # web-app
        "com.example.webapp" + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # grant types
        "https://app.example.com/one" + ENTER,  # redirect URI 1
        CTRL_B,  # at redirect URI 2: back to redirect URI 1, which keeps what was typed
        CTRL_U + "https://app.example.com/callback" + ENTER,
        ENTER,  # no second
        ENTER,  # response types
        ENTER,  # scope
        "https://app.example.com/entry" + ENTER,
        CTRL_B,  # at the review: back to the entry URI
        ENTER,  # as typed
        ENTER,  # review: write
    ]
    code, terminal = drive(pipe, tmp_path, keys)
    assert code == 0
    messages = [message for message, _ in terminal.asked]
    assert messages[:3] == ["Template", "Client name", "Template"]
    assert terminal.asked[2] == ("Template", "connector")  # the answer given before
    assert ("Redirect URI 1", "https://app.example.com/one") in terminal.asked
    assert terminal.asked[-3:] == [
        ("Write the manifest?", None),
        ("Entry URI", "https://app.example.com/entry"),
        ("Write the manifest?", None),
    ]
    manifest = written(tmp_path)
    assert manifest["redirect_uris"] == ["https://app.example.com/callback"]
    assert manifest["entry_uri"] == "https://app.example.com/entry"


def test_back_is_offered_in_the_help_line_where_there_is_somewhere_to_go(
    pipe: PipeInput, tmp_path: Path
) -> None:
    code, terminal = drive(pipe, tmp_path, ["\x03"], template="web-app")  # Ctrl-C at once
    assert code == 130
    assert not any(BACK_HINT in line for line in terminal.printed)  # the first question
    code, terminal = drive_again(tmp_path, ["com.example.webapp" + ENTER, "\x03"])
    assert code == 130
    hinted = [line for line in terminal.printed if BACK_HINT.split()[0] in line]
    assert len(hinted) == 1 and hinted[0].endswith(BACK_HINT)


def drive_again(tmp_path: Path, keys: list[str]) -> tuple[int, Recording]:
    with create_pipe_input() as pipe:
        return drive(pipe, tmp_path, keys, template="web-app")


def test_back_keeps_answers_given_with_set(pipe: PipeInput, tmp_path: Path) -> None:
    """A --set answer is no question: back skips over it, and it stays."""
    keys = [
        ENTER,  # no other language (the client name is given)
        CTRL_B,  # at the display name: back to the language question
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
    ]
    code, terminal = drive(pipe, tmp_path, keys, template="web-app", sets=WEB_APP_SETS)
    assert code == 0
    assert [message for message, _ in terminal.asked][:3] == [
        "Add the client name in another language?",
        "Display name",
        "Add the client name in another language?",
    ]
    assert written(tmp_path)["client_name"] == "com.example.webapp"
