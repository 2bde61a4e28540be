"""Safe fixes: each fix's exact result, `--fix` and `--diff`, atomic writes, and properties
(a fix never makes a valid file invalid; fixing twice changes nothing the second time)."""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.check.checker import Checker
from lpmanifest.findings.model import Applicability, Edit, Fix
from lpmanifest.fix.apply import apply_fixes, fix_document
from lpmanifest.output.serialize import dump_yaml
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.read import load_file, load_text

from .lint_support import GOOD_EXAMPLES, apply_fix, check, good_manifests, run_cli

CHECKER = Checker(rules=LINT_RULES)


def fixed(text: str, format: str = "json") -> str:
    """The text after every safe fix (all passes)."""
    return fix_document(load_text(text, f"m.{format}", format), CHECKER).after


# -- one fix at a time ---------------------------------------------------------------------


FIX_CASES = [
    # table-spelling: the ExConversation key, renamed in place (quotes and comments kept)
    (
        "table-spelling",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '  "ms.MessagingEventNotification.ExConversationChangeNotification": '
        '{"endpoint": "https://h.acme.com/x"}}}}',
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '  "cqm.ExConversationChangeNotification": {"endpoint": "https://h.acme.com/x"}}}}',
    ),
    (
        "table-spelling",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ExConversationChangeNotification:  # conv\n"
        "      endpoint: https://h.acme.com/x\n",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    cqm.ExConversationChangeNotification:  # conv\n"
        "      endpoint: https://h.acme.com/x\n",
    ),
    # table-spelling: a single string where an array is canonical
    (
        "table-spelling",
        "json",
        '{"capabilities": {"engagement": {"goal": "lead"}}}',
        '{"capabilities": {"engagement": {"goal": ["lead"]}}}',
    ),
    (
        "table-spelling",
        "yaml",
        "capabilities:\n  engagement:\n    target_audience: age  # for now\n",
        "capabilities:\n  engagement:\n    target_audience: [age]  # for now\n",
    ),
    # server-assigned-field: the whole member, commas handled
    (
        "server-assigned-field",
        "json",
        '{\n  "client_name": "com.acme.app",\n  "deleted": false\n}\n',
        '{\n  "client_name": "com.acme.app"\n}\n',
    ),
    (
        "server-assigned-field",
        "json",
        '{"id": "1", "client_name": "com.acme.app"}',
        '{"client_name": "com.acme.app"}',
    ),
    (
        "server-assigned-field",
        "yaml",
        "# downloaded from the API\nclient_id: 75588e18  # assigned\nclient_name: com.acme.app\n",
        "# downloaded from the API\nclient_name: com.acme.app\n",
    ),
    # duplicate-item (a schema finding): the repeat goes
    (
        "duplicate-item",
        "json",
        '{"grant_types": [\n  "client_credentials",\n  "refresh_token",\n'
        '  "client_credentials"\n]}',
        '{"grant_types": [\n  "client_credentials",\n  "refresh_token"\n]}',
    ),
    (
        "duplicate-item",
        "yaml",
        "client_name: com.acme.app\ngrant_types:\n  - client_credentials\n"
        "  - client_credentials  # pasted twice\n  - refresh_token\n",
        "client_name: com.acme.app\ngrant_types:\n  - client_credentials\n  - refresh_token\n",
    ),
    (
        "duplicate-item",
        "yaml",
        "enabled_for_profiles: [12, 13, 12]\n",
        "enabled_for_profiles: [12, 13]\n",
    ),
    # invalid-format (a schema finding): `HTTPS://` in any case, only the scheme lowered
    (
        "invalid-format",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '  "ms.MessagingEventNotification.ContentEvent": '
        '{"endpoint": "HTTPS://Hooks.Acme.com/LP?Region=EU"}}}}',
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '  "ms.MessagingEventNotification.ContentEvent": '
        '{"endpoint": "https://Hooks.Acme.com/LP?Region=EU"}}}}',
    ),
    (
        "invalid-format",
        "json",
        # An escape after the scheme does not stop the fix; before it, it would.
        '{"capabilities": {"webhooks": {"cqm.ExConversationChangeNotification": '
        '{"endpoint": "hTTPs:\\/\\/hooks.acme.com/caf\\u00e9"}}}}',
        '{"capabilities": {"webhooks": {"cqm.ExConversationChangeNotification": '
        '{"endpoint": "https:\\/\\/hooks.acme.com/caf\\u00e9"}}}}',
    ),
    (
        "invalid-format",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: Https://hooks.acme.com/lp  # production\n",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: https://hooks.acme.com/lp  # production\n",
    ),
    (
        "invalid-format",
        "yaml",
        "capabilities:\n  webhooks:\n    ms.MessagingEventNotification.ChatStateEvent:\n"
        "      endpoint: 'HTTPS://hooks.acme.com/chat-state'\n",
        "capabilities:\n  webhooks:\n    ms.MessagingEventNotification.ChatStateEvent:\n"
        "      endpoint: 'https://hooks.acme.com/chat-state'\n",
    ),
    (
        "invalid-format",
        "yaml",
        "capabilities: {webhooks: {cqm.ExConversationChangeNotification: "
        '{endpoint: "HTTPS://hooks.acme.com/c\\u00e9", max_retries: 2}}}\n',
        "capabilities: {webhooks: {cqm.ExConversationChangeNotification: "
        '{endpoint: "https://hooks.acme.com/c\\u00e9", max_retries: 2}}}\n',
    ),
    # yaml-implicit-boolean
    (
        "yaml-implicit-boolean",
        "yaml",
        "client_name: com.acme.app\nquick_launch_enabled: On  # menu\n",
        "client_name: com.acme.app\nquick_launch_enabled: true  # menu\n",
    ),
]


