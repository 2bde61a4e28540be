"""Tests of the bundled JSON Schema itself (schemas/manifest.schema.json).

Every instance is checked with both engines the project relies on: the reference
Python implementation (jsonschema) and the Rust one (jsonschema_rs, with its default
regex engine and with the linear-time standard `regex` engine). Both must agree with each
other and with the expected verdict, and an invalid instance must fail with exactly the
expected errors (instance path + keyword), because the tool turns each raw error into one
message.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schemas" / "manifest.schema.json"
TEMPLATES_DIR = ROOT / "templates"
DOCS_EXAMPLES_DIR = Path(__file__).resolve().parent / "examples" / "docs"

SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

TEMPLATES = ["connector.json", "web-app.json", "custom.json"]
DOCS_EXAMPLES = ["connector-api.json", "custom-connector.json", "web-app.json"]
# Which docs example each template reproduces, data for data.
TEMPLATE_SOURCES = {
    "connector.json": "connector-api.json",
    "web-app.json": "web-app.json",
    "custom.json": "custom-connector.json",
}

WH = ("capabilities", "webhooks")
CONTENT = (*WH, "ms.MessagingEventNotification.ContentEvent")
ENG = ("capabilities", "engagement")

ENGAGEMENT_FIELDS = [
    "design_engagement",
    "design_window",
    "entry_point",
    "visitor_behavior",
    "target_audience",
    "goal",
    "consumer_identity",
    "language_selection",
]
VISITOR_BEHAVIOR = [
    "visited_location",
    "time_on_location",
    "flow",
    "engaged_in_session",
    "about_to_abandon",
    "cart_value",
    "cart_items",
    "visitor_error",
    "viewed_products",
    "service_activity",
]
TARGET_AUDIENCE = [
    "external_referral",
    "search_keywords",
    "ip",
    "platform",
    "geo_location",
    "returning_visitors",
    "marketing_source",
    "customer_type",
    "age",
    "balance",
    "customer_id",
    "gender",
    "store_zip_code",
    "store_number",
    "company_size",
    "registration_date",
]
GOAL = ["url", "purchase_total", "num_of_pages", "lead", "service_activity"]

# A finished manifest that uses every field the schema knows (server-assigned ones aside).
BASE: dict[str, Any] = {
    "client_name": "com.example.connector",
    "client_name#ja-JP": "コネクタ",
    "display_name": "Example connector",
    "description": "Connects Example chat to Conversational Cloud.",
    "grant_types": ["client_credentials", "authorization_code", "refresh_token"],
    "redirect_uris": ["https://app.example.com/callback"],
    "response_types": ["code"],
    "scope": "msg.consumer",
    "logo_uri": "https://cdn.example.com/logo-70x70.png",
    "capabilities": {
        "webhooks": {
            "ms.MessagingEventNotification.ContentEvent": {
                "endpoint": "https://hooks.example.com/lp/content",
                "max_retries": 3,
                "headers": [{"header_name": "X-Example-Token", "header_value": "abc"}],
            },
            "ms.MessagingEventNotification.RichContentEvent": {
                "endpoint": "https://hooks.example.com/lp/rich",
            },
            "ms.MessagingEventNotification.AcceptStatusEvent": {
                "endpoint": "https://hooks.example.com/lp/accept",
            },
            "ms.MessagingEventNotification.ChatStateEvent": {
                "endpoint": "https://hooks.example.com/lp/chatstate",
            },
            "cqm.ExConversationChangeNotification": {
                "endpoint": "https://hooks.example.com/lp/conversation",
            },
            "retry": {"retention_time": 3600},
        },
        "engagement": {
            "design_engagement": False,
            "design_window": False,
            "entry_point": ["section"],
            "visitor_behavior": ["visited_location", "cart_items"],
            "target_audience": ["external_referral", "ip"],
            "goal": ["url", "lead"],
            "consumer_identity": ["auth"],
            "language_selection": False,
        },
    },
    "quick_launch_enabled": True,
    "entry_uri": "https://app.example.com/appentry",
    "enabled": True,
    "enabled_for_profiles": [1, 2],
}


# --------------------------------------------------------------------------- helpers


def with_(path: tuple, value: Any, base: dict | None = None) -> dict:
    """A deep copy of BASE (or base) with the value at path set (keys created)."""
    doc = copy.deepcopy(BASE if base is None else base)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def without(path: tuple, base: dict | None = None) -> dict:
    """A deep copy of BASE (or base) with the key at path removed."""
    doc = copy.deepcopy(BASE if base is None else base)
    node = doc
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return doc


ENGINES = {
    "jsonschema": lambda s: jsonschema.Draft202012Validator(s),
    "jsonschema_rs": lambda s: jsonschema_rs.validator_for(s),
    "jsonschema_rs-regex": lambda s: jsonschema_rs.validator_for(
        s, pattern_options=jsonschema_rs.RegexOptions()
    ),
}
VALIDATORS = {name: build(SCHEMA) for name, build in ENGINES.items()}


def raw_errors(engine: str, instance: Any) -> list[tuple[tuple, str]]:
    """(instance path, keyword) of every error one engine reports."""
    validator = VALIDATORS[engine]
    if engine == "jsonschema":
        found = [(tuple(e.absolute_path), e.validator) for e in validator.iter_errors(instance)]
    else:
        found = [
            (tuple(e.instance_path), e.schema_path[-1]) for e in validator.iter_errors(instance)
        ]
    return sorted(found, key=repr)


def verdicts(instance: Any) -> dict[str, bool]:
    return {name: v.is_valid(instance) for name, v in VALIDATORS.items()}


def assert_valid(instance: Any) -> None:
    for engine in ENGINES:
        assert raw_errors(engine, instance) == [], engine
    assert verdicts(instance) == dict.fromkeys(ENGINES, True)


def assert_invalid(instance: Any, *expected: tuple[tuple, str]) -> None:
    """Every engine reports exactly the expected (path, keyword) errors, no more."""
    want = sorted(((tuple(p), k) for p, k in expected), key=repr)
    for engine in ENGINES:
        assert raw_errors(engine, instance) == want, engine
    assert verdicts(instance) == dict.fromkeys(ENGINES, False)


# --------------------------------------------------------------------------- the schema document


def test_schema_header() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://lpmanifest.dev/schemas/manifest.schema.json"
    assert SCHEMA["title"].strip()
    assert SCHEMA["description"].strip()


def test_metaschema_jsonschema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_metaschema_jsonschema_rs() -> None:
    assert jsonschema_rs.meta.is_valid(SCHEMA)
    jsonschema_rs.meta.validate(SCHEMA)


def test_validator_classes() -> None:
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft202012Validator
    assert isinstance(VALIDATORS["jsonschema_rs"], jsonschema_rs.Draft202012Validator)


@pytest.mark.parametrize(
    "path",
    [
        SCHEMA_PATH,
        *(TEMPLATES_DIR / name for name in TEMPLATES),
    ],
    ids=lambda p: p.name,
)
def test_json_files_are_pretty_printed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_top_level_properties_in_table_order() -> None:
    table_order = [
        "client_name",
        "display_name",
        "description",
        "grant_types",
        "redirect_uris",
        "response_types",
        "scope",
        "logo_uri",
        "capabilities",
        "quick_launch_enabled",
        "entry_uri",
    ]
    assert list(SCHEMA["properties"])[: len(table_order)] == table_order
    engagement = SCHEMA["properties"]["capabilities"]["properties"]["engagement"]
    assert list(engagement["properties"]) == ENGAGEMENT_FIELDS
    assert engagement["required"] == ENGAGEMENT_FIELDS
    assert list(SCHEMA["$defs"]["webhook"]["properties"]) == ["endpoint", "max_retries", "headers"]


# --------------------------------------------------------------------------- walking the schema

SCHEMA_MAP_KEYWORDS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
SCHEMA_KEYWORDS = {
    "items",
    "additionalProperties",
    "if",
    "then",
    "else",
    "not",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
}
SCHEMA_LIST_KEYWORDS = {"allOf", "anyOf", "oneOf", "prefixItems"}

# Every keyword of the draft 2020-12 vocabularies (core, applicator, unevaluated,
# validation, meta-data, format-annotation, content).
STANDARD_KEYWORDS = {
    "$schema",
    "$id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "prefixItems",
    "items",
    "contains",
    "additionalProperties",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "const",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
}
# fmt: on
FORBIDDEN_KEYWORDS = {
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
}


def walk(schema: Any, where: str = "#"):
    """Yield (JSON pointer, subschema) for the schema and every subschema in it."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for key, value in schema.items():
        if key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            for name, sub in value.items():
                yield from walk(sub, f"{where}/{key}/{name}")
        elif key in SCHEMA_KEYWORDS:
            yield from walk(value, f"{where}/{key}")
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            for i, sub in enumerate(value):
                yield from walk(sub, f"{where}/{key}/{i}")


