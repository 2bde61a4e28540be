"""One module per command, each with `run(...) -> ExitCode`: what the command does, around the
library (check, fix, output, wizard). `cli.py` declares the options and calls these; the
error handler in `errors.py` says why a command stopped."""
