"""Shared helpers for the tests of lint rules, fixes, configuration and reports."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from lpmanifest.check.checker import Checker, Options
from lpmanifest.cli import main
from lpmanifest.findings.model import Finding
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.formats import Format
from lpmanifest.source.read import load_text

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DOCS_EXAMPLES = TESTS / "examples" / "docs"
GOOD_EXAMPLES = TESTS / "examples" / "good"
BUNDLED_EXAMPLES = [ROOT / "examples" / "connector.json", ROOT / "examples" / "connector.yaml"]


def good_manifests() -> list[Path]:
    return sorted(p for p in GOOD_EXAMPLES.iterdir() if p.suffix in (".json", ".yaml", ".yml"))


def check(text: str, format: Format = "json", select: str | None = None) -> list[Finding]:
    """Check `text` with the schema and every rule (or only `select`)."""
    options = Options(select=frozenset({select}) if select else None)
    doc = load_text(text, f"m.{format}", format)
    return Checker(options, LINT_RULES).check(doc)


def where(findings: list[Finding]) -> list[tuple[str, int, int, tuple[str | int, ...]]]:
    """Each finding as (name, line, column, path): what a rule test asserts."""
    return [(f.name, f.span.line, f.span.column, f.path) for f in findings]


def apply_fix(text: str, finding: Finding) -> str:
    """The text after applying one finding's fix on its own."""
    from lpmanifest.fix.apply import apply_fixes

    assert finding.fix is not None, f"{finding.name} offers no fix"
    fixed, count = apply_fixes(text, [finding.fix])
    assert count == 1
    return fixed


@dataclass
class Run:
    code: int
    out: str
    err: str


def _set_environment(env: Mapping[str, str | None]) -> None:
    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@contextlib.contextmanager
def _environment(env: Mapping[str, str | None]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in env}
    try:
        _set_environment(env)
        yield
    finally:
        _set_environment(saved)


def run_cli(
    *argv: str | os.PathLike[str],
    stdin: bytes = b"",
    env: Mapping[str, str | None] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> Run:
    """Run `lpmanifest ARGV` in this process (in `cwd`, if given) and capture its exit code
    and output.

    GITHUB_ACTIONS is unset unless `env` sets it, so that tests run the same in CI.
    """
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    here = os.getcwd()
    sys.stdin, sys.stdout, sys.stderr = fake_stdin, out, err
    try:
        if cwd is not None:
            os.chdir(cwd)
        with _environment({"GITHUB_ACTIONS": None, "NO_COLOR": "1", **(env or {})}):
            code = main([str(arg) for arg in argv])
    finally:
        os.chdir(here)
        sys.stdin, sys.stdout, sys.stderr = saved
    return Run(code, out.getvalue(), err.getvalue())
