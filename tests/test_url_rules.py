"""invalid-url (LPM205) and insecure-entry-uri (LPM315): each field's URLs, in JSON and in
YAML, at the exact line and column of what is wrong; what they leave to other findings
(template text, wrong types, the schema's https:// prefix); and no text that makes them
raise or report without a place, a path and a help line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lpmanifest.check.checker import Checker
from lpmanifest.output.serialize import dump_json, dump_yaml
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.read import load_text

from .lint_support import DOCS_EXAMPLES, check, run_cli, where

CONTENT = ("capabilities", "webhooks", "ms.MessagingEventNotification.ContentEvent")
ENDPOINT = (*CONTENT, "endpoint")
URL_RULES = ("invalid-url", "insecure-entry-uri")

# Each field in a small manifest, JSON and YAML, and where the value's first character
# stands when it is written without escapes: (line, column). In JSON the value is quoted;
# in YAML it is plain unless `quote` asks for single quotes.


def endpoint_json(url: str) -> str:
    return (
        '{\n  "client_name": "com.acme.app",\n  "capabilities": {"webhooks": {\n'
        '    "ms.MessagingEventNotification.ContentEvent": {\n'
        f'      "endpoint": {json.dumps(url, ensure_ascii=False)}\n    }}\n  }}}}\n}}\n'
    )


def endpoint_yaml(url: str) -> str:
    return (
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        f"    ms.MessagingEventNotification.ContentEvent:\n      endpoint: {url}\n"
    )


def redirect_json(url: str) -> str:
    return (
        '{"client_name": "com.acme.app", "redirect_uris": [\n  "https://app.acme.com/cb",\n'
        f"  {json.dumps(url, ensure_ascii=False)}\n]}}\n"
    )


def redirect_yaml(url: str) -> str:
    return f"client_name: com.acme.app\nredirect_uris:\n  - https://app.acme.com/cb\n  - {url}\n"


def entry_json(url: str) -> str:
    return (
        f'{{"client_name": "com.acme.app",\n "entry_uri": {json.dumps(url, ensure_ascii=False)}}}\n'
    )


def entry_yaml(url: str) -> str:
    return f"client_name: com.acme.app\nentry_uri: {url}  # the launch page\n"


def logo_json(url: str) -> str:
    return (
        f'{{"client_name": "com.acme.app",\n "logo_uri": {json.dumps(url, ensure_ascii=False)}}}\n'
    )


def logo_yaml(url: str) -> str:
    return f"client_name: com.acme.app\nlogo_uri: {url}\n"


FIELDS: dict[str, tuple[tuple[str | int, ...], Any, Any, tuple[int, int], tuple[int, int]]] = {
    # field: (path, json writer, yaml writer, JSON (line, column of the value's first
    # character), YAML (line, column of the value's first character, plain))
    "endpoint": (ENDPOINT, endpoint_json, endpoint_yaml, (5, 20), (5, 17)),
    "redirect": (("redirect_uris", 1), redirect_json, redirect_yaml, (3, 4), (4, 5)),
    "entry": (("entry_uri",), entry_json, entry_yaml, (2, 16), (2, 12)),
    "logo": (("logo_uri",), logo_json, logo_yaml, (2, 15), (2, 11)),
}

# (field, value, offset of the reported character in the value, rule, the words after the
# value in the message)
CASES = [
    # endpoint: white space, a fragment, bad ports, no host, bad hosts
    (
        "endpoint",
        "https://hooks.acme.com/lp v2",
        25,
        "invalid-url",
        "contains white space (U+0020)",
    ),
    (
        "endpoint",
        "https://hooks.acme.com/lp\u00a0",
        25,
        "invalid-url",
        "contains white space (U+00A0)",
    ),
    (
        "endpoint",
        "https://hooks.acme.com/\u200blp",
        23,
        "invalid-url",
        "contains the non-printing character (U+200B)",
    ),
    (
        "endpoint",
        "https://hooks.acme.com/lp#section-2",
        25,
        "invalid-url",
        "has the fragment '#section-2'",
    ),
    ("endpoint", "https://hooks.acme.com/lp?x=1#", 29, "invalid-url", "has the fragment '#'"),
    (
        "endpoint",
        "https://hooks.acme.com:99999/lp",
        23,
        "invalid-url",
        "has an invalid port '99999'",
    ),
    ("endpoint", "https://hooks.acme.com:abc/lp", 23, "invalid-url", "has an invalid port 'abc'"),
    ("endpoint", "https://hooks.acme.com:0/lp", 23, "invalid-url", "has an invalid port '0'"),
    ("endpoint", "https://hooks.acme.com:-443", 23, "invalid-url", "has an invalid port '-443'"),
    ("endpoint", "https:///lp", 8, "invalid-url", "has no host"),
    ("endpoint", "https://:443/lp", 8, "invalid-url", "has no host"),
    ("endpoint", "https://ops@/lp", 12, "invalid-url", "has no host"),
    (
        "endpoint",
        "https://hooks.acme^corp.com/lp",
        18,
        "invalid-url",
        "has the character '^' in its host",
    ),
    (
        "endpoint",
        "https://hooks.acme.com|8443/lp",
        22,
        "invalid-url",
        "has the character '|' in its host",
    ),
    (
        "endpoint",
        "https://[2001:db8::1/lp",
        8,
        "invalid-url",
        "has an opening '[' without its ']' in its host",
    ),
    (
        "endpoint",
        "https://[2001:db8::g]/lp",
        9,
        "invalid-url",
        "has an invalid IPv6 address '2001:db8::g'",
    ),
    (
        "endpoint",
        "https://203.0.113.256/lp",
        8,
        "invalid-url",
        "has an invalid IPv4 address '203.0.113.256'",
    ),
    # redirect_uris: javascript:, data:, empty, relative, a fragment, and what http(s) needs
    (
        "redirect",
        "javascript:alert(1)",
        0,
        "invalid-url",
        "uses the javascript: scheme, which runs script instead of returning to the application",
    ),
    (
        "redirect",
        "JavaScript:void(0)",
        0,
        "invalid-url",
        "uses the javascript: scheme, which runs script instead of returning to the application",
    ),
    (
        "redirect",
        "data:text/html,hello",
        0,
        "invalid-url",
        "uses the data: scheme, which carries a page instead of returning to the application",
    ),
    (
        "redirect",
        "/callback",
        0,
        "invalid-url",
        "is relative: a redirect URI must be absolute (RFC 6749 section 3.1.2)",
    ),
    (
        "redirect",
        "app.acme.com/oauth/callback",
        0,
        "invalid-url",
        "is relative: a redirect URI must be absolute (RFC 6749 section 3.1.2)",
    ),
    ("redirect", "https://app.acme.com/cb#done", 23, "invalid-url", "has the fragment '#done'"),
    ("redirect", "com.acme.app:/oauth#x", 19, "invalid-url", "has the fragment '#x'"),
    ("redirect", "https:app.acme.com/cb", 6, "invalid-url", "has no host"),
    ("redirect", "https://app.acme.com:70000/cb", 21, "invalid-url", "has an invalid port '70000'"),
    ("redirect", "https://app acme.com/cb", 11, "invalid-url", "contains white space (U+0020)"),
    # entry_uri: http:// is a warning, another scheme or a relative one an error
    (
        "entry",
        "http://app.acme.com/launch",
        0,
        "insecure-entry-uri",
        "is plain HTTP: the app would launch and sign in unencrypted",
    ),
    (
        "entry",
        "HTTP://app.acme.com/launch",
        0,
        "insecure-entry-uri",
        "is plain HTTP: the app would launch and sign in unencrypted",
    ),
    (
        "entry",
        "ftp://app.acme.com/launch",
        0,
        "invalid-url",
        "uses the ftp: scheme; the entry URI must be an https:// URL",
    ),
    (
        "entry",
        "mailto:ops@acme.com",
        0,
        "invalid-url",
        "uses the mailto: scheme; the entry URI must be an https:// URL",
    ),
    (
        "entry",
        "launch.html",
        0,
        "invalid-url",
        "is relative: the entry URI must be an absolute https:// URL",
    ),
    (
        "entry",
        "https://app.acme.com:65536/launch",
        21,
        "invalid-url",
        "has an invalid port '65536'",
    ),
    ("entry", "https://", 7, "invalid-url", "has no host"),
    # logo_uri: white space; a host, where there is one, must be well-formed
    (
        "logo",
        "https://cdn.acme.com/brand/logo 70.png",
        31,
        "invalid-url",
        "contains white space (U+0020)",
    ),
    (
        "logo",
        "/img/logo\u200b.png",
        9,
        "invalid-url",
        "contains the non-printing character (U+200B)",
    ),
    ("logo", "https://cdn.acme.com:0/logo.png", 21, "invalid-url", "has an invalid port '0'"),
    ("logo", "https:///logo.png", 8, "invalid-url", "has no host"),
]

HELP = {
    "white space": "remove it, or percent-encode it where it belongs to the URL (a space is %20)",
    "non-printing": "remove it: a URL cannot hold invisible or control characters",
    "port": "a port is a number from 1 to 65535",
    "fragment": "",  # depends on the field: checked below
}


def _case_id(case: tuple[Any, ...]) -> str:
    return f"{case[0]}-{case[1]!r}"


@pytest.mark.parametrize("format", ["json", "yaml"])
@pytest.mark.parametrize(
    ("field", "value", "offset", "rule", "words"), CASES, ids=map(_case_id, CASES)
)
def test_url_finding_at_the_exact_place(
    field: str, value: str, offset: int, rule: str, words: str, format: str
) -> None:
    path, as_json, as_yaml, json_start, yaml_start = FIELDS[field]
    if format == "json":
        text, (line, column) = as_json(value), json_start
    else:
        # Plain where YAML reads the value back as the same string, else single-quoted.
        plain = as_yaml(value)
        if _same(plain, path, value):
            text, (line, column) = plain, yaml_start
        else:
            quoted = "'" + value.replace("'", "''") + "'"
            text, (line, column) = as_yaml(quoted), (yaml_start[0], yaml_start[1] + 1)
    findings = [f for f in check(text, format) if f.name in URL_RULES]
    assert where(findings) == [(rule, line, column + offset, path)], text
    [finding] = findings
    assert finding.message == f"{_subject(path)} {_shown(value)} {words}"
    assert finding.help
    if "white space" in words:
        assert finding.help == HELP["white space"]
    elif "non-printing" in words:
        assert finding.help == HELP["non-printing"]
    elif "port" in words:
        assert finding.help == HELP["port"]


def _same(text: str, path: tuple[str | int, ...], value: str) -> bool:
    """Whether YAML reads `text` back with `value` at `path`."""
    data: Any = load_text(text, "m.yaml").data
    for part in path:
        if not isinstance(data, (dict, list)):
            return False
        data = data[part] if isinstance(data, list) or part in data else None
    return bool(data == value)


def _subject(path: tuple[str | int, ...]) -> str:
    return "redirect_uris[1]" if path[0] == "redirect_uris" else str(path[-1])


def _shown(value: str) -> str:
    from lpmanifest.findings.wording import show_value

    return show_value(value)


def test_the_span_covers_the_offending_part() -> None:
    [port] = check(endpoint_json("https://hooks.acme.com:99999/lp"), select="invalid-url")
    assert (port.span.column, port.span.end_column) == (43, 48)  # 99999
    [fragment] = check(endpoint_json("https://hooks.acme.com/lp#top"), select="invalid-url")
    assert (fragment.span.column, fragment.span.end_column) == (45, 49)  # #top
    [scheme] = check(redirect_json("javascript:alert(1)"), select="invalid-url")
    assert (scheme.span.column, scheme.span.end_column) == (4, 15)  # javascript:
    [warning] = check(entry_yaml("http://app.acme.com/launch"), "yaml", select="insecure-entry-uri")
    assert (warning.span.column, warning.span.end_column) == (12, 19)  # http://
    assert warning.severity.value == "warning"


def test_an_empty_redirect_uri_is_an_error_at_its_quotes() -> None:
    [finding] = check(redirect_json(""), select="invalid-url")
    assert where([finding]) == [("invalid-url", 3, 3, ("redirect_uris", 1))]
    assert finding.message == "redirect_uris[1] '' is empty"
    assert finding.help == "a redirect URI is absolute, such as https://app.acme.com/callback"
    [in_yaml] = check(redirect_yaml("''"), "yaml", select="invalid-url")
    assert where([in_yaml]) == [("invalid-url", 4, 5, ("redirect_uris", 1))]


def test_a_value_written_with_escapes_is_reported_at_its_start() -> None:
    # JSON writes a tab as \t: the offsets of the string are not those of the source.
    text = endpoint_json("https://hooks.acme.com/lp").replace("/lp", "/l\\tp")
    [finding] = check(text, select="invalid-url")
    assert (finding.span.line, finding.span.column) == (5, 19)
    assert finding.message.endswith("contains white space (U+0009)")


def test_fragment_help_says_why_for_each_field() -> None:
    [endpoint] = check(endpoint_json("https://hooks.acme.com/lp#x"), select="invalid-url")
    assert endpoint.help == (
        "a fragment is never sent to the server: remove it (query parameters are allowed)"
    )
    [redirect] = check(redirect_json("https://app.acme.com/cb#x"), select="invalid-url")
    assert redirect.help == "a redirect URI must not include a fragment (RFC 6749 section 3.1.2)"


def test_one_value_gets_one_finding_the_first_problem() -> None:
    # White space first (it makes the rest unreadable), then the host, then the port.
    value = "https://hooks^acme.com:99999/lp #x"
    [finding] = check(endpoint_json(value), select="invalid-url")
    assert finding.message.endswith("contains white space (U+0020)")
    [host] = check(endpoint_json("https://hooks^acme.com:99999/lp#x"), select="invalid-url")
    assert host.message.endswith("has the character '^' in its host")


# -- quiet ---------------------------------------------------------------------------------------

QUIET = [
    ("endpoint", "https://hooks.acme.com/liveperson/content"),
    ("endpoint", "https://hooks.acme.com:8443/lp?region=eu-west-1&x=1"),
    ("endpoint", "https://hooks.acme.com/"),
    ("endpoint", "https://hooks.acme.com"),
    ("endpoint", "https://[2001:db8:85a3::8a2e:370:7334]:8443/lp"),
    ("endpoint", "https://[2001:DB8::1]/lp"),
    ("endpoint", "https://bücher.example/x"),
    ("endpoint", "https://xn--bcher-kva.example/x"),
    ("endpoint", "https://hooks.acme.com/lp?next=/a/b?c"),
    ("endpoint", "https://hooks.acme.com/caf%C3%A9/%7Eops"),
    ("endpoint", "https://hooks.acme.com:443/lp/"),
    ("endpoint", "https://hooks-eu.acme.co.uk/lp;v=2"),
    ("redirect", "https://app.acme.com/oauth/callback?state=1"),
    ("redirect", "com.acme.app:/oauth2redirect"),
    ("redirect", "msauth.com.acme.app://auth"),
    ("redirect", "http://localhost:8080/cb"),
    ("redirect", "http://[::1]:8080/cb"),
    ("redirect", "https://bücher.example/cb/"),
    ("entry", "https://app.acme.com/launch#/home"),
    ("entry", "https://app.acme.com:8443/"),
    ("entry", "https://[2001:db8::1]/launch"),
    ("entry", "HTTPS://app.acme.com/launch"),
    ("entry", ""),
    ("logo", "/src/modules/campaigns/assets/img/software/Mobile-App.png"),
    ("logo", "logo.png"),
    ("logo", ""),
    ("logo", "https://img.icons8.com/cotton/64/000000/domain.png"),
    ("logo", "//cdn.acme.com/brand/logo.png"),
    ("logo", "https://cdn.acme.com/logo.png#v2"),
    ("logo", "data:image/png;base64,iVBORw0KGgo="),
]


@pytest.mark.parametrize("format", ["json", "yaml"])
@pytest.mark.parametrize(("field", "value"), QUIET, ids=[f"{f}-{v!r}" for f, v in QUIET])
def test_good_urls_are_quiet(field: str, value: str, format: str) -> None:
    _, as_json, as_yaml, _, _ = FIELDS[field]
    text = as_json(value) if format == "json" else as_yaml("'" + value + "'")
    findings = check(text, format)
    assert [f for f in findings if f.name in URL_RULES or f.code.startswith("LPM1")] == []


# Left to another finding: template text (placeholder-value), the wrong type (wrong-type),
# and an endpoint that does not start with https:// (the schema's invalid-format).
LEFT_TO_OTHERS = [
    # (The template's http:// is insecure-redirect-uri's warning, as before: the scheme
    # is not template text.)
    (
        "redirect",
        "http://{YOUR_APPLICATION_DOMAIN}/{CALLBACK_PATH}",
        {"placeholder-value", "insecure-redirect-uri"},
    ),
    ("entry", "https://{YOUR_APPLICATION_DOMAIN}/appentry", {"placeholder-value"}),
    ("entry", "http://{YOUR_APPLICATION_DOMAIN}/appentry", {"placeholder-value"}),
    ("endpoint", "https://your/webhooks/endpoint", {"placeholder-value"}),
    ("endpoint", "https://<your host>/lp#x", {"placeholder-value"}),
    ("logo", "https://${CDN_HOST}/logo 70.png", {"placeholder-value"}),
    ("endpoint", "http://hooks.acme.com/lp", {"invalid-format"}),
    # (An upper-case scheme is one finding, with its fix; what else is wrong comes after it.)
    ("endpoint", "HTTPS://hooks.acme.com:99999/lp#x", {"invalid-format"}),
    ("endpoint", " https://hooks.acme.com/lp", {"invalid-format"}),
    ("endpoint", "hooks.acme.com/lp", {"invalid-format"}),
    ("endpoint", "ftp://hooks.acme.com:99999/lp#x", {"invalid-format"}),
    ("endpoint", "", {"invalid-format"}),
]


@pytest.mark.parametrize(
    ("field", "value", "expected"), LEFT_TO_OTHERS, ids=[repr(c[1]) for c in LEFT_TO_OTHERS]
)
def test_what_other_findings_report_is_not_reported_twice(
    field: str, value: str, expected: set[str]
) -> None:
    path, as_json, _, _, _ = FIELDS[field]
    findings = check(as_json(value))
    assert {f.name for f in findings} == expected
    assert all(f.path == path for f in findings)


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_values_that_are_not_strings_are_the_schemas(format: str) -> None:
    data = {
        "client_name": "com.acme.app",
        "redirect_uris": [5, None, ["https://a.acme.com/cb#x"]],
        "entry_uri": True,
        "logo_uri": {"href": "a b"},
        "capabilities": {"webhooks": {CONTENT[-1]: {"endpoint": 443}}},
    }
    text = dump_json(data) if format == "json" else dump_yaml(data)
    findings = check(text, format)
    assert {f.name for f in findings} == {"wrong-type"}
    assert len(findings) == 6


def test_docs_examples_get_no_url_finding() -> None:
    """LivePerson's examples carry template URLs: placeholder-value's, nobody else's."""
    for path in sorted(DOCS_EXAMPLES.glob("*.json")):
        findings = check(path.read_text(encoding="utf-8"))
        assert [f for f in findings if f.name in URL_RULES] == [], path.name
        placeholders = {f.path for f in findings if f.name == "placeholder-value"}
        for key in ("entry_uri", "redirect_uris"):
            if key in json.loads(path.read_text(encoding="utf-8")):
                assert any(p[0] == key for p in placeholders), (path.name, key)