@pytest.mark.parametrize(
    ("rule", "format", "before", "after"),
    FIX_CASES,
    ids=[f"{case[0]}-{case[1]}-{i}" for i, case in enumerate(FIX_CASES)],
)
def test_fix_result(rule: str, format: str, before: str, after: str) -> None:
    [finding] = [f for f in check(before, format) if f.name == rule]
    assert apply_fix(before, finding) == after
    assert fixed(before, format) == after
    assert not [f for f in check(after, format) if f.name == rule]


def test_byte_order_mark_fix_removes_only_the_mark() -> None:
    doc = load_text('\ufeff{\r\n  "client_name": "com.acme.app"\r\n}\r\n', "m.json")
    result = fix_document(doc, CHECKER)
    assert result.before.startswith("\ufeff")
    assert result.after == '{\r\n  "client_name": "com.acme.app"\r\n}\r\n'
    assert result.applied == 1 and result.findings == []


def test_fixes_keep_the_bom_and_crlf_they_do_not_touch() -> None:
    before = '\ufeffclient_name: com.acme.app\r\nid: "7"\r\ndeleted: no\r\n'
    doc = load_text(before, "m.yaml")
    checker = Checker(rules=[r for r in LINT_RULES if r.info.name != "byte-order-mark"])
    result = fix_document(doc, checker)
    assert result.after == "\ufeffclient_name: com.acme.app\r\n"


def test_overlapping_fixes_are_applied_in_passes() -> None:
    # Removing "id" takes the comma after it, removing the last member "deleted" takes the
    # comma before it: the same comma. One pass applies one, the next pass the other.
    before = '{\n  "client_name": "com.acme.app",\n  "id": "1",\n  "deleted": true\n}\n'
    doc = load_text(before, "m.json")
    findings = CHECKER.check(doc)
    _, count = apply_fixes(before, [f.fix for f in findings if f.fix])
    assert count == 1
    result = fix_document(doc, CHECKER)
    assert result.after == '{\n  "client_name": "com.acme.app"\n}\n'
    assert result.applied == 2


