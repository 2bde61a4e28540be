"""Hover: for the key under the cursor, the schema's title, description, limits and allowed
values; on a finding, its rule's documentation."""

from __future__ import annotations

import json
from typing import Any

from lpmanifest.findings.model import Finding, JsonPath
from lpmanifest.lsp.cursor import cursor_at
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.source.formats import Format


def key_documentation(path: JsonPath) -> str | None:
    """Markdown for the schema's description of the value at `path`, if it has one."""
    node = property_schema(load_schema(), path)
    if not isinstance(node, dict):
        return None
    title = node.get("title") or str(path[-1])
    parts = [f"**{title}** (`{path[-1]}`)"]
    if node.get("description"):
        parts.append(str(node["description"]))
    facts = _facts(node)
    if facts:
        parts.append("\n".join(f"- {fact}" for fact in facts))
    return "\n\n".join(parts)


def _facts(node: dict[str, Any]) -> list[str]:
    facts = []
    kind = node.get("type")
    if kind:
        facts.append(f"type: {kind if isinstance(kind, str) else ' or '.join(kind)}")
    for key, words in (
        ("minLength", "at least {} characters"),
        ("maxLength", "at most {} characters"),
        ("minimum", "at least {}"),
        ("maximum", "at most {}"),
        ("minItems", "at least {} items"),
        ("maxItems", "at most {} items"),
    ):
        if key in node:
            facts.append(words.format(node[key]))
    allowed = node.get("enum") or (node.get("items") or {}).get("enum")
    if allowed:
        facts.append("allowed: " + ", ".join(f"`{json.dumps(v)}`" for v in allowed))
    if node.get("uniqueItems"):
        facts.append("no item twice")
    if node.get("readOnly"):
        facts.append("assigned by LivePerson: leave it out of the manifest you send")
    if "default" in node:
        facts.append(f"default: `{json.dumps(node['default'])}`")
    return facts


def hover_text(
    text: str, fmt: Format, offset: int, findings: list[Finding], line: int, column: int
) -> str | None:
    """What to show at `offset` (1-based `line` and character `column` of the same place):
    the documentation of each finding there, then the key's."""
    from lpmanifest.rules import lookup

    parts = []
    for finding in findings:
        span = finding.span
        if (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or (
            span.line == line and span.column == column
        ):
            info = lookup(finding.code)
            if info is not None:
                parts.append(f"### {info.code} {info.name}\n\n{info.docs.strip()}")
    cursor = cursor_at(text, fmt, offset)
    # On a key, or on the value a key holds: the key's documentation.
    if cursor.role in ("key", "value") and cursor.key:
        documentation = key_documentation((*cursor.path, cursor.key))
        if documentation:
            parts.append(documentation)
    return "\n\n---\n\n".join(parts) if parts else None
