"""Time `lpmanifest validate` side by side with check-jsonschema and ajv-cli.

Run it with the Python of the virtual environment that has lpmanifest installed:

    .venv/bin/python bench/run.py            # the full run (a few minutes)
    .venv/bin/python bench/run.py --quick    # fewer repetitions (about a minute)

It sets up its peers in `bench/work/` (git-ignored) on first use: check-jsonschema from PyPI
in a virtual environment of its own, ajv-cli with ajv-formats from npm. hyperfine must be on
the PATH (Debian: `apt-get install -y hyperfine`). It then generates the manifests (fixed
seed), checks that the three tools agree on which files are invalid, times each scenario
with hyperfine (and, per file in one process, beside `bench/floor.py`), measures peak
memory of lpmanifest, and prints the medians, the ratios lpmanifest/peer and PASS or FAIL
against the targets of SPEC's Performance section. Exit code: 0 every target met,
1 a target missed, 2 a tool missing or the tools disagreeing.

Standard library only, so it runs before anything but lpmanifest is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# bench/ is not a package: the generator sits beside this script.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
SCHEMA = ROOT / "schemas" / "manifest.schema.json"

# The peers, pinned so that runs on different days compare the same programs.
CHECK_JSONSCHEMA = "check-jsonschema==0.39.0"
AJV_PACKAGES = ["ajv-cli@5.0.0", "ajv-formats@3.0.1"]

FLOOR = ROOT / "bench" / "floor.py"

# Targets (SPEC, Performance): lpmanifest's median over the peer's median, in one run on one
# machine, for each scenario.
ONE_FILE_RATIO = 0.3  # one valid file, cold, over check-jsonschema
JSON_RATIO = 0.4  # 1,000 JSON files over ajv-cli
YAML_RATIO = 0.5  # 1,000 YAML files over check-jsonschema
BIG_RATIO = 0.6  # 10,000 JSON files over ajv-cli
FLOOR_RATIO = 2.0  # the cost of one more file, one process, over the floor's (bench/floor.py)
ONE_PROCESS = "lpmanifest --jobs 1"
LINEAR_TOLERANCE = 1.2  # per-file cost at 10x the files, over the per-file cost at 1x
MEMORY_TOLERANCE = 1.2  # peak RSS at 10x the files, over the peak at 1x


class SetupError(Exception):
    """A tool is missing and cannot be installed from here: say how to get it."""


@dataclass
class Tools:
    lpmanifest: str
    python: str
    check_jsonschema: str
    ajv: str
    hyperfine: str
    versions: dict[str, str] = field(default_factory=dict)

    def lpm(self, *paths: str) -> list[str]:
        return [self.lpmanifest, "validate", *paths]

    def lpm_one_process(self, *paths: str) -> list[str]:
        return [self.lpmanifest, "validate", "--jobs", "1", *paths]

    def floor(self, *paths: str) -> list[str]:
        return [self.python, str(FLOOR), *paths]

    def cjs(self, *paths: str) -> list[str]:
        return [self.check_jsonschema, "--schemafile", str(SCHEMA), *paths]

    def ajv_cmd(self, data: str) -> list[str]:
        # draft 2020-12, the formats plugin, and no strict-mode warnings about the union
        # types the schema uses on purpose (`target_audience` is a string or an array).
        return [
            self.ajv,
            "validate",
            "--spec=draft2020",
            "-c",
            "ajv-formats",
            "--strict=false",
            "-s",
            str(SCHEMA),
            "-d",
            data,
        ]


# -- setup -----------------------------------------------------------------------------


def run_quiet(
    command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, env=env)


def find_tools(install: bool) -> Tools:
    hyperfine = shutil.which("hyperfine")
    if hyperfine is None:
        raise SetupError(
            "hyperfine is not on the PATH; install it with `sudo apt-get install -y hyperfine`"
            " (Debian/Ubuntu), `brew install hyperfine` or `cargo install hyperfine`"
        )
    lpmanifest = Path(sys.executable).parent / "lpmanifest"
    if not lpmanifest.exists():
        raise SetupError(
            f"no lpmanifest beside {sys.executable}; run this script with the Python of the"
            " virtual environment lpmanifest is installed in (`pip install -e .` there)"
        )
    cjs_venv = WORK / "venv-check-jsonschema"
    check_jsonschema = cjs_venv / "bin" / "check-jsonschema"
    if not _runs(check_jsonschema):
        if not install:
            raise SetupError(f"check-jsonschema is not set up in {cjs_venv} (drop --no-setup)")
        print(f"setting up {CHECK_JSONSCHEMA} in {cjs_venv.relative_to(ROOT)} ...", flush=True)
        shutil.rmtree(cjs_venv, ignore_errors=True)  # a half-made or moved one
        subprocess.run([sys.executable, "-m", "venv", str(cjs_venv)], check=True)
        pip = [str(cjs_venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, CHECK_JSONSCHEMA], check=True)
    node_prefix = WORK / "node"
    ajv = node_prefix / "node_modules" / ".bin" / "ajv"
    if not _runs(ajv, "help"):
        if not install:
            raise SetupError(f"ajv-cli is not set up in {node_prefix} (drop --no-setup)")
        npm = shutil.which("npm")
        if npm is None:
            raise SetupError(
                "npm is not on the PATH; install Node.js 18+ with npm"
                " (`sudo apt-get install -y nodejs npm`), then run this again"
            )
        print(f"setting up {' '.join(AJV_PACKAGES)} in {node_prefix.relative_to(ROOT)} ...")
        subprocess.run(
            [npm, "install", "--silent", "--prefix", str(node_prefix), *AJV_PACKAGES], check=True
        )
    tools = Tools(str(lpmanifest), sys.executable, str(check_jsonschema), str(ajv), hyperfine)
    tools.versions = {
        "lpmanifest": run_quiet([tools.lpmanifest, "--version"]).stdout.strip(),
        "check-jsonschema": run_quiet([tools.check_jsonschema, "--version"]).stdout.strip(),
        "ajv-cli": "ajv-cli " + _npm_version(node_prefix, "ajv-cli"),
        "ajv": "ajv " + _npm_version(node_prefix, "ajv"),
        "node": "node " + run_quiet(["node", "--version"]).stdout.strip(),
        "hyperfine": run_quiet([hyperfine, "--version"]).stdout.strip(),
    }
    return tools


def _runs(program: Path, *args: str) -> bool:
    """Whether the program is there and starts (a moved venv has broken shebangs)."""
    if not program.exists():
        return False
    try:
        return run_quiet([str(program), *(args or ("--version",))]).returncode == 0
    except OSError:
        return False


def _npm_version(prefix: Path, package: str) -> str:
    manifest = prefix / "node_modules" / package / "package.json"
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def bench_env() -> dict[str, str]:
    """The children's environment: bytecode caches on (as for any installed program)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


