"""`lpmanifest lsp` end to end: a real LSP client (pytest-lsp) drives `python -m lpmanifest
lsp` over stdio, as an editor does."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from lpmanifest.check.checker import Checker
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.read import load_text

from .lint_support import run_cli

SERVER = [sys.executable, "-m", "lpmanifest", "lsp"]

BROKEN_YAML = (
    "client_name: com.acme.app\n"
    "client_nme: x\n"
    "quick_launch_enabled: yes\n"
    "grant_types:\n"
    "  - client_credentails\n"
)
# Characters outside the BMP before a finding on the same line: two UTF-16 units each.
BROKEN_JSON = (
    '{"display_name": "Acme \U0001f600\U0001f680", "client_nme": "x",\n'
    ' "client_name": "com.acme.app", "max": 1}\n'
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    markdown = [types.MarkupKind.Markdown, types.MarkupKind.PlainText]
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=markdown),
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(documentation_format=markdown)
            ),
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            configuration=True,
        ),
    )

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.__dict__.setdefault("registrations", []).extend(params.registrations)

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=tmp_path.as_uri(),
            workspace_folders=[types.WorkspaceFolder(tmp_path.as_uri(), "w")],
        )
    )
    yield
    await lsp_client.shutdown_session()


async def open_document(
    client: LanguageClient, path: Path, text: str, language: str = "yaml"
) -> list[types.Diagnostic]:
    uri = path.as_uri()
    waiting = diagnostics_of(client, uri, 1)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
    )
    return await waiting


async def diagnostics_of(
    client: LanguageClient, uri: str, version: int | None
) -> list[types.Diagnostic]:
    """The diagnostics the server publishes next for `version` of the document (call it
    before sending what makes the server publish them)."""
    futures = [client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)]

    async def wait() -> list[types.Diagnostic]:
        pending = futures[0]
        while True:
            params: types.PublishDiagnosticsParams = await pending
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
            pending = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), 15)


def expected(text: str, name: str) -> list[tuple[int, int, int, int, str]]:
    """What `lpmanifest validate` reports, as 0-based LSP ranges for ASCII text."""
    findings = Checker(rules=LINT_RULES).check(load_text(text, name))
    return [
        (f.span.line - 1, f.span.column - 1, f.span.end_line - 1, f.span.end_column - 1, f.code)
        for f in findings
    ]


def ranges(found: list[types.Diagnostic]) -> list[tuple[int, int, int, int, str]]:
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            str(d.code),
        )
        for d in found
    ]


# -- diagnostics ---------------------------------------------------------------------------


async def test_yaml_diagnostics_are_validates_findings(
    client: LanguageClient, tmp_path: Path
) -> None:
    found = await open_document(client, tmp_path / "manifest.yaml", BROKEN_YAML)
    assert ranges(found) == expected(BROKEN_YAML, "manifest.yaml")
    assert {str(d.code) for d in found} >= {"LPM101", "LPM104", "LPM301"}
    unknown = next(d for d in found if d.code == "LPM101")
    assert unknown.range == types.Range(types.Position(1, 0), types.Position(1, 10))
    assert (
        unknown.message
        == "unknown key 'client_nme' in the manifest\nhelp: did you mean 'client_name'?"
    )
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.source == "lpmanifest (unknown-key)"


async def test_json_columns_are_utf16(client: LanguageClient, tmp_path: Path) -> None:
    found = await open_document(client, tmp_path / "manifest.json", BROKEN_JSON, "json")
    unknown = next(d for d in found if d.code == "LPM101" and "client_nme" in d.message)
    characters = BROKEN_JSON.index('"client_nme"')  # the column in characters, 0-based
    assert unknown.range.start == types.Position(0, characters + 2)  # two emoji: +1 each
    assert unknown.range.end == types.Position(0, characters + 2 + len('"client_nme"'))
    # Line 2 holds no wide character: the same columns as validate's.
    [maximum] = [d for d in found if "'max'" in d.message]
    second = BROKEN_JSON.split("\n")[1]
    assert (maximum.range.start.line, maximum.range.start.character) == (1, second.index('"max"'))


async def test_duplicate_keys_relate_to_the_first(client: LanguageClient, tmp_path: Path) -> None:
    text = "client_name: com.acme.app\ndisplay_name: A\ndisplay_name: B\n"
    [duplicate] = await open_document(client, tmp_path / "manifest.yaml", text)
    assert duplicate.code == "LPM005"
    assert duplicate.range.start == types.Position(2, 0)
    [related] = duplicate.related_information or []
    assert related.location.range.start == types.Position(1, 0)
    assert related.location.uri == (tmp_path / "manifest.yaml").as_uri()


async def test_a_change_updates_the_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    found = await open_document(client, path, BROKEN_YAML)
    assert "LPM101" in {d.code for d in found}
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=path.as_uri()),
            [
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(1, 0), types.Position(1, 10)),
                    text="display_name",
                )
            ],
        )
    )
    found = await diagnostics_of(client, path.as_uri(), 2)
    assert "LPM101" not in {d.code for d in found}
    text = BROKEN_YAML.replace("client_nme", "display_name")
    assert ranges(found) == expected(text, "manifest.yaml")


async def test_other_json_and_yaml_get_no_diagnostics(
    client: LanguageClient, tmp_path: Path
) -> None:
    found = await open_document(
        client, tmp_path / "package.json", '{"name": "x", "version": ', "json"
    )
    assert found == []
    # Named like any file, but plainly a LivePerson manifest by its content: checked.
    found = await open_document(
        client, tmp_path / "app.yaml", "client_name: com.acme.app\nclient_nme: x\n"
    )
    assert [d.code for d in found] == ["LPM101"]


async def test_close_clears_the_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    await open_document(client, path, BROKEN_YAML)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[path.as_uri()]) == []


# -- code actions ---------------------------------------------------------------------------


async def _apply(client: LanguageClient, path: Path, text: str, action: types.CodeAction) -> str:
    assert action.edit is not None and action.edit.document_changes
    [change] = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    for edit in sorted(change.edits, key=lambda e: offset(e.range.start), reverse=True):
        assert isinstance(edit, types.TextEdit)
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def _actions(
    client: LanguageClient, path: Path, found: types.Diagnostic, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(path.as_uri()),
            found.range,
            types.CodeActionContext([found], only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def test_a_quick_fix_removes_its_diagnostic(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    found = await open_document(client, path, BROKEN_YAML)
    boolean = next(d for d in found if d.code == "LPM301")
    actions = await _actions(client, path, boolean, [types.CodeActionKind.QuickFix])
    [fix] = [a for a in actions if "yaml-implicit-boolean" in a.title]
    assert fix.is_preferred
    fixed = await _apply(client, path, BROKEN_YAML, fix)
    assert "quick_launch_enabled: true\n" in fixed
    assert "LPM301" not in {code for *_, code in expected(fixed, "manifest.yaml")}


async def test_a_did_you_mean_is_offered_as_a_rename(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "manifest.yaml"
    found = await open_document(client, path, BROKEN_YAML)
    value = next(d for d in found if d.code == "LPM104")
    [rename] = [
        a for a in await _actions(client, path, value) if a.kind == types.CodeActionKind.QuickFix
    ]
    assert rename.title == "write client_credentials (invalid-value)"
    assert not rename.is_preferred  # a guess: offered, never applied unasked
    fixed = await _apply(client, path, BROKEN_YAML, rename)
    assert "  - client_credentials\n" in fixed
    assert "LPM104" not in {code for *_, code in expected(fixed, "manifest.yaml")}


async def test_fix_all(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    text = "client_name: com.acme.app\nquick_launch_enabled: on\nenabled: off\n"
    found = await open_document(client, path, text)
    actions = await _actions(client, path, found[0], ["source.fixAll"])
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.lpmanifest"
    fixed = await _apply(client, path, text, fix_all)
    assert fixed == "client_name: com.acme.app\nquick_launch_enabled: true\nenabled: false\n"


# -- configuration ------------------------------------------------------------------------------


async def test_the_workspace_configuration_is_honoured_and_reloaded(
    client: LanguageClient, tmp_path: Path
) -> None:
    config = tmp_path / ".lpmanifest.toml"
    config.write_text('ignore = ["yaml-implicit-boolean"]\n')
    path = tmp_path / "manifest.yaml"
    found = await open_document(client, path, BROKEN_YAML)
    assert "LPM301" not in {d.code for d in found} and "LPM101" in {d.code for d in found}
    config.write_text('ignore = ["unknown-key"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = {d.code for d in client.diagnostics[path.as_uri()]}
    assert "LPM301" in codes and "LPM101" not in codes


async def test_the_clients_settings_win(client: LanguageClient, tmp_path: Path) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams({"lpmanifest": {"ignore": ["invalid-value"]}})
    )
    found = await open_document(client, tmp_path / "manifest.yaml", BROKEN_YAML)
    assert "LPM104" not in {d.code for d in found} and "LPM101" in {d.code for d in found}


async def test_a_broken_configuration_is_said_and_checking_goes_on(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".lpmanifest.toml").write_text('ignore = ["no-such-rule"]\n')
    found = await open_document(client, tmp_path / "manifest.yaml", BROKEN_YAML)
    assert "LPM101" in {d.code for d in found}
    await asyncio.sleep(0.1)
    assert any("no-such-rule" in m.message for m in client.messages)


# -- robustness -------------------------------------------------------------------------------


async def test_unknown_methods_and_malformed_messages_are_survived(
    client: LanguageClient, tmp_path: Path
) -> None:
    with pytest.raises(Exception, match=r"Method Not Found"):
        await client.protocol.send_request_async("lpmanifest/nope", {})
    transport = client.protocol.writer
    assert transport is not None
    transport.write(b"Content-Length: 9\r\n\r\n{not json")  # type: ignore[union-attr]
    transport.write(b"Content-Length: 2\r\n\r\n[]")  # type: ignore[union-attr]
    found = await open_document(client, tmp_path / "manifest.yaml", BROKEN_YAML)
    assert "LPM101" in {d.code for d in found}


async def test_a_ten_megabyte_document(client: LanguageClient, tmp_path: Path) -> None:
    text = "client_name: com.acme.app\ndescription: '" + "x" * 10_500_000 + "'\n"
    found = await open_document(client, tmp_path / "manifest.yaml", text)
    assert [d.code for d in found] == ["LPM006"]


async def test_a_document_closed_during_its_check(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    await open_document(client, path, BROKEN_YAML)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=2, uri=path.as_uri()),
            [types.TextDocumentContentChangeWholeDocument(text="client_nme: y\n")],
        )
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(path.as_uri()))
    )
    await asyncio.sleep(0.3)
    assert list(client.diagnostics[path.as_uri()]) == []
    found = await open_document(client, tmp_path / "other-manifest.yaml", BROKEN_YAML)
    assert found  # the server goes on


def test_shutdown_exit_and_a_client_that_disappears() -> None:
    """Exit after shutdown is 0, exit without it 1, and a client that closes the pipe ends
    the server quietly: never a traceback on stderr."""

    def message(payload: dict[str, object]) -> bytes:
        body = json.dumps(payload).encode()
        return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)

    init = message(
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
    )
    shutdown = message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    exit_ = message({"jsonrpc": "2.0", "method": "exit"})
    for stdin, code in ((init + shutdown + exit_, 0), (init + exit_, 1), (init, None)):
        result = subprocess.run(SERVER, input=stdin, capture_output=True, timeout=30)
        if code is not None:
            assert result.returncode == code
        assert result.stderr == b""
        # The answer to initialize: what the server does.
        header, _, rest = result.stdout.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
        answer = json.loads(rest[:length])
        assert answer["id"] == 1
        capabilities = answer["result"]["capabilities"]
        assert capabilities["textDocumentSync"]["change"] == 2  # incremental
        assert capabilities["hoverProvider"] is True
        assert '"' in capabilities["completionProvider"]["triggerCharacters"]
        assert capabilities["codeActionProvider"]["codeActionKinds"] == [
            "quickfix",
            "source.fixAll.lpmanifest",
        ]
        assert answer["result"]["serverInfo"]["name"] == "lpmanifest"


def test_without_pygls_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from lpmanifest import extras

    monkeypatch.setattr(extras, "importable", lambda module: module != "pygls")
    run = run_cli("lsp")
    assert run.code == 2
    assert run.err == (
        "lpmanifest: error: lpmanifest lsp needs pygls, which is not installed; install it "
        "with: pip install 'lpmanifest[lsp]'\n"
    )


# -- hover and completion ---------------------------------------------------------------------


async def _hover(client: LanguageClient, path: Path, line: int, character: int) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(
            types.TextDocumentIdentifier(path.as_uri()), types.Position(line, character)
        )
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_hover_shows_the_schema_and_the_rule(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    await open_document(client, path, BROKEN_YAML)
    key = await _hover(client, path, 2, 3)  # on quick_launch_enabled
    assert key.startswith("**Quick launch enabled** (`quick_launch_enabled`)")
    assert "- type: boolean" in key and "- default: `false`" in key
    # On the boolean `yes`: its finding's rule, then the key's documentation.
    finding = await _hover(client, path, 2, 23)
    assert finding.startswith("### LPM301 yaml-implicit-boolean\n\n## What it does")
    assert "**Quick launch enabled**" in finding
    unknown = await _hover(client, path, 1, 2)
    assert unknown.startswith("### LPM101 unknown-key")


async def _complete(
    client: LanguageClient, path: Path, text: str, language: str = "yaml"
) -> tuple[list[types.CompletionItem], types.Position]:
    """Completion at the `|` of `text` (opened without it)."""
    offset = text.index("|")
    text = text.replace("|", "", 1)
    before = text[:offset]
    position = types.Position(before.count("\n"), len(before.split("\n")[-1]))
    await open_document(client, path, text, language)
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(path.as_uri()), position)
    )
    items = result.items if isinstance(result, types.CompletionList) else list(result or [])
    return items, position


def _by_label(items: list[types.CompletionItem]) -> dict[str, types.CompletionItem]:
    return {item.label: item for item in items}


async def test_completion_of_event_names_in_yaml(client: LanguageClient, tmp_path: Path) -> None:
    text = "client_name: com.acme.app\ncapabilities:\n  webhooks:\n    ms.Mess|\n"
    items, position = await _complete(client, tmp_path / "manifest.yaml", text)
    labels = _by_label(items)
    content = labels["ms.MessagingEventNotification.ContentEvent"]
    assert "cqm.ExConversationChangeNotification" in labels and "retry" in labels
    edit = content.text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.new_text == "ms.MessagingEventNotification.ContentEvent"
    assert edit.range.start == types.Position(3, 4) and edit.range.end == position
    assert content.documentation is not None


async def test_completion_in_incomplete_json(client: LanguageClient, tmp_path: Path) -> None:
    text = '{"client_name": "com.acme.app", "capabilities": {"webhooks": {"|'
    items, _ = await _complete(client, tmp_path / "manifest.json", text, "json")
    content = _by_label(items)["ms.MessagingEventNotification.ContentEvent"]
    assert isinstance(content.text_edit, types.TextEdit)
    assert content.text_edit.new_text == "ms.MessagingEventNotification.ContentEvent"  # quoted


async def test_completion_of_top_level_keys_leaves_out_what_liveperson_assigns(
    client: LanguageClient, tmp_path: Path
) -> None:
    items, _ = await _complete(client, tmp_path / "manifest.yaml", "client_name: x\n|\n")
    labels = _by_label(items)
    assert {"display_name", "grant_types", "capabilities", "logo_uri"} <= set(labels)
    assert "client_secret" not in labels and "client_id" not in labels
    assert labels["grant_types"].detail == "Grant types"


async def test_completion_of_allowed_values(client: LanguageClient, tmp_path: Path) -> None:
    items, _ = await _complete(
        client, tmp_path / "manifest.yaml", "client_name: x\ngrant_types:\n  - |\n"
    )
    assert {"client_credentials", "authorization_code", "refresh_token"} <= set(_by_label(items))
    items, _ = await _complete(
        client, tmp_path / "b-manifest.yaml", "client_name: x\nquick_launch_enabled: |\n"
    )
    assert set(_by_label(items)) == {"true", "false"}


async def test_settings_are_pulled_where_the_client_keeps_them(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "manifest.yaml"
    found = await open_document(client, path, BROKEN_YAML)
    assert "LPM101" in {d.code for d in found}
    client.set_configuration({"ignore": ["unknown-key"]}, section="lpmanifest")
    waiting = diagnostics_of(client, path.as_uri(), 1)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(None))
    found = await waiting
    assert "LPM101" not in {d.code for d in found} and "LPM301" in {d.code for d in found}
