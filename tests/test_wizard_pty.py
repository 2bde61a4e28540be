"""End to end: the installed `lpmanifest new` in a real pseudo-terminal, typed at like a person.

Robust by construction: a fixed window, TERM=xterm, no colour, no cursor-position requests
(a pty has no terminal to answer them), generous timeouts, and each key sent only once the
question it answers is on the screen (matched by its help line, never by colour codes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import rule_reason

pexpect = pytest.importorskip("pexpect")

SCRIPT = Path(sys.executable).parent / "lpmanifest"
ENTER, DOWN, SPACE, CTRL_U = "\r", "\x1b[B", " ", "\x15"
TIMEOUT = 30

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not SCRIPT.exists(), reason="needs a pty and the installed script"
)


def spawn(tmp_path: Path, *args: str, columns: int = 120) -> pexpect.spawn:
    env = {
        **os.environ,
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": str(columns),
        "LINES": "40",
    }
    return pexpect.spawn(
        str(SCRIPT),
        ["new", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, columns),
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def answer(child: pexpect.spawn, seen: str, keys: str) -> None:
    child.expect_exact(seen)
    child.send(keys)


def test_a_person_writes_a_connector_manifest(tmp_path: Path) -> None:
    child = spawn(tmp_path, "out.json")
    try:
        answer(child, "Template", ENTER)  # connector, the first
        answer(child, "Choose the unique name", "com.example.connector" + ENTER)
        answer(child, "Add the client name in another language?", "n")
        answer(child, "presentation name", "Example Connector" + ENTER)
        answer(child, "Application short description", ENTER)
        answer(child, "Authorization grant", ENTER)
        answer(child, "Space-separated list of scope values", ENTER)
        answer(child, "references a logo", ENTER)
        # Five events preselected: untick ChatStateEvent and ExConversationChangeNotification.
        child.expect_exact("cqm.ExConversationChangeNotification")
        for key in (DOWN, DOWN, DOWN, SPACE, DOWN, SPACE, ENTER):
            child.send(key)
        answer(child, "One endpoint for all events", ENTER)
        answer(child, "must start with https://.", "http://hooks.example.com/lp" + ENTER)
        # Refused, with the reason, and asked again.
        child.expect_exact("endpoint must start with https://; it is 'http://hooks.example.com/lp'")
        child.send(CTRL_U + "https://hooks.example.com/lp" + ENTER)
        answer(child, "The max number of retry attempts", ENTER)
        answer(child, "All 3 webhooks: add HTTP headers to the notifications?", "n")
        answer(child, "Keep the template's engagement settings?", ENTER)
        child.expect_exact("All checks passed: 1 file checked, no findings.")
        answer(child, "Write the manifest?", ENTER)
        child.expect_exact("wrote out.json")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["client_name"] == "com.example.connector"
    hooks = written["capabilities"]["webhooks"]
    assert list(hooks) == [
        "ms.MessagingEventNotification.ContentEvent",
        "ms.MessagingEventNotification.RichContentEvent",
        "ms.MessagingEventNotification.AcceptStatusEvent",
    ]
    assert {hook["endpoint"] for hook in hooks.values()} == {"https://hooks.example.com/lp"}
    checked = subprocess.run(
        [str(SCRIPT), "validate", "out.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == "All checks passed: 1 file checked, no findings.\n"


def test_template_text_is_refused_at_once_and_asked_again(tmp_path: Path) -> None:
    """The placeholder-value rule's reason shows at the question itself, not at the review."""
    child = spawn(tmp_path, "out.json", "--template", "connector")
    try:
        answer(child, "Choose the unique name", "com.liveperson.MyConnectorApp" + ENTER)
        # the start of the rule's own words (the rest may wrap at the window's edge)
        child.expect_exact(rule_reason(("client_name",), "com.liveperson.MyConnectorApp")[:60])
        child.send(CTRL_U + "com.example.connector" + ENTER)
        answer(child, "Add the client name in another language?", "n")
        answer(child, "presentation name", "Example Connector" + ENTER)
        answer(child, "Application short description", "TODO" + ENTER)
        child.expect_exact("description is still the placeholder 'TODO'")
        child.send(CTRL_U + ENTER)
        child.expect_exact("Authorization grant")  # the good answers went on
        child.sendintr()
        child.expect_exact("interrupted; nothing written")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_in_a_terminal_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "out.json")
    try:
        answer(child, "Template", ENTER)
        answer(child, "Choose the unique name", "com.exa")
        child.sendintr()
        child.expect_exact("interrupted; nothing written")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


CTRL_B = "\x02"
WEB_APP_SETS = [
    "--set",
    "client_name=com.example.webapp",
    "--set",
    "redirect_uris=[https://app.example.com/callback]",
    "--set",
    "entry_uri=https://app.example.com/entry",
]


