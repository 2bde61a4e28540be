"""Configuration: `[tool.lpmanifest]` in `pyproject.toml`, or a `.lpmanifest.toml`.

The search starts in the working directory and goes up, stopping at the first directory
with a `.lpmanifest.toml` (which wins over a `pyproject.toml` beside it) or a
`pyproject.toml` that has a `[tool.lpmanifest]` table. In `.lpmanifest.toml` the settings
may stand at the top level or under `[tool.lpmanifest]`.

```toml
[tool.lpmanifest]
select = ["placeholder-value", "secret-in-manifest"]   # only these rules
ignore = ["unlisted-scope"]                            # never these
severity = { client-name-not-reverse-dns = "warning" } # per rule
fail-on = "warning"                                    # exit 1 from this severity
allow-placeholders = true                              # templates
```

Anything unknown (a key, a rule name, a value) is an error that names the file and the
key: a typo must not silently switch a check off.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from lpmanifest.check.checker import Options
from lpmanifest.check.discovery import display_path
from lpmanifest.errors import ConfigError
from lpmanifest.findings.model import Severity

DEDICATED_FILE = ".lpmanifest.toml"
PYPROJECT_FILE = "pyproject.toml"
KEYS = ("select", "ignore", "severity", "fail-on", "allow-placeholders")
SEVERITIES = tuple(level.value for level in Severity)


class Config(NamedTuple):
    """Settings from a configuration file; None where the file does not set them."""

    path: str | None = None
    select: frozenset[str] | None = None
    ignore: frozenset[str] | None = None
    severities: Mapping[str, Severity] = MappingProxyType({})
    fail_on: Severity | None = None
    allow_placeholders: bool | None = None


def find_config(start: str | None = None) -> str | None:
    """The configuration file that applies in `start` (the working directory by default)."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        dedicated = os.path.join(directory, DEDICATED_FILE)
        if os.path.isfile(dedicated):
            return dedicated
        pyproject = os.path.join(directory, PYPROJECT_FILE)
        if os.path.isfile(pyproject) and _has_section(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def resolve_options(
    config_path: str | None = None,
    isolated: bool = False,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    fail_on: Severity | None = None,
    allow_placeholders: bool | None = None,
) -> Options:
    """The configuration file's settings, each overridden by the option given for it."""
    from lpmanifest.rules import rule_selection

    config = discover(config_path, isolated)
    chosen_ignore = (
        rule_selection(ignore, "--ignore", ignoring=True)
        if ignore is not None
        else (config.ignore or frozenset())
    )
    placeholders = (
        allow_placeholders if allow_placeholders is not None else config.allow_placeholders
    )
    if placeholders:
        chosen_ignore |= {"placeholder-value"}
    return Options(
        select=rule_selection(select, "--select") if select is not None else config.select,
        ignore=chosen_ignore,
        severities=dict(config.severities),
        fail_on=fail_on or config.fail_on or Severity.ERROR,
    )


def discover(explicit: str | None = None, isolated: bool = False) -> Config:
    """The configuration to use: `explicit` (`--config`), none (`--isolated`), or found."""
    if explicit is not None and isolated:
        raise ConfigError("--config and --isolated cannot be used together")
    if isolated:
        return Config()
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise ConfigError(f"configuration file not found: {explicit!r}")
        return load_config(explicit)
    found = find_config()
    return load_config(found) if found else Config()


def load_config(path: str) -> Config:
    """Read and check one configuration file."""
    shown = display_path(path)
    document = _read(path, shown)
    table = _tool_section(document)
    where = "[tool.lpmanifest]"
    if os.path.basename(path) == PYPROJECT_FILE:
        if table is None:
            return Config(path=path)
    else:
        others = [key for key in document if key != "tool"]
        if table is None:
            table, where = document, "top level"
        elif others:
            raise ConfigError(
                f"{shown}: settings both at the top level ({others[0]!r}) and in "
                "[tool.lpmanifest]; keep one of them"
            )
    return _parse(table, f"{shown}: {where}", path)


def _toml() -> Any:
    """The TOML parser, imported only once a configuration file is found (3 ms a start)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover (Python 3.10)
        import tomli as tomllib
    return tomllib


def _read(path: str, shown: str) -> dict[str, Any]:
    tomllib = _toml()
    try:
        with open(path, "rb") as handle:
            document: dict[str, Any] = tomllib.load(handle)
            return document
    except OSError as error:
        raise ConfigError(f"{shown}: cannot be read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{shown}: invalid TOML: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: invalid TOML: the file is not UTF-8") from None


# The ways TOML can open a [tool.lpmanifest] table: `tool.lpmanifest` in a table header or
# a dotted key, a `[tool]` table, or an inline `tool = {...}`. A pyproject.toml with none
# of them is not parsed: many name lpmanifest only as a dependency, and importing tomllib
# and parsing costs more than validating a manifest.
_MAYBE_SECTION = re.compile(
    rb"""tool["']?\s*\.\s*["']?lpmanifest|^\s*\[\s*["']?tool["']?\s*\]|tool["']?\s*=\s*\{""",
    re.MULTILINE,
)


def _has_section(path: str) -> bool:
    """Whether a pyproject.toml has a [tool.lpmanifest] table (a broken one counts: it is ours
    to report, not to skip)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return False
    if not _MAYBE_SECTION.search(raw):
        return False
    tomllib = _toml()
    try:
        return _tool_section(tomllib.loads(raw.decode("utf-8"))) is not None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True


def _tool_section(document: Mapping[str, Any]) -> dict[str, Any] | None:
    tool = document.get("tool")
    if not isinstance(tool, dict):
        return None
    section = tool.get("lpmanifest")
    return section if isinstance(section, dict) else None


def _parse(table: Mapping[str, Any], where: str, path: str) -> Config:
    from lpmanifest.findings.wording import suggest

    for key in table:
        if key not in KEYS:
            guess = suggest(key, KEYS)
            hint = f"; did you mean {guess!r}?" if guess else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")
    select = table.get("select")
    ignore = table.get("ignore")
    return Config(
        path=path,
        select=None if select is None else _rule_list(select, f"{where}: select"),
        ignore=None if ignore is None else _rule_list(ignore, f"{where}: ignore", ignoring=True),
        severities=_severities(table.get("severity", {}), f"{where}: severity"),
        fail_on=_fail_on(table.get("fail-on"), f"{where}: fail-on"),
        allow_placeholders=_boolean(
            table.get("allow-placeholders"), f"{where}: allow-placeholders"
        ),
    )


def check_rule_name(name: str, where: str) -> str:
    """A known rule name or code, or a ConfigError with a did-you-mean."""
    from lpmanifest.rules import rule_selection

    rule_selection([name], where, error=ConfigError)
    return name


def _rule_list(value: Any, where: str, ignoring: bool = False) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f'{where}: expected a list of rule names, such as ["unlisted-scope"]')
    from lpmanifest.rules import rule_selection

    return rule_selection(value, where, ignoring=ignoring, error=ConfigError)


def _severities(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f'{where}: expected a table of rule = "error"|"warning"|"info"')
    levels: dict[str, Severity] = {}
    for name, level in value.items():
        check_rule_name(name, where)
        from lpmanifest.findings import load_rules
        from lpmanifest.rules import lookup

        info = lookup(name)
        if info is not None and info.code in load_rules.ALWAYS_REPORTED:
            raise ConfigError(
                f"{where}.{name}: cannot be changed: a file that cannot be read as a manifest "
                "is always an error"
            )
        levels[name] = _severity(level, f"{where}.{name}")
    return levels


def _severity(value: Any, where: str) -> Severity:
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: expected one of {', '.join(SEVERITIES)}, not {value!r}")
    return Severity(value)


def _fail_on(value: Any, where: str) -> Severity | None:
    return None if value is None else _severity(value, where)


def _boolean(value: Any, where: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, not {value!r}")
    return value
