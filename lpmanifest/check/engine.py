"""Schema validation engines, reduced to one raw error shape.

`jsonschema-rs` (compiled) is the fast path: validating a manifest costs microseconds and
its import is light. `jsonschema` (pure Python) is the reference implementation and the
fallback for values the compiled engine cannot take (lone surrogates, huge integers) or
platforms without its wheel. Both report through `RawError`, so the messages people read
do not depend on which engine ran; a test holds them to the same findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple, Protocol

from lpmanifest.findings.model import JsonPath
from lpmanifest.manifest import value_at
from lpmanifest.schema import subschema


class RawError(NamedTuple):
    """One failed keyword: which, where in the instance, and the subschema it belongs to."""

    keyword: str
    path: JsonPath
    instance: Any
    schema: Any


class Engine(Protocol):
    name: str

    def is_valid(self, data: Any) -> bool: ...

    def errors(self, data: Any) -> Iterator[RawError]: ...


class PythonEngine:
    """The `jsonschema` reference implementation."""

    name = "jsonschema"

    def __init__(self, schema: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator

        self._validator = Draft202012Validator(schema)

    def is_valid(self, data: Any) -> bool:
        return bool(self._validator.is_valid(data))

    def errors(self, data: Any) -> Iterator[RawError]:
        for error in self._validator.iter_errors(data):
            yield from _flatten(error)


def _flatten(error: Any) -> Iterator[RawError]:
    yield RawError(str(error.validator), tuple(error.absolute_path), error.instance, error.schema)


class RustEngine:
    """The compiled `jsonschema-rs` engine."""

    name = "jsonschema-rs"

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema_rs

        self._schema = schema
        self._validator = jsonschema_rs.validator_for(schema)

    def is_valid(self, data: Any) -> bool:
        return bool(self._validator.is_valid(data))

    def errors(self, data: Any) -> Iterator[RawError]:
        for error in self._validator.iter_errors(data):
            location = list(error.schema_path)
            keyword = str(location[-1]) if location else "false"
            holder = subschema(self._schema, location[:-1]) if location else self._schema
            path = tuple(error.instance_path)
            # The value from the data itself: the engine's copy of an object has its keys
            # sorted, and messages show values as the user wrote them.
            yield RawError(keyword, path, value_at(data, path), holder)


class FallbackEngine:
    """The fast engine where it can, the reference engine where it cannot."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self._schema = schema
        self._fast: Engine | None
        try:
            self._fast = RustEngine(schema)
        except ImportError:  # no wheel for this platform
            self._fast = None
        self._reference: Engine | None = None
        self.name = self._fast.name if self._fast else PythonEngine.name

    def _slow(self) -> Engine:
        if self._reference is None:
            self._reference = PythonEngine(self._schema)
        return self._reference

    def is_valid(self, data: Any) -> bool:
        if self._fast is not None:
            try:
                return self._fast.is_valid(data)
            except (ValueError, OverflowError, UnicodeError):
                pass
        return self._slow().is_valid(data)

    def errors(self, data: Any) -> Iterator[RawError]:
        if self._fast is not None:
            try:
                found = list(self._fast.errors(data))
            except (ValueError, OverflowError, UnicodeError):
                pass
            else:
                yield from found
                return
        yield from self._slow().errors(data)
