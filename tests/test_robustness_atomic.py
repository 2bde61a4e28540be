"""Nothing lost: a write killed halfway leaves the old file as it was, and no partial one.

A child process writes a large text with `lpmanifest.output.writes.write` (which `new`,
`convert -o` and `--fix` all use) and stalls at a chosen point; the test kills it there
with SIGKILL (no clean-up can run) or interrupts it with SIGINT (Ctrl-C). Each kind of
file that is replaced is tried: a regular file, the target of a symbolic link, a file with
a second hard link, and a new file.
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

# Stalls `write` at STAGE and touches MARKER, so the parent knows where the child is:
# "mid-write" after half the text is in the temporary file, "before-rename" once all of it
# is written and synced but the rename (or, for a new file, the link) has not happened.
CHILD = r"""
import os, sys, time
from lpmanifest.output import writes

stage, target, marker, force = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
text = "n" * TEXT_SIZE


def stall(*args):
    open(marker, "w").close()
    time.sleep(120)


if stage == "mid-write":
    real_write = os.write

    def write_half(fd, data):
        real_write(fd, data[: len(data) // 2])
        stall()

    os.write = write_half
else:
    os.replace = os.link = stall

writes.write(target, text, force=force)
""".replace("TEXT_SIZE", str(TEXT_SIZE))

OLD = '{"client_name": "com.acme.old"}\n'
KINDS = ["replacing", "creating", "symlink", "hard-link"]


def temporaries(directory: Path) -> list[Path]:
    return sorted(directory.glob(".lpmanifest-*.tmp"))


def prepare(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    """The name to write, and the directory its file is in (a link's target is elsewhere)."""
    name = tmp_path / "manifest.json"
    if kind == "replacing":
        name.write_text(OLD)
    elif kind == "symlink":
        (tmp_path / "real").mkdir()
        (tmp_path / "real" / "target.json").write_text(OLD)
        name.symlink_to(Path("real") / "target.json")
        return name, tmp_path / "real"
    elif kind == "hard-link":
        name.write_text(OLD)
        os.link(name, tmp_path / "other-name.json")
    return name, tmp_path


def start_and_stall(
    tmp_path: Path, target: Path, stage: str, force: bool
) -> subprocess.Popen[bytes]:
    marker = tmp_path / "stalled"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, stage, str(target), str(marker), "1" if force else "0"],
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
    marker.unlink()
    return child


def assert_as_before(tmp_path: Path, kind: str) -> None:
    name = tmp_path / "manifest.json"
    if kind == "creating":
        assert not name.exists()  # no partial manifest under the real name
    elif kind == "symlink":
        assert os.readlink(name) == os.path.join("real", "target.json")  # still the link
        assert (tmp_path / "real" / "target.json").read_text() == OLD
    else:
        assert name.read_text() == OLD  # the old file, whole and unchanged
    if kind == "hard-link":
        other = tmp_path / "other-name.json"
        assert other.read_text() == OLD
        assert os.path.samefile(name, other)  # still one file with two names
        assert name.stat().st_nlink == 2


@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
@pytest.mark.parametrize("kind", KINDS)
def test_sigkill_during_a_write_loses_nothing(tmp_path: Path, stage: str, kind: str) -> None:
    name, directory = prepare(tmp_path, kind)
    before = {path.name for path in directory.iterdir()}
    child = start_and_stall(tmp_path, name, stage, force=kind != "creating")
    # The kill lands while the new text sits, half or whole, in a temporary file beside the
    # file it would replace (for a link: beside the link's target).
    (partial,) = temporaries(directory)
    written = partial.stat().st_size
    assert written == (TEXT_SIZE // 2 if stage == "mid-write" else TEXT_SIZE)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert_as_before(tmp_path, kind)
    # What a SIGKILL cannot clean up: the orphaned temporary file, nothing else. No handler
    # runs on SIGKILL, so nothing can remove it; its name (.lpmanifest-*.tmp) says what it is.
    assert {path.name for path in directory.iterdir()} == before | {partial.name}


@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
@pytest.mark.parametrize("kind", KINDS)
def test_ctrl_c_during_a_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, stage: str, kind: str
) -> None:
    name, directory = prepare(tmp_path, kind)
    before = {path.name for path in directory.iterdir()}
    child = start_and_stall(tmp_path, name, stage, force=kind != "creating")
    assert len(temporaries(directory)) == 1
    child.send_signal(signal.SIGINT)
    _, errors = child.communicate(timeout=30)
    assert child.returncode != 0 and b"KeyboardInterrupt" in errors
    assert_as_before(tmp_path, kind)
    assert {path.name for path in directory.iterdir()} == before  # it cleaned up after itself


def test_a_completed_write_replaces_the_file_whole(tmp_path: Path) -> None:
    """The control: without a stall, the same child replaces the file in one step."""
    target = tmp_path / "manifest.json"
    target.write_text(OLD)
    os.chmod(target, 0o640)
    script = (
        "import sys\nfrom lpmanifest.output import writes\n"
        f"writes.write(sys.argv[1], 'n' * {TEXT_SIZE}, force=True)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(target)], check=True, timeout=60)
    assert target.stat().st_size == TEXT_SIZE
    assert target.stat().st_mode & 0o777 == 0o640  # the old file's permissions are kept
    assert temporaries(tmp_path) == []
