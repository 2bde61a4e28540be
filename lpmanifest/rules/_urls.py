"""URLs as the rules see them: split by the standard library, checked against RFC 3986, and
every part located by its offset in the string, so that a finding can point at it.

`urllib.parse.urlsplit` does the splitting (scheme, authority, path, query, fragment): it is
well kept, already imported by the command line (nothing to pay at start-up), and it is what
Python programs that read these URLs use. It does not validate, and it is lenient where a
server is not, so the parts that LivePerson rejects are checked here against RFC 3986's
grammar: the host (a reg-name, an IPv4 address, or an IPv6 or IPvFuture literal in brackets,
read by `ipaddress`), the user information, and the port (digits, 1 to 65535).

`parse_url` runs on every URL of every manifest, several times (each URL rule asks): the
reading of a URL's scheme and authority, which the URLs of one manifest share, is cached,
and the checks are `str` methods, no regular expression.
"""

from __future__ import annotations

import functools
import re
import string
from typing import TYPE_CHECKING, Literal, NamedTuple
from urllib.parse import urlsplit

from lpmanifest.findings.wording import show_value

if TYPE_CHECKING:
    from lpmanifest.check.context import Context

# RFC 3986 §2.3 unreserved and §2.2 sub-delims: the characters of a reg-name besides `%HH`.
_UNRESERVED = string.ascii_letters + string.digits + "-._~"
_SUB_DELIMS = "!$&'()*+,;="
_REG_NAME = _UNRESERVED + _SUB_DELIMS
_USERINFO = _REG_NAME + ":"
_HEX = frozenset(string.hexdigits)
_IPV4 = string.digits + "."
# What `urlsplit` skips at the start (a WHATWG "C0 control or space") and what it deletes
# anywhere (tab, line feed, carriage return). Deleting would move every later offset, so
# those three become spaces first: the same length, and still wrong in every part.
_SKIPPED = "".join(map(chr, range(33)))
_DELETED = {9: " ", 10: " ", 13: " "}
# What a non-ASCII host character must not turn into under NFKC (as IDNA reads it).
_DELIMITERS = frozenset("/?#@:[]\\%")

Part = Literal["userinfo", "host", "port"]

# Services that expose a developer's machine under a temporary public name.
TUNNEL_SUFFIXES = (
    ".ngrok.io",
    ".ngrok.app",
    ".ngrok.dev",
    ".ngrok-free.app",
    ".ngrok-free.dev",
    ".trycloudflare.com",
    ".loca.lt",
    ".localtunnel.me",
    ".serveo.net",
    ".serveousercontent.com",
    ".lhr.life",
    ".localhost.run",
    ".pagekite.me",
    ".devtunnels.ms",
    ".tunnelmole.net",
    ".pinggy.link",
    ".pinggy.io",
    ".telebit.io",
)
# Names that only this machine or a local network resolves.
LOCAL_SUFFIXES = (".local", ".internal", ".localhost")

# An ordinary URL: https://, a name of lower-case letters, digits and hyphens whose top
# label is letters (so not an IP address, not `localhost`) and that is not a developer's
# machine or a tunnel, no port or user information, and at most a path of characters that
# need no escape: nothing any URL rule finds wrong. (Possessive: one reading, no going back.)
_ORDINARY = (
    r"https://(?:[a-z0-9-]++\.)++[a-z]{2,63}+"
    + "".join(f"(?<!{re.escape(suffix)})" for suffix in TUNNEL_SUFFIXES + LOCAL_SUFFIXES)
    + r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@/-]*+)?+"
)
_ORDINARY_URLS = re.compile(rf"(?:{_ORDINARY}\n)*+{_ORDINARY}")


class Problem(NamedTuple):
    """What is wrong in the authority, where (offsets in the URL), and in which part."""

    start: int
    end: int
    part: Part
    # Said after "has ...": "an invalid port '99999'", "the character '^' in its host".
    words: str


class Url(NamedTuple):
    """The parts of a URL string that the rules need, each with its offsets.

    Offsets count characters of the string as given. Absent parts have the offset -1.
    """

    scheme: str  # lower case; "" for a relative reference
    scheme_start: int  # past the C0 controls and spaces that urlsplit skips
    scheme_end: int  # the offset of the ":" after the scheme
    authority: int  # just past "//"; -1 without an authority
    authority_end: int
    host: str  # lower case, without the brackets of an IP literal; "" when empty
    host_start: int
    host_end: int
    port: str | None  # as written after ":"; None without ":"
    port_start: int
    fragment: int  # the offset of "#"; -1 without a fragment
    problem: Problem | None  # the first thing wrong in the authority, left to right


