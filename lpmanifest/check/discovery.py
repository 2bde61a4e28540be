"""Which files a run reads: paths named, folders searched, globs matched, each file once,
and a folder that cannot be listed reported as a source with its problem."""

from __future__ import annotations

import errno
import fnmatch
import functools
import glob
import os
import stat
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from lpmanifest.errors import UsageError
from lpmanifest.source.formats import is_manifest_name

# Folders a directory search never enters: tools' caches and vendored code.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__"})


class Source(NamedTuple):
    """A file to check, as it was named or found (`-` is standard input)."""

    path: str
    # Why it cannot be read, when that was found while searching (a folder that cannot be
    # listed): the loader turns it into an unreadable-file finding at `path`.
    problem: str | None = None
    # Standard input, a FIFO or a character device: it can be read once, on this process.
    stream: bool = False
    # Seen as a regular file while searching: the loader need not look again before reading.
    regular: bool = False
    # How a search shows the path (`display_path`), worked out once for its folder.
    shown: str | None = None


def expand_paths(arguments: Sequence[str]) -> Iterator[Source]:
    """Files named, files in directories named (recursively), and files that globs match.

    Each file comes once, where it is first named, however many times it is named or found
    (the same device and inode: through a directory, a glob or a link), and `-` once. A
    FIFO or device named is read; a search skips them. A folder that cannot be listed is a
    source with its problem, never skipped in silence. A path that does not exist and
    matches nothing raises UsageError: a typo in CI must not pass as "no problems found".
    """
    seen: set[object] = set()
    for argument in arguments:
        for source, identity in _sources(argument):
            if identity not in seen:
                seen.add(identity)
                yield source


def display_path(path: str) -> str:
    """A path as the user will click it: relative to here when below here."""
    # (A relative path is shown normalized, wherever here is: no need to ask.)
    here = os.getcwd() if os.path.isabs(path) else ""
    folder, name = os.path.split(path)
    if not folder or name in ("", ".", ".."):
        return _shown(path, here)
    # A search names thousands of files in a few folders: each folder is worked out once
    # (for the working directory it was worked out in).
    prefix = _shown_prefix(folder, here)
    if prefix is None:  # the folder is not below here, so neither is the path...
        return _shown(path, here) if path == here else path  # ...unless it is here itself
    return prefix + name


@functools.lru_cache(maxsize=64)
def _shown_prefix(folder: str, here: str) -> str | None:
    """What goes before a name to show a path in `folder`; None where the folder is not
    below here (the path is shown as given)."""
    shown = _shown(folder, here)
    if os.path.isabs(shown):
        return None
    return "" if shown == "." else os.path.join(shown, "")


def _shown(path: str, here: str) -> str:
    if not os.path.isabs(path):
        return os.path.normpath(path)
    relative = os.path.relpath(path, here)
    return path if relative.startswith("..") else relative


_Found = Iterator[tuple[Source, object]]  # each source, and what makes it the same file


def _sources(argument: str) -> _Found:
    if argument == "-":
        yield Source(argument, stream=True), _stdin_identity()
        return
    try:
        info = os.stat(argument)
    except OSError as error:
        missing = error.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.lexists(argument)
        if glob.has_magic(argument) and (missing or error.errno == errno.EACCES):
            yield from _glob(argument)
        elif missing:
            raise UsageError(f"no such file or directory: {argument!r}") from None
        else:  # a dangling link, or a folder on the way that cannot be searched: a finding
            yield Source(argument), _path_identity(argument)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(argument)
    else:
        stream = stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)
        regular = stat.S_ISREG(info.st_mode)
        yield Source(argument, stream=stream, regular=regular), (info.st_dev, info.st_ino)


def _stdin_identity() -> object:
    try:
        info = os.fstat(0)
    except OSError:
        return "-"
    return (info.st_dev, info.st_ino)


def _path_identity(path: str) -> object:
    return ("path", os.path.abspath(path))


def _identity(path: str) -> object:
    try:
        info = os.stat(path)
    except OSError:
        return _path_identity(path)
    return (info.st_dev, info.st_ino)


def _unlisted(directory: str, error: OSError) -> Source:
    reason = error.strerror or str(error)
    return Source(
        directory, f"is a directory that cannot be read: {reason} (its files are not checked)"
    )


