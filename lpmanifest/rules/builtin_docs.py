"""Documentation of the findings that loading (LPM0xx) and the schema (LPM1xx) produce.

Lint rules carry theirs as module docstrings; these findings come from `load.py` and
`explain.py`, so their documentation lives here, in the same four sections, keyed by code.
Only `lpmanifest rules NAME` and the SARIF report read it.
"""

from __future__ import annotations

BUILTIN_DOCS: dict[str, str] = {
    "LPM001": """## What it does
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
    "LPM002": """## What it does
Reports a file that is not UTF-8 (UTF-16, or Latin-1 bytes), at the first byte that is not.

## Why is this bad?
JSON exchanged between systems must be UTF-8 (RFC 8259). A manifest in another encoding is
garbled or refused when it is installed; localized names suffer first.

## Example
A file saved as "UTF-16" or "Western (Windows 1252)" with `client_name#de-DE: "Kundenbüro"`.

## Use instead
The same file saved as "UTF-8".
""",
    "LPM003": """## What it does
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
    "LPM004": """## What it does
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
    "LPM005": """## What it does
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
    "LPM006": """## What it does
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
    "LPM007": """## What it does
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
    "LPM008": """## What it does
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
    "LPM101": """## What it does
Reports a key that the manifest format does not define at that place, with the closest
known key as a suggestion.

## Why is this bad?
A misspelt key (`dispaly_name`, `ms.MessagingEventNotification.AccpetStatusEvent`) is not
an error to a JSON reader: the value is silently ignored, and the webhook or setting it was
meant for is missing from the installation.

## Example
```yaml
dispaly_name: Acme Support Connector
```

## Use instead
```yaml
display_name: Acme Support Connector
```
""",
    "LPM102": """## What it does
Reports a required key that is absent: `client_name` at the top, `endpoint` in a webhook,
`header_name`/`header_value` in a header, `retention_time` in a retry policy, and all eight
fields of `capabilities.engagement`.

## Why is this bad?
LivePerson cannot install a manifest without them, and an engagement section that lacks a
field is refused as a whole.

## Example
```json
"ms.MessagingEventNotification.ContentEvent": {"max_retries": 3}
```

## Use instead
```json
"ms.MessagingEventNotification.ContentEvent": {
  "endpoint": "https://hooks.acme.com/liveperson/content",
  "max_retries": 3
}
```
""",
    "LPM103": """## What it does
Reports a value of the wrong JSON type: a number in quotes, a string where a boolean or an
array is expected, an object where a string is.

## Why is this bad?
`"3"` is not `3`, and `"false"` is not `false`: LivePerson's installation reads the type as
written, so the setting is refused or misread.

## Example
```json
{"max_retries": "3", "quick_launch_enabled": "false"}
```

## Use instead
```json
{"max_retries": 3, "quick_launch_enabled": false}
```
""",
    "LPM104": """## What it does
Reports a value outside the allowed set (a grant type, a response type, an engagement
value), with the closest allowed value and the full list.

## Why is this bad?
Only the values in LivePerson's tables mean anything; any other is refused at installation
or ignored.

## Example
```json
"grant_types": ["client-credentials"]
```

## Use instead
```json
"grant_types": ["client_credentials"]
```
""",
    "LPM105": """## What it does
Reports a string longer than its limit (128 characters for names, redirect URIs and scope,
256 for the description, 1024 for URIs), with its length. Lengths count characters (Unicode
code points), not bytes.

## Why is this bad?
LivePerson stores these fields with those limits; a longer value is refused or cut.

## Example
A `description` of 300 characters.

## Use instead
A `description` of at most 256 characters.
""",
    "LPM106": """## What it does
Reports an empty string where text is required: `client_name`, `header_name`,
`header_value`.

## Why is this bad?
An empty name identifies nothing, and an empty header is not sent.

## Example
```json
{"client_name": ""}
```

## Use instead
```json
{"client_name": "com.acme.support-connector"}
```
""",
    "LPM107": """## What it does
Reports a number outside its range: `max_retries` must be 0 to 5 and
`retry.retention_time` 2 to 259200 seconds (72 hours).

## Why is this bad?
LivePerson's webhook service enforces these limits; a manifest beyond them is refused.

## Example
```yaml
max_retries: 6
```

## Use instead
```yaml
max_retries: 5
```
""",
    "LPM108": """## What it does
Reports an array with more items than allowed (for example `target_audience` over 20).

## Why is this bad?
The engagement fields have limits in LivePerson's tables; more values cannot be stored.

## Example
`entry_point` with 11 values.

## Use instead
At most 10, each once.
""",
    "LPM109": """## What it does
Reports an empty array where at least one item is required: `entry_point` and
`consumer_identity`.

## Why is this bad?
An engagement with no entry point is shown nowhere, and one with no consumer identity
accepts nobody.

## Example
```json
"consumer_identity": []
```

## Use instead
```json
"consumer_identity": ["auth"]
```
""",
    "LPM110": """## What it does
Reports an item repeated in an array whose items must be unique (`grant_types`,
`response_types`, the engagement arrays, `enabled_for_profiles`), at the repeat, and says
where the first one is. The fix removes the repeat.

## Why is this bad?
A repeat adds nothing and is refused by the schema LivePerson checks against; it usually
comes from merging two versions of a file.

## Example
```json
"grant_types": ["authorization_code", "refresh_token", "authorization_code"]
```

## Use instead
```json
"grant_types": ["authorization_code", "refresh_token"]
```
""",
    "LPM111": """## What it does
Reports a string of the wrong form: a webhook `endpoint` that does not start with
`https://`, a `client_name#...` key whose language tag is not an RFC 5646 tag, a `scope`
that is not single-space-separated tokens.

## Why is this bad?
LivePerson delivers webhooks over HTTPS only, and reads the language and the scope in
those exact forms; anything else is refused or never matches.

## Example
```yaml
endpoint: http://hooks.acme.com/liveperson/content
```

## Use instead
```yaml
endpoint: https://hooks.acme.com/liveperson/content
```
""",
    "LPM199": """## What it does
Reports any other violation of the bundled JSON Schema, naming the schema keyword.

## Why is this bad?
The schema encodes LivePerson's parameter tables; a manifest that breaks it is refused.

## Example
A value that breaks a rule of the schema that has no finding of its own.

## Use instead
A value as the schema (`lpmanifest schema`) describes it.
""",
}
