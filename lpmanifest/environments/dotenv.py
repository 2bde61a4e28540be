"""`--env-file FILE`: variables in the dotenv form that Docker Compose and most tools read.

One `NAME=VALUE` a line (`export NAME=VALUE` too); blank lines and lines starting with `#`
are skipped; a value may be in single quotes (taken as written) or double quotes (`\\n`,
`\\t`, `\\"` and `\\\\` escapes); an unquoted value ends at ` #` (a comment) and is stripped.
Anything else is a usage error that names the file and the line: a file that is meant to
configure an account must not be half-read.
"""

from __future__ import annotations

from lpmanifest.environments.variables import NAME
from lpmanifest.errors import UsageError
from lpmanifest.findings.wording import inert

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "$": "$"}


def read_env_file(path: str) -> dict[str, str]:
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except FileNotFoundError:
        raise UsageError(f"--env-file {inert(path)}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise UsageError(f"--env-file {inert(path)}: cannot be read: {reason}") from None
    return parse_env(text, path)


def parse_env(text: str, name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export "):
            stripped = stripped[len("export ") :].lstrip()
        key, equals, rest = stripped.partition("=")
        key = key.strip()
        if not equals or not NAME.fullmatch(key):
            raise UsageError(
                f"{inert(name)}:{number}: expected NAME=VALUE (NAME letters, digits and _)"
            )
        found[key] = _value(rest.strip(), name, number)
    return found


def _value(raw: str, name: str, number: int) -> str:
    if raw[:1] == "'":
        end = raw.find("'", 1)
        if end == -1:
            raise UsageError(f"{inert(name)}:{number}: the single quote is not closed")
        return raw[1:end]
    if raw[:1] == '"':
        out: list[str] = []
        index = 1
        while index < len(raw):
            char = raw[index]
            if char == "\\" and index + 1 < len(raw):
                out.append(_ESCAPES.get(raw[index + 1], "\\" + raw[index + 1]))
                index += 2
                continue
            if char == '"':
                return "".join(out)
            out.append(char)
            index += 1
        raise UsageError(f"{inert(name)}:{number}: the double quote is not closed")
    comment = raw.find(" #")
    return (raw[:comment] if comment != -1 else raw).strip()
