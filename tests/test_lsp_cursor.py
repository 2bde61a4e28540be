"""Where a cursor stands in a manifest being typed (lpmanifest.lsp.cursor), for hover and
completion: the container, the role, the key and the word a completion replaces.

Each case is a text with its cursor marked `|` and, when a word is under or before the
cursor, that word marked `⟨...⟩`; the whole Cursor is asserted. Property tests throw any
text at it (it never raises, and its range holds the cursor) and put the cursor on every key
of realistic manifests, whose paths come from the parsed data.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.findings.model import JsonPath
from lpmanifest.lsp.cursor import Cursor, Role, cursor_at
from lpmanifest.source.formats import Format

ROOT = Path(__file__).resolve().parent.parent
CONTENT = "ms.MessagingEventNotification.ContentEvent"
HOOK = ("capabilities", "webhooks", CONTENT)
HEADERS = (*HOOK, "headers")
ENGAGEMENT = ("capabilities", "engagement")

CURSOR_MARK, START_MARK, END_MARK = "|", "⟨", "⟩"


def unmark(marked: str) -> tuple[str, int, int, int]:
    """The text without its marks, the cursor's offset, and the marked word's start and end
    (the cursor's offset for both when no word is marked)."""
    text: list[str] = []
    where: dict[str, int] = {}
    for char in marked:
        if char in (CURSOR_MARK, START_MARK, END_MARK):
            assert char not in where, f"two {char!r} marks in {marked!r}"
            where[char] = len(text)
        else:
            text.append(char)
    assert CURSOR_MARK in where, f"no cursor mark in {marked!r}"
    offset = where[CURSOR_MARK]
    return "".join(text), offset, where.get(START_MARK, offset), where.get(END_MARK, offset)


def expect(
    format: Format, marked: str, path: JsonPath, role: Role, key: str | None, prefix: str
) -> None:
    text, offset, start, end = unmark(marked)
    assert cursor_at(text, format, offset) == Cursor(path, role, key, start, end, prefix)


# -- YAML ---------------------------------------------------------------------------------------

WEBHOOK_YAML = f"capabilities:\n  webhooks:\n    {CONTENT}:\n"
HEADERS_YAML = f"{WEBHOOK_YAML}      headers:\n"

YAML_CASES: list[tuple[str, str, JsonPath, Role, str | None, str]] = [
    ("an empty document", "|", (), "key", "", ""),
    ("a first key being typed", "⟨client_na|⟩", (), "key", "client_na", "client_na"),
    ("inside a key", "⟨disp|lay_name⟩: Acme\n", (), "key", "display_name", "disp"),
    ("at a key's start", "⟨|scope⟩: msg.consumer\n", (), "key", "scope", ""),
    ("at a key's end", "⟨scope|⟩: msg.consumer\n", (), "key", "scope", "scope"),
    ("right after `key: `", "client_name: x\nscope: |", (), "value", "scope", ""),
    ("right after `key:`", "scope:|\n", (), "value", "scope", ""),
    ("a value being typed", "scope: ⟨msg.con|⟩\n", (), "value", "scope", "msg.con"),
    (
        "a value of words, a comment after it",
        "display_name: ⟨Acme Sup|port⟩   # shown to agents\n",
        (),
        "value",
        "display_name",
        "Acme Sup",
    ),
    (
        "in a comment after a value",
        "display_name: Acme  # shown| to agents\n",
        (),
        "none",
        None,
        "",
    ),
    ("in a comment line", "# Acme's |connector\nscope: x\n", (), "none", None, ""),
    (
        "in a comment line, indented",
        "capabilities:\n  # the |hooks\n  webhooks: {}\n",
        ("capabilities",),
        "none",
        None,
        "",
    ),
    (
        "a `#` inside double quotes",
        'header_value: "⟨a # |b⟩"\n',
        (),
        "value",
        "header_value",
        "a # ",
    ),
    (
        "a `#` inside single quotes",
        "header_value: '⟨a # |b⟩'\n",
        (),
        "value",
        "header_value",
        "a # ",
    ),
    (
        "a `#` inside a plain key",
        "⟨client_name#ja|-JP⟩: x\n",
        (),
        "key",
        "client_name#ja-JP",
        "client_name#ja",
    ),
    (
        "single quotes doubled",
        "description: '⟨it''s |fine⟩'\n",
        (),
        "value",
        "description",
        "it's ",
    ),
    ("double-quoted escapes", 'display_name: "⟨a\\"b|⟩"\n', (), "value", "display_name", 'a"b'),
    ("a double-quoted key", '"⟨client_na|me⟩": x\n', (), "key", "client_name", "client_na"),
    ("a single-quoted key", "'⟨sco|pe⟩': x\n", (), "key", "scope", "sco"),
    ("before a quoted key's quote", 'a: 1\n|"scope": x\n', (), "key", "", ""),
    ("between a quoted key and its colon", '"scope"| : x\n', (), "none", None, ""),
    (
        "a nested key being typed",
        "capabilities:\n  webhooks:\n    ⟨ms.Mess|⟩",
        ("capabilities", "webhooks"),
        "key",
        "ms.Mess",
        "ms.Mess",
    ),
    (
        "a value three levels down",
        f"{WEBHOOK_YAML}      endpoint: ⟨https://hooks|.acme.example/lp⟩\n",
        HOOK,
        "value",
        "endpoint",
        "https://hooks",
    ),
    (
        "an empty line at the webhook's keys",
        f"{WEBHOOK_YAML}      endpoint: https://hooks.acme.example\n      |\n",
        HOOK,
        "key",
        "",
        "",
    ),
    (
        "an empty line at the capabilities' keys",
        f"{WEBHOOK_YAML}      endpoint: https://hooks.acme.example\n  |\n",
        ("capabilities",),
        "key",
        "",
        "",
    ),
    (
        "an empty line at the root, between entries",
        f"{WEBHOOK_YAML}      endpoint: https://x\n|\nscope: x\n",
        (),
        "key",
        "",
        "",
    ),
    (
        "an empty line under a key without a value",
        "capabilities:\n  webhooks:\n      |\n",
        ("capabilities", "webhooks"),
        "key",
        "",
        "",
    ),
    (
        "an empty line level with a key without a value",
        "capabilities:\n  webhooks:\n  |\n",
        ("capabilities",),
        "key",
        "",
        "",
    ),
    (
        "a sequence item being typed",
        "grant_types:\n  - authorization_code\n  - ⟨refr|⟩\n",
        ("grant_types",),
        "value",
        None,
        "refr",
    ),
    ("right after a dash", "grant_types:\n  - |", ("grant_types",), "value", None, ""),
    ("on a dash", "grant_types:\n  |- authorization_code\n", ("grant_types",), "none", None, ""),
    (
        "an empty line level with the dashes",
        "grant_types:\n  - authorization_code\n  |\nscope: x\n",
        ("grant_types",),
        "value",
        None,
        "",
    ),
    (
        "an empty line level with a key and its dashes",
        "grant_types:\n- authorization_code\n|\n",
        (),
        "key",
        "",
        "",
    ),
    (
        "a key of the first header object",
        f"{HEADERS_YAML}        - ⟨header_na|me⟩: X-Acme\n",
        (*HEADERS, 0),
        "key",
        "header_name",
        "header_na",
    ),
    (
        "a value of the first header object",
        f"{HEADERS_YAML}        - header_name: ⟨X-Ac|⟩\n",
        (*HEADERS, 0),
        "value",
        "header_name",
        "X-Ac",
    ),
    (
        "the second key of the second header object",
        f"{HEADERS_YAML}        - header_name: A\n          header_value: B\n"
        "        - header_name: C\n          ⟨header_val|⟩\n",
        (*HEADERS, 1),
        "key",
        "header_val",
        "header_val",
    ),
    (
        "an empty line in a header object",
        f"{HEADERS_YAML}        - header_name: A\n          |\n",
        (*HEADERS, 0),
        "key",
        "",
        "",
    ),
    (
        "header objects level with their key",
        "headers:\n- header_name: A\n- ⟨header_value|⟩: B\n",
        ("headers", 1),
        "key",
        "header_value",
        "header_value",
    ),
    (
        "a half-typed line, entries after it",
        "capabilities:\n  ⟨webh|⟩\n  engagement:\n    design_window: true\n",
        ("capabilities",),
        "key",
        "webh",
        "webh",
    ),
    (
        "a key missing its colon, its entries below",
        "capabilities:\n  webhooks\n    ms.X:\n      ⟨endp|⟩\n",
        ("capabilities", "webhooks", "ms.X"),
        "key",
        "endp",
        "endp",
    ),
    (
        "an unclosed flow sequence above",
        "grant_types: [client_credentials\ndisplay_name: ⟨Ac|⟩\n",
        (),
        "value",
        "display_name",
        "Ac",
    ),
    (
        "an unterminated quoted value",
        'scope: "⟨msg.con|⟩\ngrant_types: [x]\n',
        (),
        "value",
        "scope",
        "msg.con",
    ),
    (
        "a flow sequence item",
        "capabilities:\n  engagement:\n    entry_point: [section, ⟨u|⟩]\n",
        (*ENGAGEMENT, "entry_point"),
        "value",
        None,
        "u",
    ),
    (
        "an empty flow sequence",
        "capabilities:\n  engagement:\n    goal: [|]\n",
        (*ENGAGEMENT, "goal"),
        "value",
        None,
        "",
    ),
    (
        "a flow mapping's key",
        "headers: [{header_name: X, ⟨header_v|⟩}]\n",
        ("headers", 0),
        "key",
        "header_v",
        "header_v",
    ),
    (
        "a flow mapping's value",
        "headers: [{header_name: X}, {header_name: ⟨Y|⟩}]\n",
        ("headers", 1),
        "value",
        "header_name",
        "Y",
    ),
    (
        "after a flow sequence",
        "grant_types: [client_credentials] |  # one\n",
        (),
        "none",
        None,
        "",
    ),
    (
        "a flow sequence over two lines",
        "capabilities:\n  engagement:\n    goal: [purchase_total,\n      ⟨serv|⟩]\n",
        (*ENGAGEMENT, "goal"),
        "value",
        None,
        "serv",
    ),
    (
        "a line of a folded scalar",
        "description: >-\n  Relays Acme's chat\n  ⟨to ag|ents⟩\n",
        (),
        "value",
        "description",
        "to ag",
    ),
    (
        "a plain scalar's second line",
        "description: Relays Acme's chat\n  ⟨to ag|ents⟩\ngrant_types: []\n",
        (),
        "value",
        "description",
        "to ag",
    ),
    (
        "a key after a folded scalar",
        "description: >-\n  Relays Acme's chat\n⟨gra|⟩\n",
        (),
        "key",
        "gra",
        "gra",
    ),
    (
        "a quoted scalar over two lines",
        "description: '⟨Relays: the chat\n  to ag|ents⟩'\nscope: x\n",
        (),
        "value",
        "description",
        "Relays: the chat\n  to ag",
    ),
    (
        "an engagement setting's value",
        "capabilities:\n  engagement:\n    design_engagement: ⟨tr|⟩\n",
        ENGAGEMENT,
        "value",
        "design_engagement",
        "tr",
    ),
    (
        "CRLF line breaks",
        "capabilities:\r\n  webhooks:\r\n    ⟨ms.|⟩\r\n",
        ("capabilities", "webhooks"),
        "key",
        "ms.",
        "ms.",
    ),
    ("in the indentation of an entry", "capabilities:\n |  webhooks: {}\n", (), "none", None, ""),
    ("a second document", "scope: x\n---\n⟨sco|⟩\n", (), "key", "sco", "sco"),
    ("an anchor before the value", "scope: &s ⟨msg|⟩\n", (), "value", "scope", "msg"),
    (
        "a JSON text read as YAML",
        '{"capabilities": {"webhooks": {"⟨ms|⟩": 1}}}\n',
        ("capabilities", "webhooks"),
        "key",
        "ms",
        "ms",
    ),
]


@pytest.mark.parametrize(
    ("marked", "path", "role", "key", "prefix"),
    [case[1:] for case in YAML_CASES],
    ids=[case[0] for case in YAML_CASES],
)
def test_yaml(marked: str, path: JsonPath, role: Role, key: str | None, prefix: str) -> None:
    expect("yaml", marked, path, role, key, prefix)


# -- JSON ---------------------------------------------------------------------------------------

JSON_CASES: list[tuple[str, str, JsonPath, Role, str | None, str]] = [
    ("an empty text", "|", (), "value", None, ""),
    ("after the opening brace", "{|", (), "key", "", ""),
    ("a key being typed", '{"⟨client_na|⟩', (), "key", "client_na", "client_na"),
    ("inside a key", '{"⟨client_na|me⟩": "x"}', (), "key", "client_name", "client_na"),
    ("at a key's start", '{"⟨|scope⟩": "x"}', (), "key", "scope", ""),
    ("at a key's end", '{"⟨scope|⟩": "x"}', (), "key", "scope", "scope"),
    (
        "a nested key, braces unclosed",
        '{"capabilities": {"webhooks": {"⟨ms.Mess|⟩"',
        ("capabilities", "webhooks"),
        "key",
        "ms.Mess",
        "ms.Mess",
    ),
    ("after `[`", '{"grant_types": [|', ("grant_types",), "value", None, ""),
    (
        "an array item being typed",
        '{"grant_types": ["⟨auth|⟩',
        ("grant_types",),
        "value",
        None,
        "auth",
    ),
    ("after an item's comma", '{"grant_types": ["a", |]}', ("grant_types",), "value", None, ""),
    (
        "after a key's colon",
        '{"quick_launch_enabled": |',
        (),
        "value",
        "quick_launch_enabled",
        "",
    ),
    (
        "a literal being typed",
        '{"quick_launch_enabled": ⟨tr|⟩',
        (),
        "value",
        "quick_launch_enabled",
        "tr",
    ),
    (
        "at a literal's start",
        '{"quick_launch_enabled": ⟨|true⟩}',
        (),
        "value",
        "quick_launch_enabled",
        "",
    ),
    ("a number", '{"max_retries": ⟨3|⟩}', (), "value", "max_retries", "3"),
    ("a string value", '{"scope": "⟨msg.con|sumer⟩"}', (), "value", "scope", "msg.con"),
    ("between members", '{"a": 1, |"b": 2}', (), "key", "", ""),
    ("on a new line after a comma", '{"a": 1,\n  |\n}', (), "key", "", ""),
    ("on a new line, the comma missing", '{"a": 1\n  |\n}', (), "key", "", ""),
    ("after a value on its line", '{"a": 1 |}', (), "none", None, ""),
    ("between a key and its colon", '{"a" |: 1}', (), "none", None, ""),
    ("a trailing comma", '{"a": 1,|}', (), "key", "", ""),
    (
        "an unterminated value, braces unclosed",
        '{"capabilities": {"webhooks": {"x": {"endpoint": "⟨https://|⟩',
        ("capabilities", "webhooks", "x"),
        "value",
        "endpoint",
        "https://",
    ),
    (
        "a key of the second header object",
        '{"headers": [{"header_name": "A"}, {"⟨header_v|⟩',
        ("headers", 1),
        "key",
        "header_v",
        "header_v",
    ),
    ("an escaped quote in a key", '{"⟨a\\"b|⟩": 1}', (), "key", 'a"b', 'a"b'),
    ("an escaped backslash ending a key", '{"⟨a\\\\|⟩": 1}', (), "key", "a\\", "a\\"),
    ("a unicode escape", '{"⟨\\u00e9t|é⟩": 1}', (), "key", "été", "ét"),
    ("an unfinished escape", '{"⟨ab\\|⟩', (), "key", "ab\\", "ab\\"),
    ("after a closed object", '{"a": {"b": 1}, "⟨c|⟩": 2}', (), "key", "c", "c"),
    ("an array in an array", '{"a": [[1], [2, |]]}', ("a", 1), "value", None, ""),
    ("a `#` and brackets in a string", '{"a": "{[#", "⟨b|⟩": 1}', (), "key", "b", "b"),
    ("a stray closing bracket", '{"a": [1]], "⟨b|⟩": 2}', (), "key", "b", "b"),
    ("after the root", '{"a": 1} |', (), "none", None, ""),
    (
        "an unterminated key, lines after it",
        '{"⟨cap|⟩\n  "b": 1}',
        (),
        "key",
        "cap",
        "cap",
    ),
    ("a new line in an array, its comma missing", '["a"\n |', (), "value", None, ""),
    (
        "minified",
        '{"capabilities":{"engagement":{"⟨design_|⟩":true}}}',
        ENGAGEMENT,
        "key",
        "design_",
        "design_",
    ),
    ("before a key's quote on a new line", '{\n  |"a": 1}', (), "key", "", ""),
    (
        "CRLF line breaks",
        '{\r\n  "capabilities": {\r\n    "⟨web|⟩"\r\n',
        ("capabilities",),
        "key",
        "web",
        "web",
    ),
    (
        "a header object's value",
        '{"headers": [{"header_name": "⟨X-|⟩"}]}',
        ("headers", 0),
        "value",
        "header_name",
        "X-",
    ),
]


@pytest.mark.parametrize(
    ("marked", "path", "role", "key", "prefix"),
    [case[1:] for case in JSON_CASES],
    ids=[case[0] for case in JSON_CASES],
)
def test_json(marked: str, path: JsonPath, role: Role, key: str | None, prefix: str) -> None:
    expect("json", marked, path, role, key, prefix)


def test_the_marks_are_read() -> None:
    assert unmark("a⟨b|c⟩d") == ("abcd", 2, 1, 3)
    assert unmark("ab|") == ("ab", 2, 2, 2)


def test_an_offset_outside_the_text_counts_as_its_nearest_end() -> None:
    assert cursor_at("scope: x", "yaml", 99) == Cursor((), "value", "scope", 7, 8, "x")
    assert cursor_at("scope: x", "yaml", -5) == Cursor((), "key", "scope", 0, 5, "")


def test_pygls_is_not_imported() -> None:
    code = "import sys, lpmanifest.lsp.cursor; assert 'pygls' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- Any text -----------------------------------------------------------------------------------

STRUCTURE = st.text(alphabet=" \t\r\n-:#\"'{}[],|>&!?\\abc1é", max_size=80)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), STRUCTURE), st.sampled_from(["json", "yaml"]), st.data())
def test_any_text_any_offset(text: str, format: Format, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)), label="offset")
    cursor = cursor_at(text, format, offset)
    assert 0 <= cursor.start <= offset <= cursor.end <= len(text)
    assert cursor.role in ("key", "value", "none")
    if cursor.role == "key":
        assert isinstance(cursor.key, str)
    if cursor.role == "none" or cursor.start == cursor.end:
        assert cursor.prefix == ""


