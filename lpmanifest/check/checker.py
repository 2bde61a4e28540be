"""Load, schema, rules, result: everything `validate` decides, and nothing it prints."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from lpmanifest.check import trigger
from lpmanifest.check.context import Context
from lpmanifest.errors import UsageError
from lpmanifest.findings import load_rules, online_rules, schema_rules
from lpmanifest.findings.catalogue import Catalogue
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.manifest import SHARED_KEYS, key_spelling
from lpmanifest.source.document import Document, not_an_object

if TYPE_CHECKING:
    from lpmanifest.check.suppress import Directive


class LintRule(Protocol):
    """A check beyond the schema (see `lpmanifest.rules`). One that has a `trigger`
    (`lpmanifest.check.trigger`) runs only on the documents it holds for."""

    @property
    def info(self) -> RuleInfo: ...

    def check(self, context: Context) -> Iterator[Finding]: ...


class Options(NamedTuple):
    """Which rules run, at which severity, and how severe a finding fails the run."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = MappingProxyType({})
    fail_on: Severity = Severity.ERROR


class Checker:
    """Checks documents against the bundled schema and the lint rules, one at a time."""

    def __init__(self, options: Options | None = None, rules: Sequence[LintRule] = ()) -> None:
        from lpmanifest.check.engine import FallbackEngine
        from lpmanifest.schema import load_schema

        self.options = options or Options()
        self.schema = load_schema()
        self.engine = FallbackEngine(self.schema)
        self.rules = tuple(rule for rule in rules if self._enabled(rule.info.code, rule.info.name))
        self._plans = trigger.Plans(
            (getattr(rule, "trigger", trigger.ALWAYS), rule) for rule in self.rules
        )
        # Every kind of finding this checker knows, selected or not (a suppression comment
        # may name a rule that does not run).
        self.catalogue = Catalogue(
            load_rules.LOAD_RULES
            + schema_rules.SCHEMA_RULES
            + tuple(rule.info for rule in rules)
            + online_rules.ONLINE_RULES
        )
        self._distinctive: frozenset[str] | None = None

    def _enabled(self, code: str, name: str) -> bool:
        select, ignore = self.options.select, self.options.ignore
        if select is not None and name not in select and code not in select:
            return False
        return name not in ignore and code not in ignore

    def unrelated(self, doc: Document) -> bool:
        """Is `doc` plainly not a LivePerson manifest? An object with keys, none of which
        (spelt in any case, with `-` or camelCase) is a LivePerson manifest's, apart from
        the few that other formats share (SHARED_KEYS): a web app's or a browser
        extension's `manifest.json`, say. A file that does not load, an empty object and a
        root that is not an object are not unrelated: they are checked (and reported).
        """
        if not (doc.loaded and isinstance(doc.data, dict) and doc.data):
            return False
        if self._distinctive is None:
            self._distinctive = frozenset(self.schema.get("properties", {})) - SHARED_KEYS
        return not any(
            isinstance(key, str) and key_spelling(key) in self._distinctive for key in doc.data
        )

    def check(self, doc: Document, *, verify_fixes: bool = True) -> list[Finding]:
        """The document's findings, sorted. A finding's fix is kept only where applying it
        passes the checks of `fix.fix_document` (checking again finds it gone and nothing
        new), so a report that says `--fix` applies it is right."""
        findings = list(doc.findings)
        context = Context(doc, self.catalogue)
        if doc.loaded and isinstance(doc.data, dict):
            findings.extend(self.schema_findings(doc))
            runs = self._plans.runs(doc, context)
            for rule in runs:
                findings.extend(rule.check(context))
            if trigger.CHECKING:
                self._check_skipped(runs, context)
        if doc.format == "yaml" and "lpmanifest:" in doc.text:
            from lpmanifest.check.suppress import apply

            findings = apply(context.directives, findings)
        if not findings:
            return findings
        findings = self._finish(findings)
        if verify_fixes and doc.text and any(f.safe_fix is not None for f in findings):
            from lpmanifest.fix.apply import fix_document

            findings = fix_document(doc, self, findings).offered
        return findings

    def _check_skipped(self, runs: Sequence[LintRule], context: Context) -> None:
        """Run the rules the triggers skipped: a finding of one is a trigger that is wrong."""
        for rule in self.rules:
            if rule not in runs:
                for finding in rule.check(context):
                    raise AssertionError(
                        f"the trigger of {rule.info.name} skipped {context.file}, where it "
                        f"finds: {finding.message}"
                    )

    def schema_findings(self, doc: Document) -> list[Finding]:
        if self.engine.is_valid(doc.data):
            return []
        from lpmanifest.check.explain import explain

        return explain(doc, self.engine.errors(doc.data))

    def merged(
        self, findings: list[Finding], more: list[Finding], directives: Iterable[Directive]
    ) -> list[Finding]:
        """A document's findings with `more` found apart from it (`--online`) added: those
        selected, at their configured severities, less what the document's suppression
        comments (`directives`) silence; sorted."""
        from lpmanifest.check.suppress import apply

        return sorted([*findings, *self._finish(apply(directives, more))], key=lambda f: f.sort_key)

    def _finish(self, findings: list[Finding]) -> list[Finding]:
        kept = []
        severities = self.options.severities
        for finding in findings:
            if finding.code not in load_rules.ALWAYS_REPORTED and not self._enabled(
                finding.code, finding.name
            ):
                continue
            level = severities.get(finding.name) or severities.get(finding.code)
            if level is not None and level is not finding.severity:
                finding = dataclasses.replace(finding, severity=level)
            kept.append(finding)
        kept.sort(key=lambda finding: finding.sort_key)
        return kept


def check_data(data: Any, name: str = "<data>", checker: Checker | None = None) -> list[Finding]:
    """Check already-parsed manifest data (no source positions: findings point at 1:1).

    Data that JSON cannot hold is a UsageError naming where; data past the limits of
    loading (depth, number of values) is refused with the same finding as a file.
    """
    from lpmanifest.findings.model import START_OF_FILE
    from lpmanifest.source.limits import foreign_value, limits_problem

    foreign = foreign_value(data)
    if foreign is not None:
        raise UsageError(
            f"{name}: {foreign}; manifest data holds only what JSON can (objects with string "
            "keys, lists, strings, numbers, true, false and null)"
        )
    doc = data_document(data, name)
    problem = limits_problem(data)
    if problem is not None:
        doc.data, doc.loaded = None, False
        doc.findings.append(load_rules.INPUT_TOO_LARGE.finding(name, START_OF_FILE, (), *problem))
    elif not isinstance(data, dict):
        doc.findings.append(not_an_object(doc))
    return (checker or Checker()).check(doc)


def data_document(data: Any, name: str = "<data>") -> Document:
    """Already-parsed manifest data as a document without text, for a rule to read (no
    source positions: findings point at 1:1)."""
    return Document(name, "json", "", data=data, loaded=True)
