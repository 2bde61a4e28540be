"""Values from a manifest written into Markdown (`SUMMARY.md`) as what they are: text that
shows itself and does nothing else.

A manifest is written by whoever sends it, and its summary is read, rendered, by the people
who install it: a description must not become a link, an image, a heading or HTML there, and
no value may act on a terminal that shows the raw file. So every value is made inert first
(`findings.wording.inert`: control characters, line breaks included, become visible escapes,
which keeps each value on its one line), then either

- `text`: prose with a backslash before each character that could start Markdown or HTML
  (CommonMark lets any ASCII punctuation be escaped, and shows it without the backslash), or
- `code`: a code span, for names, URLs and other literal values, which Markdown shows
  character for character (its fence longer than any run of backticks inside).

Only what can act where a value stands is escaped (values never start a line: each follows a
label), so a description stays readable in the raw file.
"""

from __future__ import annotations

import re

from lpmanifest.findings.wording import inert

# Emphasis (* _ ~), code (`), links and images ([ ]), HTML and autolinks (< >), entities
# (&), tables (|), headings' closing sequence (#), math on GitHub ($), attribute lists ({ }),
# and the backslash itself.
_ACTIVE = re.compile(r"([\\`*_{}\[\]<>#|~&$])")
_BACKTICKS = re.compile(r"`+")


def text(value: str) -> str:
    """A manifest's string as Markdown prose that shows exactly it."""
    return _ACTIVE.sub(r"\\\1", inert(value))


def code(value: str) -> str:
    """A manifest's string as a Markdown code span; `(empty)` for the empty string."""
    shown = inert(value)
    if not shown:
        return "(empty)"
    longest = max((len(run) for run in _BACKTICKS.findall(shown)), default=0)
    fence = "`" * (longest + 1)
    # Markdown takes one space off each end of a span that has one at both: a span that
    # starts or ends with a backtick or a space is padded so that only the padding goes.
    padded = shown
    if shown.strip(" ") and (shown[0] in "` " or shown[-1] in "` "):
        padded = f" {shown} "
    return f"{fence}{padded}{fence}"
