"""Manifest data to text: the one JSON style and the one YAML style that lpmanifest writes."""

from __future__ import annotations

import json
from typing import Any


def dump_json(data: Any) -> str:
    """UTF-8 (not ASCII-escaped) JSON, 2-space indent, key order kept, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def dump_yaml(data: Any) -> str:
    """Block-style YAML, key order kept, strings quoted only where YAML needs it.

    PyYAML's emitter quotes any string its resolver would read back as something else, so
    "no", "on", "1.0" and "2024-01-01" stay strings.
    """
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
        indent=2,
    )
    return text
