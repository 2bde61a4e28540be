"""The questions, in order: one walk for every mode (`modes.py`).

The walk edits a manifest in place. Each question about a value first looks for an answer
given on the command line (`_answer`); only then does the run's prompter settle it: ask the
person, take the default, or (with nobody to ask and no default) record it as missing and
go on, so that every missing answer can be named at once. The walk says which questions
come in which order and what each answer does to the manifest; how an answer is typed is
`asking.py`'s.

Which sections are asked follows the template (or the manifest being edited): OAuth
questions where it has grant types, redirect URIs only with `authorization_code`,
webhooks and engagement where it has them. A template value that the `placeholder-value`
rule calls template text makes its question required and is never offered as a default;
a template's sample names and headers are never offered either (they describe an example
app, not yours).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar

from lpmanifest.findings import schema_rules
from lpmanifest.findings.model import JsonPath, Severity
from lpmanifest.findings.wording import inert
from lpmanifest.manifest import ENGAGEMENT, LOCALIZED_NAME, WEBHOOKS, value_at
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.wizard import asking, unknown_keys
from lpmanifest.wizard.answers import Answers, Missing
from lpmanifest.wizard.events import is_event, offered_events
from lpmanifest.wizard.fields import AnswerCheck, field_at, show_answer, template_text, usable
from lpmanifest.wizard.keys import WILDCARD, delete_value, has_value, set_value
from lpmanifest.wizard.modes import Prompter, Question
from lpmanifest.wizard.terminal import Option, Terminal
from lpmanifest.wizard.unknown_keys import Rename

T = TypeVar("T")

AUTHORIZATION_CODE = "authorization_code"
ENDPOINTS = [
    Option("one", "One endpoint for all events"),
    Option("each", "One endpoint for each event"),
]


@dataclass(frozen=True)
class Shape:
    """Which sections to ask about, fixed from the starting manifest for every pass."""

    keys: frozenset[str]
    capabilities: frozenset[str]
    # Paths whose starting value is template text: the template demands an answer there.
    demanded: frozenset[JsonPath]

    @classmethod
    def of(cls, base: dict[str, Any]) -> Shape:
        capabilities = base.get("capabilities")
        return cls(
            frozenset(base),
            frozenset(capabilities if isinstance(capabilities, dict) else ()),
            frozenset(finding.path for finding in template_text(base)),
        )


# Where the starting values came from: says how "keep them" is put to the person.
Origin = Literal["template", "file", "answers"]


@dataclass(frozen=True)
class Settled(Generic[T]):
    """An answer about the manifest, and whether it was given up front (then the manifest
    has it already, put there before the walk where its key names one place)."""

    value: T
    given: bool


@dataclass
class Flow:
    """One pass of the walk over `data`, which it edits in place."""

    data: dict[str, Any]
    shape: Shape
    answers: Answers
    prompter: Prompter
    check: AnswerCheck
    origin: Origin = "template"
    # Unknown keys renamed at the person's word: (path of the old key, the new name).
    renames: list[Rename] = field(default_factory=list)

    def run(self) -> dict[str, Any]:
        """Every section in order; the manifest as the answers left it."""
        self._unknown_keys()
        self._identity()
        self._oauth()
        self._launch()
        self._webhooks()
        self._engagement()
        self._leftovers()
        return self.data

    # -- sections ------------------------------------------------------------------------

    def _identity(self) -> None:
        self.prompter.section("About the app")
        self.text(("client_name",))
        for key in [key for key in self.data if key.startswith(LOCALIZED_NAME)]:
            self.text((key,), message=f"Client name in {key[len(LOCALIZED_NAME) :]}")
        while (tag := self.prompter.settle(Question(self._another_language, None))) is not None:
            self.text((LOCALIZED_NAME + tag,), message=f"Client name in {tag}", required=True)
        self.text(("display_name",))
        self.text(("description",))

    def _another_language(self, person: Terminal) -> str | None:
        return asking.another_language(person, self.check, self.data)

    def _oauth(self) -> None:
        if "grant_types" not in self.shape.keys:
            return
        self.prompter.section("OAuth")
        grants = self.checkbox(("grant_types",))
        if AUTHORIZATION_CODE in grants:
            self.items(("redirect_uris",), required=True)
            self.checkbox(("response_types",))
        elif self.origin != "file":  # both only mean something with the authorization code
            for key in ("redirect_uris", "response_types"):  # flow (a file's are kept)
                if not self.answers.has((key,)):
                    delete_value(self.data, (key,))
        if "scope" in self.shape.keys:
            self.text(("scope",))

    def _launch(self) -> None:
        keys = self.shape.keys
        if not {"logo_uri", "quick_launch_enabled", "entry_uri"} & keys:
            return
        self.prompter.section("Launch")
        if "logo_uri" in keys:
            self.text(("logo_uri",))
        if "quick_launch_enabled" in keys and self.confirm(("quick_launch_enabled",)):
            self.items(("enabled_for_profiles",), required=False)
        if "entry_uri" in keys:
            self.text(("entry_uri",))

    def _webhooks(self) -> None:
        if "webhooks" not in self.shape.capabilities or self._given(WEBHOOKS):
            return
        self.prompter.section("Webhooks")
        hooks = value_at(self.data, WEBHOOKS)
        hooks = hooks if isinstance(hooks, dict) else {}
        present = [key for key in hooks if is_event(key)]
        offered = list(offered_events()) + [key for key in present if key not in offered_events()]
        options = [Option(key, inert(key), field_at((*WEBHOOKS, key)).help) for key in offered]
        chosen = self._choose(
            "Webhook events (the notifications LivePerson sends to your server)",
            options,
            help=field_at(WEBHOOKS).help,
            checked=present,
        )
        if not chosen:
            delete_value(self.data, WEBHOOKS)
            return
        rebuilt: dict[str, Any] = {}
        for key, value in hooks.items():
            if not is_event(key):
                rebuilt[key] = value  # the retry policy
            elif key in chosen:
                rebuilt[key] = value if isinstance(value, dict) else {}
        for key in chosen:
            rebuilt.setdefault(key, {})
        set_value(self.data, WEBHOOKS, rebuilt)
        grouping = "each"
        if len(chosen) > 1:
            # One endpoint for all events asks one question instead of one for each, where
            # there is a person to ask; with nobody, each event is settled on its own, and a
            # missing endpoint is named by its event's own key.
            one = self.prompter.can_ask and _same([rebuilt[key] for key in chosen])
            default = "one" if one else "each"

            def ask(person: Terminal) -> str:
                return person.select("Endpoints", ENDPOINTS, default=default)

            grouping = self.prompter.settle(Question(ask, default))
        if grouping == "one":
            self._webhook(WILDCARD, chosen)
        else:
            for key in chosen:
                self._webhook(key, [key])

    def _webhook(self, event: str, events: list[str]) -> None:
        """Endpoint, retries and headers for one event, or (`*`) the same for several.

        Every question names what it is about: the event ("ContentEvent webhook: ..."), or
        how many share the answer ("All 3 webhooks: ..."). Headers are asked once for
        events that share one endpoint.
        """
        if event == WILDCARD:
            prefix = f"All {len(events)} webhooks: "
        else:
            prefix = f"{field_at((*WEBHOOKS, event)).title}: "
        for leaf in ("endpoint", "max_retries", "headers"):
            # An event's own answer given up front wins over the one for all events.
            targets = [
                (*WEBHOOKS, key, leaf)
                for key in events
                if event != WILDCARD or (*WEBHOOKS, key, leaf) not in self.answers.values
            ]
            if not targets:
                continue
            values = [value_at(self.data, target) for target in targets]
            agreed = all(value == values[0] for value in values)
            if leaf == "headers":
                value = self._headers((*WEBHOOKS, event, leaf), targets[0], values[0], prefix)
            else:
                # Events that disagree may each keep their own value, if every one of them
                # is a real one that would be accepted as an answer.
                keeps = not agreed and all(map(self._acceptable, values, targets))
                message = prefix + field_at((*WEBHOOKS, event, leaf)).title
                if keeps:
                    message += " (empty keeps each event's own)"
                value = self.ask(
                    (*WEBHOOKS, event, leaf),
                    default=values[0] if agreed else None,
                    required=leaf == "endpoint" and not keeps,
                    message=message,
                    check_path=targets[0],
                )
                if value is None and keeps:
                    continue
            for target in targets:
                set_value(self.data, target, copy.deepcopy(value))

    def _acceptable(self, value: Any, path: JsonPath) -> bool:
        """Whether an existing value at `path` could stand as it is: absent (where absence is
        allowed), or a real value the answer check accepts."""
        if value is None:
            return path[-1] != "endpoint"
        return usable(value, path) and self.check.problem(self.data, path, value) is None

    def _headers(self, path: JsonPath, check_path: JsonPath, current: Any, prefix: str) -> Any:
        existing = current if isinstance(current, list) and usable(current, check_path) else []
        # No headers is no key, except where the manifest says so itself (`headers: []`).
        none: list[Any] | None = [] if current == [] else None

        def ask(person: Terminal) -> list[Any] | None:
            chosen = asking.headers(
                person, self.check, self.data, path=check_path, existing=existing, prefix=prefix
            )
            return chosen or none

        return self._answer(path, ask, existing or none).value

    def _engagement(self) -> None:
        if "engagement" not in self.shape.capabilities or self._given(ENGAGEMENT):
            return
        self.prompter.section("Engagement")
        engagement = value_at(self.data, ENGAGEMENT)
        if not isinstance(engagement, dict):
            engagement = {}
            set_value(self.data, ENGAGEMENT, engagement)
        names = list(field_at(ENGAGEMENT).schema.get("properties", {}))
        if self._keep_engagement(engagement, names):
            return
        flags = [name for name in names if field_at((*ENGAGEMENT, name)).types == ("boolean",)]
        open_flags = [name for name in flags if not self.answers.has((*ENGAGEMENT, name))]
        if open_flags:
            on = self._choose(
                "Engagement options to turn on",
                [
                    Option(
                        name,
                        field_at((*ENGAGEMENT, name)).title,
                        field_at((*ENGAGEMENT, name)).help,
                    )
                    for name in open_flags
                ],
                help="",
                checked=[name for name in open_flags if engagement.get(name) is True],
            )
            for name in open_flags:
                engagement[name] = name in on
        for name in names:
            if field_at((*ENGAGEMENT, name)).is_list:
                self.checkbox((*ENGAGEMENT, name))

    def _keep_engagement(self, engagement: dict[str, Any], names: list[str]) -> bool:
        """One question for the common path: keep the eight engagement fields as they stand
        (the template's, or the manifest's), if all of them are there and acceptable. With
        nobody to ask, nothing is kept wholesale: each field is settled on its own."""

        def ask(person: Terminal) -> bool:
            if not all(name in engagement for name in names):
                return False
            if self.check.problem(self.data, ENGAGEMENT, engagement) is not None:
                return False
            whose = (
                "the template's engagement settings"
                if self.origin == "template"
                else ("the engagement settings as they are")
            )
            return person.confirm(
                f"Keep {whose}?",
                default=True,
                help=_summary(engagement, names) + ". No: ask about each of them.",
            )

        return self.prompter.settle(Question(ask, False))

    def _leftovers(self) -> None:
        """Values no section asked about that an answer could not be (in a `--from`
        manifest: template text in a scope without grant types, a retry policy out of
        range), asked for now, so that the review is never the first to object."""
        paths: list[JsonPath | None] = [
            finding.path
            for finding in template_text(self.data)
            if all(isinstance(part, str) for part in finding.path)
            and "string" in field_at(finding.path).types
        ]
        # What else the checker refuses is asked again only of a person who answers every
        # question; otherwise the review reports it.
        paths += self.prompter.settle(Question(self._refused, []))
        for path in dict.fromkeys(paths):
            if path is not None:
                self.text(path)

    def _refused(self, person: Terminal) -> list[JsonPath | None]:
        return [
            _askable(finding.path, self.data)
            for finding in self.check.findings(self.data)
            if finding.severity is Severity.ERROR and finding.code != schema_rules.UNKNOWN_KEY.code
        ]

    # -- unknown keys --------------------------------------------------------------------

    def _unknown_keys(self) -> None:
        """Keys the schema does not define, each renamed or removed at the person's word
        (`unknown_keys.py`). With nobody to ask they stay, and the review reports them."""
        renames = self.prompter.settle(Question[list[Rename]](self._rename_or_remove, []))
        for path, name in renames:
            self.renames.append((path, name))
            if path[:-1] == ():
                self.shape = replace(self.shape, keys=self.shape.keys | {name})
            elif path[:-1] == ("capabilities",):
                self.shape = replace(self.shape, capabilities=self.shape.capabilities | {name})

    def _rename_or_remove(self, person: Terminal) -> list[Rename]:
        return unknown_keys.rename_or_remove(person, self.check, self.data)

    # -- question kinds ------------------------------------------------------------------

    def _answer(
        self, path: JsonPath, ask: Callable[[Terminal], T], default: T, *, required: bool = False
    ) -> Settled[T]:
        """The one way an answer about the manifest is settled: the answer given up front for
        `path`, else the prompter's (asked, the default, or recorded as missing)."""
        if self.answers.has(path):
            return Settled(self.answers.get(path), given=True)
        missing = functools.partial(Missing.for_path, path)
        return Settled(self.prompter.settle(Question(ask, default, required, missing)), given=False)

    def text(
        self, path: JsonPath, *, message: str | None = None, required: bool | None = None
    ) -> Any:
        """Ask for the value at `path` (default: its current value) and store the answer."""
        value = self.ask(
            path, default=value_at(self.data, path), required=required, message=message
        )
        set_value(self.data, path, value)
        return value

    def ask(
        self,
        path: JsonPath,
        *,
        default: Any,
        required: bool | None = None,
        message: str | None = None,
        check_path: JsonPath | None = None,
    ) -> Any:
        """One typed answer: given, defaulted or asked. None means "leave it out"."""
        subject = field_at(path)
        where = check_path or path
        default = default if usable(default, where) else None
        needed = self._required(path) if required is None else required

        def prompt(person: Terminal) -> Any:
            return asking.typed_value(
                person,
                subject,
                self.check,
                self.data,
                message=message or subject.title,
                default=default,
                required=needed,
                where=where,
            )

        return self._answer(path, prompt, default, required=needed).value

    def confirm(self, path: JsonPath) -> bool:
        """A yes or no at `path`: its current value, else the schema's default, offered."""
        subject = field_at(path)
        current = value_at(self.data, path)
        default = current if isinstance(current, bool) else bool(subject.schema.get("default"))

        def ask(person: Terminal) -> bool:
            return person.confirm(subject.title, default=default, help=subject.help)

        answer = self._answer(path, ask, default)
        if not answer.given:
            set_value(self.data, path, answer.value)
        return bool(answer.value)

    def checkbox(self, path: JsonPath) -> list[Any]:
        """A multi-select over the schema's allowed values, the current ones preselected."""
        subject = field_at(path)
        original = current = value_at(self.data, path)
        if isinstance(current, str):  # the table's single-string form: canonical is a list
            current = [current]
        checked = [value for value in current or [] if value in subject.choices]

        def ask(person: Terminal) -> list[Any]:
            return person.checkbox(
                subject.title,
                [Option(value, inert(str(value))) for value in subject.choices],
                help=subject.help,
                checked=checked,
                validate=lambda selected: self.check.problem(self.data, path, selected),
            )

        answer = self._answer(path, ask, checked)
        if answer.given:
            return list(answer.value) if isinstance(answer.value, list) else []
        chosen = answer.value
        keep = chosen or self._required(path)
        if isinstance(original, str) and chosen == [original]:
            return chosen  # as it was written: the single-string form stays
        set_value(self.data, path, chosen if keep else None)
        return chosen

    def items(self, path: JsonPath, *, required: bool) -> None:
        """A list of typed values (redirect URIs, profile IDs), one per prompt."""
        subject = field_at(path)
        current = value_at(self.data, path)
        existing = [
            value for index, value in enumerate(current or []) if usable(value, (*path, index))
        ]

        def ask(person: Terminal) -> list[Any]:
            return asking.typed_list(
                person, subject, self.check, self.data, existing=existing, required=required
            )

        answer = self._answer(path, ask, existing or None, required=required)
        if not answer.given:
            set_value(self.data, path, answer.value or None)

    # -- helpers -------------------------------------------------------------------------

    def _given(self, path: JsonPath) -> bool:
        """Whether an answer given up front covers all of `path` (set or left out whole)."""
        return any(path[:size] in self.answers.values for size in range(1, len(path) + 1))

    def _choose(
        self, message: str, options: Sequence[Option], *, help: str, checked: list[str]
    ) -> list[str]:
        """A multi-select about what to ask next (events, engagement options): asked, or
        the ones checked now."""

        def ask(person: Terminal) -> list[str]:
            return person.checkbox(
                message, options, help=help, checked=checked, validate=lambda selected: None
            )

        return self.prompter.settle(Question(ask, checked))

    def _required(self, path: JsonPath) -> bool:
        if path in self.shape.demanded:
            return True
        parent = property_schema(load_schema(), path[:-1]) if path else None
        return isinstance(parent, dict) and path[-1] in parent.get("required", ())


