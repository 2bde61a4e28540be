"""Nothing lost: a write killed halfway leaves the old file as it was, and no partial one.

A child process writes a large text with `lpmanifest.atomic.write_text` (which `new`,
`convert -o` and `--fix` all use) and stalls at a chosen point; the test kills it there
with SIGKILL (no clean-up can run) or interrupts it with SIGINT (Ctrl-C).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TEXT_SIZE = 8 * 1024 * 1024

# Stalls `write_text` at STAGE and touches MARKER, so the parent knows where the child is:
# "mid-write" after half the text is in the temporary file, "before-rename" once all of it
# is written and synced but the rename has not happened.
CHILD = r"""
import os, sys, time
from lpmanifest import atomic

stage, target, marker, overwrite = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
text = "n" * TEXT_SIZE


def stall():
    open(marker, "w").close()
    time.sleep(120)


if stage == "mid-write":
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            stall()

    os.fdopen = lambda *args, **kwargs: HalfWriter(real_fdopen(*args, **kwargs))
else:
    real_fsync = os.fsync

    def fsync_then_stall(fd):
        real_fsync(fd)
        stall()

    os.fsync = fsync_then_stall

atomic.write_text(target, text, overwrite=overwrite)
""".replace("TEXT_SIZE", str(TEXT_SIZE))

OLD = '{"client_name": "com.acme.old"}\n'


def temporaries(directory: Path) -> list[Path]:
    return sorted(directory.glob(".lpmanifest-*.tmp"))


def start_and_stall(tmp_path: Path, stage: str, overwrite: bool) -> subprocess.Popen[bytes]:
    marker = tmp_path / "stalled"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            stage,
            str(tmp_path / "manifest.json"),
            str(marker),
            "1" if overwrite else "0",
        ],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if child.poll() is not None:
            raise AssertionError(f"the writer ended early: {child.stderr.read()!r}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            child.kill()
            raise AssertionError("the writer never reached the stall")
        time.sleep(0.01)
    return child


@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
@pytest.mark.parametrize("existing", [True, False], ids=["replacing", "creating"])
def test_sigkill_during_a_write_loses_nothing(tmp_path: Path, stage: str, existing: bool) -> None:
    target = tmp_path / "manifest.json"
    if existing:
        target.write_text(OLD)
    child = start_and_stall(tmp_path, stage, overwrite=existing)
    # The kill lands while the new text sits, half or whole, in a temporary file.
    (partial,) = temporaries(tmp_path)
    written = partial.stat().st_size
    assert written == (TEXT_SIZE // 2 if stage == "mid-write" else TEXT_SIZE)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    if existing:
        assert target.read_text() == OLD  # the old file, whole and unchanged
    else:
        assert not target.exists()  # no partial manifest under the real name
    names = {path.name for path in tmp_path.iterdir()} - {"stalled"}
    assert names <= {"manifest.json", partial.name}  # only the orphaned temporary besides


@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
def test_ctrl_c_during_a_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, stage: str
) -> None:
    target = tmp_path / "manifest.json"
    target.write_text(OLD)
    child = start_and_stall(tmp_path, stage, overwrite=True)
    assert len(temporaries(tmp_path)) == 1
    child.send_signal(signal.SIGINT)
    _, errors = child.communicate(timeout=30)
    assert child.returncode != 0 and b"KeyboardInterrupt" in errors
    assert target.read_text() == OLD
    assert temporaries(tmp_path) == []  # the interrupted write cleaned up after itself


def test_a_completed_write_replaces_the_file_whole(tmp_path: Path) -> None:
    """The control: without a stall, the same child replaces the file in one step."""
    target = tmp_path / "manifest.json"
    target.write_text(OLD)
    os.chmod(target, 0o640)
    script = (
        "import sys\nfrom lpmanifest import atomic\n"
        f"atomic.write_text(sys.argv[1], 'n' * {TEXT_SIZE}, overwrite=True)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(target)], check=True, timeout=60)
    assert target.stat().st_size == TEXT_SIZE
    assert target.stat().st_mode & 0o777 == 0o640  # the old file's permissions are kept
    assert temporaries(tmp_path) == []
