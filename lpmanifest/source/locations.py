"""Where a key and its value stand in the source: spans for people, offsets for fixes."""

from __future__ import annotations

from collections.abc import Callable

from lpmanifest.findings.model import Span

# A location's four parts: key span, value span, key offsets, value offsets.
Where = tuple[Span | None, Span, tuple[int, int] | None, tuple[int, int]]


class Location:
    """Where a key and its value stand: spans for people, offsets for fixes.

    A scan records every path, but a report shows a few: `Location.later` defers the
    line and column arithmetic until one of the four attributes is first read.
    """

    __slots__ = ("_compute", "_where")

    def __init__(
        self,
        key: Span | None,
        value: Span,
        key_range: tuple[int, int] | None,
        value_range: tuple[int, int],
    ) -> None:
        self._where: Where | None = (key, value, key_range, value_range)
        self._compute: Callable[[], Where] | None = None

    @classmethod
    def later(cls, compute: Callable[[], Where]) -> Location:
        location = cls.__new__(cls)
        location._where, location._compute = None, compute
        return location

    def _resolved(self) -> Where:
        if self._where is None:
            assert self._compute is not None
            self._where, self._compute = self._compute(), None
        return self._where

    @property
    def key(self) -> Span | None:
        return self._resolved()[0]

    @property
    def value(self) -> Span:
        return self._resolved()[1]

    @property
    def key_range(self) -> tuple[int, int] | None:
        return self._resolved()[2]

    @property
    def value_range(self) -> tuple[int, int]:
        return self._resolved()[3]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return self._resolved() == other._resolved()

    def __hash__(self) -> int:
        return hash(self._resolved())

    def __reduce__(self) -> tuple[type[Location], Where]:
        # Sent to another process resolved: the deferred computation holds the scanner.
        return (Location, self._resolved())

    def __repr__(self) -> str:
        key, value, key_range, value_range = self._resolved()
        return f"Location({key!r}, {value!r}, {key_range!r}, {value_range!r})"
