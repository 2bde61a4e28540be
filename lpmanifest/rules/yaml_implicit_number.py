"""## What it does
Finds plain YAML numbers that YAML readers disagree on: what YAML 1.1 (PyYAML, and so
lpmanifest and many other tools) reads as a number but YAML 1.2 readers as something else
(`010` is 8 in YAML 1.1 and 10 in YAML 1.2; `1:30` is 90, base 60; `1_000` and `0b101` are
numbers only in YAML 1.1), and what YAML 1.2 readers take for a number but YAML 1.1 keeps as
text (`1e3`, `0o17`). The fix quotes a value that YAML 1.1 reads as text, so every reader
agrees it is text.

## Why is this bad?
The manifest LivePerson receives is JSON. Whether `max_retries: 010` becomes 8 or 10, and
whether a header value `1e3` stays the text "1e3" or becomes 1000, depends on the YAML
library that converts it: the file says different things to different tools, and the
difference shows only in the installed app.

## Example
```yaml
max_retries: 03
header_value: 1e3
```

## Use instead
```yaml
max_retries: 3
header_value: '1e3'
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lpmanifest.check.context import Context
from lpmanifest.check.trigger import trigger
from lpmanifest.findings.model import Edit, Finding, Fix, RuleInfo, Severity
from lpmanifest.findings.wording import inert
from lpmanifest.manifest import value_at

INFO = RuleInfo(
    "LPM317",
    "yaml-implicit-number",
    Severity.WARNING,
    "A plain YAML number that YAML 1.1 and YAML 1.2 readers read differently (010, 1:30, 1e3).",
    __doc__ or "",
)
TRIGGER = trigger(formats=("yaml",))

_NUMBER_STARTS = frozenset("0123456789+-.")
_NUMBERS = frozenset({"int", "float"})
_OCTAL_1_1 = re.compile(r"[-+]?0[0-7_]+")
_BINARY = re.compile(r"[-+]?0b[01_]+")
# Numbers of YAML 1.2's core schema.
_NUMBER_1_2 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+")


def _decimal(words: str) -> bool:
    """Is it a decimal integer without a leading zero (`_reading` finds nothing in one)?"""
    return words.isdigit() and (words[0] != "0" or words == "0")


def _reading(written: str, value: Any) -> tuple[str, str, bool] | None:
    """How readers disagree on a plain scalar: (message, help, quoting keeps its meaning)."""
    shown = inert(written)
    if isinstance(value, str):
        if not _NUMBER_1_2.fullmatch(written):
            return None
        # PyYAML reads every plain decimal integer and hex number itself: what is left is an
        # exponent without a dot or sign (1e3), or YAML 1.2's octal (0o17).
        number = int(written[2:], 8) if written.startswith("0o") else float(written)
        return (
            f"'{shown}' is read as text by YAML 1.1, as here, and as the number {number} "
            "by YAML 1.2 readers",
            f"quote it ('{shown}') to mean the text everywhere",
            True,
        )
    shown_number = str(value) if isinstance(value, int) else repr(value)
    if _OCTAL_1_1.fullmatch(written) and not (":" in written or "_" in written):
        decimal = int(written, 10)
        if decimal == value:
            return None  # 03 is 3 either way
        return (
            f"'{shown}' is read as the octal number {shown_number} by YAML 1.1, as here, "
            f"and as {decimal} by YAML 1.2 readers",
            f"write {shown_number} to mean that number everywhere, or quote it to mean the text",
            False,
        )
    if ":" in written:
        kind = f"as {shown_number} (base 60)"
    elif _BINARY.fullmatch(written.lower()):
        kind = f"as the binary number {shown_number}"
    elif "_" in written:
        kind = f"as {shown_number}"
    else:
        return None
    return (
        f"'{shown}' is read {kind} by YAML 1.1, as here, and as text by YAML 1.2 readers",
        f"write {shown_number} to mean that number everywhere, or quote it to mean the text",
        False,
    )


def check(context: Context) -> Iterator[Finding]:
    doc = context.doc
    # Without anchors or tags, a scalar is written as its words alone: a plain decimal
    # (5, 10, 0), which every reader agrees on, needs no look at the text.
    words_alone = "&" not in doc.text and "!" not in doc.text
    # Only a plain scalar is read by its words: quoted, a value is text to every reader.
    for path, plain in doc.plain.items():
        if plain.kind in _NUMBERS:
            if words_alone and _decimal(plain.text):
                continue
            value = value_at(doc.data, path)
        elif plain.kind == "str" and plain.text[:1] in _NUMBER_STARTS:
            value = plain.text
        else:
            continue
        location = doc.locations[path]
        start, end = location.value_range
        # As written: after an anchor (`&n 010`), the words are not a number's alone.
        written = doc.text[start:end]
        reading = _reading(written, value)
        if reading is None:
            continue
        message, help, quote = reading
        fix = Fix("quote it", (Edit(start, end, f"'{written}'"),)) if quote else None
        yield INFO.finding(doc.file, location.value, path, message, help=help, fix=fix)
