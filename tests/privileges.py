"""Run the command line as the unprivileged user `nobody`, where file modes apply.

Root ignores file modes, so a test of "permission denied" runs `main(argv)` in a forked
child that first changes into the test's directory and then gives up root for nobody
(uid and gid 65534, no other groups). Entering the directory first is what lets nobody
work in it: pytest's temporary directories sit under one only root may enter. The child
imports every lpmanifest module while it is still root (nobody may not read this
interpreter's standard library), so nothing it needs is imported after the switch.

When the tests do not run as root, the child keeps the user's own identity: permissions
apply to it already. Where the switch is impossible (no CAP_SETUID), the test is skipped
and says why.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import pkgutil
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

NOBODY = 65534
_CANNOT_SWITCH = 77
_CRASHED = 70
# Imported lazily by the standard library or lpmanifest on some paths.
_ALSO_IMPORTED = (
    "yaml",
    "jsonschema",
    "jsonschema_rs",
    "fcntl",
    "difflib",
    "tomllib",
    "unicodedata",
    "encodings.idna",
)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def root() -> bool:
    return os.geteuid() == 0


def accessible(directory: Path) -> Path:
    """Make `directory` (made by root under tmp_path) one nobody may enter and write in."""
    directory.mkdir(exist_ok=True)
    if root():
        os.chown(directory, NOBODY, NOBODY)
    return directory


# A fresh interpreter that imports lpmanifest whole as root, then gives up root and runs the
# command line as `python -m lpmanifest` would (nobody may not run this interpreter from
# the start: it lives under /root).
_COMMAND = f"""
import importlib, os, pkgutil, sys
import lpmanifest
for module in pkgutil.walk_packages(lpmanifest.__path__, "lpmanifest."):
    if module.name != "lpmanifest.__main__":
        importlib.import_module(module.name)
for name in {_ALSO_IMPORTED!r}:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
if os.geteuid() == 0:
    try:
        os.setgroups([])
        os.setgid({NOBODY})
        os.setuid({NOBODY})
    except OSError as error:
        sys.stderr.write(str(error) + "\\n")
        os._exit({_CANNOT_SWITCH})
sys.argv = ["lpmanifest", *sys.argv[1:]]
from lpmanifest.cli import run
run()
"""


def nobody_command(*args: str) -> list[str]:
    """The argv of a subprocess that runs `lpmanifest ARGS` as nobody (see `_COMMAND`)."""
    return [sys.executable, "-c", _COMMAND, *args]


def skip_if_not_switched(code: int, err: bytes | str) -> None:
    """Skip, saying why, if the subprocess of `nobody_command` could not give up root."""
    if code == _CANNOT_SWITCH:
        shown = err.decode() if isinstance(err, bytes) else err
        pytest.skip(f"cannot give up root for nobody here: {shown.strip()}")


def run_as_nobody(
    directory: Path,
    argv: Sequence[str],
    stdin: bytes = b"",
    *,
    before: Callable[[], None] | None = None,
) -> Outcome:
    """`main(argv)` in `directory` as nobody: its exit code, standard output and error.

    Standard output and error are pipes (as in a CI job); `before` runs in the child after
    the switch, just before `main`.
    """
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child: it never returns)
        os.close(out_read)
        os.close(err_read)
        _child(directory, argv, stdin, out_write, err_write, before)
    os.close(out_write)
    os.close(err_write)
    out, err = _drain(out_read), _drain(err_read)
    for reader in (out, err):
        reader.join(timeout=120)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    result = Outcome(code, out.text(), err.text())
    if code == _CANNOT_SWITCH:
        pytest.skip(f"cannot give up root for nobody here: {result.err.strip()}")
    assert code != _CRASHED, result.err
    return result


class _Reader(threading.Thread):
    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.chunks: list[bytes] = []
        self.start()

    def run(self) -> None:
        with open(self.fd, "rb") as pipe:
            while chunk := pipe.read(65536):
                self.chunks.append(chunk)

    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "backslashreplace")


def _drain(fd: int) -> _Reader:
    return _Reader(fd)


def _child(
    directory: Path,
    argv: Sequence[str],
    stdin: bytes,
    out: int,
    err: int,
    before: Callable[[], None] | None,
) -> None:  # pragma: no cover (runs in the child)
    code = _CRASHED
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = io.TextIOWrapper(
            io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True
        )
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False),
            encoding="utf-8",
            errors="backslashreplace",
            write_through=True,
        )
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        os.chdir(directory)
        _import_everything()
        if root():
            try:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            except OSError as error:
                sys.stderr.write(f"{error}\n")
                os._exit(_CANNOT_SWITCH)
        if before is not None:
            before()
        from lpmanifest.cli import main

        code = main(list(argv))
    except BaseException:
        traceback.print_exc()
        code = _CRASHED
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _import_everything() -> None:  # pragma: no cover (runs in the child)
    import lpmanifest

    for module in pkgutil.walk_packages(lpmanifest.__path__, "lpmanifest."):
        if module.name != "lpmanifest.__main__":  # which would run the command line
            importlib.import_module(module.name)
    for name in _ALSO_IMPORTED:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
