"""Instructions per file, lpmanifest beside the floor: a measure the neighbours cannot disturb.

    python bench/instructions.py [CORPUS] [--small N] [--large N]

Wall-clock time on a shared machine swings by 15% from one run to the next, more than most
changes move it; the number of instructions a process executes does not (only hash
randomisation moves it, by a percent or two). This script copies the first `--small` (100)
and `--large` (600) files of CORPUS (default `bench/work/corpus/json10000`, made by
`bench/run.py`) into two temporary folders, counts the instructions of
`lpmanifest validate --jobs 1` and of `bench/floor.py` on each under
`valgrind --tool=callgrind`, and prints the cost of one more file, (large - small) /
(large - small files), for both and their ratio. Start-up cancels out.

Instructions leave out the kernel's work (reading the files), which both pay alike, so the
ratio of instructions runs above the ratio of wall-clock time that `bench/run.py` judges.
Exit code 2 without valgrind (`sudo apt-get install -y valgrind`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(command: list[str], cwd: Path) -> int:
    """The instructions `command` executes, as callgrind counts them."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    found = _COLLECTED.search(result.stderr)
    if found is None:
        raise SystemExit(f"callgrind counted nothing for {command}:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "bench/work/corpus/json10000"))
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=600)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not on the PATH: sudo apt-get install -y valgrind", file=sys.stderr)
        return 2
    files = sorted(Path(args.corpus).iterdir())
    if len(files) < args.large or args.small >= args.large:
        print(f"{args.corpus} needs at least {args.large} files (run bench/run.py first)")
        return 2
    counts: dict[str, list[int]] = {"lpmanifest": [], "floor": []}
    with tempfile.TemporaryDirectory() as work:
        for size in (args.small, args.large):
            folder = Path(work) / f"files{size}"
            folder.mkdir()
            for path in files[:size]:
                shutil.copy(path, folder / path.name)
            lpmanifest = [sys.executable, "-m", "lpmanifest", "validate", "--jobs", "1"]
            counts["lpmanifest"].append(instructions([*lpmanifest, str(folder)], ROOT))
            floor = [sys.executable, str(ROOT / "bench/floor.py"), str(folder)]
            counts["floor"].append(instructions(floor, ROOT))
    more = args.large - args.small
    per_file = {tool: (large - small) / more for tool, (small, large) in counts.items()}
    print(f"{Path(args.corpus).name}: instructions per file, {args.small} -> {args.large} files")
    for tool, cost in per_file.items():
        print(f"  {tool:<10} {cost:>10,.0f}")
    print(f"  ratio      {per_file['lpmanifest'] / per_file['floor']:>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