def named_subschemas(schema: Any):
    """(pointer, subschema) of every properties / patternProperties / $defs entry."""
    for where, sub in walk(schema):
        for key in ("properties", "patternProperties", "$defs"):
            for name, entry in sub.get(key, {}).items():
                yield f"{where}/{key}/{name}", entry


ALL_SUBSCHEMAS = list(walk(SCHEMA))
NAMED = list(named_subschemas(SCHEMA))


def test_walk_sees_the_whole_schema() -> None:
    pointers = {p for p, _ in ALL_SUBSCHEMAS}
    assert "#/$defs/webhook/properties/headers/items" in pointers
    assert "#/properties/capabilities/properties/engagement/properties/goal/then" in pointers
    assert len(NAMED) > 40


@pytest.mark.parametrize(("pointer", "sub"), NAMED, ids=[p for p, _ in NAMED])
def test_every_property_has_title_and_description(pointer: str, sub: dict) -> None:
    assert isinstance(sub.get("title"), str) and sub["title"].strip(), pointer
    assert isinstance(sub.get("description"), str) and sub["description"].strip(), pointer


def test_no_forbidden_or_custom_keyword() -> None:
    for pointer, sub in ALL_SUBSCHEMAS:
        keys = set(sub)
        assert not keys & FORBIDDEN_KEYWORDS, (pointer, keys & FORBIDDEN_KEYWORDS)
        assert keys <= STANDARD_KEYWORDS, (pointer, keys - STANDARD_KEYWORDS)
        assert not any(k.startswith("x-") for k in keys), pointer