def test_rules_command_prints_the_documentation() -> None:
    for query, header in (
        ("invalid-url", "# invalid-url (LPM205)\n\nDefault severity: error."),
        ("LPM205", "# invalid-url (LPM205)\n\nDefault severity: error."),
        ("insecure-entry-uri", "# insecure-entry-uri (LPM315)\n\nDefault severity: warning."),
    ):
        result = run_cli("rules", query)
        assert result.code == 0
        assert result.out.startswith(header), result.out[:200]
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert section in result.out
    rows = [line.split(None, 3)[:3] for line in run_cli("rules").out.splitlines()]
    assert ["LPM205", "invalid-url", "error"] in rows
    assert ["LPM315", "insecure-entry-uri", "warning"] in rows


# -- no text makes them raise, and every finding has its place -----------------------------------

_URL_PIECES = st.sampled_from(
    ["https://", "HTTPS://", "http://", "javascript:", "data:", "ftp://", "//", "/", "", "com.x:/"]
)
_URL_TEXT = st.text(
    st.sampled_from(list("aZ09-._~:/?#[]@!$&'()*+,;=%{}<> \t\n\u00a0\u200b\u202eüé\\\"")),
    max_size=30,
)
_ANY_URL = st.one_of(st.text(max_size=40), st.builds(str.__add__, _URL_PIECES, _URL_TEXT))
_PATHS = [ENDPOINT, ("redirect_uris", 0), ("entry_uri",), ("logo_uri",)]


