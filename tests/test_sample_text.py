"""placeholder-value on the kinds of template text LivePerson's pages carry, at exact places,
with values invented here beside the pages' own; and quiet on real names and hosts."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lpmanifest.rules._placeholders import SAMPLE_VALUES, could_hold, placeholders

from .lint_support import check

HOOK = ("capabilities", "webhooks", "ms.MessagingEventNotification.ContentEvent")


def _json(key: str, value: str) -> str:
    """A manifest with `value` at `key` (a top-level key, or `endpoint`), one key a line."""
    if key == "endpoint":
        return (
            '{\n  "client_name": "com.acme.app",\n  "capabilities": {"webhooks": {\n'
            '    "ms.MessagingEventNotification.ContentEvent": {\n'
            f'      "endpoint": {json.dumps(value)}\n    }}\n  }}}}\n}}\n'
        )
    base = {"client_name": "com.acme.app", "redirect_uris": ["https://app.acme.com/cb"]}
    if key == "redirect_uris":
        base["redirect_uris"] = [value]
    else:
        base[key] = value
    if key != "client_name":
        base = {"client_name": base.pop("client_name"), **base}
    lines = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in base.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _place(text: str, key: str, piece: str) -> tuple[int, int]:
    """The line and column of `piece` inside the value of `key`, found by hand."""
    for number, line in enumerate(text.splitlines(), start=1):
        if f'"{key}"' in line:
            start = line.index(":") + 1
            return number, line.index(piece, start) + 1
    raise AssertionError(key)


CASES = [
    # (key, value, the piece reported, words of the message)
    # LivePerson's own sample values, named with their page
    ("client_name", "YOUR APP NAME", "YOUR APP NAME", "LivePerson Functions' external-invocation"),
    ("description", "A short description", "A short description", "LivePerson Functions'"),
    ("client_name", "My First App", "My First App", "client-credentials template"),
    ("display_name", "My First LE-App", "My First LE-App", '"My First LE-App" example'),
    ("client_name", "Example retry configuration", "Example retry configuration", "Retry Policy"),
    ("client_name", "com.liveperson.applicationName", "com.liveperson.applicationName", "table"),
    ("description", "This is a description", "This is a description", "Connector App Hub"),
    # text of the same kinds, written here
    ("client_name", "YOUR_CONNECTOR_NAME", "YOUR_CONNECTOR_NAME", "still the placeholder"),
    ("display_name", "My first bot", "My first bot", "still the placeholder"),
    (
        "description",
        "This is my first connector for Acme",
        "This is my first connector for Acme",
        "placeholder",
    ),
    ("display_name", "Example orders configuration", "Example orders configuration", "placeholder"),
    ("display_name", "Sample manifest template", "Sample manifest template", "placeholder"),
    ("display_name", "Orders bot example", "Orders bot example", "placeholder"),
    ("description", "A brief description.", "A brief description.", "placeholder"),
    ("description", "Description of your app", "Description of your app", "placeholder"),
    ("display_name", "Your company name", "Your company name", "placeholder"),
    ("display_name", "Application", "Application", "placeholder"),
    ("client_name", "com.yourcompany.orders", "com.yourcompany.orders", "placeholder"),
    (
        "client_name",
        "com.liveperson.SampleConnector",
        "com.liveperson.SampleConnector",
        "placeholder",
    ),
    ("client_name", "[your app name]", "[your app name]", "placeholder"),
    ("description", "TBD", "TBD", "placeholder"),
    # sample hosts of LivePerson's pages, and hosts that are slots
    (
        "endpoint",
        "https://www.application.endpoint.com:8443/lp/content",
        "www.application.endpoint.com",
        "the sample host of LivePerson's webhooks configuration",
    ),
    (
        "redirect_uris",
        "https://www.myredirecturi.com/oauth",
        "www.myredirecturi.com",
        '"My First LE-App" example',
    ),
    ("redirect_uris", "https://le-app.com/cb", "le-app.com", "Sentinel"),
    (
        "entry_uri",
        "https://myservice.mydomain.com/appentry",
        "myservice.mydomain.com",
        "Installing Conversational Cloud Applications",
    ),
    (
        "endpoint",
        "https://hooks.your-company.io/liveperson",
        "hooks.your-company.io",
        "a host name that only a template uses",
    ),
    ("entry_uri", "https://mydomain.net/launch", "mydomain.net", "only a template uses"),
    ("endpoint", "https://api.endpoint.com/x", "api.endpoint.com", "only a template uses"),
    ("endpoint", "https://{tenant}.acme.com/lp", "{tenant}", "placeholder '{tenant}'"),
    (
        "endpoint",
        "https://{demo app server url}/notifications/event",
        "{demo app server url}",
        "placeholder",
    ),
    ("endpoint", "https://hooks.acme.com/lp?key=xxxxxxxx", "xxxxxxxx", "placeholder 'xxxxxxxx'"),
]


@pytest.mark.parametrize(("key", "value", "piece", "words"), CASES)
def test_template_text_is_caught_where_it_stands(
    key: str, value: str, piece: str, words: str
) -> None:
    text = _json(key, value)
    [finding] = check(text, select="placeholder-value")
    line, column = _place(text, key, piece)
    assert (finding.span.line, finding.span.column) == (line, column)
    assert finding.span.end_column == column + len(piece)
    assert words in finding.message
    assert finding.help == "replace it with your application's real value"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("display_name", "Example Corp Connector"),
        ("display_name", "My Health Portal"),
        ("display_name", "Your Bank Assistant"),
        ("display_name", "Connector for Acme Orders"),
        ("display_name", "Sample Tracker"),
        ("description", "Short description of the returns flow: agents see the order first."),
        ("description", "This is the connector Acme's support team uses for WhatsApp."),
        ("description", "Shows the order in <b>bold</b> and the total after a <br/>."),
        ("client_name", "com.liveperson.GoogleAgentAssist"),
        ("client_name", "com.mycompanyname-bank.assistant"),
        ("endpoint", "https://hooks.endpoint-security.com/lp"),
        ("endpoint", "https://yourhealth.com/liveperson/events"),
        ("endpoint", "https://your-health.org/liveperson/events"),
        ("endpoint", "https://domain.acme.com/lp"),
        ("endpoint", "https://hooks.acme.com/lp?key=4f2a9c"),
        ("entry_uri", "https://app.myservice.com/launch"),
        ("redirect_uris", "https://client.acme.com/cb"),
    ],
)
def test_real_names_and_hosts_are_left_alone(key: str, value: str) -> None:
    assert check(_json(key, value), select="placeholder-value") == []


def test_the_logo_of_livepersons_connector_template_is_a_real_asset() -> None:
    # A relative path to LiveEngage's own icon: not template text (the table allows it).
    path = "/src/modules/campaigns/assets/img/software/Mobile-App.png"
    assert check(_json("logo_uri", path), select="placeholder-value") == []


# -- the shortcut of a document whose loader lists its strings (YAML) ----------------------------

_KEYS = [
    None,
    0,
    "endpoint",
    "header_name",
    "header_value",
    "client_name",
    "display_name",
    "description",
    "client_name#fr-FR",
    "scope",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from([*SAMPLE_VALUES, "NAME1", "VALUE", "  Application  ", "TODO", "xxxxx"]),
        st.from_regex(r"https?://[a-z.{}<>\[\]-]{1,30}(/[a-z]{0,8})?", fullmatch=True),
    ),
    st.sampled_from(_KEYS),
)
def test_a_value_with_template_text_under_any_key_could_hold_it(value: str, key: object) -> None:
    # placeholder-value skips a YAML document when no string of it `could_hold` template text.
    if placeholders(value, key):  # type: ignore[arg-type]
        assert could_hold(value)


def test_a_yaml_document_with_a_placeholder_is_not_skipped() -> None:
    text = "client_name: com.acme.app\ndisplay_name: Application\nscope: msg.consumer\n"
    found = check(text, "yaml", select="placeholder-value")
    assert [(f.name, f.path, f.span.line, f.span.column) for f in found] == [
        ("placeholder-value", ("display_name",), 2, 15)
    ]
