"""Writes of a whole directory, all or nothing (`package -o DIR`): each file by `writes.write`,
into a new directory beside the one named, which then takes its name.

What the name leads to decides, as for a file (`writes`):

    nothing yet        created: the files go into `.lpmanifest-*.tmp` beside it (mode 0700
                       while it fills), which takes the mode 0777 less the umask, and the
                       name, in one rename.
    an empty directory replaced the same way, keeping its mode and, where the process may
                       set them, its owner and group.
    a directory that   replaced only with `force`, and only if each thing in it is a regular
    holds something    file the caller names as replaceable (what an earlier run wrote
                       there) and none is an input: replacing a directory removes what it
                       holds, and `force` must never remove anything else. Two renames: the
                       old directory aside (`.lpmanifest-*.old`), the new one in its place;
                       then the old one's files are removed.
    a symbolic link    followed to the end of its chain; the link stays as it was.
    anything else      a file, a FIFO, a device: refused. So is the working directory, or
                       one that holds it.

`check_directory` decides before any work, `write_directory` again (things change
meanwhile) and writes. Both raise `WriteError`, naming the directory and the cause. If
anything fails, or Ctrl-C comes, the directory named is as it was and nothing is left beside
it. A reader sees the old directory or the new one, never a mix of the two: only between
the two renames, a few microseconds, is there none, and a SIGKILL there (which nothing can
catch) leaves the old one whole as `.lpmanifest-*.old` and the new one as `.lpmanifest-*.tmp`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from lpmanifest.check.discovery import display_path
from lpmanifest.errors import WriteError
from lpmanifest.findings.wording import inert
from lpmanifest.output.writes import (
    TEMPORARY_PREFIX,
    TEMPORARY_SUFFIX,
    end_of_links,
    failure,
    keep_owner_and_mode,
    new_mode,
    reason,
    require_directory,
    same_file,
    show_path,
    sync_directory,
    write,
)

OLD_SUFFIX = ".old"
_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
# rename() of a directory onto a name that something took meanwhile fails so.
_TAKEN = {errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR}


@dataclass(frozen=True)
class DirectoryDestination:
    """Where a write of a whole directory goes (see the module's documentation)."""

    path: str  # as given
    final: str  # the end of its chain of links: `path` itself if it is no link
    existing: os.stat_result | None = None  # the directory replaced; None: it is created
    entries: tuple[str, ...] = ()  # what the directory replaced holds (all replaceable)
    leftover: str | None = None  # after writing: the old directory, if it could not be removed


def _nothing(directory: str) -> Collection[str]:
    return ()


def check_directory(
    path: str | os.PathLike[str],
    *,
    force: bool,
    inputs: Iterable[str | int] = (),
    replaceable: Callable[[str], Collection[str]] = _nothing,
) -> DirectoryDestination:
    """Decide how the directory `path` will be written, before any work; WriteError if it
    may not be.

    `replaceable(directory)` names the files of the existing directory that `force` may
    replace; `inputs` (paths or open file descriptors) are never replaced, whatever their
    names.
    """
    given = os.fspath(path)
    if not given:
        raise WriteError("cannot write an empty path; name a directory", given)
    final, info = end_of_links(given)
    if info is None:
        require_directory(given, final.rstrip(os.sep) or final)
        return DirectoryDestination(given, final)
    shown = show_path(given, final)
    if not stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{shown} is not a directory; name a new or an empty one", given)
    where = os.path.realpath(final)
    here = os.getcwd()
    if here == where or here.startswith(where.rstrip(os.sep) + os.sep):
        raise WriteError(f"refusing to replace {shown}: it holds the working directory", given)
    # Its parent, where the new directory takes the name.
    require_directory(given, final, display_path(os.path.dirname(where)))
    try:
        entries = tuple(sorted(os.listdir(where)))
    except OSError as error:
        raise failure(given, error) from None
    kinds = {name: _entry(os.path.join(where, name)) for name in entries}
    for name, entry in kinds.items():
        if entry is not None and any(same_file(source, entry) for source in inputs):
            raise WriteError(
                f"refusing to replace {shown}: it holds the input file {inert(name)}, "
                "even with --force",
                given,
            )
    allowed = replaceable(where) if entries else ()
    for name, entry in kinds.items():
        if name not in allowed or entry is None or not stat.S_ISREG(entry.st_mode):
            raise WriteError(
                f"refusing to replace {shown}: it holds {inert(name)}, which lpmanifest did "
                "not write there (not even --force replaces it); empty it or name another "
                "directory",
                given,
            )
    if entries:
        if not force:
            raise WriteError(f"{shown} is not empty; use --force to replace it", given)
        # Itself: its old files are removed from it once it is out of the way.
        require_directory(given, final, display_path(where))
    return DirectoryDestination(given, final, info, entries)


def write_directory(
    path: str | os.PathLike[str],
    files: Mapping[str, str | bytes],
    *,
    force: bool,
    inputs: Iterable[str | int] = (),
    replaceable: Callable[[str], Collection[str]] = _nothing,
) -> DirectoryDestination:
    """Make `path` a directory that holds exactly `files` (names and data), all or nothing.

    The same decision as `check_directory`, taken again now; then the write. WriteError if
    it may not or cannot be done: then `path` is as it was, and nothing is left beside it.
    The result's `leftover` names the old directory if it could not be removed at the end
    (something came into it meanwhile): the new one is in place all the same.
    """
    inputs = tuple(inputs)
    destination = check_directory(path, force=force, inputs=inputs, replaceable=replaceable)
    where = os.path.realpath(destination.final)
    parent = os.path.dirname(where)
    try:
        staging = _temporary_directory(parent)
    except OSError as error:
        raise failure(destination.path, error) from None
    try:
        for name, data in files.items():
            write(os.path.join(staging, name), data, force=False)
        _keep_owner_and_mode(staging, destination.existing)
        sync_directory(staging)
        old = _take_place(staging, where, destination)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, WriteError) and error.path == destination.path:
            raise
        if isinstance(error, (WriteError, OSError)):
            cause = error.reason if isinstance(error, WriteError) else reason(error)
            shown = show_path(destination.path, destination.final)
            raise WriteError(
                f"cannot write {shown}: {cause}; nothing written", destination.path, cause
            ) from None
        raise
    sync_directory(parent)
    if old is None:
        return destination
    return replace(destination, leftover=_remove_old(old, destination.entries))


