"""Atomic writes: a reader, a crash or Ctrl-C sees the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile


def write_text(path: str, text: str, *, overwrite: bool, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically.

    The text goes to a temporary file in the same directory, is flushed to disk, then takes
    the target's place in one rename. With `overwrite=False` an existing file is never
    replaced: FileExistsError is raised, even if the file appeared while we were writing.
    """
    directory = os.path.dirname(os.path.abspath(path))
    existing_mode = None
    try:
        existing_mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        pass
    else:
        if not overwrite:
            raise FileExistsError(path)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".lpmanifest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if existing_mode is not None:
            os.chmod(temporary, existing_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the name was taken meanwhile
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