def precompile(tools: Tools) -> None:
    """Compile lpmanifest's bytecode, as `pip install` does for a regular install."""
    probe = "import lpmanifest, os; print(os.path.dirname(lpmanifest.__file__))"
    package = run_quiet([tools.python, "-c", probe]).stdout.strip()
    subprocess.run([tools.python, "-m", "compileall", "-q", package], check=True, env=bench_env())


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor() or "unknown"
    python = run_quiet([sys.executable, "-c", "import sys; print(sys.version.split()[0])"])
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": python.stdout.strip(),
        "os": f"{platform.system()} {platform.release()}",
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


# -- corpus ----------------------------------------------------------------------------


@dataclass
class Corpus:
    one: str  # one valid JSON file
    json_small: str  # directory of `files` JSON manifests
    yaml_small: str
    json_big: str  # directory of `big` JSON manifests
    broken: int  # how many of the small ones are broken
    files: int
    big: int


def build_corpus(files: int, big: int) -> Corpus:
    base = WORK / "corpus"
    shutil.rmtree(base, ignore_errors=True)
    broken = corpus.write_corpus(base / f"json{files}", files, "json")
    corpus.write_corpus(base / f"yaml{files}", files, "yaml")
    corpus.write_corpus(base / f"json{big}", big, "json")
    # The single file: the first valid manifest, in a directory of its own.
    (base / "one").mkdir()
    first_valid = next(i for i, (_, bad) in enumerate(corpus.generate(files)) if not bad)
    shutil.copy(base / f"json{files}" / f"m{first_valid:05d}.json", base / "one" / "valid.json")
    return Corpus(
        "one/valid.json", f"json{files}", f"yaml{files}", f"json{big}", broken, files, big
    )


