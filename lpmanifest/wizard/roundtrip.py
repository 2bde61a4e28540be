"""Edit mode's output: the file that was read, changed only where an answer changed it.

`new --from` writes the manifest it read with the new answers in it, not a fresh dump:

- a YAML file keeps its comments (suppressions among them), flow and block style, quoting,
  indentation and key order wherever the value did not change. ruamel.yaml's round-trip
  loader holds all of that; the answers are merged into its tree, so a changed value is
  written where the old one was, with the comment on its line, a renamed key keeps its place
  and its comments, and a new key goes where the schema's order puts it among its
  neighbours. New values are written in lpmanifest's own YAML style (`serialize.dump_yaml`),
  a new list in flow style where the list it replaces was.
- a JSON file keeps its key order, changed values where they were; the text is lpmanifest's
  JSON (2-space indent).

Which values changed is decided on the data lpmanifest read (`source/yaml_source.py`, YAML 1.1 as
`validate` reads it), never on ruamel's reading (YAML 1.2): an unchanged `yes` stays as it
was written. The text made is read back with lpmanifest's loader before it is used; if it
does not give exactly the answers (a construct the merge does not handle, such as an alias
whose anchor holds a changed value), the manifest is written fresh instead and the review
says why.

ruamel.yaml is imported only here, and only for a YAML file being edited.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lpmanifest.findings.model import JsonPath
from lpmanifest.manifest import LOCALIZED_NAME, value_at
from lpmanifest.source.formats import Format

if TYPE_CHECKING:
    from ruamel.yaml import YAML

Renames = Sequence[tuple[JsonPath, str]]


@dataclass(frozen=True)
class Source:
    """The manifest `--from` read: its text, and its data as read (`loaded`) and as the
    wizard starts from it (`data`: fields LivePerson assigns left out)."""

    text: str
    format: Format
    loaded: dict[str, Any]
    data: dict[str, Any]

    def edit(self, renames: Renames) -> Edit:
        return Edit(self, tuple(renames))


@dataclass(frozen=True)
class Edit:
    """A source and the unknown keys renamed in it (old key's path, new name)."""

    source: Source
    renames: tuple[tuple[JsonPath, str], ...]


def same(left: Any, right: Any) -> bool:
    """Equal as JSON values: `True` is not `1`, `1` is not `1.0`, key order aside."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


def renamed(data: dict[str, Any], renames: Renames) -> dict[str, Any]:
    """A copy of `data` with the renames made in place (the key keeps its position)."""
    import copy

    result = copy.deepcopy(data)
    for path, name in renames:
        parent = value_at(result, path[:-1])
        if isinstance(parent, dict) and path[-1] in parent:
            items = list(parent.items())
            parent.clear()
            parent.update((name if key == path[-1] else key, value) for key, value in items)
    return result


# -- key order ----------------------------------------------------------------------------


def key_order(old_keys: Sequence[str], new: dict[str, Any], path: JsonPath) -> list[str]:
    """The keys of `new` in their old order; a key that is new goes after the last key
    that the schema orders before it (at the start if there is none)."""
    rank = _ranks(path)
    keys = [key for key in old_keys if key in new]
    for key in new:
        if key in keys:
            continue
        mine = rank(key)
        position = 0
        for index, other in enumerate(keys):
            if rank(other) <= mine:
                position = index + 1
        keys.insert(position, key)
    return keys


def _ranks(path: JsonPath) -> Any:
    from lpmanifest.schema import load_schema, property_schema
    from lpmanifest.wizard.keys import concrete

    node = property_schema(load_schema(), concrete(path))
    order = list(node.get("properties", {})) if isinstance(node, dict) else []
    index = {key: position for position, key in enumerate(order)}
    after_name = index.get("client_name", -1) + 0.5

    def rank(key: str) -> float:
        if key in index:
            return index[key]
        if path == () and key.startswith(LOCALIZED_NAME):
            return after_name
        return len(order)

    return rank


def arranged(old: Any, new: Any, path: JsonPath = ()) -> Any:
    """`new`, with the key order of `old` wherever the two share an object."""
    if isinstance(new, dict):
        old_map = old if isinstance(old, dict) else {}
        keys = key_order(list(old_map), new, path)
        return {key: arranged(old_map.get(key), new[key], (*path, key)) for key in keys}
    if isinstance(new, list) and isinstance(old, list) and len(old) == len(new):
        return [arranged(o, n, (*path, i)) for i, (o, n) in enumerate(zip(old, new, strict=True))]
    return new


# -- writing ------------------------------------------------------------------------------


def edited_text(edit: Edit, new: dict[str, Any], output_format: Format) -> tuple[str, str | None]:
    """The text of the edited manifest, and why the file's layout could not be kept (None
    when it was, or when there was none to keep)."""
    from lpmanifest.output.serialize import dump_json, dump_yaml

    old = renamed(edit.source.loaded, edit.renames)
    data = arranged(old, new)
    if output_format == "json":
        return dump_json(data), None
    if edit.source.format != "yaml":
        return dump_yaml(data), None
    try:
        text = _round_trip(edit, old, data)
    except Exception as error:  # ruamel.yaml's own limits: the fresh YAML is still right
        return dump_yaml(data), f"ruamel.yaml could not keep it ({error})"
    if not _reads_as(text, data):
        return dump_yaml(data), "an edited value is shared through a YAML alias"
    return text, None


def _reads_as(text: str, data: dict[str, Any]) -> bool:
    from lpmanifest.source.read import load_text

    doc = load_text(text, "<edited>", "yaml")
    return doc.loaded and same(doc.data, data)


def _round_trip(edit: Edit, old: dict[str, Any], new: dict[str, Any]) -> str:
    text = edit.source.text
    yaml = _yaml_for(text)
    tree = yaml.load(text)
    for path, name in edit.renames:
        _rename(value_at(tree, path[:-1]), str(path[-1]), name)
    _merge(tree, old, new, ())
    return _dump(yaml, tree)


def _yaml_for(text: str) -> YAML:
    """A round-trip YAML that writes the file's unchanged text back as it was: the
    indentation that reproduces it, of a few that files use."""
    from ruamel.yaml import YAML

    best: tuple[int, YAML] | None = None
    for mapping, sequence, offset in _indents(text):
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never fold a long value that was on one line
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        again = _dump(yaml, yaml.load(text))
        if again == text:
            return yaml
        changed = sum(a != b for a, b in zip(again.splitlines(), text.splitlines(), strict=False))
        if best is None or changed < best[0]:
            best = (changed, yaml)
    assert best is not None
    return best[1]


def _indents(text: str) -> list[tuple[int, int, int]]:
    """(mapping, sequence, offset) indentations to try, the file's own first."""
    lines = text.splitlines()
    nested = [
        len(line) - len(line.lstrip(" "))
        for line in lines
        if line.startswith(" ") and not line.lstrip().startswith(("-", "#"))
    ]
    mapping = min(nested, default=2)
    sequence, offset = mapping + 2, mapping
    for previous, line in itertools.pairwise(lines):
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and previous.rstrip().endswith(":"):
            offset = (len(line) - len(stripped)) - (len(previous) - len(previous.lstrip(" ")))
            sequence = offset + 2
            break
    candidates = [(mapping, sequence, offset), (2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4)]
    return list(dict.fromkeys(candidates))


