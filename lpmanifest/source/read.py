"""Reading a manifest: files, streams and text in, a Document out; every failure (a file that
cannot be read, too large, not UTF-8) becomes a located finding, never an exception."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import START_OF_FILE, Finding, RuleInfo, Span
from lpmanifest.findings.wording import inert
from lpmanifest.source.document import Document, new_finding, not_an_object
from lpmanifest.source.formats import BOM, Format, detect_format, format_of_name
from lpmanifest.source.json_source import load_json
from lpmanifest.source.limits import MAX_BYTES


def load_file(
    path: str, display: str | None = None, format: Format | None = None, regular: bool = False
) -> Document:
    """Read and load one file; every failure becomes a located finding.

    A FIFO or a character device (a process substitution, `/dev/stdin`) is read as a
    stream, to its end or to the size limit as standard input is; a FIFO waits for its
    writer, as `cat` would. Directories, block devices and sockets are not read. With
    `regular`, the caller has just seen a regular file there (a search of a folder): it is
    opened at once, and whatever else may be there by now is not read.
    """
    name = display or path
    named = format or format_of_name(path)
    fmt: Format = named or "json"
    if not regular:
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            message = f"cannot be read: {error.strerror}"
            return _failed(name, fmt, load_rules.UNREADABLE_FILE, message)
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            return _load_device(path, name, format)
        if not stat.S_ISREG(mode):
            message = f"is {_kind(mode)}, not a manifest file"
            return _failed(name, fmt, load_rules.UNREADABLE_FILE, message)
    try:
        # Not blocking: a file replaced by a FIFO since it was seen must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            message = f"is {_kind(info.st_mode)}, not a manifest file"
            return _failed(name, fmt, load_rules.UNREADABLE_FILE, message)
        if info.st_size > MAX_BYTES:
            return _failed(name, fmt, load_rules.INPUT_TOO_LARGE, _too_large(info.st_size))
        data = _read_at_most(fd, info.st_size)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    finally:
        os.close(fd)
    if named is None:  # no telling suffix: the first characters say
        fmt = detect_format(path, data[:64].decode("utf-8", "replace"))
    return load_bytes(data, name, fmt)


def unreadable(name: str, message: str) -> Document:
    """A document for a path that cannot be read: one unreadable-file finding, `name message`."""
    return _failed(name, "json", load_rules.UNREADABLE_FILE, message)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    return "not a regular file"


def _load_device(path: str, name: str, format: Format | None) -> Document:
    """A FIFO or character device, read as standard input is: up to one byte past the limit."""
    fmt: Format = format or "json"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    try:
        parts = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 16, MAX_BYTES + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    finally:
        os.close(fd)
    if total > MAX_BYTES:
        return _failed(name, fmt, load_rules.INPUT_TOO_LARGE, _stream_too_large())
    data = b"".join(parts)
    if format is None:
        format = detect_format(path, data[:64].decode("utf-8", "replace"))
    return load_bytes(data, name, format)


_OPEN_FLAGS = (
    getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)  # a terminal put there since must not become ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _read_at_most(fd: int, size: int) -> bytes:
    """The file's bytes, up to one past the limit (a file can grow after `fstat`).

    Reads ask for the size `fstat` gave plus one byte, then in small steps: asking for the
    limit would allocate 10 MB for every file, which costs more than parsing it. A short
    read of a regular file is its end, so a file that did not grow takes one read.
    """
    parts = []
    total = 0
    want = size + 1
    while total <= MAX_BYTES:
        chunk = os.read(fd, want)
        parts.append(chunk)
        total += len(chunk)
        if len(chunk) < want:
            break
        want = min(1 << 16, MAX_BYTES + 1 - total)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load_stream(stream: BinaryIO, name: str, format: Format | None = None) -> Document:
    """Read a stream (standard input) up to the limit and load it.

    Reading stops one byte past the limit: `yes | lpmanifest validate -` is refused at
    10 MB instead of filling the memory.
    """
    fmt: Format = format or "json"
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        return _failed(name, fmt, load_rules.UNREADABLE_FILE, f"cannot be read: {error.strerror}")
    if len(data) > MAX_BYTES:
        return _failed(name, fmt, load_rules.INPUT_TOO_LARGE, _stream_too_large())
    return load_bytes(data, name, format)


def _stream_too_large() -> str:
    return f"is larger than the limit of {MAX_BYTES:,} bytes"


def load_bytes(data: bytes, name: str, format: Format | None = None) -> Document:
    if len(data) > MAX_BYTES:
        return _failed(name, format or "json", load_rules.INPUT_TOO_LARGE, _too_large(len(data)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", "replace")
        doc = Document(name, format or detect_format(name, text), _strip_bom(text))
        doc.has_bom = text.startswith(BOM)
        doc.findings.append(_invalid_utf8(doc, data, error))
        return doc
    return load_text(text, name, format)


def load_text(text: str, name: str, format: Format | None = None) -> Document:
    fmt = format or detect_format(name, text)
    doc = Document(name, fmt, _strip_bom(text), has_bom=text.startswith(BOM))
    if not doc.text or doc.text.isspace():
        doc.findings.append(
            new_finding(doc, load_rules.EMPTY_FILE, START_OF_FILE, (), "the file is empty")
        )
        return doc
    if fmt == "json":
        load_json(doc)
    else:
        from lpmanifest.source.yaml_source import load_yaml  # only YAML pays for its module

        load_yaml(doc)
    if doc.loaded and not isinstance(doc.data, dict):
        doc.findings.append(not_an_object(doc))
    return doc


def _failed(name: str, fmt: Format, rule: RuleInfo, message: str) -> Document:
    doc = Document(name, fmt, "")
    doc.findings.append(new_finding(doc, rule, START_OF_FILE, (), f"{inert(name)} {message}"))
    return doc


def _too_large(size: int) -> str:
    return f"is {size:,} bytes; the limit is {MAX_BYTES:,} bytes"


def _invalid_utf8(doc: Document, data: bytes, error: UnicodeDecodeError) -> Finding:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return new_finding(
            doc,
            load_rules.INVALID_ENCODING,
            START_OF_FILE,
            (),
            "the file is UTF-16; manifests must be UTF-8",
            help="save the file as UTF-8",
        )
    before = data[: error.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    if line == 1 and before.startswith(b"\xef\xbb\xbf"):
        column -= 1
    bad = data[error.start : error.end].hex(" ")
    return new_finding(
        doc,
        load_rules.INVALID_ENCODING,
        Span.point(line, column),
        (),
        f"invalid UTF-8 (byte 0x{bad})",
        help="save the file as UTF-8",
    )


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith(BOM) else text