def test_apply_fixes_skips_conflicts_and_keeps_each_fix_whole() -> None:
    text = "abcdef"
    first = Fix("one", (Edit(0, 2, "X"), Edit(4, 5, "Y")))
    clash = Fix("two", (Edit(1, 3, "Z"),))
    apart = Fix("three", (Edit(5, 6, "W"),))
    assert apply_fixes(text, [clash, first, apart]) == ("XcdYW", 2)
    # Two insertions at one point are never applied together: their order would be a guess.
    assert apply_fixes("ab", [Fix("a", (Edit(1, 1, "1"),)), Fix("b", (Edit(1, 1, "2"),))]) == (
        "a1b",
        1,
    )


def test_a_fix_that_would_break_the_file_is_discarded() -> None:
    class Breaker:
        info = LINT_RULES[0].info

        def check(self, doc):  # type: ignore[no-untyped-def]
            yield self.info.finding(
                doc.file, doc.value_span(()), (), "x", fix=Fix("break", (Edit(0, 1, "["),))
            )

    doc = load_text('{"client_name": "com.acme.app"}', "m.json")
    result = fix_document(doc, Checker(rules=[Breaker()]))
    assert not result.changed and result.applied == 0


def test_an_unsafe_fix_is_offered_and_never_applied_unasked() -> None:
    """A fix that a person should choose (a did-you-mean rename) is shown as a suggestion;
    --fix applies the safe one beside it and leaves the other, with its finding."""

    class Renamer:
        info = LINT_RULES[0].info

        def check(self, context):  # type: ignore[no-untyped-def]
            doc = context.doc
            start = doc.text.index('"client_nme"')
            yield self.info.finding(
                doc.file,
                doc.key_span(("client_nme",)),
                ("client_nme",),
                "unknown key",
                fix=Fix(
                    "rename it", (Edit(start, start + 12, '"client_name"'),), Applicability.UNSAFE
                ),
            )
            if '"Acme"' not in doc.text:
                return  # fixed
            end = doc.text.index('"Acme"')
            yield self.info.finding(
                doc.file,
                doc.value_span(("display_name",)),
                ("display_name",),
                "shout",
                fix=Fix("shout", (Edit(end, end + 6, '"ACME"'),)),
            )

    text = '{"client_nme": "com.acme.app", "display_name": "Acme"}'
    checker = Checker(rules=[Renamer()])
    result = fix_document(load_text(text, "m.json"), checker)
    assert result.applied == 1
    assert result.fixed.text == '{"client_nme": "com.acme.app", "display_name": "ACME"}'
    left = [f for f in result.findings if f.code == Renamer.info.code]
    assert [f.message for f in left] == ["unknown key"]
    assert left[0].fix is not None and left[0].fix.applicability is Applicability.UNSAFE


def test_an_upper_case_scheme_is_one_finding_at_the_scheme_with_its_fix() -> None:
    for format, text, line, column in (
        (
            "json",
            '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
            '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "HTTPS://h.acme.com/x"}}}}',
            2,
            61,
        ),
        (
            "yaml",
            "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
            "    ms.MessagingEventNotification.ContentEvent:\n      endpoint: hTTPs://h.acme.com/x\n",
            5,
            17,
        ),
    ):
        [finding] = check(text, format)  # not a second one from invalid-url
        assert (finding.code, finding.name) == ("LPM111", "invalid-format")
        assert (finding.span.line, finding.span.column, finding.span.end_column) == (
            line,
            column,
            column + 5,
        )
        assert finding.message.startswith("endpoint must start with https:// in lower case; it is ")
        assert (
            finding.help == "LivePerson compares the prefix as written: write the scheme as https"
        )
        assert finding.fix is not None
        assert finding.fix.description == "write the scheme https in lower case"


