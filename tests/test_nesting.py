"""Nesting is measured by lpmanifest's own code, before any parser can trip on it.

PyYAML 6.0.4's libyaml refuses 1,000 levels with a scanner error of its own; older releases
crashed; the JSON decoder stops at the recursion limit. Whatever the installed parser does,
a file nested past MAX_DEPTH is `input-too-large` where its first level too many opens, and
the parser is never asked to read it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.source import nesting
from lpmanifest.source.limits import MAX_DEPTH
from lpmanifest.source.nesting import json_too_deep, yaml_depth_bound, yaml_too_deep
from lpmanifest.source.read import load_text

from . import fuzz_harness


def composed_depth(text: str) -> tuple[int, dict[int, int]]:
    """How deep PyYAML composes the text, and where each level first opens (its node's
    start mark): the reference the measurement is held to."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    deepest, first = 0, {}
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            deepest = max(deepest, depth)
            first[depth] = min(first.get(depth, node.start_mark.index), node.start_mark.index)
            for item in node.value:
                stack.extend(
                    (part, depth + 1) for part in (item if isinstance(item, tuple) else (item,))
                )
    return deepest, first


def assert_measured_like_the_parser(text: str) -> None:
    depth, first = composed_depth(text)
    assert yaml_depth_bound(text) >= depth
    for limit in range(depth + 2):
        expected = first[limit + 1] if depth > limit else None
        assert yaml_too_deep(text, limit) == expected, (limit, text)


# -- YAML, against the parser ------------------------------------------------------------------

HAND_WRITTEN = [
    "- - - x\n",
    "a:\n- b:\n  - c: [1, {d: [e]}]\n- f\n",
    "? - a\n  - b\n: - c\n",
    "a: |\n  [[[[ not\n  - - - flow\nb: 1\n",
    "a: >-\n  {{{\n\n  - x\nb: [1]\n",
    "a: plain\n  - continued\n  - - text\nb: {c: d}\n",
    "a: 'it''s [ ['\nb: \"x\\\" [ [\"\n",
    "a: [it is 'not quoted, [b]]\n",
    "[a, b]: c\n",
    "{a: 1}: {b: [2]}\n",
    "a: &x [1, [2]]\nb: *x\n",
    "a: !!seq\n- 1\n",
    "- &a\n  b: 1\n- !!map\n  c: [d]\n",
    "a: # comment [ [\n  b: 1  # [[\n",
    "a:\n  - [1,\n     [2,\n      [3]]]\n  - b\n",
    "--- \na: [1]\n",
    "--- [a, [b]]\n",
    'a: "multi\n  line [ [\n  quoted"\nb: [[c]]\n',
    "a:\n\n  b:\n\n    - c\n\n    - d: [e]\n",
    "- a: 1\n  b:\n  - c\n  - d:\n    - e\n",
    "a: b#c [\nd: [e]\n",
    "key: {a: 'q[', b: \"[\", c: [x]}\n",
    "k: [a #comment ]\n  , [b]]\n",
    "x: {? a : [b], ? [c] : d}\n",
    "- ? a\n  : - b\n",
    "[a: [a, [b]]]\n",
    "[? x]\n",
    "'q: [': !!map  #c {\n  [a, [b]]: \n",
    "&x a: !!seq\n- it's c: d\n",
    "a:\r  b:\r    - [c]\r",
    "a:\u2028  b: [c]\n",
    "capabilities:\r\n  webhooks:\r\n    e:\r\n      headers:\r\n      - {header_name: a}\r\n",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_measured_where_the_parser_opens_each_level(text: str) -> None:
    assert_measured_like_the_parser(text)


YAML_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=25,
)


