"""One online run: every distinct host, logo and sample notification of all the documents
contacted once, concurrently, within a bound for each and one for the whole run; what they
found becomes findings at the line of each key that names them."""

from __future__ import annotations

import asyncio
import functools
import ssl
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import NamedTuple, TextIO

from lpmanifest.findings import online_rules
from lpmanifest.findings.model import Finding, JsonPath, Severity, Span
from lpmanifest.findings.wording import plural
from lpmanifest.online.events import sample_body, signature
from lpmanifest.online.plan import EventTarget, HostKey, Plan
from lpmanifest.online.probe import (
    Limits,
    Problem,
    check_host,
    fetch_logo,
    new_client,
    send_event,
)
from lpmanifest.online.trust import tls_context


class Identity(NamedTuple):
    """Who the sample notifications say they are for, and the key that signs them."""

    account_id: str | None = None
    client_id: str | None = None
    secret: str | None = None  # never printed, never sent: only the signature's key


class Bounds(NamedTuple):
    """How long one URL's checks may take, and the whole run."""

    per_url: float = 20.0
    run: float = 45.0


_LABELS = {
    "endpoint": "webhook endpoint",
    "redirect_uri": "redirect URI",
    "entry_uri": "entry_uri",
    "logo_uri": "logo_uri",
}

_EventKey = tuple[str, str, tuple[tuple[str, str], ...]]


def check_online(
    plans: Sequence[Plan],
    *,
    send_events: bool = False,
    identity: Identity | None = None,
    limits: Limits | None = None,
    bounds: Bounds | None = None,
    progress: TextIO | None = None,
) -> list[list[Finding]]:
    """The online findings of each plan, in order (at their rules' default severities)."""
    context = tls_context()  # a bad SSL_CERT_FILE is a usage error before any contact
    run = _Run(
        plans,
        send_events,
        identity or Identity(),
        limits or Limits(),
        bounds or Bounds(),
        context,
        progress,
    )
    return asyncio.run(run.findings())


