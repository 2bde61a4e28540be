"""What can stop a command, its exit code, and the one handler that says it.

Every command returns an `ExitCode`; anything that stops it early is turned into one line
on stderr and a code here (pre-commit's error_handler): a `UsageError` (bad arguments, a
configuration or a write that cannot be done) is exit 2; Ctrl-C or the end of input at a
prompt is 130; anything else is a bug, said as one, never a traceback.
"""

from __future__ import annotations

import enum
from typing import TextIO

BUG_REPORT = "this is a bug in lpmanifest; please report it with the command you ran"


class ExitCode(enum.IntEnum):
    """The exit codes of every command (SPEC, *Commands*)."""

    OK = 0  # no finding at --fail-on; for `new`, the manifest was written
    FINDINGS = 1  # findings at --fail-on (or fixes --diff would make); `new`: nothing written
    USAGE = 2  # bad arguments or configuration, a write refused, an unexpected error
    INTERRUPTED = 130  # Ctrl-C, or the end of input at a prompt


class UsageError(ValueError):
    """Bad arguments or configuration: reported on stderr, exit code 2 (a `ValueError` for
    callers of the Python API)."""


class ConfigError(UsageError):
    """A configuration file that cannot be used as it is (exit code 2)."""


class WriteError(UsageError):
    """A write that may not or cannot be done; the message names the path and the cause.

    A UsageError, so each command reports it as one: on stderr, exit code 2, nothing written.
    """

    def __init__(self, message: str, path: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        # The cause alone ("No space left on device"), for a caller that names the path its
        # own way: a directory written file by file names the directory, not the file.
        self.reason = reason or message


class Interrupted(Exception):
    """Ctrl-C inside a command, carried past click (which would make it a silent exit)."""


def handle(error: BaseException, stderr: TextIO, *, consequence: str = "") -> ExitCode:
    """Say why a command stopped, on one line, and return its exit code.

    A check cut short is an error (its result is incomplete); a wizard left at a prompt is
    the person's choice, said with its `consequence` ("nothing written"). A broken pipe is
    not handled here: the reader is gone, and there is no one to tell.
    """
    if isinstance(error, (KeyboardInterrupt, Interrupted, EOFError)):
        said = "end of input" if isinstance(error, EOFError) else "interrupted"
        if consequence:
            stderr.write(f"lpmanifest: {said}; {consequence}\n")
        else:
            stderr.write(f"lpmanifest: error: {said}\n")
        return ExitCode.INTERRUPTED
    if isinstance(error, UsageError):
        stderr.write(f"lpmanifest: error: {error}\n")
        return ExitCode.USAGE
    stderr.write(f"lpmanifest: error: {type(error).__name__}: {error}\n{BUG_REPORT}\n")
    return ExitCode.USAGE
