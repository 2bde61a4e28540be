"""Syntax errors say what is written where the parser stopped, and never guess wrong.

LivePerson's pages show examples with an elided `...` line and with type slots such as
`{string}`; people paste JSON with single quotes, bare words and trailing commas. Each gets a
message that names what is there, at its line and column, with a help line; "a trailing
comma" only where there is one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lpmanifest.api import validate_text
from lpmanifest.source.read import load_text

LIVEPERSON = Path(__file__).resolve().parent / "examples" / "liveperson"

# (text, format, line, column, words in the message, words in the help)
CASES = [
    # an elided line, as LivePerson's webhooks page showed its example
    (
        '{\n  "client_name": "com.acme.x",\n  ...\n  "enabled": true\n}',
        "json",
        3,
        3,
        "`...` stands for what the documentation left out",
        "write out the keys",
    ),
    ('{\n  "client_name": "com.acme.x",\n  \u2026\n}', "json", 3, 3, "`...` stands for", "remove"),
    (
        "client_name: com.acme.x\n...\ndisplay_name: Acme\n",
        "yaml",
        2,
        1,
        "`...` stands for what the documentation left out",
        "write out the keys",
    ),
    # documentation type slots
    (
        '{\n  "client_name": {string},\n  "enabled": {boolean}\n}',
        "json",
        2,
        18,
        "{string} is the documentation's slot for a string value",
        "in double quotes",
    ),
    (
        '{"quick_launch_enabled": {Boolean}}',
        "json",
        1,
        26,
        "{Boolean} is the documentation's slot for a boolean value",
        "true or false",
    ),
    (
        '{"capabilities": {"webhooks": {"cqm.ExConversationChangeNotification": '
        '{"endpoint": { url }}}}}',
        "json",
        1,
        85,
        "{ url } is the documentation's slot",
        "https://",
    ),
    # trailing commas, located at the comma
    (
        '{\n  "client_name": "com.acme.x",\n}\n',
        "json",
        2,
        30,
        "a trailing comma",
        "remove this comma",
    ),
    ('{"grant_types": ["client_credentials",\n  ]}', "json", 1, 38, "a trailing comma", "remove"),
    # quotes and bare words
    (
        "{\n  'client_name': \"com.acme.x\"\n}",
        "json",
        2,
        3,
        "this key is in single quotes",
        "double quotes",
    ),
    (
        "{\"client_name\": 'com.acme.x'}",
        "json",
        1,
        17,
        "this text is in single quotes",
        "double quotes",
    ),
    (
        '{\n  client_name: "com.acme.x"\n}',
        "json",
        2,
        3,
        "the key client_name is not in double quotes",
        '"client_name"',
    ),
    (
        '{"scope": msg.consumer}',
        "json",
        1,
        11,
        "the text msg.consumer is not in double quotes",
        '"msg.consumer"',
    ),
    (
        '{"client_name": "x", "enabled": True}',
        "json",
        1,
        33,
        "True is not JSON; JSON writes true",
        "write true",
    ),
    # a missing comma, where it belongs
    (
        '{\n  "client_name": "com.acme.x"\n  "enabled": true\n}',
        "json",
        2,
        30,
        "a `,` is missing at the end of the line",
        "separated by commas",
    ),
    # an object that never closes: named with the line where it opens
    (
        '{\n  "client_name": "com.acme.x",\n  "capabilities": {\n    "webhooks": {}\n',
        "json",
        5,
        1,
        "the text ends before the object that opens at line 3, column 19 is closed",
        "`}`",
    ),
    (
        '{"redirect_uris": ["https://a.acme.com/cb"',
        "json",
        1,
        43,
        "the text ends before the array that opens at line 1, column 19 is closed",
        "`]`",
    ),
]


@pytest.mark.parametrize(("text", "fmt", "line", "column", "message", "help"), CASES)
def test_syntax_error_names_what_is_there(
    text: str, fmt: str, line: int, column: int, message: str, help: str
) -> None:
    [finding] = load_text(text, f"m.{fmt}").findings
    assert finding.code == "LPM001"
    assert (finding.span.line, finding.span.column) == (line, column)
    assert message in finding.message
    assert finding.help is not None and help in finding.help


@pytest.mark.parametrize(
    "text",
    [
        '{"client_name": "x" "b": 1}',  # a missing comma on one line
        '{\n  "client_name": "x"\n  "b": 1\n}',
        '{"a": 1 2}',
        '{"a":}',
    ],
)
def test_no_trailing_comma_is_suggested_where_there_is_none(text: str) -> None:
    [finding] = load_text(text, "m.json").findings
    assert "trailing comma" not in finding.message
    assert "trailing comma" not in (finding.help or "")


def test_a_documentation_slot_in_yaml_is_named_by_the_schema_finding() -> None:
    # `{string}` is a flow mapping in YAML: valid YAML, a wrong type, and the help says why.
    assert load_text("client_name: {string}\n", "m.yaml").findings == []

    [wrong] = validate_text("client_name: {string}\n", "m.yaml")
    assert (wrong.name, wrong.span.line, wrong.span.column) == ("wrong-type", 1, 14)
    assert wrong.message == "client_name is an object; it must be a string"
    assert wrong.help is not None and "{string} is the documentation's slot" in wrong.help


def test_a_document_end_followed_by_a_document_is_still_two_documents() -> None:
    [finding] = load_text("a: 1\n...\n---\nb: 2\n", "m.yaml").findings
    assert finding.name == "yaml-not-json"


def test_a_block_scalar_holding_dots_is_not_an_elision() -> None:
    [finding] = load_text("a: |\n  ...\nb: [\n", "m.yaml").findings
    assert "`...`" not in finding.message


@pytest.mark.parametrize(
    ("name", "line", "column", "message"),
    [
        ("dc-webhooks-configuration-2018-app-name-elided.json", 5, 5, "`...` stands for"),
        ("dc-webhooks-configuration-2018-04-type-placeholders.json", 2, 20, "{string} is"),
        ("dc-connector-template-2018-04-26a-invalid-json.json", 17, 53, "a `,` is missing"),
        ("dc-connector-template-2018-04-26b-invalid-json.json", 23, 25, "a trailing comma"),
    ],
)
def test_livepersons_broken_examples_are_named(
    name: str, line: int, column: int, message: str
) -> None:
    text = (LIVEPERSON / name).read_text(encoding="utf-8")
    [finding] = load_text(text, name).findings
    assert (finding.span.line, finding.span.column) == (line, column)
    assert message in finding.message