def _same(hooks: list[Any]) -> bool:
    """Whether several webhooks share their endpoint and headers (template text aside)."""
    seen = set()
    for hook in hooks:
        hook = hook if isinstance(hook, dict) else {}
        shared = [
            hook.get(leaf) if usable(hook.get(leaf), (*WEBHOOKS, WILDCARD, leaf)) else None
            for leaf in ("endpoint", "headers")
        ]
        seen.add(json.dumps(shared))
    return len(seen) <= 1


def _summary(values: dict[str, Any], names: list[str]) -> str:
    """Engagement settings in one line: flags on or off, short lists in full."""
    parts = []
    for name in names:
        subject = field_at((*ENGAGEMENT, name))
        value = values.get(name)
        if isinstance(value, bool):
            shown = "on" if value else "off"
        elif isinstance(value, list) and len(value) > 3:
            shown = f"{len(value)} of {len(subject.choices)}"
        else:
            shown = show_answer(value)
        parts.append(f"{subject.title}: {shown}")
    return "; ".join(parts)


def _askable(path: JsonPath, data: dict[str, Any]) -> JsonPath | None:
    """The question that can change the value a finding points at: the path itself, or the
    list an item belongs to; None for an object (no one answer replaces it)."""
    for index, part in enumerate(path):
        if isinstance(part, int):
            path = path[:index]
            break
    if not path or not has_value(data, path):
        return None
    subject = field_at(path)
    if not subject.types or "object" in subject.types:
        return None
    return path