def test_every_object_is_closed() -> None:
    for pointer, sub in ALL_SUBSCHEMAS:
        if sub.get("type") == "object" or "properties" in sub:
            assert sub.get("additionalProperties") is False, pointer


def test_refs_are_local_and_resolve() -> None:
    refs = [(p, s["$ref"]) for p, s in ALL_SUBSCHEMAS if "$ref" in s]
    assert refs
    for pointer, ref in refs:
        assert ref.startswith("#/$defs/"), pointer
        assert ref.removeprefix("#/$defs/") in SCHEMA["$defs"], pointer


def test_format_is_annotation_only() -> None:
    formats = [(p, s["format"]) for p, s in ALL_SUBSCHEMAS if "format" in s]
    assert formats == [("#/properties/logo_uri", "uri-reference")]
    # Not a URI reference at all, yet valid: no engine asserts formats by default.
    assert_valid(with_(("logo_uri",), "not a uri \\ ::: %zz"))


def test_regexes_compile_in_every_engine() -> None:
    patterns = [s["pattern"] for _, s in ALL_SUBSCHEMAS if "pattern" in s]
    patterns += [k for _, s in ALL_SUBSCHEMAS for k in s.get("patternProperties", {})]
    assert len(patterns) == 3
    for pattern in patterns:
        re.compile(pattern)
        for options in (jsonschema_rs.RegexOptions(), jsonschema_rs.FancyRegexOptions()):
            jsonschema_rs.validator_for({"pattern": pattern}, pattern_options=options)


def test_server_assigned_fields_are_marked() -> None:
    for name in (
        "id",
        "client_id",
        "client_id_issued_at",
        "client_secret_expires_at",
        "deleted",
        "client_secret",
    ):
        prop = SCHEMA["properties"][name]
        assert prop["readOnly"] is True, name
        assert prop["deprecated"] is True, name
        assert "LivePerson assigns" in prop["description"], name
        assert "must not be sent" in prop["description"], name
    assert "credential" in SCHEMA["properties"]["client_secret"]["description"]
    assert "must never be in a manifest" in SCHEMA["properties"]["client_secret"]["description"]


def test_quick_launch_default() -> None:
    assert SCHEMA["properties"]["quick_launch_enabled"]["default"] is False


def test_table_spelling_points_to_canonical_key() -> None:
    webhooks = SCHEMA["properties"]["capabilities"]["properties"]["webhooks"]["properties"]
    table = webhooks["ms.MessagingEventNotification.ExConversationChangeNotification"]
    assert "cqm.ExConversationChangeNotification" in table["description"]


# --------------------------------------------------------------------------- examples and templates


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", DOCS_EXAMPLES)
def test_docs_examples_are_valid(name: str) -> None:
    assert_valid(load(DOCS_EXAMPLES_DIR / name))


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_are_valid(name: str) -> None:
    assert_valid(load(TEMPLATES_DIR / name))


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_are_the_docs_examples(name: str) -> None:
    template = load(TEMPLATES_DIR / name)
    source = load(DOCS_EXAMPLES_DIR / TEMPLATE_SOURCES[name])
    assert template == source
    assert list(template) == list(source)  # key order kept too


def test_base_manifest_is_valid() -> None:
    assert_valid(BASE)


# --------------------------------------------------------------------------- valid instances

