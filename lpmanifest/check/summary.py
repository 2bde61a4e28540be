"""What a run found, counted: files checked and findings by severity; whether it fails."""

from __future__ import annotations

from collections.abc import Iterable

from lpmanifest.findings.model import Finding, Severity


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

    def counts(self) -> str:
        """`2 errors, 1 warning, 0 infos`: the findings counted, in words."""
        from lpmanifest.findings.wording import plural

        return ", ".join(
            plural(count, word)
            for count, word in (
                (self.errors, "error"),
                (self.warnings, "warning"),
                (self.infos, "info"),
            )
        )

    def failed(self, fail_on: Severity) -> bool:
        counts = {Severity.ERROR: self.errors, Severity.WARNING: self.warnings}
        counts[Severity.INFO] = self.infos
        return any(counts[level] for level in Severity if level >= fail_on)
