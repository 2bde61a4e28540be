"""Checking on several processes: the same report as one process, whatever fails."""

from __future__ import annotations

import copy
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lpmanifest.check import pool
from lpmanifest.check.pool import map_in_order, plan_jobs
from lpmanifest.cli import main
from lpmanifest.source.read import load_file, load_text

from .conftest import CONTENT, FINISHED, dump

PARENT = os.getpid()


def no_children_left() -> bool:
    """Every process this test forked has been reaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fails_in_workers(number: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("a worker's bug")
    return number + 1


def killed_in_workers(number: int) -> int:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return number + 1


@pytest.mark.parametrize("jobs", [1, 2, 3, 7])
def test_results_come_in_order_from_several_processes(jobs: int) -> None:
    results = list(map_in_order(square_with_pid, list(range(50)), jobs))
    assert [value for value, _ in results] == [n * n for n in range(50)]
    pids = {pid for _, pid in results}
    assert len(pids) == jobs  # one slice per process, the parent's included
    assert PARENT in pids
    assert no_children_left()


@pytest.mark.parametrize("work", [fails_in_workers, killed_in_workers])
def test_a_failing_worker_costs_only_time(work: Any) -> None:
    assert list(map_in_order(work, list(range(30)), 3)) == list(range(1, 31))
    assert no_children_left()


def exits_midway_in_workers(number: int) -> tuple[int, int]:
    if os.getpid() != PARENT and number == 37:
        os._exit(0)  # a clean exit, but the results so far are all it wrote
    return number, os.getpid()


def test_results_cut_short_are_completed_by_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "BATCH", 5)
    results = list(map_in_order(exits_midway_in_workers, list(range(60)), 2))
    assert [number for number, _ in results] == list(range(60))
    by = dict(results)
    # The worker's slice is 30..59: it delivered two batches (30..39 was cut at 37).
    assert {by[n] for n in range(30, 35)} != {PARENT}
    assert all(by[n] == PARENT for n in range(35, 60))
    assert no_children_left()


def test_an_error_in_the_parent_stops_and_reaps_the_workers() -> None:
    def interrupted(number: int) -> int:
        if os.getpid() == PARENT and number == 2:
            raise KeyboardInterrupt
        return number

    with pytest.raises(KeyboardInterrupt):
        list(map_in_order(interrupted, list(range(40)), 2))
    assert no_children_left()


def test_a_worker_is_not_forked_when_no_temporary_file_can_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    results = list(map_in_order(square_with_pid, list(range(10)), 2))
    assert results == [(n * n, PARENT) for n in range(10)]


@pytest.mark.parametrize(
    ("requested", "files", "cpus", "expected"),
    [
        (0, 1000, 2, 2),  # one per CPU
        (0, 1000, 16, 10),  # but at least MIN_FILES_PER_JOB files each
        (0, 150, 2, 1),  # too few to be worth a second process
        (0, 1, 8, 1),
        (3, 1000, 2, 3),  # asked for: as many as asked
        (4, 2, 8, 2),  # never more than the files
        (1, 5000, 8, 1),
    ],
)
def test_plan_jobs(
    requested: int, files: int, cpus: int, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "available_cpus", lambda: cpus)
    assert pool.MIN_FILES_PER_JOB == 100
    assert plan_jobs(requested, files) == expected


# -- the command line ------------------------------------------------------------------

SECRET_YAML = """\
# a web app with a credential
client_name: com.acme.web
client_secret: s3cr3t-value-that-must-not-show
grant_types: [authorization_code]
redirect_uris: ["http://acme.example/callback"]
"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """120 manifests: valid and broken, JSON and YAML, a secret, a suppression, a BOM."""
    root = tmp_path / "mixed"
    root.mkdir()
    for index in range(120):
        data: dict[str, Any] = copy.deepcopy(FINISHED)
        hook = data["capabilities"]["webhooks"][CONTENT]
        kind = index % 10
        if kind == 1:
            hook["max_retries"] = 9
        elif kind == 2:
            data["dispaly_name"] = data.pop("display_name")
        elif kind == 3:
            hook["endpoint"] = "https://your/webhooks/endpoint"
        name = f"m{index:03d}"
        if kind == 4:
            (root / f"{name}.yaml").write_text(SECRET_YAML)
        elif kind == 5:
            suppressed = "max_retries: 7  # lpmanifest: ignore[out-of-range]"
            text = dump(data, "yaml").replace("max_retries: 3", suppressed)
            (root / f"{name}.yaml").write_text(text)
        elif kind == 6:
            (root / f"{name}.json").write_text("\ufeff" + json.dumps(data, indent=2))
        elif kind == 7:
            (root / f"{name}.json").write_text('{"client_name": "x",')
        else:
            (root / f"{name}.json").write_text(json.dumps(data, indent=2))
    return root


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github"])
def test_several_processes_report_exactly_what_one_does(
    mixed: Path, output_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = []
    for jobs in ("1", "2", "3"):
        code = main(["validate", str(mixed), "--format", output_format, "--jobs", jobs])
        out, err = capsys.readouterr()
        reports.append((code, out, err))
    assert reports[0][0] == 1 and reports[0][1]
    assert reports[1] == reports[0]
    assert reports[2] == reports[0]
    assert "s3cr3t-value" not in reports[0][1]
    assert no_children_left()


def test_jobs_below_zero_is_a_usage_error(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(mixed), "--jobs", "-1"]) == 2
    assert "-1 is not in the range x>=0" in capsys.readouterr().err


def test_a_document_sent_between_processes_keeps_what_its_report_needs(tmp_path: Path) -> None:
    yaml_doc = load_text(SECRET_YAML, "app.yaml")
    where = yaml_doc.locations[("client_secret",)].value
    copied = pickle.loads(pickle.dumps(yaml_doc.portable(keep_source=True)))
    assert copied.locations[("client_secret",)].value == where
    assert (copied.text, copied.data, copied.file) == (yaml_doc.text, yaml_doc.data, "app.yaml")

    path = tmp_path / "m.json"
    path.write_text(json.dumps(FINISHED, indent=2))
    json_doc = load_file(str(path))
    expected = json_doc.locations[("capabilities", "webhooks", CONTENT, "endpoint")]
    copied = pickle.loads(pickle.dumps(json_doc.portable(keep_source=True)))
    assert copied.locations[("capabilities", "webhooks", CONTENT, "endpoint")] == expected

    bare = json_doc.portable(keep_source=False)
    assert (bare.file, bare.format, bare.text, bare.data) == (str(path), "json", "", None)


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_ctrl_c_during_a_parallel_run_ends_every_process_quietly(tmp_path: Path) -> None:
    """SIGINT to the process group, as a terminal sends it: exit 130, one message, no
    traceback, and the worker gone with the parent."""
    text = json.dumps(FINISHED, indent=2)
    for index in range(3000):
        (tmp_path / f"m{index:04d}.json").write_text(text)
    process = subprocess.Popen(
        [sys.executable, "-m", "lpmanifest", "validate", str(tmp_path), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a shell job
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = children_of(process.pid)
    assert workers, "the worker was never seen"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "lpmanifest: error: interrupted\n"
    for worker in workers:
        assert (
            not Path(f"/proc/{worker}").exists()
            or "Z" in Path(f"/proc/{worker}/stat").read_text().split(")")[-1][:3]
        )


# -- the program's exit ----------------------------------------------------------------


def test_the_program_flushes_its_output_and_runs_exit_handlers(mixed: Path) -> None:
    """`run()` skips the interpreter's teardown, but nothing it wrote or registered is lost."""
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('exit handler ran\\n'))\n"
        "from lpmanifest.cli import run\n"
        f"sys.argv = ['lpmanifest', 'validate', {str(mixed)!r}, '--format', 'json']\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert done.stderr == "exit handler ran\n"
    report = json.loads(done.stdout)  # complete: it parses
    with_teardown = script.replace("run()", "sys.exit(__import__('lpmanifest.cli').cli.main())")
    in_process = subprocess.run(
        [sys.executable, "-c", with_teardown],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert json.loads(in_process.stdout) == report
