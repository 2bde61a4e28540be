"""Environments: one base manifest for every LivePerson account (SPEC, *Environments, diff and
the package for Account Management*).

`overlays` finds `manifest.<env>.yaml` beside `manifest.yaml` and merges it by JSON Merge
Patch; `variables` substitutes `${NAME}` from `--var`, an `--env-file` (`dotenv`) and the
environment; `resolved` is one manifest for one environment, whose findings point at the
file that set each value. `validate`, `convert`, `diff` and `package` load through `load`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

from lpmanifest.environments.overlays import ENV_NAME, base_of, overlay_for
from lpmanifest.environments.resolved import Resolved
from lpmanifest.environments.variables import Variables, parse_assignments
from lpmanifest.errors import UsageError
from lpmanifest.findings.wording import inert


class Selection(NamedTuple):
    """What the command line asked of environments: one (`--env`), and the variables."""

    env: str | None
    variables: Variables
    active: bool  # --env, --var or --env-file was given: variables are substituted


def selection(
    env: str | None, assignments: Sequence[str] = (), env_file: str | None = None
) -> Selection:
    """The environment options, checked (a usage error names what is wrong)."""
    if env is not None and not ENV_NAME.fullmatch(env):
        raise UsageError(f"--env {inert(env)!r}: an environment name is letters, digits, - and _")
    given = parse_assignments(assignments)
    from_file: dict[str, str] = {}
    if env_file is not None:
        from lpmanifest.environments.dotenv import read_env_file

        from_file = read_env_file(env_file)
    active = env is not None or bool(assignments) or env_file is not None
    return Selection(env, Variables(given, from_file), active)


def load(path: str, display: str, chosen: Selection, env: str | None) -> Resolved:
    """The manifest at `path` for environment `env` (None: the base alone): its overlay
    merged in, its variables substituted. `path` may name the overlay itself; an `env`
    without an overlay is a usage error."""
    from lpmanifest.check.discovery import display_path
    from lpmanifest.source.read import load_file

    base_path, base_display, overlay = path, display, None
    if env is not None:
        named = base_of(path)
        if named is not None and named[1] == env:
            base_path, base_display, overlay = named[0], display_path(named[0]), path
        else:
            overlay = overlay_for(path, env)
        if overlay is None:
            stem, suffix = os.path.splitext(display)
            if stem.endswith(f".{env}"):  # the overlay was named, and its base is missing
                raise UsageError(
                    f"{inert(display)} is the {env} overlay of {inert(stem[: -len(env) - 1])}"
                    f"{suffix} (or .yaml, .yml, .json), which is not beside it"
                )
            raise UsageError(
                f"--env {env}: no overlay {inert(stem)}.{env}{suffix} (or .yaml, .yml, .json) "
                f"beside {inert(display)}"
            )
    base = load_file(base_path, base_display)
    overlay_doc = load_file(overlay, display_path(overlay)) if overlay is not None else None
    return Resolved(base, overlay_doc, env, chosen.variables)


__all__ = ["Resolved", "Selection", "load", "selection"]
