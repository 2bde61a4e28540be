"""`lpmanifest package MANIFEST -o DIR` (README, *lpmanifest package*): what is written, byte
for byte, and that a refusal or a failure at any point writes nothing.

Each run is in-process (`run_cli`) in a temporary directory, and what is on disk afterwards is
asserted whole: every name in the package's parent (so no temporary directory is left), the
package's files with their bytes, and where nothing may change, their inodes and mtimes. The
permission test runs as nobody (tests/privileges.py), since root ignores file modes.
"""

from __future__ import annotations

import errno
import hashlib
import html
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from lpmanifest import __version__
from lpmanifest.findings.model import Severity
from lpmanifest.findings.wording import inert
from lpmanifest.output import markdown, writes
from lpmanifest.output.package import manifest_name
from lpmanifest.output.package_summary import summary

from .lint_support import BUNDLED_EXAMPLES, ROOT, good_manifests, run_cli
from .privileges import accessible, run_as_nobody

PACKAGE_FILES = ["SHA256SUMS", "SUMMARY.md"]
BROKEN = ROOT / "examples" / "broken.yaml"
CONNECTOR = ROOT / "examples" / "connector.yaml"

# A finished web app for agents, as a team keeps it: every section of the summary, and one
# warning (line 21) that the default --fail-on lets through.
HELPDESK = """\
# Acme's helpdesk for agents, as the team keeps it.
client_name: com.acme.helpdesk
client_name#de-DE: Acme Kundendienst
client_name#ja-JP: アクメ ヘルプデスク
display_name: Acme Helpdesk
description: Shows the agent the customer's open tickets, and files new ones from the conversation.
grant_types: [authorization_code, refresh_token]
redirect_uris:
  - https://helpdesk.acme.example/oauth/callback
  - https://helpdesk-staging.acme.example/oauth/callback
response_types: [code]
scope: msg.consumer
logo_uri: https://cdn.acme.example/brand/helpdesk-70x70.png
quick_launch_enabled: true
entry_uri: https://helpdesk.acme.example/liveperson/launch
enabled_for_profiles: [4011789310, 4011789410]
capabilities:
  webhooks:
    ms.MessagingEventNotification.ContentEvent:
      endpoint: https://hooks.acme.example/liveperson/content
      max_retries: 3
      headers:
        - header_name: Authorization
          header_value: Bearer 7f3e9c2a-helpdesk-token
        - header_name: X-Acme-Source
          header_value: liveperson
    ms.MessagingEventNotification.ChatStateEvent:
      endpoint: https://hooks.acme.example/liveperson/chat-state
      max_retries: 0
    cqm.ExConversationChangeNotification:
      endpoint: https://hooks.acme.example/liveperson/conversation
    retry:
      retention_time: 5400
  engagement:
    design_engagement: true
    design_window: false
    entry_point: [section, url]
    visitor_behavior: [visited_location]
    target_audience: [returning_visitors, customer_type]
    goal: [service_activity]
    consumer_identity: [auth]
    language_selection: true
"""

