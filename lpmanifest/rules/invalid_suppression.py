"""## What it does
Finds `# lpmanifest:` comments in YAML that do not suppress anything: a rule name that no
rule has (a typo), or a comment that is not of the form
`# lpmanifest: ignore[rule-name, other-rule]`.

## Why is this bad?
A suppression comment that names no rule silences nothing, so the finding it was written
for is still reported, or, worse, the comment looks as if it documented a decision that
nothing enforces.

## Example
```yaml
scope: msg.consumer faas.lambda.invoke  # lpmanifest: ignore[unlisted-scopes]
```

## Use instead
```yaml
scope: msg.consumer faas.lambda.invoke  # lpmanifest: ignore[unlisted-scope]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.suppress import MARKER
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Finding, RuleInfo, Severity, Span
from lpmanifest.findings.wording import inert

INFO = RuleInfo(
    "LPM314",
    "invalid-suppression",
    Severity.WARNING,
    "A `# lpmanifest:` comment that names no known rule.",
    __doc__ or "",
)
TRIGGER = trigger(formats=("yaml",), words=(MARKER,))


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    catalogue = context.catalogue  # the rules the checker knows, load and schema ones too
    for directive in context.directives:
        if not directive.well_formed:
            yield INFO.finding(
                doc.file,
                Span(
                    directive.line,
                    directive.column,
                    directive.line,
                    directive.column + max(1, len(directive.text)),
                ),
                (),
                f"the comment `# lpmanifest: {inert(directive.text)}` suppresses nothing",
                help="write `# lpmanifest: ignore[rule-name]`; `lpmanifest rules` lists the names",
            )
            continue
        for name, column in directive.names:
            if catalogue.lookup(name) is not None:
                continue
            guess = catalogue.suggest(name)
            yield INFO.finding(
                doc.file,
                Span(directive.line, column, directive.line, column + len(name)),
                (),
                f"unknown rule {inert(name)!r} in a suppression comment",
                help=f"did you mean {guess!r}?" if guess else "`lpmanifest rules` lists the names",
            )
