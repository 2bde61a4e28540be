"""Answer keys and answer values: the syntax of `--set KEY=VALUE`, checked against the schema."""

from __future__ import annotations

import pytest

from lpmanifest.errors import UsageError
from lpmanifest.wizard.answers import split_assignment
from lpmanifest.wizard.events import offered_events
from lpmanifest.wizard.fields import (
    AnswerCheck,
    Unreadable,
    field_at,
    template_text,
    usable,
)
from lpmanifest.wizard.keys import delete_value, format_key, parse_key, set_value

from .conftest import rule_reason

CONTENT = "ms.MessagingEventNotification.ContentEvent"
HOOKS = ("capabilities", "webhooks")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("client_name", ("client_name",)),
        ("client_name#ja-JP", ("client_name#ja-JP",)),
        ('["client_name#zh-Hant-TW"]', ("client_name#zh-Hant-TW",)),
        ("capabilities.engagement.goal", ("capabilities", "engagement", "goal")),
        (f'capabilities.webhooks["{CONTENT}"].endpoint', (*HOOKS, CONTENT, "endpoint")),
        (f"capabilities.webhooks['{CONTENT}'].max_retries", (*HOOKS, CONTENT, "max_retries")),
        # The plain dotted spelling: dotted names are joined where the schema has the property.
        (f"capabilities.webhooks.{CONTENT}.endpoint", (*HOOKS, CONTENT, "endpoint")),
        (
            "capabilities.webhooks.cqm.ExConversationChangeNotification.endpoint",
            (*HOOKS, "cqm.ExConversationChangeNotification", "endpoint"),
        ),
        ("capabilities.webhooks[*].endpoint", (*HOOKS, "*", "endpoint")),
        ("capabilities.webhooks.retry.retention_time", (*HOOKS, "retry", "retention_time")),
    ],
)
def test_keys_name_manifest_paths(text: str, path: tuple[str, ...]) -> None:
    assert parse_key(text) == path


@pytest.mark.parametrize(
    "path",
    [
        ("client_name",),
        ("client_name#ja-JP",),
        (*HOOKS, CONTENT, "endpoint"),
        (*HOOKS, "*", "headers"),
        ("capabilities", "engagement", "target_audience"),
    ],
)
def test_format_key_reads_back(path: tuple[str, ...]) -> None:
    assert parse_key(format_key(path)) == path


def test_format_key_is_the_findings_notation() -> None:
    assert format_key((*HOOKS, CONTENT, "endpoint")) == (
        'capabilities.webhooks["ms.MessagingEventNotification.ContentEvent"].endpoint'
    )
    assert format_key((*HOOKS, "*", "endpoint")) == "capabilities.webhooks[*].endpoint"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "clent_name",
            "unknown answer key 'clent_name': the manifest has no clent_name; "
            "did you mean 'client_name'?",
        ),
        ("capabilities.webhooks.ms.Nope.endpoint", "the manifest has no capabilities.webhooks.ms"),
        ("capabilities.engagement.gaol", "did you mean 'capabilities.engagement.goal'?"),
        ("client_secret", "client_secret cannot be set: Client secret is assigned by LivePerson"),
        ("id", "id cannot be set"),
        ("grant_types[*]", "[*] stands for every webhook event"),
        ("client_name.", "ends with a dot"),
        ('capabilities.webhooks["ms.X', "cannot read the answer key"),
        ("", "an empty answer key"),
    ],
)
def test_bad_keys_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_key(text)
    assert message in str(raised.value)


def test_assignment_splits_at_the_first_equals_outside_brackets() -> None:
    assert split_assignment('capabilities.webhooks["a=b"].endpoint=https://x/?q=1') == (
        'capabilities.webhooks["a=b"].endpoint',
        "https://x/?q=1",
    )
    assert split_assignment("display_name=") == ("display_name", "")
    with pytest.raises(UsageError, match="expected KEY=VALUE"):
        split_assignment("client_name")


