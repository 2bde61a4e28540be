"""The loader: data plus positions, and every way a file can fail to be a manifest."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import Span
from lpmanifest.source.limits import MAX_BYTES, MAX_DEPTH
from lpmanifest.source.read import load_bytes, load_file, load_text

from .conftest import position_of


def only(doc_findings: list, code: str):  # type: ignore[no-untyped-def]
    assert [f.code for f in doc_findings] == [code], doc_findings
    return doc_findings[0]


# -- JSON positions ---------------------------------------------------------------------

JSON_TEXT = """{
  "client_name": "x",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://a", "max_retries": 6}
    }
  },
  "grant_types": ["client_credentials", "refresh_token"]
}
"""


def test_json_positions_point_at_keys_and_values() -> None:
    doc = load_text(JSON_TEXT, "m.json")
    assert doc.loaded and doc.findings == []
    path = ("capabilities", "webhooks", "ms.MessagingEventNotification.ContentEvent")
    retries = doc.locate((*path, "max_retries"))
    assert retries is not None
    line, column = position_of(JSON_TEXT, "6")
    assert retries.value == Span(line, column, line, column + 1)
    line, column = position_of(JSON_TEXT, '"max_retries"')
    assert retries.key == Span(line, column, line, column + len('"max_retries"'))
    item = doc.locate(("grant_types", 1))
    assert item is not None and item.key is None
    assert (item.value.line, item.value.column) == position_of(JSON_TEXT, '"refresh_token"')
    assert doc.text[slice(*item.value_range)] == '"refresh_token"'


def test_json_positions_are_lazy() -> None:
    doc = load_text(JSON_TEXT, "m.json")
    assert doc._locations is None  # nothing asked for a position yet
    doc.locate(("client_name",))
    assert doc._locations is not None


def test_json_missing_path_falls_back_to_nearest_ancestor() -> None:
    doc = load_text(JSON_TEXT, "m.json")
    assert doc.key_span(("capabilities", "nope", "deeper")) == doc.key_span(("capabilities",))


def test_json_bom_and_crlf_keep_user_columns() -> None:
    text = '\ufeff{\r\n  "client_name": "é",\r\n  "scope": 5\r\n}\r\n'
    doc = load_text(text, "m.json")
    assert doc.has_bom and doc.loaded
    scope = doc.locate(("scope",))
    assert scope is not None
    assert (scope.value.line, scope.value.column) == (3, 12)


def test_json_escaped_keys_are_decoded() -> None:
    doc = load_text('{"a\\u0062": {"c": 1}}', "m.json")
    assert doc.data == {"ab": {"c": 1}}
    assert doc.locate(("ab", "c")) is not None


# -- YAML positions ---------------------------------------------------------------------

YAML_TEXT = """# comment
client_name: é-app
capabilities:
  webhooks:
    ms.MessagingEventNotification.ContentEvent:
      endpoint: https://a   # trailing comment
      max_retries: 6
grant_types:
  - client_credentials
  - refresh_token
