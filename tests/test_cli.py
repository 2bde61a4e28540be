"""The command line, in-process through `main(argv)` and as the installed console script."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lpmanifest import __version__
from lpmanifest.cli import main
from lpmanifest.schema import load_schema

from .conftest import CONTENT, EXAMPLES, FINISHED, dump, value_position

BROKEN_YAML = """\
# a connector
client_name: com.acme.support-connector
capabilities:
  webhooks:
    ms.MessagingEventNotification.ContentEvent:
      endpoint: https://hooks.acme.example/content
      max_retries: 6
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_YAML)
    return path


def test_valid_examples_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(EXAMPLES / "connector.yaml")], capsys)
    assert (code, err) == (0, "")
    assert out == "All checks passed: 1 file checked, no findings.\n"


def test_text_report_has_location_frame_help_and_summary(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["validate", "--color", "never", str(broken)], capsys)
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"{broken}:7:20: error LPM107 (out-of-range) max_retries is 6; the maximum is 5"
    )
    assert lines[1:7] == [
        "  |",
        "6 |       endpoint: https://hooks.acme.example/content",
        "7 |       max_retries: 6",
        "  |                    ^",
        "  |",
        "  = help: allowed range: 0 to 5",
    ]
    assert lines[7] == f'  = path: capabilities.webhooks["{CONTENT}"].max_retries'
    assert lines[-1] == "Found 1 error, 0 warnings in 1 file checked."


def test_json_format_is_stable_and_located(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["validate", "--format", "json", str(broken)], capsys)
    report = json.loads(out)
    assert code == 1
    assert report["version"] == 1
    assert report["summary"] == {"files": 1, "errors": 1, "warnings": 0, "infos": 0}
    (finding,) = report["findings"]
    assert finding == {
        "file": str(broken),
        "line": 7,
        "column": 20,
        "end_line": 7,
        "end_column": 21,
        "path": f'capabilities.webhooks["{CONTENT}"].max_retries',
        "code": "LPM107",
        "name": "out-of-range",
        "severity": "error",
        "message": "max_retries is 6; the maximum is 5",
        "help": "allowed range: 0 to 5",
        "fix": None,
    }


def test_directories_are_searched_and_paths_shown_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "envs" / "prod").mkdir(parents=True)
    (tmp_path / "envs" / "prod" / "m.yml").write_text(BROKEN_YAML)
    (tmp_path / "envs" / "ok.json").write_text(json.dumps(FINISHED))
    (tmp_path / "envs" / "notes.txt").write_text("not a manifest")
    (tmp_path / "envs" / "node_modules").mkdir()
    (tmp_path / "envs" / "node_modules" / "x.json").write_text("[")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["validate", "-q", "envs"], capsys)
    assert code == 1
    assert out.splitlines() == [
        "envs/prod/m.yml:7:20: error LPM107 (out-of-range) max_retries is 6; the maximum is 5"
    ]
    code, out, _ = run(["validate", "envs/**/*.json"], capsys)
    assert (code, out) == (0, "All checks passed: 1 file checked, no findings.\n")


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", "does/not/exist.json"], capsys)
    assert (code, out) == (2, "")
    assert err == "lpmanifest: error: no such file or directory: 'does/not/exist.json'\n"
    code, _, err = run(["validate", "nothing-*.json"], capsys)
    assert code == 2 and "no file matches" in err


def test_no_paths_and_bad_options_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate"], capsys)[0] == 2
    code, _, err = run(["validate", "--format", "xml", "x.json"], capsys)
    assert code == 2 and "xml" in err
    code, _, err = run(["validate", "--select", "no-such-rule", "x.json"], capsys)
    assert code == 2 and "unknown rule 'no-such-rule'" in err


def test_stdin_with_a_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BROKEN_YAML.encode())))
    code, out, _ = run(["validate", "-q", "-", "--stdin-filename", "prod.yaml"], capsys)
    assert code == 1
    assert out.startswith("prod.yaml:7:20: error LPM107")