HELPDESK_SUMMARY = f"""\
# Acme Helpdesk

`com.acme.helpdesk`, packaged for LivePerson's Account Management by lpmanifest {__version__} \
from `helpdesk.yaml`.

- `helpdesk.json`: the manifest to install
- `SUMMARY.md`: this summary
- `SHA256SUMS`: the SHA-256 checksum of each; check them with `sha256sum -c SHA256SUMS`

## Application

- Client name: `com.acme.helpdesk`
- Display name: Acme Helpdesk
- Description: Shows the agent the customer's open tickets, and files new ones from the \
conversation.
- Localized client names:
  - `de-DE`: Acme Kundendienst
  - `ja-JP`: アクメ ヘルプデスク
- Logo URI: `https://cdn.acme.example/brand/helpdesk-70x70.png`

## What it asks for

- Grant type `authorization_code`: a person signs in: LivePerson sends an authorization code \
to one of the redirect URIs, and the application exchanges it for an access token
  - Redirect URIs:
    - `https://helpdesk.acme.example/oauth/callback`
    - `https://helpdesk-staging.acme.example/oauth/callback`
- Grant type `refresh_token`: the application renews an access token without asking the \
person to sign in again
- Response types: `code`
- Scope `msg.consumer`: messaging as the consumer: the application opens conversations and \
sends and receives messages on the consumer's side

## Webhooks

LivePerson notifies each endpoint when its event happens.

- `ms.MessagingEventNotification.ContentEvent`: a message is sent in a conversation, by the \
consumer or an agent
  - Endpoint: `https://hooks.acme.example/liveperson/content`
  - Retries: for up to 5,400 seconds (1 hour 30 minutes), by the retry policy (its \
max_retries of 3 has no effect beside it)
  - Headers: `Authorization: ********`, `X-Acme-Source: ********` (values masked)
- `ms.MessagingEventNotification.ChatStateEvent`: a participant's chat state changes: \
typing, paused, active or away
  - Endpoint: `https://hooks.acme.example/liveperson/chat-state`
  - Retries: none: max_retries 0 keeps its failures out of the retry policy
- `cqm.ExConversationChangeNotification`: a conversation opens, changes (its participants, \
skill or state) or closes
  - Endpoint: `https://hooks.acme.example/liveperson/conversation`
  - Retries: for up to 5,400 seconds (1 hour 30 minutes), by the retry policy
- Retry policy: failed notifications are kept and retried for 5,400 seconds (1 hour 30 \
minutes), with growing gaps at most 5 minutes apart

## Engagement

- Design engagement: yes
- Design window: no
- Entry point: `section`, `url`
- Visitor behavior: `visited_location`
- Target audience: `returning_visitors`, `customer_type`
- Goal: `service_activity`
- Consumer identity: `auth`
- Language selection: yes

## Quick launch

- Quick launch enabled: yes: agents find the application in their quick launch menu, which \
opens its entry URI
- Entry URI: `https://helpdesk.acme.example/liveperson/launch`
- Enabled for profiles: `4011789310`, `4011789410`

## Checks

lpmanifest {__version__} checked the manifest against the schema and the lint rules \
(`--fail-on error`): 1 finding, all below error.

- line 21: warning LPM316 (max-retries-without-effect) max\\_retries of \
ms.MessagingEventNotification.ContentEvent has no effect: retry.retention\\_time (5,400 \
seconds) takes precedence
"""

CONNECTOR_SUMMARY = f"""\
# Acme Support Connector

`com.acme.support-connector`, packaged for LivePerson's Account Management by lpmanifest \
{__version__} from `connector.yaml`.

- `connector.json`: the manifest to install
- `SUMMARY.md`: this summary
- `SHA256SUMS`: the SHA-256 checksum of each; check them with `sha256sum -c SHA256SUMS`

## Application

- Client name: `com.acme.support-connector`
- Display name: Acme Support Connector
- Description: Relays Acme's in-app chat to Conversational Cloud agents.
- Localized client names: none
- Logo URI: not set

## What it asks for

- Grant type `client_credentials`: server to server: the application's own server gets \
access tokens with its client ID and secret, without a person signing in
- Scope `msg.consumer`: messaging as the consumer: the application opens conversations and \
sends and receives messages on the consumer's side

## Webhooks

LivePerson notifies each endpoint when its event happens.

- `ms.MessagingEventNotification.ContentEvent`: a message is sent in a conversation, by the \
consumer or an agent
  - Endpoint: `https://hooks.acme.example/liveperson/content`
  - Retries: up to 3, 30 seconds apart
- `ms.MessagingEventNotification.AcceptStatusEvent`: a message is accepted or read: its \
delivery status changes
  - Endpoint: `https://hooks.acme.example/liveperson/accept-status`
  - Retries: none (max_retries is not set; the default is 0)
- `cqm.ExConversationChangeNotification`: a conversation opens, changes (its participants, \
skill or state) or closes
  - Endpoint: `https://hooks.acme.example/liveperson/conversation`
  - Retries: none (max_retries is not set; the default is 0)
- Retry policy: none (each webhook's max_retries says how it retries)

## Engagement

- Design engagement: no
- Design window: no
- Entry point: `section`
- Visitor behavior: `visited_location`, `cart_items`
- Target audience: `returning_visitors`
- Goal: `service_activity`
- Consumer identity: `auth`
- Language selection: no

## Quick launch

- Quick launch enabled: no (not set; the default is false)
- Entry URI: not set

## Checks

lpmanifest {__version__} checked the manifest against the schema and the lint rules \
(`--fail-on error`): no findings.
"""


