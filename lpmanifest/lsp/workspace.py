"""Which open documents are manifests, and the checker each is checked with.

A document is a manifest by the command line's rules: its name says a manifest format
(`.json`, `.yaml`, `.yml`) and either matches the manifest file patterns (by default any name
with "manifest" in it, as the pre-commit hook's; the client's `files` setting replaces them),
or its content is plainly a LivePerson manifest's (a key of one, as `--skip-unrelated` judges).
A `package.json` or a `docker-compose.yaml` gets no diagnostics.

The configuration is the workspace's, found from each document's folder upward as the
command line finds it from the working directory (`.lpmanifest.toml`, `pyproject.toml`), and
read again when one of those files changes; the client's settings (`select`, `ignore`,
`allowPlaceholders`) win over it as options do.
"""

from __future__ import annotations

import fnmatch
import os
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from lpmanifest.check.checker import Checker, Options
from lpmanifest.errors import UsageError
from lpmanifest.findings.model import Finding
from lpmanifest.source.document import Document
from lpmanifest.source.formats import Format, format_of_name
from lpmanifest.source.limits import MAX_BYTES
from lpmanifest.source.read import load_bytes, load_text

DEFAULT_FILES = ("*manifest*",)


class Settings(NamedTuple):
    """The client's settings (`initializationOptions`, or the `lpmanifest` section)."""

    files: tuple[str, ...] = DEFAULT_FILES
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    allow_placeholders: bool | None = None

    @classmethod
    def read(cls, raw: object) -> Settings:
        """Settings from a client's JSON; what is not understood is left at its default."""
        if not isinstance(raw, Mapping):
            return cls()
        section: Mapping[str, Any] = raw
        if isinstance(raw.get("lpmanifest"), Mapping):
            section = raw["lpmanifest"]

        def names(key: str) -> tuple[str, ...] | None:
            value = section.get(key)
            if isinstance(value, str):
                return (value,)
            if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
                return tuple(value)
            return None

        allow = section.get("allowPlaceholders")
        return cls(
            files=names("files") or DEFAULT_FILES,
            select=names("select"),
            ignore=names("ignore"),
            allow_placeholders=allow if isinstance(allow, bool) else None,
        )


class Checked(NamedTuple):
    """One check of a document's text: the document and its findings."""

    doc: Document
    findings: list[Finding]
    checker: Checker


def path_of(uri: str) -> str | None:
    """The file system path of a `file:` URI; None for any other scheme."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme != "file":
        return None
    return urllib.request.url2pathname(urllib.parse.unquote(parts.path))


class Workspace:
    """The checkers of a workspace, one per configuration file, made when first needed."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._checkers: dict[str | None, Checker] = {}
        self.problems: list[str] = []  # configuration errors, to be shown to the user once

    def update(self, settings: Settings) -> None:
        self.settings = settings
        self.forget()

    def forget(self) -> None:
        """Drop every checker: the configuration or the settings changed."""
        self._checkers.clear()

    def format_of(self, uri: str) -> Format | None:
        name = path_of(uri) or urllib.parse.urlsplit(uri).path
        return format_of_name(name)

    def named_as_manifest(self, uri: str) -> bool:
        name = os.path.basename(path_of(uri) or urllib.parse.urlsplit(uri).path)
        return any(fnmatch.fnmatch(name.lower(), p.lower()) for p in self.settings.files)

    def checker_for(self, uri: str) -> Checker:
        from lpmanifest.check.config import find_config, resolve_options
        from lpmanifest.rules import LINT_RULES

        path = path_of(uri)
        config = find_config(os.path.dirname(path)) if path else None
        checker = self._checkers.get(config)
        if checker is None:
            settings = self.settings
            try:
                options = resolve_options(
                    config,
                    config is None,
                    settings.select,
                    settings.ignore,
                    None,
                    settings.allow_placeholders,
                )
            except UsageError as error:
                self.problems.append(str(error))
                options = Options()
            checker = self._checkers[config] = Checker(options, LINT_RULES)
        return checker

    def check(self, uri: str, text: str) -> Checked | None:
        """The findings of a document, if it is a manifest; None for any other document."""
        fmt = self.format_of(uri)
        if fmt is None:
            return None
        name = path_of(uri) or uri
        doc = _load(text, name, fmt)
        checker = self.checker_for(uri)
        if not self.named_as_manifest(uri) and not _plainly_a_manifest(doc, checker):
            return None
        return Checked(doc, checker.check(doc), checker)


def _load(text: str, name: str, fmt: Format) -> Document:
    """The document, under the size limit a file has (a text that may be over it is
    measured in bytes, as a file would be)."""
    if len(text) > MAX_BYTES // 4:
        data = text.encode("utf-8", "surrogatepass")
        if len(data) > MAX_BYTES:
            return load_bytes(data, name, fmt)
    return load_text(text, name, fmt)


def _plainly_a_manifest(doc: Document, checker: Checker) -> bool:
    """Content that is a LivePerson manifest's: an object with a key of one."""
    data: Any = doc.data
    return bool(doc.loaded and isinstance(data, dict) and data and not checker.unrelated(doc))
