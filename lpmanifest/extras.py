"""Optional features and the distributions each needs: a feature used without them is a
usage error that says what to install (exit 2), never an ImportError."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping

from lpmanifest.errors import UsageError


def require(feature: str, extra: str, modules: Mapping[str, str]) -> None:
    """Raise a UsageError naming what to install when a module of `modules` (module name to
    the distribution that provides it) cannot be imported."""
    missing = [name for module, name in modules.items() if not importable(module)]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise UsageError(
            f"{feature} needs {' and '.join(missing)}, which {verb} not installed; install "
            f"{'it' if len(missing) == 1 else 'them'} with: pip install 'lpmanifest[{extra}]'"
        )


def importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
