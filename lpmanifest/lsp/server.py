"""The language server: pygls wiring for diagnostics, hover, completion and code actions.

A change is checked after a short pause (`DEBOUNCE`), so that typing does not queue a check
per key stroke; a newer change cancels the pending one, and a document closed meanwhile is
not reported. A handler that fails says so to the client (`window/logMessage`) and the
server goes on: nothing is written to stderr, which some clients show as a crash.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from lpmanifest import __version__
from lpmanifest.lsp.actions import FIX_ALL, code_actions
from lpmanifest.lsp.completion import completions
from lpmanifest.lsp.diagnostics import diagnostics
from lpmanifest.lsp.hover import hover_text
from lpmanifest.lsp.positions import LineIndex
from lpmanifest.lsp.workspace import Checked, Settings, Workspace

DEBOUNCE = 0.03  # seconds after the last change before it is checked
CONFIG_NAMES = (".lpmanifest.toml", "pyproject.toml")

Result = TypeVar("Result")


class ManifestServer(LanguageServer):
    """pygls's server, with the workspace's checkers and each document's last check."""

    def __init__(self) -> None:
        super().__init__(
            "lpmanifest",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.space = Workspace()
        self.last: dict[str, tuple[int | None, Checked, LineIndex]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.background: set[asyncio.Future[None]] = set()  # kept until done (asyncio's advice)

    def in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    # -- checking -----------------------------------------------------------------------
    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        self.pending.pop(uri, None)
        self.publish(uri)

    def is_open(self, uri: str) -> bool:
        return uri in self.workspace.text_documents

    def current(self, uri: str) -> tuple[Checked, LineIndex] | None:
        """The document's check at its current version (checked now if it is older)."""
        if not self.is_open(uri):
            return None
        document = self.workspace.get_text_document(uri)
        last = self.last.get(uri)
        if last is not None and last[0] == document.version:
            return last[1], last[2]
        checked = self.space.check(uri, document.source)
        self._tell_problems()
        if checked is None:
            self.last.pop(uri, None)
            return None
        index = LineIndex(document.source)
        self.last[uri] = (document.version, checked, index)
        return checked, index

    def publish(self, uri: str) -> None:
        try:
            found = self.current(uri)
        except Exception as error:  # a fault of ours: said, and the server goes on
            self.log_failure("checking", uri, error)
            return
        if not self.is_open(uri):
            return  # closed while it was checked
        version = self.workspace.get_text_document(uri).version
        items = diagnostics(found[0].findings, found[1], uri) if found else []
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
        )

    async def pull_settings(self) -> None:
        """The `lpmanifest` section of the client's settings, where the client keeps them
        (`workspace/configuration`); the initialization options otherwise stand."""
        workspace = self.client_capabilities.workspace
        if workspace is None or not workspace.configuration:
            return
        try:
            found = await asyncio.wait_for(
                self.workspace_configuration_async(
                    types.ConfigurationParams([types.ConfigurationItem(section="lpmanifest")])
                ),
                5,
            )
        except Exception as error:  # a client that cannot answer: keep what we have
            self.log_failure("reading the settings of", "the workspace", error)
            return
        if found and isinstance(found[0], dict):
            self.space.update(Settings.read(found[0]))
            self.recheck_all()

    def recheck_all(self) -> None:
        self.space.forget()
        self.last.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def clear(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.last.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- telling the user -----------------------------------------------------------------
    def _tell_problems(self) -> None:
        while self.space.problems:
            message = self.space.problems.pop(0)
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"lpmanifest: {message}")
            )

    def log_failure(self, what: str, uri: str, error: BaseException) -> None:
        self.window_log_message(
            types.LogMessageParams(
                types.MessageType.Error,
                f"lpmanifest: {what} {uri} failed: {type(error).__name__}: {error}",
            )
        )


def guarded(what: str) -> Callable[[Callable[..., Result]], Callable[..., Result | None]]:
    """A handler whose failure is logged to the client and answered with nothing."""

    def wrap(handler: Callable[..., Result]) -> Callable[..., Result | None]:
        @functools.wraps(handler)
        def run(ls: ManifestServer, params: Any) -> Result | None:
            try:
                return handler(ls, params)
            except Exception as error:
                uri = getattr(getattr(params, "text_document", None), "uri", "")
                ls.log_failure(what, uri, error)
                return None

        return run

    return wrap


