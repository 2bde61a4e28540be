"""The YAML loader's refusals that `convert` relies on: what JSON cannot hold, located exactly.

Each case is a small YAML text, the finding's code, its 1-based line and column, and its
JSON path. The loader must refuse the data (nothing `loaded`) and say where.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from lpmanifest.source.limits import MAX_DEPTH, MAX_VALUES
from lpmanifest.source.read import load_text

HEAD = "client_name: com.acme.app\n"

# (yaml text, code, line, column, path, words the message must contain)
UNREPRESENTABLE = [
    pytest.param(
        HEAD + "released: 2024-01-01\n", "LPM007", 2, 11, ("released",), "date", id="date"
    ),
    pytest.param(
        HEAD + "released: 2024-01-01T10:00:00Z\n",
        "LPM007",
        2,
        11,
        ("released",),
        "timestamp",
        id="timestamp",
    ),
    pytest.param(
        HEAD + "logo: !!binary aGVsbG8=\n", "LPM007", 2, 7, ("logo",), "!!binary", id="binary"
    ),
    pytest.param(HEAD + "logo: !custom x\n", "LPM007", 2, 7, ("logo",), "!custom", id="custom-tag"),
    pytest.param(
        HEAD + "caps: !custom\n  a: 1\n", "LPM007", 2, 7, ("caps",), "!custom", id="tagged-mapping"
    ),
    # An anchor before the tag used to hide it.
    pytest.param(
        HEAD + "port: &p !!str 12\n", "LPM007", 2, 7, ("port",), "!!str", id="anchored-tag"
    ),
    pytest.param(HEAD + "!custom key: x\n", "LPM007", 2, 1, (), "!custom", id="tagged-key"),
    pytest.param(HEAD + "1: x\n", "LPM007", 2, 1, (), "key 1", id="int-key"),
    pytest.param(HEAD + "~: x\n", "LPM007", 2, 1, (), "key ~", id="null-key"),
    pytest.param(HEAD + "yes: x\n", "LPM007", 2, 1, (), "key yes", id="bool-key"),
    pytest.param(HEAD + "? [a]\n: x\n", "LPM007", 2, 3, (), "used as a key", id="sequence-key"),
    pytest.param(
        HEAD + "caps:\n  webhooks:\n    2: x\n",
        "LPM007",
        4,
        5,
        ("caps", "webhooks"),
        "key 2",
        id="nested-int-key",
    ),
    pytest.param(HEAD + "ratio: .nan\n", "LPM007", 2, 8, ("ratio",), ".nan", id="nan"),
    pytest.param(HEAD + "ratio: .inf\n", "LPM007", 2, 8, ("ratio",), ".inf", id="inf"),
    pytest.param(HEAD + "ratio: -.Inf\n", "LPM007", 2, 8, ("ratio",), "-.Inf", id="minus-inf"),
    pytest.param(
        HEAD + "uris:\n  - a\n  - 2024-01-01\n",
        "LPM007",
        4,
        5,
        ("uris", 1),
        "date",
        id="date-in-list",
    ),
    pytest.param(HEAD + "---\nb: 2\n", "LPM007", 2, 1, (), "more than one", id="two-documents"),
    pytest.param(
        "---\n" + HEAD + "...\n---\nb: 2\n",
        "LPM007",
        4,
        1,
        (),
        "more than one",
        id="two-explicit-documents",
    ),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "path", "words"), UNREPRESENTABLE)
def test_yaml_that_json_cannot_hold_is_located(
    text: str, code: str, line: int, column: int, path: tuple[str | int, ...], words: str
) -> None:
    doc = load_text(text, "m.yaml")
    assert not doc.loaded
    assert doc.data is None
    [finding] = doc.findings
    assert (finding.code, finding.span.line, finding.span.column) == (code, line, column)
    assert finding.path == path
    assert words in finding.message


def test_a_tag_on_a_plain_string_is_refused_like_any_tag() -> None:
    # `!!str` changes what 12 means; a manifest has no use for tags, so none is accepted.
    doc = load_text(HEAD + "port: !!str 12\n", "m.yaml")
    assert [f.code for f in doc.findings] == ["LPM007"]


@pytest.mark.parametrize(
    "separator",
    ["\u2028", "\x85", "\r"],
    ids=["line-separator", "next-line", "lone-cr"],
)
def test_yaml_only_line_breaks_do_not_break_locations(separator: str) -> None:
    # YAML counts these as line breaks and "\n"-based lines do not: positions come from
    # character offsets, so they stay right (this used to raise IndexError).
    text = f"a: 1{separator}b: 2{separator}{separator}{separator}c: [x, 2024-01-01]\n"
    doc = load_text(text, "m.yaml")
    [finding] = doc.findings
    assert finding.code == "LPM007"
    assert finding.path == ("c", 1)
    offset = text.index("2024")
    assert (finding.span.line, finding.span.column) == (1, offset + 1)


def test_control_character_is_located_at_its_character() -> None:
    doc = load_text("name: é😀\nother: x\x01y\n", "m.yaml")
    [finding] = doc.findings
    assert finding.code == "LPM001"
    assert (finding.span.line, finding.span.column) == (2, 9)
    assert "U+0001" in finding.message


def test_syntax_error_after_a_lone_cr_is_located_on_the_same_text() -> None:
    doc = load_text("a: 1\rb: [1,\n", "m.yaml")
    [finding] = doc.findings
    assert finding.code == "LPM001"
    assert finding.span.line == 2  # the "\n"-based lines that the code frame shows


class TestMergeKeys:
    BASE = "base: &base\n  x: 1\n  y: 2\n"

    def test_keys_written_beside_a_merge_win_in_value_and_location(self) -> None:
        doc = load_text(self.BASE + "m:\n  <<: *base\n  y: 3\n", "m.yaml")
        assert doc.loaded
        assert doc.data["m"] == {"x": 1, "y": 3}
        assert list(doc.data["m"]) == ["x", "y"]  # merged keys stand where `<<` stands
        assert doc.value_span(("m", "y")).line == 6  # the 3, not the base's 2
        assert doc.value_span(("m", "x")).line == 2  # a merged key points into the anchor

    def test_key_before_the_merge_wins_too(self) -> None:
        doc = load_text(self.BASE + "m:\n  y: 3\n  <<: *base\n", "m.yaml")
        assert doc.data["m"] == {"y": 3, "x": 1}
        assert doc.value_span(("m", "y")).line == 5

    def test_first_of_several_merged_mappings_wins(self) -> None:
        text = "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nm:\n  <<: [*a, *b]\n"
        doc = load_text(text, "m.yaml")
        assert doc.data["m"] == {"k": 1, "j": 3}

    def test_merging_a_scalar_is_an_error_at_the_merged_value(self) -> None:
        doc = load_text("a: &a 1\nm:\n  <<: *a\n", "m.yaml")
        [finding] = doc.findings
        assert (finding.code, finding.span.line, finding.span.column) == ("LPM001", 1, 4)

    def test_duplicate_keys_beside_a_merge_are_still_reported(self) -> None:
        doc = load_text(self.BASE + "m:\n  <<: *base\n  y: 3\n  y: 4\n", "m.yaml")
        [finding] = doc.findings
        assert (finding.code, finding.span.line, finding.span.column) == ("LPM005", 7, 3)
        assert doc.data["m"]["y"] == 4


def test_anchors_and_aliases_are_expanded_into_copies() -> None:
    text = "hook: &hook\n  endpoint: https://a.example/x\nother: *hook\nlist: [*hook, *hook]\n"
    doc = load_text(text, "m.yaml")
    assert doc.loaded
    assert doc.data["other"] == doc.data["hook"] == doc.data["list"][1]
    assert doc.data["other"] is not doc.data["hook"]


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a: &a [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once_at_the_line_that_explodes() -> None:
    text = alias_bomb(levels=24, width=9)
    assert len(text.encode()) > 1024  # a 1 KB bomb: 9**24 values if it were expanded
    started = time.perf_counter()
    doc = load_text(text, "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert not doc.loaded
    [finding] = doc.findings
    assert finding.code == "LPM006"
    assert "alias" in finding.message
    # 9**5 = 59,049 values fit under the limit; the sixth line's 9**6 do not.
    assert 9**5 < MAX_VALUES < 9**6
    assert (finding.span.line, finding.span.column) == (6, 4)
    assert finding.path == ()


def test_many_aliases_under_the_limit_still_load() -> None:
    doc = load_text(alias_bomb(levels=4, width=9), "m.yaml")  # 9**4 values
    assert doc.loaded
    assert len(doc.data["d"]) == 9
    assert doc.data["d"][8][8][8] == ["lol"] * 9


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    doc = load_text("a: 1\nb: &loop [x, *loop]\n", "m.yaml")
    [finding] = doc.findings
    assert (finding.code, finding.span.line, finding.span.column) == ("LPM006", 2, 4)
    assert "contains it" in finding.message


def test_deep_nesting_is_refused_before_the_c_composer_overflows_its_stack() -> None:
    # 200,000 `[` used to kill the process (SIGSEGV in libyaml's recursive composer); run in
    # a child process so that a regression fails this test instead of the whole run.
    code = (
        "from lpmanifest.source.read import load_text\n"
        "doc = load_text('a: ' + '[' * 200_000 + ']' * 200_000 + '\\n', 'm.yaml')\n"
        "[f] = doc.findings\n"
        "print(f.code, f.span.line, f.span.column)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # The root mapping is the first level, so the 64th `[` is one too many.
    assert done.stdout.split() == ["LPM006", "1", str(len("a: ") + MAX_DEPTH)]


def test_nesting_at_the_limit_loads_and_one_deeper_is_refused_at_its_line() -> None:
    def nested(levels: int) -> str:
        return "".join(" " * (2 * level) + f"k{level}:\n" for level in range(levels)) + (
            " " * (2 * levels) + "x: 1\n"
        )

    # MAX_DEPTH - 1 keys hold MAX_DEPTH mappings, as many as JSON may nest.
    assert load_text(nested(MAX_DEPTH - 1), "m.yaml").loaded
    doc = load_text(nested(MAX_DEPTH), "m.yaml")
    [finding] = doc.findings
    assert finding.code == "LPM006"
    assert finding.span.line == MAX_DEPTH + 1