def _walk(top: str) -> _Found:
    """The manifest files below `top`, each folder's files (by name) before its subfolders.

    Links to folders are not followed. FIFOs, devices and sockets are skipped: reading one
    would block, or never end. A folder that cannot be listed is reported, not skipped.
    """
    pending = [top]
    while pending:
        directory = pending.pop()
        # Only names and what identifies each file are kept, not the listing's entries
        # (each holds its stat result): a folder of ten thousand files stays small.
        files: list[tuple[str, object, bool]] = []
        folders: list[str] = []
        try:
            device = os.stat(directory).st_dev
            with os.scandir(directory) as listing:
                for entry in listing:
                    _sort_entry(entry, device, files, folders)
        except OSError as error:
            yield _unlisted(directory, error), _identity(directory)
            continue
        files.sort()  # (by name: the names of one folder differ)
        # How each file is shown is its folder's way, worked out once, and its name.
        here = os.getcwd() if os.path.isabs(directory) else ""
        prefix = _shown_prefix(directory, here)
        inside = os.path.join(directory, "")
        for name, identity, regular in files:
            path = inside + name
            shown = path if prefix is None else prefix + name
            yield Source(path, regular=regular, shown=shown), identity
        folders.sort()
        pending.extend(os.path.join(directory, name) for name in reversed(folders))


def _sort_entry(
    entry: os.DirEntry[str],
    device: int,
    files: list[tuple[str, object, bool]],
    folders: list[str],
) -> None:
    """Put a listing's entry with the manifest files (with its identity) or the folders."""
    try:
        is_folder = entry.is_dir(follow_symlinks=False)
    except OSError:
        is_folder = False
    if is_folder:
        if entry.name not in SKIPPED_DIRS:
            folders.append(entry.name)
        return
    if not is_manifest_name(entry.name):
        return
    try:
        # The listing says a file is a regular one, and its inode (on its folder's
        # device): no stat. A link, or a listing that does not say, is looked at.
        if entry.is_file(follow_symlinks=False):
            files.append((entry.name, (device, entry.inode()), True))
            return
        info = entry.stat()
    except OSError:  # a dangling link, say: the loader says what is wrong
        files.append((entry.name, _path_identity(entry.path), False))
        return
    if stat.S_ISREG(info.st_mode):
        files.append((entry.name, (info.st_dev, info.st_ino), True))


def _glob(pattern: str) -> _Found:
    """What a glob matches (`**` is any number of folders), sorted; folders are searched.

    As the shell's: a name that starts with a dot is matched only by a part that does;
    unlike Python's glob, a folder the pattern must look into and cannot is reported, and
    `**` does not follow links to folders (it would go round a loop).
    """
    matches: list[str] = []
    unlisted: list[tuple[str, OSError]] = []
    if pattern.startswith(os.sep):
        base, rest = os.sep, pattern.lstrip(os.sep)
    else:
        base, rest = "", pattern
    parts = [part for part in rest.split(os.sep) if part]
    _match(base, parts, matches, unlisted)
    found: list[tuple[str, OSError | None]] = [(match, None) for match in matches]
    found = [item for item in [*found, *unlisted] if not _skipped(item[0])]
    if not found:
        raise UsageError(f"no file matches {pattern!r}")
    for path, item in sorted(found, key=lambda pair: pair[0]):
        if item is not None:
            yield _unlisted(path, item), _identity(path)
            continue
        try:
            info = os.stat(path)
        except OSError:
            yield Source(path), _path_identity(path)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path)
        elif stat.S_ISREG(info.st_mode):
            yield Source(path, regular=True), (info.st_dev, info.st_ino)


def _skipped(path: str) -> bool:
    return not SKIPPED_DIRS.isdisjoint(os.path.normpath(path).split(os.sep))


def _match(
    base: str, parts: list[str], matches: list[str], unlisted: list[tuple[str, OSError]]
) -> None:
    if not parts:
        matches.append(base or os.curdir)
        return
    part, rest = parts[0], parts[1:]
    if part == "**":
        if not rest:  # everything below: the folder itself, searched
            matches.append(base or os.curdir)
            return
        for folder in [base, *_folders_below(base, unlisted)]:
            _match(folder, rest, matches, unlisted)
        return
    if not glob.has_magic(part):
        path = os.path.join(base, part)
        try:  # the last part may be a dangling link; the folders on the way must be folders
            info = os.stat(path) if rest else os.lstat(path)
        except PermissionError as error:  # `base` cannot be searched
            unlisted.append((base or os.curdir, error))
            return
        except OSError:
            return
        if not rest:
            matches.append(path)
        elif stat.S_ISDIR(info.st_mode):
            _match(path, rest, matches, unlisted)
        return
    for entry in _listing(base, unlisted):
        if entry.name.startswith(".") and not part.startswith("."):
            continue
        if not fnmatch.fnmatch(entry.name, part):
            continue
        path = os.path.join(base, entry.name)
        if not rest:
            matches.append(path)
        elif _is_folder(entry):
            _match(path, rest, matches, unlisted)


def _listing(directory: str, unlisted: list[tuple[str, OSError]]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory or os.curdir) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        unlisted.append((directory or os.curdir, error))
        return []


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folders_below(base: str, unlisted: list[tuple[str, OSError]]) -> Iterator[str]:
    """Every folder below `base` but hidden ones, parents first; links are not followed."""
    for entry in _listing(base, unlisted):
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder:
            path = os.path.join(base, entry.name)
            yield path
            yield from _folders_below(path, unlisted)
