"""The language server (`lpmanifest lsp`): hover and completion for manifests being typed."""
