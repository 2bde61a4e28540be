"""Load, schema, rules, result: everything `validate` decides, and nothing it prints."""

from __future__ import annotations

import dataclasses
import errno
import fnmatch
import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from lpmanifest.findings import load_rules
from lpmanifest.findings.model import Finding, RuleInfo, Severity
from lpmanifest.source.document import Document
from lpmanifest.source.formats import is_manifest_name

# Folders a directory search never enters: tools' caches and vendored code.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__"})


class LintRule(Protocol):
    """A check beyond the schema (see `lpmanifest.rules`)."""

    @property
    def info(self) -> RuleInfo: ...

    def check(self, doc: Document) -> Iterator[Finding]: ...


class UsageError(ValueError):
    """Bad arguments or configuration: reported on stderr, exit code 2 (a `ValueError` for
    callers of the Python API)."""


# Keys of a LivePerson manifest that other formats named "manifest" use too (a web app
# manifest has `description`, `scope` and `id`): they say nothing about what a file is.
SHARED_KEYS = frozenset({"description", "scope", "id", "enabled", "deleted"})
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def key_spelling(key: str) -> str:
    """A key as the schema spells keys: `clientName`, `Client-Name` -> `client_name`."""
    return _CAMEL_HUMP.sub("_", key.strip()).lower().replace("-", "_")


