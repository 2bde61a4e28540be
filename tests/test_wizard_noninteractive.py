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

from lpmanifest.check.checker import Checker
from lpmanifest.commands.new import Request, run
from lpmanifest.errors import UsageError
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.rules import LINT_RULES
from lpmanifest.schema import load_template
from lpmanifest.source.read import load_file
from lpmanifest.wizard.events import offered_events

from .conftest import rule_reason

ROOT = Path(__file__).resolve().parent.parent
CONTENT = "ms.MessagingEventNotification.ContentEvent"
# The five canonical event types, in schema order (test_wizard_keys checks the list).
EVENTS = list(offered_events())
# The help of the placeholder-value rule's findings, which a refusal shows after the message.
PLACEHOLDER_HELP = "replace it with your application's real value"
WEB_APP_ANSWERS = (
    "client_name=com.example.webapp",
    "redirect_uris=[https://app.example.com/callback]",
    "entry_uri=https://app.example.com/entry",
)


def findings_of(path: Path) -> list[Finding]:
    """What `lpmanifest validate` says about a written manifest (template text included)."""
    doc = load_file(str(path))
    assert doc.loaded, doc.findings
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
        "client_name: com.example.connector\ngrant_types:\n  - client_credentials\n"
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
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app", sets=["entry_uri=https://{YOUR_APPLICATION_DOMAIN}/x"])
    assert str(raised.value) == (
        "--set entry_uri=https://{YOUR_APPLICATION_DOMAIN}/x: entry_uri still holds the "
        f"placeholder '{{YOUR_APPLICATION_DOMAIN}}' ({PLACEHOLDER_HELP})"
    )
    with pytest.raises(UsageError) as raised:  # header-injection judges one answer too
        new(
            tmp_path,
            template="connector",
            sets=['capabilities.webhooks[*].headers=[{header_name: "X: a", header_value: b}]'],
        )
    assert str(raised.value) == (
        '--set capabilities.webhooks[*].headers=[{header_name: "X: a", header_value: b}]: '
        "header name 'X: a' is not a valid HTTP header name (a header name is letters, digits "
        "and !#$%&'*+-.^_`|~ only: no spaces, colons or line breaks)"
    )
    with pytest.raises(UsageError, match="did you mean 'display_name'"):
        new(tmp_path, template="web-app", sets=["dispaly_name=x"])


# Template text given up front, with what the placeholder-value rule says about it (for
# LivePerson's sample name, whose wording names its page, the rule's own words). Each case
# has every other answer its template needs: only the refusal stops it.
TEMPLATE_TEXT = [
    pytest.param(
        "web-app",
        "client_name",
        "com.liveperson.MyWebApp",
        rule_reason(("client_name",), "com.liveperson.MyWebApp"),
        id="sample-client-name",
    ),
    pytest.param(
        "web-app",
        "description",
        "TODO",
        f"description is still the placeholder 'TODO' ({PLACEHOLDER_HELP})",
        id="todo",
    ),
    pytest.param(
        "connector",
        "capabilities.webhooks[*].headers",
        "[{header_name: NAME, header_value: abc}]",
        f"header_name is still the placeholder 'NAME' ({PLACEHOLDER_HELP})",
        id="sample-header-name",
    ),
]
OTHER_ANSWERS = {
    "web-app": WEB_APP_ANSWERS,
    "connector": (
        "client_name=com.example.connector",
        "capabilities.webhooks[*].endpoint=https://hooks.example.com/lp",
    ),
}


def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """`lpmanifest ARGS` in-process, in `tmp_path`, with no terminal (pytest's stdin)."""
    from lpmanifest.cli import main

    monkeypatch.chdir(tmp_path)
    return main(list(args))


@pytest.mark.parametrize(("template", "key", "value", "reason"), TEMPLATE_TEXT)
def test_template_text_given_with_set_is_a_usage_error_naming_the_option(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    template: str,
    key: str,
    value: str,
    reason: str,
) -> None:
    others = [answer for answer in OTHER_ANSWERS[template] if not answer.startswith(key + "=")]
    sets = [arg for answer in [*others, f"{key}={value}"] for arg in ("--set", answer)]
    code = run_cli(tmp_path, monkeypatch, "new", "out.json", "-t", template, "--yes", *sets)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == f"lpmanifest: error: --set {key}={value}: {reason}\n"
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize(("template", "key", "value", "reason"), TEMPLATE_TEXT)
def test_template_text_in_an_answers_file_is_a_usage_error_naming_file_and_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    template: str,
    key: str,
    value: str,
    reason: str,
) -> None:
    others = [answer for answer in OTHER_ANSWERS[template] if not answer.startswith(key + "=")]
    (tmp_path / "answers.yaml").write_text(
        "".join(answer.replace("=", ": ", 1) + "\n" for answer in others) + f"{key}: {value}\n",
        encoding="utf-8",
    )
    line = len(others) + 1
    code = run_cli(
        tmp_path,
        monkeypatch,
        "new",
        "out.json",
        "-t",
        template,
        "--yes",
        "--answers",
        "answers.yaml",
    )
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        f"lpmanifest: error: --answers answers.yaml:{line}:1: {key}: {reason}\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml"]