VALID_CASES: dict[str, Any] = {
    # client_name: lengths are counted in code points, not bytes or UTF-16 units
    "client_name-128-ascii": with_(("client_name",), "a" * 128),
    "client_name-128-e-acute": with_(("client_name",), "é" * 128),
    "client_name-128-emoji": with_(("client_name",), "😀" * 128),
    "client_name-128-combining": with_(("client_name",), "e\u0301" * 64),
    "client_name-1": with_(("client_name",), "a"),
    # localized names
    "client_name#ja-JP-128": with_(("client_name#ja-JP",), "名" * 128),
    "client_name#zh-Hant-TW": with_(("client_name#zh-Hant-TW",), "連接器"),
    "client_name#en": with_(("client_name#en",), "Connector"),
    "client_name#es-419": with_(("client_name#es-419",), "Conector"),
    "client_name#de-CH-1901": with_(("client_name#de-CH-1901",), "Konnektor"),
    "client_name#sl-rozaj-biske": with_(("client_name#sl-rozaj-biske",), "x"),
    "client_name#gsw": with_(("client_name#gsw",), "x"),
    "client_name#sr-Latn": with_(("client_name#sr-Latn",), "x"),
    "client_name#es-4190-variant": with_(("client_name#es-4190",), "x"),
    "client_name#many": {
        **BASE,
        "client_name#en": "A",
        "client_name#fr-FR": "B",
        "client_name#pt-BR": "C",
    },
    # other top-level limits
    "display_name-128": with_(("display_name",), "d" * 128),
    "description-256": with_(("description",), "é" * 256),
    "redirect_uris-item-128": with_(("redirect_uris",), ["https://" + "r" * 120]),
    "redirect_uris-empty": with_(("redirect_uris",), []),
    "scope-128": with_(("scope",), "s" * 128),
    "scope-two-tokens": with_(("scope",), "msg.consumer faas.lambda.invoke"),
    "scope-comma-is-a-token-char": with_(("scope",), "a, b"),
    "scope-rfc6749-chars": with_(("scope",), "!#$%&'()*+,-./:;<=>?@[]^_`{|}~"),
    "logo_uri-1024": with_(("logo_uri",), "https://x/" + "l" * 1014),
    "logo_uri-relative": with_(
        ("logo_uri",), "/src/modules/campaigns/assets/img/software/Mobile-App.png"
    ),
    "entry_uri-1024": with_(("entry_uri",), "https://x/" + "e" * 1014),
    "grant_types-each": with_(("grant_types",), ["refresh_token"]),
    "response_types-all": with_(
        ("response_types",), ["code", "token", "id_token", "id_token token"]
    ),
    "quick_launch_enabled-false": with_(("quick_launch_enabled",), False),
    "enabled_for_profiles-empty": with_(("enabled_for_profiles",), []),
    "minimal": {"client_name": "com.example.minimal"},
    # webhooks
    "max_retries-0": with_((*CONTENT, "max_retries"), 0),
    "max_retries-5": with_((*CONTENT, "max_retries"), 5),
    "retention_time-2": with_((*WH, "retry", "retention_time"), 2),
    "retention_time-259200": with_((*WH, "retry", "retention_time"), 259200),
    "endpoint-query": with_((*CONTENT, "endpoint"), "https://x/y?a=1"),
    "headers-two": with_(
        (*CONTENT, "headers"),
        [
            {"header_name": "NAME1", "header_value": "VALUE1"},
            {"header_name": "NAME2", "header_value": "VALUE2"},
        ],
    ),
    "headers-empty": with_((*CONTENT, "headers"), []),
    "ExConversation-cqm": with_(
        (*WH, "cqm.ExConversationChangeNotification"), {"endpoint": "https://x/c"}
    ),
    "ExConversation-table-spelling": with_(
        (*WH, "ms.MessagingEventNotification.ExConversationChangeNotification"),
        {"endpoint": "https://x/c"},
        base=without((*WH, "cqm.ExConversationChangeNotification")),
    ),
    "ExConversation-both": with_(
        (*WH, "ms.MessagingEventNotification.ExConversationChangeNotification"),
        {"endpoint": "https://x/c"},
    ),
    "webhooks-empty": with_(WH, {}),
    "webhooks-retry-only": with_(WH, {"retry": {"retention_time": 60}}),
    # engagement
    "entry_point-both": with_((*ENG, "entry_point"), ["section", "url"]),
    "consumer_identity-both": with_((*ENG, "consumer_identity"), ["auth", "unauth"]),
    "consumer_identity-unauth": with_((*ENG, "consumer_identity"), ["unauth"]),
    "visitor_behavior-10": with_((*ENG, "visitor_behavior"), VISITOR_BEHAVIOR),
    "visitor_behavior-empty": with_((*ENG, "visitor_behavior"), []),
    "target_audience-16": with_((*ENG, "target_audience"), TARGET_AUDIENCE),
    "target_audience-string": with_((*ENG, "target_audience"), "geo_location"),
    "target_audience-empty": with_((*ENG, "target_audience"), []),
    "goal-5": with_((*ENG, "goal"), GOAL),
    "goal-string": with_((*ENG, "goal"), "purchase_total"),
    # server-assigned fields: accepted by the schema (lint rules report them)
    "server-assigned": {
        **BASE,
        "id": "f5a3c0e2-0b5e-4e5c-9d1c-6e0b2a1d7c11",
        "client_id": "75588e18-0213-4e33-8174-883acac7e3c4",
        "client_id_issued_at": 1700000000,
        "client_secret_expires_at": 0,
        "deleted": False,
        "client_secret": "kgvbkk7glku72jgtmpi6l4a872",
    },
}