def ordinary_urls(context: Context) -> bool:
    """Is every URL field of the document an ordinary URL to a public name (see
    `_ORDINARY`)? Then the rules that judge URLs have nothing to say: the URL rules'
    screen (`lpmanifest.check.trigger`), one pass in C over all of them."""
    urls = context.urls
    if not urls:
        return True
    written = "\n".join([field.value for field in urls])
    # (One line a URL: a line break inside one would read as two.)
    return written.count("\n") == len(urls) - 1 and _ORDINARY_URLS.fullmatch(written) is not None


def bad_character(url: str) -> int:
    """The offset of the first white space or non-printing character in `url`, or -1.

    No URI may hold either (RFC 3986 §2; RFC 3987 for the non-ASCII ones): white space
    must be percent-encoded, and a control or invisible character is never meant.
    """
    if " " not in url and url.isprintable():  # one pass in C: nearly every URL
        return -1
    for index, char in enumerate(url):
        if char == " " or not char.isprintable():
            return index
    return -1  # pragma: no cover (the test above found one)


def describe_character(char: str) -> str:
    """A bad character in words that are safe to print: `white space (U+0009)`."""
    # (Python counts the separators U+001C to U+001F as space; Unicode does not.)
    space = char.isspace() and not "\x1c" <= char <= "\x1f"
    kind = "white space" if space else "the non-printing character"
    return f"{kind} (U+{ord(char):04X})"


@functools.lru_cache(maxsize=256)
def parse_url(url: str) -> Url:
    """Split `url` with `urllib.parse.urlsplit` and check its authority; never raises.

    Only the head of the URL goes to urlsplit: the text before the first "/", "?" or "#",
    or, where that delimiter starts "//", up to the next one (the authority ends there,
    RFC 3986 section 3.2). urlsplit finds the same scheme and authority in the head as in
    the whole URL (the scheme ends at a ":" before any of those delimiters, and the
    authority follows it at once); the rest only needs the offset of "#". The head is
    what the URLs of one manifest share, so its reading is cached; and several rules ask
    about each URL, so the whole result is cached too.
    """
    end = _head_end(url)
    head = _parse_head(url[:end])
    fragment = url.find("#", end)
    return head if fragment < 0 else head._replace(fragment=fragment)


def _head_end(url: str) -> int:
    if url.startswith("https://"):  # nearly every URL: its first delimiter starts the "//"
        return _delimiter(url, 8)
    end = _delimiter(url, 0)
    return _delimiter(url, end + 2) if url.startswith("//", end) else end


def _delimiter(url: str, start: int) -> int:
    """The offset of the first "/", "?" or "#" from `start` on, or the length of `url`."""
    end = url.find("/", start)
    if end < 0:
        end = len(url)
    query = url.find("?", start, end)
    if query >= 0:
        end = query
    fragment = url.find("#", start, end)
    return fragment if fragment >= 0 else end


@functools.lru_cache(maxsize=256)
def _parse_head(url: str) -> Url:
    """The scheme and the authority of a URL's head, the authority checked."""
    text = url if url.isprintable() else url.translate(_DELETED)
    lead = len(text) - len(text.lstrip(_SKIPPED)) if text[:1] <= " " else 0
    try:
        scheme, refused = urlsplit(text).scheme, False
    except ValueError:
        # Only the authority makes urlsplit refuse a string (brackets that do not pair or
        # do not hold an IP address, characters that NFKC turns into delimiters); what
        # comes before its "//" has none, and the authority is checked below all the same.
        scheme, refused = urlsplit(text[: max(text.find("//"), 0)]).scheme, True
    scheme_end = lead + len(scheme) if scheme else -1
    position = scheme_end + 1 if scheme else lead
    if not text.startswith("//", position):
        return Url(scheme, lead, scheme_end, -1, -1, "", -1, -1, None, -1, -1, None)
    # (The string as given, now that the offsets are known: a tab is reported as a tab.)
    return _authority(url, scheme, lead, scheme_end, position + 2, len(url), refused)


