"""No input makes lpmanifest crash: arbitrary bytes, arbitrary JSON, mutated real manifests.

Every example goes through every target of `fuzz_harness.TARGETS` (loader, checker, and the
command line in-process with strict UTF-8 streams). The default number of examples keeps
the suite fast; `LPMANIFEST_FUZZ_EXAMPLES=3000 pytest tests/test_fuzz.py` is the long run
documented in bench/README.md.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lpmanifest.source.read import load_text

from . import fuzz_harness
from .conftest import FINISHED

FUZZ = settings(
    max_examples=fuzz_harness.EXAMPLES,
    deadline=None,  # the first example pays for imports; hangs are caught by the limits tests
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEEDS = list(fuzz_harness.seeds())

# Any JSON value: lone surrogates and huge integers included, since JSON text can hold both.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**18, max_value=10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)


def graft(base: Any, path: list[int], value: Any) -> Any:
    """Replace the node that `path` (indexes into children, modulo their count) reaches."""
    if not path or not isinstance(base, (dict, list)) or not base:
        return value
    if isinstance(base, dict):
        keys = list(base)
        key = keys[path[0] % len(keys)]
        return {**base, key: graft(base[key], path[1:], value)}
    index = path[0] % len(base)
    return [*base[:index], graft(base[index], path[1:], value), *base[index + 1 :]]


@FUZZ
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"\xff\xfe{\x00}\x00")
@example(b'{"a": "\\ud800"}')
@example(b'{"\\udfff": 1}')
@example(b"a: &x [*x]\n")
@example(b"- " * 200)
def test_arbitrary_bytes(data: bytes) -> None:
    fuzz_harness.run_all(data)


@FUZZ
@given(JSON_VALUES, st.integers(0, 15))
def test_arbitrary_json_values(value: Any, style: int) -> None:
    fuzz_harness.run_all(fuzz_harness.json_text(value, style))


@FUZZ
@given(
    st.lists(st.integers(0, 12), max_size=5),
    JSON_VALUES,
    st.integers(0, 15),
)
def test_manifests_with_any_value_anywhere(path: list[int], value: Any, style: int) -> None:
    fuzz_harness.run_all(fuzz_harness.json_text(graft(FINISHED, path, value), style))


@FUZZ
@given(
    st.sampled_from(range(len(SEEDS))),
    st.lists(
        st.tuples(st.integers(0, 5), st.floats(0, 1), st.integers(0, 10_000)),
        min_size=1,
        max_size=8,
    ),
)
def test_mutated_real_manifests(seed: int, edits: list[tuple[int, float, int]]) -> None:
    fuzz_harness.run_all(fuzz_harness.mutate(SEEDS[seed], edits))


def test_the_harness_catches_a_crash(monkeypatch: Any) -> None:
    """A target that raises, prints a raw escape, or exits 2 on data is reported as a crash."""

    def explode(self: object, doc: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr("lpmanifest.check.checker.Checker.check", explode)
    try:
        fuzz_harness.TARGETS["validate"](json.dumps(FINISHED).encode())
    except fuzz_harness.Crash as crash:
        assert "crashed" in str(crash) or "exit 2" in str(crash)
    else:
        raise AssertionError("the harness let a crash through")
    try:
        fuzz_harness.assert_inert("ok\x1b]0;title\x07", "stdout")
    except fuzz_harness.Crash as crash:
        assert "U+001B" in str(crash)
    else:
        raise AssertionError("the harness let a raw escape through")


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@settings(max_examples=max(100, fuzz_harness.EXAMPLES * 2), deadline=None)
@given(JSON_VALUES.filter(lambda v: isinstance(v, (dict, list))), st.integers(0, 15))
def test_json_positions_hold_the_value_they_name(value: Any, style: int) -> None:
    """Every location the scanner records is the text of that very value (and key)."""
    text = fuzz_harness.json_text(value, style).decode("utf-8", "surrogatepass")
    doc = load_text(text, "m.json")
    assume(doc.loaded)  # a duplicate key in generated text: covered in test_load.py
    for path, location in doc.locations.items():
        start, end = location.value_range
        assert json.loads(text[start:end]) == value_at(doc.data, path)
        span = location.value
        line_start = text.rfind("\n", 0, start) + 1
        assert (span.line, span.column) == (text.count("\n", 0, start) + 1, start - line_start + 1)
        if location.key_range is not None:
            assert json.loads(text[slice(*location.key_range)]) == path[-1]