def test_an_upper_case_scheme_written_with_an_escape_has_no_fix() -> None:
    text = (
        '{"client_name": "com.acme.app",\n"capabilities": {"webhooks": {'
        '"cqm.ExConversationChangeNotification": {"endpoint": "\\u0048TTPS://hooks.acme.com/x"}}}}'
    )
    [finding] = check(text)
    assert finding.name == "invalid-format" and finding.fix is None
    assert (finding.span.line, finding.span.column) == (2, 84)  # the value's opening quote
    assert fixed(text) == text


UPPER_JSON = """{
  "client_name": "com.acme.support",
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {
        "endpoint": "HTTPS://hooks.acme.com/lp/content?Region=EU",
        "max_retries": 3
      },
      "cqm.ExConversationChangeNotification": {
        "endpoint": "Https://hooks.acme.com/lp/conversation"
      }
    }
  }
}
"""
UPPER_YAML = """# Acme support connector
client_name: com.acme.support
capabilities:
  webhooks:
    ms.MessagingEventNotification.ContentEvent:
      endpoint: HTTPS://hooks.acme.com/lp/content?Region=EU  # EU first
      max_retries: 3
    ms.MessagingEventNotification.ChatStateEvent:
      endpoint: 'hTTPS://hooks.acme.com/lp/chat-state'
    cqm.ExConversationChangeNotification:
      endpoint: "HTTPs://hooks.acme.com/lp/conversation"
"""


@pytest.mark.parametrize(("name", "before"), [("m.json", UPPER_JSON), ("m.yaml", UPPER_YAML)])
def test_fix_and_diff_lower_the_scheme_and_keep_the_rest(
    tmp_path: Path, name: str, before: str
) -> None:
    path = tmp_path / name
    path.write_text(before)
    after = re.sub(r"(?i)https://", "https://", before)
    count = before.count("://")
    diff = run_cli("validate", "--isolated", "--diff", path)
    assert (diff.code, path.read_text()) == (1, before)
    expected_diff = "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=str(path),
            tofile=str(path),
        )
    )
    assert diff.out == expected_diff
    assert diff.err == f"Would fix {count} findings in 1 file.\n"
    result = run_cli("validate", "--isolated", "--fix", path)
    assert result.code == 0, result.out
    assert path.read_text() == after
    assert result.err == f"Fixed {count} findings in 1 file.\n"
    assert check(after, name.split(".")[1]) == []


def test_diff_of_an_upper_case_scheme_exactly(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: HTTPS://hooks.acme.com/lp  # prod\n"
    )
    result = run_cli("validate", "--isolated", "--diff", path)
    assert result.out == (
        f"--- {path}\n+++ {path}\n@@ -2,4 +2,4 @@\n capabilities:\n   webhooks:\n"
        "     ms.MessagingEventNotification.ContentEvent:\n"
        "-      endpoint: HTTPS://hooks.acme.com/lp  # prod\n"
        "+      endpoint: https://hooks.acme.com/lp  # prod\n"
    )


# -- the downloaded manifest: --fix, --diff, secrets --------------------------------------------

SECRET = "kgvbkk7glku72jgtmpi6l4a872-DistinctiveSecret"
DOWNLOADED = f"""{{
  "id": "75588e18-0213-4e33-8174-883acac7e3c4",
  "client_id": "75588e18-0213-4e33-8174-883acac7e3c4",
  "client_id_issued_at": 1700000000,
  "client_secret": "{SECRET}",
  "client_secret_expires_at": 0,
  "client_name": "com.acme.support-connector",
  "display_name": "Acme Support Connector",
  "grant_types": ["client_credentials"],
  "scope": "msg.consumer",
  "capabilities": {{
    "webhooks": {{
      "ms.MessagingEventNotification.ContentEvent": {{
        "endpoint": "https://hooks.acme.com/liveperson/content"
      }}
    }}
  }},
  "deleted": false
}}
"""


