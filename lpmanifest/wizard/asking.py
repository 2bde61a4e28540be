"""How one answer is put to a person, prompt by prompt: a typed value, a list one item a
prompt, a webhook's headers name and value, a language tag.

Every typed value is checked as it is typed (`AnswerCheck`, against the manifest so far), so
a refused one is asked again at once with the reason. Which answers are asked, and what they
do to the manifest, is the walk's (`flow.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lpmanifest.findings.model import JsonPath
from lpmanifest.manifest import LOCALIZED_NAME
from lpmanifest.wizard.fields import AnswerCheck, Field, Unreadable, field_at, show_answer
from lpmanifest.wizard.terminal import Terminal


def typed_value(
    person: Terminal,
    subject: Field,
    check: AnswerCheck,
    data: Mapping[str, Any],
    *,
    message: str,
    default: Any,
    required: bool,
    where: JsonPath,
) -> Any:
    """One typed value for `subject`, checked where it goes (`where`). None: left out."""

    def problem(text: str) -> str | None:
        value, reason = _read(subject, text)
        if value is None:
            return reason or (f"{subject.title} is required" if required else None)
        return check.problem(data, where, value)

    answer = person.text(
        message,
        help=subject.help,
        default="" if default is None else show_answer(default),
        validate=problem,
    )
    return subject.coerce(answer)


def typed_list(
    person: Terminal,
    subject: Field,
    check: AnswerCheck,
    data: Mapping[str, Any],
    *,
    existing: list[Any],
    required: bool,
) -> list[Any]:
    """A list of typed values (redirect URIs, profile IDs), one per prompt, each existing
    one offered in turn; an empty answer past them finishes."""
    path = subject.path
    item = subject.item
    chosen: list[Any] = []
    index = 0
    while True:
        extra = index >= len(existing)
        old = None if extra else existing[index]
        needed = required and not chosen and extra

        def problem(text: str, needed: bool = needed) -> str | None:
            value, reason = _read(item, text)
            if value is None:
                return reason or (f"at least one {item.title} is required" if needed else None)
            return check.problem(data, path, [*chosen, value], focus=(*path, len(chosen)))

        answer = person.text(
            f"{item.title} {len(chosen) + 1}"
            + (" (empty to finish)" if extra and not needed else ""),
            help=subject.help if index == 0 else "",
            default="" if old is None else show_answer(old),
            validate=problem,
        )
        index += 1
        value = item.coerce(answer)
        if value is not None:
            chosen.append(value)
        elif extra:
            return chosen


def headers(
    person: Terminal,
    check: AnswerCheck,
    data: Mapping[str, Any],
    *,
    path: JsonPath,
    existing: list[Any],
    prefix: str,
) -> list[dict[str, str]]:
    """A webhook's HTTP headers, name then value, the existing ones offered in turn (an empty
    name drops one); checked as the headers at `path` (one event's)."""
    question = "keep the HTTP headers" if existing else "add HTTP headers to the notifications"
    if not person.confirm(f"{prefix}{question}?", default=bool(existing), help=field_at(path).help):
        return []
    chosen: list[dict[str, str]] = []
    name_field = field_at((*path, 0, "header_name"))
    value_field = field_at((*path, 0, "header_value"))
    index = 0
    while True:
        old = existing[index] if index < len(existing) else {}
        extra = index >= len(existing)
        at = (*path, len(chosen))

        def name_problem(text: str, at: JsonPath = at) -> str | None:
            name = text.strip()
            if not name:
                return None
            candidate = [*chosen, {"header_name": name, "header_value": "-"}]
            return check.problem(data, path, candidate, focus=(*at, "header_name"))

        name = person.text(
            f"{prefix}Header {len(chosen) + 1} name" + (" (empty to finish)" if extra else ""),
            help=name_field.help if not chosen else "",
            default=str(old.get("header_name", "")),
            validate=name_problem,
        ).strip()
        index += 1
        if not name:
            if extra:
                return chosen
            continue

        def value_problem(text: str, at: JsonPath = at, name: str = name) -> str | None:
            candidate = [*chosen, {"header_name": name, "header_value": text.strip()}]
            return check.problem(data, path, candidate, focus=(*at, "header_value"))

        value = person.text(
            f"{prefix}Header {len(chosen) + 1} value",
            help=value_field.help if not chosen else "",
            default=str(old.get("header_value", "")),
            validate=value_problem,
        ).strip()
        chosen.append({"header_name": name, "header_value": value})


def another_language(person: Terminal, check: AnswerCheck, data: Mapping[str, Any]) -> str | None:
    """The language tag of one more localized client name, or None for no more."""
    if not person.confirm("Add the client name in another language?", default=False):
        return None
    example = field_at((LOCALIZED_NAME + "ja-JP",))

    def problem(text: str) -> str | None:
        key = LOCALIZED_NAME + text.strip()
        if key in data:
            return f"there is already a client name in {text.strip()}"
        return check.problem(data, (key,), "")

    tag = person.text(
        "Language tag (RFC 5646, e.g. ja-JP)",
        help=example.help,
        default="",
        validate=problem,
    )
    return tag.strip()


def _read(subject: Field, text: str) -> tuple[Any, str | None]:
    """Typed text as a value, or (None, why) when it cannot even be read (see `coerce`)."""
    try:
        return subject.coerce(text), None
    except Unreadable as error:
        return None, error.reason
