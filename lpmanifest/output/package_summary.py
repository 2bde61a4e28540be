"""`SUMMARY.md`: what a package asks LivePerson to install, in words, for the people who install
it: the application and its names, the access it asks for, its webhooks, engagement and
quick launch settings, and what lpmanifest's checks left to say.

Labels are the bundled schema's titles, so a key is named here as the schema and the editors
name it; what a grant type, a scope or an event means is said in the words below. Every value
from the manifest goes through `output.markdown` (prose escaped, literals as code spans), and
no header value or secret is ever shown. The data has passed the checks, but configuration
may have let a wrong type through as a warning: every value is looked at before it is used,
and anything unexpected is shown as what it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from lpmanifest.findings.model import Finding, JsonPath, Severity
from lpmanifest.findings.wording import plural
from lpmanifest.manifest import ENGAGEMENT, LOCALIZED_NAME, WEBHOOKS
from lpmanifest.output.markdown import code, text
from lpmanifest.output.redact import MASK

SUMMARY_FILE = "SUMMARY.md"
SUMS_FILE = "SHA256SUMS"

GRANT_TYPES = {
    "client_credentials": "server to server: the application's own server gets access tokens "
    "with its client ID and secret, without a person signing in",
    "authorization_code": "a person signs in: LivePerson sends an authorization code to one of "
    "the redirect URIs, and the application exchanges it for an access token",
    "refresh_token": "the application renews an access token without asking the person to "
    "sign in again",
}
SCOPES = {
    "msg.consumer": "messaging as the consumer: the application opens conversations and sends "
    "and receives messages on the consumer's side",
    "faas.lambda.invoke": "LivePerson Functions: the application invokes the account's "
    "functions from outside Conversational Cloud",
}
_CONVERSATION = "a conversation opens, changes (its participants, skill or state) or closes"
EVENTS = {
    "ms.MessagingEventNotification.ContentEvent": "a message is sent in a conversation, by "
    "the consumer or an agent",
    "ms.MessagingEventNotification.RichContentEvent": "a rich (structured content) message is "
    "sent in a conversation",
    "ms.MessagingEventNotification.AcceptStatusEvent": "a message is accepted or read: its "
    "delivery status changes",
    "ms.MessagingEventNotification.ChatStateEvent": "a participant's chat state changes: "
    "typing, paused, active or away",
    "cqm.ExConversationChangeNotification": _CONVERSATION,
    "ms.MessagingEventNotification.ExConversationChangeNotification": _CONVERSATION,
}
RETRY = "retry"
COUNT_RETRY_GAP = "30 seconds"  # LivePerson's gap between retries based on numbers


def summary(
    data: Mapping[str, Any],
    *,
    manifest: str,
    source: str,
    findings: Sequence[Finding],
    fail_on: Severity,
    version: str,
) -> str:
    """The text of SUMMARY.md for a manifest's `data`, packaged as the file `manifest` from
    the file named `source` (a name, never a path: the package leaves the machine)."""
    sections = (
        _heading(data, manifest, source, version),
        _application(data),
        _access(data),
        _webhooks(data),
        _engagement(data),
        _quick_launch(data),
        _checks(findings, fail_on, version),
    )
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


# -- the sections -----------------------------------------------------------------------


def _heading(data: Mapping[str, Any], manifest: str, source: str, version: str) -> list[str]:
    name = _string(data.get("display_name")) or _string(data.get("client_name"))
    client = data.get("client_name")
    who = _literal(client) if client is not None else "An application without a client name"
    return [
        f"# {text(name) if name else 'Unnamed application'}",
        "",
        f"{who}, packaged for LivePerson's Account Management by lpmanifest {text(version)} "
        f"from {code(source)}.",
        "",
        f"- {code(manifest)}: the manifest to install",
        f"- {code(SUMMARY_FILE)}: this summary",
        f"- {code(SUMS_FILE)}: the SHA-256 checksum of each; check them with "
        f"{code(f'sha256sum -c {SUMS_FILE}')}",
    ]


def _application(data: Mapping[str, Any]) -> list[str]:
    lines = ["## Application", ""]
    lines.append(f"- {_title(('client_name',))}: {_literal(data.get('client_name'))}")
    for key in ("display_name", "description"):
        lines.append(f"- {_title((key,))}: {_prose(data.get(key))}")
    localized = [(key, value) for key, value in data.items() if key.startswith(LOCALIZED_NAME)]
    label = "Localized client names"
    if not localized:
        lines.append(f"- {label}: none")
    else:
        lines.append(f"- {label}:")
        for key, value in localized:
            lines.append(f"  - {code(key[len(LOCALIZED_NAME) :])}: {_prose(value)}")
    lines.append(f"- {_title(('logo_uri',))}: {_literal(data.get('logo_uri'))}")
    if "enabled" in data:
        lines.append(f"- {_title(('enabled',))}: {_literal(data['enabled'])}")
    return lines


def _access(data: Mapping[str, Any]) -> list[str]:
    lines = ["## What it asks for", ""]
    grants = data.get("grant_types")
    redirects = data.get("redirect_uris")
    if grants is None or grants == []:
        lines.append("- Grant types: none (the application gets no access tokens)")
    elif not isinstance(grants, list):
        lines.append(f"- {_title(('grant_types',))}: {_literal(grants)}")
    else:
        for grant in grants:
            words = GRANT_TYPES.get(grant) if isinstance(grant, str) else None
            said = words or "a grant type LivePerson does not support"
            lines.append(f"- Grant type {_literal(grant)}: {said}")
            if grant == "authorization_code":
                lines.extend(_redirect_uris(redirects, indent="  "))
    if redirects is not None and "authorization_code" not in _items(grants):
        lines.extend(_redirect_uris(redirects, indent="", unused=True))
    if "response_types" in data:
        lines.append(f"- {_title(('response_types',))}: {_literal(data['response_types'])}")
    scope = data.get("scope")
    if isinstance(scope, str) and scope.split():
        for value in scope.split():
            said = SCOPES.get(value, "a scope LivePerson does not document")
            lines.append(f"- Scope {code(value)}: {said}")
    else:
        lines.append(f"- {_title(('scope',))}: {_literal(scope)}")
    return lines


def _redirect_uris(redirects: Any, indent: str, unused: bool = False) -> Iterator[str]:
    label = _title(("redirect_uris",))
    if unused:
        label += " (no authorization_code grant sends a code to them)"
    if not isinstance(redirects, list) or not redirects:
        yield f"{indent}- {label}: {_literal(redirects) if redirects is not None else 'none'}"
        return
    yield f"{indent}- {label}:"
    for uri in redirects:
        yield f"{indent}  - {_literal(uri)}"


def _webhooks(data: Mapping[str, Any]) -> list[str]:
    lines = ["## Webhooks", ""]
    webhooks = _mapping(data, WEBHOOKS)
    events = [(key, value) for key, value in (webhooks or {}).items() if key != RETRY]
    retry = (webhooks or {}).get(RETRY)
    if not events:
        lines.append("None: LivePerson sends this application no notifications.")
        if retry is not None:
            lines.append("")
    else:
        lines.append("LivePerson notifies each endpoint when its event happens.")
        lines.append("")
    retention = retry.get("retention_time") if isinstance(retry, dict) else None
    seconds = retention if isinstance(retention, int) and not isinstance(retention, bool) else None
    for key, webhook in events:
        said = EVENTS.get(key, "an event LivePerson does not document")
        lines.append(f"- {code(key)}: {said}")
        if not isinstance(webhook, dict):
            lines.append(f"  - Settings: {_literal(webhook)}")
            continue
        lines.append(f"  - Endpoint: {_literal(webhook.get('endpoint'))}")
        lines.append(f"  - Retries: {_retries(webhook.get('max_retries', None), seconds)}")
        if "headers" in webhook:
            lines.append(f"  - Headers: {_headers(webhook['headers'])}")
    if retry is None:
        if events:
            lines.append("- Retry policy: none (each webhook's max_retries says how it retries)")
    elif seconds is not None:
        lines.append(
            f"- Retry policy: failed notifications are kept and retried for {_duration(seconds)}, "
            "with growing gaps at most 5 minutes apart"
        )
    else:
        lines.append(f"- Retry policy: {_literal(retry)}")
    return lines


def _retries(count: Any, retention: int | None) -> str:
    number = count if isinstance(count, int) and not isinstance(count, bool) else None
    if retention is not None:
        if number == 0:
            return "none: max_retries 0 keeps its failures out of the retry policy"
        policy = f"for up to {_duration(retention)}, by the retry policy"
        if number is not None and number > 0:
            return f"{policy} (its max_retries of {number} has no effect beside it)"
        return policy if count is None else f"{policy} (max_retries {_literal(count)})"
    if count is None:
        return "none (max_retries is not set; the default is 0)"
    if number == 0:
        return "none (max_retries 0)"
    if number is not None and number > 0:
        return f"up to {number}, {COUNT_RETRY_GAP} apart"
    return f"max_retries {_literal(count)}"


def _headers(headers: Any) -> str:
    """Each header's name with its value masked, as a secret's is: a header value is often
    a credential (an API key, a bearer token)."""
    if not isinstance(headers, list) or not headers:
        return _literal(headers) if headers != [] else "none"
    shown = []
    for header in headers:
        name = header.get("header_name") if isinstance(header, dict) else None
        shown.append(code(f"{name}: {MASK}") if isinstance(name, str) else _literal(header))
    return ", ".join(shown) + " (values masked)"


def _engagement(data: Mapping[str, Any]) -> list[str]:
    lines = ["## Engagement", ""]
    engagement = _mapping(data, ENGAGEMENT)
    if engagement is None:
        lines.append("None: the application takes no part in creating engagements.")
        return lines
    for key, value in engagement.items():
        lines.append(f"- {_title((*ENGAGEMENT, key))}: {_literal(value)}")
    if not engagement:
        lines.append("None set.")
    return lines


def _quick_launch(data: Mapping[str, Any]) -> list[str]:
    lines = ["## Quick launch", ""]
    enabled = data.get("quick_launch_enabled")
    label = _title(("quick_launch_enabled",))
    if enabled is True:
        said = "yes: agents find the application in their quick launch menu, which opens its "
        said += "entry URI"
    elif enabled is None:
        said = "no (not set; the default is false)"
    else:
        said = _literal(enabled)
    lines.append(f"- {label}: {said}")
    lines.append(f"- {_title(('entry_uri',))}: {_literal(data.get('entry_uri'))}")
    if "enabled_for_profiles" in data:
        profiles = data["enabled_for_profiles"]
        lines.append(f"- {_title(('enabled_for_profiles',))}: {_literal(profiles)}")
    return lines


def _checks(findings: Sequence[Finding], fail_on: Severity, version: str) -> list[str]:
    checked = (
        f"lpmanifest {text(version)} checked the manifest against the schema and the lint "
        f"rules ({code(f'--fail-on {fail_on.value}')})"
    )
    lines = ["## Checks", ""]
    if not findings:
        lines.append(f"{checked}: no findings.")
        return lines
    lines.append(f"{checked}: {plural(len(findings), 'finding')}, all below {fail_on.value}.")
    lines.append("")
    for finding in findings:
        lines.append(
            f"- line {finding.span.line}: {finding.severity.value} {finding.code} "
            f"({finding.name}) {text(finding.message)}"
        )
    return lines


# -- values -----------------------------------------------------------------------------


def _title(path: JsonPath) -> str:
    """The schema's title for the key at `path`, or the key itself as code."""
    from lpmanifest.schema import load_schema, property_schema

    node = property_schema(load_schema(), path)
    title = node.get("title") if isinstance(node, dict) else None
    return title if isinstance(title, str) else code(str(path[-1]))


def _mapping(data: Mapping[str, Any], path: JsonPath) -> dict[str, Any] | None:
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _prose(value: Any) -> str:
    """Free text (a description, a name): escaped Markdown; anything else as a literal."""
    if isinstance(value, str):
        return text(value) if value else "(empty)"
    return _literal(value)


def _literal(value: Any) -> str:
    """A value as it is in the manifest: a string as code, a boolean as yes or no."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return code(value)
    if isinstance(value, (int, float)):
        return code(repr(value))
    if isinstance(value, list):
        return ", ".join(_literal(item) for item in value) if value else "none"
    return "an object"


def _duration(seconds: int) -> str:
    """`3600 seconds (1 hour)`: a retention time in the units people count in."""
    said = f"{seconds:,} second{'' if seconds == 1 else 's'}"
    if seconds < 60:
        return said
    hours, rest = divmod(seconds, 3600)
    minutes, rest = divmod(rest, 60)
    parts = [
        plural(count, unit)
        for count, unit in ((hours, "hour"), (minutes, "minute"), (rest, "second"))
        if count
    ]
    return f"{said} ({' '.join(parts)})"