def _authority(
    text: str,
    scheme: str,
    lead: int,
    scheme_end: int,
    authority: int,
    authority_end: int,
    refused: bool,
) -> Url:
    """The host, port and user information of `text[authority:authority_end]`, checked."""
    at = text.rfind("@", authority, authority_end)
    problem: Problem | None = None
    if at >= 0:
        bad = _first_outside(text, authority, at, _USERINFO)
        if bad >= 0:
            problem = Problem(bad, bad + 1, "userinfo", _char_words(text[bad], "user information"))
    host_start = at + 1 if at >= 0 else authority
    port: str | None = None
    port_start = -1
    if text.startswith("[", host_start):
        close = text.find("]", host_start, authority_end)
        if close < 0:
            host_end = authority_end
            problem = problem or Problem(
                host_start, authority_end, "host", "an opening '[' without its ']' in its host"
            )
        else:
            host_end = close
            after = close + 1
            if after < authority_end and text[after] != ":":
                problem = problem or Problem(
                    after, after + 1, "host", _char_words(text[after], "host, after ']'")
                )
            elif after < authority_end:
                port, port_start = text[after + 1 : authority_end], after + 1
        host = text[host_start + 1 : host_end].lower()
        host_start += 1
        if problem is None and close >= 0:
            problem = _ip_literal(text, host_start, host_end)
    else:
        colon = text.find(":", host_start, authority_end)
        host_end = colon if colon >= 0 else authority_end
        if colon >= 0:
            port, port_start = text[colon + 1 : authority_end], colon + 1
        written = text[host_start:host_end]
        host = written.lower()
        # (A name of reg-name characters that is not all digits and dots needs no more.)
        if problem is None and (written.strip(_REG_NAME) or not written.strip(_IPV4)):
            problem = _reg_name(text, host_start, host_end)
    if problem is None and port and not _valid_port(port):
        problem = Problem(port_start, authority_end, "port", f"an invalid port {_quoted(port)}")
    if problem is None and refused:  # urlsplit saw something that the checks above missed
        problem = Problem(authority, max(authority_end, authority + 1), "host", "a malformed host")
    return Url(
        scheme,
        lead,
        scheme_end,
        authority,
        authority_end,
        host,
        host_start,
        host_end,
        port,
        port_start,
        -1,
        problem,
    )


def _valid_port(port: str) -> bool:
    """ASCII digits for a number from 1 to 65535 (RFC 3986 allows leading zeros)."""
    if not (port.isascii() and port.isdigit()):
        return False
    digits = port.lstrip("0")  # (and int() refuses a string of thousands of digits)
    return 0 < len(digits) <= 5 and int(digits) <= 65535


def _first_outside(text: str, start: int, end: int, allowed: str) -> int:
    """The first offset in `text[start:end]` of a character that is neither in `allowed`,
    nor a well-formed `%HH`, nor a non-ASCII character an IRI allows; -1 if there is none."""
    piece = text[start:end]
    if not piece.strip(allowed):  # every character allowed: the common case, in C
        return -1
    index = start
    while index < end:
        char = text[index]
        if char in allowed:
            index += 1
        elif char == "%":  # a percent-encoded octet: `%` and two hexadecimal digits
            if index + 3 > end or not _HEX.issuperset(text[index + 1 : index + 3]):
                return index
            index += 3
        elif char > "\x7f" and _iri_character(char):
            index += 1
        else:
            return index
    return -1


def _iri_character(char: str) -> bool:
    """A non-ASCII character that may stand in an IRI's host (RFC 3987 ucschar): printable,
    not white space, and not one that NFKC turns into a delimiter (as `urlsplit` checks)."""
    if not char.isprintable():
        return False
    import unicodedata

    return _DELIMITERS.isdisjoint(unicodedata.normalize("NFKC", char))


def _reg_name(text: str, start: int, end: int) -> Problem | None:
    """A host that is not bracketed: a registered name, or an IPv4 address."""
    bad = _first_outside(text, start, end, _REG_NAME)
    if bad >= 0:
        return Problem(bad, bad + 1, "host", _char_words(text[bad], "host"))
    host = text[start:end]
    if host and not host.strip(_IPV4):
        # Only digits and dots: an IPv4 address, or meant as one (`999.1.1.1`, `10.0.1`,
        # `010.0.0.1`). Such a name resolves nowhere, and readers disagree on its meaning.
        import ipaddress

        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return Problem(start, end, "host", f"an invalid IPv4 address {_quoted(host)}")
    return None


def _ip_literal(text: str, start: int, end: int) -> Problem | None:
    """What is inside `[...]`: an IPv6 address or an IPvFuture literal (RFC 3986 §3.2.2)."""
    literal = text[start:end]
    if literal[:1] in ("v", "V"):
        version, dot, rest = literal[1:].partition(".")
        if version and _HEX.issuperset(version) and dot and rest and not rest.strip(_USERINFO):
            return None
        return Problem(start, max(end, start + 1), "host", f"an invalid IP literal [{literal}]")
    import ipaddress

    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return Problem(
            start, max(end, start + 1), "host", f"an invalid IPv6 address {_quoted(literal)}"
        )
    return None


def _char_words(char: str, where: str) -> str:
    if char == "%":
        return f"a '%' without two hexadecimal digits after it in its {where}"
    if char == " " or not char.isprintable():
        return f"{describe_character(char)} in its {where}"
    return f"the character {_quoted(char)} in its {where}"


def _quoted(text: str) -> str:
    return show_value(text, 40)
