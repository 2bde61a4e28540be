"""The paths `validate` is given, reported truly (README: validate, "Paths").

Each file is checked once, in the order first named; `-` is read once; a FIFO, a device or
a process substitution named is read, and a search skips them; a folder or file that cannot
be read is an unreadable-file finding (LPM008, exit 1), and only a path that does not exist
is a usage error (exit 2). Permission tests run as nobody (tests/privileges.py): root
ignores file modes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from lpmanifest.cli import main

from .conftest import FINISHED, dump
from .privileges import accessible, run_as_nobody

CLEAN_JSON = dump(FINISHED, "json")
CLEAN_YAML = dump(FINISHED, "yaml")
BROKEN = {**FINISHED, "scope": 5}  # one wrong-type finding
BROKEN_JSON = dump(BROKEN, "json")
SCOPE_LINE = BROKEN_JSON.splitlines().index('  "scope": 5,') + 1
FIXABLE_YAML = "client_name: com.acme.app\ndeleted: false\n"  # server-assigned-field: fixable


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def report(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(["validate", "--isolated", "--format", "json", *argv], capsys)
    return code, json.loads(out)


def findings(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(finding["file"], finding["code"]) for finding in document["findings"]]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail, rather than hang, if reading a FIFO blocks for good."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("still blocked after 60 seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def feed(fifo: Path, data: bytes) -> threading.Thread:
    """A writer thread: it opens the FIFO (waiting for the reader) and writes `data`."""

    def write() -> None:
        with fifo.open("wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def null_device(path: Path) -> Path:
    """A copy of /dev/null (character device 1, 3) at `path`, or a skip that says why not."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError as error:
        pytest.skip(f"cannot make a device node here (no CAP_MKNOD): {error}")
    return path


# -- each file once, in the order first named ---------------------------------------------


def test_a_file_named_twice_through_a_directory_a_glob_and_a_link_is_checked_once(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "dir").mkdir()
    (here / "dir" / "broken.json").write_text(BROKEN_JSON)
    (here / "dir" / "clean.yaml").write_text(CLEAN_YAML)
    (here / "link.json").symlink_to(Path("dir") / "broken.json")
    os.link(here / "dir" / "clean.yaml", here / "hard.yaml")
    names = ["dir/broken.json", "dir", "./dir/broken.json", "link.json", "dir/*.json"]
    code, document = report([*names, "hard.yaml", str(here / "dir" / "broken.json")], capsys)
    assert code == 1
    assert findings(document) == [("dir/broken.json", "LPM103")]
    assert document["summary"]["files"] == 2
    code, out, _ = run(["validate", "--isolated", "-q", *names, "dir/broken.json"], capsys)
    assert out.count("LPM103") == 1
    code, out, _ = run(["validate", "--isolated", *names], capsys)
    assert out.splitlines()[-1] == "Found 1 error, 0 warnings in 2 files checked."


