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

from lpmanifest import extras

# The distributions `--online` needs, by the module each provides.
DEPENDENCIES = {"httpx": "httpx", "PIL": "Pillow"}


def require() -> None:
    """Raise a UsageError that says what to install when an online dependency is missing."""
    extras.require("--online", "online", DEPENDENCIES)
