"""A catalogue of kinds of findings: which rule names and codes exist, and the name closest to
a misspelt one. The registry has the whole one (`lpmanifest.rules.CATALOGUE`); a checker has
the one of the rules it was given, which reaches `invalid-suppression` through its context."""

from __future__ import annotations

from collections.abc import Iterable

from lpmanifest.findings.model import RuleInfo


class Catalogue:
    """Rule kinds by kebab-case name and by code."""

    __slots__ = ("_by_key", "infos", "names")

    def __init__(self, infos: Iterable[RuleInfo]) -> None:
        self.infos: tuple[RuleInfo, ...] = tuple(infos)
        self.names: tuple[str, ...] = tuple(info.name for info in self.infos)
        self._by_key: dict[str, RuleInfo] = {}
        for info in reversed(self.infos):  # the first listed wins, as a search in order would
            self._by_key[info.code] = self._by_key[info.name] = info

    def lookup(self, name_or_code: str) -> RuleInfo | None:
        """The rule with this kebab-case name or code, if there is one."""
        return self._by_key.get(name_or_code)

    def suggest(self, name: str) -> str | None:
        """The rule name closest to a misspelt one, if one is close enough."""
        from lpmanifest.findings.wording import suggest

        return suggest(name, self.names)
