"""`lpmanifest new` without a terminal: --template, --set, --answers, --yes, --from."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from lpmanifest.checker import Checker, UsageError
from lpmanifest.diagnostics import Finding, Severity
from lpmanifest.load import load_file
from lpmanifest.rules import LINT_RULES
from lpmanifest.schema import load_template
from lpmanifest.serialize import yaml_modeline
from lpmanifest.wizard import Request, run
from lpmanifest.wizard.fields import offered_events, placeholders

ROOT = Path(__file__).resolve().parent.parent
CONTENT = "ms.MessagingEventNotification.ContentEvent"
# The five canonical event types, in schema order (test_wizard_keys checks the list).
EVENTS = list(offered_events())
WEB_APP_ANSWERS = (
    "client_name=com.example.webapp",
    "redirect_uris=[https://app.example.com/callback]",
    "entry_uri=https://app.example.com/entry",
)


def findings_of(path: Path) -> list[Finding]:
    """What `lpmanifest validate` says about a written manifest (placeholders included)."""
    doc = load_file(str(path))
    assert doc.loaded, doc.findings
    assert not list(placeholders(doc.data)), list(placeholders(doc.data))
    return Checker(rules=LINT_RULES).check(doc)


def assert_valid(path: Path) -> None:
    errors = [f for f in findings_of(path) if f.severity is Severity.ERROR]
    assert not errors, errors


def new(tmp_path: Path, output: str = "out.json", **fields: Any) -> tuple[int, str, str]:
    """Run the wizard with no terminal; (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    fields.setdefault("yes", True)
    fields["sets"] = tuple(fields.get("sets", ()))
    request = Request(output=str(tmp_path / output), **fields)
    code = run(request, None, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_web_app_with_every_answer_set_writes_a_valid_manifest(tmp_path: Path) -> None:
    code, _, stderr = new(tmp_path, template="web-app", sets=WEB_APP_ANSWERS)
    assert code == 0, stderr
    assert stderr == f"lpmanifest: wrote {tmp_path / 'out.json'}\n"
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written == {
        "client_name": "com.example.webapp",
        "grant_types": ["authorization_code", "refresh_token"],
        "redirect_uris": ["https://app.example.com/callback"],
        "response_types": ["code"],
        "scope": "msg.consumer",
        "entry_uri": "https://app.example.com/entry",
    }
    assert findings_of(tmp_path / "out.json") == []


def test_missing_answers_are_listed_as_the_options_that_supply_them(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app")
    assert str(raised.value).splitlines() == [
        "3 required answers are missing and there is no terminal to ask for them; give them with:",
        "  --set client_name=VALUE             Client name",
        "  --set 'redirect_uris=[VALUE, ...]'  Redirect URIs",
        "  --set entry_uri=VALUE               Entry URI",
    ]
    assert not (tmp_path / "out.json").exists()


def test_each_missing_endpoint_is_listed_with_the_one_for_all_form(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="connector", sets=["client_name=com.example.connector"])
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("5 required answers are missing")
    options = [line.split("  ")[1].strip() for line in lines[1:6]]
    assert options == [
        f"--set 'capabilities.webhooks[\"{event}\"].endpoint=VALUE'" for event in EVENTS
    ]
    assert "ContentEvent webhook: Endpoint" in lines[1]
    assert lines[6] == (
        "(or one endpoint for every event: --set 'capabilities.webhooks[*].endpoint=VALUE')"
    )


def test_the_listed_options_supply_the_answers(tmp_path: Path) -> None:
    """Copy the listing's options (with values) back: the manifest gets written."""
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="connector")
    values = {"client_name": "com.example.connector"}
    sets = []
    for line in str(raised.value).splitlines()[1:]:
        if not line.startswith("  --set "):
            continue
        option = line.split("  ")[1].removeprefix("--set ").strip("'")
        key = option.split("=")[0]
        sets.append(f"{key}={values.get(key, 'https://hooks.example.com/lp/' + str(len(sets)))}")
    code, _, _ = new(tmp_path, template="connector", sets=sets)
    assert code == 0
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    hooks = written["capabilities"]["webhooks"]
    assert list(hooks) == EVENTS
    assert hooks[CONTENT] == {"endpoint": "https://hooks.example.com/lp/1", "max_retries": 3}
    assert_valid(tmp_path / "out.json")


def test_wildcard_endpoint_and_yaml_output(tmp_path: Path) -> None:
    code, _, _ = new(
        tmp_path,
        "out.yaml",
        template="connector",
        sets=[
            "client_name=com.example.connector",
            "capabilities.webhooks[*].endpoint=https://hooks.example.com/lp",
            # one event keeps its own endpoint; another is left out
            f"capabilities.webhooks.{CONTENT}.endpoint=https://content.example.com/lp",
            'capabilities.webhooks["cqm.ExConversationChangeNotification"]=',
            "capabilities.engagement.goal=[lead]",
        ],
    )
    assert code == 0
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        yaml_modeline()
        + "client_name: com.example.connector\ngrant_types:\n  - client_credentials\n"
    )
    written = yaml.safe_load(text)
    hooks = written["capabilities"]["webhooks"]
    assert list(hooks) == EVENTS[:4]
    assert hooks[CONTENT]["endpoint"] == "https://content.example.com/lp"
    assert {hooks[event]["endpoint"] for event in EVENTS[1:4]} == {"https://hooks.example.com/lp"}
    assert written["capabilities"]["engagement"]["goal"] == ["lead"]
    template = load_template("connector")["capabilities"]["engagement"]
    assert written["capabilities"]["engagement"]["visitor_behavior"] == template["visitor_behavior"]
    assert findings_of(tmp_path / "out.yaml") == []


def test_a_section_left_out_whole_is_not_asked(tmp_path: Path) -> None:
    code, _, _ = new(
        tmp_path,
        template="custom",
        sets=[
            "client_name=com.example.custom",
            "entry_uri=https://custom.example.com/entry",
            "capabilities.engagement=",
            "capabilities.webhooks=",
        ],
    )
    assert code == 0
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert "capabilities" not in written
    assert_valid(tmp_path / "out.json")


def test_answers_file_with_set_taking_precedence(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "client_name: com.example.custom\n"
        "client_name#ja-JP: カスタム\n"
        "display_name: 'yes'\n"
        "description: no\n"  # an answers file is typed like --set: text stays text
        "capabilities.webhooks[*].endpoint: https://hooks.example.com/lp\n"
        'capabilities.webhooks["ms.MessagingEventNotification.ContentEvent"].headers:\n'
        "  - {header_name: Authorization, header_value: Bearer abc}\n"
        "enabled_for_profiles: [12, 14]\n"
        "entry_uri: https://wrong.example.com/\n",
        encoding="utf-8",
    )
    code, _, stderr = new(
        tmp_path,
        template="custom",
        answers_file=str(answers),
        sets=["entry_uri=https://custom.example.com/entry"],
    )
    assert code == 0, stderr
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert list(written)[:4] == ["client_name", "client_name#ja-JP", "display_name", "description"]
    assert written["client_name#ja-JP"] == "カスタム"
    assert written["display_name"] == "yes"
    assert written["description"] == "no"
    assert written["entry_uri"] == "https://custom.example.com/entry"
    assert written["enabled_for_profiles"] == [12, 14]
    assert written["quick_launch_enabled"] is True
    # client_credentials only: the template's redirect URIs and response types are left out
    assert "redirect_uris" not in written and "response_types" not in written
    hooks = written["capabilities"]["webhooks"]
    assert hooks[CONTENT]["headers"] == [
        {"header_name": "Authorization", "header_value": "Bearer abc"}
    ]
    # the template's sample headers are never copied
    assert "headers" not in hooks["ms.MessagingEventNotification.RichContentEvent"]
    assert_valid(tmp_path / "out.json")


def test_a_bad_answer_is_a_usage_error_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        new(
            tmp_path,
            template="connector",
            sets=["capabilities.webhooks[*].endpoint=http://x.example"],
        )
    assert str(raised.value) == (
        "--set capabilities.webhooks[*].endpoint=http://x.example: endpoint must start with "
        "https://; it is 'http://x.example' (LivePerson only delivers webhooks over HTTPS)"
    )
    with pytest.raises(UsageError, match="is template text"):
        new(tmp_path, template="web-app", sets=["entry_uri=https://{YOUR_APPLICATION_DOMAIN}/x"])
    with pytest.raises(UsageError, match="did you mean 'display_name'"):
        new(tmp_path, template="web-app", sets=["dispaly_name=x"])


def test_answers_file_problems_are_located(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("client_name: ok\nmax_retries: 3\n", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app", answers_file=str(answers))
    assert str(raised.value).startswith(
        f"--answers {answers}:2:1: unknown answer key 'max_retries'"
    )
    answers.write_text("client_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"--answers .*answers.yaml:\d+:\d+: "):
        new(tmp_path, template="web-app", answers_file=str(answers))


def test_without_yes_and_without_a_terminal_nothing_is_assumed(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app", sets=WEB_APP_ANSWERS, yes=False)
    assert str(raised.value).splitlines() == [
        "there is no terminal to ask the questions on",
        "pass --yes to accept the default answers to every other question",
    ]
    with pytest.raises(UsageError, match=r"--template connector\|web-app\|custom"):
        new(tmp_path)


def test_an_existing_output_is_refused_before_anything_else(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match=r"out\.json already exists; pass --force to replace it"):
        new(tmp_path, template="web-app")  # answers are missing too: the file comes first
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, _ = new(tmp_path, template="web-app", sets=WEB_APP_ANSWERS, force=True)
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["client_name"] == "com.example.webapp"
    with pytest.raises(UsageError, match="does not exist"):
        new(tmp_path, "missing/out.json", template="web-app", sets=WEB_APP_ANSWERS)


def test_from_keeps_everything_not_changed(tmp_path: Path) -> None:
    source = ROOT / "examples" / "connector.json"
    original = json.loads(source.read_text(encoding="utf-8"))
    code, _, _ = new(tmp_path, from_path=str(source), sets=["display_name=Renamed"])
    assert code == 0
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written == {**original, "display_name": "Renamed"}
    assert list(written) == list(original)  # the key order too


def test_from_asks_for_every_placeholder(tmp_path: Path) -> None:
    """LivePerson's own example still holds template text: each piece is a required answer."""
    source = ROOT / "tests" / "examples" / "docs" / "connector-api.json"
    with pytest.raises(UsageError) as raised:
        new(tmp_path, from_path=str(source))
    lines = str(raised.value).splitlines()[1:]
    options = [line.split()[1] for line in lines if line.startswith("  --set")]
    assert options[:2] == ["client_name=VALUE", "description=VALUE"]
    assert len(options) == 7  # and the five endpoints


def test_from_leaves_out_server_assigned_fields(tmp_path: Path) -> None:
    source = tmp_path / "downloaded.json"
    source.write_text(
        json.dumps(
            {
                "id": "abc",
                "client_id": "x",
                "client_secret": "s3cr3t-value",
                "client_name": "com.example.x",
                "grant_types": ["authorization_code"],
                "redirect_uris": ["https://a.example.com/cb"],
                "capabilities": {"webhooks": {"retry": {"retention_time": 3600}}},
            }
        ),
        encoding="utf-8",
    )
    code, stdout, stderr = new(tmp_path, from_path=str(source))
    assert code == 0
    assert "left out client_secret" in stderr and "s3cr3t" not in stderr + stdout
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written == {
        "client_name": "com.example.x",
        "grant_types": ["authorization_code"],
        "redirect_uris": ["https://a.example.com/cb"],
    }


def test_from_with_errors_the_questions_cannot_fix_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"client_name": "com.example.x", "clinet_name": "typo"}', encoding="utf-8")
    code, stdout, stderr = new(tmp_path, from_path=str(source))
    assert code == 1
    assert "unknown key 'clinet_name'" in stdout
    assert stderr.endswith("not written: the manifest has errors\n")
    assert not (tmp_path / "out.json").exists()
    source.write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match=r"--from .*bad.json: the file is empty$"):
        new(tmp_path, from_path=str(source))
    source.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(UsageError, match=r"--from .*bad.json:1:1: the manifest is an array"):
        new(tmp_path, from_path=str(source))
    with pytest.raises(UsageError) as raised:
        new(tmp_path, from_path=str(tmp_path / "nowhere.json"))
    assert str(raised.value) == (
        f"--from {tmp_path / 'nowhere.json'} cannot be read: No such file or directory"
    )


def test_from_with_no_output_edits_in_place_only_with_force(tmp_path: Path) -> None:
    source = tmp_path / "m.json"
    source.write_text('{"client_name": "com.example.x"}', encoding="utf-8")
    request = Request(from_path=str(source), yes=True, sets=("display_name=X",))
    with pytest.raises(UsageError, match="already exists"):
        run(request, None, stdout=io.StringIO(), stderr=io.StringIO())
    forced = Request(from_path=str(source), yes=True, sets=("display_name=X",), force=True)
    assert run(forced, None, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert json.loads(source.read_text()) == {"client_name": "com.example.x", "display_name": "X"}


# -- the installed command -------------------------------------------------------------------


def lpmanifest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lpmanifest", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_command_without_a_terminal(tmp_path: Path) -> None:
    missing = lpmanifest("new", "out.json", "--template", "web-app", "--yes", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr.splitlines() == [
        "lpmanifest: error: 3 required answers are missing and there is no terminal to ask for "
        "them; give them with:",
        "  --set client_name=VALUE             Client name",
        "  --set 'redirect_uris=[VALUE, ...]'  Redirect URIs",
        "  --set entry_uri=VALUE               Entry URI",
    ]
    sets = [arg for answer in WEB_APP_ANSWERS for arg in ("--set", answer)]
    written = lpmanifest("new", "out.json", "--template", "web-app", "--yes", *sets, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stderr == "lpmanifest: wrote out.json\n"
    checked = lpmanifest("validate", "out.json", cwd=tmp_path)
    assert checked.returncode == 0
    assert checked.stdout == "All checks passed: 1 file checked, no findings.\n"
    again = lpmanifest("new", "out.json", "--template", "web-app", "--yes", *sets, cwd=tmp_path)
    assert again.returncode == 2
    assert (
        again.stderr == "lpmanifest: error: out.json already exists; pass --force to replace it\n"
    )


def test_validate_does_not_import_the_prompt_libraries() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "lpmanifest",
            "validate",
            "examples/connector.json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "lpmanifest" in imported  # the listing is what we think it is
    assert not imported & {"questionary", "prompt_toolkit"}