def _entry(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _temporary_directory(parent: str, suffix: str = TEMPORARY_SUFFIX) -> str:
    while True:
        name = os.path.join(parent, f"{TEMPORARY_PREFIX}{os.urandom(6).hex()}{suffix}")
        try:
            os.mkdir(name, 0o700)
            return name
        except FileExistsError:  # pragma: no cover (48 random bits)
            continue


def _keep_owner_and_mode(directory: str, existing: os.stat_result | None) -> None:
    if existing is None:
        os.chmod(directory, new_mode(0o777))
        return
    fd = os.open(directory, _FLAGS)
    try:
        keep_owner_and_mode(fd, existing)
    finally:
        os.close(fd)


def _take_place(staging: str, where: str, destination: DirectoryDestination) -> str | None:
    """Give `staging` the name `where`; the old directory's name now, if one was replaced."""
    if destination.existing is None:
        try:
            os.rename(staging, where)  # (an empty directory that appeared meanwhile is replaced)
        except OSError as error:
            if error.errno not in _TAKEN:
                raise
            raise WriteError(
                f"{show_path(destination.path, destination.final)} appeared while lpmanifest "
                "was writing it; nothing written (use --force to replace it)",
                destination.path,
            ) from None
        return None
    # The old directory's new name is reserved first: a rename onto an empty directory
    # replaces it and onto anything else fails, so nothing of anyone else's is replaced.
    old = _temporary_directory(os.path.dirname(where), OLD_SUFFIX)
    try:
        os.rename(where, old)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rmdir(old)
        raise
    try:
        os.rename(staging, where)
    except BaseException:
        os.rename(old, where)
        raise
    return old


def _remove_old(old: str, entries: tuple[str, ...]) -> str | None:
    """Remove the replaced directory's files (those decided on, if still regular files) and
    the directory; its name if anything stays in it."""
    for name in entries:
        path = os.path.join(old, name)
        entry = _entry(path)
        if entry is not None and stat.S_ISREG(entry.st_mode):
            with contextlib.suppress(OSError):
                os.unlink(path)
    try:
        os.rmdir(old)
    except OSError:
        return old
    sync_directory(os.path.dirname(old))
    return None
