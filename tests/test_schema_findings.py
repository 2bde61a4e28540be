"""Schema findings: one per problem, at the right line and column, with a message to act on."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from lpmanifest.check.checker import Checker
from lpmanifest.check.engine import PythonEngine, RustEngine
from lpmanifest.check.explain import explain
from lpmanifest.findings import schema_rules
from lpmanifest.findings.model import Finding
from lpmanifest.schema import load_schema
from lpmanifest.source.read import load_text

from .conftest import (
    CONTENT,
    DOCS_EXAMPLES,
    FINISHED,
    dump,
    key_position,
    position_of,
    set_path,
    value_position,
)

FORMATS = ["json", "yaml"]
HOOK = ("capabilities", "webhooks", CONTENT)
ENGAGEMENT = ("capabilities", "engagement")


def check(data: dict[str, Any], fmt: str) -> tuple[str, list[Finding]]:
    text = dump(data, fmt)
    return text, Checker().check(load_text(text, f"m.{fmt}"))


def variant(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(FINISHED)
    set_path(data, path, value)
    return data


# Every limit in LivePerson's tables: (path, a value at the limit, one past it, the finding).
LIMITS = [
    (("client_name",), "a" * 128, "a" * 129, schema_rules.TOO_LONG),
    (("client_name#ja-JP",), "日" * 128, "日" * 129, schema_rules.TOO_LONG),
    (("display_name",), "é" * 128, "é" * 129, schema_rules.TOO_LONG),
    (("description",), "d" * 256, "d" * 257, schema_rules.TOO_LONG),
    (("scope",), "s" * 128, "s" * 129, schema_rules.TOO_LONG),
    (("logo_uri",), "https://x/" + "l" * 1014, "https://x/" + "l" * 1015, schema_rules.TOO_LONG),
    (("entry_uri",), "https://x/" + "e" * 1014, "https://x/" + "e" * 1015, schema_rules.TOO_LONG),
    ((*HOOK, "max_retries"), 5, 6, schema_rules.OUT_OF_RANGE),
    ((*HOOK, "max_retries"), 0, -1, schema_rules.OUT_OF_RANGE),
    (
        ("capabilities", "webhooks", "retry", "retention_time"),
        259200,
        259201,
        schema_rules.OUT_OF_RANGE,
    ),
    (("capabilities", "webhooks", "retry", "retention_time"), 2, 1, schema_rules.OUT_OF_RANGE),
    ((*ENGAGEMENT, "entry_point"), ["section", "url"], [], schema_rules.TOO_FEW_ITEMS),
    ((*ENGAGEMENT, "consumer_identity"), ["auth", "unauth"], [], schema_rules.TOO_FEW_ITEMS),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("path", "at_limit", "past_limit", "rule"), LIMITS)
def test_every_limit(fmt: str, path: Any, at_limit: Any, past_limit: Any, rule: Any) -> None:
    _, findings = check(variant(path, at_limit), fmt)
    assert findings == []
    text, findings = check(variant(path, past_limit), fmt)
    assert [(f.code, f.path) for f in findings] == [(rule.code, path)]
    finding = findings[0]
    assert (finding.span.line, finding.span.column) == value_position(text, path[-1])
    assert finding.name == rule.name and finding.severity.value == "error"


@pytest.mark.parametrize("fmt", FORMATS)
def test_length_message_names_key_limit_and_length(fmt: str) -> None:
    _, findings = check(variant(("display_name",), "é" * 130), fmt)
    assert findings[0].message == "display_name is 130 characters long; the maximum is 128"
    assert findings[0].help == "shorten it by 2 characters"


@pytest.mark.parametrize("fmt", FORMATS)
def test_max_retries_6(fmt: str) -> None:
    text, findings = check(variant((*HOOK, "max_retries"), 6), fmt)
    (finding,) = findings
    assert finding.message == "max_retries is 6; the maximum is 5"
    assert finding.help == "allowed range: 0 to 5"
    assert (finding.span.line, finding.span.column) == value_position(text, "max_retries")


def test_redirect_uri_item_limit_points_at_the_item() -> None:
    for fmt in FORMATS:
        data = variant(("redirect_uris",), ["https://ok.example/cb", "https://x/" + "r" * 119])
        data["grant_types"] = ["authorization_code"]
        text, findings = check(data, fmt)
        assert [(f.code, f.path) for f in findings] == [
            (schema_rules.TOO_LONG.code, ("redirect_uris", 1))
        ]
        line = text.count("\n", 0, text.index("https://x/rrr")) + 1
        assert findings[0].span.line == line
        assert findings[0].message == "redirect_uris[1] is 129 characters long; the maximum is 128"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("value", "help"),
    [("3", "write 3 without quotes"), (3.5, "use a whole number"), (True, None)],
)
def test_max_retries_must_be_an_integer(fmt: str, value: Any, help: str | None) -> None:
    text, findings = check(variant((*HOOK, "max_retries"), value), fmt)
    (finding,) = findings
    assert finding.code == schema_rules.WRONG_TYPE.code
    assert finding.message.endswith("it must be an integer")
    assert finding.help == help
    assert (finding.span.line, finding.span.column) == value_position(text, "max_retries")


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_top_level_key_suggests_the_right_one(fmt: str) -> None:
    data = copy.deepcopy(FINISHED)
    data["dispaly_name"] = data.pop("display_name")
    text, findings = check(data, fmt)
    (finding,) = findings
    assert finding.code == schema_rules.UNKNOWN_KEY.code and finding.path == ("dispaly_name",)
    assert finding.message == "unknown key 'dispaly_name' in the manifest"
    assert finding.help == "did you mean 'display_name'?"
    assert (finding.span.line, finding.span.column) == key_position(text, "dispaly_name")


@pytest.mark.parametrize("fmt", FORMATS)
def test_misspelt_event_suggests_the_event(fmt: str) -> None:
    data = copy.deepcopy(FINISHED)
    wrong = "ms.MessagingEventNotification.AccpetStatusEvent"
    data["capabilities"]["webhooks"][wrong] = {"endpoint": "https://a.example/x"}
    text, findings = check(data, fmt)
    (finding,) = findings
    assert finding.code == schema_rules.UNKNOWN_KEY.code
    assert finding.help == "did you mean 'ms.MessagingEventNotification.AcceptStatusEvent'?"
    assert (finding.span.line, finding.span.column) == key_position(text, wrong)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_key_without_a_close_match_lists_the_allowed_keys(fmt: str) -> None:
    _, findings = check(variant((*HOOK, "headers", 0, "colour"), "x"), fmt)
    (finding,) = findings
    assert finding.help == "allowed keys here: header_name, header_value"


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_enum_value_suggests_and_lists(fmt: str) -> None:
    _text, findings = check(variant((*ENGAGEMENT, "entry_point"), ["urll"]), fmt)
    (finding,) = findings
    assert finding.code == schema_rules.INVALID_VALUE.code
    assert finding.path == (*ENGAGEMENT, "entry_point", 0)
    assert finding.message == "'urll' is not an allowed value of entry_point"
    assert finding.help == "did you mean 'url'? allowed values: section, url"


@pytest.mark.parametrize("fmt", FORMATS)
def test_duplicate_item_points_at_the_repeat(fmt: str) -> None:
    data = variant(("grant_types",), ["client_credentials", "client_credentials"])
    text, findings = check(data, fmt)
    (finding,) = findings
    assert finding.code == schema_rules.DUPLICATE_ITEM.code and finding.path == ("grant_types", 1)
    first_line = text.count("\n", 0, text.index("client_credentials")) + 1
    assert finding.span.line >= first_line
    assert f"line {first_line}" in (finding.help or "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_http_endpoint_is_refused(fmt: str) -> None:
    text, findings = check(variant((*HOOK, "endpoint"), "http://hooks.acme.example/x"), fmt)
    (finding,) = findings
    assert finding.code == schema_rules.INVALID_FORMAT.code
    assert finding.message.startswith("endpoint must start with https://")
    value = "http://hooks.acme.example/x"
    assert (finding.span.line, finding.span.column) == position_of(
        text, f'"{value}"' if fmt == "json" else value
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_required_key_is_reported_at_its_parent(fmt: str) -> None:
    data = copy.deepcopy(FINISHED)
    del data["capabilities"]["webhooks"][CONTENT]["endpoint"]
    text, findings = check(data, fmt)
    (finding,) = findings
    assert finding.code == schema_rules.MISSING_KEY.code and finding.path == (*HOOK, "endpoint")
    assert finding.message == f"{CONTENT} is missing the required key 'endpoint'"
    assert (finding.span.line, finding.span.column) == key_position(text, CONTENT)


def test_missing_client_name_is_reported_at_the_start() -> None:
    data = copy.deepcopy(FINISHED)
    del data["client_name"]
    _, findings = check(data, "json")
    (finding,) = findings
    assert (finding.span.line, finding.span.column) == (1, 1)
    assert finding.message == "the manifest is missing the required key 'client_name'"


def test_several_missing_keys_are_one_finding() -> None:
    data = variant(ENGAGEMENT, {"design_engagement": False, "design_window": False})
    _, findings = check(data, "yaml")
    (finding,) = findings
    assert finding.message == (
        "engagement is missing 6 required keys: entry_point, visitor_behavior, "
        "target_audience, goal, consumer_identity, language_selection"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_language_tag_is_located_at_the_key(fmt: str) -> None:
    data = copy.deepcopy(FINISHED)
    data["client_name#not a tag"] = "x"
    text, findings = check(data, fmt)
    (finding,) = findings
    assert finding.code == schema_rules.INVALID_FORMAT.code
    assert (finding.span.line, finding.span.column) == key_position(text, "client_name#not a tag")


def test_secret_values_never_appear_in_messages() -> None:
    _, findings = check(variant(("client_secret",), 12345678), "json")
    assert findings and all("12345678" not in f.message + (f.help or "") for f in findings)


def test_json_and_yaml_give_the_same_findings_at_their_own_lines() -> None:
    data = copy.deepcopy(FINISHED)
    data["dispaly_name"] = "x"
    data["capabilities"]["webhooks"][CONTENT]["max_retries"] = 9
    data["capabilities"]["engagement"]["entry_point"] = ["urll", "section", "section"]
    json_text, in_json = check(data, "json")
    yaml_text, in_yaml = check(data, "yaml")
    assert [(f.code, f.path, f.message) for f in in_json] == [
        (f.code, f.path, f.message) for f in in_yaml
    ]
    assert len(in_json) == 4
    for findings, text in [(in_json, json_text), (in_yaml, yaml_text)]:
        (finding,) = [f for f in findings if f.path[-1] == "max_retries"]
        assert (finding.span.line, finding.span.column) == value_position(text, "max_retries")


@pytest.mark.parametrize("name", ["connector-api.json", "custom-connector.json", "web-app.json"])
def test_docs_examples_have_no_schema_error(name: str) -> None:
    doc = load_text((DOCS_EXAMPLES / name).read_text(), name)
    assert Checker().schema_findings(doc) == []


# -- the two engines agree ----------------------------------------------------------------

BROKEN = [variant(path, past) for path, _, past, _ in LIMITS] + [
    variant((*HOOK, "max_retries"), "3"),
    variant((*HOOK, "endpoint"), "http://x"),
    variant((*HOOK, "headers"), [{"header_name": ""}, {"header_name": "a", "extra": 1}]),
    variant((*ENGAGEMENT, "goal"), "nope"),
    variant((*ENGAGEMENT, "target_audience"), ["ip", "ip", "bogus"]),
    variant(("capabilities", "webhooks", "retry"), {"retention_time": "1h"}),
    variant(("grant_types",), "client_credentials"),
    variant(("client_name#en-",), "x"),
    variant(("capabilities", "colour"), {}),
    variant(("capabilities",), []),
    {"display_name": 5},
]


@pytest.mark.parametrize("data", BROKEN)
def test_both_engines_explain_the_same_way(data: dict[str, Any]) -> None:
    schema = load_schema()
    doc = load_text(dump(data, "yaml"), "m.yaml")
    fast = explain(doc, RustEngine(schema).errors(doc.data))
    reference = explain(doc, PythonEngine(schema).errors(doc.data))
    assert fast, "every case here is broken"
    assert sorted(f.sort_key for f in fast) == sorted(f.sort_key for f in reference)
    assert RustEngine(schema).is_valid(doc.data) is PythonEngine(schema).is_valid(doc.data)
