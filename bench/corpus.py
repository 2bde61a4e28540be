"""Realistic manifests for the benchmark: a fixed seed, varied shapes, about 10% broken.

The valid ones are what integrators really send: a connector with a few webhook events,
some with custom headers and a time-based retry, a web app with the authorization-code
flow, engagement settings with a handful of choices, localized names. The broken ones carry
the mistakes that cost days when LivePerson finds them: `max_retries: 6`, an `http://`
endpoint, a misspelt key or event, a missing engagement field, an over-long description,
`max_retries: "3"`, a value outside an enum.

Only the standard library: `bench/run.py` runs it from any Python 3.10+.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEED = 20240607
BROKEN_SHARE = 0.10

# The events and the engagement choices, from the bundled schema (the one source of them).
_SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "schemas" / "manifest.schema.json").read_text("utf-8")
)
_ENGAGEMENT = _SCHEMA["properties"]["capabilities"]["properties"]["engagement"]["properties"]
EVENTS = [
    event
    for event in _SCHEMA["properties"]["capabilities"]["properties"]["webhooks"]["properties"]
    if event != "retry" and not event.endswith(".ExConversationChangeNotification")
] + ["cqm.ExConversationChangeNotification"]
VISITOR_BEHAVIOR = _ENGAGEMENT["visitor_behavior"]["items"]["enum"]
TARGET_AUDIENCE = _SCHEMA["$defs"]["target_audience_value"]["enum"]
GOAL = _SCHEMA["$defs"]["goal_value"]["enum"]
COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell"]
PRODUCTS = ["support", "sales", "billing", "care", "orders", "bot", "relay", "desk"]
LOCALES = {
    "ja-JP": "サポート連携",
    "de-DE": "Support-Konnektor",
    "fr-FR": "Connecteur",
    "es-419": "Conector",
}


def manifest(rng: random.Random) -> dict[str, Any]:
    """One valid, finished manifest: a connector (most) or a web app."""
    company, product = rng.choice(COMPANIES), rng.choice(PRODUCTS)
    host = f"{company}.example"
    data: dict[str, Any] = {
        "client_name": f"com.{company}.{product}-connector",
        "display_name": f"{company.title()} {product.title()} Connector",
        "description": (
            f"Relays {company.title()}'s {product} chat to Conversational Cloud agents"
            + " and back" * rng.randrange(0, 12)
            + "."
        ),
    }
    for locale in rng.sample(sorted(LOCALES), rng.choice([0, 0, 0, 1, 2])):
        data[f"client_name#{locale}"] = LOCALES[locale]
    if rng.random() < 0.2:  # a web app: the authorization-code flow
        data["grant_types"] = ["authorization_code", "refresh_token"]
        data["response_types"] = ["code"]
        data["redirect_uris"] = [
            f"https://app.{host}/oauth/callback{n}" for n in range(rng.randrange(1, 4))
        ]
        data["scope"] = "msg.consumer"
        data["entry_uri"] = f"https://app.{host}/liveperson/entry"
        data["logo_uri"] = f"https://cdn.{host}/brand/logo-70x70.png"
        return data
    data["grant_types"] = ["client_credentials"]
    data["scope"] = "msg.consumer"
    data["logo_uri"] = f"https://cdn.{host}/brand/{product}-70x70.png"
    webhooks: dict[str, Any] = {}
    for event in rng.sample(EVENTS, rng.randrange(1, len(EVENTS) + 1)):
        hook: dict[str, Any] = {"endpoint": f"https://hooks.{host}/lp/{event.rsplit('.', 1)[-1]}"}
        if rng.random() < 0.6:
            hook["max_retries"] = rng.randrange(0, 6)
        if rng.random() < 0.3:
            hook["headers"] = [
                {"header_name": f"X-{company.title()}-{name}", "header_value": f"{product}-{n}"}
                for n, name in enumerate(rng.sample(["Source", "Tenant", "Region"], 2))
            ]
        webhooks[event] = hook
    if rng.random() < 0.25:
        webhooks["retry"] = {"retention_time": rng.choice([60, 600, 3600, 86400])}
        # With time-based retries a count has no effect; 0 keeps an event out of them.
        for hook in webhooks.values():
            if "max_retries" in hook:
                hook["max_retries"] = 0
    capabilities: dict[str, Any] = {"webhooks": webhooks}
    if rng.random() < 0.5:
        capabilities["engagement"] = {
            "design_engagement": rng.random() < 0.5,
            "design_window": rng.random() < 0.5,
            "entry_point": rng.sample(["section", "url"], rng.randrange(1, 3)),
            "visitor_behavior": rng.sample(VISITOR_BEHAVIOR, rng.randrange(0, 11)),
            "target_audience": rng.sample(TARGET_AUDIENCE, rng.randrange(0, 6)),
            "goal": rng.sample(GOAL, rng.randrange(1, 4)),
            "consumer_identity": rng.sample(["auth", "unauth"], rng.randrange(1, 3)),
            "language_selection": rng.random() < 0.3,
        }
    data["capabilities"] = capabilities
    return data


def _first_hook(data: dict[str, Any]) -> dict[str, Any] | None:
    hooks = data.get("capabilities", {}).get("webhooks", {})
    return next((hook for key, hook in hooks.items() if key != "retry"), None)


def _max_retries_6(data: dict[str, Any], rng: random.Random) -> bool:
    hook = _first_hook(data)
    if hook is None:
        return False
    hook["max_retries"] = 6
    return True


def _http_endpoint(data: dict[str, Any], rng: random.Random) -> bool:
    hook = _first_hook(data)
    if hook is None:
        return False
    hook["endpoint"] = hook["endpoint"].replace("https://", "http://")
    return True


def _retries_as_text(data: dict[str, Any], rng: random.Random) -> bool:
    hook = _first_hook(data)
    if hook is None:
        return False
    hook["max_retries"] = "3"
    return True


def _misspelt_key(data: dict[str, Any], rng: random.Random) -> bool:
    data["dispaly_name"] = data.pop("display_name")
    return True


def _misspelt_event(data: dict[str, Any], rng: random.Random) -> bool:
    hooks = data.get("capabilities", {}).get("webhooks")
    if not hooks or EVENTS[0] in hooks:
        return False
    hooks["ms.MessagingEventNotification.ContentEvnet"] = {"endpoint": "https://h.example/c"}
    return True


def _missing_engagement_field(data: dict[str, Any], rng: random.Random) -> bool:
    engagement = data.get("capabilities", {}).get("engagement")
    if engagement is None:
        return False
    del engagement[rng.choice(sorted(engagement))]
    return True


def _description_too_long(data: dict[str, Any], rng: random.Random) -> bool:
    data["description"] = (data["description"] + " ") * 8
    return len(data["description"]) > 256


def _bad_goal(data: dict[str, Any], rng: random.Random) -> bool:
    engagement = data.get("capabilities", {}).get("engagement")
    if engagement is None:
        return False
    engagement["goal"] = ["sales"]
    return True


MISTAKES: list[Callable[[dict[str, Any], random.Random], bool]] = [
    _max_retries_6,
    _http_endpoint,
    _retries_as_text,
    _misspelt_key,
    _misspelt_event,
    _missing_engagement_field,
    _description_too_long,
    _bad_goal,
]


def generate(count: int, seed: int = SEED) -> list[tuple[dict[str, Any], bool]]:
    """`count` manifests and whether each is broken; the same seed gives the same list."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        data = manifest(rng)
        broken = rng.random() < BROKEN_SHARE
        if broken:
            # Try mistakes until one applies to this manifest's shape.
            while not rng.choice(MISTAKES)(data, rng):
                pass
        result.append((data, broken))
    return result


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_yaml(data: Any, indent: str = "", comment: str | None = None) -> str:
    """Block YAML as people write it by hand, with comments; no PyYAML needed."""
    lines = [f"{indent}# {comment}"] if comment else []
    for key, value in data.items():
        lines.extend(_yaml_entry(f"{indent}{_yaml_scalar(key)}:", value, indent))
    return "\n".join(lines) + "\n"


