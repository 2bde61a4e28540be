"""`lpmanifest rules` lists every rule; `lpmanifest rules NAME` explains one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lpmanifest.rules import ALL_INFOS, documentation

from .lint_support import run_cli
from .test_rules import CATALOGUE


def test_rules_lists_every_rule_with_code_name_severity_and_summary() -> None:
    result = run_cli("rules")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    rows = [line.split(None, 3) for line in lines[1:]]
    assert [(code, name, severity, summary) for code, name, severity, summary in rows] == [
        (info.code, info.name, info.severity.value, info.summary) for info in ALL_INFOS
    ]
    listed = {row[1] for row in rows}
    assert set(CATALOGUE) <= listed
    assert {"syntax-error", "unknown-key", "duplicate-item"} <= listed  # the built-ins too


@pytest.mark.parametrize("query", ["placeholder-value", "LPM201", " placeholder-value "])
def test_rules_name_prints_the_documentation(query: str) -> None:
    result = run_cli("rules", query)
    assert result.code == 0
    assert result.out.startswith(
        "# placeholder-value (LPM201)\n\nDefault severity: error. Template text left in"
    )
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in result.out


def test_rules_explains_the_built_in_findings_too() -> None:
    for name in ("not-an-object", "duplicate-key", "duplicate-item"):
        result = run_cli("rules", name)
        assert result.code == 0
        info = next(info for info in ALL_INFOS if info.name == name)
        assert documentation(info).strip() in result.out


def test_unknown_rule_is_exit_2_with_a_suggestion() -> None:
    result = run_cli("rules", "placeholder-values")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "lpmanifest: error: unknown rule 'placeholder-values'; did you mean 'placeholder-value'?\n"
    )
    nothing_close = run_cli("rules", "zzz")
    assert nothing_close.code == 2
    assert "`lpmanifest rules` lists them" in nothing_close.err


def test_rules_as_a_user_runs_it() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "lpmanifest", "rules", "secret-in-manifest"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 0
    assert process.stdout.startswith("# secret-in-manifest (LPM203)")
