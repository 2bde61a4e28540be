"""The floor of any Python manifest validator: read, parse, ask jsonschema-rs. Nothing else.

    python bench/floor.py PATH...      # files, or directories searched for .json/.yaml/.yml

Each file is read whole, parsed (`json.loads`, or `yaml.load` with PyYAML's compiled
`CSafeLoader`) and handed to one jsonschema-rs validator, built once from the bundled
`schemas/manifest.schema.json`, which answers `is_valid`. No positions, no lint rules, no
messages: what no tool that reads and validates these files in Python can do without.
`bench/run.py` times it beside `lpmanifest validate --jobs 1` to judge SPEC's "per file,
one process, at most 2x the floor".

It prints one line (files, invalid) and exits 1 when a file is invalid or does not parse,
as a validator does. Only the standard library, PyYAML and jsonschema-rs.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema_rs

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "manifest.schema.json"
_SUFFIXES = (".json", ".yaml", ".yml")


def manifests(arguments: list[str]) -> Iterator[str]:
    """The files named, and the manifest files under the directories named, in order."""
    for argument in arguments:
        if not os.path.isdir(argument):
            yield argument
            continue
        for folder, dirs, names in os.walk(argument):
            dirs.sort()
            for name in sorted(names):
                if name.lower().endswith(_SUFFIXES):
                    yield os.path.join(folder, name)


def parse(path: str, data: bytes) -> object:
    """The file's value; ValueError when it does not parse."""
    if path.lower().endswith(".json"):
        return json.loads(data)
    import yaml  # as in any validator, only a YAML file pays for PyYAML

    try:
        return yaml.load(data, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise ValueError(str(error)) from None


def main(arguments: list[str]) -> int:
    validator = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))
    files = invalid = 0
    for path in manifests(arguments):
        files += 1
        with open(path, "rb") as stream:
            data = stream.read()
        try:
            valid = validator.is_valid(parse(path, data))
        except ValueError:  # does not parse, or holds what JSON cannot (a YAML date)
            valid = False
        invalid += not valid
    print(f"{files} files, {invalid} invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
