"""lpmanifest: validate, lint, write and convert LivePerson Application Install Manifests.

The Python API (see `lpmanifest.api`):

    from lpmanifest import validate_file, validate_data, validate_text, load_schema

Its names are imported on first use, so `import lpmanifest` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Finding",
    "Severity",
    "UsageError",
    "__version__",
    "load_schema",
    "validate_data",
    "validate_file",
    "validate_text",
]

if TYPE_CHECKING:
    from lpmanifest.api import UsageError, validate_data, validate_file, validate_text
    from lpmanifest.findings.model import Finding, Severity
    from lpmanifest.schema import load_schema


def __getattr__(name: str) -> Any:
    if name in __all__:
        from lpmanifest import api

        return getattr(api, name)
    raise AttributeError(f"module 'lpmanifest' has no attribute {name!r}")