# -- Every key of realistic manifests -----------------------------------------------------------

EVENTS = [
    CONTENT,
    "ms.MessagingEventNotification.RichContentEvent",
    "ms.MessagingEventNotification.AcceptStatusEvent",
    "cqm.ExConversationChangeNotification",
]
# Text that makes the dumpers quote, escape and wrap: colons, hashes, quotes, brackets.
WORDING = st.text(alphabet="abcxyz ABC0129-_.,:#'\"!&*?|>[]{}%@é", min_size=1, max_size=60)


@st.composite
def manifests(draw: st.DrawFn) -> dict[str, Any]:
    """A connector with webhooks and headers, grant types, engagement settings."""
    header = st.fixed_dictionaries(
        {
            "header_name": st.sampled_from(["X-Acme-Source", "Authorization"]),
            "header_value": WORDING,
        }
    )
    webhook = st.fixed_dictionaries(
        {"endpoint": st.just("https://hooks.acme.example/liveperson/content?a=1#frag")},
        optional={"max_retries": st.integers(0, 5), "headers": st.lists(header, max_size=3)},
    )
    webhooks = draw(st.dictionaries(st.sampled_from(EVENTS), webhook, max_size=3))
    if draw(st.booleans()):
        webhooks["retry"] = {"retention_time": draw(st.integers(0, 7200))}
    engagement = draw(
        st.fixed_dictionaries(
            {"design_engagement": st.booleans()},
            optional={
                "entry_point": st.lists(st.sampled_from(["section", "url"]), max_size=2),
                "visitor_behavior": st.lists(st.sampled_from(["cart_value", "cart_items"])),
                "language_selection": st.booleans(),
            },
        )
    )
    manifest: dict[str, Any] = {
        "client_name": "com.acme.support-connector",
        "client_name#ja-JP": draw(WORDING),
        "display_name": draw(WORDING),
        "description": draw(st.lists(WORDING, min_size=1, max_size=6).map(" ".join)),
        "grant_types": draw(
            st.lists(st.sampled_from(["client_credentials", "authorization_code"]), unique=True)
        ),
        "quick_launch_enabled": draw(st.booleans()),
        "capabilities": {"webhooks": webhooks, "engagement": engagement},
    }
    return manifest


