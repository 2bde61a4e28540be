"""Environments: overlays merged by JSON Merge Patch, `${NAME}` variables, and findings in the
file (and at the line) that set the value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lpmanifest.environments.dotenv import parse_env
from lpmanifest.environments.overlays import group, merge_patch, set_by_overlay
from lpmanifest.environments.variables import Variables, substitute
from lpmanifest.errors import UsageError

from .lint_support import run_cli

CONTENT = "ms.MessagingEventNotification.ContentEvent"
CHAT = "ms.MessagingEventNotification.ChatStateEvent"

BASE = f"""\
client_name: com.acme.support-connector
display_name: Acme Support
description: Relays Acme's in-app chat to Conversational Cloud agents.
grant_types: [client_credentials]
scope: msg.consumer
capabilities:
  webhooks:
    {CONTENT}:
      endpoint: https://${{HOOKS_HOST}}/liveperson/content
      max_retries: 3
    {CHAT}:
      endpoint: https://${{HOOKS_HOST}}/liveperson/chat-state
"""
PROD = f"""\
display_name: Acme Support
capabilities:
  webhooks:
    {CONTENT}:
      max_retries: 5
    {CHAT}: null
"""
STAGING = """\
display_name: Acme Support (staging)
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HOOKS_HOST", raising=False)
    (tmp_path / "connector.yaml").write_text(BASE)
    (tmp_path / "connector.prod.yaml").write_text(PROD)
    (tmp_path / "connector.staging.yaml").write_text(STAGING)
    return tmp_path


# -- the pieces ---------------------------------------------------------------------------


def test_merge_patch_is_rfc_7386() -> None:
    # The examples of RFC 7386, section 3 (and appendix A).
    assert merge_patch({"a": "b"}, {"a": "c"}) == {"a": "c"}
    assert merge_patch({"a": "b"}, {"b": "c"}) == {"a": "b", "b": "c"}
    assert merge_patch({"a": "b"}, {"a": None}) == {}
    assert merge_patch({"a": "b", "b": "c"}, {"a": None}) == {"b": "c"}
    assert merge_patch({"a": ["b"]}, {"a": "c"}) == {"a": "c"}
    assert merge_patch({"a": "c"}, {"a": ["b"]}) == {"a": ["b"]}
    assert merge_patch({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}) == {"a": {"b": "d"}}
    assert merge_patch({"a": [{"b": "c"}]}, {"a": [1]}) == {"a": [1]}
    assert merge_patch(["a", "b"], ["c", "d"]) == ["c", "d"]
    assert merge_patch({"a": "b"}, ["c"]) == ["c"]
    assert merge_patch({"a": "foo"}, None) is None
    assert merge_patch({"e": None}, {"a": 1}) == {"e": None, "a": 1}
    assert merge_patch([1, 2], {"a": "b", "c": None}) == {"a": "b"}
    assert merge_patch({}, {"a": {"bb": {"ccc": None}}}) == {"a": {"bb": {}}}
    original = {"a": {"b": 1}}
    merge_patch(original, {"a": {"b": 2}})
    assert original == {"a": {"b": 1}}  # nothing changed in place


def test_which_file_set_a_value() -> None:
    patch = {"display_name": "x", "capabilities": {"webhooks": {CONTENT: {"max_retries": 5}}}}
    assert set_by_overlay(patch, ("display_name",))
    assert set_by_overlay(patch, ("capabilities", "webhooks", CONTENT, "max_retries"))
    assert not set_by_overlay(patch, ("capabilities", "webhooks", CONTENT, "endpoint"))
    assert not set_by_overlay(patch, ("client_name",))
    assert set_by_overlay({"grant_types": ["a", "b"]}, ("grant_types", 1))  # a list replaces
    assert not set_by_overlay(patch, ())


def test_variables_come_from_var_then_the_file_then_the_environment() -> None:
    variables = Variables({"A": "given"}, {"A": "file", "B": "file"}, {"B": "env", "C": "env"})
    data, problems = substitute({"x": "${A}-${B}-${C}", "y": ["$${A}", "plain"]}, variables)
    assert data == {"x": "given-file-env", "y": ["${A}", "plain"]}
    assert problems == []


def test_undefined_and_malformed_variables_are_problems_at_their_path() -> None:
    data, problems = substitute(
        {"a": "https://${HOST}/x", "b": ["${1abc}"], "c": "${unclosed"}, Variables(environ={})
    )
    assert data == {"a": "https://${HOST}/x", "b": ["${1abc}"], "c": "${unclosed"}
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [
        (
            ("a",),
            "the variable HOST is not defined (--var HOST=..., an --env-file line or the "
            "environment)",
        ),
        (("b", 0), "${1abc} does not start a variable"),
        (("c",), "${unclosed does not start a variable"),
    ]


