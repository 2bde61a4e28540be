"""Answers given before the questions: `--answers FILE` and `--set KEY=VALUE`.

Both use the answer keys of `keys.py`. A `--set` value is read as YAML (`3` is a number,
`[a, b]` a list, `true` a boolean) except where the schema wants text, which is kept as
typed; an empty value leaves the key out. `--set` wins over the file. Every answer is
checked as a typed one would be (`AnswerCheck`: the schema, and the lint rules that judge
one value, template text among them), before any question is asked, and a bad one is a
usage error that names the option, as typed, and the reason.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lpmanifest.errors import UsageError
from lpmanifest.findings.model import JsonPath
from lpmanifest.findings.wording import inert
from lpmanifest.manifest import WEBHOOKS
from lpmanifest.wizard.fields import AnswerCheck, Field, Unreadable, field_at
from lpmanifest.wizard.keys import WILDCARD, format_key, parse_key

if TYPE_CHECKING:
    from lpmanifest.source.document import Document

_UNSET = object()


@dataclass
class Answers:
    """Answers by path; a `[*]` path answers that question for every event."""

    values: dict[JsonPath, Any] = field(default_factory=dict)

    def has(self, path: JsonPath) -> bool:
        return self._lookup(path) is not _UNSET

    def get(self, path: JsonPath) -> Any:
        found = self._lookup(path)
        return None if found is _UNSET else found

    def _lookup(self, path: JsonPath) -> Any:
        if path in self.values:
            return self.values[path]
        size = len(WEBHOOKS)
        if len(path) > size and path[:size] == WEBHOOKS and path[size] != WILDCARD:
            return self.values.get((*WEBHOOKS, WILDCARD, *path[size + 1 :]), _UNSET)
        return _UNSET

    def exact(self) -> Iterator[tuple[JsonPath, Any]]:
        """The answers that name one place (not `[*]`), in the order given."""
        return ((path, value) for path, value in self.values.items() if WILDCARD not in path)


def split_assignment(item: str) -> tuple[str, str]:
    """`KEY=VALUE` at the first `=` outside brackets (event names may hold anything)."""
    quote: str | None = None
    depth = 0
    for index, char in enumerate(item):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and depth:
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "=" and not depth:
            return item[:index].strip(), item[index + 1 :]
    raise UsageError(f"--set {item!r}: expected KEY=VALUE, e.g. --set client_name=com.acme.app")


def collect(
    answers_file: str | None, assignments: Iterable[str], check: AnswerCheck | None = None
) -> Answers:
    """The answers from `--answers` and then `--set`, each checked (UsageError if bad)."""
    answers = Answers()
    check = check or AnswerCheck()
    if answers_file is not None:
        for path, value, where in _from_file(answers_file):
            _accept(answers, check, path, value, where)
    for item in assignments:
        key, text = split_assignment(item)
        path = parse_key(key)
        where = f"--set {inert(item)}"
        _accept(answers, check, path, _coerce(field_at(path), text, where), where)
    return answers


def _coerce(subject: Field, text: str, where: str) -> Any:
    """`coerce`, with text the loader will not read (see `Unreadable`) a usage error."""
    try:
        return subject.coerce(text)
    except Unreadable as error:
        raise UsageError(f"{where}: {error.reason}") from None


def _accept(answers: Answers, check: AnswerCheck, path: JsonPath, value: Any, where: str) -> None:
    reason = check.problem({}, path, value)
    if reason is not None:
        raise UsageError(f"{where}: {reason}")
    answers.values.pop(path, None)  # a later answer for the same key wins, and goes last
    answers.values[path] = value


def _from_file(name: str) -> Iterator[tuple[JsonPath, Any, str]]:
    from lpmanifest.source.read import load_file

    doc = load_file(name)
    if doc.findings:
        raise load_error("--answers", name, doc)
    if not isinstance(doc.data, dict):
        raise UsageError(f"--answers {name}: expected a mapping of answer keys to values")
    for key, value in doc.data.items():
        span = doc.key_span((key,))
        place = f"--answers {inert(name)}:{span.line}:{span.column}"
        try:
            path = parse_key(key)
        except UsageError as error:
            raise UsageError(f"{place}: {error}") from None
        where = f"{place}: {inert(str(key))}"  # a refused value: the key names the question
        # Typed the way a --set value is: where the schema wants text, the text as written
        # (`description: no` is "no", not YAML 1.1's false).
        subject = field_at(path)
        location = doc.locate((key,))
        if isinstance(value, (bool, int, float)) and "string" in subject.types and location:
            value = doc.text[location.value_range[0] : location.value_range[1]]
        if isinstance(value, str):
            value = _coerce(subject, value, where)
        yield path, value, where


def load_error(option: str, name: str, doc: Document) -> UsageError:
    """The first problem of a file given to an option, located when the file has text."""
    problem = doc.findings[0]
    if problem.message.startswith(inert(name)):  # "NAME cannot be read: ..."
        return UsageError(f"{option} {problem.message}")
    where = f"{name}:{problem.span.line}:{problem.span.column}" if doc.text else name
    return UsageError(f"{option} {where}: {problem.message}")


# -- what to say when answers are missing and nobody can be asked --------------------------


@dataclass(frozen=True)
class Missing:
    """A required answer with no default: the option that supplies it, and what it is."""

    option: str
    title: str

    @classmethod
    def for_path(cls, path: JsonPath) -> Missing:
        subject = field_at(path)
        value = "[VALUE, ...]" if subject.is_list else "VALUE"
        title = subject.title
        size = len(WEBHOOKS)
        if len(path) > size + 1 and path[:size] == WEBHOOKS and path[size] != WILDCARD:
            title = f"{field_at(path[: size + 1]).title}: {title}"
        return cls("--set " + shlex.quote(f"{format_key(path)}={value}"), title)


def missing_message(missing: list[Missing], *, yes: bool) -> str:
    count = len(missing)
    if count:
        noun = "answer is" if count == 1 else "answers are"
        lines = [
            f"{count} required {noun} missing and there is no terminal to ask for "
            f"{'it' if count == 1 else 'them'}; give {'it' if count == 1 else 'them'} with:"
        ]
    else:
        lines = ["there is no terminal to ask the questions on"]
    width = max((len(item.option) for item in missing), default=0)
    lines += [f"  {item.option:<{width}}  {item.title}" for item in missing]
    endpoints = [item for item in missing if item.option.endswith(".endpoint=VALUE'")]
    if len(endpoints) > 1:
        every = shlex.quote(format_key((*WEBHOOKS, WILDCARD, "endpoint")) + "=VALUE")
        lines.append(f"(or one endpoint for every event: --set {every})")
    if not yes:
        lines.append("pass --yes to accept the default answers to every other question")
    return "\n".join(lines)