def corpus_dir() -> Path:
    return WORK / "corpus"


def listing(directory: str) -> list[str]:
    return sorted(f"{directory}/{name}" for name in os.listdir(corpus_dir() / directory))


# -- agreement: the three tools see the same invalid files ------------------------------


def invalid_by_lpmanifest(tools: Tools, directory: str) -> set[str]:
    result = run_quiet(
        [*tools.lpm(directory), "--format", "json"], cwd=corpus_dir(), env=bench_env()
    )
    report = json.loads(result.stdout)
    return {f["file"] for f in report["findings"] if f["severity"] == "error"}


def invalid_by_check_jsonschema(tools: Tools, directory: str) -> set[str]:
    files = listing(directory)
    result = run_quiet(
        [*tools.cjs(*files), "--output-format", "json"], cwd=corpus_dir(), env=bench_env()
    )
    report = json.loads(result.stdout)
    return {error["filename"] for error in report.get("errors", [])} | {
        error["filename"] for error in report.get("parse_errors", [])
    }


def invalid_by_ajv(tools: Tools, pattern: str) -> set[str]:
    result = run_quiet(tools.ajv_cmd(pattern), cwd=corpus_dir(), env=bench_env())
    return set(re.findall(r"^(\S+) invalid$", result.stdout + result.stderr, re.MULTILINE))


def check_agreement(tools: Tools, data: Corpus) -> None:
    """Before timing anything: every tool must reject exactly the broken files."""
    expected = {
        f"{data.json_small}/m{index:05d}.json"
        for index, (_, bad) in enumerate(corpus.generate(data.files))
        if bad
    }
    found = {
        "lpmanifest": invalid_by_lpmanifest(tools, data.json_small),
        "check-jsonschema": invalid_by_check_jsonschema(tools, data.json_small),
        "ajv-cli": invalid_by_ajv(tools, f"{data.json_small}/*.json"),
    }
    yaml_expected = {name.replace("json", "yaml") for name in expected}
    found_yaml = {
        "lpmanifest (YAML)": invalid_by_lpmanifest(tools, data.yaml_small),
        "check-jsonschema (YAML)": invalid_by_check_jsonschema(tools, data.yaml_small),
        "ajv-cli (YAML)": invalid_by_ajv(tools, f"{data.yaml_small}/*.yaml"),
    }
    problems = [
        f"{tool} rejects {len(seen)} files, {len(seen ^ want)} differ from the {len(want)} broken"
        for want, results in ((expected, found), (yaml_expected, found_yaml))
        for tool, seen in results.items()
        if seen != want
    ]
    # The floor says only how many: enough to show that it parses and validates.
    for directory in (data.json_small, data.yaml_small):
        said = run_quiet(tools.floor(directory), cwd=corpus_dir(), env=bench_env()).stdout
        if said.strip() != f"{data.files} files, {len(expected)} invalid":
            problems.append(f"the floor on {directory} says {said.strip()!r}")
    if problems:
        raise SetupError("the tools disagree on the corpus:\n  " + "\n  ".join(problems))
    print(
        f"agreement: all three tools (and the floor) reject exactly the {len(expected)} broken"
        f" files of {data.files} (JSON and YAML)"
    )


# -- timing ----------------------------------------------------------------------------


@dataclass
class Timing:
    median: float  # seconds
    times: list[float]


