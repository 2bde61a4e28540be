"""What format a manifest is written in: by the name's suffix, the only place that decides it,
or by the first characters of its text."""

from __future__ import annotations

from typing import Literal

Format = Literal["json", "yaml"]

BOM = "\ufeff"


YAML_SUFFIXES = (".yaml", ".yml")


JSON_SUFFIXES = (".json",)


def detect_format(name: str, text: str) -> Format:
    lower = name.lower()
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    stripped = text.lstrip(BOM + " \t\r\n")
    return "json" if stripped[:1] in ("{", "[") else "yaml"
