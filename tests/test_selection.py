"""Selection says what it selects, and never hides a file that cannot be read; the Python API
checks its arguments with the same code as the command line."""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

import pytest

from lpmanifest import UsageError, validate_data, validate_file, validate_text

from .conftest import FINISHED
from .lint_support import run_cli

BROKEN = '{\n  "client_name": "App name",\n  "scope": 5,\n}\n'


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "m.json"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_an_empty_selection_is_a_usage_error(broken: Path, value: str) -> None:
    result = run_cli("validate", "--isolated", "m.json", "--select", value)
    assert result.code == 2
    assert (
        result.err == "lpmanifest: error: --select: names no rule; `lpmanifest rules` lists them\n"
    )
    assert result.out == ""


def test_a_syntax_error_is_reported_whatever_is_selected(broken: Path) -> None:
    result = run_cli("validate", "--isolated", "-q", "m.json", "--select", "placeholder-value")
    assert result.code == 1
    assert result.out.startswith("m.json:3:13: error LPM001 (syntax-error) a trailing comma")


@pytest.mark.parametrize("name", ["syntax-error", "LPM002", "input-too-large", "unreadable-file"])
def test_what_loading_reports_cannot_be_ignored(broken: Path, name: str) -> None:
    result = run_cli("validate", "--isolated", "m.json", "--ignore", name)
    assert result.code == 2
    assert f"--ignore: {name} cannot be ignored" in result.err


def test_duplicate_keys_load_and_so_stay_selectable(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"client_name": "com.acme.a", "client_name": "com.acme.b"}', encoding="utf-8")
    assert run_cli("validate", "--isolated", path).code == 1
    assert run_cli("validate", "--isolated", path, "--ignore", "duplicate-key").code == 0


def test_unknown_names_get_a_did_you_mean(broken: Path) -> None:
    result = run_cli("validate", "--isolated", "m.json", "--select", "placeholder-value,dev-tunel")
    assert result.code == 2
    assert result.err == (
        "lpmanifest: error: --select: unknown rule 'dev-tunel'; "
        "did you mean 'dev-tunnel-endpoint'?\n"
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select = []\n", "select: names no rule"),
        ('ignore = ["syntax-error"]\n', "ignore: syntax-error cannot be ignored"),
        ('[severity]\nsyntax-error = "warning"\n', "severity.syntax-error: cannot be changed"),
        ('[severity]\nLPM008 = "info"\n', "severity.LPM008: cannot be changed"),
        ('select = ["placeholder-valu"]\n', "did you mean 'placeholder-value'?"),
    ],
)
def test_the_configuration_is_checked_the_same_way(broken: Path, config: str, message: str) -> None:
    (broken.parent / ".lpmanifest.toml").write_text(config, encoding="utf-8")
    result = run_cli("validate", "m.json")
    assert result.code == 2
    assert message in result.err


# -- the Python API ----------------------------------------------------------------------------


def test_paths_may_be_path_objects(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(BROKEN, encoding="utf-8")
    assert [f.code for f in validate_file(path)] == ["LPM001"]
    assert validate_text(BROKEN, name=path)[0].file == str(path)


@pytest.mark.parametrize(
    ("select", "ignore", "message"),
    [
        ([], (), "select: names no rule"),
        ([""], (), "select: names no rule"),
        (
            ["dev-tunel"],
            (),
            "select: unknown rule 'dev-tunel'; did you mean 'dev-tunnel-endpoint'?",
        ),
        (None, ["syntax-error"], "ignore: syntax-error cannot be ignored"),
        ([3], (), "select: expected rule names, not int"),
    ],
)
def test_the_api_checks_its_selection_as_the_command_line_does(
    select: Any, ignore: Any, message: str
) -> None:
    with pytest.raises(UsageError, match=message) as raised:
        validate_data(FINISHED, select=select, ignore=ignore)
    assert isinstance(raised.value, ValueError)


def test_the_api_takes_one_name_or_a_comma_list() -> None:
    data = {**FINISHED, "client_name": "App name", "scope": 5}
    assert [f.name for f in validate_data(data, select="placeholder-value")] == [
        "placeholder-value"
    ]
    names = {f.name for f in validate_data(data, select=["placeholder-value, wrong-type"])}
    assert names == {"placeholder-value", "wrong-type"}


def test_the_api_reports_a_syntax_error_whatever_is_selected() -> None:
    [finding] = validate_text(BROKEN, "m.json", select=["placeholder-value"])
    assert (finding.code, finding.span.line) == ("LPM001", 3)


def _recursive() -> dict[str, Any]:
    data: dict[str, Any] = {"client_name": "com.acme.app", "capabilities": {}}
    data["capabilities"]["webhooks"] = data
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"client_name": datetime.date(2024, 1, 1)}, "client_name is a datetime.date"),
        ({"client_name": "x", "grant_types": {"client_credentials"}}, "grant_types is a set"),
        (
            {"client_name": "x", "redirect_uris": ("https://a.acme.com/cb",)},
            "redirect_uris is a tuple",
        ),
        ({"client_name": "x", "capabilities": {1: {}}}, "capabilities holds the key 1 (int)"),
        (
            {"client_name": "x", "enabled_for_profiles": [math.nan]},
            "enabled_for_profiles[0] is nan",
        ),
        (_recursive(), "capabilities.webhooks refers back to the data that holds it"),
        (b"{}", "$ is a bytes"),
    ],
)
def test_data_json_cannot_hold_is_a_clear_error(data: Any, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        validate_data(data)
    assert str(raised.value).startswith(f"<data>: {message}")
    assert "manifest data holds only what JSON can" in str(raised.value)


def test_data_past_the_limits_is_refused_like_a_file() -> None:
    deep: list[Any] = []
    node = deep
    for _ in range(5_000):
        node.append([])
        node = node[0]
    [finding] = validate_data({"client_name": "com.acme.app", "description": deep})
    assert (finding.code, finding.message) == ("LPM006", "the manifest nests deeper than 64 levels")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"format": "toml"}, "format: expected 'json' or 'yaml', not 'toml'")],
)
def test_the_api_names_a_bad_argument(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        validate_text("{}", **kwargs)
    with pytest.raises(UsageError, match="text: expected a str, not bytes"):
        validate_text(b"{}")  # type: ignore[arg-type]