# -- what is on disk ----------------------------------------------------------------------


def snapshot(directory: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry below `directory`: its kind, mode, inode, mtime and bytes (or entries)."""
    found: dict[str, tuple[Any, ...]] = {}
    for path in sorted(directory.rglob("*")):
        info = path.lstat()
        kind = "dir" if stat.S_ISDIR(info.st_mode) else "file"
        content = path.read_bytes() if kind == "file" else None
        found[str(path.relative_to(directory))] = (
            kind,
            stat.S_IMODE(info.st_mode),
            info.st_ino,
            info.st_mtime_ns,
            content,
        )
    return found


def files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def sums(contents: dict[str, bytes], *names: str) -> bytes:
    lines = [f"{hashlib.sha256(contents[name]).hexdigest()}  {name}\n" for name in names]
    return "".join(lines).encode()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A directory with the two bundled manifests and the broken one, and nothing else."""
    for example in (*BUNDLED_EXAMPLES, BROKEN):
        shutil.copy(example, tmp_path / example.name)
    (tmp_path / "helpdesk.yaml").write_text(HELPDESK, encoding="utf-8")
    return tmp_path


def package(work: Path, *argv: str) -> Any:
    return run_cli("package", *argv, cwd=work)


# -- what is written ----------------------------------------------------------------------


def test_the_bundled_connector_is_packaged_exactly(work: Path) -> None:
    result = package(work, "connector.yaml", "-o", "pkg")
    assert (result.code, result.out, result.err) == (
        0,
        "All checks passed: 1 file checked, no findings.\n",
        "lpmanifest: wrote pkg: connector.json, SUMMARY.md, SHA256SUMS\n",
    )
    written = files(work / "pkg")
    assert sorted(written) == sorted(["connector.json", *PACKAGE_FILES])
    converted = run_cli("convert", "connector.yaml", cwd=work)
    assert converted.code == 0
    assert written["connector.json"] == converted.out.encode("utf-8")
    assert written["SUMMARY.md"].decode("utf-8") == CONNECTOR_SUMMARY
    assert written["SHA256SUMS"] == sums(written, "connector.json", "SUMMARY.md")
    # Nothing else beside it: no temporary directory left.
    assert sorted(os.listdir(work)) == sorted(
        ["broken.yaml", "connector.json", "connector.yaml", "helpdesk.yaml", "pkg"]
    )


def test_the_summary_of_a_realistic_manifest(work: Path) -> None:
    result = package(work, "helpdesk.yaml", "-o", "dist/helpdesk")  # dist/ does not exist
    assert result.code == 2
    (work / "dist").mkdir()
    result = package(work, "helpdesk.yaml", "-o", "dist/helpdesk")
    assert result.code == 0, result.err
    validated = run_cli("validate", "helpdesk.yaml", cwd=work)
    assert result.out == validated.out  # the warning, reported as validate reports it
    assert result.out.startswith("helpdesk.yaml:21:20: warning LPM316 (max-retries-without-effect)")
    assert result.err == "lpmanifest: wrote dist/helpdesk: helpdesk.json, SUMMARY.md, SHA256SUMS\n"
    written = files(work / "dist" / "helpdesk")
    assert written["SUMMARY.md"].decode("utf-8") == HELPDESK_SUMMARY
    # Header values are masked (one is a credential); the manifest itself is what it is.
    assert b"7f3e9c2a" not in written["SUMMARY.md"]
    assert b"liveperson/content" in written["SUMMARY.md"]
    assert b"Bearer 7f3e9c2a-helpdesk-token" in written["helpdesk.json"]


@pytest.mark.parametrize(
    "example",
    [*BUNDLED_EXAMPLES, *good_manifests()],
    ids=lambda path: path.name,
)
def test_every_finished_manifest_is_packaged_as_convert_writes_it(
    example: Path, tmp_path: Path
) -> None:
    shutil.copy(example, tmp_path / example.name)
    result = run_cli("package", example.name, "-o", "pkg", cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    name = manifest_name(example.name)
    written = files(tmp_path / "pkg")
    assert sorted(written) == sorted([name, *PACKAGE_FILES])
    converted = run_cli("convert", example.name, cwd=tmp_path)
    assert written[name] == converted.out.encode("utf-8")
    assert written["SHA256SUMS"] == sums(written, name, "SUMMARY.md")


def test_sha256sum_checks_the_package(work: Path) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    assert package(work, "connector.json", "-o", "pkg").code == 0
    checked = subprocess.run(
        ["sha256sum", "-c", "--strict", "SHA256SUMS"],
        cwd=work / "pkg",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0,
        "connector.json: OK\nSUMMARY.md: OK\n",
        "",
    )
    (work / "pkg" / "SUMMARY.md").write_text("edited\n")
    tampered = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=work / "pkg", capture_output=True, check=False
    )
    assert tampered.returncode == 1


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("connector.yaml", "connector.json"),
        ("dir/app.yml", "app.json"),
        ("app.json", "app.json"),
        ("Shouting.YAML", "Shouting.json"),
        ("manifest", "manifest.json"),
        ("notes.txt", "notes.txt.json"),
    ],
)
def test_the_manifest_is_named_after_the_input(source: str, name: str) -> None:
    assert manifest_name(source) == name


