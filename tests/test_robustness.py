"""SPEC's limits through the command line: each a clear message, an exit code from SPEC, and
bounded time and memory. (The loader's own tests are in test_load.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from lpmanifest.source import read
from lpmanifest.source.document import Document
from lpmanifest.source.limits import MAX_BYTES, MAX_DEPTH, MAX_VALUES

from .conftest import FINISHED, dump
from .fuzz_harness import assert_inert, run_cli
from .privileges import accessible, run_as_nobody

TOO_DEEP = f"the manifest nests deeper than {MAX_DEPTH} levels"


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # no block is written: a test of "refused unread"
    return path


@pytest.fixture
def never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the loader reads any file's content."""

    def refuse(fd: int, size: int) -> bytes:
        raise AssertionError("the loader read a file it should have refused by its size")

    monkeypatch.setattr(read, "_read_at_most", refuse)


@pytest.fixture
def warm(tmp_path: Path) -> None:
    """Imports done before a test measures time or memory: it measures the work."""
    for fmt in ("json", "yaml"):
        path = tmp_path / f"warm-up.{fmt}"
        path.write_text(dump(FINISHED, fmt))
        assert run_cli(["validate", "--format", "json", str(path)]).code == 0
        assert run_cli(["validate", str(path)]).code == 0


def only_finding(out: str) -> dict[str, object]:
    report = json.loads(out)
    (finding,) = report["findings"]
    assert isinstance(finding, dict)
    return finding


# -- size ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_file_over_10_mb_is_refused_unread(tmp_path: Path, suffix: str, never_read: None) -> None:
    path = sparse(tmp_path / f"big{suffix}", MAX_BYTES + 1)
    result = run_cli(["validate", str(path)])
    assert result.code == 1 and result.stderr == ""
    assert result.stdout.splitlines()[0] == (
        f"{path}:1:1: error LPM006 (input-too-large) {path} is 10,485,761 bytes;"
        " the limit is 10,485,760 bytes"
    )
    finding = only_finding(run_cli(["validate", "--format", "json", str(path)]).stdout)
    assert (finding["code"], finding["line"], finding["column"]) == ("LPM006", 1, 1)


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    """The limit is the limit: 10 MB of spaces around a manifest is still a manifest."""
    text = json.dumps(FINISHED)
    path = tmp_path / "padded.json"
    path.write_text(text + " " * (MAX_BYTES - len(text)))
    assert path.stat().st_size == MAX_BYTES
    result = run_cli(["validate", str(path)])
    assert (result.code, result.stdout) == (0, "All checks passed: 1 file checked, no findings.\n")


def test_a_1_gb_file_is_refused_in_bounded_time_and_memory(
    tmp_path: Path, warm: None, never_read: None
) -> None:
    path = sparse(tmp_path / "huge.json", 1 << 30)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = run_cli(["validate", str(path)])
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.code == 1
    assert "is 1,073,741,824 bytes; the limit is 10,485,760 bytes" in result.stdout
    assert elapsed < 2.0
    assert peak < 5 * 1024 * 1024  # a few MB of bookkeeping, nothing like the file


def test_a_file_that_grows_after_fstat_is_read_to_the_limit(tmp_path: Path) -> None:
    """`fstat` gave the size; the file grew before the read: read on, but not past the limit."""
    path = tmp_path / "growing.json"
    path.write_bytes(b"x" * 5000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert len(read._read_at_most(fd, 100)) == 5000  # as if fstat said 100 bytes
    finally:
        os.close(fd)
    sparse(path, 3 * MAX_BYTES)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert len(read._read_at_most(fd, 100)) == MAX_BYTES + 1  # enough to refuse it
    finally:
        os.close(fd)


def test_stdin_over_10_mb_is_refused() -> None:
    result = run_cli(["validate", "-"], stdin=b" " * (MAX_BYTES + 1))
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        "<stdin>:1:1: error LPM006 (input-too-large)"
        " <stdin> is larger than the limit of 10,485,760 bytes"
    )


