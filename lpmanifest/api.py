"""The Python API: check manifests from code and get findings back (no printing, no exit).

    >>> from lpmanifest import validate_file
    >>> for finding in validate_file("manifest.yaml"):
    ...     print(finding.span.line, finding.code, finding.message)

Findings are `lpmanifest.findings.model.Finding` objects: file, span (1-based line and column),
JSON path, code, name, severity, message, help and an optional fix. The command line is built
on the same `Checker` these functions use.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import Any

from lpmanifest.check.checker import Checker, Options
from lpmanifest.errors import UsageError
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.schema import load_schema
from lpmanifest.source.formats import Format
from lpmanifest.source.read import load_file, load_text

__all__ = [
    "Checker",
    "Finding",
    "Severity",
    "UsageError",
    "load_schema",
    "validate_data",
    "validate_file",
    "validate_text",
]


@functools.cache
def _default_checker() -> Checker:
    from lpmanifest.rules import LINT_RULES

    return Checker(Options(), LINT_RULES)


def _checker(select: Iterable[str] | None, ignore: Iterable[str]) -> Checker:
    """The checker for a selection, checked as the command line checks `--select`/`--ignore`
    (a UsageError, which is a ValueError, names what is wrong)."""
    if select is None and not ignore:
        return _default_checker()
    from lpmanifest.rules import LINT_RULES, rule_selection

    options = Options(
        select=rule_selection(select, "select") if select is not None else None,
        ignore=rule_selection(ignore, "ignore", ignoring=True),
    )
    return Checker(options, LINT_RULES)


def validate_file(
    path: str | os.PathLike[str],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Check one manifest file (JSON or YAML, by extension); an empty list means it is clean.

    `select`/`ignore` take rule names or codes, as on the command line.
    """
    checker = _checker(select, ignore)
    return checker.check(load_file(os.fspath(path)))


def validate_text(
    text: str,
    name: str | os.PathLike[str] = "<text>",
    format: Format | None = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Check manifest source text; `format` is `json` or `yaml` (by default, from `name`)."""
    if not isinstance(text, str):
        raise UsageError(f"text: expected a str, not {type(text).__name__}")
    if format not in (None, "json", "yaml"):
        raise UsageError(f"format: expected 'json' or 'yaml', not {format!r}")
    checker = _checker(select, ignore)
    return checker.check(load_text(text, os.fspath(name), format))


def validate_data(
    data: Any, *, select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """Check already-parsed manifest data. With no source text, findings point at 1:1.

    Data that JSON cannot hold (a date, a set, a tuple, a non-string key, NaN, a structure
    that holds itself) is a UsageError (a ValueError) that says where.
    """
    from lpmanifest.check.checker import check_data

    return check_data(data, checker=_checker(select, ignore))
