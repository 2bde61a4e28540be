"""Configuration: discovery upward from the working directory, every key, CLI precedence,
and a clear exit-2 error for anything unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from lpmanifest.check import config as config_module
from lpmanifest.check.config import Config, discover, find_config, load_config
from lpmanifest.errors import ConfigError
from lpmanifest.findings.model import Severity

from .lint_support import run_cli

# Triggers unlisted-scope (warning), client-name-not-reverse-dns (info) and
# placeholder-value (error) once each.
MANIFEST = "client_name: Acme Bot\nscope: msg.consumer msg.agent\ndescription: App description\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory with a manifest, as the working directory."""
    (tmp_path / "m.yaml").write_text(MANIFEST)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def names(out: str) -> list[str]:
    return sorted(
        {word.strip("()") for word in out.split() if word.startswith("(") and "-" in word}
    )


def test_no_configuration_means_defaults(project: Path) -> None:
    result = run_cli("validate", "m.yaml")
    assert result.code == 1
    assert names(result.out) == [
        "client-name-not-reverse-dns",
        "placeholder-value",
        "unlisted-scope",
    ]


def test_pyproject_section_is_found_from_a_subdirectory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.lpmanifest]\nignore = ["unlisted-scope"]\n'
        "allow-placeholders = true\n"
    )
    sub = project / "manifests" / "prod"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert find_config() == str(project / "pyproject.toml")
    result = run_cli("validate", project / "m.yaml")
    assert result.code == 0
    assert names(result.out) == ["client-name-not-reverse-dns"]


def test_search_skips_a_pyproject_without_the_section(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".lpmanifest.toml").write_text('ignore = ["client-name-not-reverse-dns"]\n')
    sub = project / "app"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    monkeypatch.chdir(sub)
    assert find_config() == str(project / ".lpmanifest.toml")


@pytest.mark.parametrize(
    "text",
    [
        '[tool.lpmanifest]\nfail-on = "warning"\n',
        '[ tool . "lpmanifest" ]\nfail-on = "warning"\n',
        '[tool]\nlpmanifest.fail-on = "warning"\n',
        '[tool]\nlpmanifest = { fail-on = "warning" }\n',
        'tool.lpmanifest.fail-on = "warning"\n',
        'tool = { lpmanifest = { fail-on = "warning" } }\n',
        '[tool.lpmanifest.severity]\nunlisted-scope = "error"\n'
        '[tool.lpmanifest]\nfail-on = "warning"\n',
    ],
)
def test_every_toml_spelling_of_the_section_is_found(
    text: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (Top-level dotted keys must come before the first table.)
    (project / "pyproject.toml").write_text(text + '[project.urls]\nhome = "x"\n')
    config = discover()
    assert config.path == str(project / "pyproject.toml")
    assert config.fail_on is Severity.WARNING


def test_a_pyproject_that_names_lpmanifest_as_a_dependency_is_not_parsed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "acme-manifests"\n'
        '[project.optional-dependencies]\ndev = ["lpmanifest>=0.1"]\n'
        '[tool.ruff]\nextend-exclude = ["lpmanifest-cache"]\n'
    )

    def refuse() -> None:
        raise AssertionError("tomllib was needed")

    monkeypatch.setattr(config_module, "_toml", refuse)
    assert discover() == Config()


def test_search_stops_at_the_first_file_with_the_section(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".lpmanifest.toml").write_text('ignore = ["unlisted-scope"]\n')
    sub = project / "app"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.lpmanifest]\nfail-on = "warning"\n')
    monkeypatch.chdir(sub)
    config = discover()
    assert config.path == str(sub / "pyproject.toml")
    assert config.ignore is None and config.fail_on is Severity.WARNING


def test_dedicated_file_wins_in_the_same_directory(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.lpmanifest]\nfail-on = "info"\n')
    (project / ".lpmanifest.toml").write_text('[tool.lpmanifest]\nfail-on = "warning"\n')
    assert discover() == Config(path=str(project / ".lpmanifest.toml"), fail_on=Severity.WARNING)


def test_every_key(project: Path) -> None:
    (project / ".lpmanifest.toml").write_text(
        'select = ["unlisted-scope", "LPM401", "placeholder-value"]\n'
        'ignore = ["placeholder-value"]\n'
        'fail-on = "warning"\n'
        "allow-placeholders = false\n"
        '[severity]\n"client-name-not-reverse-dns" = "error"\nunlisted-scope = "info"\n'
    )
    result = run_cli("validate", "m.yaml", "--format", "json")
    import json

    findings = json.loads(result.out)["findings"]
    assert [(f["name"], f["severity"]) for f in findings] == [
        ("client-name-not-reverse-dns", "error"),
        ("unlisted-scope", "info"),
    ]
    assert result.code == 1


