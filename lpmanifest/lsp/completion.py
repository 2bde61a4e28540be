"""Completion from the schema: the keys valid where the cursor is (top level, webhook events,
a webhook's fields, engagement fields, ...) and the allowed values of the value being typed,
each with its description; in documents that do not parse yet as well."""

from __future__ import annotations

import json
from typing import Any

from lsprotocol import types

from lpmanifest.lsp.cursor import Cursor, cursor_at
from lpmanifest.lsp.positions import LineIndex
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.source.formats import Format


def completions(
    text: str, fmt: Format, offset: int, markdown: bool = True
) -> list[types.CompletionItem]:
    """The completions at `offset`; documentation as Markdown where the client reads it,
    else as plain text."""
    cursor = cursor_at(text, fmt, offset)
    if cursor.role == "key":
        items = _keys(text, fmt, cursor)
    elif cursor.role == "value":
        items = _values(text, fmt, cursor)
    else:
        return []
    if not markdown:
        for item in items:
            if isinstance(item.documentation, types.MarkupContent):
                item.documentation = item.documentation.value
    return items


def _replace(text: str, cursor: Cursor, new_text: str) -> types.TextEdit:
    index = LineIndex(text)
    return types.TextEdit(
        types.Range(index.position(cursor.start), index.position(cursor.end)), new_text
    )


def _quoted_json(text: str, cursor: Cursor) -> bool:
    """Whether the word being completed is inside a JSON string's quotes already."""
    return cursor.start > 0 and text[cursor.start - 1] == '"'


def _keys(text: str, fmt: Format, cursor: Cursor) -> list[types.CompletionItem]:
    node = property_schema(load_schema(), cursor.path)
    if not isinstance(node, dict):
        return []
    items = []
    for key, child in node.get("properties", {}).items():
        child = child if isinstance(child, dict) else {}
        if child.get("readOnly"):
            continue  # assigned by LivePerson: never to be written
        # A JSON key is quoted, unless the user's quote is there already.
        quote = fmt == "json" and not _quoted_json(text, cursor)
        insert = json.dumps(key) if quote else key
        items.append(
            types.CompletionItem(
                label=key,
                kind=types.CompletionItemKind.Property,
                detail=child.get("title"),
                documentation=_documentation(child),
                text_edit=_replace(text, cursor, insert),
                deprecated=bool(child.get("deprecated")) or None,
            )
        )
    return items


def _values(text: str, fmt: Format, cursor: Cursor) -> list[types.CompletionItem]:
    # An item of an array (no key): the array's items; a key's value: the key's.
    path = (*cursor.path, 0) if cursor.key is None else (*cursor.path, cursor.key)
    node = property_schema(load_schema(), path)
    if not isinstance(node, dict):
        return []
    if node.get("type") == "array" and isinstance(node.get("items"), dict) and cursor.key:
        node = node["items"]  # the first item of a list being written on the key's line
    values: list[Any] = list(node.get("enum") or [])
    if node.get("type") == "boolean":
        values = [True, False]
    items = []
    for value in values:
        if isinstance(value, str) and not (fmt == "json" and not _quoted_json(text, cursor)):
            insert = value
        else:
            insert = json.dumps(value)
        items.append(
            types.CompletionItem(
                label=value if isinstance(value, str) else json.dumps(value),
                kind=types.CompletionItemKind.EnumMember,
                documentation=_documentation(node),
                text_edit=_replace(text, cursor, insert),
            )
        )
    return items


def _documentation(node: dict[str, Any]) -> types.MarkupContent | None:
    description = node.get("description")
    if not description:
        return None
    return types.MarkupContent(types.MarkupKind.Markdown, str(description))
