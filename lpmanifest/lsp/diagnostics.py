"""Findings as LSP diagnostics: the same spans as `validate`, in UTF-16 positions, with the
code, the rule's name, the help line and, for a duplicate key, the first one as related."""

from __future__ import annotations

from lsprotocol import types

from lpmanifest.findings.model import Finding, Severity
from lpmanifest.lsp.positions import LineIndex

SOURCE = "lpmanifest"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def diagnostic(finding: Finding, index: LineIndex, uri: str) -> types.Diagnostic:
    message = finding.message
    if finding.help:
        message = f"{message}\nhelp: {finding.help}"
    return types.Diagnostic(
        range=index.span_range(finding.span),
        message=message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        source=f"{SOURCE} ({finding.name})",
        related_information=[
            types.DiagnosticRelatedInformation(types.Location(uri, index.span_range(span)), words)
            for span, words in finding.related
        ]
        or None,
        data={"name": finding.name},
    )


def diagnostics(findings: list[Finding], index: LineIndex, uri: str) -> list[types.Diagnostic]:
    return [diagnostic(finding, index, uri) for finding in findings]