def _dump(yaml: YAML, tree: Any) -> str:
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def _rename(node: Any, old: str, new: str) -> None:
    """Rename a key of a ruamel mapping in place, with its comments."""
    if not isinstance(node, MutableMapping) or old not in node:
        return
    node = _any(node)
    position = list(node).index(old)
    value = node[old]
    comment = node.ca.items.pop(old, None)
    del node[old]
    node.insert(position, new, value)
    if comment is not None:
        node.ca.items[new] = comment


def _merge(node: Any, old: Any, new: Any, path: JsonPath) -> None:
    """Make the ruamel mapping `node` (read as `old`) hold `new`, touching only what
    changed."""
    dangling = [_delete(node, key) for key in [key for key in node if key not in new]]
    order = key_order(list(node), new, path)
    last = list(node)[-1] if len(node) else None
    if last is not None and order and order[-1] != last:
        # comment lines after the last key close the mapping: they follow the new last key
        dangling.append(_detach_trailing(node, last))
    for index, key in enumerate(order):
        value = new[key]
        if key not in node:
            node.insert(index, key, _fresh(value, None))
            continue
        before = old.get(key) if isinstance(old, dict) else None
        if same(before, value) and before is not None:
            continue
        current = node[key]
        if isinstance(value, dict) and isinstance(current, MutableMapping):
            _merge(current, before if isinstance(before, dict) else {}, value, (*path, key))
        elif (
            isinstance(value, list)
            and isinstance(current, list)
            and isinstance(before, list)
            and len(before) == len(value) == len(current)
        ):
            _merge_list(current, before, value, (*path, key))
        else:
            node[key] = _fresh(value, current)
    for heading in dangling:  # what followed a deleted last key follows the new last one
        if heading and len(node):
            _append_comment(node, list(node)[-1], heading)


