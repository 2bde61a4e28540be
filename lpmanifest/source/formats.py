"""What format a manifest is written in: by the name's suffix, the only place that decides it,
or by the first characters of its text."""

from __future__ import annotations

from typing import Literal

Format = Literal["json", "yaml"]

BOM = "\ufeff"


YAML_SUFFIXES = (".yaml", ".yml")


JSON_SUFFIXES = (".json",)
_MANIFEST_SUFFIXES = YAML_SUFFIXES + JSON_SUFFIXES


def format_of_name(name: str) -> Format | None:
    """The format a name's suffix says, or None when it says neither."""
    lower = name.lower()
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    return None


def is_manifest_name(name: str) -> bool:
    """Whether a search of a folder reads this file: its suffix names a manifest format."""
    return name.lower().endswith(_MANIFEST_SUFFIXES)  # (format_of_name's suffixes, at once)


def detect_format(name: str, text: str) -> Format:
    """The name's format; without a telling suffix, the text's first character decides."""
    named = format_of_name(name)
    if named is not None:
        return named
    stripped = text.lstrip(BOM + " \t\r\n")
    return "json" if stripped[:1] in ("{", "[") else "yaml"
