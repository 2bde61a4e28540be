"""What the wizard knows about an answer, all of it read from the bundled schema and templates.

A `Field` is the subschema of one manifest path seen as a question: its title is the
prompt, its description the help, its enum the choices, its type how typed text becomes a
value. `AnswerCheck` decides whether an answer is acceptable by putting it into a copy of
the manifest and running the checker: the limits, enums and https check are the schema's
own, template text and header injection are the lint rules' own (`ANSWER_RULES`), and the
reason given is the finding's message. There is no second copy of the rules: whether a
template's or an existing manifest's value is template text, and so cannot be offered as a
default, is also the `placeholder-value` rule's call.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lpmanifest.findings.model import Finding, JsonPath, Severity
from lpmanifest.findings.wording import show_value
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.wizard.keys import concrete, set_value

if TYPE_CHECKING:
    from lpmanifest.check.checker import Checker


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
        YAML (`3` is a number, `[a, b]` a list). An empty answer means "leave it out".

        Raises `Unreadable` when the manifest loader refuses the text for one of its limits
        (nesting deeper than 64 levels, an alias bomb): such an answer is refused, never
        kept as text.
        """
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


class Unreadable(ValueError):
    """Typed text that the manifest loader will not read because of one of its limits."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _yaml_value(text: str) -> Any:
    """A YAML scalar or flow collection, read by the manifest loader (with its limits).

    Text past a limit (`input-too-large`) raises `Unreadable`; other text it refuses (not
    YAML, a date) stays text, and the schema says what is wrong with it.
    """
    from lpmanifest.findings import load_rules
    from lpmanifest.source.read import load_text

    doc = load_text(text, "<answer>", "yaml")
    if doc.loaded:
        return doc.data
    for finding in doc.findings:
        if finding.code == load_rules.INPUT_TOO_LARGE.code:
            reason = f"the value is too large to read: {finding.message} ({finding.name})"
            raise Unreadable(f"{reason}; {finding.help}" if finding.help else reason)
    return text


def show_answer(value: Any) -> str:
    """An answer as the prompt shows it for editing: text as is, lists in YAML flow style."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + ", ".join(show_answer(item) for item in value) + "]"
    return show_value(value)


# -- template text -------------------------------------------------------------------------


def template_text(value: Any, path: JsonPath = ()) -> list[Finding]:
    """What the `placeholder-value` rule finds in `value` held at `path` (the whole
    manifest for `()`): the rule's own walk and detection, whatever they come to hold."""
    from lpmanifest.check.checker import data_document
    from lpmanifest.rules import placeholder_value

    for part in reversed(path):  # the value where it would stand (an item as a one-item list)
        value = [value] if isinstance(part, int) else {part: value}
    if not isinstance(value, dict):
        return []
    return list(placeholder_value.check(data_document(value, "<answer>")))


def usable(value: Any, path: JsonPath) -> bool:
    """Whether a template's or existing manifest's value at `path` can be offered as a
    default: there is one, and the `placeholder-value` rule finds no template text in it."""
    return value is not None and not template_text(value, path)


# -- checking one answer -------------------------------------------------------------------


class AnswerCheck:
    """Checks an answer in place: the manifest so far, with the answer at its path.

    One per wizard run: the checker it holds is built once.
    """

    def __init__(self) -> None:
        from lpmanifest.check.checker import Checker
        from lpmanifest.rules import ANSWER_RULES

        # The schema and the rules that judge one value on its own (template text, header
        # injection); rules that relate several answers (grant types and redirect URIs)
        # would fire before the related answer is given: they run at the review.
        self._checker: Checker = Checker(rules=ANSWER_RULES)

    def findings(self, data: Mapping[str, Any]) -> list[Finding]:
        """Everything the answer check finds in `data` as a whole (the schema's findings,
        and the one-value rules')."""
        from lpmanifest.check.checker import check_data

        return check_data(copy.deepcopy(dict(data)), checker=self._checker)

    def problem(
        self, data: Mapping[str, Any], path: JsonPath, value: Any, focus: JsonPath | None = None
    ) -> str | None:
        """Why `value` cannot go at `path` (the checker's message and help), or None.

        Only findings at `focus` (default: `path`) or inside it count: the rest of the
        manifest may still be unfinished. A finding that the manifest cannot be read at all
        (too deep with this answer in it) counts wherever it points.
        """
        from lpmanifest.check.checker import check_data
        from lpmanifest.findings import load_rules

        if value is None:
            return None
        candidate = copy.deepcopy(dict(data))
        set_value(candidate, concrete(path), value)
        where = concrete(focus or path)
        for finding in check_data(candidate, checker=self._checker):
            if finding.code in load_rules.ALWAYS_REPORTED or (
                finding.severity is Severity.ERROR and finding.path[: len(where)] == where
            ):
                reason = finding.message
                return f"{reason} ({finding.help})" if finding.help else reason
        return None
