"""YAML text to data, built from the composed nodes (which carry their marks): where the
YAML-only hazards are caught (dates, tags, non-string keys, NaN, alias bombs)."""

from __future__ import annotations

import math
import re
from functools import partial
from typing import Any

import yaml
import yaml.constructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import START_OF_FILE, Finding, JsonPath, RuleInfo, Span
from lpmanifest.findings.wording import inert
from lpmanifest.manifest import is_secret
from lpmanifest.source.document import Document, Plain, duplicate_key, new_finding, too_deep
from lpmanifest.source.limits import MAX_DEPTH, MAX_VALUES, TOO_DEEP, TOO_MANY
from lpmanifest.source.locations import Location, Where

# (This module is imported for YAML only: a JSON file never pays for PyYAML.)

_YAML = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    _YAML + kind for kind in ("str", "int", "float", "bool", "null")
)
_MERGE = _YAML + "merge"


_JSON_SCALARS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL})


class _YamlRefused(Exception):
    def __init__(
        self,
        rule: RuleInfo,
        node: Node,
        message: str,
        help: str | None = None,
        path: JsonPath = (),
    ) -> None:
        super().__init__(message)
        self.rule, self.node, self.message, self.help, self.path = rule, node, message, help, path


def load_yaml(doc: Document) -> None:
    from lpmanifest.source.nesting import yaml_too_deep

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Measured by our own code: libyaml refuses deep nesting with a scanner error of its own
    # (at 1,000 levels since PyYAML 6.0.4), and older releases crashed on it.
    deepest = yaml_too_deep(doc.text, MAX_DEPTH)
    if deepest is not None:
        doc.findings.append(too_deep(doc, doc.point(deepest)))
        return
    too_big = _yaml_prescan(doc.text, loader_class)
    if too_big is not None:
        index, (message, help) = too_big
        doc.findings.append(
            new_finding(doc, load_rules.INPUT_TOO_LARGE, doc.point(index), (), message, help)
        )
        return
    try:
        root = yaml.compose(doc.text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # The mark's index counts characters, and so stays right where YAML's idea of a line
        # break (a lone CR, NEL, U+2028) differs from the "\n" lines that spans count.
        span = doc.point(mark.index) if mark else START_OF_FILE
        problem = error.problem or "invalid YAML"
        help = None
        elided = _elision_before(doc.text, mark.index) if mark else None
        if "expected a single document" in (error.context or "") or "another document" in problem:
            message = "the file holds more than one YAML document; a manifest is one document"
            rule = load_rules.YAML_NOT_JSON
        elif elided is not None:
            span = doc.point(elided)
            message = (
                "`...` stands for what the documentation left out of its example "
                "(in YAML it ends the document)"
            )
            help = "write out the keys it stands for, or remove the line"
            rule = load_rules.SYNTAX_ERROR
        else:
            message = _yaml_message(problem, error.context)
            rule = load_rules.SYNTAX_ERROR
        doc.findings.append(new_finding(doc, rule, span, (), message, help))
        return
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        doc.findings.append(_reader_error(doc, error))
        return
    except RecursionError:
        doc.findings.append(too_deep(doc, START_OF_FILE))
        return
    if root is None:
        doc.findings.append(
            new_finding(
                doc, load_rules.EMPTY_FILE, START_OF_FILE, (), "the file holds no YAML document"
            )
        )
        return
    builder = _YamlBuilder(doc)
    try:
        # Only aliases (`*name`) expand; without a `*` in the text, nothing can.
        if "*" in doc.text:
            builder.check_expansion(root)
        doc.data = builder.build(root, (), 1)
    except _YamlRefused as refused:
        span = builder.span(refused.node)
        doc.findings.append(
            new_finding(doc, refused.rule, span, refused.path, refused.message, refused.help)
        )
        doc._locations = builder.locations(doc)
        return
    doc.loaded = doc.from_text = True
    builder._record((), None, root)
    doc.scan_positions = builder.locations
    doc.plain = builder.plain
    doc.string_values = builder.strings
    doc.holds_floats = builder.floats
    for path, key_node, first in builder.duplicates:
        span = doc.span_of(*builder.offsets(key_node))
        doc.findings.append(duplicate_key(doc, path, span, builder.span(first)))


# The compiled composer builds every node before any limit applies. Each value needs an
# indicator (`[`, `{`, `,`, `-`, `?`, `:`) or is the root, so a text with few indicators holds
# few values; any other text is counted on the event stream first, which the parser produces
# without building anything. (Depth is measured before this, by `nesting`.)
_FEW_INDICATORS = 2_000


def _yaml_prescan(text: str, loader: Any) -> tuple[int, tuple[str, str | None]] | None:
    """Where the text holds too many values, before it is composed."""
    indicators = sum(text.count(char) for char in "[{,-?") + 2 * text.count(":")
    if indicators < _FEW_INDICATORS:
        return None
    count = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent, yaml.AliasEvent)):
                count += 1
                if count > MAX_VALUES:
                    return _index(event), TOO_MANY
    except yaml.YAMLError:
        pass  # the composer meets the same error, no later than here, and says where
    return None


