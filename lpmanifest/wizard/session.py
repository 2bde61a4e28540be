"""One run of the wizard, from the answers given up front to what it produced.

The run starts from a template (`--template`, or asked) or from the manifest `--from` reads,
walks the questions (`flow.py`) and finishes the manifest (`review.py`). To go back (Ctrl-B)
the walk runs again from the start, the answers so far replayed (`history.py`); to edit after
the review, every question again, prefilled with the answers. What it produced is the
manifest to write, or why nothing is written: writing it is the command's
(`lpmanifest.commands.new`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lpmanifest.errors import UsageError
from lpmanifest.findings.model import JsonPath
from lpmanifest.findings.wording import inert
from lpmanifest.manifest import LOCALIZED_NAME, WEBHOOKS, value_at
from lpmanifest.schema import TEMPLATE_NAMES, load_schema, load_template, property_schema
from lpmanifest.source.read import load_file
from lpmanifest.wizard.answers import Answers, Missing, collect, load_error
from lpmanifest.wizard.fields import AnswerCheck
from lpmanifest.wizard.flow import Flow, Origin, Shape
from lpmanifest.wizard.keys import set_value
from lpmanifest.wizard.modes import Prompter, Question
from lpmanifest.wizard.review import Result, finish
from lpmanifest.wizard.roundtrip import Source
from lpmanifest.wizard.terminal import CANCEL, EDIT, GoBack, Option, Terminal

# Template values that describe the template's sample app: asked, never offered as defaults.
SAMPLE_KEYS = ("client_name", "display_name", "description")
TEMPLATE_OPTION = Missing("--template " + "|".join(TEMPLATE_NAMES), "Template")


@dataclass(frozen=True)
class NotWritten:
    """Why a run produced nothing to write, as said after `lpmanifest: `."""

    reason: str


class Wizard:
    """A run of `new`'s questions, settled by `prompter` (one of `modes.py`), for `output`.

    Made from the answers given up front, each checked at once (UsageError if one is
    refused, before any question); `run` asks the questions.
    """

    def __init__(
        self,
        prompter: Prompter,
        output: str,
        *,
        template: str | None = None,
        sets: Iterable[str] = (),
        answers_file: str | None = None,
        from_path: str | None = None,
    ) -> None:
        self.prompter = prompter
        self.output = output
        self.template = template
        self.from_path = from_path
        self.check = AnswerCheck()  # one checker for the whole run: answers given and asked alike
        self.answers = collect(answers_file, sets, self.check)

    def run(self) -> Result | NotWritten:
        """Every question from the first to the review: the manifest to write, or why none."""
        source = None
        if self.from_path is not None:
            source = _existing(self.from_path, self.prompter.note)
        while True:
            try:
                return self._walk(source)
            except GoBack:  # again from the start, every answer before the previous replayed
                continue

    def _walk(self, source: Source | None) -> Result | NotWritten:
        """One pass of a person's answers, from the start to the review."""
        base, order = self._start(source)
        shape = Shape.of(base)
        for path, value in self.answers.exact():
            set_value(base, path, value)
        origin: Origin = "file" if source is not None else "template"
        flow = Flow(base, shape, self.answers, self.prompter, self.check, origin)
        renames: list[tuple[JsonPath, str]] = []
        while True:
            data = flow.run()
            renames += flow.renames
            self.prompter.require_answers()
            if source is not None:
                result = finish(data, self.output, source.edit(renames))
                if result.layout_lost:
                    self.prompter.note(
                        f"the file's comments and layout are not kept: {result.layout_lost}"
                    )
            else:
                result = finish(_ordered(data, order), self.output)
            choice = self.prompter.review(result, self.output)
            if choice == CANCEL:
                return NotWritten("cancelled; nothing written")
            if choice == EDIT:  # every question again, prefilled with the answers so far
                flow = Flow(data, flow.shape, Answers(), self.prompter, self.check, "answers")
                continue
            if not result.writable:
                return NotWritten(f"{inert(self.output)} not written: the manifest has errors")
            return result

    def _start(self, source: Source | None) -> tuple[dict[str, Any], list[str]]:
        """The manifest to start from (a fresh copy each pass), and the key order to write it
        in."""
        schema_order = list(load_schema()["properties"])
        if source is not None:
            existing = copy.deepcopy(source.data)
            return existing, [*existing, *schema_order]
        name = self.template
        if name is not None and name not in TEMPLATE_NAMES:
            raise UsageError(
                f"unknown template {name!r}; choose one of {', '.join(TEMPLATE_NAMES)}"
            )
        if name is None:

            def ask(person: Terminal) -> str:
                choices = [Option(template, _summary(template)) for template in TEMPLATE_NAMES]
                return person.select("Template", choices, default=TEMPLATE_NAMES[0])

            choose = Question[str | None](
                ask, None, required=True, missing=lambda: TEMPLATE_OPTION, essential=True
            )
            name = self.prompter.settle(choose)
            assert name is not None  # essential: chosen, or the run stops
        return template_base(load_template(name)), schema_order


def template_base(template: dict[str, Any]) -> dict[str, Any]:
    """A template as a starting point: its sample names and sample headers taken out."""
    base = copy.deepcopy(template)
    for key in SAMPLE_KEYS:
        base.pop(key, None)
    hooks = value_at(base, WEBHOOKS)
    if isinstance(hooks, dict):
        for hook in hooks.values():
            if isinstance(hook, dict):
                hook.pop("headers", None)
    return base


def _summary(name: str) -> str:
    """A template described by what it contains."""
    template = load_template(name)
    parts = list(template.get("grant_types", []))
    parts += list(template.get("capabilities", {}))
    if template.get("quick_launch_enabled"):
        parts.append("quick launch")
    return f"{name}: {', '.join(parts)}"


def _existing(path: str, say: Callable[[str], None]) -> Source:
    """A manifest to edit, without the fields LivePerson assigns (they must not be sent)."""
    doc = load_file(path)
    if not doc.loaded or not isinstance(doc.data, dict):
        raise load_error("--from", path, doc)
    loaded: dict[str, Any] = copy.deepcopy(doc.data)
    data: dict[str, Any] = doc.data
    for key in list(data):
        node = property_schema(load_schema(), (key,))
        if isinstance(node, dict) and node.get("readOnly"):
            del data[key]
            say(f"left out {inert(key)}: LivePerson assigns it, and a manifest must not send it")
    return Source(doc.text, doc.format, loaded, data)


def _ordered(data: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """Top-level keys in `order` (localized names right after client_name), others after."""
    rank = {key: index for index, key in enumerate(dict.fromkeys(order))}
    after_name = rank.get("client_name", -1) + 0.5

    def position(item: tuple[int, str]) -> tuple[float, int]:
        index, key = item
        if key in rank:
            return rank[key], index
        if key.startswith(LOCALIZED_NAME):
            return after_name, index
        return len(rank), index

    keys = sorted(enumerate(data), key=position)
    return {key: data[key] for _, key in keys}