def _manifest(path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    data: dict[str, Any] = {"client_name": "com.acme.app"}
    if path == ENDPOINT:
        data["capabilities"] = {"webhooks": {CONTENT[-1]: {"endpoint": value}}}
    elif path[0] == "redirect_uris":
        data["redirect_uris"] = [value]
    else:
        data[str(path[0])] = value
    return data


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PATHS), _ANY_URL, st.booleans())
def test_any_text_in_a_url_field_is_reported_in_place(
    path: tuple[str | int, ...], value: str, as_yaml: bool
) -> None:
    data = _manifest(path, value)
    text = dump_yaml(data) if as_yaml else dump_json(data)
    doc = load_text(text, "m.yaml" if as_yaml else "m.json")
    for finding in Checker(rules=LINT_RULES).check(doc):
        assert finding.span.line >= 1 and finding.span.column >= 1, finding
        assert finding.path == path, finding
        assert finding.help, finding


# -- the schema says what is checked, with no keyword stricter than the checks ----------------


def test_schema_descriptions_say_what_is_checked() -> None:
    from lpmanifest.schema import load_schema

    schema = load_schema()
    props = schema["properties"]
    endpoint = schema["$defs"]["webhook"]["properties"]["endpoint"]
    fields = {
        "endpoint": (endpoint, {"title", "description", "type", "pattern"}),
        "redirect_uris": (
            props["redirect_uris"]["items"],
            {"title", "description", "type", "maxLength"},
        ),
        "entry_uri": (props["entry_uri"], {"title", "description", "type", "maxLength"}),
        "logo_uri": (props["logo_uri"], {"title", "description", "type", "maxLength", "format"}),
    }
    for name, (prop, keywords) in fields.items():
        assert set(prop) == keywords, name  # no new keyword for other validators to apply
    assert endpoint["pattern"] == "^https://"
    assert "including query parameters" in endpoint["description"]
    assert "no fragment" in endpoint["description"] and "1 to 65535" in endpoint["description"]
    assert "RFC 6749" in props["redirect_uris"]["description"]
    assert "javascript:" in props["redirect_uris"]["description"]
    assert "without a fragment" in props["redirect_uris"]["items"]["description"]
    assert "absolute https:// URL" in props["entry_uri"]["description"]
    assert "without white space" in props["logo_uri"]["description"]
    assert "relative path is accepted" in props["logo_uri"]["description"]
