"""`lpmanifest lsp`: run the language server on stdio until the client ends it."""

from __future__ import annotations

from lpmanifest.errors import ExitCode


def run() -> ExitCode:
    from lpmanifest.lsp import require

    require()
    from lpmanifest.lsp.server import serve

    return ExitCode(serve())
