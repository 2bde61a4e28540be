"""`lpmanifest schema`: the bundled manifest JSON Schema, for editors and other tools."""

from __future__ import annotations

import sys

from lpmanifest.errors import ExitCode


def run() -> ExitCode:
    from lpmanifest.schema import schema_text

    sys.stdout.write(schema_text())
    return ExitCode.OK
