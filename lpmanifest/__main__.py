"""`python -m lpmanifest` runs the command-line interface."""

from lpmanifest.cli import run

run()