@settings(
    max_examples=fuzz_harness.EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    YAML_DATA,
    st.sampled_from([None, False, True]),
    st.sampled_from([2, 3, 4]),
    st.sampled_from([12, 80]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_dumped_yaml_is_measured_like_the_parser(
    data: Any, flow: bool | None, indent: int, width: int, newline: str
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=width)
    assert_measured_like_the_parser(text.replace("\n", newline))


@settings(max_examples=fuzz_harness.EXAMPLES, deadline=None)
@given(st.text(alphabet="-?:[]{},#'\"&!*|> \n\tab", max_size=60))
def test_any_text_is_measured_without_error_and_within_its_bound(text: str) -> None:
    measured = yaml_too_deep(text, 3)
    assert measured is None or 0 <= measured <= len(text)
    try:
        depth, _ = composed_depth(text)
    except yaml.YAMLError:
        return
    assert yaml_depth_bound(text) >= depth


@settings(max_examples=fuzz_harness.EXAMPLES, deadline=None)
@given(
    st.text(alphabet="-?:[]{} \n\r\t\x85\u2028ab", max_size=80),
    st.integers(min_value=0, max_value=40),
)
def test_the_prefix_bound_never_passes_a_text_the_full_bound_would_not(
    text: str, limit: int
) -> None:
    # `yaml_too_deep` skips its measurement when the prefixes are short: that must mean the
    # depth bound is within the limit.
    size = (limit - text.count("[") - text.count("{")) // 2
    if nesting._prefixes_shorter_than(text, size):
        assert yaml_depth_bound(text) <= limit


# -- deep files, whatever the parser -----------------------------------------------------------


def _flow(levels: int) -> tuple[str, int, int]:
    """`a: [[[...]]]`: the root mapping is level 1, so the 64th `[` opens level 65."""
    return "a: " + "[" * levels + "]" * levels + "\n", 1, len("a: ") + MAX_DEPTH


def _flow_mappings(levels: int) -> tuple[str, int, int]:
    return "a: " + "{a: " * levels + "}" * levels + "\n", 1, len("a: ") + 4 * (MAX_DEPTH - 1) + 1


def _compact_sequences(levels: int) -> tuple[str, int, int]:
    return "- " * levels + "x\n", 1, 2 * MAX_DEPTH + 1


def _indented_mappings(levels: int) -> tuple[str, int, int]:
    text = "".join(" " * level + "a:\n" for level in range(levels)) + " " * levels + "b: 1\n"
    return text, MAX_DEPTH + 1, MAX_DEPTH + 1


def _mixed(levels: int) -> tuple[str, int, int]:
    # Each line opens a mapping and a sequence level with its keys: two levels a line.
    lines = [" " * (2 * i) + "- a:" for i in range(levels)]
    text = "a:\n" + "\n".join(lines) + "\n"
    # Level 1 is the root; line n (from 2) opens levels 2n - 2 at its dash and 2n - 1 at its
    # key: level 65 is the mapping on line 33, whose key stands at column 2 * 31 + 3.
    return text, 33, 2 * 31 + 3


DEEP_FORMS = [_flow, _flow_mappings, _compact_sequences, _indented_mappings, _mixed]


@pytest.mark.parametrize("form", DEEP_FORMS, ids=lambda form: form.__name__.strip("_"))
@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_001, 200_000])
def test_deep_yaml_is_too_large_where_the_level_past_the_limit_opens(
    form: Any, levels: int
) -> None:
    if form in (_indented_mappings, _mixed) and levels > 1_001:
        pytest.skip("a level a line: 200,000 lines of up to 400,000 spaces")
    text, line, column = form(levels)
    [finding] = load_text(text, "m.yaml").findings
    assert (finding.code, finding.span.line, finding.span.column) == ("LPM006", line, column)


@pytest.mark.parametrize("form", DEEP_FORMS, ids=lambda form: form.__name__.strip("_"))
def test_at_the_limit_the_parser_reads_it(form: Any) -> None:
    text, _, _ = form(MAX_DEPTH)
    depth, _ = composed_depth(text)
    doc = load_text(text, "m.yaml")
    if depth <= MAX_DEPTH:
        assert doc.loaded, doc.findings
    else:  # the mixed form opens two levels a line: one too many
        assert [f.code for f in doc.findings] == ["LPM006"]


