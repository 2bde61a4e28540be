"""What several rules need beyond their context's views: top-level arrays of strings, the
host of a URL, where a finding goes in a string, and the header rules' screen.

A position is looked up only for a finding that is yielded, because in JSON the first
lookup scans the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lpmanifest.findings.model import JsonPath, Span
from lpmanifest.rules._urls import parse_url
from lpmanifest.source.document import Document

if TYPE_CHECKING:
    from ipaddress import IPv4Address, IPv6Address

    from lpmanifest.check.context import Context

# The prefix of the headers LivePerson sets on notifications itself (in any case).
RESERVED_PREFIX = "x-liveperson-"
# Header names of letters, digits and hyphens (HTTP tokens, with nothing to strip), none with
# the reserved prefix, one a line. (Possessive: one reading, no going back.)
_ORDINARY_NAME = rf"(?!(?i:{re.escape(RESERVED_PREFIX)}))[A-Za-z0-9-]++"
_ORDINARY_NAMES = re.compile(rf"(?:{_ORDINARY_NAME}\n)*+{_ORDINARY_NAME}")


def string_items(data: Any, key: str) -> Iterator[tuple[int, str]]:
    """The string items of the top-level array `key`, with their indexes."""
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, str):
                yield index, item


# http(s)://, then a host of lower-case letters, digits, dots and hyphens that is not all
# digits and dots (which would be read as an IPv4 address), ending where the URL's authority
# does: nearly every URL, and the host `parse_url` would find, without asking it.
_SIMPLE_HOST = re.compile(r"https?://([a-z0-9.-]*[a-z-][a-z0-9.-]*)(?=[/?#]|\Z)")


def host_of(url: str) -> tuple[str, int, int] | None:
    """The host of a URL, lowercased, and where it stands in the string; None if it has none.

    None too for a relative reference (`//host/x` included) and for a host that is not
    well-formed (`invalid-url` reports it): a host that is returned is a registered name,
    an IPv4 address or an IP literal (without its brackets). `_urls.parse_url` reads it.
    """
    simple = _SIMPLE_HOST.match(url)
    if simple is not None:
        return simple.group(1), simple.start(1), simple.end(1)
    return parsed_host(url)


def parsed_host(url: str) -> tuple[str, int, int] | None:
    """`host_of(url)`, as `_urls.parse_url` reads it (whatever the URL)."""
    parsed = parse_url(url)
    if not parsed.scheme or not parsed.host:
        return None
    if parsed.problem is not None and parsed.problem.part != "port":
        return None
    return parsed.host, parsed.host_start, parsed.host_end


def string_span(doc: Document, path: JsonPath, value: str, start: int, end: int) -> Span:
    """Where characters `start:end` of the string `value` at `path` stand in the source.

    Exact when the string is written without escapes (plain or quoted); otherwise the
    whole value, which is still the right line.
    """
    location = doc.locations.get(path)
    if location is None:
        return doc.value_span(path)
    first, last = location.value_range
    written = doc.text[first:last]
    if written == value:
        offset = first
    elif len(written) >= 2 and written[0] in "\"'" and written[1:-1] == value:
        offset = first + 1
    else:
        return location.value
    return doc.span_of(offset + start, offset + max(end, start + 1))


def is_loopback(host: str) -> bool:
    """`localhost` (and its subdomains) or a loopback IP address: this machine."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = ip_address(host)
    return address is not None and address.is_loopback


def ip_address(host: str) -> IPv4Address | IPv6Address | None:
    """The host as an IP address, if it is one."""
    if not host or not (host[0].isdigit() or ":" in host):
        return None  # not worth importing ipaddress for a name
    import ipaddress

    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def ordinary_headers(context: Context) -> bool:
    """Is every webhook header ordinary: a name of letters, digits and hyphens, without the
    reserved prefix and not repeated for its webhook (in any case), and a printable value?
    Then the header rules have nothing to say: their screen (`lpmanifest.check.trigger`)."""
    for _hook, found in context.headers:
        names = []
        for _path, header in found:
            name, value = header.get("header_name"), header.get("header_value")
            if isinstance(value, str) and not value.isprintable():
                return False
            if isinstance(name, str):
                names.append(name)
        if not names:
            continue
        written = "\n".join(names)
        # (One line a name: a line break inside one would read as two.)
        if written.count("\n") != len(names) - 1 or _ORDINARY_NAMES.fullmatch(written) is None:
            return False
        if len(set(written.lower().split("\n"))) != len(names):
            return False
    return True
