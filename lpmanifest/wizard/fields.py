"""What the wizard knows about an answer, all of it read from the bundled schema and templates.

A `Field` is the subschema of one manifest path seen as a question: its title is the
prompt, its description the help, its enum the choices, its type how typed text becomes a
value. `AnswerCheck` decides whether an answer is acceptable by putting it into a copy of
the manifest and running the checker: the limits, enums and https check are the schema's
own, and the reason given is the finding's message. There is no second copy of the rules.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lpmanifest.diagnostics import JsonPath, Severity, show_value
from lpmanifest.schema import load_schema, load_template, property_schema
from lpmanifest.wizard.keys import WEBHOOKS, concrete, get_value, set_value

if TYPE_CHECKING:
    from lpmanifest.checker import Checker

# The template that has every section; its webhook keys are the canonical event names
# (the schema also accepts the parameter table's spelling, which the wizard never offers).
FULL_TEMPLATE = "custom"


@dataclass(frozen=True)
class Field:
    """One manifest path as a question."""

    path: JsonPath
    schema: Mapping[str, Any]

    @property
    def title(self) -> str:
        return str(self.schema.get("title") or self.path[-1])

    @property
    def help(self) -> str:
        return str(self.schema.get("description") or "")

    @property
    def types(self) -> tuple[str, ...]:
        kind = self.schema.get("type", ())
        return (kind,) if isinstance(kind, str) else tuple(kind)

    @property
    def is_list(self) -> bool:
        return "array" in self.types

    @property
    def item(self) -> Field:
        return field_at((*self.path, 0))

    @property
    def choices(self) -> tuple[Any, ...]:
        """The allowed values (of the items, for a list), in the schema's order."""
        source = self.item.schema if self.is_list else self.schema
        return tuple(source.get("enum", ()))

    def coerce(self, text: str) -> Any:
        """Typed text as a value: kept as text where the schema wants text, else read as
        YAML (`3` is a number, `[a, b]` a list). An empty answer means "leave it out"."""
        text = text.strip()
        if not text:
            return None
        if "string" in self.types and not self.is_list:
            return text
        if self.is_list and not text.startswith("["):
            return [self.item.coerce(text)]
        value = _yaml_value(text)
        if self.is_list and isinstance(value, list):
            return [self.item.coerce(item) if isinstance(item, str) else item for item in value]
        return value


def field_at(path: JsonPath) -> Field:
    schema = load_schema()
    real = concrete(path)
    node = property_schema(schema, real)
    if not isinstance(node, dict):
        return Field(path, {})
    # A property that is a `$ref` has its own title and description beside the reference
    # ("ContentEvent webhook"), which resolving it loses.
    parent = property_schema(schema, real[:-1]) if real else None
    own = parent.get("properties", {}).get(real[-1]) if isinstance(parent, dict) else None
    if isinstance(own, dict) and "$ref" in own:
        node = {**node, **{key: own[key] for key in ("title", "description") if key in own}}
    return Field(path, node)


def _yaml_value(text: str) -> Any:
    """A YAML scalar or flow collection, read by the manifest loader (with its limits); text
    that it refuses (not YAML, a date, too deep) stays text, and the schema says what is
    wrong with it."""
    from lpmanifest.load import load_text

    doc = load_text(text, "<answer>", "yaml")
    return doc.data if doc.loaded else text


def show_answer(value: Any) -> str:
    """An answer as the prompt shows it for editing: text as is, lists in YAML flow style."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(show_answer(item) for item in value) + "]"
    return show_value(value)


# -- events --------------------------------------------------------------------------------


def is_event(key: str) -> bool:
    """Whether a key of `capabilities.webhooks` is an event type (not `retry`)."""
    node = property_schema(load_schema(), (*WEBHOOKS, key))
    return isinstance(node, dict) and "endpoint" in node.get("properties", {})


@functools.cache
def offered_events() -> tuple[str, ...]:
    """The event types to choose from: the schema's, in its order, canonical spelling only."""
    node = property_schema(load_schema(), WEBHOOKS)
    canonical = get_value(load_template(FULL_TEMPLATE), WEBHOOKS, {})
    return tuple(key for key in node["properties"] if is_event(key) and key in canonical)


# -- placeholders --------------------------------------------------------------------------

# Template text: `{UPPER_CASE}`, `<...>`, `https://your/...`, and the templates' sample names.
_PLACEHOLDER = re.compile(
    r"\{[A-Z][A-Z0-9_]*\}|<[^<>\n]+>|\bhttps?://your/\S*|^App (?:name|description)$"
)


def find_placeholder(text: str) -> str | None:
    """The template placeholder in `text`, if there is one.

    Stands in for the `placeholder-value` lint rule until it lands; then this becomes a
    call to the rule.
    """
    match = _PLACEHOLDER.search(text)
    return match.group() if match else None


def placeholders(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every string in `data` that still holds template text, with its path."""
    if isinstance(data, str):
        found = find_placeholder(data)
        if found is not None:
            yield path, found
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholders(value, (*path, index))


def usable(value: Any) -> bool:
    """Whether a template or existing value can be offered as a default."""
    return value is not None and next(placeholders(value), None) is None


# -- checking one answer -------------------------------------------------------------------


class AnswerCheck:
    """Checks an answer in place: the manifest so far, with the answer at its path."""

    def __init__(self) -> None:
        from lpmanifest.checker import Checker

        # The schema only: lint rules that relate several answers (grant types and
        # redirect URIs) would fire before the related answer is given. They run at review.
        self._checker: Checker = Checker()

    def problem(
        self, data: Mapping[str, Any], path: JsonPath, value: Any, focus: JsonPath | None = None
    ) -> str | None:
        """Why `value` cannot go at `path` (the checker's message and help), or None.

        Only findings at `focus` (default: `path`) or inside it count: the rest of the
        manifest may still be unfinished.
        """
        from lpmanifest.checker import check_data

        if value is None:
            return None
        leftover = next(placeholders(value), None)
        if leftover is not None:
            return f"{leftover[1]!r} is template text; type your own value"
        candidate = copy.deepcopy(dict(data))
        set_value(candidate, concrete(path), value)
        where = concrete(focus or path)
        for finding in check_data(candidate, checker=self._checker):
            if finding.severity is Severity.ERROR and finding.path[: len(where)] == where:
                reason = finding.message
                return f"{reason} ({finding.help})" if finding.help else reason
        return None
