"""What a document must have for a rule to find anything in it, said by the rule, so that the
checker runs each rule only where it can report something (ruff calls a rule only for the kinds
of syntax it registered for).

A rule module may set `TRIGGER`. Each part narrows the documents it runs on, and all must hold:

- `formats`: the formats it reads (the YAML rules read how YAML wrote its scalars);
- `keys`: top-level keys, one of which the data must have;
- `words`: text, one piece of which a *verbatim* document must have written somewhere; a key
  the rule reads (`retention_time`) or a value it looks for (`refresh_token`);
- `bom`: only a document that starts with a byte order mark;
- `unless`: a screen, a cheap test of the document's context that says the rule has nothing
  to find there (every URL is an ordinary one, say). Rules that share a screen name the same
  function: it runs once per document, only where the other parts let one of them run.

A document is verbatim (`Document.verbatim`) when its data was parsed from its text and the
text holds no backslash: then every key and every string of the data is written, character
for character, in the text (YAML folds a long line only at spaces, which no word holds), so a
word that is not in the text is nowhere in the data. Data without a text of its own (an
environment's merged data, `check_data`) is never verbatim: `words` do not narrow it.

A trigger is a promise that the rule finds nothing elsewhere. With the environment variable
`LPMANIFEST_CHECK_TRIGGERS` set (the test suite sets it), the checker runs every rule on every
document anyway and fails loudly where a rule it would have skipped finds something.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from lpmanifest.source.document import Document
from lpmanifest.source.formats import Format

if TYPE_CHECKING:
    from lpmanifest.check.context import Context

Screen = Callable[["Context"], bool]  # True: the rule can find nothing in this document

# Set in the test suite: every skip is checked (see the module's docstring).
CHECKING = bool(os.environ.get("LPMANIFEST_CHECK_TRIGGERS"))


class Trigger(NamedTuple):
    """What a document must have for a rule to find anything in it (see the module)."""

    formats: frozenset[Format] = frozenset({"json", "yaml"})
    keys: frozenset[str] | None = None
    words: tuple[str, ...] = ()
    bom: bool = False
    unless: Screen | None = None


ALWAYS = Trigger()

Rule = TypeVar("Rule")


def trigger(
    *,
    formats: Iterable[Format] = ("json", "yaml"),
    keys: Iterable[str] | None = None,
    words: Iterable[str] = (),
    bom: bool = False,
    unless: Screen | None = None,
) -> Trigger:
    """A rule's trigger; a word that YAML could fold or escape (a space, a quote, a
    backslash) is refused, since the text need not hold it as the data does."""
    written = tuple(words)
    for word in written:
        if not word or any(char.isspace() or char in "\\'\"" for char in word):
            raise ValueError(f"a trigger's word must be one unquoted token: {word!r}")
    chosen = None if keys is None else frozenset(keys)
    return Trigger(frozenset(formats), chosen, written, bom, unless)


class Plans(Generic[Rule]):
    """Which of a checker's rules run on a document, worked out once per kind of document.

    Documents of a run look alike: the same format, the same handful of top-level keys, the
    same words present. The plan is kept by those facts, so a document costs one look-up.
    """

    __slots__ = ("_keys", "_plans", "_rules", "_shapes")

    def __init__(self, rules: Iterable[tuple[Trigger, Rule]]) -> None:
        self._rules = tuple(rules)
        self._keys = frozenset(
            key for trigger, _ in self._rules if trigger.keys is not None for key in trigger.keys
        )
        # By format, byte order mark and keys: the rules those let run, and the words they
        # ask about (only those are looked for: each is a search of the whole text).
        self._shapes: dict[object, tuple[tuple[tuple[Trigger, Rule], ...], tuple[str, ...]]] = {}
        self._plans: dict[object, _Plan[Rule]] = {}

    def runs(self, doc: Document, context: Context | None = None) -> tuple[Rule, ...]:
        """The rules (in their order) that can find something in `doc`; its data is an object.
        Screens (`unless`) are asked with `context`; without one, they let every rule run."""
        keys = self._keys.intersection(doc.data)
        shape_fact = (doc.format, doc.has_bom, keys)
        shape = self._shapes.get(shape_fact)
        if shape is None:
            if len(self._shapes) >= 4096:  # documents of every kind: start again
                self._shapes.clear()
                self._plans.clear()
            candidates = tuple(
                (trigger, rule)
                for trigger, rule in self._rules
                if _holds(trigger, doc.format, doc.has_bom, keys, None)
            )
            asked = tuple(sorted({word for trigger, _ in candidates for word in trigger.words}))
            shape = self._shapes[shape_fact] = (candidates, asked)
        candidates, asked = shape
        found = tuple(map(doc.text.__contains__, asked)) if asked and doc.verbatim else None
        fact = (shape_fact, found)
        plan = self._plans.get(fact)
        if plan is None:
            present = None if found is None else {w for w, f in zip(asked, found, strict=True) if f}
            chosen = [
                (trigger, rule)
                for trigger, rule in candidates
                if _holds(trigger, doc.format, doc.has_bom, keys, present)
            ]
            plan = self._plans[fact] = _Plan(chosen)
        if not plan.screens or context is None:
            return plan.rules
        return plan.screened(tuple(screen(context) for screen in plan.screens))


class _Plan(Generic[Rule]):
    """The rules that run on documents of one kind, and those of them that the screens
    asked of each document would skip: for each set of the screens' answers, once."""

    __slots__ = ("_by_answers", "_screened", "rules", "screens")

    def __init__(self, chosen: Iterable[tuple[Trigger, Rule]]) -> None:
        self._screened = tuple((trigger.unless, rule) for trigger, rule in chosen)
        self.rules = tuple(rule for _, rule in self._screened)
        self.screens = tuple(dict.fromkeys(screen for screen, _ in self._screened if screen))
        self._by_answers: dict[tuple[bool, ...], tuple[Rule, ...]] = {}

    def screened(self, answers: tuple[bool, ...]) -> tuple[Rule, ...]:
        """The rules less those whose screen answered True (`answers`, in `screens` order)."""
        rules = self._by_answers.get(answers)
        if rules is None:
            quiet = {screen for screen, answer in zip(self.screens, answers, strict=True) if answer}
            rules = self._by_answers[answers] = tuple(
                rule for screen, rule in self._screened if screen not in quiet
            )
        return rules


def _holds(
    trigger: Trigger, format: Format, bom: bool, keys: frozenset[str], words: set[str] | None
) -> bool:
    """Does a document of these facts have what the trigger asks (None: words unknown)?"""
    if format not in trigger.formats or (trigger.bom and not bom):
        return False
    if trigger.keys is not None and trigger.keys.isdisjoint(keys):
        return False
    return not (trigger.words and words is not None and words.isdisjoint(trigger.words))
