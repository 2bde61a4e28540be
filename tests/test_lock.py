"""The committed locks agree with pyproject.toml, so CI installs what the project declares.

`requirements/test.txt` and `requirements/runtime.txt` are written by
`python requirements/relock.py`; editing a dependency (a range, an extra, the Python
requirement) without relocking fails here.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"


def _relock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relock", REQUIREMENTS / "relock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RELOCK = _relock()


def _pyproject() -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return dict(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")))


def _pins(lock: str) -> dict[str, Version]:
    """The versions a lock pins for this interpreter and platform, by package name."""
    pins: dict[str, Version] = {}
    entry = ""
    for line in (REQUIREMENTS / lock).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            entry = line.rstrip(" \\")
            requirement = Requirement(entry)
            if requirement.marker is None or requirement.marker.evaluate():
                [spec] = requirement.specifier
                assert spec.operator == "==", entry
                pins[canonicalize_name(requirement.name)] = Version(spec.version)
        else:
            assert line.strip().startswith("--hash=sha256:"), (lock, line)
    return pins


def _declared(extras: tuple[str, ...]) -> list[Requirement]:
    """The requirements of the dependencies and `extras`; an extra that names the project
    itself (`lpmanifest[online]`) stands for that extra's requirements."""
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    found = [Requirement(text) for text in project["dependencies"]]
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in project["optional-dependencies"][extra]:
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == canonicalize_name(project["name"]):
                pending.extend(requirement.extras)
            else:
                found.append(requirement)
    return found


@pytest.mark.parametrize("lock", sorted(RELOCK.LOCKS))
def test_lock_was_made_from_this_pyproject(lock: str) -> None:
    text = (REQUIREMENTS / lock).read_text(encoding="utf-8")
    recorded = [
        line[len(RELOCK.FINGERPRINT_PREFIX) :]
        for line in text.splitlines()
        if line.startswith(RELOCK.FINGERPRINT_PREFIX)
    ]
    current = RELOCK.fingerprint((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert recorded == [current], f"pyproject.toml changed since {lock} was made: relock"


@pytest.mark.parametrize(("lock", "extras"), [("test.txt", ("test",)), ("runtime.txt", ())])
def test_every_declared_requirement_is_pinned_within_its_range(
    lock: str, extras: tuple[str, ...]
) -> None:
    pins = _pins(lock)
    environment = default_environment()
    for requirement in _declared(extras):
        marker = requirement.marker
        if marker is not None and not marker.evaluate({**environment, "extra": "test"}):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}"
        )


def test_runtime_lock_pins_what_the_test_lock_pins() -> None:
    test, runtime = _pins("test.txt"), _pins("runtime.txt")
    assert {name: test.get(name) for name in runtime} == runtime


def test_fingerprint_changes_with_any_dependency_declaration() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    edited = text.replace('"pyyaml>=6.0"', '"pyyaml>=6.0.1"')
    assert edited != text
    assert RELOCK.fingerprint(edited) != RELOCK.fingerprint(text)
    # Formatting and unrelated settings do not count.
    assert RELOCK.fingerprint(text + "\n[tool.other]\nx = 1\n") == RELOCK.fingerprint(text)


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="CI installs from the lock")
def test_ci_environment_is_exactly_the_lock() -> None:
    for name, version in _pins("test.txt").items():
        installed = Version(importlib.metadata.version(name))
        assert installed == version, f"{name} {installed} installed; the lock pins {version}"