def _merge_list(node: Any, old: list[Any], new: list[Any], path: JsonPath) -> None:
    for index, (before, value) in enumerate(zip(old, new, strict=True)):
        if same(before, value):
            continue
        current = node[index]
        if isinstance(value, dict) and isinstance(current, MutableMapping):
            _merge(current, before if isinstance(before, dict) else {}, value, (*path, index))
        else:
            node[index] = _fresh(value, current)


def _delete(node: Any, key: str) -> str | None:
    """Remove a key. ruamel keeps the comment lines that follow a value with that value;
    those that stood after the deleted one (the next key's heading) are kept before the
    next key. After the last key they are returned, to follow the mapping's new last key."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    keys = list(node)
    position = keys.index(key)
    trailing = _last_comment(node, key)
    del node[key]
    node.ca.items.pop(key, None)
    if trailing is None or "\n" not in trailing.value:
        return None
    heading = str(trailing.value.split("\n", 1)[1])  # the first line is the key's own
    if not heading.strip():
        return None
    if position + 1 < len(keys):
        following = node.ca.items.setdefault(keys[position + 1], [None, None, None, None])
        before = following[1] or []
        following[1] = [CommentToken(heading, CommentMark(0), None), *before]
        return None
    return heading


def _detach_trailing(node: Any, key: Any) -> str | None:
    """Take the full-line comments after `node[key]`'s last line away from it (its own
    comment on that line stays), and return them."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    value = node[key]
    if isinstance(value, MutableMapping) and len(value):
        return _detach_trailing(value, list(value)[-1])
    if isinstance(value, list) and len(value) and not _any(value).fa.flow_style():
        return _detach_trailing(value, len(value) - 1)
    entry = node.ca.items.get(key)
    slot = 0 if isinstance(node, list) else 2
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or "\n" not in token.value:
        return None
    own, rest = token.value.split("\n", 1)
    if not rest.strip():
        return None
    entry[slot] = CommentToken(own + "\n", CommentMark(token.column), None) if own else None
    return str(rest)


def _append_comment(node: Any, key: Any, text: str) -> None:
    """Add comment lines after the last line of `node[key]`."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    value = node[key]
    if isinstance(value, MutableMapping) and len(value):
        _append_comment(value, list(value)[-1], text)
        return
    if isinstance(value, list) and len(value) and not _any(value).fa.flow_style():
        _append_comment(value, len(value) - 1, text)
        return
    slot = 0 if isinstance(node, list) else 2
    entry = node.ca.items.setdefault(key, [None, None, None, None] if slot else [None, None])
    own = entry[slot].value if entry[slot] is not None else "\n"
    if not own.endswith("\n"):
        own += "\n"
    entry[slot] = CommentToken(own + text, CommentMark(0), None)


def _any(node: object) -> Any:
    """A ruamel node as what it is (a CommentedMap or CommentedSeq, typed loosely)."""
    return node


def _last_comment(node: Any, key: Any) -> Any:
    """The comment token ruamel keeps after the last line of `node[key]` (for a block
    collection, after its last item), or None."""
    value: Any = node[key]
    if isinstance(value, MutableMapping) and len(value):
        return _last_comment(value, list(value)[-1])
    if isinstance(value, list) and len(value) and not _any(value).fa.flow_style():
        return _last_comment(value, len(value) - 1)
    entry = node.ca.items.get(key)
    if not entry:
        return None
    return entry[0] if isinstance(node, list) else (entry[2] if len(entry) > 2 else None)


def _fresh(value: Any, current: Any) -> Any:
    """A ruamel node for a new value, in lpmanifest's YAML style; a list in flow style
    where the one it replaces was, a string quoted as the one it replaces was."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    from lpmanifest.output.serialize import dump_yaml

    quoted = (DoubleQuotedScalarString, SingleQuotedScalarString)
    if isinstance(value, str) and "\n" not in value and isinstance(current, quoted):
        return type(current)(value)
    reader = YAML(typ="rt")
    reader.preserve_quotes = True
    node = reader.load(dump_yaml({"value": value}))["value"]
    flow = isinstance(current, CommentedSeq) and current.fa.flow_style()
    if isinstance(node, CommentedSeq) and flow:
        node.fa.set_flow_style()
    return node
