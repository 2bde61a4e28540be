"""The findings that loading and the schema produce, with their stable codes and names.

Lint rules (in `lpmanifest.rules`) carry their own; together they form the registry that
`--select`, `--ignore` and the configuration accept.
"""

from __future__ import annotations

from lpmanifest.diagnostics import RuleInfo, Severity

E, W = Severity.ERROR, Severity.WARNING

# Input: the file itself cannot be read as a manifest.
SYNTAX_ERROR = RuleInfo("LPM001", "syntax-error", E, "The file is not valid JSON or YAML.")
INVALID_ENCODING = RuleInfo("LPM002", "invalid-encoding", E, "The file is not valid UTF-8.")
EMPTY_FILE = RuleInfo("LPM003", "empty-file", E, "The file holds nothing.")
NOT_AN_OBJECT = RuleInfo("LPM004", "not-an-object", E, "The root is not a mapping of keys.")
DUPLICATE_KEY = RuleInfo("LPM005", "duplicate-key", E, "A key appears twice in one object.")
INPUT_TOO_LARGE = RuleInfo(
    "LPM006",
    "input-too-large",
    E,
    "Over 10 MB, nested over 64 levels, over 100,000 values, or an alias bomb.",
)
YAML_NOT_JSON = RuleInfo(
    "LPM007", "yaml-not-json", E, "YAML that JSON cannot hold: dates, tags, non-string keys."
)
UNREADABLE_FILE = RuleInfo("LPM008", "unreadable-file", E, "The path cannot be read as a file.")

# Schema: the manifest breaks the bundled JSON Schema.
UNKNOWN_KEY = RuleInfo("LPM101", "unknown-key", E, "A key the manifest format does not define.")
MISSING_KEY = RuleInfo("LPM102", "missing-key", E, "A required key is absent.")
WRONG_TYPE = RuleInfo("LPM103", "wrong-type", E, "A value of the wrong JSON type.")
INVALID_VALUE = RuleInfo("LPM104", "invalid-value", E, "A value outside the allowed set.")
TOO_LONG = RuleInfo("LPM105", "too-long", E, "A string longer than its limit.")
TOO_SHORT = RuleInfo("LPM106", "too-short", E, "A string shorter than its minimum (empty).")
OUT_OF_RANGE = RuleInfo("LPM107", "out-of-range", E, "A number outside its range.")
TOO_MANY_ITEMS = RuleInfo("LPM108", "too-many-items", E, "An array longer than its limit.")
TOO_FEW_ITEMS = RuleInfo("LPM109", "too-few-items", E, "An array that must not be empty is.")
DUPLICATE_ITEM = RuleInfo("LPM110", "duplicate-item", E, "An item repeated in a unique array.")
INVALID_FORMAT = RuleInfo(
    "LPM111", "invalid-format", E, "A string of the wrong form (https URL, tag, scope)."
)
SCHEMA_VIOLATION = RuleInfo("LPM199", "schema-violation", E, "Any other schema violation.")

LOAD_RULES = (
    SYNTAX_ERROR,
    INVALID_ENCODING,
    EMPTY_FILE,
    NOT_AN_OBJECT,
    DUPLICATE_KEY,
    INPUT_TOO_LARGE,
    YAML_NOT_JSON,
    UNREADABLE_FILE,
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
    )
)
