"""What a diff must never show: webhook header values (they carry tokens) and credentials
(`client_secret`, whatever `manifest.is_secret` says), in every format.

The values themselves become `MASK`, as `output.redact` masks them in code frames. And as
there, a credential pasted into another field (into an endpoint's query) is masked wherever
it recurs, in every string and key a change shows. A header value is masked only where it
is one: it is often a plain word (`liveperson`) that the endpoints rightly hold too.
"""

from __future__ import annotations

from typing import Any

from lpmanifest.findings.model import JsonPath
from lpmanifest.manifest import is_secret, iter_paths
from lpmanifest.output.redact import MASK, MIN_MASKED_LENGTH

HEADER_VALUE = "header_value"


def is_hidden(path: JsonPath) -> bool:
    """Whether the value at `path` is a credential or a header value (or inside one)."""
    return is_secret(path) or HEADER_VALUE in path


class Masker:
    """Masks the values and texts of one comparison, knowing the credentials of both sides."""

    def __init__(self, *manifests: Any) -> None:
        pieces: set[str] = set()
        for data in manifests:
            for path, value in iter_paths(data):
                if not is_secret(path) or isinstance(value, (bool, dict, list)) or value is None:
                    continue
                text = str(value)
                for piece in (text, *(line.strip() for line in text.splitlines())):
                    if len(piece) >= MIN_MASKED_LENGTH:
                        pieces.add(piece)
        # Longest first: a secret that holds another is masked whole.
        self.secrets = tuple(sorted(pieces, key=len, reverse=True))

    def text(self, text: str) -> str:
        """`text` with every credential of either manifest in it masked."""
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def path(self, path: JsonPath) -> JsonPath:
        """A path whose keys give no credential away."""
        if not self.secrets:
            return path
        return tuple(self.text(part) if isinstance(part, str) else part for part in path)

    def value(self, value: Any, path: JsonPath) -> Any:
        """A copy of the value at `path` that can be shown: hidden values masked, and every
        credential masked inside the others (and inside keys)."""
        if is_hidden(path):
            return MASK
        if isinstance(value, dict):
            return {self.text(key): self.value(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item, (*path, index)) for index, item in enumerate(value)]
        if isinstance(value, str) and self.secrets:
            return self.text(value)
        return value