def test_files_come_in_the_order_first_named(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.json", "b.json"):
        (here / name).write_text(BROKEN_JSON)
    _, document = report(["b.json", "a.json", "b.json", "."], capsys)
    assert findings(document) == [("b.json", "LPM103"), ("a.json", "LPM103")]


def test_fix_and_diff_treat_a_file_named_twice_once(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "m.yaml").write_text(FIXABLE_YAML)
    (here / "link.yaml").symlink_to("m.yaml")
    twice = ["m.yaml", ".", "link.yaml", "./m.yaml"]
    code, out, err = run(["validate", "--isolated", "--diff", *twice], capsys)
    assert code == 1
    assert out.count("\n@@ ") == 1 and out.count("-deleted: false") == 1
    assert err == "Would fix 1 finding in 1 file.\n"
    code, out, err = run(["validate", "--isolated", "--fix", *twice], capsys)
    assert code == 0
    assert err == "Fixed 1 finding in 1 file.\n"
    assert out == "All checks passed: 1 file checked, no findings.\n"
    assert (here / "m.yaml").read_text() == "client_name: com.acme.app\n"
    assert (here / "link.yaml").is_symlink()


def test_standard_input_named_twice_is_read_once() -> None:
    """`- -` (and `/dev/stdin` beside `-`): one document, no invented empty-file finding."""
    for argv in (["-", "-"], ["-", "/dev/stdin"], ["-", "-", "/dev/stdin"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "lpmanifest",
                "validate",
                "--isolated",
                "--format",
                "json",
                *argv,
            ],
            input=BROKEN_JSON.encode(),
            capture_output=True,
            timeout=60,
        )
        assert result.returncode == 1, result.stderr
        document = json.loads(result.stdout)
        assert findings(document) == [("<stdin>", "LPM103")], argv
        assert document["summary"]["files"] == 1


# -- FIFOs, devices and process substitution --------------------------------------------


def test_a_fifo_named_is_read_from_its_writer(
    here: Path, capsys: pytest.CaptureFixture[str], deadline: None
) -> None:
    fifo = here / "pipe.yaml"  # named .yaml: read as YAML
    os.mkfifo(fifo)
    writer = feed(fifo, dump(BROKEN, "yaml").encode())
    code, document = report(["pipe.yaml"], capsys)
    writer.join(timeout=30)
    assert code == 1
    (finding,) = document["findings"]
    assert (finding["file"], finding["code"], finding["path"]) == ("pipe.yaml", "LPM103", "scope")
    assert finding["line"] == dump(BROKEN, "yaml").splitlines().index("scope: 5") + 1
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # read, and still a FIFO


def test_fifos_are_read_on_one_process_whatever_jobs_says(
    here: Path, capsys: pytest.CaptureFixture[str], deadline: None
) -> None:
    for index in range(300):
        (here / f"m{index:03d}.json").write_text(CLEAN_JSON)
    os.mkfifo(here / "pipe.json")
    writer = feed(here / "pipe.json", BROKEN_JSON.encode())
    code, document = report(["--jobs", "2", "pipe.json", "."], capsys)
    writer.join(timeout=30)
    assert code == 1
    assert findings(document) == [("pipe.json", "LPM103")]
    assert document["summary"]["files"] == 301


def test_a_character_device_named_is_read(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    null_device(here / "null.json")
    code, document = report(["null.json"], capsys)
    assert code == 1
    assert findings(document) == [("null.json", "LPM003")]  # it holds nothing: empty-file


@pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution needs bash")
@pytest.mark.parametrize(
    ("text", "line"),
    [(BROKEN_JSON, SCOPE_LINE), (dump(BROKEN, "yaml"), 0)],
    ids=["json", "yaml"],
)
def test_process_substitution_is_read_and_its_format_found_from_the_content(
    tmp_path: Path, text: str, line: int
) -> None:
    (tmp_path / "m.txt").write_text(text)
    command = f"{sys.executable} -m lpmanifest validate --isolated --format json <(cat m.txt)"
    result = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["file"].startswith("/dev/fd/")
    assert (finding["code"], finding["path"]) == ("LPM103", "scope")
    expected = line or text.splitlines().index("scope: 5") + 1
    assert finding["line"] == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution needs bash")
def test_validate_and_convert_read_printf_through_process_substitution(tmp_path: Path) -> None:
    printf = (
        "printf 'client_name: com.acme.support-connector\\ngrant_types: [client_credentials]\\n'"
    )
    python = f"{sys.executable} -m lpmanifest"
    checked = subprocess.run(
        ["bash", "-c", f"{python} validate --isolated <({printf})"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == "All checks passed: 1 file checked, no findings.\n"
    converted = subprocess.run(
        ["bash", "-c", f"{python} convert <({printf}) -o out.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert converted.returncode == 0, converted.stderr
    assert json.loads((tmp_path / "out.json").read_text()) == {
        "client_name": "com.acme.support-connector",
        "grant_types": ["client_credentials"],
    }


def test_a_search_and_a_glob_skip_fifos_devices_and_sockets(tmp_path: Path) -> None:
    """A subprocess with a timeout: opening the FIFO would block, reading /dev/zero never end."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "m.json").write_text(CLEAN_JSON)
    os.mkfifo(tree / "pipe.json")
    os.mknod(tree / "socket.json", stat.S_IFSOCK | 0o600)
    (tree / "link-to-pipe.json").symlink_to("pipe.json")
    with contextlib.suppress(PermissionError):  # no CAP_MKNOD: the others make the point
        os.mknod(tree / "zero.json", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero
    for argument in (str(tree), str(tree / "*.json"), str(tmp_path / "**" / "*.json")):
        result = subprocess.run(
            [sys.executable, "-m", "lpmanifest", "validate", "--isolated", argument],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (0, ""), argument
        assert result.stdout == "All checks passed: 1 file checked, no findings.\n", argument


def test_fix_refuses_a_fifo_or_device_named(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(here / "pipe.yaml")
    targets = ["pipe.yaml"]
    with contextlib.suppress(pytest.skip.Exception):
        null_device(here / "null.yaml")
        targets.append("null.yaml")
    for target in targets:
        code, out, err = run(["validate", "--isolated", "--fix", target], capsys)
        assert (code, out) == (2, "")
        assert err == (
            f"lpmanifest: error: --fix cannot write to {target}, which is not a regular file; "
            "use --diff to see the fixes\n"
        )
    assert stat.S_ISFIFO((here / "pipe.yaml").lstat().st_mode)


# -- what cannot be read is a finding; only what does not exist is a usage error -----------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """work/tree: a clean file, a broken one further down, and a folder nobody may not read."""
    work = accessible(tmp_path / "work")
    tree = work / "tree"
    (tree / "locked").mkdir(parents=True)
    (tree / "z").mkdir()
    (tree / "a.json").write_text(CLEAN_JSON)
    (tree / "locked" / "m.json").write_text(BROKEN_JSON)
    (tree / "z" / "broken.json").write_text(BROKEN_JSON)
    (tree / "locked").chmod(0)
    return work


@pytest.mark.parametrize("argument", ["tree", "tree/**/*.json", "tree/*/*.json"])
def test_an_unreadable_directory_in_a_tree_is_one_finding_naming_it(
    tree: Path, argument: str
) -> None:
    result = run_as_nobody(tree, ["validate", "--isolated", "--format", "json", argument])
    assert result.code == 1, result.err
    document = json.loads(result.out)
    assert findings(document) == [("tree/locked", "LPM008"), ("tree/z/broken.json", "LPM103")]
    assert document["findings"][0]["message"] == (
        "tree/locked is a directory that cannot be read: Permission denied "
        "(its files are not checked)"
    )
    readable = 1 if argument == "tree/*/*.json" else 2  # a.json is not one level down
    assert document["summary"]["files"] == readable + 1  # the folder counts, as one failed
    quiet = run_as_nobody(tree, ["validate", "--isolated", "-q", argument])
    assert quiet.out.splitlines()[0] == (
        "tree/locked:1:1: error LPM008 (unreadable-file) tree/locked is a directory that cannot "
        "be read: Permission denied (its files are not checked)"
    )
    text = run_as_nobody(tree, ["validate", "--isolated", argument])
    assert (
        text.out.splitlines()[-1] == f"Found 2 errors, 0 warnings in {readable + 1} files checked."
    )


def test_an_unreadable_file_is_a_finding(tree: Path) -> None:
    secret = tree / "tree" / "a.json"
    secret.chmod(0)
    result = run_as_nobody(tree, ["validate", "--isolated", "-q", "tree/a.json", "tree/z"])
    assert result.code == 1
    assert result.out.splitlines() == [
        "tree/a.json:1:1: error LPM008 (unreadable-file) tree/a.json cannot be read: "
        "Permission denied",
        f"tree/z/broken.json:{SCOPE_LINE}:12: error LPM103 (wrong-type) scope is 5 (an "
        "integer); it must be a string",
    ]


def test_a_missing_file_is_a_usage_error_a_file_in_an_unreadable_directory_a_finding(
    tree: Path,
) -> None:
    missing = run_as_nobody(tree, ["validate", "--isolated", "tree/nowhere.json"])
    assert (missing.code, missing.out) == (2, "")
    assert missing.err == "lpmanifest: error: no such file or directory: 'tree/nowhere.json'\n"
    # Inside the locked folder nobody can tell whether the file exists: not "no such file".
    for name in ("tree/locked/m.json", "tree/locked/nowhere.json"):
        hidden = run_as_nobody(tree, ["validate", "--isolated", "-q", name])
        assert hidden.code == 1, name
        assert hidden.out == (
            f"{name}:1:1: error LPM008 (unreadable-file) {name} cannot be read: Permission denied\n"
        )
    # convert draws the same line.
    converted = run_as_nobody(tree, ["convert", "tree/locked/m.json"])
    assert converted.code == 1
    assert "LPM008 (unreadable-file) tree/locked/m.json cannot be read: Permission denied" in (
        converted.err
    )
    missing = run_as_nobody(tree, ["convert", "tree/nowhere.json"])
    assert (missing.code, missing.err) == (
        2,
        "lpmanifest: error: no such file: 'tree/nowhere.json'\n",
    )


def test_a_dangling_link_named_is_a_finding(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "gone.json").symlink_to("nowhere.json")
    code, out, _ = run(["validate", "--isolated", "-q", "gone.json"], capsys)
    assert code == 1
    assert out == (
        "gone.json:1:1: error LPM008 (unreadable-file) gone.json cannot be read: "
        "No such file or directory\n"
    )


def test_globs_match_as_the_shell_does_and_never_follow_a_link_round_a_loop(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.json", "sub/b.json", "sub/deeper/c.json", ".hidden/d.json", "sub/.e.json"):
        (here / "tree" / name).parent.mkdir(parents=True, exist_ok=True)
        (here / "tree" / name).write_text(BROKEN_JSON)
    (here / "tree" / "node_modules").mkdir()
    (here / "tree" / "node_modules" / "f.json").write_text(BROKEN_JSON)
    (here / "tree" / "sub" / "loop").symlink_to("..")  # a link back up: not followed
    files = {
        "tree/**/*.json": ["tree/a.json", "tree/sub/b.json", "tree/sub/deeper/c.json"],
        "tree/*/*.json": ["tree/sub/b.json"],
        "tree/.*/*.json": ["tree/.hidden/d.json"],  # a dot is matched by a dot
        "tree/sub/.*.json": ["tree/sub/.e.json"],
        "tree/s?b/deeper/*.json": ["tree/sub/deeper/c.json"],
    }
    # A pattern that ends in ** searches the folder, as naming it does (dot names included).
    searched = ["tree/a.json", "tree/.hidden/d.json", "tree/sub/.e.json", "tree/sub/b.json"]
    files["tree/**"] = files["tree"] = [*searched, "tree/sub/deeper/c.json"]
    for pattern, expected in files.items():
        _, document = report([pattern], capsys)
        assert [file for file, _ in findings(document)] == expected, pattern


def test_paths_are_shown_relative_to_here_when_below_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    from lpmanifest.check.discovery import display_path

    expected = {
        "a.json": "a.json",
        "./d/./a.json": "d/a.json",
        "d/../a.json": "a.json",
        "../other/a.json": "../other/a.json",
        f"{here}/d/a.json": "d/a.json",
        f"{here}/a.json": "a.json",
        f"{here}/d/../a.json": "a.json",
        f"{tmp_path}/other/a.json": f"{tmp_path}/other/a.json",
        f"{here}/../work/a.json": "a.json",
        str(here): ".",
        f"{tmp_path}/elsewhere": f"{tmp_path}/elsewhere",
    }
    # Twice: the second time from what was worked out for each folder the first time.
    for _ in range(2):
        assert {path: display_path(path) for path in expected} == expected
