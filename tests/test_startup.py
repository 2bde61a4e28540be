"""Start-up pays only for what the command uses (SPEC, Performance).

`python -X importtime` lists every module a run imports. These tests assert on module
names, not on times: a heavy import that creeps onto a path is caught on any machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, FINISHED, dump

# Heavy modules and what needs them: the wizard (questionary, prompt_toolkit), the
# reference schema engine (jsonschema, and pydantic through newer typers), colour (rich).
HEAVY = ("questionary", "prompt_toolkit", "jsonschema", "rich", "pydantic")


def imported_modules(*argv: str, stdin: bytes = b"") -> set[str]:
    """The modules `python -m lpmanifest ARGV` imports (run in a fresh interpreter).

    (`-X importtime` does not list modules loaded through `importlib.import_module`, as
    the reporters are, but it does list everything they import with `import`.)
    """
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lpmanifest", *argv],
        input=stdin,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr.decode()[-2000:]
    modules = set()
    for line in result.stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    assert "lpmanifest.cli" in modules  # the listing is real, not empty
    return modules


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(
        name for name in modules if name.split(".")[0] in HEAVY and name != "jsonschema_rs"
    )


@pytest.mark.parametrize("name", ["connector.json", "connector.yaml"])
def test_a_valid_file_imports_nothing_heavy(name: str) -> None:
    modules = imported_modules("validate", str(EXAMPLES / name))
    assert heavy_in(modules) == []
    assert "jsonschema_rs" in modules  # the fast engine did the work
    assert "importlib.resources" not in modules  # the bundled schema is read from disk
    if name.endswith(".json"):
        assert "yaml" not in modules
    # One file: no workers (pickle), and this repository's pyproject.toml, which names
    # lpmanifest but has no [tool.lpmanifest] table, is not parsed (tomllib).
    assert {"pickle", "tempfile", "tomllib"}.isdisjoint(modules)


# What `--online` needs, which nothing else may import (nor open a socket with).
ONLINE = ("httpx", "httpcore", "PIL", "ssl", "asyncio", "lpmanifest.online")


def _online_in(modules: set[str]) -> list[str]:
    return sorted(
        name for name in modules if any(name == m or name.startswith(m + ".") for m in ONLINE)
    )


@pytest.mark.parametrize("name", ["connector.json", "connector.yaml"])
def test_without_online_nothing_of_the_network_is_imported(name: str) -> None:
    """The bundled examples name a logo and webhook endpoints: nothing reaches for them."""
    modules = imported_modules("validate", str(EXAMPLES / name))
    assert _online_in(modules) == []


def test_online_imports_what_it_needs(tmp_path: Path) -> None:
    """The check above is meaningful: `--online` imports them (a manifest with no URL, so
    nothing is contacted)."""
    path = tmp_path / "m.json"
    path.write_text('{"client_name": "com.acme.app"}')
    modules = imported_modules("validate", "--online", str(path))
    assert {"httpx", "ssl", "asyncio", "lpmanifest.online.run"} <= modules  # Pillow: for a logo


def test_findings_in_plain_text_do_not_import_rich(tmp_path: Path) -> None:
    """A pipe or a CI log gets plain text: rich is for colouring a terminal."""
    broken = json.loads(json.dumps(FINISHED))
    broken["dispaly_name"] = broken.pop("display_name")
    path = tmp_path / "broken.json"
    path.write_text(dump(broken, "json"))
    modules = imported_modules("validate", str(path))
    assert heavy_in(modules) == []
    assert "lpmanifest.check.explain" in modules  # the findings were explained


def test_json_report_and_stdin_import_nothing_heavy() -> None:
    modules = imported_modules(
        "validate", "--format", "json", "-", stdin=(EXAMPLES / "broken.yaml").read_bytes()
    )
    assert heavy_in(modules) == []
    assert {"yaml", "lpmanifest.check.explain"} <= modules  # stdin was YAML, with findings


def test_colour_is_the_one_reason_for_rich(tmp_path: Path) -> None:
    """The check above is meaningful: with colour forced, rich is imported."""
    modules = imported_modules("validate", "--color", "always", str(EXAMPLES / "broken.yaml"))
    assert "rich" in modules
    assert [name for name in heavy_in(modules) if not name.startswith("rich")] == []


def test_version_and_schema_import_no_engine() -> None:
    for argv in (["--version"], ["schema"]):
        modules = imported_modules(*argv)
        assert heavy_in(modules) == []
        assert "jsonschema_rs" not in modules
        assert "yaml" not in modules
