"""Applying safe fixes: `--fix` writes them, `--diff` shows them.

A fix is a set of text edits on the source as written, so everything it does not touch
stays byte-identical (comments, indentation, the BOM, CRLF line endings). Fixes whose edits
overlap are not applied together: the ones that fit are applied, the file is checked again,
and the rest get their turn in the next pass, until nothing changes (a few passes at most).
A pass that would leave a file that no longer loads is discarded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lpmanifest.checker import Checker
from lpmanifest.diagnostics import Edit, Finding, Fix
from lpmanifest.load import BOM, Document, load_text
from lpmanifest.redact import redact_line, secret_texts

MAX_PASSES = 5


@dataclass
class FixResult:
    """A document before and after its fixes, and the findings that remain."""

    original: Document
    fixed: Document
    findings: list[Finding]
    applied: int

    @property
    def before(self) -> str:
        return source_text(self.original)

    @property
    def after(self) -> str:
        return source_text(self.fixed)

    @property
    def changed(self) -> bool:
        return self.after != self.before


def source_text(doc: Document) -> str:
    """The text as the file holds it, BOM included."""
    return (BOM if doc.has_bom else "") + doc.text


def apply_fixes(text: str, fixes: Iterable[Fix], shift: int = 0) -> tuple[str, int]:
    """Apply every fix whose edits overlap no fix already taken; return the text and the
    number of fixes applied. Edit offsets are moved by `shift` (1 when `text` starts with
    the BOM that `Document.text` leaves out)."""
    taken: list[Edit] = []
    applied = 0
    for fix in sorted(fixes, key=lambda fix: min((edit.start for edit in fix.edits), default=0)):
        edits = [Edit(e.start + shift, e.end + shift, e.replacement) for e in fix.edits]
        if not edits or any(e.start < 0 or e.end > len(text) for e in edits):
            continue
        if any(_overlap(a, b) for a in edits for b in taken) or _self_overlap(edits):
            continue
        taken.extend(edits)
        applied += 1
    for edit in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text, applied


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: their order would be a guess
    return a.start < b.end and b.start < a.end


def _self_overlap(edits: Sequence[Edit]) -> bool:
    return any(_overlap(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :])


def fix_document(doc: Document, checker: Checker) -> FixResult:
    """Apply the safe fixes of `doc`'s findings until none is left or nothing changes."""
    current = doc
    findings = checker.check(current)
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = [finding.fix for finding in findings if finding.fix is not None]
        if not fixes:
            break
        text = source_text(current)
        new_text, count = apply_fixes(text, fixes, shift=1 if current.has_bom else 0)
        if count == 0 or new_text == text:
            break
        candidate = load_text(new_text, doc.file, doc.format)
        if current.loaded and not candidate.loaded:
            break  # a fix must never break the file: keep what we had
        current, applied = candidate, applied + count
        findings = checker.check(current)
    return FixResult(doc, current, findings, applied)


# Control characters a terminal would act on; tabs and line endings belong to a diff.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def unified_diff(result: FixResult) -> str:
    """The fixes as a unified diff (`patch -p0` applies it); secrets stay masked."""
    if not result.changed:
        return ""
    secrets = secret_texts(result.original)
    name = result.original.file
    lines = difflib.unified_diff(
        result.before.splitlines(keepends=True),
        result.after.splitlines(keepends=True),
        fromfile=name,
        tofile=name,
    )
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        line = redact_line(line, secrets)
        out.append(_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), line))
    return "".join(out)
