"""How much lpmanifest reads: the limits of a manifest (size, nesting, number of values),
measured on data, and what data built by code may hold."""

from __future__ import annotations

import math
from typing import Any

from lpmanifest.findings.model import JsonPath

MAX_BYTES = 10 * 1024 * 1024


MAX_DEPTH = 64


# A real manifest holds a few hundred values. More is another kind of file (a lock file a
# glob caught) or an attack (YAML aliases that expand), and every later step (schema,
# positions, findings) costs time and memory in proportion: such a file is refused.
MAX_VALUES = 100_000


def limits_problem(data: Any) -> tuple[str, str | None] | None:
    """Whether `data` nests too deep or holds too many values (message, help); stops early."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 1
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, (dict, list)):
            continue  # a scalar root: children are pushed only when they are containers
        children: Any = value.values() if isinstance(value, dict) else value
        if depth > MAX_DEPTH:
            return TOO_DEEP, None
        count += len(children)
        if count > MAX_VALUES:
            return TOO_MANY
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return None


def foreign_value(data: Any) -> str | None:
    """Where data built by code (not parsed) holds what JSON cannot, said in a clause.

    Parsed text never does; the Python API's `validate_data` takes anything, and a date, a
    set, a tuple, a key that is not a string, NaN or a structure that holds itself must be
    said plainly, not meet a rule as a `TypeError`.
    """
    from lpmanifest.findings.wording import format_path

    stack: list[tuple[Any, JsonPath, frozenset[int]]] = [(data, (), frozenset())]
    seen = 0
    while stack:
        value, path, ancestors = stack.pop()
        seen += 1
        if seen > MAX_VALUES or len(path) > MAX_DEPTH:
            return None  # past the limits of loading, which say so themselves
        where = format_path(path)
        if value is None or isinstance(value, (str, bool, int)):
            continue
        if isinstance(value, float):
            if math.isnan(value) or math.isinf(value):
                return f"{where} is {value!r}, a number JSON cannot hold"
            continue
        if isinstance(value, (dict, list)):
            if id(value) in ancestors:
                return f"{where} refers back to the data that holds it (a recursive structure)"
            inside = ancestors | {id(value)}
            if isinstance(value, dict):
                for key, item in value.items():
                    if not isinstance(key, str):
                        return f"{where} holds the key {key!r} ({type(key).__name__})"
                    stack.append((item, (*path, key), inside))
            else:
                stack.extend((item, (*path, i), inside) for i, item in enumerate(value))
            continue
        kind = type(value)
        qualified = f"{kind.__module__}.{kind.__qualname__}".removeprefix("builtins.")
        return f"{where} is a {qualified}"
    return None


TOO_DEEP = f"the manifest nests deeper than {MAX_DEPTH} levels"


TOO_MANY = (
    f"the file holds more than {MAX_VALUES:,} values; a manifest holds a few hundred",
    "is it a manifest? lpmanifest checks LivePerson Application Install Manifests only",
)