def test_fix_removes_server_fields_and_leaves_the_rest_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "downloaded.json"
    path.write_bytes(DOWNLOADED.encode())
    result = run_cli("validate", "--isolated", "--fix", path)
    assert result.code == 1  # the secret is still there: only a person can remove it
    assert SECRET not in result.out + result.err
    assert "Fixed 5 findings in 1 file." in result.err
    lines = DOWNLOADED.splitlines(keepends=True)
    expected = [
        line
        for line in lines
        if not re.match(
            r'  "(id|client_id|client_id_issued_at|client_secret_expires_at|deleted)"', line
        )
    ]
    expected[expected.index("  },\n")] = "  }\n"  # the last member went, and its comma with it
    assert path.read_bytes() == "".join(expected).encode()
    remaining = json.loads(path.read_text())
    assert remaining["client_secret"] == SECRET
    assert [f"{f.name}" for f in check(path.read_text())] == ["secret-in-manifest"]


def test_fixing_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    path = tmp_path / "downloaded.json"
    path.write_text(DOWNLOADED)
    run_cli("validate", "--isolated", "--fix", path)
    once = path.read_bytes()
    second = run_cli("validate", "--isolated", "--fix", path)
    assert path.read_bytes() == once
    assert "Fixed" not in second.err


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    before = "client_name: com.acme.app\nid: abc  # from the API\nenabled: yes\n"
    path.write_text(before)
    result = run_cli("validate", "--isolated", "--diff", path)
    assert result.code == 1
    assert path.read_text() == before
    assert result.out == (
        f"--- {path}\n+++ {path}\n@@ -1,3 +1,2 @@\n client_name: com.acme.app\n"
        "-id: abc  # from the API\n-enabled: yes\n+enabled: true\n"
    )
    assert result.err == "Would fix 2 findings in 1 file.\n"
    clean = run_cli("validate", "--isolated", "--diff", GOOD_EXAMPLES / "minimal.yaml")
    assert (clean.code, clean.out) == (0, "")


def test_diff_marks_a_missing_final_newline_and_reads_stdin() -> None:
    result = run_cli(
        "validate",
        "--isolated",
        "--diff",
        "--stdin-filename",
        "m.json",
        "-",
        stdin=b'{"client_name": "com.acme.app", "deleted": true}',
    )
    assert result.code == 1
    assert result.out.endswith(
        '-{"client_name": "com.acme.app", "deleted": true}\n\\ No newline at end of file\n'
        '+{"client_name": "com.acme.app"}\n\\ No newline at end of file\n'
    )


def _patched(tmp_path: Path, name: str, text: str, diff: str) -> str:
    """`patch -p0` run on a copy of `text` named `name` (in a folder of its own under
    `tmp_path`): the text after it."""
    folder = tmp_path / "patched"
    folder.mkdir()
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    done = subprocess.run(
        ["patch", "-p0", "--batch", "--no-backup-if-mismatch"],
        input=diff.encode("utf-8"),
        cwd=folder,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return handle.read()


SPREAD = DOWNLOADED.replace(f'"client_secret": "{SECRET}"', f'"client_secret":\n    "{SECRET}"')


@pytest.mark.parametrize("text", [DOWNLOADED, SPREAD], ids=["one-line", "value-on-its-own-line"])
def test_diff_applies_with_patch_and_never_shows_the_secret(tmp_path: Path, text: str) -> None:
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "downloaded.json"
    source.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--isolated", "--diff", "downloaded.json", cwd=tmp_path / "src")
    assert result.code == 1
    assert SECRET not in result.out + result.err
    assert '"client_secret": "' not in result.out  # its line is never context
    expected = fix_document(load_text(text, "downloaded.json"), CHECKER).after
    assert _patched(tmp_path, "downloaded.json", text, result.out) == expected
    assert result.err == "Would fix 5 findings in 1 file.\n"


def test_a_fix_on_a_secret_line_is_left_out_with_a_note(tmp_path: Path) -> None:
    # Minified: every member is on the line that holds the secret.
    text = f'{{"client_name": "com.acme.x", "client_secret": "{SECRET}", "deleted": true}}\n'
    (tmp_path / "m.json").write_text(text, encoding="utf-8")
    result = run_cli("validate", "--isolated", "--diff", "m.json", cwd=tmp_path)
    assert result.code == 1
    assert result.out == ""
    assert SECRET not in result.err
    assert result.err == (
        "lpmanifest: note: m.json:1: a fix there is not shown: the line holds a secret "
        "(--fix applies it)\nWould fix 1 finding in 1 file.\n"
    )


def test_context_stops_short_of_a_secret_between_two_fixes(tmp_path: Path) -> None:
    text = (
        "client_name: com.acme.x\nid: abc\nclient_secret: " + SECRET + "\ndeleted: false\n"
        "description: Relays chat.\n"
    )
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "--isolated", "--diff", "m.yaml", cwd=tmp_path)
    assert result.out == (
        "--- m.yaml\n+++ m.yaml\n"
        "@@ -1,2 +1,1 @@\n client_name: com.acme.x\n-id: abc\n"
        "@@ -4,2 +3,1 @@\n-deleted: false\n description: Relays chat.\n"
    )
    assert _patched(tmp_path, "m.yaml", text, result.out) == text.replace("id: abc\n", "").replace(
        "deleted: false\n", ""
    )


