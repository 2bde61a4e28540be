"""What reading a URL costs, in process: `parse_url` and `host_of` against the regular
expression that `host_of` was before it (kept here as the baseline).

    .venv/bin/python bench/url_cost.py

Every URL is distinct, and the caches are emptied before each round, so a "first" figure is
the cost of a URL whose scheme and host were not seen before; "same host" is a URL whose
head (scheme and authority) was, as the other webhooks of a manifest; "again" is a second
rule asking about the same URL. Best of 7 rounds of 20,000 URLs.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from lpmanifest.rules import _urls
from lpmanifest.rules._helpers import host_of

# host_of before: scheme://[userinfo@]host, the host a bracketed literal or up to `/ ? # :`.
_AUTHORITY = re.compile(r"[ \t]*[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\[[^\]/?#]*\]|[^/?#:]*)")


def regex_host_of(url: str) -> tuple[str, int, int] | None:
    match = _AUTHORITY.match(url)
    if match is None or not match.group(1):
        return None
    start, end = match.span(1)
    host = match.group(1)
    if host.startswith("["):
        host, start, end = host[1:-1], start + 1, end - 1
    return host.lower(), start, end


def urls(count: int, seed: int = 7) -> list[str]:
    """Webhook-like URLs: most plain, some with a port and a query, a few IPv6 literals."""
    rng = random.Random(seed)
    found = []
    for i in range(count):
        host = f"hooks{i}.{rng.choice(['acme', 'northwind', 'contoso'])}{i % 97}.example"
        kind = rng.random()
        if kind < 0.7:
            found.append(f"https://{host}/liveperson/{rng.choice(['content', 'chat-state'])}")
        elif kind < 0.95:
            found.append(f"https://{host}:{rng.randint(1, 65535)}/lp/v2?region=eu-{i}")
        else:
            found.append(f"https://[2001:db8::{i % 65535:x}]:8443/hook{i}")
    return found


def clear() -> None:
    urlsplit.cache_clear()  # type: ignore[attr-defined]
    _urls.parse_url.cache_clear()
    _urls._parse_head.cache_clear()


def best(
    function: Callable[[str], object], data: list[str], before: list[str] | None = None
) -> float:
    """µs per URL, best of 7 rounds; with `before`, each URL's counterpart there is read
    first (in chunks smaller than the caches), and only the whole-URL cache is emptied."""
    times = []
    for _ in range(7):
        clear()
        total = 0.0
        for at in range(0, len(data), 200):
            chunk = data[at : at + 200]
            if before is not None:
                for url in before[at : at + 200]:
                    _urls.parse_url(url)
                if before is not data:
                    _urls.parse_url.cache_clear()
            start = time.perf_counter()
            for url in chunk:
                function(url)
            total += time.perf_counter() - start
        times.append(total)
    return min(times) / len(data) * 1e6


def main() -> None:
    data = urls(20_000)
    # The same scheme and host, another path: the other webhooks of a manifest.
    siblings = [url.rsplit("/", 1)[0] + "/other" for url in data]
    print(f"host_of as a regular expression (before): {best(regex_host_of, data):.2f} µs per URL")
    print(f"host_of, first (after):                   {best(host_of, data):.2f} µs")
    print(f"parse_url, first:                         {best(_urls.parse_url, data):.2f} µs")
    print(
        f"parse_url, same host as an earlier URL:   {best(_urls.parse_url, data, siblings):.2f} µs"
    )
    print(f"parse_url, the same URL again:            {best(_urls.parse_url, data, data):.2f} µs")


if __name__ == "__main__":
    main()
