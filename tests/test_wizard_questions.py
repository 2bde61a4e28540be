"""How many questions a person answers on each template's default path, as the README says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lpmanifest.schema import TEMPLATE_NAMES

from .wizard_path import questions

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_counts() -> dict[str, tuple[int, int]]:
    """The README's table: template -> (before, after)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Questions on the default path") :]
    rows = re.findall(r"^\| `([\w-]+)` \| (\d+) \| (\d+) \|", section, re.MULTILINE)
    return {name: (int(before), int(after)) for name, before, after in rows}


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_the_readme_gives_the_number_of_questions(template: str) -> None:
    before, after = readme_counts()[template]
    assert len(questions(template)) == after
    assert after <= before


def test_engagement_is_one_question_on_the_default_path() -> None:
    for template in ("connector", "custom"):
        asked = questions(template)
        assert "Keep the template's engagement settings?" in asked
        assert not {"Engagement options to turn on", "Entry point", "Goal"} & set(asked)


def test_one_endpoint_for_all_asks_each_webhook_question_once() -> None:
    asked = questions("connector")
    webhook = [message for message in asked if message.startswith("All 5 webhooks: ")]
    assert webhook == [
        "All 5 webhooks: Endpoint",
        "All 5 webhooks: Max retries (empty keeps each event's own)",
        "All 5 webhooks: add HTTP headers to the notifications?",
    ]