def test_env_files() -> None:
    text = (
        "# comment\n\nexport HOOKS_HOST=hooks.acme.com\nA='single ${x} #kept'\n"
        'B="line\\nbreak \\"q\\""\nC=plain value # a comment\nD=\n'
    )
    assert parse_env(text, ".env") == {
        "HOOKS_HOST": "hooks.acme.com",
        "A": "single ${x} #kept",
        "B": 'line\nbreak "q"',
        "C": "plain value",
        "D": "",
    }
    with pytest.raises(UsageError, match=r"^\.env:2: expected NAME=VALUE"):
        parse_env("A=1\nnot an assignment\n", ".env")
    with pytest.raises(UsageError, match=r"^\.env:1: the double quote is not closed"):
        parse_env('A="open\n', ".env")


def test_group_finds_overlays_from_the_names_of_a_run() -> None:
    paths = [
        "d/connector.yaml",
        "d/connector.prod.yaml",
        "d/connector.staging.json",
        "d/other.yaml",
    ]
    assert group(paths, None) == (
        [("d/connector.yaml", "prod"), ("d/connector.yaml", "staging"), ("d/other.yaml", None)],
        True,
    )
    assert group(["d/app.yaml"], None) == ([("d/app.yaml", None)], False)


# -- the commands -------------------------------------------------------------------------------


def test_convert_with_an_environment_writes_the_merged_json(project: Path) -> None:
    run = run_cli(
        "convert", "connector.yaml", "--env", "prod", "--var", "HOOKS_HOST=hooks.acme.com",
        "-o", "connector.prod.json",
    )  # fmt: skip
    assert run.code == 0, run.err
    written = json.loads((project / "connector.prod.json").read_text())
    assert written["capabilities"]["webhooks"] == {
        CONTENT: {"endpoint": "https://hooks.acme.com/liveperson/content", "max_retries": 5}
    }
    assert written["display_name"] == "Acme Support"


def test_a_bad_value_in_the_overlay_is_reported_at_the_overlays_line(project: Path) -> None:
    (project / "connector.prod.yaml").write_text(PROD.replace("max_retries: 5", "max_retries: 9"))
    run = run_cli(
        "convert", "connector.yaml", "--env", "prod", "--var", "HOOKS_HOST=h.acme.com",
        "-o", "out.json",
    )  # fmt: skip
    assert run.code == 1
    assert "connector.prod.yaml:5:20: error LPM107 (out-of-range) max_retries is 9" in run.err
    assert "5 |       max_retries: 9\n" in run.err  # the overlay's frame
    assert "nothing written" in run.err
    assert not (project / "out.json").exists()


def test_an_undefined_variable_is_reported_at_the_bases_line(project: Path) -> None:
    run = run_cli("convert", "connector.yaml", "--env", "prod", "-o", "out.json")
    assert run.code == 1
    assert (
        "connector.yaml:9:17: error LPM009 (undefined-variable) the variable HOOKS_HOST is not "
        "defined" in run.err
    )
    assert "placeholder-value" not in run.err  # ${HOOKS_HOST} is a variable, not a slot
    assert not (project / "out.json").exists()


def test_variables_from_an_env_file_and_the_environment(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "prod.env").write_text("HOOKS_HOST=file.acme.com\n")
    run = run_cli("convert", "connector.yaml", "--env", "prod", "--env-file", "prod.env")
    assert run.code == 0 and "https://file.acme.com/liveperson/content" in run.out
    monkeypatch.setenv("HOOKS_HOST", "env.acme.com")
    run = run_cli("convert", "connector.yaml", "--env", "prod")
    assert run.code == 0 and "https://env.acme.com/liveperson/content" in run.out
    run = run_cli("convert", "connector.yaml", "--env-file", "prod.env", "--var", "HOOKS_HOST=v")
    assert "https://v/liveperson/content" in run.out  # --var first


def test_validate_a_folder_checks_each_base_with_each_overlay(project: Path) -> None:
    (project / "connector.prod.yaml").write_text(PROD.replace("max_retries: 5", "max_retries: 9"))
    run = run_cli("validate", ".", "-q", "--var", "HOOKS_HOST=hooks.acme.com")
    assert run.code == 1
    assert run.out.splitlines() == [
        "connector.prod.yaml:5:20: error LPM107 (out-of-range) max_retries is 9; the maximum is 5",
    ]
    assert run.err.splitlines() == [
        "lpmanifest: environment prod: connector.yaml [prod]: 1 error, 0 warnings, 0 infos",
        "lpmanifest: environment staging: connector.yaml [staging]: 0 errors, 0 warnings, 0 infos",
    ]


