"""lpmanifest's verdict on every manifest of LivePerson's pages and sample apps.

The files are in `tests/examples/liveperson/`, exactly as their sources show them, each with
its source in `SOURCES.md`. LivePerson's own patterns draw nothing; its sample text is caught
at its line; what LivePerson later corrected (a string for `response_types`, an `implicit`
grant) is still an error. Filled in with real values, every template passes.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from lpmanifest.api import validate_data, validate_file, validate_text
from lpmanifest.findings.model import Finding, JsonPath, Severity
from lpmanifest.rules.placeholder_value import placeholders

LIVEPERSON = Path(__file__).resolve().parent / "examples" / "liveperson"

# file: (lines of placeholder-value findings, [(other finding, line), ...])
VERDICTS: dict[str, tuple[list[int], list[tuple[str, int]]]] = {
    # Templates with broken JSON: one located syntax error each.
    "dc-connector-template-2018-04-26a-invalid-json.json": ([], [("syntax-error", 17)]),
    "dc-connector-template-2018-04-26b-invalid-json.json": ([], [("syntax-error", 23)]),
    "dc-webhooks-configuration-2018-04-type-placeholders.json": ([], [("syntax-error", 2)]),
    "dc-webhooks-configuration-2018-app-name-elided.json": ([], [("syntax-error", 5)]),
    # The Connector API template: names, endpoints and the NAME/VALUE headers.
    "dc-connector-template-app-name.json": ([2, 3, 12, 16, 20, 24, 27], []),
    "dc-connector-template-app-name-with-headers.json": (
        [2, 3, 12, 14, 14, 17, 19, 19, 22, 26, 29],
        [],
    ),
    "lp-devassist-connectors-manifest-example.json": ([2, 3, 11, 15, 19, 23, 27], []),
    # The applications page: client_credentials with ["code"] and quick launch without
    # profiles are LivePerson's own; the plain http:// redirect is worth a warning.
    "dc-leappcreation-custom-connector-example.json": (
        [2, 3, 4, 10, 15, 19, 21, 21, 24, 26, 26, 29, 33, 36],
        [("insecure-redirect-uri", 10)],
    ),
    "dc-leappcreation-web-application-example.json": (
        [2, 3, 6, 12],
        [("insecure-redirect-uri", 12)],
    ),
    "dc-leappcreation-my-first-le-app.json": ([2, 3, 8, 14, 16, 16, 19, 21, 21, 24, 28, 31], []),
    "fork-wrijpkema-private-app-sample-schema.json": (
        [2, 3, 8, 12, 17, 19, 19, 22, 24, 24, 27, 31, 34],
        [],
    ),
    # What LivePerson corrected later stays an error.
    "dc-leappcreation-my-first-le-app-response-types-string.json": (
        [2, 3, 8, 14, 16, 16, 19, 21, 21, 24, 28, 31],
        [("wrong-type", 7)],
    ),
    "dc-leappcreation-2018-06-12-authorization-code.json": (
        [2, 3, 8, 14, 16, 16, 19, 21, 21, 24, 28, 31],
        [("wrong-type", 7)],
    ),
    "dc-leappcreation-2018-06-12-implicit.json": (
        [2, 3, 8, 14, 16, 16, 19, 21, 21, 24, 28, 31],
        [("invalid-value", 5), ("wrong-type", 7)],
    ),
    "dc-faas-client-credentials-2019-05-28-code-token.json": (
        [2, 3],
        [("refresh-token-without-authorization-code", 6), ("wrong-type", 8)],
    ),
    # LivePerson Functions: faas.lambda.invoke, client_credentials with ["token"].
    "dc-faas-client-credentials-my-first-app.json": ([2, 3], []),
    "dc-functions-external-invocation-client-credentials.json": ([2, 3], []),
    "dc-functions-external-invocation-authorization-code.json": (
        [2, 3, 10],
        [("insecure-redirect-uri", 10)],
    ),
    # Sentinel's examples.
    "dc-sentinel-authorization-code-yourappname.json": ([1, 7], [("insecure-redirect-uri", 7)]),
    "dc-sentinel-2018-08-05-no-client-name.json": (
        [7],
        [("missing-key", 1), ("insecure-redirect-uri", 7)],
    ),
    # Webhooks and retry pages: the sample host is caught; max_retries 0 beside the
    # retention time is meaningful, 1 has no effect.
    "dc-webhooks-configuration-example.json": ([2, 7, 11, 14, 17], []),
    "dc-retry-policy-1-numbers.json": ([2, 6, 10], []),
    "dc-retry-policy-2-time-to-live.json": ([2, 9, 12], []),
    "dc-retry-policy-3-ttl-precedence-over-max-retries.json": (
        [2, 9, 13],
        [("max-retries-without-effect", 10)],
    ),
    "dc-retry-policy-4-ttl-with-max-retries-0.json": ([2, 9, 13], []),
    # Integrators' templates.
    "google-agent-assist-integrations-liveperson-manifest.json": ([6, 13], []),
    "donmanguno-connector_api-listener-manifest.json": (
        [8, 12, 16, 20, 24],
        [("client-name-not-reverse-dns", 2)],
    ),
    # An installation as LivePerson's API returns it: what it assigns is to be removed,
    # capabilities.broadcast included; the secret is an error.
    "lp-demo-app-connector-api-mock-appInstallation.json": (
        [2, 3, 58, 62, 66, 70, 74],
        [
            ("server-assigned-field", 80),
            ("server-assigned-field", 84),
            ("server-assigned-field", 85),
            ("server-assigned-field", 86),
            ("secret-in-manifest", 87),
            ("server-assigned-field", 88),
            ("server-assigned-field", 89),
        ],
    ),
}

# The templates that LivePerson still shows (or showed) without other mistakes.
TEMPLATES = [
    "dc-connector-template-app-name.json",
    "dc-connector-template-app-name-with-headers.json",
    "lp-devassist-connectors-manifest-example.json",
    "dc-leappcreation-custom-connector-example.json",
    "dc-leappcreation-web-application-example.json",
    "dc-leappcreation-my-first-le-app.json",
    "fork-wrijpkema-private-app-sample-schema.json",
    "dc-faas-client-credentials-my-first-app.json",
    "dc-functions-external-invocation-client-credentials.json",
    "dc-functions-external-invocation-authorization-code.json",
    "dc-sentinel-authorization-code-yourappname.json",
    "dc-webhooks-configuration-example.json",
    "dc-retry-policy-1-numbers.json",
    "dc-retry-policy-2-time-to-live.json",
    "dc-retry-policy-4-ttl-with-max-retries-0.json",
    "google-agent-assist-integrations-liveperson-manifest.json",
    "donmanguno-connector_api-listener-manifest.json",
]


def test_every_file_has_its_source_and_a_verdict() -> None:
    files = {path.name for path in LIVEPERSON.iterdir() if path.suffix == ".json"}
    sources = set(re.findall(r"^\| `([^`]+\.json)`", (LIVEPERSON / "SOURCES.md").read_text(), re.M))
    assert files == sources
    assert files == set(VERDICTS)


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_verdict(name: str) -> None:
    findings = validate_file(LIVEPERSON / name)
    placeholder_lines, others = VERDICTS[name]
    assert [f.span.line for f in findings if f.name == "placeholder-value"] == placeholder_lines
    assert [(f.name, f.span.line) for f in findings if f.name != "placeholder-value"] == others


# -- the templates, filled in ------------------------------------------------------------------

_URL_KEYS = frozenset({"endpoint", "entry_uri", "logo_uri"})


def _real_value(path: JsonPath, value: str) -> str:
    """What an integrator writes in place of the template text in `value`."""
    key = path[-1]
    if key == "client_name":
        return "com.acme.order-assistant"
    if isinstance(key, str) and key.startswith("client_name#"):
        return "Acme Assistant"
    if key == "display_name":
        return "Acme Order Assistant"
    if key == "description":
        return "Answers order questions for Acme's customers and hands over to agents."
    if key == "header_name":
        return "X-Acme-Source"
    if key == "header_value":
        return "liveperson"
    is_url = key in _URL_KEYS or (len(path) > 1 and path[-2] == "redirect_uris")
    pieces = placeholders(value, key)
    if is_url and len(pieces) == 1 and pieces[0][2] == value.strip():
        return "https://hooks.acme.com/liveperson"
    filled = value
    for start, end, _ in reversed(pieces):
        if start == 0 and is_url:
            piece = "https://app.acme.com"  # a slot for the whole base URL
        elif filled[:start].endswith("://"):
            piece = "app.acme.com"
        else:
            piece = "callback"
        filled = filled[:start] + piece + filled[end:]
    return filled


def _set(data: Any, path: JsonPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        data = data[part]
    return data


def filled_in(data: dict[str, Any]) -> dict[str, Any]:
    """The template with every piece of template text replaced by a real value."""
    filled = copy.deepcopy(data)
    for finding in validate_data(filled, select=["placeholder-value"]):
        _set(filled, finding.path, _real_value(finding.path, _get(filled, finding.path)))
    return filled


def serious(findings: list[Finding]) -> list[tuple[str, JsonPath]]:
    return [(f.name, f.path) for f in findings if f.severity is not Severity.INFO]


@pytest.mark.parametrize("name", TEMPLATES)
def test_filled_in_a_template_passes(name: str) -> None:
    data = json.loads((LIVEPERSON / name).read_text(encoding="utf-8"))
    filled = filled_in(data)
    assert filled != data
    remaining = serious(validate_data(filled))
    # Only the plain http:// of LivePerson's redirect templates is left to the author.
    assert all(rule == "insecure-redirect-uri" for rule, _ in remaining), remaining
    for _, path in remaining:
        _set(filled, path, _get(filled, path).replace("http://", "https://", 1))
    assert serious(validate_data(filled)) == []


def test_functions_client_credentials_template_with_real_names_passes() -> None:
    text = (LIVEPERSON / "dc-functions-external-invocation-client-credentials.json").read_text()
    text = text.replace("YOUR APP NAME", "com.acme.functions-caller").replace(
        "A short description", "Calls Acme's LivePerson Functions from the order service."
    )
    assert validate_text(text, "m.json") == []


def test_functions_template_with_a_misspelt_scope_still_warns() -> None:
    text = (LIVEPERSON / "dc-functions-external-invocation-client-credentials.json").read_text()
    text = text.replace("YOUR APP NAME", "com.acme.functions-caller").replace(
        "A short description", "Calls Acme's LivePerson Functions."
    )
    [finding] = validate_text(text.replace("faas.lambda.invoke", "faas.lamda.invoke"), "m.json")
    assert (finding.name, finding.severity, finding.span.line) == (
        "unlisted-scope",
        Severity.WARNING,
        8,
    )
    assert finding.help is not None and "did you mean 'faas.lambda.invoke'?" in finding.help


def test_the_custom_connector_example_gives_only_its_placeholders_and_the_redirect() -> None:
    findings = validate_file(LIVEPERSON / "dc-leappcreation-custom-connector-example.json")
    assert {f.name for f in findings} == {"placeholder-value", "insecure-redirect-uri"}
    assert [f.span.line for f in findings if f.name == "insecure-redirect-uri"] == [10]


def test_messages_name_what_was_copied() -> None:
    messages = {
        f.message
        for name in (
            "dc-functions-external-invocation-client-credentials.json",
            "dc-retry-policy-2-time-to-live.json",
        )
        for f in validate_file(LIVEPERSON / name)
    }
    assert (
        "client_name is still the sample value 'YOUR APP NAME' of LivePerson Functions' "
        "external-invocation templates" in messages
    )
    assert (
        "endpoint still points at www.application.endpoint.com, the sample host of "
        "LivePerson's webhooks configuration and Retry Policy pages" in messages
    )