def test_a_name_that_sha256sums_would_escape_is_a_usage_error(work: Path) -> None:
    shutil.copy(CONNECTOR, work / "new\nline.yaml")
    result = package(work, "new\nline.yaml", "-o", "pkg")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "lpmanifest: error: cannot name the package's manifest after new\\nline.yaml: the name "
        "holds a control character or a backslash; rename the file\n"
    )
    assert not (work / "pkg").exists()


# -- refused: nothing written -------------------------------------------------------------


def test_an_error_finding_is_reported_as_validate_does_and_nothing_is_written(work: Path) -> None:
    before = snapshot(work)
    result = package(work, "broken.yaml", "-o", "pkg")
    validated = run_cli("validate", "broken.yaml", cwd=work)
    assert validated.code == 1
    assert (result.code, result.out) == (1, validated.out)
    assert result.out.endswith("Found 3 errors, 0 warnings in 1 file checked.\n")
    assert result.err == (
        "lpmanifest: not packaged: 3 errors in broken.yaml (fix them); nothing written\n"
    )
    assert snapshot(work) == before  # no pkg, nothing beside it


def test_a_file_that_does_not_load_writes_nothing(work: Path) -> None:
    (work / "bad.json").write_text('{"client_name": "com.acme.app",\n')
    before = snapshot(work)
    result = package(work, "bad.json", "-o", "pkg")
    assert result.code == 1
    assert result.out.startswith("bad.json:2:1: error LPM001 (syntax-error)")
    assert result.err == (
        "lpmanifest: not packaged: 1 error in bad.json (fix it); nothing written\n"
    )
    assert snapshot(work) == before