@pytest.mark.parametrize("instance", VALID_CASES.values(), ids=VALID_CASES.keys())
def test_valid(instance: Any) -> None:
    assert_valid(instance)


# --------------------------------------------------------------------------- invalid instances


def case(instance: Any, *errors: tuple[tuple, str]) -> tuple[Any, tuple]:
    return instance, errors


def bad_lang(tag: str):
    return case(with_((f"client_name#{tag}",), "Name"), ((), "additionalProperties"))


INVALID_CASES: dict[str, tuple[Any, tuple]] = {
    # root
    "root-array": case([], ((), "type")),
    "root-string": case("manifest", ((), "type")),
    "client_name-missing": case(without(("client_name",)), ((), "required")),
    "unknown-top-level-key": case(with_(("clientname",), "x"), ((), "additionalProperties")),
    "unknown-top-level-x-key": case(with_(("x-note",), "x"), ((), "additionalProperties")),
    # client_name
    "client_name-129-ascii": case(
        with_(("client_name",), "a" * 129), (("client_name",), "maxLength")
    ),
    "client_name-129-e-acute": case(
        with_(("client_name",), "é" * 129), (("client_name",), "maxLength")
    ),
    "client_name-129-emoji": case(
        with_(("client_name",), "😀" * 129), (("client_name",), "maxLength")
    ),
    "client_name-129-combining": case(
        with_(("client_name",), "e\u0301" * 64 + "e"), (("client_name",), "maxLength")
    ),
    "client_name-empty": case(with_(("client_name",), ""), (("client_name",), "minLength")),
    "client_name-number": case(with_(("client_name",), 42), (("client_name",), "type")),
    "client_name#ja-JP-129": case(
        with_(("client_name#ja-JP",), "名" * 129), (("client_name#ja-JP",), "maxLength")
    ),
    "client_name#en-number": case(with_(("client_name#en",), 1), (("client_name#en",), "type")),
    "lang-not-a-tag": bad_lang("not a tag"),
    "lang-empty": bad_lang(""),
    "lang-one-letter": bad_lang("e"),
    "lang-trailing-dash": bad_lang("en-"),
    "lang-underscore": bad_lang("en_US"),
    "lang-long-language": bad_lang("english"),
    "lang-region-2-digits": bad_lang("es-41"),
    "lang-no-hash": case(with_(("client_name-ja",), "x"), ((), "additionalProperties")),
    # other top-level limits and enums
    "display_name-129": case(with_(("display_name",), "d" * 129), (("display_name",), "maxLength")),
    "description-257": case(with_(("description",), "é" * 257), (("description",), "maxLength")),
    "redirect_uris-item-129": case(
        with_(("redirect_uris",), ["https://ok", "https://" + "r" * 121]),
        (("redirect_uris", 1), "maxLength"),
    ),
    "redirect_uris-string": case(
        with_(("redirect_uris",), "https://x"), (("redirect_uris",), "type")
    ),
    "scope-129": case(with_(("scope",), "s" * 129), (("scope",), "maxLength")),
    "scope-empty": case(with_(("scope",), ""), (("scope",), "pattern")),
    "scope-double-space": case(with_(("scope",), "msg.consumer  x"), (("scope",), "pattern")),
    "scope-leading-space": case(with_(("scope",), " msg.consumer"), (("scope",), "pattern")),
    "scope-trailing-space": case(with_(("scope",), "msg.consumer "), (("scope",), "pattern")),
    "scope-tab-separated": case(with_(("scope",), "a\tb"), (("scope",), "pattern")),
    "scope-quote": case(with_(("scope",), 'msg."consumer"'), (("scope",), "pattern")),
    "scope-backslash": case(with_(("scope",), "msg\\consumer"), (("scope",), "pattern")),
    "scope-non-ascii": case(with_(("scope",), "msg.cönsumer"), (("scope",), "pattern")),
    "scope-array": case(with_(("scope",), ["msg.consumer"]), (("scope",), "type")),
    "logo_uri-1025": case(
        with_(("logo_uri",), "https://x/" + "l" * 1015), (("logo_uri",), "maxLength")
    ),
    "entry_uri-1025": case(
        with_(("entry_uri",), "https://x/" + "e" * 1015), (("entry_uri",), "maxLength")
    ),
    "grant_types-unknown": case(
        with_(("grant_types",), ["password"]), (("grant_types", 0), "enum")
    ),
    "grant_types-duplicate": case(
        with_(("grant_types",), ["client_credentials", "client_credentials"]),
        (("grant_types",), "uniqueItems"),
    ),
    "grant_types-string": case(
        with_(("grant_types",), "client_credentials"), (("grant_types",), "type")
    ),
    "response_types-unknown": case(
        with_(("response_types",), ["code", "code id_token"]), (("response_types", 1), "enum")
    ),
    "response_types-duplicate": case(
        with_(("response_types",), ["code", "code"]), (("response_types",), "uniqueItems")
    ),
    "quick_launch_enabled-string": case(
        with_(("quick_launch_enabled",), "yes"), (("quick_launch_enabled",), "type")
    ),
    "enabled-int": case(with_(("enabled",), 1), (("enabled",), "type")),
    "enabled_for_profiles-string-item": case(
        with_(("enabled_for_profiles",), [1, "2"]), (("enabled_for_profiles", 1), "type")
    ),
    "enabled_for_profiles-duplicate": case(
        with_(("enabled_for_profiles",), [1, 1]), (("enabled_for_profiles",), "uniqueItems")
    ),
    "client_id_issued_at-string": case(
        with_(("client_id_issued_at",), "1700000000"), (("client_id_issued_at",), "type")
    ),
    "deleted-string": case(with_(("deleted",), "false"), (("deleted",), "type")),
    # capabilities
    "capabilities-unknown-key": case(
        with_(("capabilities", "webhook"), {}), (("capabilities",), "additionalProperties")
    ),
    "capabilities-array": case(with_(("capabilities",), []), (("capabilities",), "type")),
    # webhooks
    "unknown-webhook-event": case(
        with_((*WH, "ms.MessagingEventNotification.Foo"), {"endpoint": "https://x"}),
        (WH, "additionalProperties"),
    ),
    "webhook-event-wrong-prefix": case(
        with_((*WH, "ms.ExConversationChangeNotification"), {"endpoint": "https://x"}),
        (WH, "additionalProperties"),
    ),
    "webhook-not-object": case(with_(CONTENT, "https://x"), (CONTENT, "type")),
    "webhook-unknown-key": case(with_((*CONTENT, "retries"), 3), (CONTENT, "additionalProperties")),
    "endpoint-missing": case(without((*CONTENT, "endpoint")), (CONTENT, "required")),
    "endpoint-http": case(
        with_((*CONTENT, "endpoint"), "http://x/y"), ((*CONTENT, "endpoint"), "pattern")
    ),
    "endpoint-empty": case(with_((*CONTENT, "endpoint"), ""), ((*CONTENT, "endpoint"), "pattern")),
    "endpoint-leading-space": case(
        with_((*CONTENT, "endpoint"), " https://x"), ((*CONTENT, "endpoint"), "pattern")
    ),
    "endpoint-number": case(with_((*CONTENT, "endpoint"), 443), ((*CONTENT, "endpoint"), "type")),
    "endpoint-table-spelling-http": case(
        with_(
            (*WH, "ms.MessagingEventNotification.ExConversationChangeNotification"),
            {"endpoint": "http://x"},
        ),
        (
            (*WH, "ms.MessagingEventNotification.ExConversationChangeNotification", "endpoint"),
            "pattern",
        ),
    ),
    "max_retries-minus-1": case(
        with_((*CONTENT, "max_retries"), -1), ((*CONTENT, "max_retries"), "minimum")
    ),
    "max_retries-6": case(
        with_((*CONTENT, "max_retries"), 6), ((*CONTENT, "max_retries"), "maximum")
    ),
    "max_retries-string": case(
        with_((*CONTENT, "max_retries"), "3"), ((*CONTENT, "max_retries"), "type")
    ),
    "max_retries-float": case(
        with_((*CONTENT, "max_retries"), 3.5), ((*CONTENT, "max_retries"), "type")
    ),
    "max_retries-true": case(
        with_((*CONTENT, "max_retries"), True), ((*CONTENT, "max_retries"), "type")
    ),
    "max_retries-null": case(
        with_((*CONTENT, "max_retries"), None), ((*CONTENT, "max_retries"), "type")
    ),
    "retention_time-1": case(
        with_((*WH, "retry", "retention_time"), 1), ((*WH, "retry", "retention_time"), "minimum")
    ),
    "retention_time-259201": case(
        with_((*WH, "retry", "retention_time"), 259201),
        ((*WH, "retry", "retention_time"), "maximum"),
    ),
    "retention_time-string": case(
        with_((*WH, "retry", "retention_time"), "60"), ((*WH, "retry", "retention_time"), "type")
    ),
    "retention_time-float": case(
        with_((*WH, "retry", "retention_time"), 2.5), ((*WH, "retry", "retention_time"), "type")
    ),
    "retry-missing-retention_time": case(with_((*WH, "retry"), {}), ((*WH, "retry"), "required")),
    "retry-extra-key": case(
        with_((*WH, "retry", "max_retries"), 3), ((*WH, "retry"), "additionalProperties")
    ),
    "retry-integer": case(with_((*WH, "retry"), 3600), ((*WH, "retry"), "type")),
    # headers
    "headers-object": case(
        with_((*CONTENT, "headers"), {"header_name": "A", "header_value": "B"}),
        ((*CONTENT, "headers"), "type"),
    ),
    "header-missing-header_value": case(
        with_((*CONTENT, "headers"), [{"header_name": "A"}]), ((*CONTENT, "headers", 0), "required")
    ),
    "header-missing-header_name": case(
        with_((*CONTENT, "headers"), [{"header_value": "B"}]),
        ((*CONTENT, "headers", 0), "required"),
    ),
    "header-extra-key": case(
        with_((*CONTENT, "headers"), [{"header_name": "A", "header_value": "B", "x": 1}]),
        ((*CONTENT, "headers", 0), "additionalProperties"),
    ),
    "header-empty-name": case(
        with_((*CONTENT, "headers"), [{"header_name": "", "header_value": "B"}]),
        ((*CONTENT, "headers", 0, "header_name"), "minLength"),
    ),
    "header-empty-value": case(
        with_((*CONTENT, "headers"), [{"header_name": "A", "header_value": ""}]),
        ((*CONTENT, "headers", 0, "header_value"), "minLength"),
    ),
    "header-value-number": case(
        with_((*CONTENT, "headers"), [{"header_name": "A", "header_value": 1}]),
        ((*CONTENT, "headers", 0, "header_value"), "type"),
    ),
    "header-name-value-pair-string": case(
        with_((*CONTENT, "headers"), ["A: B"]), ((*CONTENT, "headers", 0), "type")
    ),
    # engagement
    "engagement-unknown-key": case(with_((*ENG, "goals"), ["url"]), (ENG, "additionalProperties")),
    "engagement-array": case(with_(ENG, []), (ENG, "type")),
    "design_window-string": case(
        with_((*ENG, "design_window"), "false"), ((*ENG, "design_window"), "type")
    ),
    "entry_point-empty": case(
        with_((*ENG, "entry_point"), []), ((*ENG, "entry_point"), "minItems")
    ),
    "entry_point-duplicate": case(
        with_((*ENG, "entry_point"), ["section", "section"]), ((*ENG, "entry_point"), "uniqueItems")
    ),
    "entry_point-unknown": case(
        with_((*ENG, "entry_point"), ["button"]), ((*ENG, "entry_point", 0), "enum")
    ),
    "entry_point-string": case(
        with_((*ENG, "entry_point"), "section"), ((*ENG, "entry_point"), "type")
    ),
    "entry_point-11": case(
        with_((*ENG, "entry_point"), ["section", "url"] * 5 + ["url"]),
        ((*ENG, "entry_point"), "maxItems"),
        ((*ENG, "entry_point"), "uniqueItems"),
    ),
    "consumer_identity-empty": case(
        with_((*ENG, "consumer_identity"), []), ((*ENG, "consumer_identity"), "minItems")
    ),
    "consumer_identity-duplicate": case(
        with_((*ENG, "consumer_identity"), ["auth", "auth"]),
        ((*ENG, "consumer_identity"), "uniqueItems"),
    ),
    "consumer_identity-unknown": case(
        with_((*ENG, "consumer_identity"), ["guest"]), ((*ENG, "consumer_identity", 0), "enum")
    ),
    "consumer_identity-string": case(
        with_((*ENG, "consumer_identity"), "auth"), ((*ENG, "consumer_identity"), "type")
    ),
    "consumer_identity-6": case(
        with_((*ENG, "consumer_identity"), ["auth", "unauth"] * 3),
        ((*ENG, "consumer_identity"), "maxItems"),
        ((*ENG, "consumer_identity"), "uniqueItems"),
    ),
    "visitor_behavior-11": case(
        with_((*ENG, "visitor_behavior"), [*VISITOR_BEHAVIOR, "flow"]),
        ((*ENG, "visitor_behavior"), "maxItems"),
        ((*ENG, "visitor_behavior"), "uniqueItems"),
    ),
    "visitor_behavior-duplicate": case(
        with_((*ENG, "visitor_behavior"), ["flow", "flow"]),
        ((*ENG, "visitor_behavior"), "uniqueItems"),
    ),
    "visitor_behavior-unknown": case(
        with_((*ENG, "visitor_behavior"), ["flow", "page_views"]),
        ((*ENG, "visitor_behavior", 1), "enum"),
    ),
    "visitor_behavior-string": case(
        with_((*ENG, "visitor_behavior"), "flow"), ((*ENG, "visitor_behavior"), "type")
    ),
    "target_audience-unknown-string": case(
        with_((*ENG, "target_audience"), "everyone"), ((*ENG, "target_audience"), "enum")
    ),
    "target_audience-unknown-item": case(
        with_((*ENG, "target_audience"), ["ip", "everyone"]), ((*ENG, "target_audience", 1), "enum")
    ),
    "target_audience-duplicate": case(
        with_((*ENG, "target_audience"), ["ip", "ip"]), ((*ENG, "target_audience"), "uniqueItems")
    ),
    "target_audience-21": case(
        with_((*ENG, "target_audience"), TARGET_AUDIENCE + TARGET_AUDIENCE[:5]),
        ((*ENG, "target_audience"), "maxItems"),
        ((*ENG, "target_audience"), "uniqueItems"),
    ),
    "target_audience-number": case(
        with_((*ENG, "target_audience"), 3), ((*ENG, "target_audience"), "type")
    ),
    "target_audience-object": case(
        with_((*ENG, "target_audience"), {"ip": True}), ((*ENG, "target_audience"), "type")
    ),
    "goal-unknown-string": case(with_((*ENG, "goal"), "sales"), ((*ENG, "goal"), "enum")),
    "goal-unknown-item": case(with_((*ENG, "goal"), ["url", "sales"]), ((*ENG, "goal", 1), "enum")),
    "goal-duplicate": case(
        with_((*ENG, "goal"), ["lead", "lead"]), ((*ENG, "goal"), "uniqueItems")
    ),
    "goal-11": case(
        with_((*ENG, "goal"), GOAL + GOAL + ["url"]),
        ((*ENG, "goal"), "maxItems"),
        ((*ENG, "goal"), "uniqueItems"),
    ),
    "goal-null": case(with_((*ENG, "goal"), None), ((*ENG, "goal"), "type")),
    **{
        f"engagement-missing-{field}": case(without((*ENG, field)), (ENG, "required"))
        for field in ENGAGEMENT_FIELDS
    },
}


