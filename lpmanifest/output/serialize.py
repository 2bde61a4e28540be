"""Manifest data to text: the one JSON style and the one YAML style that lpmanifest writes.

Both are lossless for JSON data: `load_text(dump_yaml(data))` and `json.loads(dump_json(data))`
give `data` back, key order included (the property tests in tests/test_convert_roundtrip.py
hold them to it).
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING, Any

from lpmanifest.characters import (
    BIDI_CONTROLS,
    BYTE_ORDER_MARK,
    C1_CONTROLS,
    DEL,
    LINE_SEPARATORS,
    LONE_SURROGATES,
    matching,
)

if TYPE_CHECKING:
    import yaml

# Python strings may hold lone surrogates (JSON's "\ud800" escape makes one), which UTF-8
# cannot encode; inside a JSON string they are written back as the same escape.
_SURROGATE = matching(LONE_SURROGATES)

# Characters that YAML readers turn into "\n" (NEL) or may drop (a BOM at the start of a
# line) when written raw: a string holding one is written double-quoted, where they are
# escaped (\N, \L, \P, \uFEFF).
_NEEDS_ESCAPES = matching(C1_CONTROLS + LINE_SEPARATORS + BYTE_ORDER_MARK + BIDI_CONTROLS)

# DEL, the C1 controls and the bidirectional overrides and isolates are legal inside JSON
# strings, but written raw they act on the terminal that shows the output (reordering what
# it displays): they are written as \u escapes, which read back as the same characters.
# (YAML's emitter escapes them itself: they are not printable in YAML.)
_TERMINAL_CONTROLS = matching(DEL + C1_CONTROLS + BIDI_CONTROLS)


# Strings that some YAML reader takes for something else although PyYAML (YAML 1.1) reads
# them as text: YAML 1.2's numbers (`1e3`, `0o17`) and YAML 1.1's one-letter booleans. PyYAML
# quotes what it would read otherwise itself; these are quoted too, so every reader agrees.
_OTHER_READERS = re.compile(
    r"[yYnN]|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_STR_TAG = "tag:yaml.org,2002:str"


def dump_json(data: Any) -> str:
    """UTF-8 (not ASCII-escaped) JSON, 2-space indent, key order kept, final newline."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    # Outside strings JSON text is ASCII, so every match below is inside a string.
    text = _SURROGATE.sub(_escape, text)
    text = _TERMINAL_CONTROLS.sub(_escape, text)
    return text + "\n"


def dump_yaml(data: Any) -> str:
    """Block-style YAML, key order kept, strings quoted only where YAML needs it.

    PyYAML's emitter quotes any string its resolver would read back as something else, so
    "no", "on", "1.0", "null", "~" and "2024-01-01" stay strings; strings that other YAML
    readers take for numbers or booleans ("1e3", "0o17", "y") are quoted as well.
    Multi-line strings are literal blocks (`|`) where the emitter can write one exactly (no
    trailing spaces, no special characters); otherwise they are double-quoted with escapes.
    Sequences are indented under their key, as yamllint's default `indent-sequences` expects.
    """
    import yaml

    text: str = yaml.dump(
        data,
        Dumper=_manifest_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
        indent=2,
    )
    # Strings holding these are double-quoted (represent_str), where `\\uXXXX` is an escape.
    return _TERMINAL_CONTROLS.sub(_escape, text)


@functools.cache
def _manifest_dumper() -> type[yaml.SafeDumper]:
    # Built on first use: importing PyYAML is part of what `validate` on JSON does not pay.
    import yaml

    class ManifestDumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style: str | None = None
        if _NEEDS_ESCAPES.search(value):
            style = '"'
        elif _OTHER_READERS.fullmatch(value):
            style = "'"
        elif "\n" in value:
            style = "|"  # the emitter falls back to double quotes when a block can't hold it
        return dumper.represent_scalar(_STR_TAG, value, style=style)

    ManifestDumper.add_representer(str, represent_str)
    return ManifestDumper