def test_a_secret_in_the_manifest_is_an_error_and_nothing_is_written(work: Path) -> None:
    text = (work / "connector.yaml").read_text() + "client_secret: 0d3a-very-secret-value\n"
    (work / "leaky.yaml").write_text(text)
    result = package(work, "leaky.yaml", "-o", "pkg")
    assert result.code == 1
    assert "error LPM203 (secret-in-manifest)" in result.out
    assert "0d3a-very-secret-value" not in result.out + result.err
    assert not (work / "pkg").exists()


def test_fail_on_and_the_configuration_decide_as_for_validate(work: Path) -> None:
    before = snapshot(work)
    result = package(work, "helpdesk.yaml", "-o", "pkg", "--fail-on", "warning")
    validated = run_cli("validate", "helpdesk.yaml", "--fail-on", "warning", cwd=work)
    assert (result.code, result.out) == (1, validated.out)
    assert result.err == (
        "lpmanifest: not packaged: 1 warning in helpdesk.yaml (--fail-on warning; fix it); "
        "nothing written\n"
    )
    assert snapshot(work) == before
    # The workspace's configuration is honoured: a severity raised there refuses the package.
    (work / ".lpmanifest.toml").write_text('[severity]\nmax-retries-without-effect = "error"\n')
    raised = package(work, "helpdesk.yaml", "-o", "pkg")
    assert raised.code == 1
    assert raised.out.startswith("helpdesk.yaml:21:20: error LPM316")
    assert not (work / "pkg").exists()
    # ... and a rule it ignores leaves the lint result empty.
    (work / ".lpmanifest.toml").write_text('ignore = ["max-retries-without-effect"]\n')
    quiet = package(work, "helpdesk.yaml", "-o", "pkg")
    assert quiet.code == 0
    assert (work / "pkg" / "SUMMARY.md").read_text().endswith("(`--fail-on error`): no findings.\n")


def test_a_directory_that_holds_a_package_is_replaced_only_with_force(work: Path) -> None:
    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    (work / "pkg").chmod(0o750)
    before = snapshot(work)
    result = package(work, "helpdesk.yaml", "-o", "pkg")
    assert (result.code, result.out, result.err) == (
        2,
        "",  # refused before any work: not even checked
        "lpmanifest: error: pkg is not empty; use --force to replace it\n",
    )
    assert snapshot(work) == before
    # --force replaces the package whole: the old manifest (another name) goes with it, and
    # the directory keeps its mode.
    forced = package(work, "helpdesk.yaml", "-o", "pkg", "--force")
    assert forced.code == 0, forced.err
    written = files(work / "pkg")
    assert sorted(written) == sorted(["helpdesk.json", *PACKAGE_FILES])
    assert written["SUMMARY.md"].decode() == HELPDESK_SUMMARY
    assert stat.S_IMODE((work / "pkg").stat().st_mode) == 0o750
    assert sorted(os.listdir(work)) == sorted(
        ["broken.yaml", "connector.json", "connector.yaml", "helpdesk.yaml", "pkg"]
    )


def test_force_never_replaces_what_lpmanifest_did_not_write(work: Path) -> None:
    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    (work / "pkg" / "notes.txt").write_text("the account team's notes\n")
    before = snapshot(work)
    refused = (
        "lpmanifest: error: refusing to replace pkg: it holds notes.txt, which lpmanifest did "
        "not write there (not even --force replaces it); empty it or name another directory\n"
    )
    for forced in ([], ["--force"]):
        result = package(work, "connector.yaml", "-o", "pkg", *forced)
        assert (result.code, result.out, result.err) == (2, "", refused)
        assert snapshot(work) == before
    # Nor the input, whatever it is named: here the earlier package's own manifest.
    (work / "pkg" / "notes.txt").unlink()
    before = snapshot(work)
    result = package(work, "pkg/connector.json", "-o", "pkg", "--force")
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: refusing to replace pkg: it holds the input file connector.json, "
        "even with --force\n",
    )
    assert snapshot(work) == before


