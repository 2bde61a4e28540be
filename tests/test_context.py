"""The context the rules read: one per document, each view worked out once, and no import
cycle between the rules, their registry and the checking that runs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import lpmanifest
from lpmanifest.check import context as context_module
from lpmanifest.check.checker import Checker, data_document
from lpmanifest.check.context import Context
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.read import load_text

from .conftest import FINISHED

PACKAGE = Path(lpmanifest.__file__).parent


def test_each_view_is_worked_out_once() -> None:
    context = Context(data_document(FINISHED))
    for view in ("strings", "floats", "secrets", "webhooks", "headers", "urls", "grant_types"):
        assert getattr(context, view) is getattr(context, view), view


def test_the_data_is_walked_once_for_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[Any] = []
    visit = context_module._visit

    def counted(container: Any, path: Any, found: Any, shown: bool) -> None:
        if not path:
            walks.append(container)
        visit(container, path, found, shown)

    monkeypatch.setattr(context_module, "_visit", counted)
    text = '{"client_name": "App name", "client_secret": "s3", "max_retries": 3.0}'
    findings = Checker(rules=LINT_RULES).check(load_text(text, "m.json"))
    # Three rules read the walk (placeholder-value, secret-in-manifest, float-for-integer).
    assert {f.name for f in findings} >= {"placeholder-value", "secret-in-manifest"}
    assert len(walks) == 1


def test_every_rule_reads_the_one_context_of_a_document() -> None:
    seen: list[Context] = []

    class Spy:
        info = LINT_RULES[0].info

        def check(self, context: Context) -> list[Any]:
            seen.append(context)
            return []

    doc = load_text('{"client_name": "com.acme.app"}', "m.json")
    Checker(rules=[Spy(), Spy(), Spy()]).check(doc)
    assert len(seen) == 3 and all(context is seen[0] for context in seen)
    assert seen[0].doc is doc


def test_the_walk_leaves_credentials_strings_out() -> None:
    data = {"client_secret": {"client_secret": "hidden", "x": "also hidden"}, "a": ["shown"]}
    context = Context(data_document(data))
    assert context.strings == [(("a",), 0, "shown")]
    assert context.secrets == [("client_secret",), ("client_secret", "client_secret")]


def test_a_suppression_is_known_when_the_checker_knows_its_rule() -> None:
    """invalid-suppression asks the checker's catalogue: its rules, the load and schema ones."""
    text = "client_name: com.acme.app  # lpmanifest: ignore[syntax-error, LPM106, nope]\n"
    findings = Checker(rules=LINT_RULES).check(load_text(text, "m.yaml"))
    assert [f.message for f in findings if f.name == "invalid-suppression"] == [
        "unknown rule 'nope' in a suppression comment"
    ]


# -- what YAML records --------------------------------------------------------------------------


def test_yaml_records_how_its_plain_scalars_were_written() -> None:
    from lpmanifest.source.document import Plain

    doc = load_text("a: yes\nb: 'yes'\nc: 010\nd: [on, x]\ne: |\n  010\n", "m.yaml")
    assert doc.plain == {
        ("a",): Plain("yes", "bool"),
        ("c",): Plain("010", "int"),
        ("d", 0): Plain("on", "bool"),
        ("d", 1): Plain("x", "str"),
    }


def test_what_yaml_records_follows_the_data_a_duplicate_key_keeps() -> None:
    doc = load_text("enabled: yes\nenabled: 5\nflag: off\n", "m.yaml")
    assert doc.data == {"enabled": 5, "flag": False}
    assert doc.implicit_booleans == [("flag",)]


def test_a_clean_yaml_file_works_out_no_position() -> None:
    """Key spans are made for a duplicate key only, locations when a finding needs one."""
    text = "client_name: com.acme.app\ndisplay_name: Acme\nquick_launch_enabled: false\n"
    doc = load_text(text, "m.yaml")
    assert Checker(rules=LINT_RULES).check(doc) == []
    assert doc._line_starts is None and doc._locations is None
