"""`validate --online`: against real HTTPS servers on 127.0.0.1 with a private CA (trustme),
trusted through SSL_CERT_FILE. Each test asserts the finding, its line and column, and what
the servers received."""

from __future__ import annotations

import json
import os
import socket
import ssl
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lpmanifest.online import probe
from lpmanifest.online.events import signature
from lpmanifest.online.plan import plan
from lpmanifest.online.probe import Limits
from lpmanifest.online.run import Bounds, check_online
from lpmanifest.source.read import load_text

from .lint_support import run_cli
from .online_servers import (
    Authority,
    Route,
    Server,
    png,
    png_bomb,
    serve,
    serve_silent,
    tls11_possible,
)

SECRET = "rl9hacst6kqilbofup64n11ga3"  # the test secret of LivePerson's Connector App Hub
CONTENT = "ms.MessagingEventNotification.ContentEvent"
RICH = "ms.MessagingEventNotification.RichContentEvent"
ACCEPT = "ms.MessagingEventNotification.AcceptStatusEvent"
CHAT_STATE = "ms.MessagingEventNotification.ChatStateEvent"
CONVERSATION = "cqm.ExConversationChangeNotification"


class Servers:
    def __init__(self, directory: Path) -> None:
        self.authority = Authority(directory)
        a = self.authority
        self.good = serve(
            a.context(),
            {
                "/hook": Route(),
                "/hook500": Route(500, b"boom"),
                "/slow": Route(delay=3.0),
                "/redirect": Route(302, b"", location="/hook"),
                "/loop": Route(302, b"", location="/loop"),
                "/logo70.png": Route(body=png(70, 70), content_type="image/png"),
                "/logo64.png": Route(body=png(64, 64), content_type="image/png"),
                "/cookie-logo.png": Route(
                    body=png(70, 70), content_type="image/png", headers={"Set-Cookie": "s=1"}
                ),
                "/page": Route(body=b"<!DOCTYPE html><html><body>hi</body></html>"),
                "/bomb.png": Route(body=png_bomb(), content_type="image/png"),
                "/endless": Route(endless=True, content_type="image/png"),
            },
        )
        self.expired = serve(a.expired(), {"/hook": Route()})
        self.expiring = serve(a.expiring(10), {"/hook": Route()})
        self.other_host = serve(a.other_host(), {"/hook": Route()})
        self.self_signed = serve(a.self_signed(), {"/hook": Route()})
        self.silent = serve_silent()
        self.tls11 = None
        if tls11_possible(a):
            self.tls11 = serve(a.context(max_tls=ssl.TLSVersion.TLSv1_1))
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        self.closed_port = closed.getsockname()[1]
        closed.close()  # nothing listens there now: a connection is refused

    def all(self) -> list[Server]:
        found = [
            self.good,
            self.expired,
            self.expiring,
            self.other_host,
            self.self_signed,
            self.silent,
        ]
        return found + ([self.tls11] if self.tls11 else [])

    def reset(self) -> None:
        for server in self.all():
            server.received.clear()
            server.connections = 0

    def stop(self) -> None:
        for server in self.all():
            server.stop()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    found = Servers(tmp_path_factory.mktemp("ca"))
    yield found
    found.stop()


@pytest.fixture()
def net(servers: Servers, monkeypatch: pytest.MonkeyPatch) -> Servers:
    """The servers, emptied, and their CA trusted (only through SSL_CERT_FILE)."""
    servers.reset()
    monkeypatch.setenv("SSL_CERT_FILE", str(servers.authority.ca_file))
    for name in ("SSL_CERT_DIR", "LP_CLIENT_SECRET", "LP_ACCOUNT_ID", "LP_CLIENT_ID", "CI"):
        monkeypatch.delenv(name, raising=False)
    return servers