def test_an_empty_directory_needs_no_force_and_keeps_its_mode(work: Path) -> None:
    (work / "pkg").mkdir(mode=0o700)
    (work / "pkg").chmod(0o710)
    result = package(work, "connector.yaml", "-o", "pkg")
    assert result.code == 0, result.err
    assert sorted(os.listdir(work / "pkg")) == sorted(["connector.json", *PACKAGE_FILES])
    assert stat.S_IMODE((work / "pkg").stat().st_mode) == 0o710


def test_a_link_to_a_directory_is_followed_and_stays_a_link(work: Path) -> None:
    (work / "real").mkdir()
    (work / "pkg").symlink_to("real")
    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    assert os.readlink(work / "pkg") == "real"
    assert sorted(os.listdir(work / "real")) == sorted(["connector.json", *PACKAGE_FILES])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("connector.json", "connector.json is not a directory; name a new or an empty one"),
        ("missing/pkg", "cannot write missing/pkg: the directory missing does not exist"),
        (".", "refusing to replace .: it holds the working directory"),
    ],
)
def test_a_directory_that_cannot_be_a_package_is_refused_before_any_work(
    work: Path, target: str, message: str
) -> None:
    before = snapshot(work)
    result = package(work, "broken.yaml", "-o", target)  # exit 2 wins over the findings
    assert (result.code, result.out, result.err) == (2, "", f"lpmanifest: error: {message}\n")
    assert snapshot(work) == before


def test_usage_errors(work: Path) -> None:
    missing = package(work, "nowhere.yaml", "-o", "pkg")
    assert (missing.code, missing.err) == (2, "lpmanifest: error: no such file: 'nowhere.yaml'\n")
    stdin = package(work, "-", "-o", "pkg")
    assert stdin.code == 2
    assert "name the file" in stdin.err
    no_output = package(work, "connector.yaml")
    assert no_output.code == 2
    assert "Missing option '--output' / '-o'" in no_output.err
    assert not (work / "pkg").exists()


# -- a write that fails midway ------------------------------------------------------------