def hyperfine(
    tools: Tools,
    name: str,
    commands: dict[str, list[str]],
    runs: int,
    warmup: int,
    out_dir: Path,
) -> dict[str, Timing]:
    """Time the commands side by side (a fresh process per run); the medians by label."""
    export = out_dir / f"{name}.json"
    command = [
        tools.hyperfine,
        "--shell=none",  # no shell start-up in the figures
        "--ignore-failure",  # invalid files make every validator exit non-zero
        "--warmup",
        str(warmup),
        "--runs",
        str(runs),
        "--style",
        "basic",
        "--export-json",
        str(export),
    ]
    for label, argv in commands.items():
        command += ["--command-name", label, shlex.join(argv)]
    print(f"\n== {name}", flush=True)
    subprocess.run(command, cwd=corpus_dir(), env=bench_env(), check=True)
    results = json.loads(export.read_text(encoding="utf-8"))["results"]
    return {r["command"]: Timing(r["median"], r["times"]) for r in results}


def batch(tools: Tools, directory: str, suffix: str) -> dict[str, list[str]]:
    """Each tool on every file of a directory, in one call, the way each takes them."""
    return {
        "lpmanifest": tools.lpm(directory),
        "check-jsonschema": tools.cjs(*listing(directory)),
        "ajv-cli": tools.ajv_cmd(f"{directory}/*.{suffix}"),
    }


