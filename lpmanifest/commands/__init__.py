"""One module per command, each with `run(...) -> ExitCode`: what the command does, around the
library (check, fix, output, wizard). `cli.py` declares the options and calls these; the
error handler in `errors.py` says why a command stopped."""

from __future__ import annotations

from typing import NamedTuple


class EnvironmentOptions(NamedTuple):
    """`--env`, `--var` and `--env-file` as a command was given them (README, *Environments*)."""

    env: str | None = None
    variables: tuple[str, ...] = ()
    env_file: str | None = None

    @property
    def given(self) -> bool:
        """Whether any was given: only then is `lpmanifest.environments` imported."""
        return self.env is not None or bool(self.variables) or self.env_file is not None


NO_ENVIRONMENT = EnvironmentOptions()
