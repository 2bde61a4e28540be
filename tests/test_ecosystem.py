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
from lpmanifest.check.checker import Checker
from lpmanifest.manifest import SHARED_KEYS
from lpmanifest.source.document import Document
from lpmanifest.source.read import load_text

from .conftest import CONTENT, EXAMPLES, FINISHED, ROOT, dump
from .lint_support import run_cli

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

# Files named "manifest" that are not LivePerson's: a web app's (PWA) manifest, with the
# `description`, `scope` and `id` it shares with LivePerson's; a browser extension's;
# Cloud Foundry's manifest.yml; release-please's version manifest.
PWA = {
    "id": "/",
    "name": "Acme Helpdesk",
    "short_name": "Helpdesk",
    "description": "Acme's help desk, offline too.",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "theme_color": "#0b5fff",
    "background_color": "#ffffff",
    "icons": [{"src": "/icons/192.png", "sizes": "192x192", "type": "image/png"}],
}
EXTENSION = {
    "manifest_version": 3,
    "name": "Acme Clipper",
    "version": "1.4.2",
    "description": "Clip pages into Acme.",
    "permissions": ["storage", "activeTab"],
    "background": {"service_worker": "background.js"},
    "action": {"default_popup": "popup.html"},
}
OTHER_MANIFESTS = {
    "public/manifest.json": json.dumps(PWA, indent=2) + "\n",
    "extension/manifest.json": json.dumps(EXTENSION, indent=2) + "\n",
    "manifest.yml": "applications:\n  - name: acme-api\n    memory: 512M\n    instances: 2\n",
    ".release-please-manifest.json": '{".": "1.4.2"}\n',
}


def _document(text: str, name: str = "manifest.json") -> Document:
    return load_text(text, name)


@pytest.mark.parametrize("name", list(OTHER_MANIFESTS))
def test_other_formats_named_manifest_are_unrelated(name: str) -> None:
    checker = Checker()
    assert checker.unrelated(_document(OTHER_MANIFESTS[name], name))


@pytest.mark.parametrize(
    "text",
    [
        dump(FINISHED, "json"),
        '{"client_name": "com.acme.app"}',
        '{"name": "x", "clientName": "com.acme.app"}',  # camelCase: still LivePerson's
        '{"Grant-Types": ["client_credentials"]}',
        '{"capabilities": {}, "name": "x"}',
        "{}",  # empty: checked, and missing client_name
        "[1, 2]",  # not an object: checked
        '{"name": "x",,}',  # does not parse: checked
    ],
)
def test_liveperson_manifests_and_broken_files_are_not_unrelated(text: str) -> None:
    assert not Checker().unrelated(_document(text))


def test_unrelated_ignores_the_keys_other_formats_share() -> None:
    assert {"description", "scope", "id", "enabled", "deleted"} == SHARED_KEYS  # as the README
    shared = dict.fromkeys(SHARED_KEYS, "x")
    assert Checker().unrelated(_document(json.dumps(shared)))
    assert set(load_schema()["properties"]) > SHARED_KEYS