def test_ctrl_b_goes_back_to_the_previous_question(tmp_path: Path) -> None:
    child = spawn(tmp_path, "out.json", "--template", "web-app", *WEB_APP_SETS)
    try:
        answer(child, "Add the client name in another language?", "n")
        answer(child, "presentation name", "Example" + ENTER)
        answer(child, "Application short description", "First" + ENTER)
        # the help line says how to go back
        child.expect_exact("(Ctrl-B: back)")
        answer(child, "Grant types", CTRL_B)  # in the next section: back to the description
        child.expect_exact("About the app")  # the section gone back to is named
        # asked again, with the answer given before (styles may come between the two)
        child.expect(r"Description (\x1b\[[0-9;]*m)*First")
        child.send(CTRL_U + "Second" + ENTER)
        answer(child, "Authorization grant", ENTER)
        answer(child, "Response types", ENTER)
        answer(child, "Space-separated list of scope values", ENTER)
        answer(child, "Write the manifest?", ENTER)
        child.expect_exact("wrote out.json")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["display_name"] == "Example"
    assert written["description"] == "Second"


def test_keys_typed_before_a_question_appears_do_not_answer_it(tmp_path: Path) -> None:
    child = spawn(tmp_path, "out.json", "--template", "connector")
    try:
        # The name, Enter, and a "y" typed ahead in the same breath: the "y" must not say
        # yes to the next question (which would then ask for a language tag).
        answer(child, "Choose the unique name", "com.example.connector" + ENTER + "y")
        child.expect_exact("Add the client name in another language?")
        child.send("n")
        child.expect_exact("presentation name")  # the display name, not the language tag
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130


class Screen:
    """What a terminal of the pty's size shows: pexpect's output fed to pyte."""

    def __init__(self, child: pexpect.spawn, columns: int, lines: int) -> None:
        pyte = pytest.importorskip("pyte")
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.Stream(self.screen)
        child.logfile_read = self

    def write(self, text: str) -> None:
        self.stream.feed(text)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]


def block(lines: list[str], first: str) -> list[str]:
    """The lines from the one that starts with `first` to the next empty line or prompt."""
    start = next(index for index, line in enumerate(lines) if line.startswith(first))
    end = start + 1
    while end < len(lines) and lines[end] and not lines[end].startswith("?"):
        end += 1
    return lines[start:end]


def test_help_and_refusals_wrap_at_a_narrow_terminal_without_cutting_a_word(
    tmp_path: Path,
) -> None:
    from lpmanifest.wizard.fields import field_at

    columns = 40
    child = spawn(tmp_path, "out.json", "--template", "connector", columns=columns)
    screen = Screen(child, columns, 40)
    try:
        answer(child, "Client name", "com.liveperson.MyConnectorApp" + ENTER)
        reason = rule_reason(("client_name",), "com.liveperson.MyConnectorApp")
        child.expect_exact("real value)")  # the end of the reason, on the screen
        lines = screen.lines()
        for text in (field_at(("client_name",)).help, reason):
            shown = block(lines, text[:20])
            assert all(len(line) <= columns - 1 for line in shown)
            assert " ".join(shown).split() == text.split()  # every word, none cut
            assert len(shown) > 1  # it was wrapped
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()


def test_broken_yaml_is_fixed_through_the_questions_and_written(tmp_path: Path) -> None:
    """`new --from examples/broken.yaml`: misspelt keys renamed, the out-of-range value
    refused and asked again, and Write, with the file's comment kept."""
    source = Path(__file__).resolve().parent.parent / "examples" / "broken.yaml"
    (tmp_path / "broken.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    child = spawn(tmp_path, "--from", "broken.yaml", "--force")
    try:
        answer(child, "did you mean 'display_name'?", ENTER)  # rename it (the default)
        answer(child, "Unknown key ms.MessagingEventNotification.AccpetStatusEvent", ENTER)
        answer(child, "Choose the unique name", ENTER)
        answer(child, "Add the client name in another language?", "n")
        answer(child, "presentation name", ENTER)
        answer(child, "Application short description", ENTER)
        answer(child, "Webhook events", ENTER)
        answer(child, "One endpoint for each event", ENTER)  # the default: they differ
        answer(child, "ContentEvent webhook: Endpoint", ENTER)
        answer(child, "ContentEvent webhook: Max retries", ENTER)
        child.expect_exact("max_retries is 6; the maximum is 5")
        child.send(CTRL_U + "5" + ENTER)
        answer(child, "ContentEvent webhook: add HTTP headers", "n")
        answer(child, "AcceptStatusEvent webhook: Endpoint", ENTER)
        answer(child, "AcceptStatusEvent webhook: Max retries", ENTER)
        answer(child, "AcceptStatusEvent webhook: add HTTP headers", "n")
        child.expect_exact("All checks passed: 1 file checked, no findings.")
        answer(child, "Write broken.yaml", ENTER)
        child.expect_exact("wrote broken.yaml")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    written = (tmp_path / "broken.yaml").read_text(encoding="utf-8")
    assert written == (
        source.read_text(encoding="utf-8")
        .replace("dispaly_name", "display_name")
        .replace("AccpetStatusEvent", "AcceptStatusEvent")
        .replace("max_retries: 6", "max_retries: 5")
    )
