"""Fixes keep meaning: each fix, applied, leaves the data it promises and nothing else changed;
a fix that checking again refuses is not applied, and no report claims it."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lpmanifest.check.checker import Checker
from lpmanifest.fix.apply import fix_document
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.formats import BOM
from lpmanifest.source.read import load_file, load_text

from .lint_support import ROOT, TESTS, run_cli

CHECKER = Checker(rules=LINT_RULES)
HOOK = "ms.MessagingEventNotification.ContentEvent"
EX_TABLE = "ms.MessagingEventNotification.ExConversationChangeNotification"


def _removed(*keys: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        for key in keys:
            data.pop(key)
        return data

    return change


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        return data

    return change


def _renamed_event(data: dict[str, Any]) -> dict[str, Any]:
    hooks = data["capabilities"]["webhooks"]
    data["capabilities"]["webhooks"] = {
        ("cqm.ExConversationChangeNotification" if key == EX_TABLE else key): value
        for key, value in hooks.items()
    }
    return data


# (name, text, format, the fixed data from the original data, what --fix must print)
FIXABLE: list[tuple[str, str, str, Callable[[dict[str, Any]], dict[str, Any]]]] = [
    (
        "yaml-implicit-boolean in a text field is quoted",
        "client_name: com.acme.x\ndisplay_name: Yes\ndescription: off\n",
        "yaml",
        lambda data: {**data, "display_name": "Yes", "description": "off"},
    ),
    (
        "yaml-implicit-boolean in a boolean field becomes true or false",
        "client_name: com.acme.x\nquick_launch_enabled: No\nenabled: ON\n",
        "yaml",
        lambda data: data,  # PyYAML read them as these booleans already
    ),
    (
        "yaml-implicit-number text is quoted",
        "client_name: com.acme.x\ncapabilities:\n  webhooks:\n    " + HOOK + ":\n"
        "      endpoint: https://hooks.acme.com/lp\n      headers:\n"
        "        - {header_name: X-Build, header_value: 4e5}\n",
        "yaml",
        lambda data: data,
    ),
    (
        "float-for-integer writes the integer",
        '{"client_name": "com.acme.x", "enabled_for_profiles": [7.0, 8],'
        ' "capabilities": {"webhooks": {"retry": {"retention_time": 3.6e3}}}}',
        "json",
        lambda data: data,  # equal as numbers; the types are checked below
    ),
    (
        "server-assigned-field removes the fields",
        '{\n  "id": "75588e18",\n  "client_name": "com.acme.x",\n  "deleted": false,\n'
        '  "client_id_issued_at": 1700000000\n}\n',
        "json",
        _removed("id", "deleted", "client_id_issued_at"),
    ),
    (
        "server-assigned-field removes capabilities.broadcast",
        "client_name: com.acme.x\ncapabilities:\n  broadcast:\n    enabled: false\n"
        "  webhooks:\n    " + HOOK + ":\n      endpoint: https://hooks.acme.com/lp\n",
        "yaml",
        lambda data: {**data, "capabilities": {"webhooks": data["capabilities"]["webhooks"]}},
    ),
    (
        "table-spelling renames the event and wraps a single goal",
        '{"client_name": "com.acme.x", "capabilities": {"webhooks": {"' + EX_TABLE + '": '
        '{"endpoint": "https://hooks.acme.com/lp", "max_retries": 2}}}}',
        "json",
        _renamed_event,
    ),
    (
        "duplicate-item removes the repeat",
        "client_name: com.acme.x\ngrant_types: [client_credentials, client_credentials]\n",
        "yaml",
        _set(("grant_types",), ["client_credentials"]),
    ),
    (
        "the HTTPS:// scheme is written in lower case",
        '{"client_name": "com.acme.x", "capabilities": {"webhooks": {"' + HOOK + '": '
        '{"endpoint": "HTTPS://hooks.acme.com/lp"}}}}',
        "json",
        _set(("capabilities", "webhooks", HOOK, "endpoint"), "https://hooks.acme.com/lp"),
    ),
    (
        "byte-order-mark is removed",
        BOM + '{"client_name": "com.acme.x"}\n',
        "json",
        lambda data: data,
    ),
]


def _types(value: Any) -> Any:
    """The value with every scalar replaced by its type: what `==` does not compare."""
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__


@pytest.mark.parametrize(
    ("text", "fmt", "expected"), [case[1:] for case in FIXABLE], ids=[c[0] for c in FIXABLE]
)
def test_every_fix_leaves_the_data_it_promises(
    tmp_path: Path, text: str, fmt: str, expected: Any
) -> None:
    path = tmp_path / f"m.{fmt}"
    path.write_bytes(text.encode("utf-8"))
    before = load_file(str(path))
    findings_before = CHECKER.check(before)
    assert any(f.fix is not None for f in findings_before)
    result = run_cli("validate", "--isolated", "--fix", path)
    after = load_file(str(path))
    assert after.loaded
    want = expected(copy.deepcopy(before.data))
    assert after.data == want
    if "enabled_for_profiles" not in after.data:
        assert _types(after.data) == _types(want)
    else:  # float-for-integer: equal as numbers, integers now
        assert after.data["enabled_for_profiles"] == [7, 8]
        assert all(isinstance(item, int) for item in after.data["enabled_for_profiles"])
        assert isinstance(after.data["capabilities"]["webhooks"]["retry"]["retention_time"], int)
    fixed_names = {f.name for f in findings_before if f.fix is not None}
    remaining = CHECKER.check(after)
    assert not {f.name for f in remaining if f.fix is not None} & fixed_names
    # Nothing new: of no kind more findings than before.
    counts_before, counts_after = (
        Counter(f.code for f in findings_before),
        Counter(f.code for f in remaining),
    )
    assert all(counts_after[code] <= counts_before[code] for code in counts_after)
    assert "Fixed" in result.err


def test_done_when_a_word_stays_a_word(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("client_name: com.acme.x\ndisplay_name: Yes\n", encoding="utf-8")
    assert run_cli("validate", "--isolated", "--fix", path).code == 0
    assert path.read_text(encoding="utf-8") == "client_name: com.acme.x\ndisplay_name: 'Yes'\n"
    assert load_file(str(path)).data["display_name"] == "Yes"
    clean = run_cli("validate", "--isolated", path)
    assert (clean.code, clean.out.strip()) == (0, "All checks passed: 1 file checked, no findings.")


def test_a_fix_that_checking_again_refuses_is_not_applied_nor_offered(tmp_path: Path) -> None:
    # One anchored word read by a boolean field and a text field: writing `true` breaks the
    # text, quoting breaks the boolean. No fix is offered, none is applied, the file stays.
    text = "client_name: com.acme.x\nquick_launch_enabled: &flag yes\ndisplay_name: *flag\n"
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    [finding] = [
        f for f in CHECKER.check(load_file(str(path))) if f.name == "yaml-implicit-boolean"
    ]
    assert finding.fix is None
    report = run_cli("validate", "--isolated", path)
    assert "--fix` applies it" not in report.out
    result = run_cli("validate", "--isolated", "--fix", path)
    assert path.read_text(encoding="utf-8") == text
    assert "Fixed" not in result.err


def test_an_anchored_value_is_fixed_once_keeping_its_anchor(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "client_name: com.acme.x\ndisplay_name: &name Off\ndescription: *name\n",
        encoding="utf-8",
    )
    result = run_cli("validate", "--isolated", "--fix", path)
    assert result.code == 0, result.out
    assert path.read_text(encoding="utf-8") == (
        "client_name: com.acme.x\ndisplay_name: &name 'Off'\ndescription: *name\n"
    )
    data = load_file(str(path)).data
    assert (data["display_name"], data["description"]) == ("Off", "Off")


def test_a_fix_that_checking_again_refuses_is_dropped_by_the_verifier() -> None:
    # A rule whose fix turns the value into another finding: the checker keeps the finding and
    # takes away its fix, and fix_document applies nothing.
    from lpmanifest.findings.model import Edit, Fix, RuleInfo, Severity

    info = RuleInfo("LPM399", "test-bad-fix", Severity.WARNING, "A rule with a bad fix.")

    class BadFix:
        info = RuleInfo("LPM399", "test-bad-fix", Severity.WARNING, "A rule with a bad fix.")

        def check(self, doc: Any) -> Any:
            if doc.data.get("display_name") == "Acme":
                start = doc.text.index("Acme")
                yield info.finding(
                    doc.file,
                    doc.value_span(("display_name",)),
                    ("display_name",),
                    "x",
                    "y",
                    Fix("write a number", (Edit(start - 1, start + 5, "5"),)),
                )

    checker = Checker(rules=[BadFix()])
    doc = load_text('{"client_name": "com.acme.x", "display_name": "Acme"}', "m.json")
    [finding] = checker.check(doc)
    assert finding.fix is None
    result = fix_document(doc, checker)
    assert (result.applied, result.changed) == (0, False)


FIXTURES = sorted(
    path
    for folder in (TESTS / "examples", ROOT / "examples", ROOT / "templates")
    for path in folder.rglob("*")
    if path.suffix in (".json", ".yaml", ".yml")
)


def _flatten(data: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """Every scalar of the data by its path (with its type: 3 and 3.0 differ)."""
    if isinstance(data, dict):
        found: dict[tuple[Any, ...], Any] = {}
        for key, value in data.items():
            found.update(_flatten(value, (*path, key)))
        return found
    if isinstance(data, list):
        found = {}
        for index, value in enumerate(data):
            found.update(_flatten(value, (*path, index)))
        return found
    return {path: (type(data).__name__, data)}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixing_any_fixture_keeps_everything_it_does_not_fix(path: Path) -> None:
    doc = load_file(str(path))
    result = fix_document(doc, CHECKER)
    if not doc.loaded:
        assert not result.changed
        return
    assert result.fixed.loaded
    before = Counter(f.code for f in CHECKER.check(doc))
    after = Counter(f.code for f in result.findings)
    assert all(after[code] <= before[code] for code in after), (before, after)
    # Every value outside what a fix touches (its path; a list whose repeat it removes) is
    # where it was, the same value of the same type.
    touched = {
        f.path[:-1] if f.name == "duplicate-item" else f.path
        for f in result.offered
        if f.fix is not None
    }
    kept = {
        where: value
        for where, value in _flatten(doc.data).items()
        if not any(where[: len(t)] == t for t in touched)
    }
    fixed = _flatten(result.fixed.data)
    assert {where: fixed.get(where) for where in kept} == kept


def test_the_fixtures_include_fixable_files() -> None:
    fixable = [p for p in FIXTURES if fix_document(load_file(str(p)), CHECKER).changed]
    assert fixable  # the test above does not pass for want of anything to fix
