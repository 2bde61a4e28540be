"""Rules' triggers: the checker skips a rule only where it could find nothing, and the test
suite holds every skip to that (conftest sets LPMANIFEST_CHECK_TRIGGERS)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lpmanifest.check import trigger as trigger_module
from lpmanifest.check.checker import Checker, data_document
from lpmanifest.check.context import Context
from lpmanifest.check.trigger import Plans, trigger
from lpmanifest.findings.model import START_OF_FILE, RuleInfo, Severity
from lpmanifest.rules import LINT_RULES, float_for_integer
from lpmanifest.source.read import load_text

from .conftest import FINISHED


def test_the_test_suite_checks_every_skip() -> None:
    assert trigger_module.CHECKING


@pytest.mark.parametrize("word", ["two words", "it's", 'a"b', "back\\slash", ""])
def test_a_word_yaml_could_fold_or_escape_is_refused(word: str) -> None:
    with pytest.raises(ValueError, match="one unquoted token"):
        trigger(words=(word,))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ('{"a": "b"}', "m.json", True),
        ('{"a": "\\u0062"}', "m.json", False),  # an escape: the data holds what the text does not
        ("a: b\n", "m.yaml", True),
        ('a: "\\x62"\n', "m.yaml", False),
        ("{", "m.json", False),  # not loaded
    ],
)
def test_verbatim_documents(text: str, name: str, expected: bool) -> None:
    assert load_text(text, name).verbatim is expected


def test_data_without_its_own_text_is_never_verbatim() -> None:
    assert not data_document({"a": "b"}).verbatim


def _rule(code: str, found: list[str], **parts: Any) -> Any:
    info = RuleInfo(code, f"rule-{code.lower()}", Severity.WARNING, "a test rule", "")

    class Rule:
        def __init__(self) -> None:
            self.info = info
            self.trigger = trigger(**parts)

        def check(self, context: Context) -> Any:
            found.append(context.file)
            return iter(())

    return Rule()


def test_a_rule_runs_only_where_its_trigger_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trigger_module, "CHECKING", False)  # skipped rules would run too
    ran: dict[str, list[str]] = {"keys": [], "words": [], "yaml": [], "bom": [], "all": []}
    rules = [
        _rule("T001", ran["keys"], keys=("grant_types",)),
        _rule("T002", ran["words"], words=("refresh_token",)),
        _rule("T003", ran["yaml"], formats=("yaml",)),
        _rule("T004", ran["bom"], bom=True),
        _rule("T005", ran["all"]),
    ]
    checker = Checker(rules=rules)
    documents = {
        "grants.json": '{"grant_types": ["client_credentials"]}',
        "refresh.json": '{"scope": "refresh_token"}',
        "escaped.json": '{"scope": "refresh\\u005ftoken"}',
        "plain.yaml": "scope: x\n",
        "bom.json": '\ufeff{"scope": "x"}',
    }
    for name, text in documents.items():
        checker.check(load_text(text, name))
    assert ran["keys"] == ["grants.json"]
    # An escape hides a word from the text, so that document is not narrowed by words.
    assert ran["words"] == ["refresh.json", "escaped.json"]
    assert ran["yaml"] == ["plain.yaml"]
    assert ran["bom"] == ["bom.json"]
    assert ran["all"] == list(documents)


def test_a_wrong_trigger_fails_loudly_where_the_suite_checks() -> None:
    info = RuleInfo("T009", "rule-t009", Severity.WARNING, "a test rule", "")

    class Wrong:
        def __init__(self) -> None:
            self.info = info
            self.trigger = trigger(keys=("not_there",))

        def check(self, context: Context) -> Any:
            yield info.finding(context.file, START_OF_FILE, (), "found")

    with pytest.raises(AssertionError, match=r"the trigger of rule-t009 skipped m\.json"):
        Checker(rules=[Wrong()]).check(load_text('{"a": 1}', "m.json"))


def test_documents_alike_share_one_plan() -> None:
    rules = [(trigger(keys=("a",)), "A"), (trigger(words=("w",)), "W"), (trigger(), "*")]
    plans = Plans(rules)
    first = plans.runs(load_text('{"a": 1, "b": "w"}', "1.json"))
    second = plans.runs(load_text('{"a": 2, "c": "w"}', "2.json"))
    assert first == ("A", "W", "*")
    assert second is first
    assert plans.runs(load_text('{"b": 1}', "3.json")) == ("*",)


def test_float_for_integer_is_triggered_by_every_key_that_holds_an_integer() -> None:
    assert float_for_integer.TRIGGER.keys == frozenset(float_for_integer.integer_fields())


def test_the_registry_runs_unchanged_on_a_finished_manifest() -> None:
    text = json.dumps(FINISHED, indent=2)
    assert Checker(rules=LINT_RULES).check(load_text(text, "m.json")) == []
