"""Turn raw schema errors into findings a person can act on.

One finding per problem, at the offending key or value, with a message that names the key
and the value and a help line that says what would be right: did-you-mean for misspelt
keys and values, the allowed values, the limit and the actual length.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lpmanifest.check.engine import RawError
from lpmanifest.findings import schema_rules
from lpmanifest.findings.model import Applicability, Edit, Finding, Fix, JsonPath
from lpmanifest.findings.wording import (
    container,
    inert,
    show_value,
    subject,
    suggest,
    type_name,
)
from lpmanifest.fix.edits import literal_start, remove_entry, rename_key, replace_value
from lpmanifest.manifest import LOCALIZED_NAME, is_secret
from lpmanifest.source.document import Document

_JSON_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "array": "an array",
    "object": "an object",
    "null": "null",
}

# Patterns in the schema, said in words.
_PATTERN_WORDS = {
    "^https://": ("must start with https://", "LivePerson only delivers webhooks over HTTPS"),
}


def _listing(values: Iterable[Any]) -> str:
    return ", ".join(show_value(value) if not isinstance(value, str) else value for value in values)


def explain(doc: Document, errors: Iterable[RawError]) -> list[Finding]:
    findings: dict[tuple[Any, ...], Finding] = {}
    for error in errors:
        for finding in _explain_one(doc, error):
            findings.setdefault((finding.path, finding.code, finding.message), finding)
    return list(findings.values())


def _explain_one(doc: Document, error: RawError) -> Iterator[Finding]:
    handler = _HANDLERS.get(error.keyword, _other)
    yield from handler(doc, error)


def _value(path: JsonPath, value: Any) -> str:
    return "<redacted>" if is_secret(path) else show_value(value)


def _additional(doc: Document, error: RawError) -> Iterator[Finding]:
    if not isinstance(error.instance, dict):
        return
    known = error.schema.get("properties", {})
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    for key in error.instance:
        if key in known or any(p.search(key) for p in patterns):
            continue
        path = (*error.path, key)
        span = doc.key_span(path)
        if key.startswith(LOCALIZED_NAME) and patterns:
            yield schema_rules.INVALID_FORMAT.finding(
                doc.file,
                span,
                path,
                f"{show_value(key)} does not end in a language tag",
                "a localized name is `client_name#` plus an RFC 5646 tag, "
                "such as client_name#ja-JP or client_name#zh-Hant-TW",
            )
            continue
        guess = suggest(key, known)
        where = container(path)
        help = f"did you mean {guess!r}?" if guess else "allowed keys here: " + ", ".join(known)
        yield schema_rules.UNKNOWN_KEY.finding(
            doc.file,
            span,
            path,
            f"unknown key {show_value(key)} in {where}",
            help,
            _suggestion(
                f"rename the key to {guess}", rename_key(doc, path, guess) if guess else None
            ),
        )


def _required(doc: Document, error: RawError) -> Iterator[Finding]:
    if not isinstance(error.instance, dict):
        return
    missing = [key for key in error.schema.get("required", ()) if key not in error.instance]
    if not missing:
        return
    what = subject(error.path)
    span = doc.key_span(error.path)
    if len(missing) > 1:
        # One problem (an incomplete object), one finding: not one per absent key.
        yield schema_rules.MISSING_KEY.finding(
            doc.file,
            span,
            error.path,
            f"{what} is missing {len(missing)} required keys: {', '.join(missing)}",
            "all of them must be present",
        )
        return
    key = missing[0]
    description = error.schema.get("properties", {}).get(key, {}).get("description")
    yield schema_rules.MISSING_KEY.finding(
        doc.file,
        span,
        (*error.path, key),
        f"{what} is missing the required key {key!r}",
        _first_sentence(description) if description else None,
    )


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].rstrip(".")
    return f"{sentence}."


def _type(doc: Document, error: RawError) -> Iterator[Finding]:
    expected = error.schema["type"]
    wanted = [expected] if isinstance(expected, str) else list(expected)
    words = " or ".join(_JSON_TYPES.get(kind, kind) for kind in wanted)
    value = error.instance
    help = None
    if isinstance(value, str) and not is_secret(error.path):
        if "integer" in wanted and re.fullmatch(r"-?[0-9]+", value.strip()):
            help = f"write {value.strip()} without quotes"
        elif "boolean" in wanted and value.strip().lower() in ("true", "false"):
            help = f"write {value.strip().lower()} without quotes"
    elif isinstance(value, float) and "integer" in wanted:
        help = "use a whole number"
    elif _type_slot(value) is not None:
        help = (
            f"{{{_type_slot(value)}}} is the documentation's slot for a value of that type: "
            "write the value itself"
        )
    elif "array" in wanted and not isinstance(value, list):
        help = f"wrap it in a list: [{json.dumps(value, ensure_ascii=False)[:60]}]"
    shown = _value(error.path, value)
    kind = type_name(value)
    # `an object (an object)` says it twice: a container's value is its kind.
    what = shown if shown == kind else f"{shown} ({kind})"
    yield schema_rules.WRONG_TYPE.finding(
        doc.file,
        doc.value_span(error.path),
        error.path,
        f"{subject(error.path)} is {what}; it must be {words}",
        inert(help) if help else None,
    )


_TYPE_WORDS = frozenset({"string", "boolean", "bool", "integer", "int", "number", "url", "uri"})


def _type_slot(value: Any) -> str | None:
    """The type word of a documentation slot read as YAML: `{string}` is `{"string": null}`."""
    if isinstance(value, dict) and len(value) == 1:
        [(key, item)] = value.items()
        if item is None and isinstance(key, str) and key.lower() in _TYPE_WORDS:
            return key
    return None


def _enum(doc: Document, error: RawError) -> Iterator[Finding]:
    allowed = list(error.schema["enum"])
    value = error.instance
    guess = (
        suggest(value, [a for a in allowed if isinstance(a, str)])
        if isinstance(value, str)
        else None
    )
    path = error.path
    name = subject(path[:-1]) if path and isinstance(path[-1], int) else subject(path)
    help = f"allowed values: {_listing(allowed)}"
    if guess:
        help = f"did you mean {guess!r}? {help}"
    yield schema_rules.INVALID_VALUE.finding(
        doc.file,
        doc.value_span(path),
        path,
        f"{_value(path, value)} is not an allowed value of {name}",
        help,
        _suggestion(f"write {guess}", replace_value(doc, path, guess) if guess else None),
    )


def _suggestion(description: str, edit: Edit | None) -> Fix | None:
    """A did-you-mean as a fix a person chooses (an editor offers it; --fix never applies
    a guess)."""
    return Fix(description, (edit,), Applicability.UNSAFE) if edit is not None else None


def _length(doc: Document, error: RawError) -> Iterator[Finding]:
    value = error.instance
    if not isinstance(value, str):
        return
    path = error.path
    length = len(value)
    if error.keyword == "maxLength":
        limit = int(error.schema["maxLength"])
        yield schema_rules.TOO_LONG.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"{subject(path)} is {length} characters long; the maximum is {limit}",
            f"shorten it by {length - limit} character{'s' if length - limit != 1 else ''}",
        )
        return
    limit = int(error.schema["minLength"])
    if length == 0:
        message = f"{subject(path)} is empty"
    else:
        message = f"{subject(path)} is {length} characters long; the minimum is {limit}"
    yield schema_rules.TOO_SHORT.finding(doc.file, doc.value_span(path), path, message, None)


def _range(doc: Document, error: RawError) -> Iterator[Finding]:
    schema, path, value = error.schema, error.path, error.instance
    low = schema.get("minimum")
    high = schema.get("maximum")
    if error.keyword in ("maximum", "exclusiveMaximum"):
        limit = f"the maximum is {schema[error.keyword]}"
    else:
        limit = f"the minimum is {schema[error.keyword]}"
    help = f"allowed range: {low} to {high}" if low is not None and high is not None else None
    yield schema_rules.OUT_OF_RANGE.finding(
        doc.file,
        doc.value_span(path),
        path,
        f"{subject(path)} is {_value(path, value)}; {limit}",
        help,
    )


def _items_count(doc: Document, error: RawError) -> Iterator[Finding]:
    value = error.instance
    if not isinstance(value, list):
        return
    path = error.path
    allowed = (
        error.schema.get("items", {}).get("enum")
        if isinstance(error.schema.get("items"), dict)
        else None
    )
    help = f"allowed values: {_listing(allowed)}" if allowed else None
    if error.keyword == "maxItems":
        limit = int(error.schema["maxItems"])
        yield schema_rules.TOO_MANY_ITEMS.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"{subject(path)} has {len(value)} items; at most {limit} are allowed",
            help,
        )
        return
    limit = int(error.schema["minItems"])
    if not value:
        message = (
            f"{subject(path)} is empty; it needs at least {limit} item{'s' if limit > 1 else ''}"
        )
    else:
        message = f"{subject(path)} has {len(value)} items; at least {limit} are needed"
    yield schema_rules.TOO_FEW_ITEMS.finding(doc.file, doc.value_span(path), path, message, help)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _unique(doc: Document, error: RawError) -> Iterator[Finding]:
    value = error.instance
    if not isinstance(value, list):
        return
    first: dict[str, int] = {}
    for index, item in enumerate(value):
        key = _canonical(item)
        if key not in first:
            first[key] = index
            continue
        path = (*error.path, index)
        earlier = doc.value_span((*error.path, first[key]))
        edit = remove_entry(doc, path)
        yield schema_rules.DUPLICATE_ITEM.finding(
            doc.file,
            doc.value_span(path),
            path,
            f"{_value(path, item)} appears more than once in {subject(error.path)}",
            f"remove this repeat; the first is at line {earlier.line}",
            Fix("remove the repeated item", (edit,)) if edit else None,
        )


def _pattern(doc: Document, error: RawError) -> Iterator[Finding]:
    path, value = error.path, error.instance
    pattern = str(error.schema["pattern"])
    if pattern == "^https://" and isinstance(value, str) and value[:8].lower() == "https://":
        yield _scheme_case(doc, path, value)
        return
    words, why = _PATTERN_WORDS.get(pattern, (None, None))
    if words is None:
        description = error.schema.get("description")
        words = "is not in the required form"
        why = _first_sentence(description) if description else f"it must match {pattern}"
    yield schema_rules.INVALID_FORMAT.finding(
        doc.file,
        doc.value_span(path),
        path,
        f"{subject(path)} {words}; it is {_value(path, value)}",
        why,
    )


def _scheme_case(doc: Document, path: JsonPath, value: str) -> Finding:
    """`HTTPS://` (in any case but lower): the same URL, which LivePerson refuses because it
    compares the prefix as written. The fix writes the scheme in lower case, nothing else."""
    scheme = value[:5]
    start = literal_start(doc, path, scheme)
    if start is None:  # written with an escape: located at the value, and left to a person
        span, fix = doc.value_span(path), None
    else:
        span = doc.span_of(start, start + len(scheme))
        fix = Fix("write the scheme https in lower case", (Edit(start, start + 5, "https"),))
    return schema_rules.INVALID_FORMAT.finding(
        doc.file,
        span,
        path,
        f"{subject(path)} must start with https:// in lower case; it is {_value(path, value)}",
        "LivePerson compares the prefix as written: write the scheme as https",
        fix,
    )


def _other(doc: Document, error: RawError) -> Iterator[Finding]:
    yield schema_rules.SCHEMA_VIOLATION.finding(
        doc.file,
        doc.value_span(error.path),
        error.path,
        f"{subject(error.path)} breaks the schema rule {error.keyword!r}",
    )


_HANDLERS = {
    "additionalProperties": _additional,
    "required": _required,
    "type": _type,
    "enum": _enum,
    "maxLength": _length,
    "minLength": _length,
    "maximum": _range,
    "minimum": _range,
    "exclusiveMaximum": _range,
    "exclusiveMinimum": _range,
    "maxItems": _items_count,
    "minItems": _items_count,
    "uniqueItems": _unique,
    "pattern": _pattern,
}