@pytest.mark.parametrize(("instance", "errors"), INVALID_CASES.values(), ids=INVALID_CASES.keys())
def test_invalid(instance: Any, errors: tuple) -> None:
    assert_invalid(instance, *errors)


def test_missing_engagement_field_is_named() -> None:
    """The required error names the missing field (the tool's message relies on it)."""
    for field in ENGAGEMENT_FIELDS:
        instance = without((*ENG, field))
        (error,) = VALIDATORS["jsonschema"].iter_errors(instance)
        assert repr(field) in error.message
        (rs_error,) = VALIDATORS["jsonschema_rs"].iter_errors(instance)
        assert field in rs_error.message


def test_case_ids_are_unique_across_sets() -> None:
    assert not set(VALID_CASES) & set(INVALID_CASES)


# --------------------------------------------------------------------------- engine agreement

# Python's `re` (used by jsonschema) lets `$` also match just before a final "\n"; ECMA-262
# and Rust's regex (jsonschema_rs) do not, and no end anchor is common to all three
# (`\Z` is Python only, `\z` Rust only, lookarounds are not in Rust's `regex`). So for a
# value whose only fault is one trailing newline, the engines disagree. This pins the
# divergence down: jsonschema_rs rejects, the reference implementation accepts.
TRAILING_NEWLINE_CASES = {
    "scope": (with_(("scope",), "msg.consumer\n"), (("scope",), "pattern")),
    "client_name-tag": (with_(("client_name#en\n",), "x"), ((), "additionalProperties")),
}


