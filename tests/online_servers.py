"""Real servers on the loopback interface for the `--online` tests, with a private CA.

Every server listens on 127.0.0.1 only, on a port the system picks, and records what it
received: each connection it accepted, and each HTTP request whole (its request line, its
headers and its body, as bytes). The CA is made by trustme; the tests trust it through
`SSL_CERT_FILE`, as a user trusts a corporate CA.
"""

from __future__ import annotations

import contextlib
import datetime
import http.server
import io
import socket
import socketserver
import ssl
import struct
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trustme
from PIL import Image

LOOPBACK = "127.0.0.1"


@dataclass
class Received:
    """One HTTP request as a server read it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    raw: bytes  # the request line, the header lines and the body, as received


@dataclass
class Route:
    """How a server answers one path."""

    status: int = 200
    body: bytes = b"OK"
    content_type: str = "text/plain"
    delay: float = 0.0  # seconds before the answer
    location: str | None = None  # a redirect's target
    endless: bool = False  # a body that never ends
    headers: dict[str, str] = field(default_factory=dict)


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def png_bomb(width: int = 200_000, height: int = 200_000) -> bytes:
    """A PNG of a few dozen bytes whose header declares `width` x `height` pixels: what
    decoding it would cost is never paid, since nothing decodes it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@dataclass
class Server:
    """A running server: its port, its routes and what it received."""

    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    connections: int = 0
    received: list[Received] = field(default_factory=list)
    stop: Callable[[], None] = lambda: None

    def url(self, path: str = "/") -> str:
        return f"https://{LOOPBACK}:{self.port}{path}"

    def requests_to(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _HttpServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        raw = self.raw_requestline + bytes(self.headers) + body
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.record.received.append(Received(self.command, self.path, headers, body, raw))
        route = self.server.record.routes.get(self.path, Route(status=404, body=b"not found"))
        if route.delay:
            time.sleep(route.delay)
        self.send_response(route.status)
        if route.location is not None:
            self.send_header("Location", route.location)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", route.content_type)
        if route.endless:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            block = b"x" * 65536
            try:
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
            except OSError:
                return
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)

    do_GET = do_POST = do_HEAD = _record


class _HttpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, record: Server, context: ssl.SSLContext | None) -> None:
        self.record, self.context = record, context
        super().__init__((LOOPBACK, 0), _Handler)

    def get_request(self) -> tuple[socket.socket, object]:
        connection, address = self.socket.accept()
        self.record.connections += 1
        return connection, address

    def finish_request(self, request: object, client_address: object) -> None:
        assert isinstance(request, socket.socket)
        if self.context is not None:
            try:  # the handshake in the connection's thread: a failed one is expected
                request = self.context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        with contextlib.suppress(OSError):
            super().finish_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def serve(context: ssl.SSLContext | None, routes: dict[str, Route] | None = None) -> Server:
    """An HTTP(S) server on 127.0.0.1 in a thread of its own."""
    record = Server(0, dict(routes or {}))
    server = _HttpServer(record, context)
    record.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    record.stop = stop
    return record


def serve_silent() -> Server:
    """A server that accepts connections and never says anything."""
    listener = socket.create_server((LOOPBACK, 0))
    record = Server(listener.getsockname()[1])
    held: list[socket.socket] = []
    stopping = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            record.connections += 1
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join(1)
        for connection in held:
            connection.close()
        listener.close()

    record.stop = stop
    return record


class Authority:
    """The private CA, and server contexts with certificates of each kind."""

    def __init__(self, directory: Path) -> None:
        self.ca = trustme.CA()
        self.ca_file = directory / "private-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))

    def context(
        self, cert: trustme.LeafCert | None = None, *, max_tls: ssl.TLSVersion | None = None
    ) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        (cert or self.ca.issue_cert(LOOPBACK)).configure_cert(context)
        if max_tls is not None:
            with warnings.catch_warnings():  # TLS 1.0 and 1.1 are deprecated: that is the point
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
                context.maximum_version = max_tls
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
        return context

    def expired(self) -> ssl.SSLContext:
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = self.ca.issue_cert(
            LOOPBACK,
            not_before=now - datetime.timedelta(days=30),
            not_after=now - datetime.timedelta(days=1),
        )
        return self.context(cert)

    def expiring(self, days: int = 10) -> ssl.SSLContext:
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = self.ca.issue_cert(
            LOOPBACK,
            not_before=now - datetime.timedelta(days=1),
            not_after=now + datetime.timedelta(days=days, hours=12),
        )
        return self.context(cert)

    def other_host(self) -> ssl.SSLContext:
        return self.context(self.ca.issue_cert("other.example.com"))

    def self_signed(self) -> ssl.SSLContext:
        """A certificate that signs itself: an untrusted CA's own, served as a leaf."""
        stranger = trustme.CA()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with stranger.cert_pem.tempfile() as cert, stranger.private_key_pem.tempfile() as key:
            context.load_cert_chain(cert, key)
        return context


def tls11_possible(authority: Authority) -> bool:
    """Whether this machine's OpenSSL completes a TLS 1.1 handshake at all (OpenSSL 3 at
    its default security level does not)."""
    server_context = authority.context(max_tls=ssl.TLSVersion.TLSv1_1)
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            client.minimum_version = ssl.TLSVersion.TLSv1
            client.maximum_version = ssl.TLSVersion.TLSv1_1
        client.set_ciphers("DEFAULT:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        return False
    server = serve(server_context)
    try:
        with (
            socket.create_connection((LOOPBACK, server.port), timeout=2) as raw,
            client.wrap_socket(raw) as tls,
        ):
            return tls.version() == "TLSv1.1"
    except (ssl.SSLError, OSError):
        return False
    finally:
        server.stop()


@contextlib.contextmanager
def running(*servers: Server) -> Iterator[None]:
    try:
        yield
    finally:
        for server in servers:
            server.stop()
