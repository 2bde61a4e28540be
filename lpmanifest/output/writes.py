"""Writes: how every command that writes a named file does it (`new`, `convert -o`, `--fix`),
and a whole directory of them (`package -o DIR`).

What the name leads to decides how it is written:

    a regular file     replaced atomically: the data goes to a temporary file in the same
                       directory (`.lpmanifest-*.tmp`), is synced to disk and takes the
                       file's place in one rename, then the directory is synced. The file's
                       mode is kept, and its owner and group where the process may set
                       them. Replacing needs `force`.
    nothing yet        created the same way; a file that appears meanwhile is not replaced.
    a symbolic link    followed to the end of its chain (relative or absolute links); what
                       is there is written by these rules, and the link stays as it was. A
                       dangling link creates its target.
    a hard link        a regular file like any other: the name written gets the new data,
                       the file's other names keep the old.
    a stream           a FIFO, a character device (`/dev/null`, a terminal), and
                       `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: opened
                       and written, never replaced, never needs `force`.
    anything else      a directory, a block device, a socket: refused.

`check` decides all this up front, before any question is asked or any work is done;
`write` decides again (things change meanwhile) and writes. Both raise `WriteError`, whose
message names the path and the cause. A crash, a SIGKILL or Ctrl-C during a replacement
leaves the old file whole; only a SIGKILL, which nothing can catch, may leave the temporary
file behind.

A whole directory is written all or nothing by `directory_writes`, each of its files by
`write`; the helpers without an underscore below are the decisions the two share.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from lpmanifest.errors import WriteError
from lpmanifest.findings.wording import inert

Kind = Literal["create", "replace", "stream"]
TEMPORARY_PREFIX = ".lpmanifest-"
TEMPORARY_SUFFIX = ".tmp"
MAX_LINKS = 40  # the kernel's own limit on a chain of symbolic links
# Where a name is a process's file descriptor: /dev/fd/N, /proc/self/fd/N, /proc/PID/fd/N
# (and /proc/thread-self/fd/N) once the directory's own links are resolved.
_DESCRIPTORS = re.compile(r"/proc/(\d+)(?:/task/\d+)?/fd|/dev/fd")
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# os.link fails so on file systems without hard links: creating falls back to a rename.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK}


@dataclass(frozen=True)
class Destination:
    """Where a write to `path` goes, and how (see the module's documentation)."""

    path: str  # as given
    final: str  # the end of its chain of links: `path` itself if it is no link
    kind: Kind
    existing: os.stat_result | None = None  # the file replaced, or the stream written
    descriptor: int | None = None  # /dev/stdout and the like: this process's own descriptor

    @property
    def replaces(self) -> bool:
        """True if an existing file is replaced (which needs `force`)."""
        return self.kind == "replace"


def resolve(path: str | os.PathLike[str]) -> Destination:
    """Where a write to `path` would go; WriteError if it cannot go anywhere.

    Nothing is written and `force` is not looked at: `check` adds that.
    """
    given = os.fspath(path)
    if not given:
        raise WriteError("cannot write an empty path; name a file", given)
    current, info = end_of_links(given, stop=lambda at: _descriptor(at) is not None)
    descriptor = _descriptor(current)
    if descriptor is not None:
        return _descriptor_destination(given, current, descriptor)
    if info is None:
        require_directory(given, current)
        return Destination(given, current, "create")
    return _existing(given, current, info)


def end_of_links(
    given: str, stop: Callable[[str], bool] = lambda at: False
) -> tuple[str, os.stat_result | None]:
    """The end of `given`'s chain of symbolic links, and what is there (None: nothing, or a
    place where `stop` said to stop following); WriteError if the chain cannot be read."""
    current = given
    for _ in range(MAX_LINKS + 1):
        if stop(current):
            return current, None
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return current, None
        except OSError as error:
            raise failure(given, error) from None
        if not stat.S_ISLNK(info.st_mode):
            return current, info
        try:
            link = os.readlink(current)
        except OSError as error:
            raise failure(given, error) from None
        # Joined as text, never normalized: the system resolves `..` after a linked folder.
        current = os.path.join(os.path.dirname(current), link)
    raise WriteError(f"cannot write {inert(given)}: too many levels of symbolic links", given)


def check(
    path: str | os.PathLike[str], *, force: bool, inputs: Iterable[str | int] = ()
) -> Destination:
    """Decide how `path` will be written, before any work; WriteError if it may not be.

    An existing file is replaced only with `force`, and never if it is one of `inputs`
    (paths, or open file descriptors), whatever its name. Streams need no `force`.
    """
    destination = resolve(path)
    if destination.replaces:
        assert destination.existing is not None
        if any(same_file(source, destination.existing) for source in inputs):
            raise WriteError(
                f"refusing to write over the input file {_shown(destination)}, even with --force",
                destination.path,
            )
        if not force:
            raise WriteError(
                f"{_shown(destination)} already exists; use --force to replace it",
                destination.path,
            )
    return destination


def write(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    force: bool,
    inputs: Iterable[str | int] = (),
    encoding: str = "utf-8",
) -> Destination:
    """Write `data` (text in `encoding`, or bytes) to `path` by the rules above.

    The same decision as `check`, taken again now; then the write. WriteError if it may not
    or cannot be done: then a replaced file is as it was, and no temporary file is left.
    """
    inputs = tuple(inputs)
    destination = check(path, force=force, inputs=inputs)
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    try:
        if destination.kind == "stream":
            _write_stream(destination, payload)
        else:
            _write_file(destination, payload)
    except OSError as error:
        raise failure(destination.path, error) from None
    return destination


# -- deciding ---------------------------------------------------------------------------


def _descriptor(path: str) -> int | Literal[False] | None:
    """N if `path` is this process's descriptor N (/dev/fd/N, /proc/self/fd/N), False if it
    is another process's, None if it is no descriptor at all."""
    head, name = os.path.split(path)
    if not name.isdigit() or not head:
        return None
    match = _DESCRIPTORS.fullmatch(os.path.realpath(head))
    if match is None:
        return None
    owner = match.group(1)
    return int(name) if owner is None or int(owner) == os.getpid() else False


def _descriptor_destination(given: str, current: str, descriptor: int | bool) -> Destination:
    if descriptor is False:  # another process's descriptor: opened by its name, as a stream
        try:
            info = os.stat(current)
        except OSError as error:
            raise failure(given, error) from None
        return Destination(given, current, "stream", info)
    number = int(descriptor)
    try:
        info = os.fstat(number)
    except OSError:
        raise WriteError(
            f"cannot write {inert(given)}: file descriptor {number} is not open", given
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{inert(given)} is a directory; name a file to write", given)
    if _read_only_descriptor(number):
        raise WriteError(
            f"cannot write {inert(given)}: file descriptor {number} is open for reading only",
            given,
        )
    return Destination(given, current, "stream", info, descriptor=number)


def _read_only_descriptor(number: int) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover (not on Windows, which has no /dev/fd)
        return False
    try:
        return fcntl.fcntl(number, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
    except OSError:
        return False


def _existing(given: str, final: str, info: os.stat_result) -> Destination:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        destination = Destination(given, final, "replace", info)
        require_directory(given, final)
        if not _may(final, os.W_OK):
            raise WriteError(
                f"cannot write {_shown(destination)}: permission denied (the file is read-only)",
                given,
            )
        return destination
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        destination = Destination(given, final, "stream", info)
        if not _may(final, os.W_OK):
            raise WriteError(f"cannot write {_shown(destination)}: permission denied", given)
        return destination
    shown = _shown(Destination(given, final, "stream", info))
    if stat.S_ISDIR(mode):
        raise WriteError(f"{shown} is a directory; name a file to write", given)
    what = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else ""
    raise WriteError(
        f"refusing to write {shown}: it is {what or 'not a file'}; lpmanifest writes only "
        "regular files, FIFOs and character devices",
        given,
    )


def require_directory(given: str, final: str, directory: str | None = None) -> None:
    """The directory that will hold the file (`final`'s, unless named) exists and may be
    written in."""
    directory = directory or os.path.dirname(final) or os.curdir
    named = show_path(given, final)
    shown = "the current directory" if directory == os.curdir else inert(directory)
    try:
        info = os.stat(directory)
    except FileNotFoundError:
        raise WriteError(
            f"cannot write {named}: the directory {inert(directory)} does not exist", given
        ) from None
    except PermissionError:
        raise WriteError(
            f"cannot write {named}: permission denied ({shown} cannot be reached)", given
        ) from None
    except OSError as error:
        raise failure(given, error) from None
    if not stat.S_ISDIR(info.st_mode):
        raise WriteError(f"cannot write {named}: {shown} is not a directory", given)
    if not _may(directory, os.W_OK | os.X_OK):
        if _read_only_file_system(directory):
            cause = f"{shown} is on a read-only file system"
        else:
            cause = f"permission denied ({shown} is not writable)"
        raise WriteError(f"cannot write {named}: {cause}", given)


def _may(path: str, mode: int) -> bool:
    """What the process may do, by its effective user and groups (root may do anything)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, mode, effective_ids=True)
    return os.access(path, mode)  # pragma: no cover (Linux and macOS support the above)


def _read_only_file_system(directory: str) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & getattr(os, "ST_RDONLY", 0))
    except (OSError, AttributeError):
        return False


def same_file(source: str | int, existing: os.stat_result) -> bool:
    try:
        info = os.fstat(source) if isinstance(source, int) else os.stat(source)
    except (OSError, ValueError):
        return False
    return (info.st_dev, info.st_ino) == (existing.st_dev, existing.st_ino)


def _shown(destination: Destination) -> str:
    return show_path(destination.path, destination.final)


def show_path(given: str, final: str) -> str:
    """The path as given, and where its links lead if they lead elsewhere."""
    if final == given:
        return inert(given)
    return f"{inert(given)} (a link to {inert(os.path.realpath(final))})"


def failure(path: str, error: OSError) -> WriteError:
    """The WriteError for an OSError met writing `path`: the path and the cause."""
    cause = reason(error)
    return WriteError(f"cannot write {inert(path)}: {cause}", path, cause)


def reason(error: OSError) -> str:
    """Why a write failed, in words: "No space left on device"."""
    if isinstance(error, BrokenPipeError):
        return "the reader closed it (broken pipe)"
    if isinstance(error, NotADirectoryError):
        return "a part of the path is not a directory"
    return error.strerror or str(error)


# -- writing ----------------------------------------------------------------------------


def _write_file(destination: Destination, payload: bytes) -> None:
    """A new file or a replacement: the whole of it under a temporary name, then one rename."""
    final = destination.final
    directory = os.path.dirname(final) or os.curdir
    fd, temporary = _temporary(directory)
    linked = False
    try:
        try:
            _write_all(fd, payload)
            keep_owner_and_mode(fd, destination.existing)
            os.fsync(fd)
        finally:
            os.close(fd)
        if destination.existing is not None:
            os.replace(temporary, final)
        else:
            linked = _create(temporary, final, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if linked:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    sync_directory(directory)


def _temporary(directory: str) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | _FLAGS
    while True:
        name = os.path.join(directory, f"{TEMPORARY_PREFIX}{os.urandom(6).hex()}{TEMPORARY_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:  # pragma: no cover (48 random bits)
            continue


def _create(temporary: str, final: str, destination: Destination) -> bool:
    """Give the new file its name, unless a file took the name meanwhile; True if linked."""
    try:
        os.link(temporary, final)
    except FileExistsError:
        raise WriteError(
            f"{_shown(destination)} appeared while lpmanifest was writing it; nothing written "
            "(use --force to replace it)",
            destination.path,
        ) from None
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS or os.path.lexists(final):
            raise
        os.rename(temporary, final)
        return False
    return True


def new_mode(base: int) -> int:
    """The mode a new file (0o666) or directory (0o777) gets: `base` less the umask."""
    umask = os.umask(0)  # (reading the umask means setting it: set back at once)
    os.umask(umask)
    return base & ~umask


def keep_owner_and_mode(fd: int, existing: os.stat_result | None) -> None:
    if existing is None:
        os.fchmod(fd, new_mode(0o666))
        return
    written = os.fstat(fd)
    if (written.st_uid, written.st_gid) != (existing.st_uid, existing.st_gid):
        try:
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except OSError:  # not root: the group alone, if the process is in it
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))  # after chown, which clears set-id bits


def sync_directory(directory: str) -> None:
    """Make the rename itself durable. The file is already in place: a file system that
    cannot sync a directory is no reason to fail."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _FLAGS)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_stream(destination: Destination, payload: bytes) -> None:
    if destination.descriptor is not None:
        for stream in (sys.stdout, sys.stderr):  # what was printed comes first
            with contextlib.suppress(Exception):
                stream.flush()
        fd = os.dup(destination.descriptor)  # its offset and append mode, as the shell set them
    else:
        # A FIFO waits here for its reader, as `echo > fifo` does.
        fd = os.open(destination.final, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | _FLAGS)
    try:
        if destination.descriptor is None:
            mode = os.fstat(fd).st_mode
            if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
                raise WriteError(
                    f"{_shown(destination)} changed while lpmanifest was writing it; "
                    "nothing written",
                    destination.path,
                )
        _write_all(fd, payload)
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]