def _yaml_entry(head: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, dict):
        if not value:
            return [f"{head} {{}}"]
        return [head, to_yaml(value, indent + "  ").rstrip("\n")]
    if isinstance(value, list):
        if not value:
            return [f"{head} []"]
        if all(not isinstance(item, (dict, list)) for item in value) and len(value) <= 3:
            return [f"{head} [{', '.join(_yaml_scalar(item) for item in value)}]"]
        lines = [head]
        for item in value:
            if isinstance(item, dict):
                body = to_yaml(item, indent + "    ").rstrip("\n")
                lines.append(f"{indent}  - " + body[len(indent) + 4 :])
            else:
                lines.append(f"{indent}  - {_yaml_scalar(item)}")
        return lines
    return [f"{head} {_yaml_scalar(value)}"]


_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _yaml_scalar(value: Any) -> str:
    """Plain where YAML reads the text back unchanged, double-quoted elsewhere."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    plain = (
        text[:1].isalpha()
        and text == text.strip()
        and text.isprintable()
        and text.lower() not in _YAML_WORDS
        and ": " not in text
        and " #" not in text
        and not any(char in text for char in ',[]{}"')
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def write_corpus(directory: Path, count: int, fmt: str, seed: int = SEED) -> int:
    """Write `count` manifests as m00000.json (or .yaml); returns how many are broken."""
    directory.mkdir(parents=True, exist_ok=True)
    broken_count = 0
    for index, (data, broken) in enumerate(generate(count, seed)):
        broken_count += broken
        if fmt == "json":
            text = to_json(data)
        else:
            text = to_yaml(data, comment=f"{data.get('display_name', 'connector')}: kept in git")
        (directory / f"m{index:05d}.{fmt}").write_text(text, encoding="utf-8")
    return broken_count