def test_fail_on_and_ignore(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", "--ignore", "out-of-range", str(broken)], capsys)[0] == 0
    assert run(["validate", "--select", "LPM101", str(broken)], capsys)[0] == 0
    assert run(["validate", "--select", "out-of-range,LPM101", str(broken)], capsys)[0] == 1


def test_warnings_fail_only_with_fail_on_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(dump(FINISHED, "yaml") + "quick_launch_enabled: no\n")
    code, out, _ = run(["validate", str(path)], capsys)
    assert code == 0 and "Found 0 errors, 1 warning" in out
    assert run(["validate", "--fail-on", "warning", str(path)], capsys)[0] == 1


def test_parse_errors_are_findings_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.json"
    path.write_text('{\n  "client_name": "x",\n}\n')
    code, out, _ = run(["validate", "-q", str(path)], capsys)
    assert code == 1
    assert out.startswith(f"{path}:2:21: error LPM001 (syntax-error) a trailing comma")


def test_manifest_values_are_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data: dict[str, Any] = json.loads(json.dumps(FINISHED))
    data["[bold red]evil[/]\x1b[2J\x1b]0;title\x07"] = "x"
    data["capabilities"]["webhooks"][CONTENT]["endpoint"] = "http://\x1b[31mred"
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data, indent=2))
    for color in ("always", "never"):
        code, out, _ = run(["validate", "--color", color, str(path)], capsys)
        assert code == 1
        assert "\x1b[2J" not in out and "\x1b]0" not in out and "\x07" not in out
        assert "\x1b[31mred" not in out
        assert "[bold red]evil[/]\\x1b[2J" in out  # markup printed literally, escape visible
    _, out, _ = run(["validate", "--format", "json", str(path)], capsys)
    assert "\x1b" not in out and json.loads(out)["summary"]["errors"] == 2


def test_color_choices(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run(["validate", "--color", "always", str(broken)], capsys)
    assert "\x1b[" in out
    _, out, _ = run(["validate", "--color", "never", str(broken)], capsys)
    assert "\x1b[" not in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(["validate", str(broken)], capsys)
    assert "\x1b[" not in out


def test_secret_is_masked_in_frames(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("client_name: x\nclient_secret: kgvbkk7glku72jgtmpi6l4a872\nscope: 5\n")
    _, out, _ = run(["validate", str(path)], capsys)
    assert "scope" in out and "kgvbkk7glku72jgtmpi6l4a872" not in out


def test_schema_command_prints_the_bundled_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and json.loads(out) == load_schema()
    assert json.loads(out)["$id"] == "https://lpmanifest.dev/schemas/manifest.schema.json"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"], capsys) == (0, f"lpmanifest {__version__}\n", "")


def test_unexpected_errors_become_a_bug_report_hint(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("lpmanifest.check.checker.Checker.check", explode)
    code, _, err = run(["validate", str(broken)], capsys)
    assert code == 2
    assert "RuntimeError: boom" in err and "bug" in err and "Traceback" not in err


def test_keyboard_interrupt_exits_130(
    broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("lpmanifest.check.checker.Checker.check", interrupt)
    assert run(["validate", str(broken)], capsys)[::2] == (130, "lpmanifest: error: interrupted\n")


# -- as a real subprocess of the installed console script ------------------------------------


def console_script() -> str:
    candidate = Path(sys.executable).parent / "lpmanifest"
    found = str(candidate) if candidate.exists() else shutil.which("lpmanifest")
    assert found, "the lpmanifest console script is not installed"
    return found


def test_console_script_validates_yaml_and_json(tmp_path: Path) -> None:
    data = json.loads(json.dumps(FINISHED))
    data["capabilities"]["webhooks"][CONTENT]["max_retries"] = 6
    for fmt in ("yaml", "json"):
        text = dump(data, fmt)
        path = tmp_path / f"m.{fmt}"
        path.write_text(text)
        result = subprocess.run(
            [console_script(), "validate", str(path)], capture_output=True, text=True, timeout=60
        )
        line, column = value_position(text, "max_retries")
        assert result.returncode == 1, result.stderr
        assert result.stdout.startswith(f"{path}:{line}:{column}: error LPM107")
        assert f"{line} |" in result.stdout and "^" in result.stdout
        assert "the maximum is 5" in result.stdout
        assert result.stderr == ""


def test_python_dash_m_and_no_traceback_on_stdin_garbage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lpmanifest", "validate", "-"],
        input=b"\xff\xfe\x00garbage",
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr + result.stdout
    assert b"LPM002" in result.stdout


def test_a_directory_without_manifests_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("nothing to check")
    code, out, err = run(["validate", str(tmp_path)], capsys)
    assert code == 0
    assert out == "All checks passed: 0 files checked, no findings.\n"
    assert err == f"lpmanifest: warning: no .json, .yaml or .yml file found in {str(tmp_path)!r}\n"


def test_help_shows_brackets_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    """Help text is plain: `[tool.lpmanifest]` is not swallowed as console markup."""
    code, out, _ = run(["validate", "--help"], capsys)
    assert code == 0
    assert "Settings come from [tool.lpmanifest] in pyproject.toml" in " ".join(out.split())
    assert "--jobs" in out
