"""The webhook events the wizard knows: which keys of `capabilities.webhooks` are events, and
the ones it offers, all read from the bundled schema and templates.

Both the answer keys (`keys.py`: `[*]` stands for every event) and the questions
(`fields.py`) ask this; it asks neither of them.
"""

from __future__ import annotations

import functools

from lpmanifest.manifest import WEBHOOKS, value_at
from lpmanifest.schema import load_schema, load_template, property_schema

# The template that has every section; its webhook keys are the canonical event names
# (the schema also accepts the parameter table's spelling, which the wizard never offers).
FULL_TEMPLATE = "custom"


def is_event(key: str) -> bool:
    """Whether a key of `capabilities.webhooks` is an event type (not `retry`)."""
    node = property_schema(load_schema(), (*WEBHOOKS, key))
    return isinstance(node, dict) and "endpoint" in node.get("properties", {})


@functools.cache
def offered_events() -> tuple[str, ...]:
    """The event types to choose from: the schema's, in its order, canonical spelling only."""
    node = property_schema(load_schema(), WEBHOOKS)
    canonical = value_at(load_template(FULL_TEMPLATE), WEBHOOKS, {})
    return tuple(key for key in node["properties"] if is_event(key) and key in canonical)
