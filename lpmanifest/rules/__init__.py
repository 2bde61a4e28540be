"""The lint rules beyond the schema: one module per rule, listed in one explicit registry.

A rule module has `INFO` (its `RuleInfo`: code, kebab-case name, default severity, summary),
a docstring with the sections *What it does*, *Why is this bad?*, *Example* and *Use instead*
(it is the rule's documentation: `lpmanifest rules NAME` prints it), and
`check(doc) -> Iterator[Finding]`, which yields findings at the rule's default severity; the
checker, not the rule, applies the configured severity and selection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from lpmanifest import codes
from lpmanifest.diagnostics import Finding, RuleInfo
from lpmanifest.load import Document
from lpmanifest.rules import (
    authorization_code_without_redirect_uris,
    byte_order_mark,
    client_name_not_reverse_dns,
    dev_tunnel_endpoint,
    duplicate_header,
    header_injection,
    insecure_entry_uri,
    insecure_redirect_uri,
    invalid_suppression,
    invalid_url,
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
)


class ModuleRule:
    """A rule module seen as a `LintRule`."""

    __slots__ = ("check", "module")

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        # The module's own function, not a method that calls it: it runs for every file.
        self.check: Callable[[Document], Iterator[Finding]] = module.check

    def __repr__(self) -> str:
        return f"ModuleRule({self.module.__name__})"

    @property
    def info(self) -> RuleInfo:
        info: RuleInfo = self.module.INFO
        return info

    @property
    def documentation(self) -> str:
        return self.module.__doc__ or ""


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
        response_type_without_grant,
        refresh_token_without_authorization_code,
        quick_launch_without_entry_uri,
        quick_launch_without_profiles,
        insecure_redirect_uri,
        unlisted_scope,
        table_spelling,
        server_assigned_field,
        reserved_header,
        duplicate_header,
        dev_tunnel_endpoint,
        byte_order_mark,
        invalid_suppression,
        insecure_entry_uri,
        # info
        client_name_not_reverse_dns,
    )
)

ALL_INFOS: tuple[RuleInfo, ...] = (
    codes.LOAD_RULES + codes.SCHEMA_RULES + tuple(rule.info for rule in LINT_RULES)
)


def suggest_rule(name: str) -> str | None:
    """The rule name closest to a misspelt one, if one is close enough."""
    from lpmanifest.explain import suggest

    return suggest(name, [info.name for info in ALL_INFOS])


def unknown_rule(name: str) -> str:
    """The message for a rule name or code that no rule has, with a did-you-mean."""
    guess = suggest_rule(name)
    hint = f"did you mean {guess!r}?" if guess else "`lpmanifest rules` lists them"
    return f"unknown rule {name!r}; {hint}"


def lookup(name_or_code: str) -> RuleInfo | None:
    """The rule with this kebab-case name or code, if there is one."""
    for info in ALL_INFOS:
        if name_or_code in (info.name, info.code):
            return info
    return None


def documentation(info: RuleInfo) -> str:
    """A rule's documentation (Markdown with the four sections), for any rule code."""
    for rule in LINT_RULES:
        if rule.info.code == info.code:
            return rule.documentation
    from lpmanifest.rules.builtin_docs import BUILTIN_DOCS

    return BUILTIN_DOCS[info.code]