"""


def test_yaml_positions_point_at_keys_and_values() -> None:
    doc = load_text(YAML_TEXT, "m.yaml")
    assert doc.loaded and doc.findings == []
    path = ("capabilities", "webhooks", "ms.MessagingEventNotification.ContentEvent")
    retries = doc.locate((*path, "max_retries"))
    assert retries is not None
    assert (retries.value.line, retries.value.column) == (7, 20)
    assert (retries.key.line, retries.key.column) == (7, 7)  # type: ignore[union-attr]
    item = doc.locate(("grant_types", 1))
    assert item is not None
    assert (item.value.line, item.value.column) == position_of(YAML_TEXT, "refresh_token")


def test_yaml_columns_count_code_points() -> None:
    doc = load_text("client_name: 日本語\nscope: x\nname2: 日本: x\n", "m.yaml")
    assert doc.findings[0].code == load_rules.SYNTAX_ERROR.code
    doc = load_text("display_name: 日本語\nscope: 5\n", "m.yaml")
    scope = doc.locate(("scope",))
    assert scope is not None and (scope.value.line, scope.value.column) == (2, 8)


def test_yaml_bom_and_crlf() -> None:
    doc = load_text("\ufeffclient_name: x\r\nscope: 5\r\n", "m.yaml")
    assert doc.has_bom and doc.data == {"client_name": "x", "scope": 5}
    scope = doc.locate(("scope",))
    assert scope is not None and (scope.value.line, scope.value.column) == (2, 8)


def test_yaml_anchors_aliases_and_merge_keys_expand() -> None:
    text = "base: &b {endpoint: https://a}\nother: *b\nmerged:\n  <<: *b\n  max_retries: 2\n"
    doc = load_text(text, "m.yaml")
    assert doc.data["other"] == {"endpoint": "https://a"}
    assert doc.data["merged"] == {"endpoint": "https://a", "max_retries": 2}


def test_yaml_implicit_booleans_are_recorded() -> None:
    doc = load_text("quick_launch_enabled: no\nenabled: true\nb: On\n", "m.yaml")
    assert doc.data == {"quick_launch_enabled": False, "enabled": True, "b": True}
    assert doc.implicit_booleans == [("quick_launch_enabled",), ("b",)]


# -- failures are findings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # At the comma that should not be there, and where the missing one belongs.
        ('{\n  "a": 1,\n}\n', 2, 9),
        ('{\n  "a": 1\n  "b": 2\n}', 2, 9),
        ("{\"a\": 'x'}", 1, 7),
        ('{"a": 1} extra', 1, 10),
        ('{\n  "a": "unterminated\n}', 2, 21),
    ],
)
def test_json_syntax_errors_are_located(text: str, line: int, column: int) -> None:
    doc = load_text(text, "m.json")
    finding = only(doc.findings, load_rules.SYNTAX_ERROR.code)
    assert (finding.span.line, finding.span.column) == (line, column)
    assert not doc.loaded
    if "unterminated" in text:
        assert "not closed" in finding.message


def test_json_nan_is_a_located_syntax_error() -> None:
    doc = load_text('{\n  "max_retries": NaN\n}', "m.json")
    finding = only(doc.findings, load_rules.SYNTAX_ERROR.code)
    assert (finding.span.line, finding.span.column) == (2, 18)
    assert "NaN" in finding.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("a: [1, 2\nb: 3\n", 2, 2), ("a: b: c\n", 1, 5), ("a:\n\tb: 1\n", 2, 1)],
)
def test_yaml_syntax_errors_are_located(text: str, line: int, column: int) -> None:
    doc = load_text(text, "m.yaml")
    finding = only(doc.findings, load_rules.SYNTAX_ERROR.code)
    assert (finding.span.line, finding.span.column) == (line, column)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_duplicate_keys_are_found_not_dropped(fmt: str) -> None:
    if fmt == "json":
        text = '{\n  "client_name": "a",\n  "scope": "x",\n  "client_name": "b"\n}\n'
    else:
        text = "client_name: a\nscope: x\nclient_name: b\n"
    doc = load_text(text, f"m.{fmt}")
    finding = only(doc.findings, load_rules.DUPLICATE_KEY.code)
    assert (finding.span.line, finding.span.column) == position_of(
        text, '"client_name"' if fmt == "json" else "client_name", occurrence=2
    )
    assert finding.path == ("client_name",)
    assert "line 2" in (finding.help or "") or "line 1" in (finding.help or "")


def test_invalid_utf8_is_located() -> None:
    data = b'{\n  "client_name": "caf\xe9"\n}\n'
    doc = load_bytes(data, "m.json")
    finding = only(doc.findings, load_rules.INVALID_ENCODING.code)
    assert (finding.span.line, finding.span.column) == (2, 22)
    assert "0xe9" in finding.message


def test_utf16_is_named() -> None:
    doc = load_bytes('{"a": 1}'.encode("utf-16"), "m.json")
    assert "UTF-16" in only(doc.findings, load_rules.INVALID_ENCODING.code).message


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_empty_files(text: str, fmt: str) -> None:
    doc = load_text(text, f"m.{fmt}")
    only(doc.findings, load_rules.EMPTY_FILE.code)


def test_yaml_with_only_comments_is_empty() -> None:
    only(load_text("# nothing here\n", "m.yaml").findings, load_rules.EMPTY_FILE.code)


@pytest.mark.parametrize(
    ("text", "name"), [("[1, 2]", "m.json"), ('"x"', "m.json"), ("- a\n- b\n", "m.yaml")]
)
def test_root_must_be_an_object(text: str, name: str) -> None:
    finding = only(load_text(text, name).findings, load_rules.NOT_AN_OBJECT.code)
    assert (finding.span.line, finding.span.column) == (1, 1)


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    only(load_text(deep, "m.json").findings, load_rules.INPUT_TOO_LARGE.code)
    very_deep = "[" * 100_000 + "]" * 100_000
    only(load_text(very_deep, "m.json").findings, load_rules.INPUT_TOO_LARGE.code)
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_text(ok, "m.json").loaded


def test_yaml_nesting_limit() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    only(load_text(deep, "m.yaml").findings, load_rules.INPUT_TOO_LARGE.code)


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    doc = load_text("\n".join(lines) + "\n", "m.yaml")
    finding = only(doc.findings, load_rules.INPUT_TOO_LARGE.code)
    assert "alias" in (finding.help or "") + finding.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("client_name: x\ncreated: 2024-01-01\n", 2, 10),
        ("client_name: x\nlogo: !!binary aGVsbG8=\n", 2, 7),
        ("client_name: x\n1: one\n", 2, 1),
        ("client_name: x\nmax_retries: .nan\n", 2, 14),
        ("client_name: x\n---\nclient_name: y\n", 2, 1),
    ],
)
def test_yaml_that_json_cannot_hold(text: str, line: int, column: int) -> None:
    finding = only(load_text(text, "m.yaml").findings, load_rules.YAML_NOT_JSON.code)
    assert (finding.span.line, finding.span.column) == (line, column)


def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: the loader must not read it
    finding = only(load_file(str(big)).findings, load_rules.INPUT_TOO_LARGE.code)
    assert "10,485,760" in finding.message


def test_directories_and_sockets_are_not_read(tmp_path: Path) -> None:
    finding = only(load_file(str(tmp_path), "d").findings, load_rules.UNREADABLE_FILE.code)
    assert finding.message == "d is a directory, not a manifest file"
    socket = tmp_path / "s.json"
    os.mknod(socket, stat.S_IFSOCK | 0o600)
    finding = only(load_file(str(socket), "s.json").findings, load_rules.UNREADABLE_FILE.code)
    assert finding.message == "s.json is a socket, not a manifest file"


def test_a_fifo_is_read_to_its_end_in_the_format_its_name_or_content_says(
    tmp_path: Path,
) -> None:
    """The writer opens the FIFO after the loader has started waiting, and writes in pieces."""
    for name, text, fmt in [("pipe.json", '{"a": 1}', "json"), ("pipe", "a: 1\n", "yaml")]:
        fifo = tmp_path / name
        os.mkfifo(fifo)

        def feed(path: Path = fifo, data: str = text) -> None:
            with path.open("w") as handle:
                for character in data:
                    handle.write(character)
                    handle.flush()

        writer = threading.Thread(target=feed)
        writer.start()
        doc = load_file(str(fifo))
        writer.join(timeout=30)
        assert (doc.findings, doc.data, doc.format) == ([], {"a": 1}, fmt)
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_stream_is_cut_at_the_size_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.json"
    os.mkfifo(fifo)
    stop = threading.Event()

    def flood() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as handle:
            while not stop.is_set():
                handle.write(b" " * 65536)

    writer = threading.Thread(target=flood)
    writer.start()
    try:
        finding = only(
            load_file(str(fifo), "endless.json").findings, load_rules.INPUT_TOO_LARGE.code
        )
    finally:
        stop.set()
        writer.join(timeout=30)
    assert finding.message == "endless.json is larger than the limit of 10,485,760 bytes"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text("{}")
    path.chmod(0)
    only(load_file(str(path)).findings, load_rules.UNREADABLE_FILE.code)


def test_format_is_sniffed_when_the_name_says_nothing() -> None:
    assert load_bytes(b'  {"a": 1}', "<stdin>").format == "json"
    assert load_bytes(b"a: 1\n", "<stdin>").format == "yaml"
    assert load_bytes(json.dumps({"a": 1}).encode(), "m.yml").format == "yaml"


def test_a_root_that_is_not_an_object_is_said_alike_for_text_and_data() -> None:
    """One finding, from one constructor: what loading says and what `check_data` says."""
    from lpmanifest.check.checker import check_data

    [from_text] = load_text("[1, 2]", "<data>").findings
    [from_data] = check_data([1, 2])
    said = (from_text.code, from_text.path, from_text.message, from_text.help)
    assert (from_data.code, from_data.path, from_data.message, from_data.help) == said
    assert from_data.message == "the manifest is an array; it must be an object of keys and values"


def test_json_locations_found_one_at_a_time_are_the_scan_of_the_whole_text() -> None:
    """A path is located by reading only what is on its way; it is where a scan of every
    token puts it, escaped keys, empty containers and odd white space included."""
    from lpmanifest.source.json_source import _JsonScanner

    text = (
        '{ "a\\u0062" :[1 ,{"c":[ ], "d" : {}},"e\\"f"] ,\r\n\t"g":{"h":{"i":[[null], true]}},'
        '"j":"k"}'
    )
    doc = load_text(text, "m.json")
    whole = _JsonScanner(text, doc).scan().locations
    assert len(whole) == 14
    for path, location in whole.items():
        assert doc.locations.get(path) == location, path
    assert doc.locations.get(("ab", 3)) is None and doc.locations.get(("j", "x")) is None


# -- the string values a loader lists (placeholder-value reads them before walking the data) ----

_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=25,
)


def _string_values(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _string_values(value)]
    if isinstance(node, list):
        return [s for item in node for s in _string_values(item)]
    return []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=6), _DATA, max_size=4), st.sampled_from(["json", "yaml"]))
def test_a_loader_lists_every_string_value_of_an_object(data: dict[str, object], fmt: str) -> None:
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data, allow_unicode=True)
    doc = load_text(text, f"m.{fmt}")
    assert doc.loaded and doc.string_values is not None
    assert set(_string_values(doc.data)) <= set(doc.string_values)


@pytest.mark.parametrize("text", ['"a string"', '["a", "b"]', '{"a": 1, "a": "twice"}'])
def test_no_list_where_the_loader_cannot_say_every_string(text: str) -> None:
    # A root that is not an object, or a duplicate key (decoded again, without the listing).
    assert load_text(text, "m.json").string_values is None


@pytest.mark.parametrize(
    ("text", "name", "floats"),
    [
        ('{"a": 1, "b": [2, "3.5"]}', "m.json", False),
        ('{"a": {"b": [1.5]}}', "m.json", True),
        ('{"a": 1e3}', "m.json", True),
        ("a: 1\nb: '2.5'\n", "m.yaml", False),
        ("a: [1, .5]\n", "m.yaml", True),
        ("a: 1.0e+3\n", "m.yaml", True),
    ],
)
def test_a_loader_says_whether_it_read_a_float(text: str, name: str, floats: bool) -> None:
    # float-for-integer looks no further in a document that holds none.
    doc = load_text(text, name)
    assert doc.loaded and doc.holds_floats is floats


def test_a_file_seen_as_regular_and_replaced_by_a_fifo_is_not_waited_for(tmp_path: Path) -> None:
    # A search saw a regular file (so the loader does not look again before opening it);
    # a FIFO put there since is refused at once, not read: no writer will ever come.
    path = tmp_path / "m.json"
    os.mkfifo(path)
    doc = load_file(str(path), "m.json", None, True)
    finding = only(doc.findings, load_rules.UNREADABLE_FILE.code)
    assert finding.message == "m.json is a FIFO, not a manifest file"
    regular = tmp_path / "r.json"
    regular.write_text('{"a": 1}')
    assert load_file(str(regular), "r.json", None, True).data == {"a": 1}


_NAMES = st.sampled_from(["a", "b", "ab", "c d", "é", "a:"])
_TREE = st.recursive(
    st.none() | st.integers() | _NAMES,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_NAMES, children, max_size=3),
    max_leaves=15,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(_NAMES, _TREE, min_size=1, max_size=4),
    st.sampled_from([None, 2]),
    st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]),
)
def test_json_locations_found_from_a_key_written_once_are_the_scan_of_the_whole_text(
    data: dict[str, object], indent: int | None, separators: tuple[str, str]
) -> None:
    # Keys and values from a few names, so that a key is written once or many times, and as
    # a value too: a path is located from the deepest key written only once when there is one.
    from lpmanifest.source.json_source import _JsonScanner

    text = json.dumps(data, indent=indent, separators=separators, ensure_ascii=False)
    doc = load_text(text, "m.json")
    whole = _JsonScanner(text, doc).scan().locations
    for path, location in whole.items():
        assert doc.locations.get(path) == location, path
    for path in whole:
        assert doc.locations.get((*path, "missing")) is None