def manifest(tmp_path: Path, lines: list[str], name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def at(path: Path, needle: str) -> tuple[int, int]:
    """The 1-based line and column where `needle` starts in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def findings(path: Path, *extra: str, env: dict[str, str | None] | None = None) -> Any:
    """Run validate --online --format json and return (exit code, findings, stderr)."""
    # (The servers are on this machine: dev-tunnel-endpoint would say so of each.)
    run = run_cli(
        "validate", "--online", "--ignore", "dev-tunnel-endpoint", "--format", "json",
        *extra, str(path), env=env,
    )  # fmt: skip
    report = json.loads(run.out)
    found = [
        (f["line"], f["column"], f["name"], f["severity"], f["message"]) for f in report["findings"]
    ]
    return run.code, found, run.err


def names(found: list[Any]) -> list[tuple[int, int, str]]:
    return [(line, column, name) for line, column, name, _, _ in found]


# -- all is well -------------------------------------------------------------------------


def test_a_good_endpoint_and_a_70x70_logo_are_quiet_and_only_the_logo_is_requested(
    net: Servers, tmp_path: Path
) -> None:
    path = manifest(
        tmp_path,
        [
            "client_name: com.acme.app",
            f"logo_uri: {net.good.url('/logo70.png')}",
            f"entry_uri: {net.good.url('/launch')}",
            "capabilities:",
            "  webhooks:",
            f"    {CONTENT}:",
            f"      endpoint: {net.good.url('/hook')}",
        ],
    )
    code, found, _ = findings(path)
    assert (code, found) == (0, [])
    # The endpoint and the entry URI: a TLS handshake, nothing sent (no request).
    assert [(r.method, r.path) for r in net.good.received] == [("GET", "/logo70.png")]
    assert net.good.connections == 2  # one host check (shared), one GET


# -- one run, every kind of endpoint, every finding at its key --------------------------


def test_every_finding_is_at_its_keys_line_and_the_run_is_bounded_by_one_timeout(
    net: Servers, tmp_path: Path
) -> None:
    lines = [
        "client_name: com.acme.app",
        f"logo_uri: {net.good.url('/logo64.png')}",
        "capabilities:",
        "  webhooks:",
        f"    {CONTENT}:",
        f"      endpoint: {net.expired.url('/hook')}",
        f"    {RICH}:",
        f"      endpoint: {net.other_host.url('/hook')}",
        f"    {ACCEPT}:",
        f"      endpoint: {net.self_signed.url('/hook')}",
        f"    {CHAT_STATE}:",
        f"      endpoint: https://127.0.0.1:{net.silent.port}/hook",
        f"    {CONVERSATION}:",
        f"      endpoint: {net.expiring.url('/hook')}",
        "redirect_uris:",
        f"  - https://127.0.0.1:{net.closed_port}/callback",
        "  - https://no-such-host.invalid/callback",
        "  - http://127.0.0.1:8765/callback",  # a native app's loopback redirect: not contacted
        "  - com.acme.app:/oauth",  # a custom scheme: not contacted
    ]
    if net.tls11 is not None:
        lines.append(f"entry_uri: {net.tls11.url('/launch')}")
    path = manifest(tmp_path, lines)
    started = time.monotonic()
    code, found, _ = findings(path)
    elapsed = time.monotonic() - started
    expected = [
        (*at(path, net.good.url("/logo64.png")), "logo-not-70x70"),
        (*at(path, net.expired.url("/hook")), "tls-certificate-invalid"),
        (*at(path, net.other_host.url("/hook")), "tls-certificate-invalid"),
        (*at(path, net.self_signed.url("/hook")), "tls-certificate-invalid"),
        (*at(path, f"https://127.0.0.1:{net.silent.port}/hook"), "endpoint-timeout"),
        (*at(path, net.expiring.url("/hook")), "tls-certificate-expiring"),
        (*at(path, f"https://127.0.0.1:{net.closed_port}/"), "endpoint-unreachable"),
        (*at(path, "https://no-such-host.invalid"), "endpoint-unreachable"),
    ]
    if net.tls11 is not None:
        expected.append((*at(path, net.tls11.url("/launch")), "tls-version-too-old"))
    # Columns: where each value starts (the URL, after "endpoint: " or "- ").
    expected = [(line, column, name) for line, column, name in expected]
    assert sorted(names(found)) == sorted(expected)
    assert code == 1
    messages = {
        name: message for _, _, name, _, message in found if name != "tls-certificate-invalid"
    }
    invalid = sorted(m for _, _, n, _, m in found if n == "tls-certificate-invalid")
    assert invalid == [
        "webhook endpoint: the certificate of 127.0.0.1 does not verify: IP address mismatch, "
        "certificate is not valid for '127.0.0.1'.",
        "webhook endpoint: the certificate of 127.0.0.1 does not verify: certificate has expired",
        "webhook endpoint: the certificate of 127.0.0.1 does not verify: self-signed certificate",
    ]
    assert messages["logo-not-70x70"] == (
        "the logo is 64x64 pixels (PNG); LivePerson's parameter table says it must be "
        "exactly 70x70 pixels"
    )
    assert messages["endpoint-timeout"] == (
        "webhook endpoint: 127.0.0.1 did not complete a TLS handshake within 5 s "
        "(LivePerson gives up after 5 s)"
    )
    assert messages["tls-certificate-expiring"].startswith(
        "webhook endpoint: the certificate of 127.0.0.1 expires on "
    )
    assert messages["tls-certificate-expiring"].endswith(", in 10 days")
    severity = {name: level for _, _, name, level, _ in found}
    assert severity["tls-certificate-expiring"] == "warning"
    assert severity["endpoint-timeout"] == "error"
    # The hanging endpoint costs one timeout (5 s), not the sum of the checks.
    assert elapsed < 9, elapsed
    # Nothing but handshakes went to the endpoints: not one HTTP request.
    for server in (net.expired, net.other_host, net.self_signed, net.expiring):
        assert server.received == [] and server.connections == 1


def test_five_hanging_endpoints_take_one_timeout(net: Servers, tmp_path: Path) -> None:
    silent = [serve_silent() for _ in range(4)] + [net.silent]
    try:
        plans = []
        for index, server in enumerate(silent):
            text = (
                f'{{"client_name": "com.acme.app{index}", "capabilities": {{"webhooks": '
                f'{{"{CONTENT}": {{"endpoint": "https://127.0.0.1:{server.port}/x"}}}}}}}}'
            )
            plans.append(plan(load_text(text, f"m{index}.json")))
        started = time.monotonic()
        found = check_online(plans, limits=Limits(connect=1.0, read=1.0))
        elapsed = time.monotonic() - started
    finally:
        for server in silent[:4]:
            server.stop()
    assert [[f.name for f in each] for each in found] == [["endpoint-timeout"]] * 5
    assert elapsed < 2.5, elapsed  # one timeout of 1 s (and the loop's start), not five


def test_the_whole_run_is_bounded(net: Servers, tmp_path: Path) -> None:
    text = (
        f'{{"client_name": "com.acme.app", "capabilities": {{"webhooks": {{"{CONTENT}": '
        f'{{"endpoint": "https://127.0.0.1:{net.silent.port}/x"}}}}}}}}'
    )
    started = time.monotonic()
    [found] = check_online([plan(load_text(text, "m.json"))], bounds=Bounds(per_url=30, run=0.5))
    assert time.monotonic() - started < 2
    assert [(f.name, f.message) for f in found] == [
        (
            "endpoint-timeout",
            "webhook endpoint: no verdict within 0.5 s, the bound for the whole run",
        )
    ]


# -- the logo ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "name", "message"),
    [
        (
            "/logo64.png",
            "logo-not-70x70",
            "the logo is 64x64 pixels (PNG); LivePerson's parameter table says it must be "
            "exactly 70x70 pixels",
        ),
        ("/page", "logo-not-an-image", "logo_uri answered with an HTML page"),
        ("/missing.png", "logo-not-an-image", "logo_uri answered HTTP 404, not an image"),
        (
            "/bomb.png",
            "logo-not-70x70",
            "the logo's header declares more than 10,000,000 pixels (a decompression bomb?); "
            "it was refused without decoding; a logo must be exactly 70x70 pixels",
        ),
        (
            "/endless",
            "logo-not-an-image",
            "logo_uri answered with more than 1,048,576 bytes; reading stopped there (a 70x70 "
            "logo is a few kilobytes)",
        ),
        (
            "/loop",
            "endpoint-unreachable",
            "logo_uri redirects more than 3 times (a redirect loop?)",
        ),
    ],
)
def test_the_logo(net: Servers, tmp_path: Path, route: str, name: str, message: str) -> None:
    path = manifest(tmp_path, ["client_name: com.acme.app", f"logo_uri: {net.good.url(route)}"])
    code, found, _ = findings(path)
    assert found == [(2, 11, name, "error", message)]
    assert code == 1
    gets = net.good.requests_to(route)
    assert len(gets) == (4 if route == "/loop" else 1)  # a loop: the first and 3 redirects


def test_a_decompression_bomb_is_never_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFile

    def refuse(*_: object) -> None:
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    assert [p.rule.name for p in probe.image_problems(png_bomb(), Limits())] == ["logo-not-70x70"]
    assert probe.image_problems(png(70, 70), Limits()) == []


# -- sample notifications ------------------------------------------------------------------


def _events_manifest(net: Servers, tmp_path: Path) -> Path:
    return manifest(
        tmp_path,
        [
            "client_name: com.acme.app",
            "capabilities:",
            "  webhooks:",
            f"    {CONTENT}:",
            f"      endpoint: {net.good.url('/hook')}",
            "      headers:",
            "        - header_name: X-Acme-Route",
            "          header_value: support",
            f"    {CONVERSATION}:",
            f"      endpoint: {net.good.url('/hook500')}",
            f"    {CHAT_STATE}:",
            f"      endpoint: {net.good.url('/slow')}",
            f"    {ACCEPT}:",
            f"      endpoint: {net.good.url('/redirect')}",
        ],
    )


def test_sample_notifications_are_signed_and_judged(net: Servers, tmp_path: Path) -> None:
    path = _events_manifest(net, tmp_path)
    env = {"LP_CLIENT_SECRET": SECRET, "LP_ACCOUNT_ID": "42257269"}
    code, found, stderr = findings(
        path, "--send-test-events", "--client-id", "81fad476-88af", env=env
    )
    assert code == 1
    assert names(found) == [
        (*at(path, net.good.url("/hook500")), "endpoint-rejected-test-event"),
        (*at(path, net.good.url("/slow")), "endpoint-slow"),
        (*at(path, net.good.url("/redirect")), "endpoint-rejected-test-event"),
    ]
    messages = [message for *_, message in found]
    assert messages[0] == (
        f"{CONVERSATION}: the endpoint answered 500 Internal Server Error to a sample "
        "notification; LivePerson counts only 200 or 201 as delivered"
    )
    assert messages[1].startswith(f"{CHAT_STATE}: the endpoint took 3.")
    assert messages[2].startswith(f"{ACCEPT}: the endpoint answered 302 Found")
    assert "LP_CLIENT_SECRET" not in stderr
    # What the endpoint received: LivePerson's headers, the manifest's, a signed body.
    [content] = net.good.requests_to("/hook")  # the redirect is not followed
    assert content.method == "POST"
    assert content.headers["x-liveperson-signature"] == signature(SECRET, content.body)
    assert content.headers["x-liveperson-account-id"] == "42257269"
    assert content.headers["x-liveperson-client-id"] == "81fad476-88af"
    assert content.headers["x-acme-route"] == "support"
    assert content.headers["content-type"] == "application/json"
    assert "cookie" not in content.headers and "authorization" not in content.headers
    body = json.loads(content.body)
    assert body["type"] == "ms.MessagingEventNotification"
    assert body["body"]["changes"][0]["event"]["type"] == "ContentEvent"
    assert body["lpmanifestTest"] is True
    [closed] = net.good.requests_to("/hook500")
    assert json.loads(closed.body)["type"] == CONVERSATION
    assert len(net.good.requests_to("/slow")) == len(net.good.requests_to("/redirect")) == 1
    # The secret itself: in no byte that any server received.
    for server in net.all():
        for request in server.received:
            assert SECRET.encode() not in request.raw


def test_without_the_secret_the_notifications_go_unsigned_and_it_is_said(
    net: Servers, tmp_path: Path
) -> None:
    path = manifest(
        tmp_path,
        [
            "client_name: com.acme.app",
            "capabilities:",
            "  webhooks:",
            f"    {CONTENT}:",
            f"      endpoint: {net.good.url('/hook')}",
        ],
    )
    code, found, stderr = findings(path, "--send-test-events")
    assert (code, found) == (0, [])
    assert "LP_CLIENT_SECRET is not set: the sample notifications are sent unsigned" in stderr
    [content] = net.good.requests_to("/hook")
    assert "x-liveperson-signature" not in content.headers


def test_the_signature_is_livepersons() -> None:
    """The App Hub's test vector: its ChatStateEvent body, secret and signature."""
    body = (
        b'{"kind":"notification","body":{"changes":[{"originatorId":"2969e404f3be1c8cdda63f0b'
        b'72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","originatorMetadata":{"id":"2969e404f3be1c'
        b'8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","role":"CONSUMER"},"event":{"typ'
        b'e":"ChatStateEvent","chatState":"PAUSE"},"conversationId":"b8b83fe9-75f0-46f2-baaa-2'
        b'930f7192cfb","dialogId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb"}]},"type":"ms.Messag'
        b'ingEventNotification"}'
    )
    assert signature(SECRET, body) == "sha1=e/TfS0wv1HbvEsMqcBMmFLcMslI="


# -- once per run, cookies, jobs -------------------------------------------------------------


def test_each_url_is_contacted_once_per_run_and_no_cookie_is_kept(
    net: Servers, tmp_path: Path
) -> None:
    lines = [
        "client_name: com.acme.app{}",
        f"logo_uri: {net.good.url('/cookie-logo.png')}",
        "capabilities:",
        "  webhooks:",
        f"    {CONTENT}:",
        f"      endpoint: {net.good.url('/hook')}",
    ]
    paths = []
    for index in range(3):
        paths.append(
            manifest(tmp_path, [lines[0].format(index), *lines[1:]], name=f"m{index}.yaml")
        )
    run = run_cli("validate", "--online", "--send-test-events", *map(str, paths))
    assert run.code == 0, run.out
    assert len(net.good.requests_to("/cookie-logo.png")) == 1
    assert len(net.good.requests_to("/hook")) == 1
    assert all("cookie" not in request.headers for request in net.good.received)


def test_online_with_jobs_reports_what_one_process_does(net: Servers, tmp_path: Path) -> None:
    paths = [
        manifest(
            tmp_path,
            ["client_name: com.acme.a", f"logo_uri: {net.good.url('/logo64.png')}"],
            "a.yaml",
        ),
        manifest(
            tmp_path, ["client_name: com.acme.b", f"logo_uri: {net.good.url('/page')}"], "b.yaml"
        ),
    ]
    one = run_cli("validate", "--online", "--jobs", "1", *map(str, paths))
    two = run_cli("validate", "--online", "--jobs", "2", *map(str, paths))
    assert one.code == two.code == 1
    assert one.out == two.out
    assert "2:11: error LPM508 (logo-not-70x70)" in one.out
    assert "2:11: error LPM509 (logo-not-an-image)" in one.out


# -- like every other rule: formats, selection, severities, suppressions ----------------------


def test_online_findings_in_every_format(net: Servers, tmp_path: Path) -> None:
    path = manifest(
        tmp_path, ["client_name: com.acme.app", f"logo_uri: {net.good.url('/logo64.png')}"]
    )
    github = run_cli("validate", "--online", "--format", "github", str(path))
    assert f"::error file={path},line=2,col=11" in github.out
    assert "title=LPM508 logo-not-70x70::the logo is 64x64 pixels" in github.out
    sarif = json.loads(run_cli("validate", "--online", "--format", "sarif", str(path)).out)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "LPM508"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    junit = run_cli("validate", "--online", "--format", "junit", str(path)).out
    assert "LPM508" in junit and "logo-not-70x70" in junit and ":2:11" in junit
    text = run_cli("validate", "--online", str(path)).out
    assert f"{path}:2:11: error LPM508 (logo-not-70x70) the logo is 64x64 pixels" in text


def test_online_rules_are_selected_configured_and_suppressed(net: Servers, tmp_path: Path) -> None:
    logo = net.good.url("/logo64.png")
    path = manifest(tmp_path, ["client_name: com.acme.app", f"logo_uri: {logo}"])
    assert findings(path, "--ignore", "logo-not-70x70")[:2] == (0, [])
    code, found, _ = findings(path, "--select", "LPM508")
    assert (code, names(found)) == (1, [(2, 11, "logo-not-70x70")])
    config = tmp_path / "lpmanifest.toml"
    config.write_text('[tool.lpmanifest.severity]\nlogo-not-70x70 = "warning"\n')
    code, found, _ = findings(path, "--config", str(config))
    assert code == 0 and [level for *_, level, _ in found] == ["warning"]
    quiet = manifest(
        tmp_path,
        ["client_name: com.acme.app", f"logo_uri: {logo}  # lpmanifest: ignore[logo-not-70x70]"],
        name="quiet.yaml",
    )
    assert findings(quiet)[:2] == (0, [])


# -- trust, usage, and nothing without --online ----------------------------------------------


def test_the_private_ca_is_not_trusted_without_ssl_cert_file(
    net: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE")
    path = manifest(tmp_path, ["client_name: com.acme.app", f"entry_uri: {net.good.url('/x')}"])
    code, found, _ = findings(path)
    assert code == 1
    assert found == [
        (
            2,
            12,
            "tls-certificate-invalid",
            "error",
            "entry_uri: the certificate of 127.0.0.1 does not verify: unable to get local "
            "issuer certificate",
        )
    ]


def test_a_bad_ssl_cert_file_is_a_usage_error(
    net: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    path = manifest(tmp_path, ["client_name: com.acme.app", f"entry_uri: {net.good.url('/x')}"])
    run = run_cli("validate", "--online", str(path))
    assert run.code == 2
    assert (
        f"SSL_CERT_FILE names {tmp_path / 'missing.pem'}, which is not a readable file" in run.err
    )
    assert net.good.connections == 0


def test_usage_errors(net: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = manifest(tmp_path, ["client_name: com.acme.app"])
    run = run_cli("validate", "--send-test-events", str(path))
    assert (run.code, run.err) == (2, "lpmanifest: error: --send-test-events needs --online\n")
    run = run_cli("validate", "--online", "--fix", str(path))
    assert run.code == 2 and "--online cannot be combined with --fix or --diff" in run.err
    from lpmanifest import extras

    monkeypatch.setattr(extras, "importable", lambda module: module != "PIL")
    run = run_cli("validate", "--online", str(path))
    assert run.code == 2
    assert run.err == (
        "lpmanifest: error: --online needs Pillow, which is not installed; install it "
        "with: pip install 'lpmanifest[online]'\n"
    )


def test_without_online_nothing_is_contacted(
    net: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _events_manifest(net, tmp_path)
    opened: list[object] = []
    real_connect = socket.socket.connect

    def record(self: socket.socket, address: object) -> None:
        opened.append(address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", record)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: opened.append(a) or [])
    run = run_cli("validate", str(path))
    assert run.code == 0, run.out
    assert opened == []
    assert all(server.connections == 0 and server.received == [] for server in net.all())


def test_the_progress_display_is_shown_on_a_terminal_only(net: Servers, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    path = manifest(
        tmp_path,
        [
            "client_name: com.acme.app",
            "capabilities:",
            "  webhooks:",
            f"    {CONTENT}:",
            f"      endpoint: https://127.0.0.1:{net.silent.port}/hook",
        ],
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "lpmanifest", "validate", "--online", str(path)],
        env={**env, "SSL_CERT_FILE": str(net.authority.ca_file), "COLUMNS": "100"},
        timeout=20,
        encoding="utf-8",
    )
    child.expect("checking 1 URL online")
    child.expect("endpoint-timeout")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    # Not a terminal (this process's captured stderr): no progress at all.
    logo = manifest(
        tmp_path,
        ["client_name: com.acme.app", f"logo_uri: {net.good.url('/logo70.png')}"],
        "l.yaml",
    )
    code, found, stderr = findings(logo)
    assert (code, found, stderr) == (0, [], "")
    assert net.good.requests_to("/logo70.png")  # it did check, silently