@pytest.mark.parametrize(
    ("path", "text", "value"),
    [
        # Text fields keep what was typed, whatever YAML would make of it.
        (("display_name",), "yes", "yes"),
        (("description",), " 123 ", "123"),
        (("description",), "[beta] A connector", "[beta] A connector"),
        (("capabilities", "engagement", "goal"), "lead", ["lead"]),
        (("capabilities", "engagement", "goal"), "[lead, url]", ["lead", "url"]),
        (("display_name",), "", None),
        ((*HOOKS, CONTENT, "max_retries"), "3", 3),
        ((*HOOKS, CONTENT, "max_retries"), "3.5", 3.5),
        ((*HOOKS, CONTENT, "max_retries"), "2024-01-01", "2024-01-01"),  # a date is not JSON
        (("quick_launch_enabled",), "true", True),
        (("redirect_uris",), "https://a.example/cb", ["https://a.example/cb"]),
        (
            ("redirect_uris",),
            "[https://a.example/cb, https://b.example/cb]",
            ["https://a.example/cb", "https://b.example/cb"],
        ),
        (("enabled_for_profiles",), "[1, 2]", [1, 2]),
        (
            ("grant_types",),
            "[authorization_code, refresh_token]",
            ["authorization_code", "refresh_token"],
        ),
    ],
)
def test_values_are_typed_by_the_schema(path: tuple[str, ...], text: str, value: object) -> None:
    assert field_at(path).coerce(text) == value


def test_fields_take_titles_help_and_choices_from_the_schema() -> None:
    goal = field_at(("capabilities", "engagement", "goal"))
    assert goal.title == "Goal"
    assert goal.choices == ("url", "purchase_total", "num_of_pages", "lead", "service_activity")
    event = field_at((*HOOKS, CONTENT))
    assert event.title == "ContentEvent webhook"  # the property's own, beside its $ref
    assert "type ContentEvent" in event.help
    assert field_at(("client_name",)).schema["maxLength"] == 128


def test_offered_events_are_the_canonical_spellings_in_schema_order() -> None:
    assert offered_events() == (
        "ms.MessagingEventNotification.ContentEvent",
        "ms.MessagingEventNotification.RichContentEvent",
        "ms.MessagingEventNotification.AcceptStatusEvent",
        "ms.MessagingEventNotification.ChatStateEvent",
        "cqm.ExConversationChangeNotification",
    )


def test_text_past_a_loader_limit_is_unreadable_not_text() -> None:
    """Nesting deeper than the loader's 64 levels: refused, never kept as the text typed."""
    profiles = field_at(("enabled_for_profiles",))
    deepest = profiles.coerce("[" * 64 + "]" * 64)  # 64 levels: within the limit, read
    for _ in range(63):
        assert isinstance(deepest, list) and len(deepest) == 1
        deepest = deepest[0]
    assert deepest == []
    with pytest.raises(Unreadable) as raised:
        profiles.coerce("[" * 65 + "]" * 65)
    assert raised.value.reason == (
        "the value is too large to read: the manifest nests deeper than 64 levels (input-too-large)"
    )
    # Other text the loader refuses stays text, and the schema says what is wrong with it.
    assert profiles.coerce("[1, 2") == "[1, 2"


PLACEHOLDER_HELP = "replace it with your application's real value"


@pytest.mark.parametrize(
    ("path", "value", "offered"),
    [
        (("client_name",), "com.example.app", True),
        (("client_name",), "com.liveperson.MyConnectorApp", False),  # the old regex took these
        (("client_name",), "com.liveperson.MyWebApp", False),
        (("description",), "TODO", False),
        (("display_name",), "App name", False),
        ((*HOOKS, CONTENT, "endpoint"), "https://your/webhooks/endpoint", False),
        ((*HOOKS, CONTENT, "endpoint"), "https://hooks.example.com/your/path", True),
        (("entry_uri",), "https://{YOUR_APPLICATION_DOMAIN}/appentry", False),
        (("redirect_uris", 0), "https://app.example.com/cb", True),
        (("redirect_uris",), ["https://a.example.com/cb", "https://<your app>/cb"], False),
        # `NAME` is the tables' sample header name; as a description it is just a word
        ((*HOOKS, CONTENT, "headers"), [{"header_name": "NAME", "header_value": "x"}], False),
        ((*HOOKS, "*", "headers"), [{"header_name": "X-Ok", "header_value": "VALUE1"}], False),
        ((*HOOKS, "*", "headers"), [{"header_name": "X-Ok", "header_value": "1"}], True),
        (("description",), "NAME", True),
        (("description",), None, False),
    ],
)
def test_defaults_are_offered_only_where_the_rule_finds_no_template_text(
    path: tuple[str | int, ...], value: object, offered: bool
) -> None:
    assert usable(value, path) is offered