class IndentedDumper(yaml.SafeDumper):
    """Sequences indented under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_yaml(data: Any, style: int) -> str:
    if style == 0:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=40)
    if style == 1:  # leaf collections in flow style, wrapped
        return yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=30)
    return yaml.dump(data, Dumper=IndentedDumper, sort_keys=False, indent=4, width=1000)


def dump_json(data: Any, style: int) -> str:
    if style == 0:
        return json.dumps(data, indent=2, ensure_ascii=False)
    if style == 1:
        return json.dumps(data, separators=(",", ":"))
    return json.dumps(data, indent="\t").replace("\n", "\r\n")


def yaml_keys(text: str) -> Iterator[tuple[JsonPath, int, int, str]]:
    """Each key of a YAML text: its path, where its text starts and ends, its value."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    stack: list[tuple[yaml.Node, JsonPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                quoted = 1 if key.style in ('"', "'") else 0
                start, end = key.start_mark.index + quoted, key.end_mark.index - quoted
                yield path, start, end, key.value
                stack.append((value, (*path, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))


def json_keys(text: str) -> Iterator[tuple[JsonPath, int, int, str]]:
    """Each key of a JSON text, found in document order: `"key"` before its colon."""
    position = 0

    def walk(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, int, int, str]]:
        nonlocal position
        if isinstance(value, dict):
            for key, item in value.items():
                found = re.compile(re.escape(json.dumps(key)) + r"\s*:").search(text, position)
                assert found is not None, key
                position = found.end()
                yield path, found.start() + 1, found.start() + len(json.dumps(key)) - 1, key
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*path, index))

    yield from walk(json.loads(text), ())


