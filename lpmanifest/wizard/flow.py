"""The questions, in order: one walk for a person at a terminal and for `--yes`/`--set`.

The walk edits a manifest in place. Each question first looks for an answer given on the
command line, then (under `--yes`, or with no terminal) takes its default, and only then
asks. With nobody to ask and no default, the question is recorded as missing and the walk
goes on, so that every missing answer can be named at once.

Which sections are asked follows the template (or the manifest being edited): OAuth
questions where it has grant types, redirect URIs only with `authorization_code`,
webhooks and engagement where it has them. A template value that the `placeholder-value`
rule calls template text makes its question required and is never offered as a default;
a template's sample names and headers are never offered either (they describe an example
app, not yours). A typed answer is checked as it is given (`AnswerCheck`), so a refused
one is asked again at once with the reason.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from lpmanifest.findings import schema_rules
from lpmanifest.findings.model import Finding, JsonPath, Severity
from lpmanifest.findings.wording import inert, suggest
from lpmanifest.manifest import ENGAGEMENT, WEBHOOKS, value_at
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.wizard.answers import Answers, Missing
from lpmanifest.wizard.events import is_event, offered_events
from lpmanifest.wizard.fields import (
    AnswerCheck,
    Field,
    Unreadable,
    field_at,
    show_answer,
    template_text,
    usable,
)
from lpmanifest.wizard.keys import (
    WILDCARD,
    concrete,
    delete_value,
    has_value,
    set_value,
)
from lpmanifest.wizard.terminal import Option, Terminal

LOCALIZED = "client_name#"
# Template values that describe the template's sample app: asked, never offered as defaults.
SAMPLE_KEYS = ("client_name", "display_name", "description")
AUTHORIZATION_CODE = "authorization_code"


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


# Where the starting values came from: says how "keep them" is put to the person.
Origin = Literal["template", "file", "answers"]


@dataclass
class Flow:
    data: dict[str, Any]
    shape: Shape
    answers: Answers
    prompter: Terminal | None
    accept_defaults: bool
    check: AnswerCheck
    origin: Origin = "template"
    missing: list[Missing] = field(default_factory=list)
    # Unknown keys renamed at the person's word: (path of the old key, the new name).
    renames: list[tuple[JsonPath, str]] = field(default_factory=list)

    @property
    def take_defaults(self) -> bool:
        return self.accept_defaults or self.prompter is None

    def run(self) -> dict[str, Any]:
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
        self._section("About the app")
        self.text(("client_name",))
        for key in [key for key in self.data if key.startswith(LOCALIZED)]:
            self.text((key,), message=f"Client name in {key[len(LOCALIZED) :]}")
        while self._confirm("Add the client name in another language?", default=False):
            tag = self._ask_tag()
            self.text((LOCALIZED + tag,), message=f"Client name in {tag}", required=True)
        self.text(("display_name",))
        self.text(("description",))

    def _oauth(self) -> None:
        if "grant_types" not in self.shape.keys:
            return
        self._section("OAuth")
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
        self._section("Launch")
        if "logo_uri" in keys:
            self.text(("logo_uri",))
        if "quick_launch_enabled" in keys and self.confirm(("quick_launch_enabled",)):
            self.items(("enabled_for_profiles",), required=False)
        if "entry_uri" in keys:
            self.text(("entry_uri",))

    def _webhooks(self) -> None:
        if "webhooks" not in self.shape.capabilities or self._given(WEBHOOKS):
            return
        self._section("Webhooks")
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
        shared = _same([rebuilt[key] for key in chosen])
        if len(chosen) > 1 and self.prompter is not None and not self.accept_defaults:
            mode = self.prompter.select(
                "Endpoints",
                [
                    Option("one", "One endpoint for all events"),
                    Option("each", "One endpoint for each event"),
                ],
                default="one" if shared else "each",
            )
        else:  # with nothing to ask, each event's own answer or the [*] one applies
            mode = "one" if len(chosen) > 1 and shared and self.prompter is not None else "each"
        if mode == "one":
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
        if self.answers.has(path):
            return self.answers.get(path)
        existing = current if isinstance(current, list) and usable(current, check_path) else []
        # No headers is no key, except where the manifest says so itself (`headers: []`).
        none: list[Any] | None = [] if current == [] else None
        if self.take_defaults:
            return existing or none
        return self._ask_headers(check_path, existing, prefix) or none

    def _ask_headers(
        self, path: JsonPath, existing: list[Any], prefix: str
    ) -> list[dict[str, str]]:
        assert self.prompter is not None
        question = "keep the HTTP headers" if existing else "add HTTP headers to the notifications"
        if not self.prompter.confirm(
            f"{prefix}{question}?", default=bool(existing), help=field_at(path).help
        ):
            return []
        headers: list[dict[str, str]] = []
        name_field = field_at((*path, 0, "header_name"))
        value_field = field_at((*path, 0, "header_value"))
        index = 0
        while True:
            old = existing[index] if index < len(existing) else {}
            extra = index >= len(existing)
            at = (*path, len(headers))

            def name_problem(text: str, at: JsonPath = at) -> str | None:
                name = text.strip()
                if not name:
                    return None
                candidate = [*headers, {"header_name": name, "header_value": "-"}]
                return self.check.problem(self.data, path, candidate, focus=(*at, "header_name"))

            name = self.prompter.text(
                f"{prefix}Header {len(headers) + 1} name" + (" (empty to finish)" if extra else ""),
                help=name_field.help if not headers else "",
                default=str(old.get("header_name", "")),
                validate=name_problem,
            ).strip()
            index += 1
            if not name:
                if extra:
                    return headers
                continue

            def value_problem(text: str, at: JsonPath = at, name: str = name) -> str | None:
                candidate = [*headers, {"header_name": name, "header_value": text.strip()}]
                return self.check.problem(self.data, path, candidate, focus=(*at, "header_value"))

            value = self.prompter.text(
                f"{prefix}Header {len(headers) + 1} value",
                help=value_field.help if not headers else "",
                default=str(old.get("header_value", "")),
                validate=value_problem,
            ).strip()
            headers.append({"header_name": name, "header_value": value})

    def _engagement(self) -> None:
        if "engagement" not in self.shape.capabilities or self._given(ENGAGEMENT):
            return
        self._section("Engagement")
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
        (the template's, or the manifest's), if all of them are there and acceptable."""
        if self.take_defaults or not all(name in engagement for name in names):
            return False
        if self.check.problem(self.data, ENGAGEMENT, engagement) is not None:
            return False
        assert self.prompter is not None
        whose = (
            "the template's engagement settings"
            if self.origin == "template"
            else ("the engagement settings as they are")
        )
        return self.prompter.confirm(
            f"Keep {whose}?",
            default=True,
            help=_summary(engagement, names) + ". No: ask about each of them.",
        )

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
        if self.prompter is not None and not self.accept_defaults:
            paths += [
                _askable(finding.path, self.data)
                for finding in self.check.findings(self.data)
                if finding.severity is Severity.ERROR
                and finding.code != schema_rules.UNKNOWN_KEY.code
            ]
        for path in dict.fromkeys(paths):
            if path is not None:
                self.text(path)

    # -- unknown keys --------------------------------------------------------------------

    def _unknown_keys(self) -> None:
        """Keys the schema does not define (a `--from` manifest's misspellings): each one is
        renamed to a key it does define (did-you-mean first) or removed, so that the way out
        of a broken file is through the questions. A renamed object may bring more of them
        to light; each is asked about in turn. With nobody to ask they stay, and the review
        reports them."""
        if self.prompter is None or self.accept_defaults:
            return
        handled: set[JsonPath] = set()
        while True:
            found = next(
                (
                    finding
                    for finding in self.check.findings(self.data)
                    if finding.code == schema_rules.UNKNOWN_KEY.code and finding.path not in handled
                ),
                None,
            )
            if found is None:
                return
            handled.add(found.path)
            if not handled - {found.path}:
                self._section("Unknown keys")
            self._rename_or_remove(found)

    def _rename_or_remove(self, finding: Finding) -> None:
        assert self.prompter is not None
        path = finding.path
        parent_path, key = path[:-1], str(path[-1])
        parent = value_at(self.data, parent_path)
        if not isinstance(parent, dict) or key not in parent:
            return
        free = [name for name in _known_keys(parent_path) if name not in parent]
        guess = suggest(key, free)
        options = [Option(guess, f"Rename it to {inert(guess)}")] if guess else []
        options.append(Option(REMOVE, "Remove it"))
        options += [Option(name, f"Rename it to {inert(name)}") for name in free if name != guess]
        reason = finding.message + (f"; {finding.help}" if finding.help else "")
        choice = self.prompter.select(
            f"Unknown key {inert(key)}", options, default=options[0].value, help=reason
        )
        if choice == REMOVE:
            delete_value(self.data, path)
            return
        renamed = {(choice if name == key else name): value for name, value in parent.items()}
        parent.clear()
        parent.update(renamed)  # in the same place: the key's position is kept
        self.renames.append((path, choice))
        if parent_path == ():
            self.shape = replace(self.shape, keys=self.shape.keys | {choice})
        elif parent_path == ("capabilities",):
            self.shape = replace(self.shape, capabilities=self.shape.capabilities | {choice})

    # -- question kinds ------------------------------------------------------------------

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
        if self.answers.has(path):
            return self.answers.get(path)
        default = default if usable(default, check_path or path) else None
        if required is None:
            required = self._required(path)
        if self.take_defaults and (default is not None or not required):
            return default
        if self.prompter is None:
            self.missing.append(Missing.for_path(path))
            return None
        subject = field_at(path)
        where = check_path or path

        def problem(text: str) -> str | None:
            value, reason = _read(subject, text)
            if value is None:
                return reason or (f"{subject.title} is required" if required else None)
            return self.check.problem(self.data, where, value)

        answer = self.prompter.text(
            message or subject.title,
            help=subject.help,
            default="" if default is None else show_answer(default),
            validate=problem,
        )
        return subject.coerce(answer)

    def confirm(self, path: JsonPath) -> bool:
        if self.answers.has(path):
            return bool(self.answers.get(path))
        subject = field_at(path)
        current = value_at(self.data, path)
        default = current if isinstance(current, bool) else bool(subject.schema.get("default"))
        if not self.take_defaults:
            assert self.prompter is not None
            default = self.prompter.confirm(subject.title, default=default, help=subject.help)
        set_value(self.data, path, default)
        return default

    def checkbox(self, path: JsonPath) -> list[Any]:
        """A multi-select over the schema's allowed values, the current ones preselected."""
        subject = field_at(path)
        if self.answers.has(path):
            given = self.answers.get(path)
            return list(given) if isinstance(given, list) else []
        original = current = value_at(self.data, path)
        if isinstance(current, str):  # the table's single-string form: canonical is a list
            current = [current]
        checked = [value for value in current or [] if value in subject.choices]
        if self.take_defaults:
            chosen = checked
        else:
            assert self.prompter is not None
            chosen = self.prompter.checkbox(
                subject.title,
                [Option(value, inert(str(value))) for value in subject.choices],
                help=subject.help,
                checked=checked,
                validate=lambda selected: self.check.problem(self.data, path, selected),
            )
        keep = chosen or self._required(path)
        if isinstance(original, str) and chosen == [original]:
            return chosen  # as it was written: the single-string form stays
        set_value(self.data, path, chosen if keep else None)
        return chosen

    def items(self, path: JsonPath, *, required: bool) -> None:
        """A list of typed values (redirect URIs, profile IDs), one per prompt."""
        if self.answers.has(path):
            return
        subject = field_at(path)
        current = value_at(self.data, path)
        existing = [
            value for index, value in enumerate(current or []) if usable(value, (*path, index))
        ]
        if self.take_defaults and (existing or not required):
            set_value(self.data, path, existing or None)
            return
        if self.prompter is None:
            self.missing.append(Missing.for_path(path))
            return
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
                return self.check.problem(
                    self.data, path, [*chosen, value], focus=(*path, len(chosen))
                )

            answer = self.prompter.text(
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
                break
        set_value(self.data, path, chosen or None)

    # -- helpers -------------------------------------------------------------------------

    def _given(self, path: JsonPath) -> bool:
        """Whether an answer given up front covers all of `path` (set or left out whole)."""
        return any(path[:size] in self.answers.values for size in range(1, len(path) + 1))

    def _section(self, title: str) -> None:
        if self.prompter is not None and not self.accept_defaults:
            self.prompter.section(title)

    def _confirm(self, message: str, *, default: bool) -> bool:
        if self.take_defaults:
            return default
        assert self.prompter is not None
        return self.prompter.confirm(message, default=default)

    def _choose(
        self, message: str, options: Sequence[Option], *, help: str, checked: list[str]
    ) -> list[str]:
        if self.take_defaults:
            return checked
        assert self.prompter is not None
        return self.prompter.checkbox(
            message, options, help=help, checked=checked, validate=lambda selected: None
        )

    def _ask_tag(self) -> str:
        assert self.prompter is not None
        example = field_at((LOCALIZED + "ja-JP",))

        def problem(text: str) -> str | None:
            key = LOCALIZED + text.strip()
            if key in self.data:
                return f"there is already a client name in {text.strip()}"
            return self.check.problem(self.data, (key,), "")

        tag = self.prompter.text(
            "Language tag (RFC 5646, e.g. ja-JP)",
            help=example.help,
            default="",
            validate=problem,
        )
        return tag.strip()

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


def _read(subject: Field, text: str) -> tuple[Any, str | None]:
    """Typed text as a value, or (None, why) when it cannot even be read (see `coerce`)."""
    try:
        return subject.coerce(text), None
    except Unreadable as error:
        return None, error.reason


REMOVE = "\x00remove"  # the "Remove it" choice: no key is named so


def _known_keys(path: JsonPath) -> list[str]:
    """The keys a manifest may hold at `path`, as the schema defines them; for webhooks,
    the canonical event names."""
    node = property_schema(load_schema(), concrete(path))
    properties = node.get("properties", {}) if isinstance(node, dict) else {}
    # Not the fields LivePerson assigns: a manifest must not send them.
    known = [key for key, sub in properties.items() if not sub.get("readOnly")]
    if path == WEBHOOKS:
        known = [key for key in known if not is_event(key) or key in offered_events()]
    return known


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