def test_skip_unrelated_notes_each_skipped_file(tmp_path: Path) -> None:
    for name, text in OTHER_MANIFESTS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    bad = json.loads(json.dumps(FINISHED))
    bad["capabilities"]["webhooks"][CONTENT]["max_retries"] = 6
    (tmp_path / "liveperson").mkdir()
    (tmp_path / "liveperson" / "manifest.json").write_text(dump(bad, "json"))
    for jobs in ("1", "2"):
        result = run_cli("validate", "--isolated", "--skip-unrelated", "-j", jobs, tmp_path)
        assert result.code == 1
        assert "LPM107" in result.out and "liveperson/manifest.json" in result.out
        notes = [line for line in result.err.splitlines() if "skipped" in line]
        assert len(notes) == len(OTHER_MANIFESTS)
        assert all(note.startswith("lpmanifest: note: skipped ") for note in notes)
        for name in OTHER_MANIFESTS:
            assert any(f"skipped {tmp_path / name}: not a LivePerson manifest" in n for n in notes)
            assert name not in result.out
        assert "Found 1 error, 0 warnings in 1 file checked." in result.out
    (tmp_path / "liveperson" / "manifest.json").unlink()
    passed = run_cli("validate", "--isolated", "--skip-unrelated", tmp_path)
    assert passed.code == 0 and "no .json" not in passed.err
    # The last of the pair wins: a user's `args: [--no-skip-unrelated]` checks every file.
    every = run_cli("validate", "--isolated", "--skip-unrelated", "--no-skip-unrelated", tmp_path)
    assert every.code == 1 and "skipped" not in every.err
    assert "public/manifest.json" in every.out
    # --fix and --diff skip them too.
    for option in ("--fix", "--diff"):
        result = run_cli("validate", "--isolated", "--skip-unrelated", option, tmp_path)
        assert result.code == 0 and result.err.count("skipped") == len(OTHER_MANIFESTS)
    assert (tmp_path / "public" / "manifest.json").read_text() == OTHER_MANIFESTS[
        "public/manifest.json"
    ]


def test_hook_definition() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "lpmanifest-validate"
    assert hook["entry"] == "lpmanifest validate --skip-unrelated"
    pattern = re.compile(hook["files"])
    matching = ["manifest.json", "lp/manifest.prod.yaml", "app-manifest.yml", "x/lpmanifest.json"]
    matching += ["liveperson/app-manifest.prod.yaml", "lpmanifest.yml"]
    for name in matching:
        assert pattern.search(name), name
    for name in ["package.json", "config.yaml", "manifests/readme.md", ".github/ci.yml"]:
        assert not pattern.search(name), name
    assert f"`files: {hook['files']}`" in (ROOT / "README.md").read_text()


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _snapshot_of_this_repository(target: Path) -> str:
    """This repository's work tree as it is (uncommitted changes too) committed in a copy:
    pre-commit installs a hook from a commit, and HEAD alone would test the last commit."""
    try:
        listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip("not a git checkout")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "snapshot")
    return _git(target, "rev-parse", "HEAD")


class ScratchRepo:
    """A user's repository with lpmanifest's hook installed, committing through pre-commit."""

    def __init__(self, tmp_path: Path, pre_commit: Path) -> None:
        self.hooks = tmp_path / "lpmanifest"
        self.hooks.mkdir()
        self.rev = _snapshot_of_this_repository(self.hooks)
        self.path = tmp_path / "user-repo"
        self.path.mkdir()
        self.pre_commit = pre_commit
        self.env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
        self.env.pop("GITHUB_ACTIONS", None)
        _git(self.path, "init", "-q")
        self.configure()
        subprocess.run(
            [str(pre_commit), "install"], cwd=self.path, env=self.env, check=True, text=True,
            capture_output=True,
        )  # fmt: skip

    def configure(self, **hook: object) -> None:
        entry = {"id": "lpmanifest-validate", **hook}
        config = {"repos": [{"repo": str(self.hooks), "rev": self.rev, "hooks": [entry]}]}
        (self.path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            (self.path / name).parent.mkdir(parents=True, exist_ok=True)
            (self.path / name).write_text(text)

    def commit(self, message: str) -> subprocess.CompletedProcess[str]:
        """`git add -A && git commit`: the installed hook runs on what is staged."""
        _git(self.path, "add", "-A")
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m",
             message],
            cwd=self.path, env=self.env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    def run_all(self, *options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.pre_commit), "run", "--all-files", "--color", "never", *options],
            cwd=self.path, env=self.env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip


def reported(name: str, output: str) -> bool:
    """Does `output` hold a finding in `name` (`name:line:col: ...`)?"""
    return re.search(rf"(^|\s){re.escape(name)}:[0-9]+:[0-9]+: ", output, re.M) is not None


@pytest.fixture
def scratch_repo(tmp_path: Path) -> ScratchRepo:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed")
    return ScratchRepo(tmp_path, pre_commit)