def fail_on_write(monkeypatch: pytest.MonkeyPatch, at: int, error: BaseException) -> None:
    """Make the `at`-th file write (counting from 1) fail with `error`, after part of it."""
    real = writes._write_all
    calls = 0

    def failing(fd: int, payload: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls == at:
            real(fd, payload[: len(payload) // 2])
            raise error
        real(fd, payload)

    monkeypatch.setattr(writes, "_write_all", failing)


@pytest.mark.parametrize("at", [1, 2, 3])
def test_a_write_that_fails_midway_leaves_nothing(
    work: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    before = snapshot(work)
    fail_on_write(monkeypatch, at, OSError(errno.ENOSPC, "No space left on device"))
    result = package(work, "connector.yaml", "-o", "pkg")
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: cannot write pkg: No space left on device; nothing written\n",
    )
    assert snapshot(work) == before


def test_a_write_that_fails_midway_leaves_the_earlier_package_whole(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    before = snapshot(work)
    fail_on_write(monkeypatch, 2, OSError(errno.EIO, "Input/output error"))
    result = package(work, "helpdesk.yaml", "-o", "pkg", "--force")
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: cannot write pkg: Input/output error; nothing written\n",
    )
    assert snapshot(work) == before


def test_ctrl_c_midway_leaves_nothing(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(work)
    fail_on_write(monkeypatch, 2, KeyboardInterrupt())
    result = package(work, "connector.yaml", "-o", "pkg")
    assert (result.code, result.err) == (130, "lpmanifest: error: interrupted\n")
    assert snapshot(work) == before


def test_a_failed_swap_puts_the_earlier_package_back(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old package is set aside, and the new one cannot take its place: the old one is
    put back, whole, and the new one removed."""
    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    before = snapshot(work)
    real = os.rename

    def rename(source: Any, target: Any) -> None:
        if os.fspath(source).endswith(writes.TEMPORARY_SUFFIX) and os.fspath(target).endswith(
            f"{os.sep}pkg"
        ):
            raise OSError(errno.EIO, "Input/output error")
        real(source, target)

    monkeypatch.setattr(os, "rename", rename)
    result = package(work, "helpdesk.yaml", "-o", "pkg", "--force")
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: cannot write pkg: Input/output error; nothing written\n",
    )
    assert snapshot(work) == before


def test_a_read_only_parent_directory_leaves_nothing(tmp_path: Path) -> None:
    work = accessible(tmp_path / "work")
    shutil.copy(CONNECTOR, work / "connector.yaml")
    locked = work / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    result = run_as_nobody(work, ["package", "connector.yaml", "-o", "ro/pkg"])
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "lpmanifest: error: cannot write ro/pkg: permission denied (ro is not writable)\n",
    )
    assert os.listdir(locked) == []


# -- Markdown from a manifest is text ----------------------------------------------------

INJECTION = (
    "**Free** [prizes](https://evil.example) ![x](https://evil.example/t.png) "
    "<img src=x onerror=alert(1)> `code` | a | ~~gone~~ $x^2$ &amp; \\*"
)


def rendered(markdown_text: str) -> str:
    """HTML as GitHub's flavour of Markdown would render it (tables, strikethrough)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown_text)


def test_markdown_and_html_in_values_are_escaped(work: Path) -> None:
    text = (work / "connector.yaml").read_text()
    text = text.replace(
        "description: Relays Acme's in-app chat to Conversational Cloud agents.",
        f"description: '{INJECTION}'",
    ).replace("display_name: Acme Support Connector", "display_name: 'Acme # Support <b>'")
    text += 'client_name#fr-FR: "[Acme](javascript:alert(1)) \\e[31m"\n'
    (work / "tricky.yaml").write_text(text)
    result = package(work, "tricky.yaml", "-o", "pkg")
    assert result.code == 0, result.out + result.err
    written = (work / "pkg" / "SUMMARY.md").read_text()
    lines = written.splitlines()
    assert lines[0] == "# Acme \\# Support \\<b\\>"
    assert (
        "- Description: \\*\\*Free\\*\\* \\[prizes\\](https://evil.example) "
        "!\\[x\\](https://evil.example/t.png) \\<img src=x onerror=alert(1)\\> \\`code\\` "
        "\\| a \\| \\~\\~gone\\~\\~ \\$x^2\\$ \\&amp; \\\\\\*"
    ) in lines
    assert "  - `fr-FR`: \\[Acme\\](javascript:alert(1)) \\\\x1b\\[31m" in lines
    page = rendered(written)
    for tag in ("<a ", "<img", "<strong", "<em", "<del", "<b>", "<table"):
        assert tag not in page
    # Rendered, each value shows exactly as it is (made inert: the ESC as \x1b).
    assert f"<li>Description: {html.escape(INJECTION, quote=False)}</li>" in page
    assert "<h1>Acme # Support &lt;b&gt;</h1>" in page
    assert "\x1b" not in written


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=40))
def test_escaped_text_renders_as_itself(value: str) -> None:
    shown = inert(value)
    page = rendered(f"- Label: {markdown.text(value)}\n")
    match = re.fullmatch(r"<ul>\n<li>(.*)</li>\n</ul>\n", page, re.DOTALL)
    assert match is not None, page
    # (Markdown drops white space at the end of a line, whatever the value.)
    assert html.unescape(match.group(1)).rstrip() == f"Label: {shown}".rstrip()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(min_size=1, max_size=40).filter(lambda value: value.strip(" ")))
def test_code_spans_render_as_the_value(value: str) -> None:
    page = rendered(f"- Label: {markdown.code(value)}\n")
    match = re.fullmatch(r"<ul>\n<li>Label: <code>(.*)</code></li>\n</ul>\n", page, re.DOTALL)
    assert match is not None, page
    assert html.unescape(match.group(1)) == inert(value)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "client_name",
        "display_name",
        "description",
        "client_name#ja-JP",
        "grant_types",
        "redirect_uris",
        "response_types",
        "scope",
        "logo_uri",
        "capabilities",
        "quick_launch_enabled",
        "entry_uri",
        "enabled_for_profiles",
        "enabled",
    ]
)
WEBHOOK = st.fixed_dictionaries(
    {},
    optional={
        "endpoint": JSON_VALUES,
        "max_retries": JSON_VALUES,
        "headers": st.lists(
            st.fixed_dictionaries({}, optional={"header_name": JSON_VALUES}) | JSON_VALUES,
            max_size=2,
        ),
    },
)
CAPABILITIES = st.fixed_dictionaries(
    {},
    optional={
        "webhooks": st.dictionaries(
            st.sampled_from(
                ["ms.MessagingEventNotification.ContentEvent", "retry", "unknown.Event"]
            ),
            WEBHOOK | st.fixed_dictionaries({"retention_time": JSON_VALUES}) | JSON_VALUES,
        ),
        "engagement": st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=3) | JSON_VALUES,
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(KEYS, JSON_VALUES, max_size=8), CAPABILITIES)
def test_the_summary_says_any_data_without_failing(data: dict[str, Any], capabilities: Any) -> None:
    """A configuration may let a wrong type through as a warning: the summary still says
    what the manifest holds, and never fails on it."""
    data["capabilities"] = capabilities
    written = summary(
        data, manifest="m.json", source="m.yaml", findings=(), fail_on=Severity.ERROR, version="0"
    )
    assert written.endswith("no findings.\n")
    assert "\x1b" not in written


