"""A manifest rendered in the other format, or refused: the data comes from the loader
(which refuses, at the YAML line, what JSON cannot hold) and the text from `serialize`;
the same checker and lint rules as `validate` decide whether it may be converted (any error
refuses, warnings are shown and the conversion goes on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lpmanifest.characters import LONE_SURROGATES, matching
from lpmanifest.check.checker import Options
from lpmanifest.findings.load_rules import ALWAYS_REPORTED
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.source.document import Document
from lpmanifest.source.formats import Format

if TYPE_CHECKING:
    from lpmanifest.environments.resolved import Resolved

_SURROGATE = matching(LONE_SURROGATES)


@dataclass
class Conversion:
    """The outcome for one document: the text to write, or why there is none."""

    doc: Document
    findings: list[Finding] = field(default_factory=list)
    text: str | None = None
    # The data cannot be written in the target format at all: --no-validate cannot help.
    unrepresentable: bool = False
    # With an environment: each file (base, overlay) with the findings that are its.
    by_file: list[tuple[Document, list[Finding]]] = field(default_factory=list)

    @property
    def converted(self) -> bool:
        return self.text is not None


def convert_document(
    doc: Document, target: Format, validate: bool = True, checks: Options | None = None
) -> Conversion:
    """Check `doc` and, unless that refuses it, render its data in `target` format.

    Data that did not load (a syntax error, or YAML that JSON cannot hold) is always
    refused. With `validate`, so is any error from the schema and the lint rules.
    """
    if validate:
        from lpmanifest.check.checker import Checker
        from lpmanifest.rules import LINT_RULES

        findings = Checker(checks, LINT_RULES).check(doc)
    else:
        findings = list(doc.findings)
    conversion = Conversion(doc, findings, unrepresentable=not doc.loaded)
    if not doc.loaded:
        return conversion
    if target == "yaml":
        surrogate = _lone_surrogate(doc)
        if surrogate is not None:  # no YAML reader would take it back
            conversion.findings = sorted([*findings, surrogate], key=lambda f: f.sort_key)
            conversion.unrepresentable = True
            return conversion
    if validate and any(finding.severity is Severity.ERROR for finding in findings):
        return conversion
    conversion.text = render(doc.data, target)
    return conversion


def convert_resolved(
    resolved: Resolved, target: Format, validate: bool = True, checks: Options | None = None
) -> Conversion:
    """An environment's manifest (its overlay merged, its variables substituted), checked as
    `convert_document` checks a file; each finding reported in the file that set it. A file
    that does not load or a variable that is not defined refuses it, --no-validate or not."""
    from lpmanifest.check.checker import Checker
    from lpmanifest.rules import LINT_RULES

    by_file = resolved.check(Checker(checks, LINT_RULES) if validate else Checker(checks))
    if not validate:  # what always refuses: loading, and variables
        by_file = [(doc, [f for f in found if f.code in ALWAYS_REPORTED]) for doc, found in by_file]
    findings = [finding for _, found in by_file for finding in found]
    conversion = Conversion(
        resolved.base, findings, unrepresentable=resolved.failed, by_file=by_file
    )
    if resolved.failed:
        return conversion
    if validate and any(finding.severity is Severity.ERROR for finding in findings):
        return conversion
    conversion.text = render(resolved.data, target)
    return conversion


def _lone_surrogate(doc: Document) -> Finding | None:
    """A finding for the first string holding half a UTF-16 pair (JSON's "\\ud800").

    JSON's escapes can spell one, YAML cannot hold one, and it is no character at all.
    """
    from lpmanifest.findings import load_rules
    from lpmanifest.manifest import iter_paths

    for path, value in iter_paths(doc.data):
        key = path[-1] if path else None
        for text in (key, value):
            if isinstance(text, str) and (found := _SURROGATE.search(text)):
                escape = f"\\u{ord(found.group()):04x}"
                return load_rules.INVALID_ENCODING.finding(
                    doc.file,
                    doc.key_span(path) if text is key else doc.value_span(path),
                    path,
                    f"the escape {escape} is half of a UTF-16 pair, not a character; "
                    "YAML cannot hold it",
                    help="write the character itself, or both halves of its pair",
                )
    return None


def render(data: object, target: Format) -> str:
    from lpmanifest.output.serialize import dump_json, dump_yaml

    return dump_json(data) if target == "json" else dump_yaml(data)
