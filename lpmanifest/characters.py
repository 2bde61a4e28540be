"""Characters that text from a manifest may hold and that output must not write as they are,
named once; each use matches the classes it must escape (`matching`).

A terminal acts on the C0 and C1 controls and DEL (an ESC starts a sequence, a CR repaints
the line) and reorders what it shows at the bidirectional overrides and isolates; a lone
surrogate (JSON's "\\ud800" escape makes one) cannot be encoded at all. YAML readers turn the
line and paragraph separators into line breaks, and may drop a byte order mark.
"""

from __future__ import annotations

import functools
import re

C0_CONTROLS = "\x00-\x1f"
DEL = "\x7f"
C1_CONTROLS = "\x80-\x9f"
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
LONE_SURROGATES = "\ud800-\udfff"
LINE_SEPARATORS = "\u2028\u2029"
BYTE_ORDER_MARK = "\ufeff"

# Everything a terminal would act on, and what no UTF-8 stream can write.
UNSAFE = C0_CONTROLS + DEL + C1_CONTROLS + BIDI_CONTROLS + LONE_SURROGATES


# An HTTP field name (RFC 9110 section 5.1: a token); its value may hold tabs, never other
# control characters (section 5.5).
HTTP_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@functools.cache
def matching(classes: str, *, allowed: str = "") -> re.Pattern[str]:
    """A pattern for one character of `classes` (ranges as above) that is not in `allowed`.

    Compiled on first use, once: most text is printable and never needs it, and a class
    with the surrogate range costs about a millisecond to compile.
    """
    # The ranges are written raw inside the class; only the allowed ones need escaping.
    allow = f"(?![{re.escape(allowed)}])" if allowed else ""
    return re.compile(f"{allow}[{classes}]")
