"""Check many files on several processes, with the results in the order of the files.

Python runs one thread of bytecode at a time, so a second core helps only as a second
process. Workers are forked once the checker is built (schema compiled, rules imported):
each starts in about a millisecond, shares that memory, checks one contiguous slice of the
files and writes its results, a batch at a time, to an unnamed temporary file that the
parent reads back batch by batch once the worker has exited (so neither holds all of its
results: memory stays flat however many files there are). Meanwhile the parent checks the
first slice itself, so its results are reported while the rest are still being checked.

A worker that fails in any way (killed, out of memory, an exception) costs only time: the
parent checks what it did not deliver. The report is the same as with one process, and a
real bug surfaces through the usual error handler with the usual message.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files per process, starting a worker costs more than it saves.
MIN_FILES_PER_JOB = 100
# Results go from a worker to the parent this many at a time.
BATCH = 100


def available_cpus() -> int:
    """The CPUs this process may run on (a container's or taskset's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def plan_jobs(requested: int, files: int) -> int:
    """How many processes to use: `requested`, or with 0 one per CPU that has enough files.

    Workers are forked: not on Windows (no fork), and on macOS only when asked for, since
    its system libraries do not promise to survive a fork.
    """
    if not hasattr(os, "fork"):
        return 1
    if requested > 0:
        return max(1, min(requested, files))
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(available_cpus(), files // MIN_FILES_PER_JOB))


def map_in_order(
    work: Callable[[Item], Result], items: Sequence[Item], jobs: int
) -> Iterator[Result]:
    """`map(work, items)` on `jobs` processes: results in order, the first slice streamed."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(work, items)
        return
    size = -(-len(items) // jobs)  # ceiling: at most `jobs` slices
    slices = [items[start : start + size] for start in range(0, len(items), size)]
    import gc

    # Everything alive now is shared with the workers until someone writes to it. A
    # collection writes to every object it walks, which would copy the whole heap into
    # each process; frozen objects are never walked (see `gc.freeze`).
    gc.freeze()
    workers: list[_Worker | None] = []
    try:
        for part in slices[1:]:
            workers.append(_Worker.start(work, part))
        yield from map(work, slices[0])
        for worker, part in zip(workers, slices[1:], strict=True):
            if worker is None:
                yield from map(work, part)
            else:
                yield from worker.results(work, part)
    finally:
        for worker in workers:
            if worker is not None:
                worker.stop()


class _Worker:
    """One forked process checking one slice; its results wait in a temporary file."""

    def __init__(self, pid: int, output: IO[bytes]) -> None:
        self.pid: int | None = pid
        self.output = output

    @classmethod
    def start(cls, work: Callable[[Item], Result], part: Sequence[Item]) -> _Worker | None:
        """Fork a worker for `part`; None where that is not possible (the parent does it)."""
        import tempfile

        try:
            output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by results or stop)
        except OSError:
            return None
        import signal

        # A buffer not yet written would be written twice: once by each process.
        sys.stdout.flush()
        sys.stderr.flush()
        # Ctrl-C is held back while forking: in the child it would interrupt the
        # interpreter's own after-fork code, which prints a traceback of its own.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            output.close()
            return None
        if pid == 0:  # pragma: no cover (runs in the child; the tests check what it writes)
            _run_child(work, part, output)
        worker = cls(pid, output)
        try:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        except KeyboardInterrupt:  # the Ctrl-C held back: end the new worker too
            worker.stop()
            raise
        return worker

    def results(self, work: Callable[[Item], Result], part: Sequence[Item]) -> Iterator[Result]:
        """The worker's results, a batch at a time, once it has exited.

        What it did not deliver (it failed, or its file is cut short) is checked here.
        """
        import pickle

        delivered = 0
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) == 0:
            self.output.seek(0)
            while True:
                try:
                    batch = pickle.load(self.output)
                except Exception:  # cut short or unreadable: the rest is checked below
                    break
                if not isinstance(batch, list):  # the end
                    break
                yield from batch
                delivered += len(batch)
        self.output.close()
        yield from map(work, part[delivered:])

    def stop(self) -> None:
        """End the worker if it still runs (Ctrl-C, an error in the parent) and reap it."""
        if self.pid is not None:
            import signal

            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        self.output.close()


def _run_child(work: Callable[[Item], Result], part: Sequence[Item], output: IO[bytes]) -> None:
    """The worker's whole life: check, write, and leave without running the parent's exits."""
    code = 1
    try:
        import pickle
        import signal

        # Ctrl-C ends the worker quietly; the parent says "interrupted" once. (It was held
        # back while forking: one that came meanwhile ends the worker here.)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        # In batches, so that neither process holds all its results at once.
        for start in range(0, len(part), BATCH):
            batch = [work(item) for item in part[start : start + BATCH]]
            pickle.dump(batch, output, pickle.HIGHEST_PROTOCOL)
            output.flush()  # delivered, even if the worker dies before the end
        pickle.dump(None, output)  # the end: a file without it was cut short
        output.flush()
        code = 0
    finally:
        # No interpreter shutdown: it would flush the parent's buffers and run its cleanups.
        os._exit(code)
