"""Round trips: JSON data -> YAML -> JSON gives the same data, and the same JSON text.

The YAML is read back with lpmanifest's own loader (the one `convert` uses), and values are
compared through `json.dumps`, which tells `true` from `1`, `1.0` from `1` and sees key
order at every level, where `==` on Python data would not.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.output.conversion import convert_document
from lpmanifest.output.serialize import dump_json, dump_yaml
from lpmanifest.schema import load_schema
from lpmanifest.source.read import load_text

# Strings that YAML would read as something else, or that need care to write.
TRICKY = [
    "no", "No", "NO", "yes", "on", "off", "y", "n", "true", "False", "null", "Null", "~", "",
    "1.0", "1", "-1", "+1", "0x1F", "0o17", "017", "1_000", "1e3", "1.0e+3", ".5", "1:30",
    ".nan", ".inf", "-.inf", "2024-01-01", "2024-01-01T10:00:00Z", "<<", "=",
    " leading space", "trailing space ", "a: b", "a:b", "#x", "x #y", "- a", "-", "? a", "?",
    ":", "*a", "&a", "!x", "!!str", "%x", "@x", "`x", "|", ">", "'q'", '"q"', "---", "...",
    "a\nb", "a\n", "\n", "a\n\n", "\n\na", " a\nb", "a \nb", "a\n b", "a\r\nb", "\r", "\t",
    "a\tb", "x\x00y", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufeffx",
    "é", "日本語", "😀", "ma\u00f1ana\nnoche", "client_secret", "{UPPER}", "[a]", "{a: 1}",
]  # fmt: skip

text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=20),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=4).map("".join),
)
scalars = st.one_of(
    text,
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=20,
)
manifests = st.dictionaries(text, values, min_size=1, max_size=6)

ROUND_TRIP = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def exact(data: Any) -> str:
    """A rendering that differs whenever two JSON values differ (types, order included)."""
    return json.dumps(data, ensure_ascii=True)


def yaml_to_data(yaml_text: str) -> Any:
    doc = load_text(yaml_text, "round-trip.yaml")
    assert doc.loaded, (yaml_text, doc.findings)
    expected = [] if isinstance(doc.data, dict) else ["not-an-object"]
    assert [finding.name for finding in doc.findings] == expected
    return doc.data


@ROUND_TRIP
@given(manifests)
def test_any_manifest_shaped_value_survives_yaml(data: dict[str, Any]) -> None:
    written = dump_yaml(data)
    assert exact(yaml_to_data(written)) == exact(data), written


@ROUND_TRIP
@given(manifests)
def test_json_to_yaml_to_json_is_the_identity_on_text(data: dict[str, Any]) -> None:
    original = dump_json(data)
    # The way `convert` does it: load the JSON, render YAML, load that, render JSON.
    as_yaml = convert_document(load_text(original, "in.json"), "yaml", validate=False)
    assert as_yaml.text is not None
    back = convert_document(load_text(as_yaml.text, "in.yaml"), "json", validate=False)
    assert back.text == original


@settings(max_examples=200, deadline=None)
@given(values)
def test_any_json_value_survives_yaml_even_at_the_root(data: Any) -> None:
    assert exact(yaml_to_data(dump_yaml(data))) == exact(data)


def test_strings_that_yaml_reads_otherwise_are_quoted_and_nothing_else_is() -> None:
    data = {
        "a": "no",
        "b": "on",
        "c": "1.0",
        "d": "2024-01-01",
        "e": "null",
        "f": "",
        "g": "~",
        "h": "plain text",
        "i": "https://hooks.acme.example/x?y=1",
        "j": "com.acme.app",
    }
    assert dump_yaml(data) == (
        "a: 'no'\n"
        "b: 'on'\n"
        "c: '1.0'\n"
        "d: '2024-01-01'\n"
        "e: 'null'\n"
        "f: ''\n"
        "g: '~'\n"
        "h: plain text\n"
        "i: https://hooks.acme.example/x?y=1\n"
        "j: com.acme.app\n"
    )


def test_yaml_is_block_style_with_indented_lists_and_key_order_kept() -> None:
    data = {"z": 1, "a": {"x": [1, {"k": True, "j": None}], "b": []}, "m": {}}
    assert dump_yaml(data) == (
        "z: 1\na:\n  x:\n    - 1\n    - k: true\n      j: null\n  b: []\nm: {}\n"
    )
    # `y` is quoted, key or value: YAML 1.1 readers other than PyYAML read it as true.
    assert dump_yaml({"y": "n"}) == "'y': 'n'\n"


def test_multi_line_strings_are_literal_blocks_when_that_is_exact() -> None:
    data = {"two": "first\nsecond", "kept": "line\n", "indented": " x\ny", "tab": "a\n\tb"}
    written = dump_yaml(data)
    assert "two: |-\n  first\n  second\n" in written
    assert "kept: |\n  line\n" in written
    assert "indented: |2-\n   x\n  y\n" in written
    assert 'tab: "a\\n\\tb"\n' in written  # a tab is only exact in a double-quoted string
    assert yaml_to_data(written) == data


def test_unicode_is_written_as_itself() -> None:
    data = {"display_name": "Café 日本 😀", "client_name#ja-JP": "アプリ"}
    assert dump_yaml(data) == "display_name: Café 日本 😀\nclient_name#ja-JP: アプリ\n"
    assert dump_json(data) == (
        '{\n  "display_name": "Café 日本 😀",\n  "client_name#ja-JP": "アプリ"\n}\n'
    )


def test_line_breaks_yaml_would_normalise_are_escaped() -> None:
    for char, escape in (
        ("\x85", "\\N"),
        ("\u2028", "\\L"),
        ("\u2029", "\\P"),
        ("\ufeff", "\\uFEFF"),
    ):
        written = dump_yaml({"k": f"a{char}b"})
        assert written == f'k: "a{escape}b"\n'
        assert yaml_to_data(written) == {"k": f"a{char}b"}


def test_manifest_yaml_points_at_no_schema_url() -> None:
    """The schema's $id is an identifier that nobody serves: a modeline pointing at it would
    only make the YAML language server report that it cannot load it."""
    written = dump_yaml({"client_name": "com.acme.app"})
    assert written == "client_name: com.acme.app\n"
    assert load_schema()["$id"] not in written


def test_json_is_two_space_indented_with_a_final_newline() -> None:
    assert dump_json({"a": [1, 2.5, None, False]}) == (
        '{\n  "a": [\n    1,\n    2.5,\n    null,\n    false\n  ]\n}\n'
    )


def test_terminal_controls_are_written_as_escapes_in_both_formats() -> None:
    """DEL, C1 controls and bidirectional overrides would act on the terminal that shows
    the output (hypothesis found DEL written raw in JSON)."""
    for char in ("\x7f", "\x9b", "\u202e", "\u2066"):
        data = {"display_name": f"a{char}b"}
        written = dump_json(data)
        escape = f"\\u{ord(char):04x}"
        assert written == '{\n  "display_name": "a' + escape + 'b"\n}\n'
        assert json.loads(written) == data
        as_yaml = dump_yaml(data)
        assert char not in as_yaml
        assert yaml_to_data(as_yaml) == data


def test_a_lone_surrogate_from_a_json_escape_is_written_back_escaped() -> None:
    data = json.loads('{"a": "x\\ud800y"}')
    written = dump_json(data)
    assert written == '{\n  "a": "x\\ud800y"\n}\n'
    written.encode("utf-8")  # the point: it can be written as UTF-8
    assert json.loads(written) == data
