"""`validate --online`: what only the live endpoints can say (SPEC, *Online checks*).

`plan` works out, for each document, the URLs and webhook events to contact (no network);
`trust` makes the one TLS context (the system's store plus `SSL_CERT_FILE`/`SSL_CERT_DIR`,
TLS 1.2 or newer, verification always on); `probe` contacts one host, fetches one logo or
posts one sample notification, each bounded in time and size; `events` shapes and signs the
sample notifications; `run` contacts every distinct URL of a run once, concurrently, and turns
what it learnt into findings at each key's line.

Nothing here is imported without `--online`: the command line and the checker never touch the
network otherwise, and the online dependencies (httpx, Pillow) are an extra.
"""

from __future__ import annotations

import importlib.util

from lpmanifest.errors import UsageError

# The distributions `--online` needs, by the module each provides.
DEPENDENCIES = {"httpx": "httpx", "PIL": "Pillow"}
INSTALL = "pip install 'lpmanifest[online]'"


def require() -> None:
    """Raise a UsageError that says what to install when an online dependency is missing."""
    missing = [name for module, name in DEPENDENCIES.items() if not _importable(module)]
    if missing:
        raise UsageError(
            f"--online needs {' and '.join(missing)}, which {'is' if len(missing) == 1 else 'are'}"
            f" not installed; install them with: {INSTALL}"
        )


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