def test_pre_commit_hook_passes_other_manifests_and_fails_a_broken_liveperson_one(
    scratch_repo: ScratchRepo,
) -> None:
    repo = scratch_repo
    # A web app's and a browser extension's manifest.json (and two other formats) go in.
    repo.write({**OTHER_MANIFESTS, "package.json": '{"name": "acme"}\n'})
    first = repo.commit("web app, extension")
    assert first.returncode == 0, first.stdout + first.stderr
    for name, text in OTHER_MANIFESTS.items():
        assert (repo.path / name).read_text() == text  # untouched
    assert _git(repo.path, "status", "--porcelain") == ""
    # They were handed to the hook, which skipped each by its keys, saying so.
    shown = repo.run_all("--verbose")
    assert shown.returncode == 0, shown.stdout
    for name in OTHER_MANIFESTS:
        assert f"skipped {name}: not a LivePerson manifest" in shown.stdout
    # A broken LivePerson manifest named manifest.json fails the commit.
    bad = json.loads(json.dumps(FINISHED))
    bad["capabilities"]["webhooks"][CONTENT]["max_retries"] = 6
    repo.write({"liveperson/manifest.json": dump(bad, "json")})
    failed = repo.commit("connector")
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0, output
    assert reported("liveperson/manifest.json", output) and "LPM107" in output
    assert not reported("public/manifest.json", output)
    assert not reported("extension/manifest.json", output)
    assert _git(repo.path, "log", "--format=%s") == "web app, extension"  # not committed
    # Fixed, it goes in.
    repo.write({"liveperson/manifest.json": dump(FINISHED, "json")})
    passed = repo.commit("connector")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert _git(repo.path, "log", "-1", "--format=%s") == "connector"


def test_pre_commit_hook_widened_narrowed_and_skipping_none(scratch_repo: ScratchRepo) -> None:
    """The README's ways to change what the hook checks, each as a user writes it."""
    repo = scratch_repo
    bad = json.loads(json.dumps(FINISHED))
    bad["capabilities"]["webhooks"][CONTENT]["max_retries"] = 6
    repo.write({**OTHER_MANIFESTS, "package.json": '{"name": "acme"}\n'})
    repo.write({"liveperson/connector.json": dump(FINISHED, "json")})
    repo.write({"liveperson/drafts/connector.json": dump(bad, "json")})
    _git(repo.path, "add", "-A")
    # Default: no "manifest" in the connectors' names, so they are not checked.
    default = repo.run_all()
    assert default.returncode == 0, default.stdout + default.stderr
    # Widened to every JSON and YAML file: they are, and package.json is skipped by its keys.
    repo.configure(files=r"\.(json|ya?ml)$")
    wide = repo.run_all()
    assert wide.returncode == 1, wide.stdout + wide.stderr
    assert reported("liveperson/drafts/connector.json", wide.stdout) and "LPM107" in wide.stdout
    assert "skipped package.json: not a LivePerson manifest" in wide.stdout  # beside a failure
    # Narrowed to one folder: only what is in it.
    repo.configure(files=r"^liveperson/")
    narrow = repo.run_all()
    assert narrow.returncode == 1
    assert reported("liveperson/drafts/connector.json", narrow.stdout)
    assert "package.json" not in narrow.stdout
    repo.configure(files=r"^liveperson/", exclude=r"^liveperson/drafts/")
    excluded = repo.run_all()
    assert excluded.returncode == 0, excluded.stdout
    # Skipping none: the web app's manifest is checked as a LivePerson one, and fails.
    repo.configure(args=["--no-skip-unrelated"])
    every = repo.run_all()
    assert every.returncode == 1
    assert reported("public/manifest.json", every.stdout) and "LPM102" in every.stdout
    # Extra options keep the skipping: args are appended to the hook's entry.
    repo.configure(args=["--fail-on", "warning"])
    warning = repo.run_all("--verbose")
    assert warning.returncode == 0
    assert not reported("public/manifest.json", warning.stdout), warning.stdout
    assert "skipped public/manifest.json" in warning.stdout


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
