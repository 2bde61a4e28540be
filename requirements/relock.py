"""Write the locks that CI and the README's test command install from, with hashes.

    python requirements/relock.py            # after editing a dependency in pyproject.toml
    python requirements/relock.py --upgrade  # move every pin to the newest allowed release

`test.txt` pins the test environment (the project's dependencies and its `test` extra),
`runtime.txt` the dependencies alone, at the same versions (for the wheel check in CI).
Both are universal (any platform, Python 3.10 and newer), made by `uv pip compile`
(`pip install uv` first), and keep their existing pins where they still fit. Each records a
fingerprint of the dependency declarations it was made from; `tests/test_lock.py` fails when
pyproject.toml has changed since, so a range is never edited without relocking.

Only the standard library (and uv): it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOCKS = {"test.txt": ("--extra", "test"), "runtime.txt": ()}
FINGERPRINT_PREFIX = "# pyproject.toml dependencies sha256: "
COMMAND = "python requirements/relock.py"


def fingerprint(pyproject_text: str) -> str:
    """A digest of everything in pyproject.toml that decides what a lock holds."""
    data: dict[str, Any] = tomllib.loads(pyproject_text)
    project = data.get("project", {})
    declared = {
        "build-system": data.get("build-system", {}).get("requires", []),
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
    }
    canonical = json.dumps(declared, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _compile(uv: str, name: str, extra: tuple[str, ...], upgrade: bool) -> None:
    output = HERE / name
    command = [
        uv, "pip", "compile", "pyproject.toml", *extra,
        "--generate-hashes", "--universal", "--python-version", "3.10",
        "--custom-compile-command", COMMAND, "--quiet", "-o", str(output.relative_to(ROOT)),
    ]  # fmt: skip
    if name != "test.txt":
        command += ["--constraints", str((HERE / "test.txt").relative_to(ROOT))]
    if upgrade:
        command.append("--upgrade")
    subprocess.run(command, cwd=ROOT, check=True)
    digest = fingerprint((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = output.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith(FINGERPRINT_PREFIX)]
    lines.insert(2, f"{FINGERPRINT_PREFIX}{digest}\n")
    output.write_text("".join(lines), encoding="utf-8")


def main(argv: list[str]) -> int:
    uv = shutil.which("uv")
    if uv is None:
        print("relock: needs uv (pip install uv)", file=sys.stderr)
        return 2
    upgrade = "--upgrade" in argv
    for name, extra in LOCKS.items():  # test.txt first: runtime.txt follows its pins
        _compile(uv, name, extra, upgrade)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