def test_a_control_character_is_never_printed_raw(tmp_path: Path) -> None:
    # A right-to-left override: legal in YAML, and it would reorder what the terminal shows.
    text = "client_name: com.acme.x\ndescription: Relays \u202echat\ndeleted: no\n"
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "--isolated", "--diff", "m.yaml", cwd=tmp_path)
    assert "\u202e" not in result.out + result.err
    assert result.out == "--- m.yaml\n+++ m.yaml\n@@ -3,1 +2,0 @@\n-deleted: no\n"
    assert _patched(tmp_path, "m.yaml", text, result.out) == text.replace("deleted: no\n", "")


def test_fix_refuses_stdin() -> None:
    result = run_cli("validate", "--isolated", "--fix", "-", stdin=b"{}")
    assert result.code == 2
    assert "--fix cannot write to standard input" in result.err


def test_fix_writes_through_a_symlink_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("client_name: com.acme.app\ndeleted: false\n")
    target.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert run_cli("validate", "--isolated", "--fix", link).code == 0
    assert link.is_symlink()
    assert target.read_text() == "client_name: com.acme.app\n"
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "interruption", [OSError(28, "No space left on device"), KeyboardInterrupt()]
)
def test_an_interrupted_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    path = tmp_path / "downloaded.json"
    path.write_text(DOWNLOADED)

    def fail_mid_write(fd: int) -> None:
        raise interruption  # after the new text went to the temporary file, before the rename

    monkeypatch.setattr(os, "fsync", fail_mid_write)
    result = run_cli("validate", "--isolated", "--fix", path)
    assert result.code == (130 if isinstance(interruption, KeyboardInterrupt) else 2)
    assert path.read_text() == DOWNLOADED
    assert os.listdir(tmp_path) == ["downloaded.json"]  # no temporary file left behind


# -- properties ----------------------------------------------------------------------------------

SERVER_FIELDS = {
    "id": st.uuids().map(str),
    "client_id": st.uuids().map(str),
    "client_id_issued_at": st.integers(0, 2**31),
    "client_secret_expires_at": st.integers(0, 2**31),
    "deleted": st.booleans(),
}
TABLE_KEY = "ms.MessagingEventNotification.ExConversationChangeNotification"
CANONICAL_KEY = "cqm.ExConversationChangeNotification"
GOOD_DATA = [load_file(str(path)).data for path in good_manifests()]


def _insert(data: dict[str, Any], key: str, value: Any, position: int) -> dict[str, Any]:
    items = list(data.items())
    items.insert(position % (len(items) + 1), (key, value))
    return dict(items)