def value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data


def assert_every_key(text: str, format: Format) -> int:
    """The cursor at the start, inside and at the end of every key: its exact path."""
    data = json.loads(text) if format == "json" else yaml.safe_load(text)
    keys = list(json_keys(text) if format == "json" else yaml_keys(text))
    for path, start, end, key in keys:
        assert key in value_at(data, path), (path, key)
        assert text[start:end] == key
        for offset in {start, (start + end) // 2, end}:
            expected = Cursor(path, "key", key, start, end, key[: offset - start])
            assert cursor_at(text, format, offset) == expected, (text[:offset], offset)
    return len(keys)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests(), st.sampled_from(["json", "yaml"]), st.integers(0, 2))
def test_every_key_of_a_generated_manifest(
    manifest: dict[str, Any], format: Format, style: int
) -> None:
    text = dump_json(manifest, style) if format == "json" else dump_yaml(manifest, style)
    assert assert_every_key(text, format) >= 8


def parses(path: Path) -> bool:
    try:
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        else:
            yaml.safe_load(path.read_text(encoding="utf-8"))
    except ValueError:  # json's and PyYAML's errors both
        return False
    return True


EXAMPLES = sorted(
    path
    for folder in ("examples", "templates", "tests/examples/good", "tests/examples/liveperson")
    for path in (ROOT / folder).iterdir()
    if path.suffix in (".json", ".yaml", ".yml") and parses(path)
) + sorted((ROOT / "tests" / "examples" / "docs").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_every_key_of_an_example(path: Path) -> None:
    format: Format = "json" if path.suffix == ".json" else "yaml"
    assert assert_every_key(path.read_text(encoding="utf-8"), format) >= 1


WEBHOOKS = ("capabilities", "webhooks")
RICH = "ms.MessagingEventNotification.RichContentEvent"
# LivePerson's documented manifests that do not parse, and a key after each mistake.
BROKEN = [
    ("dc-connector-template-2018-04-26a-invalid-json.json", "max_retries", (*WEBHOOKS, RICH)),
    ("dc-connector-template-2018-04-26a-invalid-json.json", "headers", (*WEBHOOKS, RICH)),
    (
        "dc-connector-template-2018-04-26b-invalid-json.json",
        "ms.MessagingEventNotification.ChatStateEvent",
        WEBHOOKS,
    ),
    ("dc-webhooks-configuration-2018-04-type-placeholders.json", "capabilities", ()),
    (
        "dc-webhooks-configuration-2018-04-type-placeholders.json",
        "max_retries",
        (*WEBHOOKS, CONTENT),
    ),
    ("dc-webhooks-configuration-2018-app-name-elided.json", "webhooks", ("capabilities",)),
    ("dc-webhooks-configuration-2018-app-name-elided.json", "endpoint", (*WEBHOOKS, CONTENT)),
]


@pytest.mark.parametrize(("name", "key", "path"), BROKEN)
def test_a_key_after_a_mistake_in_a_liveperson_manifest(
    name: str, key: str, path: JsonPath
) -> None:
    """A missing comma, a trailing comma, `{string}` placeholders, `...`: the key's first
    occurrence after its container's key still has its path."""
    text = (ROOT / "tests" / "examples" / "liveperson" / name).read_text(encoding="utf-8")
    assert not parses(ROOT / "tests" / "examples" / "liveperson" / name)
    start = text.index(f'"{key}"', text.index(f'"{path[-1]}"') if path else 0) + 1
    for offset in (start, start + 3, start + len(key)):
        expected = Cursor(path, "key", key, start, start + len(key), key[: offset - start])
        assert cursor_at(text, "json", offset) == expected


# -- A large document ---------------------------------------------------------------------------


def test_a_hundred_thousand_lines() -> None:
    """One pass to the cursor: a document of 100,000 lines is read within the test's run."""
    headers = [{"header_name": f"X-{index}", "header_value": "v"} for index in range(50_000)]
    manifest = {"capabilities": {"webhooks": {CONTENT: {"headers": headers}}}}
    items = "".join(
        f"      - header_name: X-{index}\n        header_value: v\n" for index in range(50_000)
    )
    text = f"{HEADERS_YAML}{items}        |"
    assert text.count("\n") > 100_000
    expect("yaml", text, (*HEADERS, 49_999), "key", "", "")
    text = json.dumps(manifest, indent=1).rstrip("]}\n ") + '}, {"⟨header_|⟩'
    assert text.count("\n") > 100_000
    expect("json", text, (*HEADERS, 50_000), "key", "header_", "header_")
