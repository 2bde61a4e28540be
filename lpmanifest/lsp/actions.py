"""Code actions: each finding's fix as a quick fix (the safe ones preferred; a did-you-mean
rename offered as a choice), and "fix all" for the document: what `validate --fix` would
write, as one edit."""

from __future__ import annotations

from lsprotocol import types

from lpmanifest.findings.model import Applicability, Edit, Finding
from lpmanifest.lsp.diagnostics import diagnostic
from lpmanifest.lsp.positions import LineIndex
from lpmanifest.lsp.workspace import Checked
from lpmanifest.source.formats import BOM

FIX_ALL = "source.fixAll.lpmanifest"


def _text_edits(
    edits: tuple[Edit, ...], checked: Checked, index: LineIndex
) -> list[types.TextEdit]:
    # Edits count from the document's text, which leaves a byte order mark out.
    shift = len(BOM) if checked.doc.has_bom else 0
    return [
        types.TextEdit(
            types.Range(index.position(e.start + shift), index.position(e.end + shift)),
            e.replacement,
        )
        for e in edits
    ]


def _overlaps(finding: Finding, wanted: types.Range, index: LineIndex) -> bool:
    found = index.span_range(finding.span)
    before = (found.end.line, found.end.character) < (wanted.start.line, wanted.start.character)
    after = (found.start.line, found.start.character) > (wanted.end.line, wanted.end.character)
    return not (before or after)


def code_actions(
    uri: str,
    version: int | None,
    checked: Checked,
    index: LineIndex,
    wanted: types.Range,
    only: list[str] | None,
) -> list[types.CodeAction]:
    """The quick fixes for the findings in `wanted`, and fix-all when anything is fixable."""
    actions: list[types.CodeAction] = []
    quick = not only or any(kind.startswith("quickfix") for kind in only)
    if quick:
        for finding in checked.findings:
            fix = finding.fix
            if fix is None or not _overlaps(finding, wanted, index):
                continue
            safe = fix.applicability is Applicability.SAFE
            actions.append(
                types.CodeAction(
                    title=f"{fix.description} ({finding.name})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic(finding, index, uri)],
                    is_preferred=safe,
                    edit=_workspace_edit(uri, version, _text_edits(fix.edits, checked, index)),
                )
            )
    fix_all = fix_all_action(uri, version, checked, index, only)
    if fix_all is not None:
        actions.append(fix_all)
    return actions


def fix_all_action(
    uri: str, version: int | None, checked: Checked, index: LineIndex, only: list[str] | None
) -> types.CodeAction | None:
    wanted = not only or any(FIX_ALL.startswith(kind) or kind.startswith(FIX_ALL) for kind in only)
    if not wanted or not any(f.safe_fix is not None for f in checked.findings):
        return None
    from lpmanifest.fix.apply import fix_document

    result = fix_document(checked.doc, checked.checker, checked.findings)
    if not result.changed:
        return None
    whole = types.Range(types.Position(0, 0), index.position(len(index.text)))
    return types.CodeAction(
        title=f"Fix all: {result.applied} safe fix{'es' if result.applied != 1 else ''}",
        kind=FIX_ALL,
        edit=_workspace_edit(uri, version, [types.TextEdit(whole, result.fixed.source)]),
    )


def _workspace_edit(
    uri: str, version: int | None, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                types.OptionalVersionedTextDocumentIdentifier(uri, version), list(edits)
            )
        ]
    )