@pytest.mark.parametrize(
    ("instance", "error"), TRAILING_NEWLINE_CASES.values(), ids=TRAILING_NEWLINE_CASES.keys()
)
def test_known_divergence_trailing_newline(instance: Any, error: tuple) -> None:
    assert raw_errors("jsonschema", instance) == []
    for engine in ("jsonschema_rs", "jsonschema_rs-regex"):
        assert raw_errors(engine, instance) == [error], engine


# Any code point but lone surrogates (not representable in JSON text that is UTF-8), with
# the scope token characters and tag characters made likely.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from('abcXYZ019-_ ."\\#!~\t\n'),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=140,
).filter(lambda s: not s.endswith("\n"))


def same_verdict(instance: Any) -> None:
    results = {engine: raw_errors(engine, instance) for engine in ENGINES}
    assert results["jsonschema"] == results["jsonschema_rs"] == results["jsonschema_rs-regex"]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_engines_agree_on_scope(value: str) -> None:
    same_verdict(with_(("scope",), value))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_engines_agree_on_language_tags(tag: str) -> None:
    same_verdict(with_((f"client_name#{tag}",), "x"))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_engines_agree_on_lengths_and_endpoints(value: str) -> None:
    same_verdict(with_(("client_name",), value))
    same_verdict(with_(("display_name",), value))
    same_verdict(with_((*CONTENT, "endpoint"), value))
    same_verdict(with_((*CONTENT, "endpoint"), "https://" + value))