def test_validate_json_points_at_the_overlay(project: Path) -> None:
    (project / "connector.prod.yaml").write_text(PROD.replace("max_retries: 5", "max_retries: 9"))
    run = run_cli(
        "validate", "connector.yaml", "--env", "prod", "--format", "json",
        "--var", "HOOKS_HOST=hooks.acme.com",
    )  # fmt: skip
    [finding] = json.loads(run.out)["findings"]
    assert (finding["file"], finding["line"], finding["column"]) == ("connector.prod.yaml", 5, 20)


def test_usage_errors(project: Path) -> None:
    run = run_cli("convert", "connector.yaml", "--env", "qa")
    assert run.code == 2
    assert (
        "--env qa: no overlay connector.qa.yaml (or .yaml, .yml, .json) beside connector.yaml"
        in run.err
    )
    run = run_cli("validate", "connector.yaml", "--var", "1X=y")
    assert run.code == 2 and "--var '1X=y': expected NAME=VALUE" in run.err
    run = run_cli("validate", "connector.yaml", "--env", "../x")
    assert run.code == 2 and "an environment name is letters, digits, - and _" in run.err
    (project / "connector.bad.yaml").write_text("- a list\n")
    run = run_cli("convert", "connector.yaml", "--env", "bad", "--var", "HOOKS_HOST=h")
    assert run.code == 1 and "connector.bad.yaml:1:1: error LPM004 (not-an-object)" in run.err
    run = run_cli("validate", ".", "--fix")
    assert run.code == 2 and "--fix, --diff and --online take no environments" in run.err


def test_without_overlays_or_options_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with `${...}` and no environment option: checked as before (a template's slot)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "manifest.yaml").write_text("client_name: ${NAME}\n")
    run = run_cli("validate", "manifest.yaml", "-q")
    assert "placeholder-value" in run.out and "undefined-variable" not in run.out


def test_diff_a_base_with_env_against_the_installed_json(project: Path) -> None:
    installed = run_cli(
        "convert", "connector.yaml", "--env", "prod", "--var", "HOOKS_HOST=hooks.acme.com",
        "-o", "installed.json",
    )  # fmt: skip
    assert installed.code == 0
    same = run_cli(
        "diff", "installed.json", "connector.yaml", "--env", "prod",
        "--var", "HOOKS_HOST=hooks.acme.com",
    )  # fmt: skip
    assert (same.code, same.out) == (
        0,
        "installed.json → connector.yaml: no difference in manifest terms\n",
    )
    staging = run_cli(
        "diff", "installed.json", "connector.yaml", "--env", "staging",
        "--var", "HOOKS_HOST=hooks.acme.com", "--format", "json",
    )  # fmt: skip
    assert staging.code == 1
    paths = {change["path"] for change in json.loads(staging.out)["changes"]}
    assert "display_name" in paths
    missing = run_cli(
        "diff", "installed.json", "connector.yaml", "--env", "qa", "--var", "HOOKS_HOST=h"
    )
    assert missing.code == 2
    assert (
        "--env qa: neither installed.json nor connector.yaml has an overlay for it" in missing.err
    )
    undefined = run_cli("diff", "installed.json", "connector.yaml", "--env", "prod")
    assert undefined.code == 2
    assert "connector.yaml:9:17: the variable HOOKS_HOST is not defined" in undefined.err


def test_package_an_environment(project: Path) -> None:
    (project / "dist").mkdir()
    run = run_cli(
        "package", "connector.yaml", "--env", "prod", "--var", "HOOKS_HOST=hooks.acme.com",
        "-o", "dist/prod",
    )  # fmt: skip
    assert run.code == 0, run.out + run.err
    names = sorted(p.name for p in (project / "dist" / "prod").iterdir())
    assert names == ["SHA256SUMS", "SUMMARY.md", "connector.prod.json"]
    converted = run_cli(
        "convert", "connector.yaml", "--env", "prod", "--var", "HOOKS_HOST=hooks.acme.com"
    )
    assert (project / "dist" / "prod" / "connector.prod.json").read_text() == converted.out
    failed = run_cli("package", "connector.yaml", "--env", "prod", "-o", "dist/broken")
    assert failed.code == 1
    assert "connector.yaml:9:17: error LPM009 (undefined-variable)" in failed.out
    assert not (project / "dist" / "broken").exists()


def test_an_overlay_without_its_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "connector.prod.yaml").write_text(PROD)
    run = run_cli("convert", "connector.prod.yaml", "--env", "prod")
    assert run.code == 2
    assert (
        "connector.prod.yaml is the prod overlay of connector.yaml (or .yaml, .yml, .json), "
        "which is not beside it" in run.err
    )
