"""The lint rules beyond the schema: one module per rule, listed in one explicit registry.

A rule module has `INFO` (its `RuleInfo`: code, kebab-case name, default severity, summary),
a docstring with the sections *What it does*, *Why is this bad?*, *Example* and *Use instead*
(it is the rule's documentation: `lpmanifest rules NAME` prints it), and
`check(context) -> Iterator[Finding]`, which yields findings at the rule's default severity;
the checker, not the rule, applies the configured severity and selection. A module may set
`TRIGGER` (`lpmanifest.check.trigger`): what a document must have for the rule to find
anything in it, and perhaps a screen that says where it has nothing to find; the checker
runs the rule on those documents only. The context
(`lpmanifest.check.context`) holds the document and the views of its data that several rules
read, each worked out once; a rule finds what it reports itself.

What rules share that is not a view of a document lives in modules of their own, never in
another rule: `_helpers` (arrays of strings, hosts, where in a string a finding goes, the
header rules' screen), `_urls` (URLs read part by part, the URL rules' screen),
`_placeholders` (template text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from types import ModuleType

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import ALWAYS, Trigger
from lpmanifest.findings import load_rules, online_rules, schema_rules
from lpmanifest.findings.catalogue import Catalogue
from lpmanifest.findings.model import Finding, RuleInfo
from lpmanifest.rules import (
    authorization_code_without_redirect_uris,
    byte_order_mark,
    client_name_not_reverse_dns,
    dev_tunnel_endpoint,
    duplicate_header,
    float_for_integer,
    header_injection,
    insecure_entry_uri,
    insecure_redirect_uri,
    invalid_suppression,
    invalid_url,
    max_retries_without_effect,
    placeholder_value,
    quick_launch_without_entry_uri,
    quick_launch_without_profiles,
    refresh_token_without_authorization_code,
    reserved_header,
    response_type_without_grant,
    secret_in_manifest,
    server_assigned_field,
    table_spelling,
    unlisted_scope,
    yaml_implicit_boolean,
    yaml_implicit_number,
)


class ModuleRule:
    """A rule module seen as a `LintRule`."""

    __slots__ = ("check", "module", "trigger")

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        # The module's own function, not a method that calls it: it runs for every file.
        self.check: Callable[[Context], Iterator[Finding]] = module.check
        # Where the rule can find something (the checker skips the other documents).
        self.trigger: Trigger = getattr(module, "TRIGGER", ALWAYS)

    def __repr__(self) -> str:
        return f"ModuleRule({self.module.__name__})"

    @property
    def info(self) -> RuleInfo:
        info: RuleInfo = self.module.INFO
        return info

    @property
    def documentation(self) -> str:
        return self.info.docs


# The registry: the order here is the order of `lpmanifest rules`.
LINT_RULES: tuple[ModuleRule, ...] = tuple(
    ModuleRule(module)
    for module in (
        # errors
        placeholder_value,
        authorization_code_without_redirect_uris,
        secret_in_manifest,
        header_injection,
        invalid_url,
        # warnings
        yaml_implicit_boolean,
        yaml_implicit_number,
        float_for_integer,
        refresh_token_without_authorization_code,
        quick_launch_without_entry_uri,
        quick_launch_without_profiles,
        insecure_redirect_uri,
        insecure_entry_uri,
        unlisted_scope,
        table_spelling,
        server_assigned_field,
        reserved_header,
        duplicate_header,
        dev_tunnel_endpoint,
        max_retries_without_effect,
        byte_order_mark,
        invalid_suppression,
        # info
        client_name_not_reverse_dns,
        response_type_without_grant,
    )
)

_BY_MODULE = {rule.module: rule for rule in LINT_RULES}

# The rules that can judge one answer of `lpmanifest new` before the rest of the manifest is
# written: each one's findings depend only on the value at the finding's path (a string, or
# the header it is part of), never on another key. The wizard runs them, with the schema,
# on every answer; rules that relate several answers (grant types and redirect URIs, quick
# launch and the entry URI, ...) would fire before the related answer is given, so they
# run at the review. A subset of LINT_RULES, the same objects.
ANSWER_RULES: tuple[ModuleRule, ...] = tuple(
    _BY_MODULE[module] for module in (placeholder_value, header_injection, invalid_url)
)

ALL_INFOS: tuple[RuleInfo, ...] = (
    load_rules.LOAD_RULES
    + schema_rules.SCHEMA_RULES
    + tuple(rule.info for rule in LINT_RULES)
    + online_rules.ONLINE_RULES
)
CATALOGUE = Catalogue(ALL_INFOS)


def suggest_rule(name: str) -> str | None:
    """The rule name closest to a misspelt one, if one is close enough."""
    return CATALOGUE.suggest(name)


def unknown_rule(name: str) -> str:
    """The message for a rule name or code that no rule has, with a did-you-mean."""
    guess = suggest_rule(name)
    hint = f"did you mean {guess!r}?" if guess else "`lpmanifest rules` lists them"
    return f"unknown rule {name!r}; {hint}"


def rule_selection(
    values: Iterable[str],
    where: str,
    *,
    ignoring: bool = False,
    error: type[Exception] | None = None,
) -> frozenset[str]:
    """The rule names or codes of `values` (each may list several, comma-separated), checked.

    The one check of `--select`/`--ignore`, the configuration's lists and the Python API's
    arguments: a name no rule has (with a did-you-mean), a selection that names no rule,
    and ignoring what loading reports (a file that cannot be read is never hidden) are
    errors that say `where`.
    """
    from lpmanifest.errors import UsageError

    failure = error or UsageError
    if isinstance(values, str):
        values = [values]
    names: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            raise failure(f"{where}: expected rule names, not {type(value).__name__}")
        names.update(part.strip() for part in value.split(",") if part.strip())
    if not names and not ignoring:
        raise failure(f"{where}: names no rule; `lpmanifest rules` lists them")
    for name in sorted(names):
        info = lookup(name)
        if info is None:
            raise failure(f"{where}: {unknown_rule(name)}")
        if ignoring and info.code in load_rules.ALWAYS_REPORTED:
            raise failure(
                f"{where}: {name} cannot be ignored: a file that cannot be read as a manifest "
                "is always reported"
            )
    return frozenset(names)


def lookup(name_or_code: str) -> RuleInfo | None:
    """The rule with this kebab-case name or code, if there is one."""
    return CATALOGUE.lookup(name_or_code)


def documentation(info: RuleInfo) -> str:
    """A rule's documentation (Markdown with the four sections), for any rule code."""
    return info.docs
