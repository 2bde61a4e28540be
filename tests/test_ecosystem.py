"""Fitting in: the pre-commit hook, the GitHub Action, the Python API."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lpmanifest import Finding, load_schema, validate_data, validate_file, validate_text

from .conftest import CONTENT, EXAMPLES, FINISHED, ROOT, dump

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


# -- Python API ---------------------------------------------------------------------------


def test_api_validate_file_returns_located_findings() -> None:
    findings = validate_file(str(EXAMPLES / "broken.yaml"))
    assert all(isinstance(f, Finding) for f in findings)
    assert [(f.span.line, f.span.column, f.code) for f in findings] == [
        (3, 1, "LPM101"),
        (6, 5, "LPM101"),
        (10, 20, "LPM107"),
    ]
    assert str(findings[-1]).endswith(
        "broken.yaml:10:20: error LPM107 (out-of-range) max_retries is 6; the maximum is 5"
    )
    assert validate_file(str(EXAMPLES / "connector.json")) == []


def test_api_validate_data_text_and_selection() -> None:
    data = json.loads(json.dumps(FINISHED))
    assert validate_data(data) == []
    data["capabilities"]["webhooks"][CONTENT]["max_retries"] = 9
    (finding,) = validate_data(data)
    assert finding.name == "out-of-range" and finding.path[-1] == "max_retries"
    assert validate_data(data, ignore=["out-of-range"]) == []
    (located,) = validate_text(dump(data, "yaml"), "m.yaml")
    assert located.span.line > 1
    assert validate_data([1, 2])[0].name == "not-an-object"
    assert load_schema()["$schema"].endswith("2020-12/schema")


def test_readme_api_example_runs_as_shown(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"```sh\n(python -c \"from lpmanifest import .*?\")\n```", readme, re.S)
    assert match, "the README shows a python -c example of the API"
    (tmp_path / "m.json").write_text('{"client_name": "com.acme.x", "scope": 5}\n')
    command = match.group(1).replace("python ", f"{sys.executable} ", 1)
    result = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "m.json:1:40: error LPM103 (wrong-type)" in result.stdout


# -- pre-commit -----------------------------------------------------------------------------


def test_hook_definition() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "lpmanifest-validate"
    assert hook["entry"] == "lpmanifest validate"
    pattern = re.compile(hook["files"])
    for name in ["manifest.json", "lp/manifest.prod.yaml", "app-manifest.yml", "x/lpmanifest.json"]:
        assert pattern.search(name), name
    for name in ["package.json", "config.yaml", "manifests/readme.md", ".github/ci.yml"]:
        assert not pattern.search(name), name


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_hook_from_this_repository(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed")
    try:
        head = _git(ROOT, "rev-parse", "HEAD")
    except subprocess.CalledProcessError:
        pytest.skip("not a git checkout")
    user = tmp_path / "user-repo"
    user.mkdir()
    _git(user, "init", "-q")
    config = {"repos": [{"repo": str(ROOT), "rev": head, "hooks": [{"id": "lpmanifest-validate"}]}]}
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    bad = json.loads(json.dumps(FINISHED))
    bad["capabilities"]["webhooks"][CONTENT]["max_retries"] = 6
    (user / "manifest.json").write_text(dump(bad, "json"))
    (user / "package.json").write_text('{"name": "not a manifest"}')
    _git(user, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def pre_commit_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(pre_commit), "run", "--all-files", "--color", "never"],
            cwd=user,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failed = pre_commit_run()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "manifest.json" in failed.stdout and "LPM107" in failed.stdout
    assert "package.json" not in failed.stdout
    (user / "manifest.json").write_text(dump(FINISHED, "json"))
    passed = pre_commit_run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


# -- GitHub Action -------------------------------------------------------------------------------


def test_action_is_composite_and_passes_inputs_through_the_environment() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "format"}
    assert action["inputs"]["format"]["default"] == "github"
    scripts = [step.get("run", "") for step in action["runs"]["steps"]]
    assert any("lpmanifest validate" in script for script in scripts)
    # No `${{ inputs.* }}` inside a script: that would be a script-injection hole.
    assert not any("${{" in script for script in scripts)
