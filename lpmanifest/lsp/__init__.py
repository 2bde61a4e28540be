"""`lpmanifest lsp`: the checker, its fixes and the schema inside any editor, over the Language
Server Protocol on stdio (SPEC, *Language server*).

`workspace` decides which documents are manifests and which checker (configuration) each
gets; `positions` converts spans to LSP's UTF-16 positions and back; `diagnostics`, `hover`,
`completion` and `actions` answer one kind of request each, from the same checker and schema
as the command line; `cursor` says where in a manifest's structure a position is, in text that
may not parse yet; `server` wires them into pygls. It never touches the network.
"""

from __future__ import annotations

from lpmanifest import extras

DEPENDENCIES = {"pygls": "pygls", "lsprotocol": "lsprotocol"}


def require() -> None:
    """Raise a UsageError that says what to install when pygls or lsprotocol is missing."""
    extras.require("lpmanifest lsp", "lsp", DEPENDENCIES)
