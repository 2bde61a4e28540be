"""The findings that the schema reports (LPM1xx), with their codes and documentation;
`lpmanifest.check.explain` turns raw schema errors into them."""

from __future__ import annotations

from lpmanifest.findings.model import RuleInfo, Severity

E = Severity.ERROR

UNKNOWN_KEY = RuleInfo(
    "LPM101",
    "unknown-key",
    E,
    "A key the manifest format does not define.",
    """## What it does
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
)

MISSING_KEY = RuleInfo(
    "LPM102",
    "missing-key",
    E,
    "A required key is absent.",
    """## What it does
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
)

WRONG_TYPE = RuleInfo(
    "LPM103",
    "wrong-type",
    E,
    "A value of the wrong JSON type.",
    """## What it does
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
)

INVALID_VALUE = RuleInfo(
    "LPM104",
    "invalid-value",
    E,
    "A value outside the allowed set.",
    """## What it does
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
)

TOO_LONG = RuleInfo(
    "LPM105",
    "too-long",
    E,
    "A string longer than its limit.",
    """## What it does
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
)

TOO_SHORT = RuleInfo(
    "LPM106",
    "too-short",
    E,
    "A string shorter than its minimum (empty).",
    """## What it does
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
)

OUT_OF_RANGE = RuleInfo(
    "LPM107",
    "out-of-range",
    E,
    "A number outside its range.",
    """## What it does
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
)

TOO_MANY_ITEMS = RuleInfo(
    "LPM108",
    "too-many-items",
    E,
    "An array longer than its limit.",
    """## What it does
Reports an array with more items than allowed (for example `target_audience` over 20).

## Why is this bad?
The engagement fields have limits in LivePerson's tables; more values cannot be stored.

## Example
`entry_point` with 11 values.

## Use instead
At most 10, each once.
""",
)

TOO_FEW_ITEMS = RuleInfo(
    "LPM109",
    "too-few-items",
    E,
    "An array that must not be empty is.",
    """## What it does
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
)

DUPLICATE_ITEM = RuleInfo(
    "LPM110",
    "duplicate-item",
    E,
    "An item repeated in a unique array.",
    """## What it does
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
)

INVALID_FORMAT = RuleInfo(
    "LPM111",
    "invalid-format",
    E,
    "A string of the wrong form (https URL, tag, scope).",
    """## What it does
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
)

SCHEMA_VIOLATION = RuleInfo(
    "LPM199",
    "schema-violation",
    E,
    "Any other schema violation.",
    """## What it does
Reports any other violation of the bundled JSON Schema, naming the schema keyword.

## Why is this bad?
The schema encodes LivePerson's parameter tables; a manifest that breaks it is refused.

## Example
A value that breaks a rule of the schema that has no finding of its own.

## Use instead
A value as the schema (`lpmanifest schema`) describes it.
""",
)

SCHEMA_RULES = (
    UNKNOWN_KEY,
    MISSING_KEY,
    WRONG_TYPE,
    INVALID_VALUE,
    TOO_LONG,
    TOO_SHORT,
    OUT_OF_RANGE,
    TOO_MANY_ITEMS,
    TOO_FEW_ITEMS,
    DUPLICATE_ITEM,
    INVALID_FORMAT,
    SCHEMA_VIOLATION,
)
