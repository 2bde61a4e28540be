"""`--diff`: the fixes of one file as a unified diff that `patch -p0` applies, printing no
line that holds a secret or characters a terminal would act on."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from lpmanifest.characters import UNSAFE, matching
from lpmanifest.fix.apply import FixResult
from lpmanifest.output.redact import redact_line, secret_texts

# What a diff line cannot show as it is: control characters a terminal would act on (a CR
# inside a line included), bidirectional overrides, lone surrogates. Tabs and the line's own
# ending belong to a diff.
_UNSHOWABLE = matching(UNSAFE, allowed="\t\n")
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
