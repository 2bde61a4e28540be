"""Each lint rule: a manifest that triggers it (exact line, column and path, in JSON and in
YAML), manifests that must not, and the registry and documentation every rule needs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lpmanifest.check.checker import data_document
from lpmanifest.check.context import Context
from lpmanifest.findings import load_rules
from lpmanifest.findings.model import Severity
from lpmanifest.rules import ALL_INFOS, ANSWER_RULES, LINT_RULES, documentation, lookup

from .conftest import set_path
from .lint_support import check, where

WH = ("capabilities", "webhooks")
CONTENT = (*WH, "ms.MessagingEventNotification.ContentEvent")
ENG = ("capabilities", "engagement")

# The catalogue of SPEC's "Rules beyond the schema": the names are the contract.
CATALOGUE = {
    "placeholder-value": Severity.ERROR,
    "duplicate-key": Severity.ERROR,
    "authorization-code-without-redirect-uris": Severity.ERROR,
    "secret-in-manifest": Severity.ERROR,
    "header-injection": Severity.ERROR,
    "invalid-url": Severity.ERROR,
    "not-an-object": Severity.ERROR,
    "response-type-without-grant": Severity.INFO,
    "refresh-token-without-authorization-code": Severity.WARNING,
    "quick-launch-without-entry-uri": Severity.WARNING,
    "quick-launch-without-profiles": Severity.WARNING,
    "insecure-redirect-uri": Severity.WARNING,
    "unlisted-scope": Severity.WARNING,
    "table-spelling": Severity.WARNING,
    "server-assigned-field": Severity.WARNING,
    "reserved-header": Severity.WARNING,
    "duplicate-header": Severity.WARNING,
    "dev-tunnel-endpoint": Severity.WARNING,
    "yaml-implicit-boolean": Severity.WARNING,
    "byte-order-mark": Severity.WARNING,
    "insecure-entry-uri": Severity.WARNING,
    "client-name-not-reverse-dns": Severity.INFO,
}
# Rules of the second edition (SPEC "What real manifests taught us"): names chosen here.
SECOND_EDITION = {
    "max-retries-without-effect": Severity.WARNING,
    "yaml-implicit-number": Severity.WARNING,
    "float-for-integer": Severity.WARNING,
}
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


# -- registry and documentation ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_catalogue_rule_exists_with_its_severity(name: str) -> None:
    info = lookup(name)
    assert info is not None, name
    assert info.severity is CATALOGUE[name]
    # Codes say the default severity: LPM2xx errors, LPM3xx warnings, LPM4xx info.
    if info in load_rules.LOAD_RULES:
        assert info.code.startswith("LPM0")
    else:
        prefix = {Severity.ERROR: "LPM2", Severity.WARNING: "LPM3", Severity.INFO: "LPM4"}
        assert info.code.startswith(prefix[info.severity]), info.code


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len({info.code for info in ALL_INFOS}) == len(ALL_INFOS)
    assert len({info.name for info in ALL_INFOS}) == len(ALL_INFOS)
    for info in ALL_INFOS:
        assert re.fullmatch(r"LPM[0-9]{3}", info.code), info.code
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", info.name), info.name
        assert info.summary.endswith("."), info.code


def test_load_findings_are_not_duplicated_as_rules() -> None:
    names = {rule.info.name for rule in LINT_RULES}
    assert "duplicate-key" not in names and "not-an-object" not in names
    assert lookup("duplicate-key") is load_rules.DUPLICATE_KEY
    assert lookup("LPM004") is load_rules.NOT_AN_OBJECT


@pytest.mark.parametrize("rule", LINT_RULES, ids=lambda rule: rule.info.name)
def test_lint_rule_docstring_has_the_four_sections(rule) -> None:
    doc = rule.documentation
    positions = [doc.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule.info.name} lacks a section"
    assert positions == sorted(positions), "sections out of order"
    for section, body in zip(SECTIONS, re.split(r"^## .*$", doc, flags=re.M)[1:], strict=True):
        assert body.strip(), f"{rule.info.name}: empty {section}"


@pytest.mark.parametrize("info", ALL_INFOS, ids=lambda info: info.name)
def test_every_rule_has_documentation_in_the_four_sections(info) -> None:
    doc = documentation(info)
    assert all(section in doc for section in SECTIONS), info.name


# -- rule cases ----------------------------------------------------------------------------------
# (rule, format, text, [(line, column, path), ...])

TRIGGERS = [
    # placeholder-value
    (
        "placeholder-value",
        "json",
        '{\n  "client_name": "App name",\n  "description": "Ships to {REGION} only"\n}',
        [(2, 19, ("client_name",)), (3, 28, ("description",))],
    ),
    (
        "placeholder-value",
        "yaml",
        "client_name: com.acme.app\nentry_uri: https://<your-host>/launch\n"
        "capabilities:\n  webhooks:\n    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: 'https://your-domain.com/hook'\n",
        # A host made of placeholders is pointed at, not the whole URL.
        [(2, 20, ("entry_uri",)), (6, 26, (*CONTENT, "endpoint"))],
    ),
    (
        "placeholder-value",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://hooks.acme.com/x",'
        '\n"headers": [{"header_name": "NAME1", "header_value": "${TOKEN}"}]}}}}',
        [
            (2, 30, (*CONTENT, "headers", 0, "header_name")),
            (2, 55, (*CONTENT, "headers", 0, "header_value")),
        ],
    ),
    # authorization-code-without-redirect-uris
    (
        "authorization-code-without-redirect-uris",
        "json",
        '{\n  "client_name": "com.acme.app",\n  "grant_types": ["refresh_token", '
        '"authorization_code"]\n}',
        [(3, 36, ("grant_types", 1))],
    ),
    (
        "authorization-code-without-redirect-uris",
        "yaml",
        "client_name: com.acme.app\ngrant_types:\n  - authorization_code\nredirect_uris: []\n",
        [(3, 5, ("grant_types", 0))],
    ),
    # secret-in-manifest
    (
        "secret-in-manifest",
        "json",
        '{\n  "client_name": "com.acme.app",\n  "client_secret": "kgvbkk7glku72jgtmpi6l4a872"\n}',
        [(3, 3, ("client_secret",))],
    ),
    (
        "secret-in-manifest",
        "yaml",
        "client_name: com.acme.app\nclient_secret: kgvbkk7glku72jgtmpi6l4a872\n",
        [(2, 1, ("client_secret",))],
    ),
    # header-injection
    (
        "header-injection",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://hooks.acme.com/x",\n'
        '"headers": [{"header_name": "X-Acme", "header_value": "a\\r\\nX-Admin: 1"},\n'
        '{"header_name": "Acme Token", "header_value": "b"}]}}}}',
        [
            (3, 55, (*CONTENT, "headers", 0, "header_value")),
            (4, 17, (*CONTENT, "headers", 1, "header_name")),
        ],
    ),
    (
        "header-injection",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: https://hooks.acme.com/x\n      headers:\n"
        "        - header_name: 'X-Acme:'\n          header_value: ok\n",
        [(7, 24, (*CONTENT, "headers", 0, "header_name"))],
    ),
    # invalid-url (tests/test_url_rules.py has every case of every field)
    (
        "invalid-url",
        "json",
        '{"client_name": "com.acme.app", "entry_uri": "ftp://app.acme.com/x",\n'
        ' "redirect_uris": ["/cb"]}',
        [(1, 47, ("entry_uri",)), (2, 21, ("redirect_uris", 0))],
    ),
    (
        "invalid-url",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: https://hooks.acme.com:8443/lp#x\n",
        [(5, 47, (*CONTENT, "endpoint"))],
    ),
    # response-type-without-grant
    (
        "response-type-without-grant",
        "json",
        '{\n  "client_name": "com.acme.app",\n'
        '  "grant_types": ["authorization_code", "refresh_token"],\n'
        '  "response_types": ["code", "token"]\n}',
        [(4, 30, ("response_types", 1))],
    ),
    (
        "response-type-without-grant",
        "yaml",
        "client_name: com.acme.app\ngrant_types: [client_credentials, authorization_code]\n"
        "response_types: [id_token token, id_token]\n",
        [(3, 18, ("response_types", 0)), (3, 34, ("response_types", 1))],
    ),
    # refresh-token-without-authorization-code
    (
        "refresh-token-without-authorization-code",
        "json",
        '{"client_name": "com.acme.app",\n "grant_types": ["client_credentials", "refresh_token"]}',
        [(2, 40, ("grant_types", 1))],
    ),
    (
        "refresh-token-without-authorization-code",
        "yaml",
        "client_name: com.acme.app\ngrant_types: [refresh_token]\n",
        [(2, 15, ("grant_types", 0))],
    ),
    # quick-launch-without-entry-uri
    (
        "quick-launch-without-entry-uri",
        "json",
        '{\n  "client_name": "com.acme.app",\n  "quick_launch_enabled": true,\n'
        '  "enabled_for_profiles": [1]\n}',
        [(3, 27, ("quick_launch_enabled",))],
    ),
    (
        "quick-launch-without-entry-uri",
        "yaml",
        "client_name: com.acme.app\nquick_launch_enabled: true\nentry_uri: ''\n"
        "enabled_for_profiles: [1]\n",
        [(2, 23, ("quick_launch_enabled",))],
    ),
    # quick-launch-without-profiles
    (
        "quick-launch-without-profiles",
        "json",
        '{"client_name": "com.acme.app", "entry_uri": "https://app.acme.com/launch",\n'
        '  "quick_launch_enabled": true, "enabled_for_profiles": [ ]}',
        [(2, 57, ("enabled_for_profiles",))],
    ),
    (
        "quick-launch-without-profiles",
        "yaml",
        "client_name: com.acme.app\nentry_uri: https://app.acme.com/launch\n"
        "quick_launch_enabled: true\nenabled_for_profiles: []\n",
        [(4, 23, ("enabled_for_profiles",))],
    ),
    # insecure-redirect-uri
    (
        "insecure-redirect-uri",
        "json",
        '{"client_name": "com.acme.app", "redirect_uris": [\n'
        '  "https://app.acme.com/cb", "http://app.acme.com/cb", "HTTP://127.0.0.2.nip.io/cb"]}',
        [(2, 31, ("redirect_uris", 1)), (2, 57, ("redirect_uris", 2))],
    ),
    (
        "insecure-redirect-uri",
        "yaml",
        "client_name: com.acme.app\nredirect_uris:\n  - http://app.acme.com/cb  # staging\n",
        [(3, 5, ("redirect_uris", 0))],
    ),
    # unlisted-scope
    (
        "unlisted-scope",
        "json",
        '{\n  "client_name": "com.acme.app",\n'
        '  "scope": "msg.consumer faas.lambda.invoke lp.admin"\n}',
        [(3, 45, ("scope",))],
    ),
    (
        "unlisted-scope",
        "yaml",
        "client_name: com.acme.app\nscope: faas.lamda.invoke msg.consumers\n",
        [(2, 8, ("scope",)), (2, 26, ("scope",))],
    ),
    # max-retries-without-effect
    (
        "max-retries-without-effect",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '  "retry": {"retention_time": 7200},\n'
        '  "ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://h.acme.com/c",'
        ' "max_retries": 2},\n'
        '  "ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "https://h.acme.com/s",'
        ' "max_retries": 0}}}}',
        [(3, 101, (*CONTENT, "max_retries"))],
    ),
    (
        "max-retries-without-effect",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    cqm.ExConversationChangeNotification:\n"
        "      endpoint: https://h.acme.com/x\n      max_retries: 5\n"
        "    retry:\n      retention_time: 259200\n",
        [(6, 20, (*WH, "cqm.ExConversationChangeNotification", "max_retries"))],
    ),
    # yaml-implicit-number
    (
        "yaml-implicit-number",
        "yaml",
        "client_name: com.acme.app\nenabled_for_profiles: [0755, 2:15]\n"
        "capabilities:\n  webhooks:\n    cqm.ExConversationChangeNotification:\n"
        "      endpoint: https://h.acme.com/x\n      headers:\n"
        "        - {header_name: X-Acme-Build, header_value: 2.5e4}\n",
        [
            (2, 24, ("enabled_for_profiles", 0)),
            (2, 30, ("enabled_for_profiles", 1)),
            (8, 53, (*WH, "cqm.ExConversationChangeNotification", "headers", 0, "header_value")),
        ],
    ),
    (
        "yaml-implicit-number",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n    retry:\n"
        "      retention_time: 1_800\n",
        [(5, 23, (*WH, "retry", "retention_time"))],
    ),
    # float-for-integer
    (
        "float-for-integer",
        "json",
        '{"client_name": "com.acme.app", "enabled_for_profiles": [12, 1.3e1],\n'
        ' "capabilities": {"webhooks": {"retry": {"retention_time": 3600.0}}}}',
        [(1, 62, ("enabled_for_profiles", 1)), (2, 60, (*WH, "retry", "retention_time"))],
    ),
    (
        "float-for-integer",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: https://h.acme.com/x\n      max_retries: 2.0\n",
        [(6, 20, (*CONTENT, "max_retries"))],
    ),
    # table-spelling
    (
        "table-spelling",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {\n "webhooks": {\n'
        '  "ms.MessagingEventNotification.ExConversationChangeNotification": '
        '{"endpoint": "https://hooks.acme.com/x"}}}}',
        [(3, 3, (*WH, "ms.MessagingEventNotification.ExConversationChangeNotification"))],
    ),
    (
        "table-spelling",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  engagement:\n"
        "    design_engagement: false\n    design_window: false\n    entry_point: [section]\n"
        "    visitor_behavior: []\n    target_audience: returning_visitors\n"
        "    goal: lead\n    consumer_identity: [auth]\n    language_selection: false\n",
        [(8, 22, (*ENG, "target_audience")), (9, 11, (*ENG, "goal"))],
    ),
    # server-assigned-field
    (
        "server-assigned-field",
        "json",
        '{\n  "id": "abc",\n  "client_name": "com.acme.app",\n  "deleted": false\n}',
        [(2, 3, ("id",)), (4, 3, ("deleted",))],
    ),
    (
        "server-assigned-field",
        "yaml",
        "client_id: abc\nclient_id_issued_at: 1700000000\nclient_secret_expires_at: 0\n"
        "client_name: com.acme.app\n",
        [
            (1, 1, ("client_id",)),
            (2, 1, ("client_id_issued_at",)),
            (3, 1, ("client_secret_expires_at",)),
        ],
    ),
    (
        "server-assigned-field",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks: {}\n  broadcast:\n"
        "    enabled: false\n",
        [(4, 3, ("capabilities", "broadcast"))],
    ),
    # reserved-header
    (
        "reserved-header",
        "json",
        '{"client_name": "com.acme.app", "capabilities": {"webhooks": {\n'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://hooks.acme.com/x",\n'
        '"headers": [{"header_name": "x-LivePerson-Account", "header_value": "1"}]}}}}',
        [(3, 29, (*CONTENT, "headers", 0, "header_name"))],
    ),
    # duplicate-header
    (
        "duplicate-header",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: https://hooks.acme.com/x\n      headers:\n"
        "        - {header_name: Authorization, header_value: a}\n"
        "        - {header_name: X-Acme, header_value: b}\n"
        "        - {header_name: authorization, header_value: c}\n",
        [(9, 25, (*CONTENT, "headers", 2, "header_name"))],
    ),
    # dev-tunnel-endpoint
    (
        "dev-tunnel-endpoint",
        "json",
        '{"client_name": "com.acme.app", "entry_uri": "https://192.168.1.20:8443/launch",\n'
        '"capabilities": {"webhooks": {\n'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://4f2a.ngrok-free.app/x"},\n'
        '"ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "https://localhost:3000/x"}}}}',
        [
            (1, 55, ("entry_uri",)),
            (3, 69, (*CONTENT, "endpoint")),
            (4, 71, (*WH, "ms.MessagingEventNotification.ChatStateEvent", "endpoint")),
        ],
    ),
    (
        "dev-tunnel-endpoint",
        "yaml",
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent:\n"
        "      endpoint: https://[::1]/hook\n",
        [(5, 26, (*CONTENT, "endpoint"))],
    ),
    # yaml-implicit-boolean
    (
        "yaml-implicit-boolean",
        "yaml",
        "client_name: com.acme.app\nquick_launch_enabled: Off\nenabled: yes\n",
        [(2, 23, ("quick_launch_enabled",)), (3, 10, ("enabled",))],
    ),
    # insecure-entry-uri
    (
        "insecure-entry-uri",
        "json",
        '{\n  "client_name": "com.acme.app",\n  "entry_uri": "http://app.acme.com/launch"\n}',
        [(3, 17, ("entry_uri",))],
    ),
    (
        "insecure-entry-uri",
        "yaml",
        "client_name: com.acme.app\nentry_uri: http://app.acme.com/launch\n",
        [(2, 12, ("entry_uri",))],
    ),
    # byte-order-mark
    ("byte-order-mark", "json", '\ufeff{"client_name": "com.acme.app"}', [(1, 1, ())]),
    ("byte-order-mark", "yaml", "\ufeffclient_name: com.acme.app\n", [(1, 1, ())]),
    # client-name-not-reverse-dns
    (
        "client-name-not-reverse-dns",
        "json",
        '{\n  "client_name": "Acme Support Connector"\n}',
        [(2, 18, ("client_name",))],
    ),
    ("client-name-not-reverse-dns", "yaml", "client_name: acme\n", [(1, 14, ("client_name",))]),
    # duplicate-key and not-an-object come from loading; they are rules all the same.
    (
        "duplicate-key",
        "json",
        '{\n  "client_name": "com.acme.app",\n  "client_name": "com.acme.app2"\n}',
        [(3, 3, ("client_name",))],
    ),
    ("not-an-object", "yaml", "- client_name: com.acme.app\n", [(1, 1, ())]),
]


@pytest.mark.parametrize(
    ("rule", "format", "text", "expected"),
    TRIGGERS,
    ids=[f"{case[0]}-{case[1]}-{i}" for i, case in enumerate(TRIGGERS)],
)
def test_rule_triggers_at_the_exact_place(rule: str, format, text: str, expected: list) -> None:
    findings = check(text, format, select=rule)
    assert where(findings) == [(rule, *place) for place in expected]
    for finding in findings:
        assert (finding.message and finding.message[0].islower()) or finding.message[0] in "'\"`{"
        assert "\n" not in finding.message and "\r" not in finding.message


def test_every_catalogue_rule_has_a_triggering_case() -> None:
    assert {case[0] for case in TRIGGERS} == set(CATALOGUE) | set(SECOND_EDITION)


QUIET = [
    ("placeholder-value", "json", '{"client_name": "com.acme.app", "description": "Chat <-> CRM"}'),
    (
        "placeholder-value",
        "yaml",
        "client_name: com.yourway.app\n"
        'description: \'Sends {"type": "text"} payloads; contact <support@acme.com>\'\n'
        "entry_uri: https://yourmechanic.com/lp\n",
    ),
    (
        "authorization-code-without-redirect-uris",
        "json",
        '{"client_name": "com.acme.app", "grant_types": ["authorization_code"],'
        ' "redirect_uris": ["https://app.acme.com/cb"]}',
    ),
    ("authorization-code-without-redirect-uris", "json", '{"grant_types": ["client_credentials"]}'),
    (
        "secret-in-manifest",
        "json",
        '{"client_name": "com.acme.app", "client_secret_expires_at": 0}',
    ),
    (
        "header-injection",
        "json",
        '{"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": '
        '{"endpoint": "https://x.acme.com", "headers": [{"header_name": "X-Acme_Id.v2", '
        '"header_value": "a\\tb: c, d"}]}}}}',
    ),
    (
        "response-type-without-grant",
        "json",
        '{"grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"]}',
    ),
    # LivePerson's own templates: client_credentials with ["code"], Functions' with ["token"].
    (
        "response-type-without-grant",
        "json",
        '{"grant_types": ["client_credentials"], "response_types": ["code", "token", "id_token"]}',
    ),
    ("response-type-without-grant", "json", '{"response_types": ["token"]}'),
    (
        "refresh-token-without-authorization-code",
        "json",
        '{"grant_types": ["authorization_code", "refresh_token"]}',
    ),
    ("quick-launch-without-entry-uri", "json", '{"quick_launch_enabled": false}'),
    ("quick-launch-without-profiles", "json", '{"quick_launch_enabled": false}'),
    # LivePerson's own quick-launch example leaves the list out.
    (
        "quick-launch-without-profiles",
        "json",
        '{"quick_launch_enabled": true, "entry_uri": "https://app.acme.com/launch"}',
    ),
    (
        "quick-launch-without-profiles",
        "json",
        '{"quick_launch_enabled": false, "enabled_for_profiles": []}',
    ),
    (
        "insecure-redirect-uri",
        "json",
        '{"redirect_uris": ["http://localhost:8080/cb", "http://127.0.0.1/cb", "http://[::1]:9/cb",'
        ' "https://app.acme.com/cb", "com.acme.app:/oauth"]}',
    ),
    ("unlisted-scope", "json", '{"scope": "msg.consumer"}'),
    # yaml-implicit-number: readers agree on these
    (
        "yaml-implicit-number",
        "yaml",
        "enabled_for_profiles: [03, 0x1F, 10, 1736283510]\ndescription: '1e3'\n"
        'display_name: 2.5\nclient_name: "0755"\n',
    ),
    ("yaml-implicit-number", "json", '{"enabled_for_profiles": [755], "description": "1e3"}'),
    # float-for-integer: where the schema wants no integer, or the number is not whole
    (
        "float-for-integer",
        "json",
        '{"description": 3.0, "enabled_for_profiles": [1.5], "capabilities": {"webhooks": '
        '{"retry": {"retention_time": 3600}}}}',
    ),
    ("unlisted-scope", "json", '{"scope": "faas.lambda.invoke"}'),
    ("unlisted-scope", "yaml", "scope: msg.consumer faas.lambda.invoke\n"),
    # max-retries-without-effect: 0 beside the retention time means something; no retry, no
    # finding; out-of-range values are the schema's.
    (
        "max-retries-without-effect",
        "json",
        '{"capabilities": {"webhooks": {"retry": {"retention_time": 86400},'
        ' "ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://h.acme.com/c",'
        ' "max_retries": 0}}}}',
    ),
    (
        "max-retries-without-effect",
        "json",
        '{"capabilities": {"webhooks": {'
        ' "ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://h.acme.com/c",'
        ' "max_retries": 3}}}}',
    ),
    (
        "max-retries-without-effect",
        "json",
        '{"capabilities": {"webhooks": {"retry": {"retention_time": 1},'
        ' "ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://h.acme.com/c",'
        ' "max_retries": 9}}}}',
    ),
    (
        "table-spelling",
        "json",
        '{"capabilities": {"webhooks": {"cqm.ExConversationChangeNotification": '
        '{"endpoint": "https://x.acme.com"}}, "engagement": {"goal": ["lead"], '
        '"target_audience": ["age"]}}}',
    ),
    ("server-assigned-field", "json", '{"client_name": "com.acme.app", "capabilities": {}}'),
    (
        "reserved-header",
        "json",
        '{"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": '
        '{"endpoint": "https://x.acme.com", "headers": [{"header_name": "X-Acme-LivePerson", '
        '"header_value": "1"}]}}}}',
    ),
    (
        "duplicate-header",
        "json",
        '{"capabilities": {"webhooks": {'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://x.acme.com", '
        '"headers": [{"header_name": "A", "header_value": "1"}]},'
        '"ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "https://x.acme.com", '
        '"headers": [{"header_name": "A", "header_value": "1"}]}}}}',
    ),
    (
        "dev-tunnel-endpoint",
        "json",
        '{"entry_uri": "https://8.8.8.8/launch", "capabilities": {"webhooks": {'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://ngrok.acme.com/x"},'
        '"ms.MessagingEventNotification.ChatStateEvent": {"endpoint": "https://your/hook"}}}}',
    ),
    (
        "invalid-url",
        "json",
        '{"redirect_uris": ["com.acme.app:/oauth"], "entry_uri": "https://app.acme.com/x#/home",'
        ' "logo_uri": "/img/logo.png", "capabilities": {"webhooks": {'
        '"ms.MessagingEventNotification.ContentEvent": {"endpoint": "https://[2001:db8::1]:8443/x?a=1"}}}}',
    ),
    ("insecure-entry-uri", "json", '{"entry_uri": "https://app.acme.com/launch"}'),
    ("yaml-implicit-boolean", "yaml", "quick_launch_enabled: false\ndescription: 'yes'\n"),
    ("byte-order-mark", "json", '{"client_name": "com.acme.app"}'),
    ("client-name-not-reverse-dns", "json", '{"client_name": "com.liveperson.applicationName"}'),
    ("client-name-not-reverse-dns", "json", '{"client_name": "App name"}'),
]


@pytest.mark.parametrize(
    ("rule", "format", "text"), QUIET, ids=[f"{c[0]}-{i}" for i, c in enumerate(QUIET)]
)
def test_rule_is_quiet(rule: str, format, text: str) -> None:
    assert check(text, format, select=rule) == []


def test_answer_rules_are_lint_rules() -> None:
    assert [rule.info.name for rule in ANSWER_RULES] == [
        "placeholder-value",
        "header-injection",
        "invalid-url",
    ]
    assert all(any(rule is lint for lint in LINT_RULES) for rule in ANSWER_RULES)


HOOK = CONTENT  # the ContentEvent webhook's path


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("client_name",), "com.liveperson.MyConnectorApp"),
        (("description",), "TODO"),
        ((*HOOK, "endpoint"), "https://your/webhooks/endpoint"),
        ((*HOOK, "headers"), [{"header_name": "NAME", "header_value": "a\r\nb"}]),
        ((*HOOK, "headers"), [{"header_name": "X a", "header_value": "VALUE"}]),
        ((*HOOK, "endpoint"), "https://hooks.acme.com:99999/lp"),
        (("redirect_uris",), ["javascript:alert(1)", "/callback"]),
        (("entry_uri",), "ftp://tools.acme.com/launch"),
    ],
)
def test_answer_rules_judge_a_value_alone_as_in_a_finished_manifest(
    finished: dict[str, Any], path: tuple[str, ...], value: Any
) -> None:
    """What ANSWER_RULES promise the wizard: their findings at a value's path do not depend
    on the rest of the manifest."""
    alone: Any = value
    for part in reversed(path):
        alone = {part: alone}
    set_path(finished, path, value)

    def said(data: dict[str, Any]) -> list[tuple[str, Any, str]]:
        doc = Context(data_document(data))
        found = [finding for rule in ANSWER_RULES for finding in rule.check(doc)]
        return sorted((f.code, f.path, f.message) for f in found if f.path[: len(path)] == path)

    assert said(alone) == said(finished) != []


def test_placeholder_message_names_each_slot() -> None:
    findings = check(
        '{"redirect_uris": ["http://{DOMAIN}/{CALLBACK_PATH}"]}', select="placeholder-value"
    )
    assert [f.message for f in findings] == [
        "redirect_uris[0] still holds the placeholders '{DOMAIN}' and '{CALLBACK_PATH}'"
    ]
    # The span covers both slots: from the first one to the end of the last one.
    span = findings[0].span
    assert (span.column, span.end_column) == (28, 52)


def test_placeholder_value_never_looks_at_the_secret() -> None:
    text = '{"client_name": "com.acme.app", "client_secret": "{SECRET_FROM_VAULT}"}'
    assert check(text, select="placeholder-value") == []


def test_header_injection_message_shows_the_line_break_inertly() -> None:
    text = (
        '{"capabilities": {"webhooks": {"ms.MessagingEventNotification.ContentEvent": '
        '{"endpoint": "https://x.acme.com", "headers": [{"header_name": "X\\nY", '
        '"header_value": "1"}]}}}}'
    )
    [finding] = check(text, select="header-injection")
    assert finding.message == "header name 'X\\nY' contains a line break or control character"


def test_table_spelling_offers_no_rename_when_both_keys_exist() -> None:
    text = (
        '{"capabilities": {"webhooks": {'
        '"ms.MessagingEventNotification.ExConversationChangeNotification": {"endpoint": "https://a.b.com"},'
        '"cqm.ExConversationChangeNotification": {"endpoint": "https://a.b.com"}}}}'
    )
    [finding] = check(text, select="table-spelling")
    assert finding.fix is None
    assert "both spellings" in (finding.help or "")


def test_rules_need_no_positions_when_quiet() -> None:
    """JSON positions are computed only for findings: a clean file is never scanned."""
    from lpmanifest.check.checker import Checker
    from lpmanifest.rules import LINT_RULES
    from lpmanifest.source.read import load_text

    from .lint_support import GOOD_EXAMPLES

    text = (GOOD_EXAMPLES / "support-connector.json").read_text(encoding="utf-8")
    doc = load_text(text, "m.json")
    assert Checker(rules=LINT_RULES).check(doc) == []
    assert doc._locations is None


def test_severity_comes_from_configuration_not_the_rule() -> None:
    from lpmanifest.check.checker import Checker, Options
    from lpmanifest.source.read import load_text

    doc = load_text('{"client_name": "com.acme.app", "scope": "msg.consumer x"}', "m.json")
    options = Options(severities={"unlisted-scope": Severity.ERROR})
    [finding] = Checker(options, LINT_RULES).check(doc)
    assert (finding.name, finding.severity) == ("unlisted-scope", Severity.ERROR)


# -- no manifest makes a rule crash ---------------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([3.0, 0.0, 1e1])
    | st.text(max_size=12)
    | st.sampled_from(["http://localhost/x", "https://your/x", "{X}", "code", "x-liveperson-a"])
    | st.sampled_from(["010", "1e3", "1:30", "0o17", "1_000", "My First App", "YOUR APP NAME"])
    | st.sampled_from(["faas.lambda.invoke", "msg.consumr faas.lamda.invoke", "token", ""])
    | st.sampled_from(["https://www.application.endpoint.com/", "https://your-domain.com"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    *("header_name", "header_value", "endpoint", "headers", "retry", "x"),
                    *("retention_time", "max_retries", "enabled", "broadcast"),
                ]
            ),
            children,
            max_size=3,
        )
    ),
    max_leaves=8,
)
_PLACES = [
    ("grant_types",),
    ("response_types",),
    ("redirect_uris",),
    ("scope",),
    ("client_name",),
    ("quick_launch_enabled",),
    ("entry_uri",),
    ("enabled_for_profiles",),
    ("capabilities",),
    ("capabilities", "webhooks"),
    (*CONTENT,),
    (*CONTENT, "headers"),
    (*CONTENT, "endpoint"),
    (*WH, "ms.MessagingEventNotification.ExConversationChangeNotification"),
    (*ENG,),
    (*ENG, "goal"),
    ("client_secret",),
    ("id",),
    ("display_name",),
    ("description",),
    ("logo_uri",),
    (*WH, "retry"),
    (*WH, "retry", "retention_time"),
    (*CONTENT, "max_retries"),
    ("capabilities", "broadcast"),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PLACES), _JSON_VALUES), max_size=5), st.booleans())
def test_no_manifest_makes_a_rule_crash(placements, as_yaml: bool) -> None:
    from lpmanifest.check.checker import Checker
    from lpmanifest.fix.apply import fix_document
    from lpmanifest.output.serialize import dump_json, dump_yaml
    from lpmanifest.source.read import load_text

    manifest: dict = {"client_name": "com.acme.app"}
    for path, value in placements:
        node = manifest
        for key in path[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[path[-1]] = value
    text = dump_yaml(manifest) if as_yaml else dump_json(manifest)
    doc = load_text(text, "m.yaml" if as_yaml else "m.json")
    checker = Checker(rules=LINT_RULES)
    for finding in checker.check(doc):
        assert finding.span.line >= 1 and finding.span.column >= 1
        if finding.name in SECOND_EDITION or finding.name == "placeholder-value":
            assert finding.path and finding.help, finding
    result = fix_document(doc, checker)
    assert result.fixed.loaded


def test_severities_are_ordered_by_seriousness_with_every_comparison() -> None:
    info, warning, error = Severity.INFO, Severity.WARNING, Severity.ERROR
    assert info < warning < error and error > warning > info
    assert info <= info <= warning and error >= error >= warning
    assert not warning > error and not error < warning  # as words, "warning" > "error"
    assert sorted([error, info, warning]) == [info, warning, error]
    assert max(Severity) is error and min(Severity) is info
