"""Coverage-guided fuzzing of lpmanifest with atheris (libFuzzer for Python).

    pip install atheris
    python bench/fuzz.py -max_total_time=300            # five minutes, every target
    LPMANIFEST_FUZZ_TARGETS=load,check python bench/fuzz.py -runs=100000

The targets are `tests/fuzz_harness.TARGETS` (the ones the hypothesis tests use): the
loader, the checker and the command line in-process. An input that makes one of them raise,
print a raw control character, or exit with a code SPEC does not allow is a crash: libFuzzer
stops and writes it to `crash-<hash>` in the current directory. `-timeout` (default here:
10 s per input) turns a hang into a crash too, and `-rss_limit_mb` (default 2048) a memory
blow-up. The corpus starts from the real manifests in the repository and grows in
`bench/work/fuzz-corpus/` (or in the directories given), with the harness' tokens as a
dictionary (`bench/work/fuzz.dict`); any other libFuzzer flag is passed through.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "work" / "fuzz-corpus"

try:
    import atheris  # type: ignore  # (no stubs; not installed everywhere)
except ImportError:
    sys.exit("bench/fuzz.py needs atheris: `pip install atheris` (wheels for CPython on Linux)")

sys.path.insert(0, str(ROOT))
with atheris.instrument_imports(include=["lpmanifest"]):
    from tests import fuzz_harness

TARGET_NAMES = [
    name
    for name in os.environ.get("LPMANIFEST_FUZZ_TARGETS", ",".join(fuzz_harness.TARGETS)).split(",")
    if name
]


def test_one_input(data: bytes) -> None:
    fuzz_harness.run_all(data, TARGET_NAMES)


def _escape(token: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else f"\\x{b:02x}" for b in token)


def main() -> None:
    unknown = [name for name in TARGET_NAMES if name not in fuzz_harness.TARGETS]
    if unknown:
        sys.exit(f"unknown target {unknown[0]!r}; known: {', '.join(fuzz_harness.TARGETS)}")
    argv = list(sys.argv)
    corpora = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
    if not corpora:
        corpora = [CORPUS]
        argv.append(str(CORPUS))
    for corpus in corpora:  # created if missing, seeded with real manifests if empty
        corpus.mkdir(parents=True, exist_ok=True)
        if not any(corpus.iterdir()):
            for index, seed in enumerate(fuzz_harness.seeds()):
                (corpus / f"seed-{index:02d}").write_bytes(seed)
    if not any(arg.startswith("-dict=") for arg in argv):
        # The tokens the mutation tests insert, as a libFuzzer dictionary.
        dictionary = ROOT / "bench" / "work" / "fuzz.dict"
        dictionary.parent.mkdir(parents=True, exist_ok=True)
        dictionary.write_text(
            "".join(f'"{_escape(token)}"\n' for token in fuzz_harness.TOKENS), encoding="ascii"
        )
        argv.append(f"-dict={dictionary}")
    if not any(arg.startswith("-timeout=") for arg in argv):
        argv.append("-timeout=10")
    if not any(arg.startswith("-rss_limit_mb=") for arg in argv):
        argv.append("-rss_limit_mb=2048")
    print(f"fuzzing targets: {', '.join(TARGET_NAMES)}", flush=True)
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