class _ParserWithALimitOfItsOwn:
    """PyYAML's parsing entry points, refusing what nests past `limit` as libyaml does, and
    recording each call."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.calls: list[str] = []
        self.compose, self.parse = self._wrap(yaml.compose), self._wrap(yaml.parse)

    def _wrap(self, real: Any) -> Any:
        def guarded(text: str, *args: Any, **kwargs: Any) -> Any:
            self.calls.append(text)
            if yaml_too_deep(text, self.limit) is not None:
                raise yaml.scanner.ScannerError(
                    "while increasing flow level", None, "exceeded maximum nesting depth", None
                )
            return real(text, *args, **kwargs)

        return guarded


@pytest.mark.parametrize("parser_limit", [70, 1_000])
@pytest.mark.parametrize("form", DEEP_FORMS, ids=lambda form: form.__name__.strip("_"))
def test_a_parser_limit_never_decides(
    monkeypatch: pytest.MonkeyPatch, parser_limit: int, form: Any
) -> None:
    parser = _ParserWithALimitOfItsOwn(parser_limit)
    monkeypatch.setattr(yaml, "compose", parser.compose)
    monkeypatch.setattr(yaml, "parse", parser.parse)
    text, line, column = form(1_001)
    [finding] = load_text(text, "m.yaml").findings
    assert (finding.code, finding.span.line, finding.span.column) == ("LPM006", line, column)
    assert parser.calls == []  # refused before the parser saw it
    shallow = "a:\n  b: [c, {d: e}]\n"
    assert load_text(shallow, "m.yaml").loaded
    assert parser.calls == [shallow]


def test_a_thousand_and_one_levels_through_the_command_line(tmp_path: Path) -> None:
    text, line, column = _flow(1_001)
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "lpmanifest", "validate", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("LPM006", line, column)
    assert finding["message"] == f"the manifest nests deeper than {MAX_DEPTH} levels"


# -- JSON --------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 1_001, 300_000])
def test_deep_json_is_too_large_at_the_bracket_past_the_limit(levels: int) -> None:
    text = '{"a": ' + "[" * levels + "]" * levels + "}"
    [finding] = load_text(text, "m.json").findings
    # The object is level 1; the 64th `[` opens level 65.
    assert (finding.code, finding.span.line, finding.span.column) == (
        "LPM006",
        1,
        len('{"a": ') + MAX_DEPTH,
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('{"a": ', "}"),  # decodes: measured because it built many arrays
        ("", ""),  # an array at the root, whose arrays no object counted
        ('{"b": 1, "b": 2, "a": ', "}"),  # a duplicate key: decoded twice
        ('{"a": ', ', "c": NaN}'),  # a constant JSON cannot hold, after the nesting
        ('{"a": ', ', "c" 1}'),  # a syntax error after the nesting
    ],
)
def test_the_nesting_is_the_finding_whatever_else_the_text_holds(before: str, after: str) -> None:
    levels = MAX_DEPTH + 5
    doc = load_text(before + "[" * levels + "]" * levels + after, "m.json")
    [finding] = doc.findings
    opened = 1 if before else 0  # (the object is a level of its own)
    column = len(before) + MAX_DEPTH + 1 - opened
    assert (finding.code, finding.span.line, finding.span.column) == ("LPM006", 1, column)
    assert doc.data is None and not doc.loaded and doc.string_values is None


def test_nesting_at_the_limit_in_many_containers_loads() -> None:
    # More objects and arrays than the limit of depth, none deeper than it.
    text = json.dumps({"a": [[{"b": [1]}] for _ in range(100)], "c": "x"})
    doc = load_text(text, "m.json")
    assert doc.loaded and doc.findings == [] and "x" in (doc.string_values or [])


def test_deep_json_over_lines_is_located_at_its_line() -> None:
    text = "{\n" + "".join(f'{"  " * i}"a": {{\n' for i in range(1, 100)) + "}" * 100
    [finding] = load_text(text, "m.json").findings
    assert (finding.code, finding.span.line) == ("LPM006", MAX_DEPTH + 1)
    assert finding.span.column == 2 * MAX_DEPTH + len('"a": ') + 1


def test_brackets_in_json_strings_do_not_count() -> None:
    text = json.dumps({"client_name": "[" * 5_000 + "{" * 5_000, "description": '"]\\' * 100})
    doc = load_text(text, "m.json")
    assert doc.loaded and doc.findings == []
    assert json_too_deep("[" * MAX_DEPTH + "]" * MAX_DEPTH, MAX_DEPTH) is None
