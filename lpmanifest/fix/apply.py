"""Applying safe fixes, checked: what `--fix` writes and `--diff` shows (fix/diff.py).

A fix is a set of text edits on the source as written, so everything it does not touch
stays byte-identical (comments, indentation, the BOM, CRLF line endings). Fixes whose edits
overlap are not applied together: the ones that fit are applied, the file is checked again,
and the rest get their turn in the next pass, until nothing changes (a few passes at most).

A fix is kept only if the file, checked again, still loads, no longer has the finding it
fixes, and has no finding it did not have: a fix that would change what a value means (a
word turned into a boolean) or break the file is not applied, and its finding stays,
without a fix (so no report says `--fix` applies it).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from lpmanifest.findings.model import Edit, Finding, Fix, JsonPath
from lpmanifest.source.document import Document
from lpmanifest.source.read import load_text

MAX_PASSES = 5


class Checks(Protocol):
    """What fixing needs of a checker (`check.checker.Checker`): a document's findings,
    without verifying their fixes (which is what fixing does)."""

    def check(self, doc: Document, *, verify_fixes: bool = ...) -> list[Finding]: ...


@dataclass
class FixResult:
    """A document before and after its fixes, and the findings that remain."""

    original: Document
    fixed: Document
    findings: list[Finding]
    applied: int
    # The original findings, with the fixes that were refused taken away.
    offered: list[Finding]

    @property
    def before(self) -> str:
        return self.original.source

    @property
    def after(self) -> str:
        return self.fixed.source

    @property
    def changed(self) -> bool:
        return self.after != self.before


def apply_fixes(text: str, fixes: Iterable[Fix], origin: int = 0) -> tuple[str, int]:
    """Apply every fix whose edits overlap no fix already taken; return the text and the
    number of fixes applied. Edit offsets count from `Document.text`, which starts at
    `origin` in `text` (`Document.source`: after the byte order mark the text leaves out)."""
    taken: list[Edit] = []
    applied = 0
    for fix in sorted(fixes, key=lambda fix: min((edit.start for edit in fix.edits), default=0)):
        edits = [Edit(e.start + origin, e.end + origin, e.replacement) for e in fix.edits]
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


def fix_document(
    doc: Document, checker: Checks, findings: list[Finding] | None = None
) -> FixResult:
    """Apply the safe fixes of `doc`'s findings (`findings`, if they are known) until none
    is left or nothing changes."""
    current = doc
    if findings is None:
        findings = checker.check(current, verify_fixes=False)
    first = findings
    applied = 0
    refused: set[tuple[str, JsonPath]] = set()
    for _ in range(MAX_PASSES):
        fixable = [f for f in findings if f.safe_fix is not None and _key(f) not in refused]
        if not fixable:
            break
        # All the fixes that fit together; if checking again refuses the batch, each one
        # alone, keeping the first that passes (the others' offsets are then out of date:
        # they are taken up in the next pass).
        outcome = _attempt(current, findings, fixable, checker)
        if outcome is None:
            for finding in fixable:
                outcome = _attempt(current, findings, [finding], checker)
                if outcome is not None:
                    break
                refused.add(_key(finding))
        if outcome is None:
            break
        current, findings, count = outcome
        applied += count
    return FixResult(doc, current, _without(findings, refused), applied, _without(first, refused))


def _without(findings: list[Finding], refused: set[tuple[str, JsonPath]]) -> list[Finding]:
    """The findings, without the fixes that checking again refused."""
    return [
        dataclasses.replace(f, fix=None) if f.fix is not None and _key(f) in refused else f
        for f in findings
    ]


def _key(finding: Finding) -> tuple[str, JsonPath]:
    return finding.code, finding.path


def _attempt(
    current: Document, findings: list[Finding], fixable: list[Finding], checker: Checks
) -> tuple[Document, list[Finding], int] | None:
    """The document with these findings' fixes applied (those that fit), its findings and
    how many were applied; None if checking it again refuses them."""
    text = current.source
    taken = _fitting(fixable)
    fixes = [f.fix for f in taken if f.fix is not None]
    new_text, count = apply_fixes(text, fixes, origin=len(text) - len(current.text))
    if count == 0 or new_text == text:
        return None
    candidate = load_text(new_text, current.file, current.format)
    if current.loaded and not candidate.loaded:
        return None  # a fix must never break the file
    after = checker.check(candidate, verify_fixes=False)
    if not _kept_meaning(findings, taken, after):
        return None
    return candidate, after, count


def _fitting(findings: list[Finding]) -> list[Finding]:
    """The findings whose fixes `apply_fixes` takes together (their edits do not overlap)."""
    taken: list[Finding] = []
    edits: list[Edit] = []
    for finding in sorted(
        findings, key=lambda f: min((e.start for e in f.fix.edits), default=0) if f.fix else 0
    ):
        assert finding.fix is not None
        own = list(finding.fix.edits)
        if not own or _self_overlap(own) or any(_overlap(a, b) for a in own for b in edits):
            continue
        taken.append(finding)
        edits.extend(own)
    return taken


def _kept_meaning(before: list[Finding], fixed: list[Finding], after: list[Finding]) -> bool:
    """Whether the fixes did what they say and nothing else: of every kind of finding there
    are at most as many as before, less the ones fixed (so those are gone, and none is new).

    Kinds are counted rather than paths compared: a rename moves the findings under it, and
    removing a list item moves the items after it."""
    allowed = Counter(f.code for f in before)
    allowed.subtract(f.code for f in fixed)
    counts = Counter(f.code for f in after)
    return all(counts[code] <= allowed[code] for code in counts)
