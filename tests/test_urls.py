"""The URL reader under the URL rules: `urlsplit`'s parts with their offsets, the host and
port checked against RFC 3986, and `host_of` as the older rules call it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lpmanifest.rules._helpers import host_of
from lpmanifest.rules._urls import _head_end, bad_character, parse_url

# (url, scheme, host, port, fragment offset)
GOOD = [
    ("https://hooks.acme.com/lp", "https", "hooks.acme.com", None, -1),
    ("https://hooks.acme.com:8443/lp?region=eu&x=1", "https", "hooks.acme.com", "8443", -1),
    ("https://hooks.acme.com/", "https", "hooks.acme.com", None, -1),
    ("HTTPS://Hooks.ACME.com", "https", "hooks.acme.com", None, -1),
    ("https://[2001:DB8::1]:443/lp", "https", "2001:db8::1", "443", -1),
    ("https://[::ffff:192.0.2.1]/x", "https", "::ffff:192.0.2.1", None, -1),
    ("https://[v1.fe80::a+en1]/x", "https", "v1.fe80::a+en1", None, -1),
    ("https://192.0.2.10/x", "https", "192.0.2.10", None, -1),
    ("https://bücher.example/x", "https", "bücher.example", None, -1),
    ("https://xn--bcher-kva.example/x", "https", "xn--bcher-kva.example", None, -1),
    ("https://user:pa%20ss@hooks.acme.com/x", "https", "hooks.acme.com", None, -1),
    ("https://%61cme.com/x", "https", "%61cme.com", None, -1),
    ("https://hooks.acme.com:/x", "https", "hooks.acme.com", "", -1),  # RFC 3986: an empty port
    ("https://hooks.acme.com/x#top", "https", "hooks.acme.com", None, 24),
    ("com.acme.app:/oauth2redirect", "com.acme.app", "", None, -1),
    ("myapp://callback", "myapp", "callback", None, -1),
    ("/src/modules/img/logo.png", "", "", None, -1),
    ("//cdn.acme.com/logo.png", "", "cdn.acme.com", None, -1),
    ("", "", "", None, -1),
]


@pytest.mark.parametrize(("url", "scheme", "host", "port", "fragment"), GOOD)
def test_good_urls_are_split_without_a_problem(
    url: str, scheme: str, host: str, port: str | None, fragment: int
) -> None:
    parsed = parse_url(url)
    assert (parsed.scheme, parsed.host, parsed.port, parsed.fragment) == (
        scheme,
        host,
        port,
        fragment,
    )
    assert parsed.problem is None
    if host:
        assert url[parsed.host_start : parsed.host_end].lower() == host


# (url, the problem's start and end, part, words)
BAD = [
    ("https://hooks.acme.com:99999/x", 23, 28, "port", "an invalid port '99999'"),
    ("https://hooks.acme.com:abc/x", 23, 26, "port", "an invalid port 'abc'"),
    ("https://hooks.acme.com:0/x", 23, 24, "port", "an invalid port '0'"),
    ("https://hooks.acme.com:1:2/x", 23, 26, "port", "an invalid port '1:2'"),
    ("https://hooks.acme.com:\uff18\uff10/x", 23, 25, "port", "an invalid port '\uff18\uff10'"),
    ("https://hooks^acme.com/x", 13, 14, "host", "the character '^' in its host"),
    ("https://hooks\\acme.com/x", 13, 14, "host", "the character '\\' in its host"),
    (
        "https://hooks.acme.com%zz/x",
        22,
        23,
        "host",
        "a '%' without two hexadecimal digits after it in its host",
    ),
    ("https://ex\uff0fample.com/x", 10, 11, "host", "the character '\uff0f' in its host"),
    ("https://999.1.1.1/x", 8, 17, "host", "an invalid IPv4 address '999.1.1.1'"),
    ("https://010.0.0.1/x", 8, 17, "host", "an invalid IPv4 address '010.0.0.1'"),
    ("https://[zz::1]/x", 9, 14, "host", "an invalid IPv6 address 'zz::1'"),
    ("https://[192.0.2.1]/x", 9, 18, "host", "an invalid IPv6 address '192.0.2.1'"),
    ("https://[::1/x", 8, 12, "host", "an opening '[' without its ']' in its host"),
    ("https://[::1]8443/x", 13, 14, "host", "the character '8' in its host, after ']'"),
    ("https://a.com]/x", 13, 14, "host", "the character ']' in its host"),
    ("https://us[er@h.acme.com/x", 10, 11, "userinfo", "the character '[' in its user information"),
]


@pytest.mark.parametrize(("url", "start", "end", "part", "words"), BAD)
def test_bad_authorities_are_located(url: str, start: int, end: int, part: str, words: str) -> None:
    problem = parse_url(url).problem
    assert problem is not None
    assert (problem.start, problem.end, problem.part, problem.words) == (start, end, part, words)


def test_offsets_count_the_string_as_given() -> None:
    # urlsplit skips leading spaces and deletes tabs and line breaks: the offsets do not move.
    parsed = parse_url("  https://hooks.acme.com/x")
    assert (parsed.scheme_start, parsed.scheme_end, parsed.host_start) == (2, 7, 10)
    tabbed = parse_url("https://hooks\t.acme.com/x")
    assert tabbed.problem is not None and tabbed.problem.start == 13
    assert "white space" in tabbed.problem.words


def test_empty_hosts_are_empty_not_problems() -> None:
    # Whether a host is required depends on the field (a rule's decision), not on RFC 3986.
    for url, at in (("https:///x", 8), ("https://:443/x", 8), ("https://user@/x", 13)):
        parsed = parse_url(url)
        assert (parsed.host, parsed.host_start, parsed.problem) == ("", at, None)


def test_a_port_of_thousands_of_digits_is_refused_without_raising() -> None:
    parsed = parse_url("https://a.com:" + "9" * 5000 + "/x")
    assert parsed.problem is not None and parsed.problem.part == "port"
    assert parse_url("https://a.com:" + "0" * 5000 + "443/x").problem is None


@pytest.mark.parametrize(
    ("url", "offset"),
    [
        ("https://a.com/x", -1),
        ("https://a.com/x y", 15),
        ("https://a.com/x\u00a0", 15),  # no-break space
        ("https://a.com/\u200bx", 14),  # zero-width space
        ("https://a.com/\u202ex", 14),  # right-to-left override
        ("\thttps://a.com", 0),
        ("https://a.com/é", -1),
    ],
)
def test_bad_character(url: str, offset: int) -> None:
    assert bad_character(url) == offset


# -- host_of, as dev-tunnel-endpoint, insecure-redirect-uri and others call it ------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Hooks.Acme.com/x", ("hooks.acme.com", 8, 22)),
        ("https://localhost:3000/x", ("localhost", 8, 17)),
        ("https://localhost:99999/x", ("localhost", 8, 17)),  # the port is another matter
        ("https://[::1]/hook", ("::1", 9, 12)),
        ("http://user:secret@127.0.0.1/cb", ("127.0.0.1", 19, 28)),
        (" \thttp://localhost/cb", ("localhost", 9, 18)),
        ("https://your/webhooks/endpoint", ("your", 8, 12)),
        ("https:///x", None),
        ("https://:443/x", None),
        ("//localhost/x", None),  # relative: no scheme
        ("localhost:8080/cb", None),
        ("com.acme.app:/oauth", None),
        ("https://local host/x", None),
        ("https://[::1/x", None),
        ("https://{YOUR_APPLICATION_DOMAIN}/appentry", None),
        ("", None),
    ],
)
def test_host_of(url: str, expected: tuple[str, int, int] | None) -> None:
    assert host_of(url) == expected


def _split_or_none(url: str) -> object:
    try:
        return urlsplit(url)
    except ValueError:
        return None


URL_CHARACTERS = "aZ09-._~:/?#[]@!$&'()*+,;=% \t\nüé\u00a0\u200b\uff0f\uff21V"
URL_TEXT = st.text(st.sampled_from(list(URL_CHARACTERS)), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=40), URL_TEXT, st.builds(lambda s: "https://" + s, URL_TEXT)))
def test_any_text_is_read_without_raising_and_offsets_stay_in_the_string(url: str) -> None:
    parsed = parse_url(url)
    for offset in (parsed.scheme_end, parsed.authority, parsed.host_start, parsed.fragment):
        assert -1 <= offset <= len(url)
    if parsed.problem is not None:
        assert 0 <= parsed.problem.start < parsed.problem.end <= len(url) + 1
    if parsed.host:
        assert url[parsed.host_start : parsed.host_end].lower() == parsed.host
    if parsed.fragment >= 0:
        assert url[parsed.fragment] == "#"
    found = host_of(url)
    if found is not None:
        assert url[found[1] : found[2]].lower() == found[0]
    # Where urlsplit reads the string too, the two agree on the scheme and the host.
    split = _split_or_none(url)
    if split is not None and bad_character(url) < 0 and parsed.problem is None:
        assert split.scheme == parsed.scheme  # type: ignore[attr-defined]
        assert (split.hostname or "") == parsed.host or "[" in url  # type: ignore[attr-defined]


_DELETED = {9: " ", 10: " ", 13: " "}


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=40), URL_TEXT, st.builds(lambda s: "https://" + s, URL_TEXT)))
def test_urlsplit_reads_the_same_scheme_and_authority_in_the_head(url: str) -> None:
    """parse_url gives urlsplit only the head (up to the end of the authority): the same
    scheme and netloc as in the whole URL (with tabs and line breaks as spaces, as
    parse_url writes them so that no offset moves)."""
    text = url.translate(_DELETED)
    whole = _split_or_none(text)
    head = _split_or_none(text[: _head_end(text)])
    if whole is None or head is None:
        assert whole is None and head is None
        return
    assert (head.scheme, head.netloc) == (whole.scheme, whole.netloc)  # type: ignore[attr-defined]
