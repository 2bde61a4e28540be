"""Shared fixtures: a realistic finished manifest, and helpers that locate text by hand."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

# Every test, in this process and in the commands it starts, has the checker run the rules
# that their triggers skip too, and fail where one of them finds something
# (`lpmanifest.check.trigger`).
os.environ["LPMANIFEST_CHECK_TRIGGERS"] = "1"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOCS_EXAMPLES = Path(__file__).resolve().parent / "examples" / "docs"

CONTENT = "ms.MessagingEventNotification.ContentEvent"

FINISHED: dict[str, Any] = {
    "client_name": "com.acme.support-connector",
    "display_name": "Acme Support Connector",
    "description": "Relays Acme's in-app chat to Conversational Cloud agents.",
    "grant_types": ["client_credentials"],
    "scope": "msg.consumer",
    "logo_uri": "https://cdn.acme.example/brand/acme-70x70.png",
    "capabilities": {
        "webhooks": {
            CONTENT: {
                "endpoint": "https://hooks.acme.example/liveperson/content",
                # 0 beside the retention time: this event's failures do not trigger retries.
                "max_retries": 0,
                "headers": [{"header_name": "X-Acme-Source", "header_value": "liveperson"}],
            },
            "cqm.ExConversationChangeNotification": {
                "endpoint": "https://hooks.acme.example/liveperson/conversation"
            },
            "retry": {"retention_time": 3600},
        },
        "engagement": {
            "design_engagement": False,
            "design_window": False,
            "entry_point": ["section"],
            "visitor_behavior": ["visited_location", "cart_items"],
            "target_audience": ["returning_visitors"],
            "goal": ["service_activity"],
            "consumer_identity": ["auth"],
            "language_selection": False,
        },
    },
}


@pytest.fixture
def finished() -> dict[str, Any]:
    """A fresh copy of a realistic, finished connector manifest (no finding at all)."""
    return copy.deepcopy(FINISHED)


def set_path(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def position_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the n-th occurrence of `needle`, counted in code points."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def value_position(text: str, key: str) -> tuple[int, int]:
    """Where the value of the (unique) `key` starts: the first non-blank after its colon."""
    pattern = re.compile(r'(?:"' + re.escape(key) + r'"|(?<![\w.#"-])' + re.escape(key) + r")\s*:")
    matches = list(pattern.finditer(text))
    assert len(matches) == 1, f"{key!r} is not unique in the text"
    index = matches[0].end()
    while text[index] in " \t\r\n":
        index += 1
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def key_position(text: str, key: str) -> tuple[int, int]:
    quoted = f'"{key}"'
    if quoted in text:
        return position_of(text, quoted)
    return position_of(text, f"{key}:")


def dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from lpmanifest.output.serialize import dump_yaml

    return dump_yaml(data)


def rule_reason(path: tuple[str | int, ...], value: Any) -> str:
    """What the placeholder-value rule says about `value` alone at `path`, as the wizard
    shows a refusal: the finding's message, then its help in brackets.

    For the samples whose wording the rule owns (it names the page a sample comes from):
    the wizard must say exactly what the rule says, whatever that comes to be.
    """
    from lpmanifest.check.checker import data_document
    from lpmanifest.check.context import Context
    from lpmanifest.rules import placeholder_value

    data: Any = value
    for part in reversed(path):
        data = [data] if isinstance(part, int) else {part: data}
    (finding,) = placeholder_value.check(Context(data_document(data)))
    return f"{finding.message} ({finding.help})"
