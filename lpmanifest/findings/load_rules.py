"""The findings that loading reports (LPM0xx): a file that cannot be read as a manifest.

Each kind is here with its code, name, severity, summary and documentation; the loader
(`lpmanifest.source`) says where and builds the message.
"""

from __future__ import annotations

from lpmanifest.findings.model import RuleInfo, Severity

E = Severity.ERROR

SYNTAX_ERROR = RuleInfo(
    "LPM001",
    "syntax-error",
    E,
    "The file is not valid JSON or YAML.",
    """## What it does
Reports a file that is not valid JSON (or YAML, for `.yaml`/`.yml` files), at the line and
column where reading stopped.

## Why is this bad?
A manifest that does not parse cannot be installed, and nothing else in it can be checked.
The usual causes are a trailing comma, a missing comma, single quotes, or a value in YAML
that contains `: ` without quotes.

## Example
```json
{
  "client_name": "com.acme.support-connector",
}
```

## Use instead
```json
{
  "client_name": "com.acme.support-connector"
}
```
""",
)

INVALID_ENCODING = RuleInfo(
    "LPM002",
    "invalid-encoding",
    E,
    "The file is not valid UTF-8.",
    """## What it does
Reports a file that is not UTF-8 (UTF-16, or Latin-1 bytes), at the first byte that is not.

## Why is this bad?
JSON exchanged between systems must be UTF-8 (RFC 8259). A manifest in another encoding is
garbled or refused when it is installed; localized names suffer first.

## Example
A file saved as "UTF-16" or "Western (Windows 1252)" with `client_name#de-DE: "Kundenbüro"`.

## Use instead
The same file saved as "UTF-8".
""",
)

EMPTY_FILE = RuleInfo(
    "LPM003",
    "empty-file",
    E,
    "The file holds nothing.",
    """## What it does
Reports a file that holds nothing but whitespace (or a YAML file with no document).

## Why is this bad?
An empty manifest is almost always a file that a script failed to write, or the wrong path.

## Example
A zero-byte `manifest.json`.

## Use instead
A manifest with at least its `client_name`:
```json
{"client_name": "com.acme.support-connector"}
```
""",
)

NOT_AN_OBJECT = RuleInfo(
    "LPM004",
    "not-an-object",
    E,
    "The root is not a mapping of keys.",
    """## What it does
Reports a manifest whose root is not an object (a mapping of keys): an array, a string, a
number.

## Why is this bad?
A manifest is one object whose keys (`client_name`, `capabilities`, ...) describe the
application. An array of manifests or a quoted string is not one, and none of its content
can be checked.

## Example
```json
[{"client_name": "com.acme.support-connector"}]
```

## Use instead
```json
{"client_name": "com.acme.support-connector"}
```
""",
)

DUPLICATE_KEY = RuleInfo(
    "LPM005",
    "duplicate-key",
    E,
    "A key appears twice in one object.",
    """## What it does
Reports a key that appears twice in the same object, at the second occurrence, and says
where the first is.

## Why is this bad?
A plain JSON reader (and LivePerson's) silently keeps only the last value, so the first one
is dead text that looks as if it were in effect. In YAML a duplicate key is an error for
some readers and silently ignored by others.

## Example
```json
{
  "client_name": "com.acme.support-connector",
  "scope": "msg.consumer",
  "client_name": "com.acme.connector"
}
```

## Use instead
```json
{
  "client_name": "com.acme.support-connector",
  "scope": "msg.consumer"
}
```
""",
)

INPUT_TOO_LARGE = RuleInfo(
    "LPM006",
    "input-too-large",
    E,
    "Over 10 MB, nested over 64 levels, over 100,000 values, or an alias bomb.",
    """## What it does
Refuses a file over 10 MB, nested deeper than 64 levels, or a YAML file whose aliases
expand to more than 100,000 values (an "alias bomb").

## Why is this bad?
A real manifest is a few kilobytes and a few levels deep. Anything far larger is the wrong
file or an attempt to exhaust the memory of whatever reads it.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
# ... and so on, each level nine times the last
```

## Use instead
The manifest itself, written out: it needs no aliases.
""",
)

YAML_NOT_JSON = RuleInfo(
    "LPM007",
    "yaml-not-json",
    E,
    "YAML that JSON cannot hold: dates, tags, non-string keys.",
    """## What it does
Reports YAML that has no JSON equivalent: dates and timestamps, tags (`!!binary`), keys that
are not strings, `.nan` and `.inf`, and files with several documents (`---`).

## Why is this bad?
LivePerson receives JSON: what YAML reads as a date or a number key must be turned into
something else on the way, and different converters do it differently. Quoting the value
makes it a string everywhere.

## Example
```yaml
client_name: com.acme.support-connector
description: 2024-05-01
```

## Use instead
```yaml
client_name: com.acme.support-connector
description: "2024-05-01"
```
""",
)

UNREADABLE_FILE = RuleInfo(
    "LPM008",
    "unreadable-file",
    E,
    "The path cannot be read as a file.",
    """## What it does
Reports a path that cannot be read as a manifest: a file without read permission, a file
inside a folder that cannot be searched, a folder met in a search that cannot be listed
(the finding names the folder: none of its files was checked), a dangling link, and a
directory, block device or socket that reached the loader under a file's name.

## Why is this bad?
In CI an unreadable file must not pass as "no problems found".

## Example
`lpmanifest validate manifests/` where `manifests/prod` belongs to another user with mode
`700`: `manifests/prod is a directory that cannot be read: Permission denied`.

## Use instead
Give the user that runs lpmanifest read permission (and, on folders, search permission).
""",
)

UNDEFINED_VARIABLE = RuleInfo(
    "LPM009",
    "undefined-variable",
    E,
    "A ${NAME} variable that no --var, --env-file or environment variable defines.",
    """## What it does
With environments (`--env`, `--var`, `--env-file`), reports a `${NAME}` in a value that no
`--var NAME=VALUE`, no line of the `--env-file` and no variable of the process environment
defines, and a `${` that does not start a well-formed variable (a name is letters, digits
and `_`, not starting with a digit, closed by `}`), at the line of the file that holds it.

## Why is this bad?
A manifest whose endpoint is still `https://${HOOKS_HOST}/liveperson` cannot be installed;
sent as it is, the webhooks go nowhere. Write `$${` for a literal `${`.

## Example
```yaml
capabilities:
  webhooks:
    ms.MessagingEventNotification.ContentEvent:
      endpoint: https://${HOOKS_HOST}/liveperson/content
```
run without `--var HOOKS_HOST=...`.

## Use instead
`lpmanifest convert manifest.yaml --env prod --var HOOKS_HOST=hooks.acme.com`, or the
variable in the `--env-file` or the environment.
""",
)

LOAD_RULES = (
    SYNTAX_ERROR,
    INVALID_ENCODING,
    EMPTY_FILE,
    NOT_AN_OBJECT,
    DUPLICATE_KEY,
    INPUT_TOO_LARGE,
    YAML_NOT_JSON,
    UNREADABLE_FILE,
    UNDEFINED_VARIABLE,
)

# What says a file could not be read as a manifest: always reported, at its own severity.
# No selection or severity hides a file that does not load (duplicate-key, whose file does
# load, stays selectable).
ALWAYS_REPORTED = frozenset(
    rule.code
    for rule in (
        SYNTAX_ERROR,
        INVALID_ENCODING,
        EMPTY_FILE,
        NOT_AN_OBJECT,
        INPUT_TOO_LARGE,
        YAML_NOT_JSON,
        UNREADABLE_FILE,
        UNDEFINED_VARIABLE,
    )
)
