"""Overlays: `manifest.<env>.yaml` (or `.yml`, `.json`) beside `manifest.yaml`, merged into it
by JSON Merge Patch (RFC 7386: mappings merge, `null` deletes a key, anything else, lists
included, replaces), and which of the two files set each value of the result."""

from __future__ import annotations

import os
import re
from typing import Any, NamedTuple

from lpmanifest.findings.model import JsonPath
from lpmanifest.source.formats import format_of_name

_SUFFIXES = (".yaml", ".yml", ".json")
ENV_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


class Overlay(NamedTuple):
    """One environment of a base: its name and its overlay file."""

    env: str
    path: str


def _split(path: str) -> tuple[str, str] | None:
    """(folder/stem, suffix) of a manifest file name; None for any other name."""
    if format_of_name(path) is None:
        return None
    stem, suffix = os.path.splitext(path)
    return stem, suffix


def overlay_for(base: str, env: str) -> str | None:
    """The overlay of `env` beside `base`, if there is one."""
    split = _split(base)
    if split is None:
        return None
    for suffix in _SUFFIXES:
        candidate = f"{split[0]}.{env}{suffix}"
        if os.path.isfile(candidate):
            return candidate
    return None


def base_of(path: str) -> tuple[str, str] | None:
    """(base, env) when `path` is an overlay: `x.<env>.<suffix>` beside a base `x.<suffix>`."""
    split = _split(path)
    if split is None:
        return None
    stem, env = os.path.splitext(split[0])
    env = env[1:]
    if not env or not ENV_NAME.fullmatch(env):
        return None
    for suffix in _SUFFIXES:
        base = stem + suffix
        if os.path.isfile(base) and os.path.abspath(base) != os.path.abspath(path):
            return base, env
    return None


def overlays_of(base: str) -> list[Overlay]:
    """Every overlay beside `base`, by environment name."""
    split = _split(base)
    if split is None:
        return []
    folder = os.path.dirname(base) or "."
    stem = os.path.basename(split[0])
    found: dict[str, str] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        if not name.startswith(stem + ".") or format_of_name(name) is None:
            continue
        env = os.path.splitext(name)[0][len(stem) + 1 :]
        if ENV_NAME.fullmatch(env) and env not in found:
            found[env] = os.path.join(os.path.dirname(base), name)
    return [Overlay(env, path) for env, path in sorted(found.items())]


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: the result of applying `patch` to `target` (neither is changed)."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def set_by_overlay(patch: Any, path: JsonPath) -> bool:
    """Whether the overlay (`patch`) wrote the value at `path` of the merged data: the key is
    in the overlay, or an ancestor's value was replaced whole by the overlay's."""
    if not path:
        return False
    node = patch
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
        if not isinstance(node, dict):
            return True  # a value the overlay wrote whole: everything under it is its
    return True


def group(paths: list[str], env: str | None) -> tuple[list[tuple[str, str | None]], bool]:
    """Which manifests to check, for which environment, from the files of a run: each base
    with each of its overlays among them (or with `env`'s only, when one is chosen), an
    overlay never alone, any other file as it is (env None); and whether any overlay was
    found. Worked out from the names alone: no file is opened."""
    by_folder: dict[str, set[str]] = {}
    for path in paths:
        by_folder.setdefault(os.path.dirname(path), set()).add(os.path.basename(path))
    overlays: dict[str, list[str]] = {}  # base path -> its environments
    is_overlay: set[str] = set()
    for folder, names in by_folder.items():
        stems = {os.path.splitext(name)[0]: name for name in names if format_of_name(name)}
        for name in names:
            stem, suffix = os.path.splitext(name)
            base_stem, dot_env = os.path.splitext(stem)
            env_name = dot_env[1:]
            if suffix and env_name and ENV_NAME.fullmatch(env_name) and base_stem in stems:
                base = os.path.join(folder, stems[base_stem])
                overlays.setdefault(base, []).append(env_name)
                is_overlay.add(os.path.join(folder, name))
    entries: list[tuple[str, str | None]] = []
    for path in paths:
        if path in is_overlay:
            continue
        found = sorted(set(overlays.get(path, ())))
        if env is not None:
            named = base_of(path)  # the overlay itself, named without its base
            chosen = (
                env in found
                or overlay_for(path, env) is not None
                or (named is not None and named[1] == env)
            )
            entries.append((path, env if chosen else None))
        elif found:
            entries.extend((path, name) for name in found)
        else:
            entries.append((path, None))
    return entries, bool(is_overlay)
