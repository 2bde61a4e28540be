"""Writes (README "Writes"): `new`, `convert -o` and `validate --fix` write the same way.

Each command is run against each kind of destination, and what is on disk afterwards is
asserted whole: the kind of each entry, its mode, its content or link target, and the
inode where replacing (or not) is the point. `convert -o` gets the whole matrix, `new` and
`--fix` the cases where they differ or could. Permission tests run as nobody
(tests/privileges.py), since root ignores file modes; a stall and SIGKILL in the middle of
a write are in tests/test_robustness_atomic.py.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lpmanifest.cli import main
from lpmanifest.errors import WriteError
from lpmanifest.output import writes
from lpmanifest.output.serialize import dump_json

from .conftest import FINISHED, dump
from .privileges import (
    NOBODY,
    accessible,
    nobody_command,
    root,
    run_as_nobody,
    skip_if_not_switched,
)

SOURCE_YAML = dump(FINISHED, "yaml")
CONVERTED = dump_json(FINISHED)
OLD = '{\n  "client_name": "com.acme.app",\n  "deleted": false\n}\n'  # --fix removes "deleted"
FIXED = '{\n  "client_name": "com.acme.app"\n}\n'
WEB_APP = [
    "--template",
    "web-app",
    "--yes",
    "--set",
    "client_name=com.example.webapp",
    "--set",
    "redirect_uris=[https://app.example.com/callback]",
    "--set",
    "entry_uri=https://app.example.com/entry",
]


# -- what is on disk ----------------------------------------------------------------------


def entry(path: Path) -> tuple[Any, ...]:
    """What a directory entry is: its kind, and its mode and content or link target."""
    info = path.lstat()
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(mode):
        return ("file", stat.S_IMODE(mode), path.read_text(encoding="utf-8"))
    if stat.S_ISFIFO(mode):
        return ("fifo", stat.S_IMODE(mode))
    if stat.S_ISCHR(mode):
        return ("char", os.major(info.st_rdev), os.minor(info.st_rdev))
    if stat.S_ISBLK(mode):
        return ("block", os.major(info.st_rdev), os.minor(info.st_rdev))
    if stat.S_ISDIR(mode):
        return ("dir", stat.S_IMODE(mode), sorted(os.listdir(path)))
    return ("other",)


def listing(directory: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry in `directory`: nothing else was made (no temporary file either)."""
    return {path.name: entry(path) for path in sorted(directory.iterdir())}


def inode(path: Path) -> int:
    return path.lstat().st_ino


def new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# -- the commands -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Command:
    """One of the commands that write, as the user runs it against TARGET."""

    name: str

    def argv(self, target: str, force: bool = False) -> list[str]:
        forced = ["--force"] if force else []
        if self.name == "convert":
            return ["convert", "m.yaml", "-o", target, *forced]
        if self.name == "new":
            return ["new", target, *WEB_APP, *forced]
        return ["validate", "--isolated", "--fix", target]  # never needs --force

    def expected(self, new_text: str) -> str:
        return {"convert": CONVERTED, "new": new_text, "fix": FIXED}[self.name]

    def wrote(self, target: str) -> str:
        """What it says on stderr once it has written."""
        if self.name == "fix":
            return "Fixed 1 finding in 1 file.\n"
        return f"lpmanifest: wrote {target}\n"


CONVERT, NEW, FIX = Command("convert"), Command("new"), Command("fix")
REPLACING = [CONVERT, NEW, FIX]