class Options(NamedTuple):
    """Which rules run, at which severity, and how severe a finding fails the run."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = MappingProxyType({})
    fail_on: Severity = Severity.ERROR


class Summary:
    """How many files were checked, and how many findings of each severity they hold."""

    __slots__ = ("errors", "files", "infos", "warnings")

    def __init__(self) -> None:
        self.files = self.errors = self.warnings = self.infos = 0

    def add(self, findings: Iterable[Finding]) -> None:
        self.files += 1
        for finding in findings:
            if finding.severity is Severity.ERROR:
                self.errors += 1
            elif finding.severity is Severity.WARNING:
                self.warnings += 1
            else:
                self.infos += 1

    def failed(self, fail_on: Severity) -> bool:
        counts = {Severity.ERROR: self.errors, Severity.WARNING: self.warnings}
        counts[Severity.INFO] = self.infos
        return any(counts[level] for level in Severity if level >= fail_on)


class Checker:
    """Checks documents against the bundled schema and the lint rules, one at a time."""

    def __init__(self, options: Options | None = None, rules: Sequence[LintRule] = ()) -> None:
        from lpmanifest.engine import FallbackEngine
        from lpmanifest.schema import load_schema

        self.options = options or Options()
        self.schema = load_schema()
        self.engine = FallbackEngine(self.schema)
        self.rules = tuple(rule for rule in rules if self._enabled(rule.info.code, rule.info.name))
        self._distinctive: frozenset[str] | None = None

    def _enabled(self, code: str, name: str) -> bool:
        select, ignore = self.options.select, self.options.ignore
        if select is not None and name not in select and code not in select:
            return False
        return name not in ignore and code not in ignore

    def unrelated(self, doc: Document) -> bool:
        """Is `doc` plainly not a LivePerson manifest? An object with keys, none of which
        (spelt in any case, with `-` or camelCase) is a LivePerson manifest's, apart from
        the few that other formats share (SHARED_KEYS): a web app's or a browser
        extension's `manifest.json`, say. A file that does not load, an empty object and a
        root that is not an object are not unrelated: they are checked (and reported).
        """
        if not (doc.loaded and isinstance(doc.data, dict) and doc.data):
            return False
        if self._distinctive is None:
            self._distinctive = frozenset(self.schema.get("properties", {})) - SHARED_KEYS
        return not any(
            isinstance(key, str) and key_spelling(key) in self._distinctive for key in doc.data
        )

    def check(self, doc: Document, *, verify_fixes: bool = True) -> list[Finding]:
        """The document's findings, sorted. A finding's fix is kept only where applying it
        passes the checks of `fix.fix_document` (checking again finds it gone and nothing
        new), so a report that says `--fix` applies it is right."""
        findings = list(doc.findings)
        if doc.loaded and isinstance(doc.data, dict):
            findings.extend(self.schema_findings(doc))
            for rule in self.rules:
                findings.extend(rule.check(doc))
        if doc.format == "yaml" and "lpmanifest:" in doc.text:
            from lpmanifest.suppress import apply

            findings = apply(doc, findings)
        if not findings:
            return findings
        findings = self._finish(findings)
        if verify_fixes and doc.text and any(f.fix is not None for f in findings):
            from lpmanifest.fix import fix_document

            findings = fix_document(doc, self, findings).offered
        return findings

    def schema_findings(self, doc: Document) -> list[Finding]:
        if self.engine.is_valid(doc.data):
            return []
        from lpmanifest.explain import explain

        return explain(doc, self.engine.errors(doc.data))

    def _finish(self, findings: list[Finding]) -> list[Finding]:
        kept = []
        severities = self.options.severities
        for finding in findings:
            if finding.code not in load_rules.ALWAYS_REPORTED and not self._enabled(
                finding.code, finding.name
            ):
                continue
            level = severities.get(finding.name) or severities.get(finding.code)
            if level is not None and level is not finding.severity:
                finding = dataclasses.replace(finding, severity=level)
            kept.append(finding)
        kept.sort(key=lambda finding: finding.sort_key)
        return kept


def check_data(data: Any, name: str = "<data>", checker: Checker | None = None) -> list[Finding]:
    """Check already-parsed manifest data (no source positions: findings point at 1:1).

    Data that JSON cannot hold is a UsageError naming where; data past the limits of
    loading (depth, number of values) is refused with the same finding as a file.
    """
    from lpmanifest.findings.model import START_OF_FILE
    from lpmanifest.source.limits import foreign_value, limits_problem

    foreign = foreign_value(data)
    if foreign is not None:
        raise UsageError(
            f"{name}: {foreign}; manifest data holds only what JSON can (objects with string "
            "keys, lists, strings, numbers, true, false and null)"
        )
    doc = data_document(data, name)
    problem = limits_problem(data)
    if problem is not None:
        doc.data, doc.loaded = None, False
        doc.findings.append(load_rules.INPUT_TOO_LARGE.finding(name, START_OF_FILE, (), *problem))
    elif not isinstance(data, dict):
        rule = load_rules.NOT_AN_OBJECT
        message = "the manifest must be an object of keys and values"
        doc.findings.append(rule.finding(name, doc.value_span(()), (), message))
    return (checker or Checker()).check(doc)


class Source(NamedTuple):
    """A file to check, as it was named or found (`-` is standard input)."""

    path: str
    # Why it cannot be read, when that was found while searching (a folder that cannot be
    # listed): the loader turns it into an unreadable-file finding at `path`.
    problem: str | None = None
    # Standard input, a FIFO or a character device: it can be read once, on this process.
    stream: bool = False


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
    if not os.path.isabs(path):
        return os.path.normpath(path)
    relative = os.path.relpath(path)
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
        yield Source(argument, stream=stream), (info.st_dev, info.st_ino)


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
        files: list[tuple[str, object]] = []
        folders: list[str] = []
        try:
            with os.scandir(directory) as listing:
                for entry in listing:
                    _sort_entry(entry, files, folders)
        except OSError as error:
            yield _unlisted(directory, error), _identity(directory)
            continue
        files.sort(key=lambda item: item[0])
        for name, identity in files:
            yield Source(os.path.join(directory, name)), identity
        folders.sort()
        pending.extend(os.path.join(directory, name) for name in reversed(folders))


def _sort_entry(
    entry: os.DirEntry[str], files: list[tuple[str, object]], folders: list[str]
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
        info = entry.stat()
    except OSError:  # a dangling link, say: the loader says what is wrong
        files.append((entry.name, _path_identity(entry.path)))
        return
    if stat.S_ISREG(info.st_mode):
        files.append((entry.name, (info.st_dev, info.st_ino)))


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
            yield Source(path), (info.st_dev, info.st_ino)


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


def data_document(data: Any, name: str = "<data>") -> Document:
    """Already-parsed manifest data as a document without text, for a rule to read (no
    source positions: findings point at 1:1)."""
    doc = Document(name, "json", "", data=data, loaded=True)
    doc._locations = {}
    return doc
