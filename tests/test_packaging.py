"""The wheel built from this repository carries the schema and templates, and runs from them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytest.importorskip("build")
pytest.importorskip("hatchling")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist, and a wheel built from that sdist (so the sdist must be complete)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (built,) = dist.glob("lpmanifest-*.whl")
    return built


def test_sdist_carries_what_the_repository_ships(dist: Path) -> None:
    import tarfile

    (sdist,) = dist.glob("lpmanifest-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for expected in [
        "schemas/manifest.schema.json",
        "templates/connector.json",
        "LICENSE",
        "CHANGELOG.md",
        ".pre-commit-hooks.yaml",
        "lpmanifest/cli.py",
    ]:
        assert expected in names


def test_wheel_contains_the_bundled_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    assert "lpmanifest/_data/schemas/manifest.schema.json" in names
    for template in ("connector", "web-app", "custom"):
        assert f"lpmanifest/_data/templates/{template}.json" in names
    assert "lpmanifest/py.typed" in names
    assert "lpmanifest = lpmanifest.cli:run" in scripts


def test_installed_wheel_validates_from_its_own_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        "client_name: com.acme.x\ncapabilities:\n  webhooks:\n    retry: {retention_time: 1}\n"
    )
    # Run away from the source tree, with the wheel's copy first on the path.
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "import lpmanifest.schema as s; print(s.data_dir('schemas'))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(str(target))
    result = subprocess.run(
        [sys.executable, "-m", "lpmanifest", "validate", "--format", "json", str(manifest)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["column"], finding["code"]) == (4, 29, "LPM107")