def test_an_endless_stdin_is_cut_at_the_limit() -> None:
    """`yes | lpmanifest validate -`: refused after 10 MB, not read until memory runs out."""
    with open("/dev/zero", "rb") as endless:
        result = subprocess.run(
            [sys.executable, "-m", "lpmanifest", "validate", "-q", "-"],
            stdin=endless,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result.stderr
    assert "LPM006 (input-too-large) <stdin> is larger than the limit" in result.stdout


def test_a_file_of_too_many_values_is_refused(tmp_path: Path) -> None:
    """A lock file caught by a glob: a few MB, hundreds of thousands of values."""
    path = tmp_path / "package-lock.json"
    path.write_text(json.dumps({"packages": {f"p{i}": {"v": i} for i in range(MAX_VALUES)}}))
    started = time.perf_counter()
    result = run_cli(["validate", "-q", str(path)])
    assert time.perf_counter() - started < 10
    assert result.code == 1
    assert result.stdout == (
        f"{path}:1:1: error LPM006 (input-too-large) the file holds more than 100,000 values;"
        " a manifest holds a few hundred\n"
    )


def test_commas_in_strings_are_not_values(tmp_path: Path) -> None:
    """The quick bound counts commas; a long string of them is one value, not 200,000."""
    path = tmp_path / "m.json"
    path.write_text(json.dumps({**FINISHED, "description": "," * 200_000}))
    finding = only_finding(run_cli(["validate", "--format", "json", str(path)]).stdout)
    assert (finding["code"], finding["path"]) == ("LPM105", "description")  # too long
    path.write_text(json.dumps("," * 200_000))
    finding = only_finding(run_cli(["validate", "--format", "json", str(path)]).stdout)
    assert finding["code"] == "LPM004"  # a string, not a manifest


# -- nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_nesting_deeper_than_64_is_refused(tmp_path: Path, fmt: str) -> None:
    levels = MAX_DEPTH + 1
    inner = "[" * levels + "]" * levels
    text = f'{{"client_name": {inner}}}' if fmt == "json" else f"client_name: {inner}\n"
    path = tmp_path / f"deep.{fmt}"
    path.write_text(text)
    finding = only_finding(run_cli(["validate", "--format", "json", str(path)]).stdout)
    assert (finding["code"], finding["message"]) == ("LPM006", TOO_DEEP)
    if fmt == "yaml":  # at the bracket that opens level 65 (the root mapping is level 1)
        assert (finding["line"], finding["column"]) == (1, len("client_name: ") + MAX_DEPTH)
    ok = text.replace("[", "", 2).replace("]", "", 2)
    path.write_text(ok)
    result = run_cli(["validate", "--format", "json", str(path)])
    assert "LPM006" not in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 300_000 + "]" * 300_000 + "\n",
        "a: " + "{a: " * 200_000 + "}" * 200_000 + "\n",
        "- " * 300_000 + "x\n",
        '{"a": ' + "[" * 300_000 + "]" * 300_000 + "}",
    ],
    ids=["yaml-flow-sequences", "yaml-flow-mappings", "yaml-block-sequences", "json"],
)
def test_hundreds_of_thousands_of_levels_do_not_crash(tmp_path: Path, text: str) -> None:
    """Such nesting once overflowed the C stack of the YAML composer: a subprocess, so that
    a regression fails this test instead of killing the test run."""
    path = tmp_path / ("deep.json" if text.startswith("{") else "deep.yaml")
    path.write_text(text)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "lpmanifest", "validate", "-q", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert f"LPM006 (input-too-large) {TOO_DEEP}" in result.stdout
    assert time.perf_counter() - started < 20


# -- YAML aliases ----------------------------------------------------------------------------

ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
)


def test_a_yaml_alias_bomb_is_refused_within_a_second(tmp_path: Path, warm: None) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(ALIAS_BOMB + "\n")  # a billion "lol"s once expanded
    started = time.perf_counter()
    result = run_cli(["validate", "--format", "json", str(path)])
    assert time.perf_counter() - started < 1.0
    assert result.code == 1
    finding = only_finding(result.stdout)
    assert finding["code"] == "LPM006"
    assert "through its aliases" in str(finding["message"])


