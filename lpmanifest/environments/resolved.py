"""One manifest for one environment: the base, its overlay merged in, its variables
substituted, and its findings each pointing at the file and line that set the value.

The checker sees the merged data as a document without text of its own, whose positions are
those of the file that set each value; its findings are then handed back to that file (the
base or the overlay), with that file's suppression comments applied, so the report shows
each finding in the frame of the file to edit. Fixes are dropped: they would be edits of a
text that does not exist.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from lpmanifest.check.checker import Checker
from lpmanifest.environments.overlays import merge_patch, set_by_overlay
from lpmanifest.environments.variables import Variables, substitute
from lpmanifest.findings import load_rules
from lpmanifest.findings.model import Finding, JsonPath
from lpmanifest.source.document import Document, new_finding, not_an_object
from lpmanifest.source.locations import Location


class Resolved:
    """A base manifest with its overlay (if any) and its variables applied."""

    def __init__(
        self, base: Document, overlay: Document | None, env: str | None, variables: Variables
    ) -> None:
        self.base, self.overlay, self.env = base, overlay, env
        self.data: Any = None
        self.loaded = False
        self._problems: list[Finding] = []
        self._patch: Any = {}  # the overlay's data, once both files loaded as mappings
        if not base.loaded or (overlay is not None and not overlay.loaded):
            return
        if overlay is not None and not isinstance(overlay.data, dict):
            overlay.findings.append(not_an_object(overlay))
            return
        if not isinstance(base.data, dict):
            return  # the base's own not-an-object finding says it
        if overlay is not None:
            self._patch = overlay.data
            merged = merge_patch(base.data, overlay.data)
        else:
            merged = base.data
        self.data, problems = substitute(merged, variables)
        self.loaded = True
        for problem in problems:
            source = self.origin(problem.path)
            self._problems.append(
                new_finding(
                    source,
                    load_rules.UNDEFINED_VARIABLE,
                    source.value_span(problem.path),
                    problem.path,
                    problem.message,
                    "define it with --var NAME=VALUE, in the --env-file, or in the environment",
                )
            )

    @property
    def sources(self) -> list[Document]:
        return [self.base] + ([self.overlay] if self.overlay is not None else [])

    @property
    def label(self) -> str:
        return f"{self.base.file} [{self.env}]" if self.env else self.base.file

    def origin(self, path: JsonPath) -> Document:
        """The file that set the value at `path` of the merged data."""
        if self.overlay is not None and set_by_overlay(self._patch, path):
            return self.overlay
        return self.base

    @property
    def failed(self) -> bool:
        """Whether it could not be resolved into data (a load finding or a variable)."""
        return not self.loaded or bool(self._problems)

    def check(self, checker: Checker) -> list[tuple[Document, list[Finding]]]:
        """The findings, each in the file that set its value: (document, findings) for the
        base, then the overlay."""
        by_source: dict[int, list[Finding]] = {id(doc): list(doc.findings) for doc in self.sources}
        if self.loaded:
            merged = self.document()
            found = checker.check(merged, verify_fixes=False)
            variable_paths = {problem.path for problem in self._problems}
            for finding in [*self._problems, *found]:
                if finding.name == "placeholder-value" and finding.path in variable_paths:
                    continue  # the undefined variable says it (a `${NAME}` is not a slot)
                source = self.origin(finding.path)
                if finding in by_source[id(source)]:
                    continue
                by_source[id(source)].append(
                    dataclasses.replace(finding, file=source.file, fix=None)
                )
        results = []
        for doc in self.sources:
            findings = by_source[id(doc)]
            if doc.format == "yaml" and "lpmanifest:" in doc.text:
                from lpmanifest.check.context import Context
                from lpmanifest.check.suppress import apply

                findings = apply(Context(doc).directives, findings)
            results.append((doc, sorted(findings, key=lambda f: f.sort_key)))
        return results

    def document(self) -> Document:
        """The merged data as a document: no text, the positions of the file that set each
        value, and how YAML wrote each plain scalar, from the same file."""
        merged = Document(self.base.file, self.base.format, "", data=self.data, loaded=True)
        merged._locations = _MergedLocations(self)
        for source in self.sources:
            for path, plain in source.plain.items():
                if self.origin(path) is source:
                    merged.plain[path] = plain
        return merged


class _MergedLocations(Mapping[JsonPath, Location]):
    """Each path's location in the file that set it."""

    def __init__(self, resolved: Resolved) -> None:
        self.resolved = resolved

    def __getitem__(self, path: JsonPath) -> Location:
        found = self.resolved.origin(path).locations.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def __iter__(self) -> Iterator[JsonPath]:
        seen: set[JsonPath] = set()
        for source in self.resolved.sources:
            for path in source.locations:
                if path not in seen and self.resolved.origin(path) is source:
                    seen.add(path)
                    yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)
