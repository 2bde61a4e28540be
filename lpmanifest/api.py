"""The Python API: check manifests from code and get findings back (no printing, no exit).

    >>> from lpmanifest import validate_file
    >>> for finding in validate_file("manifest.yaml"):
    ...     print(finding.span.line, finding.code, finding.message)

Findings are `lpmanifest.diagnostics.Finding` objects: file, span (1-based line and column),
JSON path, code, name, severity, message, help and an optional fix. The command line is built
on the same `Checker` these functions use.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from lpmanifest.checker import Checker, Options
from lpmanifest.diagnostics import Finding, Severity
from lpmanifest.load import Format, load_file, load_text
from lpmanifest.schema import load_schema

__all__ = [
    "Checker",
    "Finding",
    "Severity",
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
    if select is None and not ignore:
        return _default_checker()
    from lpmanifest.rules import LINT_RULES

    options = Options(
        select=frozenset(select) if select is not None else None, ignore=frozenset(ignore)
    )
    return Checker(options, LINT_RULES)


def validate_file(
    path: str, *, select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """Check one manifest file (JSON or YAML, by extension); an empty list means it is clean.

    `select`/`ignore` take rule names or codes, as on the command line.
    """
    return _checker(select, ignore).check(load_file(path))


def validate_text(
    text: str,
    name: str = "<text>",
    format: Format | None = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> list[Finding]:
    """Check manifest source text; `format` is `json` or `yaml` (by default, from `name`)."""
    return _checker(select, ignore).check(load_text(text, name, format))


def validate_data(
    data: Any, *, select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> list[Finding]:
    """Check already-parsed manifest data. With no source text, findings point at 1:1."""
    from lpmanifest.checker import check_data

    return check_data(data, checker=_checker(select, ignore))