def _rename(data: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {new if key == old else key: value for key, value in data.items()}


@st.composite
def fixable(draw: st.DrawFn) -> tuple[str, str, Any]:
    """A schema-valid manifest with things to fix, as text, and the data it must fix to."""
    expected = copy.deepcopy(draw(st.sampled_from(GOOD_DATA)))
    data = copy.deepcopy(expected)
    for key in draw(st.lists(st.sampled_from(sorted(SERVER_FIELDS)), unique=True)):
        data = _insert(data, key, draw(SERVER_FIELDS[key]), draw(st.integers(0, 30)))
    hooks = data.get("capabilities", {}).get("webhooks", {})
    if CANONICAL_KEY in hooks and draw(st.booleans()):
        data["capabilities"]["webhooks"] = _rename(hooks, CANONICAL_KEY, TABLE_KEY)
    engagement = data.get("capabilities", {}).get("engagement", {})
    for field in ("target_audience", "goal"):
        if len(engagement.get(field, [])) == 1 and draw(st.booleans()):
            engagement[field] = engagement[field][0]
    format = draw(st.sampled_from(["json", "yaml", "yaml-flow"]))
    if format == "json":
        indent = draw(st.sampled_from([None, 0, 2, 4]))
        separators = draw(st.sampled_from([(",", ":"), (", ", ": ")]))
        text = json.dumps(data, indent=indent, separators=separators, ensure_ascii=False)
    elif format == "yaml":
        text = dump_yaml(data)
        if draw(st.booleans()):  # booleans the YAML 1.1 way
            words = {"true": draw(st.sampled_from(["yes", "on", "Yes", "ON"])), "false": "off"}
            text = re.sub(
                r"^( *[a-z_]+): (true|false)$", lambda m: f"{m[1]}: {words[m[2]]}", text, flags=re.M
            )
    else:
        text = yaml.safe_dump(
            data, default_flow_style=True, sort_keys=False, width=10**6, allow_unicode=True
        )
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text, "json" if format == "json" else "yaml", expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fixable())
def test_property_fixes_keep_a_valid_file_valid_and_are_idempotent(
    case: tuple[str, str, Any],
) -> None:
    text, format, expected = case
    doc = load_text(text, f"m.{format}", format)
    assert not [f for f in CHECKER.check(doc) if f.code.startswith(("LPM0", "LPM1"))]
    result = fix_document(doc, CHECKER)
    after = result.fixed
    assert after.loaded
    assert not [f for f in result.findings if f.code.startswith(("LPM0", "LPM1"))]
    assert not [f for f in result.findings if f.fix is not None]
    # Exactly the intended change: key order included.
    assert json.dumps(after.data, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    # Line endings stay what they were.
    assert ("\r\n" in result.after) == ("\r\n" in text)
    again = fix_document(after, CHECKER)
    assert not again.changed and again.applied == 0


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["grant_types", "response_types", "enabled_for_profiles"]),
    st.integers(1, 4),
    st.sampled_from(["json", "yaml", "yaml-flow"]),
    st.data(),
)
def test_property_duplicate_items_are_removed(
    key: str, repeats: int, format: str, data: st.DataObject
) -> None:
    values = {
        "grant_types": ["client_credentials", "authorization_code", "refresh_token"],
        "response_types": ["code", "token", "id_token"],
        "enabled_for_profiles": [11, 12, 13],
    }[key]
    items = data.draw(st.lists(st.sampled_from(values), min_size=1, max_size=4))
    items = items + data.draw(st.lists(st.sampled_from(items), min_size=repeats, max_size=repeats))
    manifest = {"client_name": "com.acme.app", key: items}
    if format == "json":
        text = json.dumps(manifest, indent=data.draw(st.sampled_from([None, 2])))
    elif format == "yaml":
        text = dump_yaml(manifest)
    else:
        text = yaml.safe_dump(manifest, default_flow_style=True, sort_keys=False)
    doc = load_text(text, f"m.{'json' if format == 'json' else 'yaml'}")
    result = fix_document(doc, CHECKER)
    assert result.fixed.data[key] == list(dict.fromkeys(items))
    assert not [f for f in result.findings if f.name == "duplicate-item"]