def test_the_readme_shows_a_real_summary(work: Path) -> None:
    """The README's shortened SUMMARY.md is the bundled connector's, lines left out at `...`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `lpmanifest package MANIFEST -o DIR`") :]
    match = re.search(r"```markdown\n(.*?)```", section, re.DOTALL)
    assert match, "the README shows a SUMMARY.md"
    shown = match.group(1).replace("lpmanifest 0.1.0", f"lpmanifest {__version__}")
    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    lines = (work / "pkg" / "SUMMARY.md").read_text(encoding="utf-8").splitlines()
    at = 0
    for line in shown.splitlines():
        if line == "...":
            continue
        assert line in lines[at:], line
        at = lines.index(line, at) + 1


def test_what_comes_into_the_old_package_meanwhile_is_never_removed(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the files decided on are removed from the package replaced: a file that came
    into it meanwhile stays, in the old directory beside the new one, and is named."""
    from lpmanifest.output import directory_writes

    assert package(work, "connector.yaml", "-o", "pkg").code == 0
    real = directory_writes._take_place

    def take_place(*args: Any) -> str | None:
        old = real(*args)
        assert old is not None
        Path(old, "late.txt").write_text("written meanwhile\n")
        return old

    monkeypatch.setattr(directory_writes, "_take_place", take_place)
    result = package(work, "helpdesk.yaml", "-o", "pkg", "--force")
    assert result.code == 0
    (left,) = (name for name in os.listdir(work) if name.startswith(writes.TEMPORARY_PREFIX))
    assert left.endswith(".old")
    assert result.err == (
        "lpmanifest: wrote pkg: helpdesk.json, SUMMARY.md, SHA256SUMS\n"
        f"lpmanifest: warning: the package replaced is left in {left}: something was added "
        "to it meanwhile\n"
    )
    assert files(work / left) == {"late.txt": b"written meanwhile\n"}
    assert sorted(os.listdir(work / "pkg")) == sorted(["helpdesk.json", *PACKAGE_FILES])
