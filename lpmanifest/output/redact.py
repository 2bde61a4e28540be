"""Credentials in a manifest: which keys hold them, and how output keeps their values hidden.

Messages never name a secret's value (they are built from the key). Only two outputs show
source text, the text report's code frame and `--diff`; both pass every line through
`redact_line`, which masks the value wherever it appears, not only on the key's line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lpmanifest.manifest import SECRET_KEYS, iter_paths

if TYPE_CHECKING:
    from lpmanifest.source.document import Document

MASK = "*" * 8
# Shorter pieces are not masked across the whole output: they would garble it, and the
# key's own line is masked by pattern anyway.
MIN_MASKED_LENGTH = 4

_SECRET_LINE = re.compile(
    "(" + "|".join(map(re.escape, sorted(SECRET_KEYS))) + r""")(["']?\s*:\s*)(.+)"""
)


def secret_texts(doc: Document) -> tuple[str, ...]:
    """Every piece of text in the document that would reveal a secret, longest first.

    Both the value as data and its lines as written in the source (a YAML block scalar
    spreads one value over lines), without surrounding quotes.
    """
    if not doc.loaded or not _mentions_secret(doc.text):
        return ()
    pieces: set[str] = set()
    for path, value in iter_paths(doc.data):
        if not path or path[-1] not in SECRET_KEYS:
            continue
        written = [str(value)] if not isinstance(value, (dict, list)) else []
        location = doc.locations.get(path)
        if location is not None:
            written.append(doc.text[location.value_range[0] : location.value_range[1]])
        for text in written:
            for line in text.splitlines():
                piece = line.strip().strip("\"'").strip()
                if len(piece) >= MIN_MASKED_LENGTH:
                    pieces.add(piece)
    return tuple(sorted(pieces, key=len, reverse=True))


def redact_line(line: str, secrets: tuple[str, ...] = ()) -> str:
    """Hide a credential's value: after its key on the key's line, and wherever it recurs."""
    if _mentions_secret(line):
        line = _SECRET_LINE.sub(lambda m: m.group(1) + m.group(2) + MASK, line)
    for secret in secrets:
        if secret in line:
            line = line.replace(secret, MASK)
    return line


def _mentions_secret(text: str) -> bool:
    return any(key in text for key in SECRET_KEYS)