# Measures one command's peak RSS from a fresh, small process: the high-water mark survives
# exec, so a child forked from this (large) script would report this script's size.
_RSS_PROBE = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.argv[1], sys.argv[1:])
print(os.wait4(pid, 0)[2].ru_maxrss)
"""


def peak_rss(tools: Tools, argv: list[str], repeats: int = 3) -> int:
    """The largest resident set (KiB) the command reaches, the median over a few runs."""
    peaks = []
    for _ in range(repeats):
        probe = run_quiet(
            [tools.python, "-c", _RSS_PROBE, *argv], cwd=corpus_dir(), env=bench_env()
        )
        peaks.append(int(probe.stdout))
    return int(statistics.median(peaks))


# -- report ----------------------------------------------------------------------------


@dataclass
class Verdict:
    scenario: str
    figures: str
    measure: str
    target: str
    passed: bool


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def compare(
    scenario: str,
    timings: dict[str, Timing],
    peer: str,
    target: float,
    floor: Timing | None = None,
) -> tuple[list[str], Verdict]:
    lpm = timings["lpmanifest"].median
    row = [scenario, ms(lpm)]
    for tool in ("check-jsonschema", "ajv-cli"):
        row.append(ms(timings[tool].median) if tool in timings else "-")
    row.append(ms(floor.median) if floor else "")
    for tool in ("check-jsonschema", "ajv-cli"):
        row.append(f"{lpm / timings[tool].median:.2f}" if tool in timings else "-")
    ratio = lpm / timings[peer].median
    verdict = Verdict(
        scenario,
        f"{ms(lpm)} vs {ms(timings[peer].median)}",
        f"{ratio:.2f}x {peer}",
        f"<= {target}x {peer}",
        ratio <= target,
    )
    return row, verdict


# The per-file scenario's commands: lpmanifest in one process and the floor, each on one
# file (its start-up) and on each corpus of `files`.
PER_FILE_RUNS = ("one", "json", "yaml", "json-big")


def per_file_commands(tools: Tools, data: Corpus) -> dict[str, list[str]]:
    commands = {}
    targets = (data.one, data.json_small, data.yaml_small, data.json_big)
    for run, target in zip(PER_FILE_RUNS, targets, strict=True):
        commands[f"lpmanifest --jobs 1 {run}"] = tools.lpm_one_process(target)
        commands[f"floor {run}"] = tools.floor(target)
    return commands


def per_file_costs(timings: dict[str, Timing], data: Corpus) -> dict[tuple[str, str], float]:
    """(tool, corpus) -> seconds per file, one process.

    JSON: (T(big) - T(files)) / (big - files), the slope from 1,000 to 10,000 files, where
    start-up cancels out and a few milliseconds of noise weigh a tenth of what they would
    over 1,000 files. YAML: (T(files) - T(one file)) / files.
    Fastest runs, not medians: a cost per file is a difference of timings, and a
    neighbour's burst in one of them would pass for a change of cost.
    """
    costs = {}
    for tool in ("lpmanifest --jobs 1", "floor"):
        fastest = {run: min(timings[f"{tool} {run}"].times) for run in PER_FILE_RUNS}
        costs[tool, "json"] = (fastest["json-big"] - fastest["json"]) / (data.big - data.files)
        costs[tool, "yaml"] = (fastest["yaml"] - fastest["one"]) / data.files
    return costs


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs per command, 1 warm-up")
    parser.add_argument("--runs", type=int, help="hyperfine runs per command (default 10)")
    parser.add_argument("--warmup", type=int, help="hyperfine warm-up runs (default 2)")
    parser.add_argument("--files", type=int, default=1000, help="files in the batch runs")
    parser.add_argument("--big", type=int, default=10_000, help="files in the linearity run")
    parser.add_argument(
        "--no-setup", action="store_true", help="do not install missing peers; fail instead"
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 10)
    warmup = args.warmup if args.warmup is not None else (1 if args.quick else 2)

    try:
        tools = find_tools(install=not args.no_setup)
        precompile(tools)
        info = machine()
        print(
            f"machine: {info['cpus']} CPUs, {info['cpu']}, Python {info['python']}, {info['os']};"
            f" load average {info['load']}"
        )
        if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
            print("warning: the machine is busy; the figures will be noisy")
        print("tools: " + "; ".join(tools.versions.values()))
        print(f"generating {args.files:,} JSON, {args.files:,} YAML, {args.big:,} JSON manifests")
        data = build_corpus(args.files, args.big)
        check_agreement(tools, data)
    except SetupError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    out_dir = RESULTS / time.strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)
    n = f"{args.files:,}"
    one = hyperfine(
        tools,
        "one-file",
        {
            "lpmanifest": tools.lpm(data.one),
            "check-jsonschema": tools.cjs(data.one),
            "ajv-cli": tools.ajv_cmd(data.one),
            "python-floor": [tools.python, "-c", "import json"],
        },
        runs,
        warmup,
        out_dir,
    )
    # The default (workers on each CPU) and one process, side by side with the peers: the
    # second says what the code costs without a second core.
    json_commands = batch(tools, data.json_small, "json")
    json_commands[ONE_PROCESS] = [*tools.lpm(data.json_small), "--jobs", "1"]
    batch_json = hyperfine(tools, f"{args.files}-json", json_commands, runs, warmup, out_dir)
    batch_yaml = hyperfine(
        tools, f"{args.files}-yaml", batch(tools, data.yaml_small, "yaml"), runs, warmup, out_dir
    )
    big = hyperfine(
        tools,
        f"{args.big}-json",
        {
            "lpmanifest": tools.lpm(data.json_big),
            "ajv-cli": tools.ajv_cmd(f"{data.json_big}/*.json"),
        },
        max(3, runs // 2),
        min(warmup, 1),
        out_dir,
    )
    per_file = hyperfine(tools, "per-file", per_file_commands(tools, data), runs, warmup, out_dir)
    rss_small = peak_rss(tools, tools.lpm(data.json_small))
    rss_big = peak_rss(tools, tools.lpm(data.json_big))
    peers = batch(tools, data.json_small, "json")
    rss_peers = {tool: peak_rss(tools, peers[tool], 1) for tool in ("check-jsonschema", "ajv-cli")}

    rows, verdicts = [], []
    for scenario, timings, peer, target in (
        ("one valid file, cold", one, "check-jsonschema", ONE_FILE_RATIO),
        (f"{n} JSON files ({data.broken} invalid), one call", batch_json, "ajv-cli", JSON_RATIO),
        (
            f"{n} YAML files ({data.broken} invalid), one call",
            batch_yaml,
            "check-jsonschema",
            YAML_RATIO,
        ),
        (f"{args.big:,} JSON files, one call", big, "ajv-cli", BIG_RATIO),
    ):
        row, verdict = compare(
            scenario, timings, peer, target, one["python-floor"] if timings is one else None
        )
        rows.append(row)
        verdicts.append(verdict)
    one_process = {"lpmanifest": batch_json[ONE_PROCESS]} | {
        tool: batch_json[tool] for tool in ("check-jsonschema", "ajv-cli")
    }
    rows.insert(
        2,
        compare(f"{n} JSON files, one process (--jobs 1)", one_process, "ajv-cli", JSON_RATIO)[0],
    )  # for information: the targets are for the program as people run it
    costs = per_file_costs(per_file, data)
    per_file_rows = []
    for run, label in (("json", "JSON"), ("yaml", "YAML")):
        lpm_cost, floor_cost = costs["lpmanifest --jobs 1", run], costs["floor", run]
        ratio = lpm_cost / floor_cost
        per_file_rows.append(
            [label, f"{lpm_cost * 1e6:.0f} us", f"{floor_cost * 1e6:.0f} us", f"{ratio:.2f}"]
        )
        verdicts.append(
            Verdict(
                f"per file, one process, {label}",
                f"{lpm_cost * 1e6:.0f} us vs {floor_cost * 1e6:.0f} us a file",
                f"{ratio:.2f}x the floor",
                f"<= {FLOOR_RATIO}x the floor",
                ratio <= FLOOR_RATIO,
            )
        )
    # Linearity compares the cost of one more file below and above the batch size: from
    # one file to `files`, and from `files` to `big`. Fastest runs, not medians: the
    # slopes are differences of timings, and a neighbour's burst in one of them would
    # pass for a change of slope.
    t_one, t_small, t_big = (
        min(one["lpmanifest"].times),
        min(batch_json["lpmanifest"].times),
        min(big["lpmanifest"].times),
    )
    per_file_small = (t_small - t_one) / (args.files - 1)
    per_file_big = (t_big - t_small) / (args.big - args.files)
    growth = per_file_big / per_file_small
    verdicts.append(
        Verdict(
            f"time linear in files ({n} -> {args.big:,})",
            f"{per_file_small * 1e6:.0f} us/file to {n}, {per_file_big * 1e6:.0f} beyond",
            f"{growth:.2f}x per file",
            f"<= {LINEAR_TOLERANCE}x per file",
            growth <= LINEAR_TOLERANCE,
        )
    )
    memory = rss_big / rss_small
    verdicts.append(
        Verdict(
            f"peak memory flat ({n} -> {args.big:,})",
            f"{rss_small / 1024:.1f} MiB -> {rss_big / 1024:.1f} MiB",
            f"{memory:.2f}x",
            f"<= {MEMORY_TOLERANCE}x",
            memory <= MEMORY_TOLERANCE,
        )
    )

    header = [
        "scenario (median)",
        "lpmanifest",
        "check-jsonschema",
        "ajv-cli",
        "python -c 'import json'",
        "lpm/cjs",
        "lpm/ajv",
    ]
    verdict_table = table(
        ["target", "figures", "measured", "target", "result"],
        [
            [v.scenario, v.figures, v.measure, v.target, "PASS" if v.passed else "FAIL"]
            for v in verdicts
        ],
    )
    peers_rss = ", ".join(f"{tool} {kib / 1024:.1f} MiB" for tool, kib in rss_peers.items())
    report = "\n".join(
        [
            f"Machine: {info['cpus']} CPUs ({info['cpu']}), Python {info['python']},"
            f" {info['os']}; load average at start {info['load']}.",
            "Tools: " + "; ".join(tools.versions.values()) + ".",
            f"Command: `{' '.join(['python', 'bench/run.py', *(argv or sys.argv[1:])])}`"
            f" ({runs} runs, {warmup} warm-up).",
            "",
            table(header, rows),
            "",
            f"Per file, one process, fastest runs: JSON (T({args.big:,} files) - T({n} files))"
            f" / {args.big - args.files:,}, YAML (T({n} files) - T(one file)) / {n};"
            " `lpmanifest validate --jobs 1` and `python bench/floor.py` (read, parse,"
            " jsonschema-rs `is_valid`) side by side:",
            "",
            table(["corpus", "lpmanifest --jobs 1", "floor", "ratio"], per_file_rows),
            "",
            verdict_table,
            "",
            f"Peak RSS for {n} JSON files: lpmanifest {rss_small / 1024:.1f} MiB, {peers_rss}.",
        ]
    )
    (out_dir / "report.md").write_text(report + "\n", encoding="utf-8")
    print("\n" + report)
    print(f"\nresults: {out_dir.relative_to(ROOT)}/ (hyperfine JSON exports and report.md)")
    return 0 if all(v.passed for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
