"""The default path through `lpmanifest new`, as a person takes it: Enter wherever a question
has a default, a real value typed where it has none, one endpoint for all webhook events.

`DefaultPath` is a terminal that records every question it is asked (the template, the
review and each prompt of a list count; an answer refused and asked again does not).
`python -m tests.wizard_path` prints the table the README shows.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from lpmanifest.commands.new import Request, run
from lpmanifest.wizard.terminal import Option, Validate

# What a person types where a question has no default (by the start of the question).
TYPED = {
    "Client name": "com.example.app",
    "All ": "https://hooks.example.com/lp",  # "All 5 webhooks: Endpoint" (one for all)
    "Endpoint": "https://hooks.example.com/lp",
    "Redirect URI": "https://app.example.com/callback",
    "Entry URI": "https://app.example.com/entry",
}


class DefaultPath:
    def __init__(self, template: str) -> None:
        self.template = template
        self.asked: list[str] = []
        self.can_go_back = False

    def section(self, title: str) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def show(self, result: Any) -> None:
        pass

    def text(self, message: str, *, help: str, default: str, validate: Validate) -> str:
        self.asked.append(message)
        if validate(default) is None:
            return default
        for start, value in TYPED.items():
            if message.startswith(start) or start in message:
                assert validate(value) is None, (message, validate(value))
                return value
        raise AssertionError(f"no answer for {message!r}: {validate(default)}")

    def confirm(self, message: str, *, default: bool, help: str = "") -> bool:
        self.asked.append(message)
        return default

    def select(
        self, message: str, choices: Sequence[Option], *, default: str, help: str = ""
    ) -> str:
        self.asked.append(message)
        return self.template if message == "Template" else default

    def checkbox(
        self,
        message: str,
        choices: Sequence[Option],
        *,
        help: str,
        checked: Collection[str],
        validate: Callable[[list[str]], str | None],
    ) -> list[str]:
        self.asked.append(message)
        return [option.value for option in choices if option.value in checked]

    def review(self, result: Any, output: str) -> str:
        self.asked.append("Write the manifest?")
        assert result.writable
        return "write"


def questions(template: str) -> list[str]:
    """The questions of `template`'s default path, in order (the manifest gets written)."""
    terminal = DefaultPath(template)
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "manifest.json"
        code = run(
            Request(output=str(output)), terminal, stdout=io.StringIO(), stderr=io.StringIO()
        )
        assert code == 0 and output.exists()
    return terminal.asked


if __name__ == "__main__":
    from lpmanifest.schema import TEMPLATE_NAMES

    for name in TEMPLATE_NAMES:
        asked = questions(name)
        print(f"{name}: {len(asked)}")
        for message in asked:
            print(f"    {message}")