def make_server() -> ManifestServer:
    server = ManifestServer()

    @server.feature(types.INITIALIZE)
    @guarded("initializing")
    def initialize(ls: ManifestServer, params: types.InitializeParams) -> None:
        ls.space.update(Settings.read(params.initialization_options))

    @server.feature(types.INITIALIZED)
    @guarded("registering")
    def initialized(ls: ManifestServer, params: types.InitializedParams) -> None:
        ls.in_background(ls.pull_settings())
        capabilities = ls.client_capabilities.workspace
        watch = capabilities and capabilities.did_change_watched_files
        if watch and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(f"**/{name}") for name in CONFIG_NAMES]
            ls.client_register_capability(
                types.RegistrationParams(
                    [
                        types.Registration(
                            "lpmanifest-config",
                            types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            types.DidChangeWatchedFilesRegistrationOptions(watchers),
                        )
                    ]
                )
            )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded("opening")
    def did_open(ls: ManifestServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded("changing")
    def did_change(ls: ManifestServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded("saving")
    def did_save(ls: ManifestServer, params: types.DidSaveTextDocumentParams) -> None:
        if os.path.basename(params.text_document.uri) in CONFIG_NAMES:
            ls.recheck_all()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded("closing")
    def did_close(ls: ManifestServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.clear(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded("reloading the configuration for")
    def watched(ls: ManifestServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(os.path.basename(change.uri) in CONFIG_NAMES for change in params.changes):
            ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded("reading the settings for")
    def settings(ls: ManifestServer, params: types.DidChangeConfigurationParams) -> None:
        if params.settings:  # pushed; else pulled, where the client keeps them
            ls.space.update(Settings.read(params.settings))
            ls.recheck_all()
        else:
            ls.in_background(ls.pull_settings())

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded("hovering over")
    def hover(ls: ManifestServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.current(params.text_document.uri)
        if found is None:
            return None
        checked, index = found
        offset = index.offset(params.position)
        line = params.position.line + 1
        column = offset - index.offset(types.Position(params.position.line, 0)) + 1
        text = hover_text(index.text, checked.doc.format, offset, checked.findings, line, column)
        if text is None:
            return None
        document = ls.client_capabilities.text_document
        hovering = document.hover if document is not None else None
        formats = hovering.content_format if hovering is not None else None
        kind = (
            types.MarkupKind.Markdown
            if formats is None or types.MarkupKind.Markdown in formats
            else types.MarkupKind.PlainText
        )
        return types.Hover(types.MarkupContent(kind, text))

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=['"', ":", " ", "-", "."]),
    )
    @guarded("completing in")
    def complete(ls: ManifestServer, params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        fmt = ls.space.format_of(uri)
        if fmt is None or not ls.is_open(uri):
            return types.CompletionList(is_incomplete=False, items=[])
        text = ls.workspace.get_text_document(uri).source
        offset = LineIndex(text).offset(params.position)
        document = ls.client_capabilities.text_document
        completion = document.completion if document is not None else None
        item = completion.completion_item if completion is not None else None
        formats = item.documentation_format if item is not None else None
        markdown = bool(formats and types.MarkupKind.Markdown in formats)
        items = completions(text, fmt, offset, markdown)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    @guarded("finding code actions for")
    def actions(ls: ManifestServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        found = ls.current(uri)
        if found is None:
            return []
        version = ls.workspace.get_text_document(uri).version
        only = [str(kind) for kind in params.context.only] if params.context.only else None
        return code_actions(uri, version, found[0], found[1], params.range, only)

    return server


def serve() -> int:
    """Run the server on stdio until the client says exit (or goes away); the exit code is
    the protocol's: 0 after a shutdown request, 1 otherwise."""
    # pygls logs what it catches; without a handler Python would print it to stderr.
    logging.getLogger("pygls").addHandler(logging.NullHandler())
    logging.getLogger("pygls").propagate = False
    server = make_server()
    server.start_io()
    return 0 if server.protocol._shutdown else 1
