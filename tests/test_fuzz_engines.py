"""The two schema engines give the same verdict and the same findings, on every manifest the
tests know and on generated ones.

`validate` runs the compiled engine (jsonschema-rs); the reference implementation
(python-jsonschema) is its fallback. Users must not be able to tell which one ran, so for
any data the verdict and the explained findings (path, rule, message, help) must match.
The one known divergence, a pattern-checked string ending in a newline (Python's `$`
matches before it), is pinned in test_schema.py and kept out of the generated strings.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.check.engine import Engine, FallbackEngine, PythonEngine, RustEngine
from lpmanifest.check.explain import explain
from lpmanifest.schema import load_schema, load_template
from lpmanifest.source.document import Document

from . import test_schema, test_schema_findings
from .conftest import DOCS_EXAMPLES, FINISHED
from .fuzz_harness import EXAMPLES

SCHEMA = load_schema()
ENGINES: dict[str, Engine] = {
    "jsonschema-rs": RustEngine(SCHEMA),
    "jsonschema": PythonEngine(SCHEMA),
    "fallback": FallbackEngine(SCHEMA),
}


def explained(engine: Engine, data: Any) -> list[tuple[str, ...]]:
    doc = Document("m.json", "json", "", data=data, loaded=True)
    doc._locations = {}  # no text: every finding points at the start, compared by content
    findings = explain(doc, engine.errors(data))
    return sorted((repr(f.path), f.code, f.message, f.help or "") for f in findings)


def assert_engines_agree(data: Any) -> None:
    verdicts = {name: engine.is_valid(data) for name, engine in ENGINES.items()}
    assert len(set(verdicts.values())) == 1, verdicts
    findings = {name: explained(engine, data) for name, engine in ENGINES.items()}
    reference = findings["jsonschema"]
    for name, found in findings.items():
        assert found == reference, name
    assert (reference == []) is verdicts["jsonschema"]  # invalid data always gets a finding


# -- every manifest in the tests ------------------------------------------------------------

KNOWN: dict[str, Any] = {
    "finished": FINISHED,
    "base": test_schema.BASE,
    **{f"valid-{name}": data for name, data in test_schema.VALID_CASES.items()},
    **{f"invalid-{name}": data for name, (data, _) in test_schema.INVALID_CASES.items()},
    **{f"broken-{i}": data for i, data in enumerate(test_schema_findings.BROKEN)},
    **{
        f"docs-{path.stem}": json.loads(path.read_text())
        for path in sorted(Path(DOCS_EXAMPLES).glob("*.json"))
    },
    **{f"template-{name}": load_template(name) for name in ("connector", "web-app", "custom")},
}


@pytest.mark.parametrize("data", KNOWN.values(), ids=KNOWN.keys())
def test_engines_agree_on_every_test_manifest(data: Any) -> None:
    assert_engines_agree(data)


def test_the_known_manifests_are_both_valid_and_invalid() -> None:
    verdicts = [ENGINES["jsonschema"].is_valid(data) for data in KNOWN.values()]
    assert verdicts.count(True) > 50 and verdicts.count(False) > 50


# -- generated manifests -------------------------------------------------------------------

# Strings that do not end in a newline (the known divergence), near every length limit.
TEXT = st.text(max_size=40).filter(lambda s: not s.endswith("\n"))
LENGTHS = st.sampled_from([0, 1, 2, 5, 10, 127, 128, 129, 255, 256, 257, 1023, 1024, 1025])
LONG_TEXT = st.builds(lambda n, c: c * n, LENGTHS, st.sampled_from(["a", "é", "日", "😀", " "]))
URLS = st.builds(
    lambda scheme, rest: scheme + rest,
    st.sampled_from(["https://", "http://", "HTTPS://", "", "ftp://", "https:/"]),
    st.sampled_from(
        ["h.example/x", "h.example/x?a=1", "", "{DOMAIN}/cb", "h.example/" + "p" * 1020]
    ),
)
NUMBERS = st.sampled_from(
    [-1, 0, 1, 2, 3, 5, 6, 259_200, 259_201, 2**31, 2**63, -(2**63) - 1, 10**30]
) | st.sampled_from([3.0, 3.5, -0.0, 1e308, 5.000001, 2.0])
SCHEMA_WORDS = sorted(
    {
        word
        for words in (
            test_schema.VISITOR_BEHAVIOR,
            test_schema.TARGET_AUDIENCE,
            test_schema.GOAL,
            ["section", "url", "auth", "unauth", "code", "token", "id_token", "id_token token"],
            ["client_credentials", "authorization_code", "refresh_token", "msg.consumer"],
        )
        for word in words
    }
)
WORDS = st.sampled_from(SCHEMA_WORDS) | st.sampled_from(["", "Code", "sales", "lead "])
KEYS = (
    st.sampled_from(sorted(SCHEMA["properties"]))
    | st.sampled_from(["dispaly_name", "client_name#ja-JP", "client_name#en-", "retry", "x"])
    | st.sampled_from(list(FINISHED["capabilities"]["webhooks"]))
    | st.sampled_from(["endpoint", "max_retries", "headers", "header_name", "header_value"])
    | TEXT
)
SCALARS = st.none() | st.booleans() | NUMBERS | TEXT | LONG_TEXT | URLS | WORDS
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=12)
        | st.lists(WORDS, max_size=22)  # enum arrays: duplicates and lengths past maxItems
        | st.dictionaries(KEYS, children, max_size=6)
    ),
    max_leaves=20,
)


def all_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            paths += all_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            paths += all_paths(value, (*path, index))
    return paths


@st.composite
def manifests(draw: st.DrawFn) -> Any:
    """A realistic manifest with a few of its values replaced, removed or added."""
    data = copy.deepcopy(draw(st.sampled_from([FINISHED, test_schema.BASE])))
    for _ in range(draw(st.integers(1, 4))):
        paths = all_paths(data)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(KEYS)] = draw(VALUES)
    return data


ENGINE_SETTINGS = settings(
    max_examples=max(200, EXAMPLES * 5),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@ENGINE_SETTINGS
@given(manifests())
def test_engines_agree_on_generated_manifests(data: Any) -> None:
    assert_engines_agree(data)


@ENGINE_SETTINGS
@given(VALUES)
def test_engines_agree_on_any_data(data: Any) -> None:
    assert_engines_agree(data)
