"""`python -m lpmanifest` runs the command-line interface."""

import sys

from lpmanifest.cli import main

sys.exit(main())