def test_a_yaml_alias_bomb_stays_in_bounded_memory(tmp_path: Path, warm: None) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(ALIAS_BOMB + "\n")
    tracemalloc.start()
    try:
        result = run_cli(["validate", "-q", str(path)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.code == 1 and "LPM006" in result.stdout
    assert peak < 10 * 1024 * 1024  # measured on the node graph, never expanded


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("client_name: x\nloop: &loop [*loop]\n")
    finding = only_finding(run_cli(["validate", "--format", "json", str(path)]).stdout)
    assert finding["code"] == "LPM006"
    assert finding["message"] == "an alias refers to a value that contains it, which never ends"
    assert (finding["line"], finding["column"]) == (2, 7)


# -- paths that are not manifest files -------------------------------------------------------


def test_a_fifo_in_a_directory_is_skipped_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """A FIFO named is read (tests/test_paths.py); one that a search meets is not opened."""
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "m.json").write_text(json.dumps(FINISHED))
    result = subprocess.run(  # a subprocess: if opening the FIFO blocked, the timeout fails
        [sys.executable, "-m", "lpmanifest", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert result.stdout == "All checks passed: 1 file checked, no findings.\n"


def test_a_directory_given_as_a_file_is_refused(tmp_path: Path) -> None:
    """`validate DIR` searches DIR; a directory reaches the loader only under a file's name,
    as when it appears between the search and the read."""
    (tmp_path / "m.json").mkdir()
    doc = read.load_file(str(tmp_path / "m.json"), "m.json")
    (finding,) = doc.findings
    assert (finding.code, finding.message) == (
        "LPM008",
        "m.json is a directory, not a manifest file",
    )


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.json"
    path.write_text(json.dumps(FINISHED))
    real_open = os.open

    def denied(name: str, flags: int, *args: int) -> int:
        if name == str(path):
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", denied)
    result = run_cli(["validate", "-q", str(path)])
    assert result.code == 1
    assert result.stdout == (
        f"{path}:1:1: error LPM008 (unreadable-file) {path} cannot be read: Permission denied\n"
    )


def test_an_unreadable_file_for_real(tmp_path: Path) -> None:
    work = accessible(tmp_path / "work")  # run as nobody: root reads everything
    path = work / "secret.json"
    path.write_text(json.dumps(FINISHED))
    path.chmod(0)
    result = run_as_nobody(work, ["validate", "-q", "secret.json"])
    assert result.code == 1 and "cannot be read: Permission denied" in result.out


def test_a_file_vanishing_between_search_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.json").write_text(json.dumps(FINISHED))
    (tmp_path / "b.json").write_text(json.dumps(FINISHED))
    real_load = read.load_file

    def delete_b_first(path: str, *args: object) -> Document:
        if path.endswith("b.json") and os.path.exists(path):
            os.unlink(path)
        return real_load(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(read, "load_file", delete_b_first)
    result = run_cli(["validate", "-q", str(tmp_path)])
    assert result.code == 1
    assert "b.json cannot be read: No such file or directory" in result.stdout
    assert result.stdout.count("\n") == 1  # a.json passed


# -- every failure above is printed inertly ------------------------------------------------


def test_refusals_name_hostile_paths_inertly(tmp_path: Path, never_read: None) -> None:
    path = sparse(tmp_path / "[bold]\x1b[31mbig\u202e.json", MAX_BYTES + 1)
    for argv in (["validate", str(path)], ["validate", "--color", "always", str(path)]):
        result = run_cli(argv)
        assert result.code == 1
        assert_inert(result.stdout, "stdout", colour="always" in argv)
        assert "[bold]\\x1b[31mbig\\u202e.json is 10,485,761 bytes" in result.stdout


def test_yaml_line_breaks_other_than_newline_keep_positions_in_the_file(tmp_path: Path) -> None:
    """YAML also ends lines at a lone CR, NEL or LINE SEPARATOR; positions count newlines,
    as for JSON, so a finding never points past the end of the file."""
    for separator in ("\r", "\x85", "\u2028"):
        text = dump(FINISHED, "yaml").replace("\n", separator, 3).replace("msg.consumer", "5")
        path = tmp_path / "m.yaml"
        path.write_text(text, encoding="utf-8", newline="")
        result = run_cli(["validate", "--format", "json", str(path)])
        finding = only_finding(result.stdout)
        line = text[: text.index(": 5")].count("\n") + 1
        assert (finding["code"], finding["line"]) == ("LPM103", line)
        result = run_cli(["validate", str(path)])
        assert_inert(result.stdout, "stdout")
        assert f"{line} | " in result.stdout
