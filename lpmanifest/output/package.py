"""A package for LivePerson's Account Management, built whole in memory before anything is
written: the manifest as the JSON `convert` writes (the same text, byte for byte: it is the
conversion's), `SUMMARY.md` for the people who install it, and `SHA256SUMS` over both in the
form `sha256sum -c` reads. Also which files of a directory an earlier package put there,
the only ones `package --force` may replace.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lpmanifest.characters import UNSAFE, matching
from lpmanifest.errors import UsageError
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.findings.wording import inert
from lpmanifest.output.package_summary import SUMMARY_FILE, SUMS_FILE, summary
from lpmanifest.source.formats import JSON_SUFFIXES, YAML_SUFFIXES

MANIFEST_SUFFIX = ".json"
# A line of `sha256sum` output: the digest, a space, a space (text) or `*` (binary), the name.
# A name that sha256sum escapes (a backslash, a line break) starts its line with `\`; none of
# this package's needs it, and such a line names nothing `--force` may replace.
_SUM_LINE = re.compile(r"[0-9a-fA-F]{64} [ *]([^/\\]+)")
MAX_SUMS_BYTES = 1 << 20  # an earlier package's SHA256SUMS is a few lines


@dataclass(frozen=True)
class Package:
    """The files of one package: names in the directory, and their bytes, in order."""

    manifest: str  # the manifest's name in the package (`connector.json`)
    files: Mapping[str, bytes]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.files)


def manifest_name(source: str) -> str:
    """The manifest's name in the package: the input's, as JSON (`connector.yaml` ->
    `connector.json`, `app.json` stays). A UsageError if the name holds a character that
    `SHA256SUMS` would have to escape or a terminal would act on."""
    base = os.path.basename(os.path.normpath(source))
    stem, suffix = os.path.splitext(base)
    if suffix.lower() in YAML_SUFFIXES + JSON_SUFFIXES:
        base = stem
    if "\\" in base or matching(UNSAFE).search(base):
        raise UsageError(
            f"cannot name the package's manifest after {inert(os.path.basename(source))}: "
            "the name holds a control character or a backslash; rename the file"
        )
    return base + MANIFEST_SUFFIX


def file_names(source: str) -> tuple[str, ...]:
    """The names of the package of the manifest at `source`, in the order they are listed."""
    return (manifest_name(source), SUMMARY_FILE, SUMS_FILE)


def build(
    manifest_json: str,
    data: Mapping[str, Any],
    *,
    source: str,
    findings: Sequence[Finding],
    fail_on: Severity,
    version: str,
) -> Package:
    """The package of a manifest that passed its checks: `manifest_json` is the conversion's
    text, `data` the manifest's data, `findings` what the checks left (all below
    `fail_on`), `source` the input's path (only its name goes into the package)."""
    manifest = manifest_name(source)
    written = summary(
        data,
        manifest=manifest,
        source=os.path.basename(os.path.normpath(source)),
        findings=findings,
        fail_on=fail_on,
        version=version,
    )
    files = {manifest: manifest_json.encode("utf-8"), SUMMARY_FILE: written.encode("utf-8")}
    files[SUMS_FILE] = sha256sums(files)
    return Package(manifest, files)


def sha256sums(files: Mapping[str, bytes]) -> bytes:
    """`SHA256SUMS` for `files`: what `sha256sum NAME...` prints, which `sha256sum -c` checks
    (the digest in lower-case hex, two spaces, the name relative to the directory)."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items()]
    return "".join(lines).encode("utf-8")


def replaceable(directory: str, names: Collection[str]) -> frozenset[str]:
    """What `--force` may replace in `directory`: this package's files (`names`), and those
    of an earlier package there (`SHA256SUMS` and every file it lists). Anything else is
    someone's, and replacing the directory would lose it."""
    return frozenset({*names, SUMS_FILE, *_listed(os.path.join(directory, SUMS_FILE))})


def _listed(path: str) -> list[str]:
    """The names an earlier package's SHA256SUMS lists; none if it is not a small regular
    file of such lines (it is never followed through a link, never waited on)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return []
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SUMS_BYTES:
            return []
        raw = os.read(fd, MAX_SUMS_BYTES)
    except OSError:
        return []
    finally:
        os.close(fd)
    names = []
    for line in raw.decode("utf-8", "replace").splitlines():
        match = _SUM_LINE.fullmatch(line)
        if match:
            names.append(match.group(1))
    return names