def test_template_text_through_the_installed_command(tmp_path: Path) -> None:
    readme = lpmanifest(
        "new",
        "out.json",
        "--template",
        "web-app",
        "--yes",
        "--set",
        "description=TODO",
        cwd=tmp_path,
    )
    assert readme.returncode == 2
    assert readme.stdout == ""
    assert readme.stderr == (
        "lpmanifest: error: --set description=TODO: description is still the placeholder 'TODO' "
        f"({PLACEHOLDER_HELP})\n"
    )
    sets = ["client_name=com.liveperson.MyWebApp", *WEB_APP_ANSWERS[1:]]
    args = [arg for answer in sets for arg in ("--set", answer)]
    refused = lpmanifest("new", "out.json", "--template", "web-app", "--yes", *args, cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        "lpmanifest: error: --set client_name=com.liveperson.MyWebApp: "
        + rule_reason(("client_name",), "com.liveperson.MyWebApp")
        + "\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_rules_that_relate_answers_wait_for_the_review(tmp_path: Path) -> None:
    """No redirect URI with authorization_code is not one answer's fault: --set takes it,
    and the review refuses the manifest (exit 1, nothing written)."""
    sets = ["client_name=com.example.webapp", "redirect_uris=", "entry_uri=https://a.example.com/"]
    code, stdout, stderr = new(tmp_path, template="web-app", sets=sets)
    assert code == 1
    assert "error LPM202 (authorization-code-without-redirect-uris)" in stdout
    assert stderr.endswith("not written: the manifest has errors\n")
    assert not (tmp_path / "out.json").exists()


def test_a_refused_option_is_shown_inertly(tmp_path: Path) -> None:
    """What users typed is data: a terminal escape in it is shown, not obeyed."""
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app", sets=["description={{ app }}\x1b[2J[bold]"])
    assert str(raised.value) == (
        "--set description={{ app }}\\x1b[2J[bold]: description still holds the placeholder "
        f"'{{{{ app }}}}' ({PLACEHOLDER_HELP})"
    )


def test_the_wizard_refuses_exactly_what_the_rule_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One detector: a sample added to the rule is refused by the wizard, one taken out is
    accepted, and a template value the rule reports is no longer offered as a default."""
    from lpmanifest.rules import placeholder_value

    original = placeholder_value.placeholders

    def changed(value: str, key: str | int | None = None) -> list[tuple[int, int, str]]:
        if value in ("com.example.sample-app", "msg.consumer"):  # added samples
            return [(0, len(value), value)]
        if value == "TODO":  # no longer a sample
            return []
        return original(value, key)

    monkeypatch.setattr(placeholder_value, "placeholders", changed)
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app", sets=["client_name=com.example.sample-app"])
    assert str(raised.value) == (
        "--set client_name=com.example.sample-app: client_name is still the placeholder "
        f"'com.example.sample-app' ({PLACEHOLDER_HELP})"
    )
    # The web-app template's scope is now template text: asked for, not taken as the default.
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="web-app", sets=[*WEB_APP_ANSWERS, "description=TODO"])
    assert str(raised.value).splitlines() == [
        "1 required answer is missing and there is no terminal to ask for it; give it with:",
        "  --set scope=VALUE  Scope",
    ]
    sets = [*WEB_APP_ANSWERS, "description=TODO", "scope=msg.consumer.custom"]
    code, _, stderr = new(tmp_path, template="web-app", sets=sets)
    assert code == 0, stderr
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["description"] == "TODO"
    assert written["scope"] == "msg.consumer.custom"


def test_a_value_past_the_loaders_limits_is_a_usage_error_not_text(tmp_path: Path) -> None:
    deep = "[" * 65 + "]" * 65
    reason = (
        "the value is too large to read: the manifest nests deeper than 64 levels (input-too-large)"
    )
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="custom", sets=[f"enabled_for_profiles={deep}"])
    assert str(raised.value) == f"--set enabled_for_profiles={deep}: {reason}"
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"client_name: com.example.x\nenabled_for_profiles: '{deep}'\n")
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="custom", answers_file=str(answers))
    assert str(raised.value) == f"--answers {answers}:2:1: enabled_for_profiles: {reason}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml"]


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
    with pytest.raises(UsageError, match=r"out\.json already exists; use --force to replace it"):
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


def test_from_asks_for_template_text_no_section_asks_about(tmp_path: Path) -> None:
    """A scope without grant types has no OAuth question; its template text is still asked
    for, so the review is not the first to object."""
    source = tmp_path / "m.json"
    source.write_text('{"client_name": "com.example.x", "scope": "TODO"}', encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        new(tmp_path, from_path=str(source))
    assert str(raised.value).splitlines()[1:] == ["  --set scope=VALUE  Scope"]
    code, _, stderr = new(tmp_path, from_path=str(source), sets=["scope=msg.consumer"])
    assert code == 0, stderr
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written == {"client_name": "com.example.x", "scope": "msg.consumer"}


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
    assert again.stderr == "lpmanifest: error: out.json already exists; use --force to replace it\n"


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


def test_a_value_that_nests_the_manifest_past_the_limit_is_refused(tmp_path: Path) -> None:
    # 64 levels are readable on their own; inside the manifest they are one too many.
    deep = "[" * 64 + "]" * 64
    with pytest.raises(UsageError) as raised:
        new(tmp_path, template="custom", sets=[f"enabled_for_profiles={deep}"])
    assert str(raised.value).startswith(f"--set enabled_for_profiles={deep}: ")
    assert "the manifest nests deeper than 64 levels" in str(raised.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("redirect_uris", "[/oauth/callback]", "relative"),
        ("entry_uri", "https://helpdesk.acme.example:99999/launch", "port"),
    ],
)
def test_a_malformed_url_given_with_set_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: str,
    words: str,
) -> None:
    # invalid-url judges one value alone, so the wizard refuses it as it is given.
    others = [answer for answer in OTHER_ANSWERS["web-app"] if not answer.startswith(key + "=")]
    sets = [arg for answer in [*others, f"{key}={value}"] for arg in ("--set", answer)]
    code = run_cli(tmp_path, monkeypatch, "new", "out.json", "-t", "web-app", "--yes", *sets)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"lpmanifest: error: --set {key}={value}: ")
    assert words in err
    assert list(tmp_path.iterdir()) == []
