"""One contact with the network at a time: a host's connection and certificate, a logo, a
sample notification. Each returns what it learnt as `Problem`s (none: all is well) and never
raises for anything the network does; each is bounded by LivePerson's own timeouts and by a
cap on what it reads.

Host checks use the standard library's asyncio streams, since they must see the connection
itself (which address answered, the TLS version, the certificate) and send nothing over it.
Requests use httpx: redirects, timeouts and streamed bodies with a cap, and nothing sent but
what is asked for (no cookies are kept, no `.netrc` or proxy settings read, no credentials).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import io
import math
import os
import socket
import ssl
import time
import urllib.parse
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from lpmanifest.findings import online_rules
from lpmanifest.findings.model import RuleInfo
from lpmanifest.findings.wording import inert, plural

if TYPE_CHECKING:
    import httpx


class Limits(NamedTuple):
    """The bounds of every contact, in seconds and bytes (LivePerson's, by default)."""

    connect: float = 5.0  # LivePerson's webhooks: "Connection attempts time out after 5 seconds"
    read: float = 5.0  # "A response delay of over 5 seconds will lead to a read timeout"
    slow: float = 2.5  # "slower than 2.5 seconds ... may be disabled"
    redirects: int = 3
    logo_bytes: int = 1 << 20  # a 70x70 logo is a few kilobytes
    answer_bytes: int = 64 << 10  # what is read of an answer to a sample notification
    expiring_days: int = 30
    bomb_pixels: int = 10_000_000  # declared by an image header: refused, never decoded


class Problem(NamedTuple):
    """What a contact found wrong: the rule, the message, the help."""

    rule: RuleInfo
    message: str
    help: str | None = None


# OpenSSL's reasons for a handshake that failed on the protocol version: the server offers
# only what TLS 1.2 and newer do not include.
_OLD_TLS = frozenset(
    {
        "UNSUPPORTED_PROTOCOL",
        "TLSV1_ALERT_PROTOCOL_VERSION",
        "NO_PROTOCOLS_AVAILABLE",
        "WRONG_SSL_VERSION",
        "VERSION_TOO_LOW",
    }
)

# OpenSSL's verification codes, in the words a user acts on.
_VERIFY_HELP = {
    9: "the certificate is not valid yet: check the server's clock and the certificate's dates",
    10: "renew the certificate (LivePerson refuses an expired one)",
    18: "use a certificate from a public CA; a self-signed one is refused",
    19: "the chain ends in a self-signed CA that is not trusted: use a public CA, or trust "
    "your CA with SSL_CERT_FILE to check it here",
    20: "the server may not send its intermediate certificates, or the CA is not trusted: "
    "serve the full chain; for a corporate CA, set SSL_CERT_FILE",
    21: "serve the full chain (the leaf and its intermediates)",
    62: "use a certificate whose names include the URL's host",
    64: "use a certificate whose addresses include the URL's IP address",
}


def _timeout(what: str, seconds: float) -> Problem:
    return Problem(
        online_rules.ENDPOINT_TIMEOUT,
        f"{what} within {_seconds(seconds)} (LivePerson gives up after {_seconds(seconds)})",
        "make the host reachable from the internet, and answer at once",
    )


def _seconds(value: float) -> str:
    return f"{value:g} s"


async def check_host(
    scheme: str, host: str, port: int, context: ssl.SSLContext, limits: Limits
) -> list[Problem]:
    """Resolve `host`, connect to `port` and, for https, complete a TLS handshake that
    verifies; then close, having sent nothing but the handshake."""
    loop = asyncio.get_running_loop()
    shown = inert(host)
    try:
        addresses = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), limits.connect
        )
    except asyncio.TimeoutError:
        return [_timeout(f"the name {shown} did not resolve", limits.connect)]
    except (socket.gaierror, UnicodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return [
            Problem(
                online_rules.ENDPOINT_UNREACHABLE,
                f"the host {shown} does not resolve ({inert(reason)})",
                "check the host name; it must be in public DNS for LivePerson to reach it",
            )
        ]
    started = loop.time()
    connected: socket.socket | None = None
    failure: OSError | None = None
    for family, kind, protocol, _, address in addresses:
        left = limits.connect - (loop.time() - started)
        if left <= 0:
            break
        candidate = socket.socket(family, kind, protocol)
        candidate.setblocking(False)
        try:
            await asyncio.wait_for(loop.sock_connect(candidate, address), left)
        except asyncio.TimeoutError:
            candidate.close()
            break
        except OSError as error:
            candidate.close()
            failure = error
            continue
        connected = candidate
        break
    if connected is None:
        if failure is None:
            return [_timeout(f"{shown} port {port} did not accept a connection", limits.connect)]
        return [
            Problem(
                online_rules.ENDPOINT_UNREACHABLE,
                f"{shown} port {port} does not accept connections ({inert(_reason(failure))})",
                "check the host and port, and that the server listens on the internet",
            )
        ]
    if scheme != "https":
        connected.close()
        return []
    return await _handshake(connected, host, context, limits)


async def _handshake(
    sock: socket.socket, host: str, context: ssl.SSLContext, limits: Limits
) -> list[Problem]:
    shown = inert(host)
    try:
        _, writer = await asyncio.wait_for(
            # (asyncio's own handshake timeout aborts with a ConnectionAbortedError; this one
            # is ours, and says it was a timeout.)
            asyncio.open_connection(
                sock=sock, ssl=context, server_hostname=host, ssl_handshake_timeout=limits.read + 5
            ),
            limits.read,
        )
    except asyncio.TimeoutError:
        sock.close()
        return [_timeout(f"{shown} did not complete a TLS handshake", limits.read)]
    except ssl.SSLCertVerificationError as error:
        sock.close()
        code = error.verify_code
        return [
            Problem(
                online_rules.TLS_CERTIFICATE_INVALID,
                f"the certificate of {shown} does not verify: {inert(error.verify_message)}",
                _VERIFY_HELP.get(code, "serve a certificate from a public CA for this host"),
            )
        ]
    except ssl.SSLError as error:
        sock.close()
        reason = error.reason or ""
        if reason in _OLD_TLS:
            return [
                Problem(
                    online_rules.TLS_VERSION_TOO_OLD,
                    f"{shown} does not speak TLS 1.2 or newer ({inert(reason.lower())})",
                    "enable TLS 1.2 and 1.3 on the server; LivePerson connects with nothing older",
                )
            ]
        return [
            Problem(
                online_rules.ENDPOINT_UNREACHABLE,
                f"{shown} did not complete a TLS handshake ({inert(reason.lower() or str(error))})",
                "serve HTTPS on this port (is it plain HTTP?)",
            )
        ]
    except OSError as error:
        sock.close()
        return [
            Problem(
                online_rules.ENDPOINT_UNREACHABLE,
                f"{shown} closed the connection during the TLS handshake "
                f"({inert(error.strerror or type(error).__name__)})",
                "serve HTTPS on this port",
            )
        ]
    try:
        tls = writer.get_extra_info("ssl_object")
        certificate = tls.getpeercert() if tls is not None else None
        return _expiry(host, certificate, limits)
    finally:
        writer.close()
        with contextlib.suppress(asyncio.TimeoutError, OSError, ssl.SSLError):
            await asyncio.wait_for(writer.wait_closed(), 1)


def _reason(error: OSError) -> str:
    """The system's words for a failed connection ("Connection refused")."""
    if error.errno:
        return os.strerror(error.errno)
    return error.strerror or str(error) or type(error).__name__


def _expiry(host: str, certificate: object, limits: Limits) -> list[Problem]:
    if not isinstance(certificate, dict) or "notAfter" not in certificate:
        return []
    expires = ssl.cert_time_to_seconds(certificate["notAfter"])
    days = (expires - time.time()) / 86400
    if days >= limits.expiring_days:
        return []
    when = time.strftime("%Y-%m-%d", time.gmtime(expires))
    return [
        Problem(
            online_rules.TLS_CERTIFICATE_EXPIRING,
            f"the certificate of {inert(host)} expires on {when}, in "
            f"{plural(max(0, math.floor(days)), 'day')}",
            "renew it before then: LivePerson stops delivering when it expires",
        )
    ]


def new_client(context: ssl.SSLContext, limits: Limits) -> httpx.AsyncClient:
    """The one HTTP client of a run: our TLS context, LivePerson's timeouts, no redirects
    followed for us (each is followed by hand, so a loop is said as one), no cookies kept,
    nothing read from the environment (`.netrc` credentials, proxies)."""
    import httpx

    from lpmanifest import __version__

    jar = http.cookiejar.CookieJar(policy=_NoCookies())
    return httpx.AsyncClient(
        verify=context,
        trust_env=False,
        follow_redirects=False,
        cookies=jar,
        timeout=httpx.Timeout(limits.read, connect=limits.connect),
        headers={
            "User-Agent": f"lpmanifest/{__version__} (validate --online)",
            "Accept-Encoding": "identity",
        },
    )


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keeps no cookie: nothing one answer sets is sent with the next request."""

    def set_ok(self, cookie: object, request: object) -> bool:
        return False

    def return_ok(self, cookie: object, request: object) -> bool:
        return False


async def fetch_logo(client: httpx.AsyncClient, url: str, limits: Limits) -> list[Problem]:
    """GET the logo (redirects followed by hand, a few at most; the body capped), then read
    its dimensions from the image's header."""
    import httpx

    target = url
    for _ in range(limits.redirects + 1):
        try:
            async with client.stream("GET", target) as response:
                if response.is_redirect and "location" in response.headers:
                    target = urllib.parse.urljoin(target, response.headers["location"])
                    continue
                if response.status_code != 200:
                    return [
                        Problem(
                            online_rules.LOGO_NOT_AN_IMAGE,
                            f"logo_uri answered HTTP {response.status_code}, not an image",
                            "serve the 70x70 logo at this URL, publicly (no login)",
                        )
                    ]
                body = await _read_capped(response, limits.logo_bytes)
        except httpx.TimeoutException:
            return [_timeout("logo_uri did not answer", limits.read)]
        except httpx.HTTPError as error:
            return [_http_error("logo_uri", error)]
        if body is None:
            return [
                Problem(
                    online_rules.LOGO_NOT_AN_IMAGE,
                    f"logo_uri answered with more than {limits.logo_bytes:,} bytes; reading "
                    "stopped there (a 70x70 logo is a few kilobytes)",
                    "serve the 70x70 logo itself at this URL",
                )
            ]
        return image_problems(body, limits)
    return [
        Problem(
            online_rules.ENDPOINT_UNREACHABLE,
            f"logo_uri redirects more than {plural(limits.redirects, 'time')} (a redirect loop?)",
            "point logo_uri at the image itself",
        )
    ]


def image_problems(body: bytes, limits: Limits) -> list[Problem]:
    """What is wrong with a logo's bytes, read from its header alone: never decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(body)) as image:  # reads the header; decodes nothing
                width, height = image.size
                kind = image.format or "image"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [_bomb(limits)]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        start = body[:64].lstrip().lower()
        what = "an HTML page" if start.startswith((b"<!doctype html", b"<html")) else None
        return [
            Problem(
                online_rules.LOGO_NOT_AN_IMAGE,
                f"logo_uri answered with {what or 'something that is not an image'}",
                "serve a PNG or JPEG of 70x70 pixels at this URL",
            )
        ]
    if width * height > limits.bomb_pixels:
        return [_bomb(limits)]
    if (width, height) != (70, 70):
        return [
            Problem(
                online_rules.LOGO_NOT_70X70,
                f"the logo is {width}x{height} pixels ({kind}); LivePerson's parameter table "
                "says it must be exactly 70x70 pixels",
                "resize the logo to 70x70 pixels",
            )
        ]
    return []


def _bomb(limits: Limits) -> Problem:
    return Problem(
        online_rules.LOGO_NOT_70X70,
        f"the logo's header declares more than {limits.bomb_pixels:,} pixels (a decompression "
        "bomb?); it was refused without decoding; a logo must be exactly 70x70 pixels",
        "resize the logo to 70x70 pixels",
    )


async def _read_capped(response: httpx.Response, cap: int) -> bytes | None:
    """The body, or None once it grows past `cap` (reading stops there)."""
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > cap:
            return None
        parts.append(chunk)
    return b"".join(parts)


def _http_error(what: str, error: Exception) -> Problem:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return Problem(
                online_rules.TLS_CERTIFICATE_INVALID,
                f"{what}: the certificate does not verify: {inert(cause.verify_message)}",
                _VERIFY_HELP.get(cause.verify_code),
            )
        cause = cause.__cause__ or cause.__context__
    return Problem(
        online_rules.ENDPOINT_UNREACHABLE,
        f"{what} could not be fetched ({inert(str(error) or type(error).__name__)})",
        "check that the URL answers over HTTPS",
    )


async def send_event(
    client: httpx.AsyncClient,
    url: str,
    event: str,
    body: bytes,
    headers: Sequence[tuple[str, str]],
    limits: Limits,
) -> list[Problem]:
    """POST one sample notification as LivePerson would, and judge the answer: only 200
    or 201 is delivered; slower than `limits.slow` is a warning; a redirect is not followed."""
    import httpx

    shown = inert(event)
    started = time.monotonic()
    try:
        async with client.stream("POST", url, content=body, headers=list(headers)) as response:
            elapsed = time.monotonic() - started
            status = response.status_code
            await _read_capped(response, limits.answer_bytes)
    except httpx.TimeoutException as error:
        if isinstance(error, httpx.ConnectTimeout):
            return [_timeout(f"{shown}: the endpoint did not accept a connection", limits.connect)]
        what = f"{shown}: the endpoint did not answer a sample notification"
        return [_timeout(what, limits.read)]
    except httpx.HTTPError as error:
        return [_http_error(f"{shown}: the endpoint", error)]
    problems = []
    if status not in (200, 201):
        reason = inert(response.reason_phrase or "")
        problems.append(
            Problem(
                online_rules.ENDPOINT_REJECTED_TEST_EVENT,
                f"{shown}: the endpoint answered {status}{' ' + reason if reason else ''} to a "
                "sample notification; LivePerson counts only 200 or 201 as delivered",
                "answer 200 to every notification you accept"
                + (" (a redirect is not followed)" if 300 <= status < 400 else ""),
            )
        )
    if elapsed > limits.slow:
        problems.append(
            Problem(
                online_rules.ENDPOINT_SLOW,
                f"{shown}: the endpoint took {elapsed:.1f} s to answer a sample notification; "
                f"LivePerson may disable apps slower than {_seconds(limits.slow)}",
                "answer at once and do the work afterwards",
            )
        )
    return problems
