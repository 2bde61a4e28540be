"""The bundled schema and templates, read from the installed package."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover
        from importlib.abc import Traversable

SCHEMA_FILE = "manifest.schema.json"
TEMPLATE_NAMES = ("connector", "web-app", "custom")


def data_dir(kind: str) -> Traversable:
    """`schemas` or `templates`: inside the wheel, or at the root of a source checkout."""
    here = os.path.dirname(os.path.realpath(__file__))
    for candidate in (os.path.join(here, "_data", kind), os.path.join(here, os.pardir, kind)):
        if os.path.isdir(candidate):
            # On disk (nearly every install): a plain path, without importlib.resources,
            # whose import costs more than the whole validation of a file.
            return Path(os.path.normpath(candidate))
    from importlib.resources import files  # a zipped install

    return files("lpmanifest") / "_data" / kind


def schema_text() -> str:
    return str((data_dir("schemas") / SCHEMA_FILE).read_text(encoding="utf-8"))


@functools.cache
def load_schema() -> dict[str, Any]:
    """The bundled manifest JSON Schema (draft 2020-12) as data."""
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


def template_text(name: str) -> str:
    if name not in TEMPLATE_NAMES:
        raise KeyError(name)
    return str((data_dir("templates") / f"{name}.json").read_text(encoding="utf-8"))


def load_template(name: str) -> dict[str, Any]:
    """A template manifest (`connector`, `web-app` or `custom`) as fresh data."""
    template: dict[str, Any] = json.loads(template_text(name))
    return template


def subschema(schema: dict[str, Any], pointer: list[str | int] | tuple[str | int, ...]) -> Any:
    """Follow a schema path, resolving local `$ref`s on the way."""
    node: Any = schema
    for part in pointer:
        if isinstance(node, dict) and "$ref" in node and part not in node:
            node = resolve_ref(schema, node["$ref"])
        node = node[part]
    return node


def resolve_ref(schema: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ValueError(f"only local references are supported: {ref}")
    node: Any = schema
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def property_schema(schema: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    """The subschema that describes the value at an instance path, or None if none does."""
    import re

    node: Any = schema
    for part in path:
        while isinstance(node, dict) and "$ref" in node:
            node = resolve_ref(schema, node["$ref"])
        if not isinstance(node, dict):
            return None
        if isinstance(part, int):
            node = node.get("items")
            continue
        props = node.get("properties", {})
        if part in props:
            node = props[part]
            continue
        for pattern, value in node.get("patternProperties", {}).items():
            if re.search(pattern, part):
                node = value
                break
        else:
            return None
    while isinstance(node, dict) and "$ref" in node:
        node = resolve_ref(schema, node["$ref"])
    return node
