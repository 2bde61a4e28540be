"""## What it does
Finds a file that starts with a UTF-8 byte order mark (BOM), the invisible character some
Windows editors put first. The fix removes it.

## Why is this bad?
JSON text must not begin with a byte order mark (RFC 8259 section 8.1), and many JSON
readers refuse it: the manifest that passes here can be rejected by the tool that
installs it. In YAML it is allowed but serves no purpose in UTF-8.

## Example
A file whose first bytes are `EF BB BF`, then `{`.

## Use instead
The same file without those three bytes: save it as "UTF-8" rather than "UTF-8 with BOM".
"""

from __future__ import annotations

from collections.abc import Iterator

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import START_OF_FILE, Edit, Finding, Fix, RuleInfo, Severity
from lpmanifest.source.formats import BOM

INFO = RuleInfo(
    "LPM313",
    "byte-order-mark",
    Severity.WARNING,
    "The file starts with a UTF-8 byte order mark.",
    __doc__ or "",
)
TRIGGER = trigger(bom=True)


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    if not doc.has_bom:
        return
    why = "JSON must not start with one" if doc.format == "json" else "UTF-8 needs none"
    yield INFO.finding(
        doc.file,
        START_OF_FILE,
        (),
        f"the file starts with a byte order mark; {why}",
        help="save the file as UTF-8 without BOM",
        # Edits count from `Document.text`, which starts after the mark: it stands before 0.
        fix=Fix("remove the byte order mark", (Edit(-len(BOM), 0, ""),)),
    )
