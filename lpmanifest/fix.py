"""Applying safe fixes: `--fix` writes them, `--diff` shows them.

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
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lpmanifest.check.checker import Checker
from lpmanifest.findings.model import Edit, Finding, Fix, JsonPath
from lpmanifest.redact import redact_line, secret_texts
from lpmanifest.source.document import Document
from lpmanifest.source.formats import BOM
from lpmanifest.source.read import load_text

MAX_PASSES = 5


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


def fix_document(
    doc: Document, checker: Checker, findings: list[Finding] | None = None
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
        fixable = [f for f in findings if f.fix is not None and _key(f) not in refused]
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
    current: Document, findings: list[Finding], fixable: list[Finding], checker: Checker
) -> tuple[Document, list[Finding], int] | None:
    """The document with these findings' fixes applied (those that fit), its findings and
    how many were applied; None if checking it again refuses them."""
    text = source_text(current)
    taken = _fitting(fixable)
    new_text, count = apply_fixes(
        text, [f.fix for f in taken if f.fix is not None], shift=1 if current.has_bom else 0
    )
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


# What a diff line cannot show as it is: control characters a terminal would act on (a CR
# inside a line included), bidirectional overrides, lone surrogates. Tabs and the line's own
# ending belong to a diff.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
CONTEXT = 3


def unified_diff(result: FixResult) -> tuple[str, list[str]]:
    """The fixes as a unified diff that `patch -p0` applies, and notes on what it leaves out.

    No line that holds a secret, or characters a terminal would act on, is printed: context
    stops short of it (a hunk with less context still applies), and a change to such a line
    is left out with a note (`--fix` applies it all the same). Masking would not do: a masked
    line no longer matches the file, and the patch fails.
    """
    if not result.changed:
        return "", []
    secrets = secret_texts(result.original)
    old, new = _diff_lines(result.before), _diff_lines(result.after)
    hidden_old = [_hidden(line, secrets) for line in old]
    hidden_new = [_hidden(line, secrets) for line in new]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    notes: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        reason = next((r for r in (*hidden_old[i1:i2], *hidden_new[j1:j2]) if r is not None), None)
        if reason is not None:
            notes.append(
                f"{result.original.file}:{i1 + 1}: a fix there is not shown: the line {reason} "
                "(--fix applies it)"
            )
            continue
        changes.append((i1, i2, j1, j2))
    if not changes:
        return "", notes
    name = result.original.file
    out = [f"--- {name}\n", f"+++ {name}\n"]
    groups = _grouped(changes, hidden_old)
    delta = 0  # how far the shown changes before a hunk move the new file's lines
    for index, group in enumerate(groups):
        lower = groups[index - 1][-1][1] if index else 0
        upper = groups[index + 1][0][0] if index + 1 < len(groups) else len(old)
        old_from = _context_start(group[0][0], hidden_old, lower)
        old_to = _context_end(group[-1][1], hidden_old, upper)
        body: list[str] = []
        position = old_from
        new_count = 0
        for i1, i2, j1, j2 in group:
            body.extend(_prefixed(" ", old[position:i1]))
            body.extend(_prefixed("-", old[i1:i2]))
            body.extend(_prefixed("+", new[j1:j2]))
            new_count += (i1 - position) + (j2 - j1)
            position = i2
        body.extend(_prefixed(" ", old[position:old_to]))
        new_count += old_to - position
        old_count = old_to - old_from
        out.append(f"@@ -{_range(old_from, old_count)} +{_range(old_from + delta, new_count)} @@\n")
        out.extend(body)
        delta += new_count - old_count
    return "".join(out), notes


def _grouped(
    changes: list[tuple[int, int, int, int]], hidden: list[str | None]
) -> list[list[tuple[int, int, int, int]]]:
    """Changes close enough to share a hunk: at most twice the context apart, with no hidden
    line between them."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for change in changes:
        if groups:
            gap = range(groups[-1][-1][1], change[0])
            if len(gap) <= 2 * CONTEXT and not any(hidden[k] for k in gap):
                groups[-1].append(change)
                continue
        groups.append([change])
    return groups


def _context_start(start: int, hidden: list[str | None], lower: int) -> int:
    """Where the context before a change begins: up to CONTEXT lines, not past `lower`, and
    never a hidden line."""
    first = start
    while first > max(lower, start - CONTEXT) and hidden[first - 1] is None:
        first -= 1
    return first


def _context_end(end: int, hidden: list[str | None], upper: int) -> int:
    """Where the context after a change ends (exclusive), by the same rules."""
    last = end
    while last < min(upper, end + CONTEXT) and hidden[last] is None:
        last += 1
    return last


def _diff_lines(text: str) -> list[str]:
    """The text's lines as `patch` sees them: split at LF only, each keeping its ending."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _hidden(line: str, secrets: tuple[str, ...]) -> str | None:
    """Why a line may not be printed, or None."""
    body = line[:-1] if line.endswith("\n") else line
    if body.endswith("\r"):
        body = body[:-1]
    if redact_line(body, secrets) != body:
        return "holds a secret"
    if _UNSHOWABLE.search(body):
        return "holds characters a terminal would act on"
    return None


def _prefixed(prefix: str, lines: Sequence[str]) -> list[str]:
    out = []
    for line in lines:
        out.append(
            prefix + line
            if line.endswith("\n")
            else f"{prefix}{line}\n\\ No newline at end of file\n"
        )
    return out


def _range(start: int, count: int) -> str:
    """A hunk's side as `patch` reads it: 1-based start, or the line before when empty."""
    return f"{start + 1 if count else start},{count}"