def test_fail_on_from_config_and_the_cli_wins(project: Path) -> None:
    (project / ".lpmanifest.toml").write_text(
        'ignore = ["placeholder-value", "client-name-not-reverse-dns"]\nfail-on = "warning"\n'
    )
    assert run_cli("validate", "m.yaml").code == 1  # the warning fails, as configured
    assert run_cli("validate", "m.yaml", "--fail-on", "error").code == 0


def test_cli_select_and_ignore_replace_the_configured_lists(project: Path) -> None:
    (project / ".lpmanifest.toml").write_text(
        'ignore = ["unlisted-scope"]\nselect = ["unlisted-scope"]\n'
    )
    assert names(run_cli("validate", "m.yaml").out) == []
    result = run_cli(
        "validate", "m.yaml", "--select", "unlisted-scope,placeholder-value", "--ignore", "LPM201"
    )
    assert names(result.out) == ["unlisted-scope"]


def test_allow_placeholders_from_config_and_its_negation(project: Path) -> None:
    (project / ".lpmanifest.toml").write_text("allow-placeholders = true\n")
    assert "placeholder-value" not in run_cli("validate", "m.yaml").out
    assert "placeholder-value" in run_cli("validate", "m.yaml", "--no-allow-placeholders").out


def test_explicit_config_and_isolated(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (project / ".lpmanifest.toml").write_text('ignore = ["unlisted-scope"]\n')
    other = tmp_path_factory.mktemp("elsewhere") / "strict.toml"
    other.write_text('[tool.lpmanifest]\nselect = ["unlisted-scope"]\n')
    assert names(run_cli("validate", "m.yaml", "--config", other).out) == ["unlisted-scope"]
    assert "unlisted-scope" in names(run_cli("validate", "m.yaml", "--isolated").out)
    assert "unlisted-scope" not in names(run_cli("validate", "m.yaml").out)
    both = run_cli("validate", "m.yaml", "--isolated", "--config", other)
    assert both.code == 2 and "cannot be used together" in both.err
    missing = run_cli("validate", "m.yaml", "--config", "nope.toml")
    assert missing.code == 2 and "configuration file not found: 'nope.toml'" in missing.err


BAD = [
    ('fail_on = "warning"\n', "[tool.lpmanifest]: unknown key 'fail_on'; did you mean 'fail-on'?"),
    (
        'ignore = ["unlisted-scopes"]\n',
        "[tool.lpmanifest]: ignore: unknown rule 'unlisted-scopes'; did you mean 'unlisted-scope'?",
    ),
    ('select = "unlisted-scope"\n', "[tool.lpmanifest]: select: expected a list of rule names"),
    (
        'fail-on = "fatal"\n',
        "[tool.lpmanifest]: fail-on: expected one of info, warning, error, not 'fatal'",
    ),
    (
        "allow-placeholders = 1\n",
        "[tool.lpmanifest]: allow-placeholders: expected true or false, not 1",
    ),
    (
        'severity = { unlisted-scope = "loud" }\n',
        "[tool.lpmanifest]: severity.unlisted-scope: "
        "expected one of info, warning, error, not 'loud'",
    ),
    (
        '[tool.lpmanifest.severity]\nno-such-rule = "error"\n',
        "[tool.lpmanifest]: severity: unknown rule 'no-such-rule'",
    ),
    ('severity = "error"\n', "[tool.lpmanifest]: severity: expected a table"),
    ("select = [\n", "pyproject.toml: invalid TOML:"),
]


@pytest.mark.parametrize(
    ("body", "message"), BAD, ids=[b[1].split(":")[1].strip() or "toml" for b in BAD]
)
def test_bad_configuration_is_a_clear_error(project: Path, body: str, message: str) -> None:
    (project / "pyproject.toml").write_text("[tool.lpmanifest]\n" + body)
    result = run_cli("validate", "m.yaml")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("lpmanifest: error: pyproject.toml")
    assert message in result.err
    assert "Traceback" not in result.err


def test_dedicated_file_errors_name_it(project: Path) -> None:
    (project / ".lpmanifest.toml").write_text('selct = ["unlisted-scope"]\n')
    result = run_cli("validate", "m.yaml")
    assert result.code == 2
    assert result.err == (
        "lpmanifest: error: .lpmanifest.toml: top level: "
        "unknown key 'selct'; did you mean 'select'?\n"
    )
    (project / ".lpmanifest.toml").write_text("select = []\n[tool.lpmanifest]\nignore = []\n")
    with pytest.raises(ConfigError, match="both at the top level"):
        load_config(str(project / ".lpmanifest.toml"))


def test_unknown_rule_on_the_command_line_is_exit_2(project: Path) -> None:
    result = run_cli("validate", "m.yaml", "--ignore", "placeholder-valu")
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: --ignore: unknown rule 'placeholder-valu'; "
        "did you mean 'placeholder-value'?\n",
    )