def _index(event: yaml.Event) -> int:
    return event.start_mark.index if event.start_mark else 0


# What YAML accepts unescaped in a stream (YAML 1.1, c-printable).
_NOT_PRINTABLE_PATTERN = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _reader_error(doc: Document, error: Exception) -> Finding:
    # libyaml reports the offset in UTF-8 bytes; finding the character ourselves is exact.
    # Compiled here, on the error path: the pattern's wide ranges take ms to compile.
    found = re.compile(_NOT_PRINTABLE_PATTERN).search(doc.text)
    if found is None:
        return new_finding(doc, load_rules.SYNTAX_ERROR, START_OF_FILE, (), inert(str(error)))
    char = found.group()
    return new_finding(
        doc,
        load_rules.SYNTAX_ERROR,
        doc.point(found.start()),
        (),
        f"the character U+{ord(char):04X} (a control character) cannot appear in YAML",
        help='write it as an escape in a double-quoted string, such as "\\u0001"',
    )


# A line that is only an elision: `...` (YAML's document end) or `…`.
_ELIDED_LINE = re.compile(r"^[ \t]*(?:\.\.\.|\u2026)[ \t]*$", re.M)


def _elision_before(text: str, index: int) -> int | None:
    """Where an elided line stands, if it is the line of a syntax error or the last line
    with text before it."""
    start = text.rfind("\n", 0, min(index, len(text))) + 1
    candidates = [start]
    before = start - 1
    while before > 0:
        previous = text.rfind("\n", 0, before) + 1
        if text[previous:before].strip():
            candidates.append(previous)
            break
        before = previous - 1
    for line_start in candidates:
        match = _ELIDED_LINE.match(text, line_start)
        if match is not None:
            return line_start + len(match.group()) - len(match.group().lstrip(" \t"))
    return None


def _yaml_message(problem: str, context: str | None) -> str:
    message = problem
    if context:
        message = f"{problem} ({context})"
    if "mapping values are not allowed" in problem:
        message += "; a value that contains `: ` must be quoted"
    if "found character '\\t'" in problem:
        message = "a tab character where YAML needs spaces for indentation"
    return inert(message)


# A tag is written before the value, after the anchor if there is one: `&a !!binary ...`.
_TAG_AT = re.compile(r"(?:&[^\s\[\]{},]+\s+)?!")