def test_template_text_is_the_rules_findings_at_their_paths() -> None:
    found = template_text(
        {"client_name": "TBD", "redirect_uris": ["https://ok.example.com", "https://your/cb"]}
    )
    assert [(finding.name, finding.path) for finding in found] == [
        ("placeholder-value", ("client_name",)),
        ("placeholder-value", ("redirect_uris", 1)),
    ]


def test_answer_check_gives_the_checkers_reason() -> None:
    check = AnswerCheck()
    path = (*HOOKS, CONTENT, "endpoint")
    assert check.problem({}, path, "https://hooks.example.com/lp") is None
    assert check.problem({}, path, "http://hooks.example.com/lp") == (
        "endpoint must start with https://; it is 'http://hooks.example.com/lp' "
        "(LivePerson only delivers webhooks over HTTPS)"
    )
    assert check.problem({}, (*HOOKS, "*", "max_retries"), 6) == (
        "max_retries is 6; the maximum is 5 (allowed range: 0 to 5)"
    )
    assert check.problem({}, ("client_name",), "x" * 129) == (
        "client_name is 129 characters long; the maximum is 128 (shorten it by 1 character)"
    )
    assert "does not end in a language tag" in str(check.problem({}, ("client_name#ja_JP",), ""))
    # The lint rules that judge one value: the reason is their finding's message and help.
    assert check.problem({}, ("entry_uri",), "https://{YOUR_APPLICATION_DOMAIN}/appentry") == (
        f"entry_uri still holds the placeholder '{{YOUR_APPLICATION_DOMAIN}}' ({PLACEHOLDER_HELP})"
    )
    # LivePerson's samples, in the rule's own words (it names the page each comes from)
    for path, sample in [
        (("client_name",), "com.liveperson.MyConnectorApp"),
        (("display_name",), "App name"),
        ((*HOOKS, CONTENT, "endpoint"), "https://your/webhooks/endpoint"),
    ]:
        reason = check.problem({}, path, sample)
        assert reason == rule_reason(path, sample)
        assert str(reason).startswith(f"{path[-1]} is still the ")
    headers = (*HOOKS, "*", "headers")
    assert check.problem({}, headers, [{"header_name": "NAME", "header_value": "x"}]) == (
        f"header_name is still the placeholder 'NAME' ({PLACEHOLDER_HELP})"
    )
    assert str(check.problem({}, headers, [{"header_name": "X a", "header_value": "x"}])) == (
        "header name 'X a' is not a valid HTTP header name (a header name is letters, digits "
        "and !#$%&'*+-.^_`|~ only: no spaces, colons or line breaks)"
    )
    # Problems elsewhere in the unfinished manifest do not count against this answer.
    unfinished = {"capabilities": {"engagement": {}}}
    assert check.problem(unfinished, ("client_name",), "com.example.app") is None
    # Template text elsewhere (a question not answered yet) does not either...
    assert check.problem({"description": "TODO"}, ("client_name",), "com.example.app") is None
    # ...nor do the rules that relate several answers: they wait for the review.
    assert check.problem({}, ("grant_types",), ["authorization_code"]) is None


def test_set_and_delete_make_and_prune_objects() -> None:
    data: dict[str, object] = {}
    set_value(data, (*HOOKS, CONTENT, "endpoint"), "https://a")
    assert data == {"capabilities": {"webhooks": {CONTENT: {"endpoint": "https://a"}}}}
    delete_value(data, (*HOOKS, CONTENT, "endpoint"))
    assert data == {}
