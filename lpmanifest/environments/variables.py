"""`${NAME}` variables in a manifest's strings: where their values come from (`--var`, an
`--env-file`, the process environment, in that order), and their substitution.

`$${` is a literal `${`. A name is an identifier (letters, digits and `_`, not starting with a
digit); a `${` that starts no well-formed variable, and a variable that nothing defines, are
problems at the string that holds them, never a silent empty value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from lpmanifest.errors import UsageError
from lpmanifest.findings.model import JsonPath
from lpmanifest.findings.wording import inert

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# `$${` (a literal), `${NAME}`, or a `${` that starts nothing well-formed.
_TOKEN = re.compile(r"\$\$\{|\$\{(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bad>[^}\n]{0,40}\}?))")


class Problem(NamedTuple):
    """A variable that cannot be substituted, at the path of the string that holds it."""

    path: JsonPath
    message: str


class Variables:
    """The values `${NAME}` can take: `--var` first, then the env file, then the process."""

    def __init__(
        self,
        given: Mapping[str, str] | None = None,
        env_file: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.given = dict(given or {})
        self.env_file = dict(env_file or {})
        self.environ = os.environ if environ is None else environ

    def get(self, name: str) -> str | None:
        for source in (self.given, self.env_file, self.environ):
            if name in source:
                return source[name]
        return None


def parse_assignments(values: Sequence[str], where: str = "--var") -> dict[str, str]:
    """`NAME=VALUE` pairs, as `--var` takes them; a malformed one is a usage error."""
    found: dict[str, str] = {}
    for value in values:
        name, equals, rest = value.partition("=")
        if not equals or not NAME.fullmatch(name):
            raise UsageError(
                f"{where} {inert(value)!r}: expected NAME=VALUE, with NAME letters, digits and _"
                " (not starting with a digit)"
            )
        found[name] = rest
    return found


def substitute(data: Any, variables: Variables) -> tuple[Any, list[Problem]]:
    """`data` with every `${NAME}` in its strings replaced; the problems, by path. A string
    with a problem is kept as it was written (so nothing passes for a resolved value)."""
    problems: list[Problem] = []
    return _walk(data, (), variables, problems), problems


def _walk(value: Any, path: JsonPath, variables: Variables, problems: list[Problem]) -> Any:
    if isinstance(value, str):
        return _string(value, path, variables, problems) if "${" in value else value
    if isinstance(value, dict):
        return {k: _walk(v, (*path, k), variables, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, (*path, i), variables, problems) for i, v in enumerate(value)]
    return value


def _string(text: str, path: JsonPath, variables: Variables, problems: list[Problem]) -> str:
    failed = False
    pieces: list[str] = []
    for kind, piece in _pieces(text):
        if kind == "text":
            pieces.append(piece)
        elif kind == "name":
            found = variables.get(piece)
            if found is None:
                problems.append(
                    Problem(
                        path,
                        f"the variable {inert(piece)} is not defined (--var {inert(piece)}=..., "
                        "an --env-file line or the environment)",
                    )
                )
                failed = True
            else:
                pieces.append(found)
        else:
            problems.append(
                Problem(
                    path,
                    f"${{{inert(piece)} does not start a variable: write ${{NAME}} with NAME "
                    "letters, digits and _, or $${ for a literal ${",
                )
            )
            failed = True
    return text if failed else "".join(pieces)


def _pieces(text: str) -> Iterator[tuple[str, str]]:
    """The string as ("text", words), ("name", NAME) and ("bad", what follows `${`)."""
    at = 0
    for match in _TOKEN.finditer(text):
        if match.start() > at:
            yield "text", text[at : match.start()]
        if match.group() == "$${":
            yield "text", "${"
        elif match.group("name") is not None:
            yield "name", match.group("name")
        else:
            yield "bad", match.group("bad") or ""
        at = match.end()
    if at < len(text):
        yield "text", text[at:]