class _YamlBuilder:
    """Builds the data from the composed nodes, and records where each path's nodes are.

    What it records is cheap: each path's key and value nodes, and how each plain scalar
    was written. Locations (spans and offsets) are made from the nodes only when a
    position is first asked for; most files never ask.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.constructor = yaml.constructor.SafeConstructor()
        # Each path's key node (None for an item and the root) and value node.
        self.placed: dict[JsonPath, tuple[Node | None, Node]] = {}
        self.plain: dict[JsonPath, Plain] = {}
        self.strings: list[str] = []  # every string value built, in order
        self.floats = False  # whether a float was built
        # A duplicate key: its path, its node, and the node of the key it repeats.
        self.duplicates: list[tuple[JsonPath, Node, Node]] = []
        # A tag is written with `!`: without one in the text, no node needs looking at.
        self.may_have_tags = "!" in doc.text

    def offsets(self, node: Node) -> tuple[int, int]:
        # Marks' indexes count characters of the text given to the parser (doc.text).
        size = len(self.doc.text)
        start = min(node.start_mark.index, size)
        return start, max(start, min(node.end_mark.index, size))

    def span(self, node: Node) -> Span:
        start, end = self.offsets(node)
        # Block collections end at the start of the next line: trim trailing whitespace.
        while end > start and self.doc.text[end - 1] in " \t\r\n":
            end -= 1
        return self.doc.span_of(start, max(end, start + 1))

    def locations(self, doc: Document) -> dict[JsonPath, Location]:
        """Every recorded path's location (each works out its spans when first read)."""
        where = self.where
        return {
            path: Location.later(partial(where, key, value))
            for path, (key, value) in self.placed.items()
        }

    def check_expansion(self, root: Node) -> None:
        """Refuse aliases that expand past MAX_VALUES, or into themselves, before building.

        Sizes are counted once per node (aliases share nodes), so a billion laughs costs
        as little to refuse as it took to parse. The node reported is the first, smallest
        value that is too big: the line where the bomb goes off.
        """
        sizes: dict[int, int] = {}
        open_nodes: set[int] = set()  # the ancestors of the node being visited
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, finished = stack.pop()
            children = _children(node)
            if finished:
                open_nodes.discard(id(node))
                total = 1 + sum(sizes[id(child)] for child in children)
                if total > MAX_VALUES:
                    raise _YamlRefused(
                        load_rules.INPUT_TOO_LARGE,
                        node,
                        f"this value expands to more than {MAX_VALUES:,} values "
                        "through its aliases (an alias bomb?)",
                        "write the values out, or use fewer nested aliases",
                    )
                sizes[id(node)] = total
                continue
            if id(node) in sizes:
                continue
            if id(node) in open_nodes:
                raise _YamlRefused(
                    load_rules.INPUT_TOO_LARGE,
                    node,
                    "an alias refers to a value that contains it, which never ends",
                    "an alias can only repeat a value that is complete before it",
                )
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)

    def _refuse_tag(self, node: Node, path: JsonPath) -> None:
        """A tag written in the text (`!!binary`, `!custom`): JSON has no such thing."""
        start = self.offsets(node)[0]
        if _TAG_AT.match(self.doc.text, start) is not None:
            tag = node.tag.replace(_YAML, "!!")
            raise _YamlRefused(
                load_rules.YAML_NOT_JSON,
                node,
                f"the YAML tag {inert(tag)} has no JSON equivalent",
                "remove the tag and write the value as plain YAML (quote it to keep it text)",
                path,
            )

    def build(self, node: Node, path: JsonPath, depth: int) -> Any:
        if self.may_have_tags:
            self._refuse_tag(node, path)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        # Collections count, as in JSON: a scalar inside the deepest allowed one is fine.
        if depth > MAX_DEPTH:
            raise _YamlRefused(load_rules.INPUT_TOO_LARGE, node, TOO_DEEP, path=path)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        result = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            self._record(child, None, item)
            result.append(self.build(item, child, depth + 1))
        return result

    def _record(self, path: JsonPath, key: Node | None, value: Node) -> None:
        if path in self.placed:  # an alias expanded twice: keep the first place
            return
        self.placed[path] = (key, value)
        # Plain: no style (None from PyYAML's parser, "" from libyaml's).
        if isinstance(value, ScalarNode) and not value.style:
            self.plain[path] = Plain(value.value, value.tag[len(_YAML) :])

    def _forget(self, path: JsonPath) -> None:
        """Drop what was recorded at and under `path` (a duplicate key's first value)."""
        size = len(path)
        for recorded in [p for p in self.placed if p[:size] == path]:
            del self.placed[recorded]
            self.plain.pop(recorded, None)

    def where(self, key: Node | None, value: Node) -> Where:
        key_span = self.span(key) if key is not None else None
        key_range = self.offsets(key) if key is not None else None
        return key_span, self.span(value), key_range, self.offsets(value)

    def _mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        # Keys written here win over merged (`<<`) ones, in value and in location, so they
        # are built first; the result's key order is the text's, with merged keys where
        # the `<<` stands (as PyYAML orders them).
        explicit: dict[str, Any] = {}
        seen: dict[str, Node] = {}  # each key's node: its span only for a duplicate
        merges = False
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges = True
                continue
            key = self._key(key_node, path)
            child = (*path, key)
            if key in seen:
                self.duplicates.append((child, key_node, seen[key]))
                # The last value is the one kept (as any JSON reader keeps it): findings
                # about it point at it, not at the value it replaced.
                self._forget(child)
            else:
                seen[key] = key_node
            self._record(child, key_node, value_node)
            explicit[key] = self.build(value_node, child, depth + 1)
        if not merges:
            return explicit  # (the text's order already)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                for key, value in self._merge(value_node, path, depth).items():
                    result.setdefault(key, explicit.get(key, value))
            else:
                key = str(key_node.value)
                result.setdefault(key, explicit[key])
        return result

    def _merge(self, node: Node, path: JsonPath, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):  # the first mapping listed wins
            value = self.build(source, path, depth + 1)
            if not isinstance(value, dict):
                raise _YamlRefused(
                    load_rules.SYNTAX_ERROR, source, "a `<<` merge needs a mapping", path=path
                )
            merged.update(value)
        return merged

    def _key(self, node: Node, path: JsonPath) -> str:
        if self.may_have_tags:
            self._refuse_tag(node, path)
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return str(node.value)
        if isinstance(node, ScalarNode):
            shown = inert(str(node.value))
            message = f"the key {shown} is not a string; JSON keys are strings"
            help = f'quote it: "{shown}"'
        else:
            message = "a list or mapping is used as a key; JSON keys are strings"
            help = "use a plain text key"
        raise _YamlRefused(load_rules.YAML_NOT_JSON, node, message, help, path)

    def _scalar(self, node: ScalarNode, path: JsonPath) -> Any:
        tag = node.tag
        if tag == _STR:
            self.strings.append(node.value)
            return node.value
        if tag not in _JSON_SCALARS:
            what = "a date or timestamp" if tag == _YAML + "timestamp" else f"a {tag[len(_YAML) :]}"
            raise _YamlRefused(
                load_rules.YAML_NOT_JSON,
                node,
                f"YAML reads {_shown(node, path)} as {what}, which JSON cannot hold",
                "quote it to keep it as text",
                path,
            )
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return self.constructor.construct_yaml_bool(node)
        if tag == _INT:
            return self.constructor.construct_yaml_int(node)
        self.floats = True
        number = self.constructor.construct_yaml_float(node)
        if math.isnan(number) or math.isinf(number):
            raise _YamlRefused(
                load_rules.YAML_NOT_JSON,
                node,
                f"{_shown(node, path)} is not a number JSON can hold",
                "quote it to keep it as text",
                path,
            )
        return number


def _children(node: Node) -> list[Node]:
    """The nodes directly inside a collection node (keys and values alike)."""
    value = node.value
    if not isinstance(value, list):
        return []
    return [part for item in value for part in (item if isinstance(item, tuple) else (item,))]


def _shown(node: ScalarNode, path: JsonPath) -> str:
    """A scalar as written, for a message; a credential's value is never shown."""
    return f"the value of {inert(str(path[-1]))}" if is_secret(path) else inert(str(node.value))