@pytest.fixture(scope="module")
def new_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What `new` writes with the answers above (written once to a fresh file)."""
    target = tmp_path_factory.mktemp("new") / "out.json"
    stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO())
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            assert main(["new", str(target), *WEB_APP]) == 0
    finally:
        sys.stdin = stdin
    return target.read_text(encoding="utf-8")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO())
    )  # no terminal: `new` asks nothing
    (tmp_path / "m.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Outcome:
    code = main(argv)
    out, err = capsys.readouterr()
    return Outcome(code, out, err)


SOURCE = ("file", new_file_mode(), SOURCE_YAML)  # m.yaml, the input of convert


# -- a regular file -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
def test_a_new_file_is_created_with_the_default_mode(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command, new_text: str
) -> None:
    result = run(command.argv("out.json"), capsys)
    assert (result.code, result.err) == (0, command.wrote("out.json"))
    expected = command.expected(new_text)
    assert listing(here) == {"m.yaml": SOURCE, "out.json": ("file", new_file_mode(), expected)}


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
def test_an_existing_file_is_refused_without_force_before_any_work(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command
) -> None:
    (here / "out.json").write_text(OLD)
    before = listing(here), inode(here / "out.json")
    argv = command.argv("out.json")
    if command is NEW:  # answers missing too: the file is refused first, before any question
        argv = ["new", "out.json", "--template", "web-app"]
    result = run(argv, capsys)
    assert (result.code, result.out) == (2, "")
    assert result.err == "lpmanifest: error: out.json already exists; use --force to replace it\n"
    assert (listing(here), inode(here / "out.json")) == before


@pytest.mark.parametrize("command", REPLACING, ids=lambda command: command.name)
def test_a_regular_file_is_replaced_atomically_with_its_mode(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command, new_text: str
) -> None:
    target = here / "out.json"
    target.write_text(OLD)
    target.chmod(0o640)
    old_inode = inode(target)
    result = run(command.argv("out.json", force=True), capsys)
    assert (result.code, result.err) == (0, command.wrote("out.json"))
    assert listing(here) == {
        "m.yaml": SOURCE,
        "out.json": ("file", 0o640, command.expected(new_text)),
    }
    assert inode(target) != old_inode  # a new file took the name in one rename


@pytest.mark.skipif(not root(), reason="giving a file to another owner needs root")
def test_a_replaced_file_keeps_its_owner_and_group(here: Path) -> None:
    target = here / "out.json"
    target.write_text(OLD)
    os.chown(target, NOBODY, NOBODY)
    target.chmod(0o2640)  # set-group-ID: chown clears it, so the mode is set after
    writes.write(target, "new\n", force=True)
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o2640)
    assert target.read_text() == "new\n"


def test_a_hard_linked_file_is_replaced_under_the_name_given_only(
    here: Path, capsys: pytest.CaptureFixture[str], new_text: str
) -> None:
    for command in REPLACING:
        target, other = here / "out.json", here / "other.json"
        target.write_text(OLD)
        os.link(target, other)
        shared = inode(target)
        result = run(command.argv("out.json", force=True), capsys)
        assert result.code == 0, command
        # The name given has the new content; the file's other name keeps the old one.
        assert target.read_text() == command.expected(new_text)
        assert other.read_text() == OLD
        assert inode(other) == shared and inode(target) != shared
        assert other.stat().st_nlink == 1
        target.unlink()
        other.unlink()


# -- symbolic links -----------------------------------------------------------------------


@pytest.fixture(params=["relative", "absolute", "chain", "through-a-linked-folder"])
def link(request: pytest.FixtureRequest, here: Path) -> Iterator[tuple[Path, Path]]:
    """The link to write through, and the file at its end (holding OLD)."""
    (here / "real").mkdir()
    real = here / "real" / "target.json"
    real.write_text(OLD)
    real.chmod(0o600)
    name = here / "link.json"
    if request.param == "relative":
        name.symlink_to(Path("real") / "target.json")
    elif request.param == "absolute":
        name.symlink_to(real)
    elif request.param == "chain":
        (here / "middle.json").symlink_to(Path("real") / "target.json")
        name.symlink_to("middle.json")
    else:  # the link's `..` is resolved from the folder it really is in, not textually
        (here / "real" / "sub").mkdir()
        (here / "linked-folder").symlink_to(Path("real") / "sub")
        (here / "real" / "sub" / "up.json").symlink_to(Path("..") / "target.json")
        name.symlink_to(Path("linked-folder") / "up.json")
    yield name, real


@pytest.mark.parametrize("command", REPLACING, ids=lambda command: command.name)
def test_a_symlink_is_followed_and_kept(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    command: Command,
    link: tuple[Path, Path],
    new_text: str,
) -> None:
    _name, real = link
    links = {path.name: os.readlink(path) for path in here.rglob("*") if path.is_symlink()}
    result = run(command.argv("link.json", force=True), capsys)
    assert (result.code, result.err) == (0, command.wrote("link.json"))
    assert real.read_text() == command.expected(new_text)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # the target's mode kept
    assert {path.name: os.readlink(path) for path in here.rglob("*") if path.is_symlink()} == links
    assert sorted(path.name for path in (here / "real").glob(".lpmanifest-*")) == []


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
def test_a_symlink_to_an_existing_file_needs_force(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command
) -> None:
    (here / "real.json").write_text(OLD)
    (here / "link.json").symlink_to("real.json")
    before = listing(here)
    result = run(command.argv("link.json"), capsys)
    assert result.code == 2
    assert result.err == (
        f"lpmanifest: error: link.json (a link to {here / 'real.json'}) already exists; "
        "use --force to replace it\n"
    )
    assert listing(here) == before


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
def test_a_dangling_symlink_creates_its_target_without_force(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command, new_text: str
) -> None:
    (here / "link.json").symlink_to(Path("made") / "new.json")
    (here / "made").mkdir()
    result = run(command.argv("link.json"), capsys)
    assert (result.code, result.err) == (0, command.wrote("link.json"))
    assert (here / "link.json").is_symlink()
    assert os.readlink(here / "link.json") == os.path.join("made", "new.json")
    assert listing(here / "made") == {
        "new.json": ("file", new_file_mode(), command.expected(new_text))
    }


def test_a_dangling_symlink_into_a_missing_folder_is_an_error_naming_it(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "link.json").symlink_to(Path("nowhere") / "new.json")
    before = listing(here)
    result = run(CONVERT.argv("link.json"), capsys)
    assert result.code == 2
    assert result.err == (
        f"lpmanifest: error: cannot write link.json (a link to {here / 'nowhere' / 'new.json'}): "
        "the directory nowhere does not exist\n"
    )
    assert listing(here) == before


def test_a_loop_of_links_is_an_error(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "a.json").symlink_to("b.json")
    (here / "b.json").symlink_to("a.json")
    result = run(CONVERT.argv("a.json", force=True), capsys)
    assert result.code == 2
    assert result.err == (
        "lpmanifest: error: cannot write a.json: too many levels of symbolic links\n"
    )


# -- streams: written, never replaced, never needing --force ------------------------------


class FifoReader(threading.Thread):
    """Reads a FIFO to its end, as `cat fifo` would."""

    def __init__(self, fifo: Path) -> None:
        super().__init__(daemon=True)
        self.fifo, self.received = fifo, b""
        self.start()

    def run(self) -> None:
        with self.fifo.open("rb") as pipe:
            self.received = pipe.read()


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
@pytest.mark.parametrize("through", ["fifo", "link-to-fifo"])
def test_a_fifo_is_written_as_a_stream(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    command: Command,
    through: str,
    new_text: str,
) -> None:
    fifo = here / "pipe.json"
    os.mkfifo(fifo)
    target = "pipe.json"
    if through == "link-to-fifo":
        (here / "link.json").symlink_to("pipe.json")
        target = "link.json"
    before_inode = inode(fifo)
    reader = FifoReader(fifo)
    result = run(command.argv(target), capsys)  # no --force: nothing is replaced
    reader.join(timeout=60)
    assert (result.code, result.err) == (0, command.wrote(target))
    assert reader.received.decode() == command.expected(new_text)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and inode(fifo) == before_inode
    expected = {"m.yaml": SOURCE, "pipe.json": ("fifo", stat.S_IMODE(fifo.lstat().st_mode))}
    if through == "link-to-fifo":
        expected["link.json"] = ("link", "pipe.json")
    assert listing(here) == expected


def null_device(path: Path) -> Path:
    """A copy of /dev/null (character device 1, 3) in the test's directory."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError as error:
        pytest.skip(f"cannot make a device node here (no CAP_MKNOD): {error}")
    return path


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
def test_a_character_device_is_written_as_a_stream(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command
) -> None:
    null_device(here / "null.json")
    (here / "link-to-null.json").symlink_to("null.json")
    for target in ("null.json", "link-to-null.json"):
        result = run(command.argv(target), capsys)  # no "already exists", no --force
        assert (result.code, result.err) == (0, command.wrote(target))
        forced = run(command.argv(target, force=True), capsys)
        assert forced.code == 0
    assert listing(here) == {
        "link-to-null.json": ("link", "null.json"),
        "m.yaml": SOURCE,
        "null.json": ("char", 1, 3),  # still the device: never replaced by a file
    }