class _Run:
    def __init__(
        self,
        plans: Sequence[Plan],
        send_events: bool,
        identity: Identity,
        limits: Limits,
        bounds: Bounds,
        context: ssl.SSLContext,
        progress: TextIO | None,
    ) -> None:
        self.plans, self.send_events, self.identity = plans, send_events, identity
        self.limits, self.bounds, self.context = limits, bounds, context
        self.progress_stream = progress
        self.hosts: dict[HostKey, asyncio.Task[list[Problem]]] = {}
        self.logos: dict[str, asyncio.Task[list[Problem]]] = {}
        self.events: dict[_EventKey, asyncio.Task[list[Problem]]] = {}

    async def findings(self) -> list[list[Finding]]:
        self.client = new_client(self.context, self.limits)
        async with self.client:
            for plan in self.plans:
                for url in plan.urls:
                    self._host_task(url.host_key)
                    if url.kind == "logo_uri" and url.url not in self.logos:
                        logo = functools.partial(fetch_logo, self.client, url.url, self.limits)
                        self.logos[url.url] = self._after(url.host_key, logo)
                if self.send_events:
                    for event in plan.events:
                        self._event_task(event)
            tasks = [*self.hosts.values(), *self.logos.values(), *self.events.values()]
            if not tasks:
                return [[] for _ in self.plans]
            with self._progress(len(tasks)) as advance:
                for task in tasks:
                    task.add_done_callback(lambda _: advance())
                _, pending = await asyncio.wait(tasks, timeout=self.bounds.run)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        return [self._plan_findings(plan) for plan in self.plans]

    def _start(self, work: Callable[[], Awaitable[list[Problem]]]) -> asyncio.Task[list[Problem]]:
        return asyncio.ensure_future(self._bounded(work))

    async def _bounded(self, work: Callable[[], Awaitable[list[Problem]]]) -> list[Problem]:
        try:
            return await asyncio.wait_for(work(), self.bounds.per_url)
        except asyncio.TimeoutError:
            return [
                Problem(
                    online_rules.ENDPOINT_TIMEOUT,
                    f"no verdict within {self.bounds.per_url:g} s, the bound for one URL",
                    "make the host answer at once",
                )
            ]

    def _after(
        self, host: HostKey, work: Callable[[], Awaitable[list[Problem]]]
    ) -> asyncio.Task[list[Problem]]:
        """Work that needs its host: skipped when the host check failed (said once, there)."""

        async def then() -> list[Problem]:
            problems = await self.hosts[host]
            if any(problem.rule.severity is Severity.ERROR for problem in problems):
                return []
            return await self._bounded(work)

        return asyncio.ensure_future(then())

    def _event_task(self, event: EventTarget) -> None:
        key: _EventKey = (event.url, event.event, event.headers)
        if key in self.events:
            return
        self._host_task(event.host)
        body = sample_body(event.event)
        headers = self._headers(body, event.headers)
        send = functools.partial(
            send_event, self.client, event.url, event.event, body, headers, self.limits
        )
        self.events[key] = self._after(event.host, send)

    def _host_task(self, key: HostKey) -> None:
        if key not in self.hosts:
            check = functools.partial(check_host, *key, self.context, self.limits)
            self.hosts[key] = self._start(check)

    def _headers(
        self, body: bytes, manifest_headers: tuple[tuple[str, str], ...]
    ) -> list[tuple[str, str]]:
        """LivePerson's headers for one notification, then the manifest's own."""
        headers = [("Content-Type", "application/json")]
        if self.identity.account_id:
            headers.append(("x-liveperson-account-id", self.identity.account_id))
        if self.identity.client_id:
            headers.append(("x-liveperson-client-id", self.identity.client_id))
        if self.identity.secret:
            headers.append(("x-liveperson-signature", signature(self.identity.secret, body)))
        return headers + list(manifest_headers)

    def _plan_findings(self, plan: Plan) -> list[Finding]:
        findings: list[Finding] = []
        for url in plan.urls:
            label = _LABELS.get(url.kind, url.kind)
            for problem in self._result(self.hosts[url.host_key]):
                findings.append(_finding(plan, url.span, url.path, problem, label))
            if url.kind == "logo_uri":
                for problem in self._result(self.logos[url.url]):
                    findings.append(_finding(plan, url.span, url.path, problem, None))
        for event in plan.events:
            task = self.events.get((event.url, event.event, event.headers))
            if task is not None:
                for problem in self._result(task):
                    findings.append(_finding(plan, event.span, event.path, problem, None))
        return findings

    def _result(self, task: asyncio.Task[list[Problem]]) -> list[Problem]:
        if task.cancelled() or not task.done():
            return [
                Problem(
                    online_rules.ENDPOINT_TIMEOUT,
                    f"no verdict within {self.bounds.run:g} s, the bound for the whole run",
                    "run again with fewer manifests, or make the hosts answer at once",
                )
            ]
        error = task.exception()
        if error is not None:  # a fault of ours, not the network's: said, never a traceback
            return [
                Problem(
                    online_rules.ENDPOINT_UNREACHABLE,
                    f"could not be checked ({type(error).__name__}: {error})",
                )
            ]
        return task.result()

    def _progress(self, total: int) -> _Progress:
        return _Progress(self.progress_stream, total)


def _finding(
    plan: Plan, span: Span, path: JsonPath, problem: Problem, label: str | None
) -> Finding:
    message = f"{label}: {problem.message}" if label else problem.message
    return problem.rule.finding(plan.file, span, path, message, help=problem.help)


class _Progress:
    """A progress bar on a terminal while the URLs are checked (rich, on stderr); nothing
    otherwise."""

    def __init__(self, stream: TextIO | None, total: int) -> None:
        self.stream, self.total = stream, total
        self._bar: object | None = None

    def __enter__(self) -> Callable[[], None]:
        if self.stream is None or self.total == 0:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress = Progress(
            TextColumn(f"checking {plural(self.total, 'URL')} online"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(file=self.stream, stderr=self.stream is sys.stderr),
            transient=True,
        )
        progress.start()
        task = progress.add_task("online", total=self.total)
        self._bar = progress
        return lambda: progress.advance(task)

    def __exit__(self, *_: object) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]
