"""Keys the schema does not define (a `--from` manifest's misspellings), put to a person: each
is renamed to a key the schema does define (did-you-mean first) or removed, so that the way
out of a broken file is through the questions.
"""

from __future__ import annotations

from typing import Any

from lpmanifest.findings import schema_rules
from lpmanifest.findings.model import Finding, JsonPath
from lpmanifest.findings.wording import inert, suggest
from lpmanifest.manifest import WEBHOOKS, value_at
from lpmanifest.schema import load_schema, property_schema
from lpmanifest.wizard.events import is_event, offered_events
from lpmanifest.wizard.fields import AnswerCheck
from lpmanifest.wizard.keys import concrete, delete_value
from lpmanifest.wizard.terminal import Option, Terminal

REMOVE = "\x00remove"  # the "Remove it" choice: no key is named so

# An unknown key renamed: the path of the old key, and the new name.
Rename = tuple[JsonPath, str]


def rename_or_remove(person: Terminal, check: AnswerCheck, data: dict[str, Any]) -> list[Rename]:
    """Ask about every unknown key in `data`, renaming or removing each in place; a renamed
    object may bring more of them to light, and each is asked about in turn. The renames,
    in the order made."""
    renames: list[Rename] = []
    handled: set[JsonPath] = set()
    while True:
        found = next(
            (
                finding
                for finding in check.findings(data)
                if finding.code == schema_rules.UNKNOWN_KEY.code and finding.path not in handled
            ),
            None,
        )
        if found is None:
            return renames
        handled.add(found.path)
        if not handled - {found.path}:
            person.section("Unknown keys")
        rename = _rename_or_remove(person, data, found)
        if rename is not None:
            renames.append(rename)


def _rename_or_remove(person: Terminal, data: dict[str, Any], finding: Finding) -> Rename | None:
    path = finding.path
    parent_path, key = path[:-1], str(path[-1])
    parent = value_at(data, parent_path)
    if not isinstance(parent, dict) or key not in parent:
        return None
    free = [name for name in _known_keys(parent_path) if name not in parent]
    guess = suggest(key, free)
    options = [Option(guess, f"Rename it to {inert(guess)}")] if guess else []
    options.append(Option(REMOVE, "Remove it"))
    options += [Option(name, f"Rename it to {inert(name)}") for name in free if name != guess]
    reason = finding.message + (f"; {finding.help}" if finding.help else "")
    choice = person.select(
        f"Unknown key {inert(key)}", options, default=options[0].value, help=reason
    )
    if choice == REMOVE:
        delete_value(data, path)
        return None
    renamed = {(choice if name == key else name): value for name, value in parent.items()}
    parent.clear()
    parent.update(renamed)  # in the same place: the key's position is kept
    return path, choice


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
