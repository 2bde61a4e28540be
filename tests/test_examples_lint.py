"""The rules against real manifests: LivePerson's three doc examples (every placeholder
reported, each at its line) and a set of realistic finished manifests (no finding at all)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lpmanifest.output.serialize import dump_json, dump_yaml
from lpmanifest.source.read import load_file

from .lint_support import BUNDLED_EXAMPLES, DOCS_EXAMPLES, check, good_manifests, run_cli

# What a person reading the docs' examples would call template text, found by plain search.
TEMPLATE_TEXT = (
    "App name",
    "App description",
    "https://your/",
    "{YOUR_APPLICATION_DOMAIN}",
    "{CALLBACK_PATH}",
    '"NAME"',
    '"VALUE"',
    "com.liveperson.My",
    "connector example",
    "application example",
    "my first LE-App",
)
# The warnings SPEC names that the examples really deserve (each checked below).
EXPECTED_WARNINGS = {
    "connector-api.json": [],
    # LivePerson's own patterns draw nothing: "code" with only client_credentials (unused),
    # quick launch without enabled_for_profiles.
    "custom-connector.json": [("insecure-redirect-uri", 10)],
    "web-app.json": [("insecure-redirect-uri", 12)],
}


def _placeholder_lines(path: Path) -> list[int]:
    """Every line with template text, once per piece of text on it."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if '"header_name": "NAME"' in line:  # one finding per header value, two per line
            found += [number, number]
        elif any(text in line for text in TEMPLATE_TEXT):
            found.append(number)
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_docs_example_reports_every_placeholder_at_its_line(name: str) -> None:
    path = DOCS_EXAMPLES / name
    findings = check(path.read_text(encoding="utf-8"))
    placeholder_lines = [f.span.line for f in findings if f.name == "placeholder-value"]
    assert placeholder_lines == _placeholder_lines(path)
    assert all(f.severity.value == "error" for f in findings if f.name == "placeholder-value")
    others = [(f.name, f.span.line) for f in findings if f.name != "placeholder-value"]
    assert others == EXPECTED_WARNINGS[name]
    assert all(f.severity.value == "warning" for f in findings if f.name != "placeholder-value")


def test_docs_example_columns_point_at_the_template_text() -> None:
    findings = check((DOCS_EXAMPLES / "custom-connector.json").read_text(encoding="utf-8"))
    placeholders = {
        (f.span.line, f.span.column, f.span.end_column)
        for f in findings
        if f.name == "placeholder-value"
    }
    assert (10, 9, 50) in placeholders  # "http://{YOUR_APPLICATION_DOMAIN}/{CALLBACK_PATH}"
    assert (15, 23, 48) in placeholders  # "https://{YOUR_APPLICATION_DOMAIN}/appentry"
    assert (21, 30, 34) in placeholders and (21, 54, 59) in placeholders  # NAME, VALUE


def test_docs_examples_exit_codes() -> None:
    paths = [DOCS_EXAMPLES / name for name in sorted(EXPECTED_WARNINGS)]
    failing = run_cli("validate", "--isolated", *paths)
    assert failing.code == 1
    assert "placeholder-value" in failing.out
    passing = run_cli("validate", "--isolated", "--allow-placeholders", *paths)
    assert passing.code == 0, passing.out
    assert "placeholder-value" not in passing.out
    assert "Found 0 errors, 2 warnings in 3 files checked." in passing.out


def test_good_set_is_varied() -> None:
    paths = good_manifests()
    assert {p.suffix for p in paths} == {".json", ".yaml"}
    data = [load_file(str(p)).data for p in paths]
    keys = {key for manifest in data for key in manifest}
    assert {"quick_launch_enabled", "enabled_for_profiles", "redirect_uris"} <= keys
    assert any(k.startswith("client_name#") for k in keys)
    assert any("retry" in (m.get("capabilities", {}).get("webhooks") or {}) for m in data)
    assert any("headers" in json.dumps(m) for m in data)


GOOD = good_manifests() + BUNDLED_EXAMPLES


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_every_rule_is_quiet_on_a_good_manifest(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fmt = "yaml" if path.suffix == ".yaml" else "json"
    assert check(text, fmt) == []
    # The same manifest with Windows line endings, and written in the other format.
    assert check(text.replace("\n", "\r\n"), fmt) == []
    data = load_file(str(path)).data
    assert check(dump_json(data), "json") == []
    assert check(dump_yaml(data), "yaml") == []


def test_good_manifests_pass_the_cli_at_fail_on_info() -> None:
    result = run_cli("validate", "--isolated", "--fail-on", "info", *GOOD)
    assert result.code == 0, result.out
    assert result.out == f"All checks passed: {len(GOOD)} files checked, no findings.\n"
