"""Screens: a shared, cheap test that tells the checker a document holds nothing for some
rules (`trigger(unless=...)`), and the quick tests inside rules that stand in for slow ones.
Each is held to the slow answer it replaces."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from lpmanifest.check import trigger as trigger_module
from lpmanifest.check.checker import Checker
from lpmanifest.check.context import Context
from lpmanifest.check.discovery import display_path, expand_paths
from lpmanifest.check.trigger import Plans, trigger
from lpmanifest.findings.model import RuleInfo, Severity
from lpmanifest.output.serialize import dump_json
from lpmanifest.rules import (
    LINT_RULES,
    dev_tunnel_endpoint,
    duplicate_header,
    header_injection,
    insecure_entry_uri,
    insecure_redirect_uri,
    invalid_url,
    reserved_header,
)
from lpmanifest.rules._helpers import host_of, ordinary_headers, parsed_host
from lpmanifest.rules._placeholders import (
    _SAMPLE_REVERSE_DNS,
    _SAMPLE_TEXT,
    SAMPLE_WORDS,
    _could_be_sample_name,
    any_could_hold,
    could_hold,
)
from lpmanifest.rules._urls import LOCAL_SUFFIXES, TUNNEL_SUFFIXES, ordinary_urls
from lpmanifest.source.read import load_text

URL_RULES = (invalid_url, dev_tunnel_endpoint, insecure_redirect_uri, insecure_entry_uri)


def test_a_screen_is_asked_once_a_document_and_skips_only_its_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trigger_module, "CHECKING", False)  # skipped rules would run too
    asked: list[str] = []

    def quiet(context: Context) -> bool:
        asked.append(context.file)
        return "quiet" in context.data

    rules = [
        (trigger(unless=quiet), "A"),
        (trigger(keys=("x",), unless=quiet), "B"),
        (trigger(), "C"),
    ]
    plans = Plans(rules)
    quiet_doc = load_text('{"quiet": 1, "x": 1}', "q.json")
    loud_doc = load_text('{"loud": 1, "x": 1}', "l.json")
    assert plans.runs(quiet_doc, Context(quiet_doc)) == ("C",)
    assert plans.runs(loud_doc, Context(loud_doc)) == ("A", "B", "C")
    assert asked == ["q.json", "l.json"]  # once each, though two rules share it
    # Without a context to ask, a screen lets its rules run.
    assert plans.runs(quiet_doc) == ("A", "B", "C")


def test_a_wrong_screen_fails_loudly_where_the_suite_checks() -> None:
    info = RuleInfo("T010", "rule-t010", Severity.WARNING, "a test rule", "")

    class Wrong:
        def __init__(self) -> None:
            self.info = info
            self.trigger = trigger(unless=lambda context: True)

        def check(self, context: Context) -> Any:
            yield info.finding(context.file, (1, 1, 1, 1), (), "found")  # type: ignore[arg-type]

    with pytest.raises(AssertionError, match=r"the trigger of rule-t010 skipped m\.json"):
        Checker(rules=[Wrong()]).check(load_text('{"a": 1}', "m.json"))


# -- ordinary URLs: the URL rules' screen ------------------------------------------------------

_HOSTS = st.one_of(
    st.from_regex(r"[a-z0-9-]{1,8}(\.[a-z0-9-]{1,8}){0,3}\.[a-z]{2,6}", fullmatch=True),
    st.builds(
        str.__add__,
        st.from_regex(r"[a-z0-9-]{0,8}", fullmatch=True),
        st.sampled_from([*TUNNEL_SUFFIXES, *LOCAL_SUFFIXES, ".com", ".io", ""]),
    ),
    st.sampled_from(["localhost", "127.0.0.1", "10.0.0.1", "[::1]", "Example.COM", "a..b.com"]),
)
_ANY_URLS = st.builds(
    lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
    st.sampled_from(["https://", "http://", "HTTPS://", "", "ftp://", " https://"]),
    _HOSTS,
    st.sampled_from(["", "", ":443", ":99999", "@"]),
    st.one_of(
        st.from_regex(r"(/[A-Za-z0-9._~%?#@:!$&'()*+,;= -]{0,12}){0,2}", fullmatch=True),
        st.sampled_from(["", "/x\nhttps://b.com", "/\t", "/#frag"]),
    ),
)
# Most of them near the ordinary form, or no document would have only ordinary URLs.
_URLS = st.one_of(
    st.builds(
        str.__add__,
        st.builds(str.__add__, st.just("https://"), _HOSTS),
        st.from_regex(r"(/[A-Za-z0-9._~!$&'()*+,;=:@-]{0,10}){0,2}", fullmatch=True),
    ),
    _ANY_URLS,
)


def _manifest(
    endpoints: list[str], redirects: list[str], entry: str | None, logo: str | None
) -> Any:
    hooks = {
        f"ms.MessagingEventNotification.Event{index}": {"endpoint": url}
        for index, url in enumerate(endpoints)
    }
    data = {"client_name": "com.acme.app", "capabilities": {"webhooks": hooks}}
    data["redirect_uris"] = redirects
    for key, value in (("entry_uri", entry), ("logo_uri", logo)):
        if value is not None:
            data[key] = value
    return data


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_URLS, max_size=3),
    st.lists(_URLS, max_size=2),
    st.none() | _URLS,
    st.none() | _URLS,
)
def test_where_every_url_is_ordinary_no_url_rule_finds_anything(
    endpoints: list[str], redirects: list[str], entry: str | None, logo: str | None
) -> None:
    doc = load_text(dump_json(_manifest(endpoints, redirects, entry, logo)), "m.json")
    context = Context(doc)
    if ordinary_urls(context):
        for rule in URL_RULES:
            assert list(rule.check(context)) == [], rule.INFO.name
    # And the whole registry, with every skip checked (conftest sets LPMANIFEST_CHECK_TRIGGERS).
    Checker(rules=LINT_RULES).check(doc)


def test_the_property_draws_documents_whose_urls_are_all_ordinary() -> None:
    # A screen that the property above never saw say yes would prove nothing.
    def ordinary(urls: list[str]) -> bool:
        doc = load_text(dump_json(_manifest(urls[:3], urls[3:], None, None)), "m.json")
        return len(urls) >= 4 and ordinary_urls(Context(doc))

    found = find(st.lists(_URLS, max_size=5), ordinary, settings=settings(max_examples=2000))
    assert len(found) >= 4


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        (["https://hooks.acme.com/lp/content", "https://cdn.acme.com/logo.png"], True),
        (["https://hooks.acme.com"], True),
        (["https://hooks.acme.com/a\nhttps://b.com"], False),  # one value, two lines
        (["http://hooks.acme.com/x"], False),
        (["https://Hooks.acme.com/x"], False),
        (["https://hooks.acme.com:8443/x"], False),
        (["https://abc.ngrok.io/x"], False),
        (["https://printer.local/x"], False),
        (["https://hooks.acme.com/x?y=1"], False),
        (["https://hooks.acme.com/x#y"], False),
        (["https://10.0.0.1/x"], False),
    ],
)
def test_ordinary_urls(urls: list[str], expected: bool) -> None:
    doc = load_text(dump_json(_manifest(urls, [], "https://app.acme.com", "")), "m.json")
    doc.data["logo_uri"] = "https://cdn.acme.com/logo.png"
    assert ordinary_urls(Context(doc)) is expected


# -- ordinary headers: the header rules' screen -----------------------------------------------

HEADER_RULES = (header_injection, reserved_header, duplicate_header)
_NAMES = st.one_of(
    st.from_regex(r"X-[A-Za-z0-9-]{1,8}", fullmatch=True),
    st.sampled_from(["X-Acme", "x-acme", "X-LivePerson-Id", "x-liveperson-", "", " X-A", "a\nb"]),
    st.text(alphabet="aA0-_: \t\r\n\u00e9", max_size=6),
    st.integers(),
)
_VALUES = st.one_of(
    st.text(alphabet="az09 -_/", max_size=8), st.sampled_from(["a\r\nb", "\t", "\x7f"]), st.none()
)
_HEADERS = st.lists(
    st.lists(st.fixed_dictionaries({"header_name": _NAMES, "header_value": _VALUES}), max_size=4),
    max_size=3,
)


@settings(max_examples=400, deadline=None)
@given(_HEADERS)
def test_where_every_header_is_ordinary_no_header_rule_finds_anything(
    webhooks: list[list[dict[str, Any]]],
) -> None:
    hooks = {
        f"ms.MessagingEventNotification.Event{index}": {"endpoint": "https://a.com", "headers": h}
        for index, h in enumerate(webhooks)
    }
    data = {"client_name": "com.acme.app", "capabilities": {"webhooks": hooks}}
    doc = load_text(dump_json(data), "m.json")
    context = Context(doc)
    if ordinary_headers(context):
        for rule in HEADER_RULES:
            assert list(rule.check(context)) == [], rule.INFO.name
    Checker(rules=LINT_RULES).check(doc)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["X-Acme-Region", "X-Acme-Tenant"], True),
        (["X-Acme", "x-acme"], False),  # the same name twice, in two cases
        (["X-LivePerson-Id"], False),
        (["X Acme"], False),
        (["X-Acme\nX-Other"], False),  # one name, two lines
        (["X-A\nX-A"], False),
    ],
)
def test_ordinary_headers(names: list[str], expected: bool) -> None:
    headers = [{"header_name": name, "header_value": "v"} for name in names]
    hook = {"endpoint": "https://a.com", "headers": headers}
    data = {"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": hook}}}
    assert ordinary_headers(Context(load_text(dump_json(data), "m.json"))) is expected


# -- sample names: a quick word test before the patterns -------------------------------------


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=30),
        st.builds(
            " ".join,
            st.lists(
                st.one_of(
                    st.sampled_from([*SAMPLE_WORDS, "first", "this", "is", "a", "short", "com."]),
                    st.sampled_from(
                        ["YOUR", "\u017fample", "EXAMPLE", "App\u017f", "\uff21\uff30\uff30", "My"]
                    ),
                    st.text(alphabet="abcdefKk\u017f\u212a.-_ ", max_size=8),
                ),
                max_size=5,
            ),
        ),
    )
)
def test_a_text_the_sample_name_patterns_match_has_a_sample_word(text: str) -> None:
    if _SAMPLE_TEXT.fullmatch(text) or _SAMPLE_REVERSE_DNS.fullmatch(text):
        assert _could_be_sample_name(text)


def test_strings_of_a_document_are_judged_as_could_hold_judges_each() -> None:
    clean = ["Relays Acme's chat to agents.", "https://hooks.acme.com/x", "msg.consumer"]
    assert not any_could_hold(clean)
    assert not any_could_hold(clean)  # (now from what the first call found clean)
    assert any_could_hold([*clean, "YOUR APP NAME"]) is could_hold("YOUR APP NAME") is True


# -- a folder's files: shown and identified from its listing ---------------------------------


def test_a_searched_file_is_shown_as_display_path_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "work"
    (here / "d" / "e").mkdir(parents=True)
    (here / "d" / "a.json").write_text("{}")
    (here / "d" / "e" / "b.yaml").write_text("{}")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "c.json").write_text("{}")
    monkeypatch.chdir(here)
    for top in ["d", "./d/", "d/e/..", str(here / "d"), str(tmp_path / "other"), "../other", "."]:
        sources = list(expand_paths([top]))
        assert sources, top
        for source in sources:
            assert source.shown == display_path(source.path), (top, source.path)


def test_one_file_under_two_names_in_a_folder_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    os.link(tmp_path / "a.json", tmp_path / "b.json")  # a hard link: the same file
    os.symlink(tmp_path / "a.json", tmp_path / "c.json")
    (tmp_path / "d.json").write_text("{}")
    found = [Path(source.path).name for source in expand_paths([str(tmp_path)])]
    assert found == ["a.json", "d.json"]
    named = expand_paths([str(tmp_path), str(tmp_path / "b.json"), str(tmp_path / "d.json")])
    assert [Path(source.path).name for source in named] == ["a.json", "d.json"]


# -- the host of a URL: a quick reading where it is plain ------------------------------------


@settings(max_examples=2000, deadline=None)
@given(
    st.builds(
        lambda scheme, host, rest: scheme + host + rest,
        st.sampled_from(["http://", "https://", "HTTPS://", "https:/", "", " https://"]),
        st.text(alphabet="ab0.-:@[]9Z%", max_size=10),
        st.text(alphabet="/?#a\n :", max_size=4),
    )
)
def test_the_host_of_a_url_is_the_one_parse_url_finds(url: str) -> None:
    assert host_of(url) == parsed_host(url)