@pytest.mark.parametrize("spelling", ["/dev/fd/{fd}", "/proc/self/fd/{fd}", "link"])
def test_a_descriptor_is_written_as_a_stream(
    here: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    read_end, write_end = os.pipe()
    try:
        target = spelling.format(fd=write_end)
        if spelling == "link":
            (here / "link").symlink_to(f"/proc/self/fd/{write_end}")
        result = run(CONVERT.argv(target), capsys)
        os.close(write_end)
        with open(read_end, "rb", closefd=False) as pipe:
            received = pipe.read()
    finally:
        with contextlib.suppress(OSError):
            os.close(write_end)
        os.close(read_end)
    assert (result.code, result.err) == (0, f"lpmanifest: wrote {target}\n")
    assert received.decode() == CONVERTED
    expected = {"m.yaml": SOURCE}
    if spelling == "link":
        expected["link"] = ("link", f"/proc/self/fd/{write_end}")
    assert listing(here) == expected


def as_nobody_where_root(tmp_path: Path) -> Path:
    """Where `/dev/stdout` is written, the run gives up root first: whatever goes wrong, it
    cannot replace anything under /dev (nobody may not write there)."""
    work = accessible(tmp_path / "work")
    (work / "m.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    return work


@pytest.mark.parametrize(
    ("target", "stream"),
    [("/dev/stdout", "out"), ("/dev/stderr", "err"), ("link-to-stdout", "out")],
)
def test_dev_stdout_and_stderr_are_the_process_streams(
    tmp_path: Path, target: str, stream: str
) -> None:
    work = as_nobody_where_root(tmp_path)
    if target == "link-to-stdout":
        (work / target).symlink_to("/dev/stdout")
    before = listing(work)
    result = run_as_nobody(work, CONVERT.argv(target))  # stdout and stderr are pipes
    assert result.code == 0, result.err
    if stream == "out":
        assert (result.out, result.err) == (CONVERTED, f"lpmanifest: wrote {target}\n")
    else:
        assert result.err == f"{CONVERTED}lpmanifest: wrote {target}\n"
    assert listing(work) == before  # nothing was created
    assert os.readlink("/dev/stdout") == "/proc/self/fd/1"


def test_dev_stdout_through_the_installed_command_with_force(tmp_path: Path) -> None:
    """The issue's own command, in a subprocess whose standard output is a pipe."""
    work = as_nobody_where_root(tmp_path)
    result = subprocess.run(
        nobody_command("convert", "m.yaml", "-o", "/dev/stdout", "--force"),
        cwd=work,
        capture_output=True,
        timeout=60,
    )
    skip_if_not_switched(result.returncode, result.stderr)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == CONVERTED
    assert result.stderr == b"lpmanifest: wrote /dev/stdout\n"
    assert sorted(os.listdir(work)) == ["m.yaml"]  # nothing was created
    assert os.readlink("/dev/stdout") == "/proc/self/fd/1"


def test_dev_stdout_redirected_to_a_file_is_appended_to_as_the_shell_opened_it(
    tmp_path: Path,
) -> None:
    """`>> log`: the text goes after what is there, in the same file (the same inode)."""
    work = as_nobody_where_root(tmp_path)
    log = work / "log"
    log.write_text("earlier\n")
    shared = inode(log)
    with log.open("ab") as stdout:
        result = subprocess.run(
            nobody_command("convert", "m.yaml", "-o", "/dev/stdout"),
            cwd=work,
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    skip_if_not_switched(result.returncode, result.stderr)
    assert result.returncode == 0, result.stderr
    assert log.read_text() == "earlier\n" + CONVERTED
    assert inode(log) == shared
    assert sorted(os.listdir(work)) == ["log", "m.yaml"]


def test_a_descriptor_that_is_not_open_or_is_read_only_is_an_error(here: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(write_end)
    try:
        with pytest.raises(WriteError) as raised:
            writes.check(f"/dev/fd/{write_end}", force=False)
        assert str(raised.value) == (
            f"cannot write /dev/fd/{write_end}: file descriptor {write_end} is not open"
        )
        with pytest.raises(WriteError) as raised:
            writes.check(f"/proc/self/fd/{read_end}", force=False)
        assert str(raised.value) == (
            f"cannot write /proc/self/fd/{read_end}: file descriptor {read_end} is open for "
            "reading only"
        )
    finally:
        os.close(read_end)


# -- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [CONVERT, NEW], ids=lambda command: command.name)
def test_a_directory_is_an_error_naming_it(
    here: Path, capsys: pytest.CaptureFixture[str], command: Command
) -> None:
    (here / "out.json").mkdir()
    (here / "link.json").symlink_to("out.json")
    before = listing(here)
    for target, shown in [
        ("out.json", "out.json"),
        ("link.json", f"link.json (a link to {here / 'out.json'})"),
    ]:
        result = run(command.argv(target, force=True), capsys)
        assert result.code == 2
        assert result.err == f"lpmanifest: error: {shown} is a directory; name a file to write\n"
    if command is NEW:  # before any question: the answers are missing here too
        early = run(["new", "out.json", "--template", "web-app"], capsys)
        assert early.err == "lpmanifest: error: out.json is a directory; name a file to write\n"
    assert listing(here) == before


def test_a_block_device_and_a_socket_are_refused_unopened(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mknod(here / "socket.json", stat.S_IFSOCK | 0o600)
    with contextlib.suppress(PermissionError):  # an unassigned major: it leads nowhere
        os.mknod(here / "disk.json", stat.S_IFBLK | 0o600, os.makedev(240, 0))
    before = listing(here)
    real_open = os.open
    targets = sorted(name for name in before if name != "m.yaml")

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        assert os.path.basename(os.fspath(path)) not in targets, "a refused node was opened"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    what = {"socket.json": "a socket", "disk.json": "a block device"}
    for target in targets:
        result = run(CONVERT.argv(target, force=True), capsys)
        assert result.code == 2
        assert result.err == (
            f"lpmanifest: error: refusing to write {target}: it is {what[target]}; lpmanifest "
            "writes only regular files, FIFOs and character devices\n"
        )
    assert listing(here) == before


def test_a_missing_folder_or_a_file_as_a_folder_is_an_error_naming_it(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "file").write_text("")
    for command in (CONVERT, NEW):
        missing = run(command.argv("nowhere/out.json"), capsys)
        assert missing.code == 2
        assert missing.err == (
            "lpmanifest: error: cannot write nowhere/out.json: the directory nowhere does not "
            "exist\n"
        )
        through_a_file = run(command.argv("file/out.json"), capsys)
        assert through_a_file.code == 2
        assert through_a_file.err == (
            "lpmanifest: error: cannot write file/out.json: a part of the path is not a directory\n"
        )
    empty = run(CONVERT.argv(""), capsys)
    assert (empty.code, empty.err) == (
        2,
        "lpmanifest: error: cannot write an empty path; name a file\n",
    )
    assert sorted(os.listdir(here)) == ["file", "m.yaml"]


@pytest.mark.parametrize("command", REPLACING, ids=lambda command: command.name)
def test_a_read_only_directory_is_an_error_and_nothing_is_left_behind(
    tmp_path: Path, command: Command
) -> None:
    work = accessible(tmp_path / "work")
    (work / "m.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    locked = work / "ro"
    locked.mkdir()
    if command is FIX:
        (locked / "out.json").write_text(OLD)
    locked.chmod(0o555)
    before = listing(locked)
    refused = (
        "lpmanifest: error: cannot write ro/out.json: permission denied (ro is not writable)\n"
    )
    result = run_as_nobody(work, command.argv("ro/out.json"))
    assert (result.code, result.out, result.err) == (2, "", refused)
    # Before any work: before the wizard's questions (answers are missing here too), before
    # converting a manifest that would be refused (exit 1).
    if command is NEW:
        early = run_as_nobody(work, ["new", "ro/out.json", "--template", "web-app"])
        assert (early.code, early.err) == (2, refused)
    if command is CONVERT:
        (work / "broken.yaml").write_text("client_name: 5\n")
        early = run_as_nobody(work, ["convert", "broken.yaml", "-o", "ro/out.json"])
        assert (early.code, early.err) == (2, refused)
    assert listing(locked) == before


def test_a_read_only_file_is_not_replaced_even_with_force(tmp_path: Path) -> None:
    """The folder may be written (a rename would succeed); the file's mode says no."""
    work = accessible(tmp_path / "work")
    (work / "m.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    target = work / "out.json"
    target.write_text(OLD)
    target.chmod(0o444)
    for command in REPLACING:
        result = run_as_nobody(work, command.argv("out.json", force=True))
        assert result.code == 2, command
        assert result.err == (
            "lpmanifest: error: cannot write out.json: permission denied (the file is read-only)\n"
        )
        assert entry(target) == ("file", 0o444, OLD)


def test_a_read_only_file_system_is_named(monkeypatch: pytest.MonkeyPatch, here: Path) -> None:
    monkeypatch.setattr(writes, "_may", lambda path, mode: False)
    monkeypatch.setattr(writes, "_read_only_file_system", lambda directory: True)
    with pytest.raises(WriteError) as raised:
        writes.check("out.json", force=False)
    assert str(raised.value) == (
        "cannot write out.json: the current directory is on a read-only file system"
    )


# -- never the input ----------------------------------------------------------------------


def test_convert_never_writes_over_its_input_even_through_a_chain_of_links(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "a.yaml").symlink_to("b.yaml")
    (here / "b.yaml").symlink_to("m.yaml")
    (here / "sub").mkdir()
    before = listing(here)
    for output in ("a.yaml", "./m.yaml", "sub/../m.yaml", str(here / "m.yaml")):
        result = run(["convert", "m.yaml", "-o", output, "--force"], capsys)
        assert result.code == 2, output
        assert "refusing to write over the input file" in result.err
        assert "even with --force" in result.err
    assert listing(here) == before


def test_convert_never_writes_over_the_file_on_its_standard_input(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text(CONVERTED)
    with (tmp_path / "m.json").open("rb") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "lpmanifest", "convert", "-", "-o", "m.json", "--force"],
            cwd=tmp_path,
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr == (
        "lpmanifest: error: refusing to write over the input file m.json, even with --force\n"
    )
    assert (tmp_path / "m.json").read_text() == CONVERTED


# -- failures during the write ------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
    ids=["disk-full", "ctrl-c"],
)
@pytest.mark.parametrize("command", REPLACING, ids=lambda command: command.name)
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: Command,
    failure: BaseException,
) -> None:
    (here / "real.json").write_text(OLD)
    (here / "out.json").symlink_to("real.json")
    before = listing(here)

    def fail(fd: int) -> None:
        raise failure  # the text is in the temporary file; the rename has not happened

    monkeypatch.setattr(os, "fsync", fail)
    result = run(command.argv("out.json", force=True), capsys)
    if isinstance(failure, KeyboardInterrupt):
        assert result.code == 130
    else:
        assert result.code == 2
        assert result.err.endswith(
            "lpmanifest: error: cannot write out.json: No space left on device\n"
        )
    assert listing(here) == before


def test_a_file_that_appears_meanwhile_is_not_replaced(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def someone_else_first(source: Any, target: Any, **kwargs: Any) -> None:
        Path(target).write_text("theirs\n")
        real_link(source, target, **kwargs)

    monkeypatch.setattr(os, "link", someone_else_first)
    with pytest.raises(WriteError) as raised:
        writes.write("out.json", "ours\n", force=False)
    assert str(raised.value) == (
        "out.json appeared while lpmanifest was writing it; nothing written "
        "(use --force to replace it)"
    )
    assert listing(here) == {"m.yaml": SOURCE, "out.json": ("file", new_file_mode(), "theirs\n")}


def test_a_file_system_without_hard_links_still_gets_the_new_file(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", unsupported)
    writes.write("out.json", b"bytes\n", force=False)
    assert listing(here) == {"m.yaml": SOURCE, "out.json": ("file", new_file_mode(), "bytes\n")}


# -- the module's decisions ---------------------------------------------------------------


def test_check_says_how_each_kind_is_written(here: Path) -> None:
    (here / "file.json").write_text(OLD)
    os.mkfifo(here / "pipe.json")
    (here / "link.json").symlink_to("file.json")
    assert writes.check("new.json", force=False).kind == "create"
    assert writes.check("file.json", force=True).kind == "replace"
    linked = writes.check("link.json", force=True)
    assert (linked.kind, linked.final, linked.replaces) == ("replace", "file.json", True)
    assert writes.check("pipe.json", force=False).kind == "stream"
    stdout = writes.check("/dev/stdout", force=False)
    assert (stdout.kind, stdout.descriptor) == ("stream", 1)
    read_end, write_end = os.pipe()
    try:
        assert writes.check(f"/dev/fd/{write_end}", force=False).descriptor == write_end
        assert writes.check(f"/proc/self/fd/{write_end}", force=False).descriptor == write_end
        assert writes.check(f"/proc/{os.getpid()}/fd/{write_end}", force=False).descriptor == (
            write_end
        )
    finally:
        os.close(read_end)
        os.close(write_end)


def test_inputs_are_protected_by_path_or_descriptor(here: Path) -> None:
    with open("m.yaml", "rb") as handle:
        for source in ("m.yaml", handle.fileno()):
            with pytest.raises(WriteError, match=r"refusing to write over the input file m\.yaml"):
                writes.check("m.yaml", force=True, inputs=[source])
    assert writes.check("m.yaml", force=True, inputs=["elsewhere.yaml"]).replaces


def test_written_text_is_utf_8_byte_for_byte(here: Path) -> None:
    writes.write("out.json", "é\r\n", force=False)
    assert (here / "out.json").read_bytes() == "é\r\n".encode()  # no newline translation
    writes.write("out.json", b"\xff", force=True)
    assert (here / "out.json").read_bytes() == b"\xff"


def test_the_file_and_its_directory_are_synced_before_and_after_the_rename(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        events.append("sync directory" if stat.S_ISDIR(mode) else "sync file")
        real_fsync(fd)

    def replace(source: Any, target: Any) -> None:
        events.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    (here / "out.json").write_text(OLD)
    writes.write("out.json", "new\n", force=True)
    assert events == ["sync file", "rename", "sync directory"]
