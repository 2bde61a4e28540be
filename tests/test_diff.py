"""`lpmanifest diff OLD NEW`: changes in manifest terms, classed, masked, in three formats.

The command runs in this process (`run_cli`), on realistic manifests (conftest's FINISHED)
written as the files a team keeps; the comparison itself is also called directly, as other
code may call it.
"""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.diff.change import Change, ChangeKind, Effect
from lpmanifest.diff.compare import compare

from .conftest import CONTENT, EXAMPLES, FINISHED, ROOT, dump
from .fuzz_harness import assert_inert
from .lint_support import Run, run_cli

LIVEPERSON = Path(__file__).parent / "examples" / "liveperson"
CONVERSATION = "cqm.ExConversationChangeNotification"
TABLE_CONVERSATION = "ms.MessagingEventNotification.ExConversationChangeNotification"
SERVER_ASSIGNED = {
    "id": "75588e18-0213-4e33-8174-883acac7e3c4",
    "client_id": "75588e18-0213-4e33-8174-883acac7e3c4",
    "client_id_issued_at": 1700000000,
    "client_secret_expires_at": 0,
    "deleted": False,
}


def manifest() -> dict[str, Any]:
    return copy.deepcopy(FINISHED)


def reordered(value: Any) -> Any:
    """The same manifest with every object's keys and every array's items in reverse order."""
    if isinstance(value, dict):
        return {key: reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reordered(item) for item in reversed(value)]
    return value


def downloaded(data: dict[str, Any]) -> dict[str, Any]:
    """`data` as LivePerson's installation API returns it: server-assigned fields added."""
    copied = {**copy.deepcopy(data), **SERVER_ASSIGNED}
    copied["capabilities"]["broadcast"] = {"enabled": False}
    return copied


def write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(dump(data, "yaml" if name.endswith((".yaml", ".yml")) else "json"))
    return path


def diff(folder: Path, old: Any, new: Any, *options: str, new_name: str = "new.yaml") -> Run:
    write(folder, "old.json", old)
    write(folder, new_name, new)
    return run_cli("diff", "old.json", new_name, *options, cwd=folder)


# -- equal ------------------------------------------------------------------------------
def test_a_manifest_equals_its_yaml_conversion_reordered_and_downloaded(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    converted = run_cli("convert", "old.json", "-o", "converted.yaml", cwd=tmp_path)
    assert converted.code == 0, converted.err
    from lpmanifest.source.read import load_file

    yaml_data = load_file(str(tmp_path / "converted.yaml")).data
    write(tmp_path, "new.yaml", downloaded(reordered(yaml_data)))
    assert "id: 75588e18" in (tmp_path / "new.yaml").read_text()  # YAML, with the fields

    result = run_cli("diff", "old.json", "new.yaml", cwd=tmp_path)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "old.json → new.yaml: no difference in manifest terms\n"
        "\n"
        "6 changes to server-assigned fields not shown (--show-server-fields shows them)\n"
    )

    as_json = json.loads(run_cli("diff", "old.json", "new.yaml", "-f", "json", cwd=tmp_path).out)
    assert (as_json["equal"], as_json["server_fields"]) == (
        True,
        {"shown": False, "hidden_changes": 6},
    )
    markdown = run_cli("diff", "old.json", "new.yaml", "-f", "markdown", cwd=tmp_path).out
    assert markdown.endswith(
        "\n\n_6 changes to server-assigned fields not shown (--show-server-fields shows them)._\n"
    )

    shown = run_cli("diff", "old.json", "new.yaml", "--show-server-fields", cwd=tmp_path)
    assert (shown.code, shown.err) == (1, "")
    assert shown.out == (
        "old.json → new.yaml: 6 changes\n"
        "\n"
        "Other (6)\n"
        '  + capabilities.broadcast: server-assigned field added: {"enabled": false}\n'
        "  + client_id: server-assigned field added: '75588e18-0213-4e33-8174-883acac7e3c4'\n"
        "  + client_id_issued_at: server-assigned field added: 1700000000\n"
        "  + client_secret_expires_at: server-assigned field added: 0\n"
        "  + deleted: server-assigned field added: false\n"
        "  + id: server-assigned field added: '75588e18-0213-4e33-8174-883acac7e3c4'\n"
    )


def test_a_manifest_equals_itself_in_every_format(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    write(tmp_path, "same.yaml", manifest())
    text = run_cli("diff", "old.json", "same.yaml", cwd=tmp_path)
    assert (text.code, text.out) == (0, "old.json → same.yaml: no difference in manifest terms\n")
    as_json = run_cli("diff", "old.json", "same.yaml", "--format", "json", cwd=tmp_path)
    assert as_json.code == 0
    assert json.loads(as_json.out) == {
        "version": 1,
        "old": "old.json",
        "new": "same.yaml",
        "equal": True,
        "server_fields": {"shown": False, "hidden_changes": 0},
        "counts": dict.fromkeys(
            [
                "stops-notifications",
                "widens-access",
                "narrows-access",
                "changes-delivery",
                "cosmetic",
                "other",
            ],
            0,
        ),
        "changes": [],
    }
    markdown = run_cli("diff", "old.json", "same.yaml", "-f", "markdown", cwd=tmp_path)
    assert (markdown.code, markdown.out) == (
        0,
        "## lpmanifest diff: no difference\n"
        "\n"
        "`old.json` → `same.yaml`: no difference in manifest terms.\n",
    )


# -- an event removed, an endpoint changed, a grant added -------------------------------
def changed_manifest() -> dict[str, Any]:
    data = manifest()
    hooks = data["capabilities"]["webhooks"]
    del hooks[CONVERSATION]
    hooks[CONTENT]["endpoint"] = "https://hooks.acme.example/liveperson/v2/content"
    data["grant_types"].append("authorization_code")
    return data


REMOVED_EVENT = f'capabilities.webhooks["{CONVERSATION}"]'
ENDPOINT = f'capabilities.webhooks["{CONTENT}"].endpoint'
OLD_ENDPOINT = "https://hooks.acme.example/liveperson/content"
NEW_ENDPOINT = "https://hooks.acme.example/liveperson/v2/content"


def test_changes_named_and_classed_in_text(tmp_path: Path) -> None:
    result = diff(tmp_path, manifest(), changed_manifest())
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "old.json → new.yaml: 3 changes\n"
        "\n"
        "Stops notifications (2)\n"
        f"  - {REMOVED_EVENT}: event removed: "
        '{"endpoint": "https://hooks.acme.example/liveperson/conversation"}\n'
        f"  ~ {ENDPOINT}: endpoint changed: '{OLD_ENDPOINT}' → '{NEW_ENDPOINT}'\n"
        "\n"
        "Widens access (1)\n"
        "  + grant_types: grant type added: 'authorization_code'\n"
    )


def test_changes_in_json_have_a_stable_shape(tmp_path: Path) -> None:
    result = diff(tmp_path, manifest(), changed_manifest(), "--format", "json")
    assert (result.code, result.err) == (1, "")
    assert result.out.isascii()  # every character outside ASCII escaped, controls included
    assert json.loads(result.out) == {
        "version": 1,
        "old": "old.json",
        "new": "new.yaml",
        "equal": False,
        "server_fields": {"shown": False, "hidden_changes": 0},
        "counts": {
            "stops-notifications": 2,
            "widens-access": 1,
            "narrows-access": 0,
            "changes-delivery": 0,
            "cosmetic": 0,
            "other": 0,
        },
        "changes": [
            {
                "path": REMOVED_EVENT,
                "kind": "removed",
                "effect": "stops-notifications",
                "summary": "event removed",
                "description": "event removed: "
                '{"endpoint": "https://hooks.acme.example/liveperson/conversation"}',
                "masked": False,
                "old": {"endpoint": "https://hooks.acme.example/liveperson/conversation"},
            },
            {
                "path": ENDPOINT,
                "kind": "changed",
                "effect": "stops-notifications",
                "summary": "endpoint changed",
                "description": f"endpoint changed: '{OLD_ENDPOINT}' → '{NEW_ENDPOINT}'",
                "masked": False,
                "old": OLD_ENDPOINT,
                "new": NEW_ENDPOINT,
            },
            {
                "path": "grant_types",
                "kind": "added",
                "effect": "widens-access",
                "summary": "grant type added",
                "description": "grant type added: 'authorization_code'",
                "masked": False,
                "new": "authorization_code",
            },
        ],
    }


def test_changes_in_markdown_a_table_per_class(tmp_path: Path) -> None:
    result = diff(tmp_path, manifest(), changed_manifest(), "--format", "markdown")
    assert (result.code, result.err) == (1, "")
    conversation = '`{"endpoint": "https://hooks.acme.example/liveperson/conversation"}`'
    assert result.out == (
        "## lpmanifest diff: 3 changes\n"
        "\n"
        "`old.json` → `new.yaml`\n"
        "\n"
        "### Stops notifications (2)\n"
        "\n"
        "| path | change | old | new |\n"
        "| --- | --- | --- | --- |\n"
        f"| `{REMOVED_EVENT}` | event removed | {conversation} |  |\n"
        f"| `{ENDPOINT}` | endpoint changed | `'{OLD_ENDPOINT}'` | `'{NEW_ENDPOINT}'` |\n"
        "\n"
        "### Widens access (1)\n"
        "\n"
        "| path | change | old | new |\n"
        "| --- | --- | --- | --- |\n"
        "| `grant_types` | grant type added |  | `'authorization_code'` |\n"
    )


def test_json_against_yaml_either_way_and_yaml_against_yaml(tmp_path: Path) -> None:
    forward = diff(tmp_path, manifest(), changed_manifest())
    write(tmp_path, "a.yaml", changed_manifest())
    write(tmp_path, "b.json", manifest())
    backward = run_cli("diff", "a.yaml", "b.json", cwd=tmp_path)
    assert (forward.code, backward.code) == (1, 1)
    assert backward.out == (
        "a.yaml → b.json: 3 changes\n"
        "\n"
        "Stops notifications (1)\n"
        f"  ~ {ENDPOINT}: endpoint changed: '{NEW_ENDPOINT}' → '{OLD_ENDPOINT}'\n"
        "\n"
        "Narrows access (1)\n"
        "  - grant_types: grant type removed: 'authorization_code'\n"
        "\n"
        "Changes delivery (1)\n"
        f"  + {REMOVED_EVENT}: event added: "
        '{"endpoint": "https://hooks.acme.example/liveperson/conversation"}\n'
    )
    write(tmp_path, "c.yaml", manifest())
    assert run_cli("diff", "c.yaml", "a.yaml", cwd=tmp_path).out.endswith(
        "  + grant_types: grant type added: 'authorization_code'\n"
    )


# -- masking ----------------------------------------------------------------------------
OLD_TOKEN = "Bearer old-token-4f9a2c"
NEW_TOKEN = "Bearer new-token-8d1e7b"
OLD_SECRET = "cs-old-Zq8Kp2Lw"
NEW_SECRET = "cs-new-Vn3Rt6Yx"


def with_credentials(token: str, secret: str) -> dict[str, Any]:
    data = manifest()
    data["client_secret"] = secret
    headers = data["capabilities"]["webhooks"][CONTENT]["headers"]
    headers.append({"header_name": "Authorization", "header_value": token})
    return data


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_header_values_and_secrets_are_masked_in_every_format(
    tmp_path: Path, output_format: str
) -> None:
    old = with_credentials(OLD_TOKEN, OLD_SECRET)
    new = with_credentials(NEW_TOKEN, NEW_SECRET)
    # The new secret pasted into an endpoint as well, and a header added with a value.
    hooks = new["capabilities"]["webhooks"]
    hooks[CONVERSATION]["endpoint"] += f"?key={NEW_SECRET}"
    hooks[CONVERSATION]["headers"] = [{"header_name": "X-Api-Key", "header_value": "k-55c1d09e"}]
    result = diff(tmp_path, old, new, "--format", output_format, "--show-server-fields")
    assert result.code == 1
    everything = (result.out + result.err).encode()
    for value in (OLD_TOKEN, NEW_TOKEN, OLD_SECRET, NEW_SECRET, "old-token", "k-55c1d09e"):
        assert value.encode() not in everything, value
    assert "********" in result.out
    conversation = f'capabilities.webhooks["{CONVERSATION}"]'
    authorization = f'capabilities.webhooks["{CONTENT}"].headers["Authorization"]'
    if output_format == "text":
        assert result.out == (
            "old.json → new.yaml: 4 changes\n"
            "\n"
            "Stops notifications (1)\n"
            f"  ~ {conversation}.endpoint: endpoint changed: "
            "'https://hooks.acme.example/liveperson/conversation' → "
            "'https://hooks.acme.example/liveperson/conversation?key=********'\n"
            "\n"
            "Widens access (1)\n"
            "  ~ client_secret: client secret changed (value masked)\n"
            "\n"
            "Changes delivery (2)\n"
            f'  + {conversation}.headers["X-Api-Key"]: header added (value masked)\n'
            f"  ~ {authorization}: header value changed (value masked)\n"
        )
    elif output_format == "markdown":
        assert result.out.endswith(
            "| `client_secret` | client secret changed | masked | masked |\n"
            "\n"
            "### Changes delivery (2)\n"
            "\n"
            "| path | change | old | new |\n"
            "| --- | --- | --- | --- |\n"
            f'| `{conversation}.headers["X-Api-Key"]` | header added |  | masked |\n'
            f"| `{authorization}` | header value changed | masked | masked |\n"
        )
    else:
        masked = [change for change in json.loads(result.out)["changes"] if change["masked"]]
        assert [(change["path"], change.get("old"), change["new"]) for change in masked] == [
            ("client_secret", "********", "********"),
            (f'{conversation}.headers["X-Api-Key"]', None, "********"),
            (authorization, "********", "********"),
        ]


def test_masked_changes_in_json_hold_only_the_mask(tmp_path: Path) -> None:
    old = with_credentials(OLD_TOKEN, OLD_SECRET)
    new = with_credentials(NEW_TOKEN, NEW_SECRET)
    result = diff(tmp_path, old, new, "--format", "json")
    changes = json.loads(result.out)["changes"]
    assert changes == [
        {
            "path": "client_secret",
            "kind": "changed",
            "effect": "widens-access",
            "summary": "client secret changed",
            "description": "client secret changed (value masked)",
            "masked": True,
            "old": "********",
            "new": "********",
        },
        {
            "path": f'capabilities.webhooks["{CONTENT}"].headers["Authorization"]',
            "kind": "changed",
            "effect": "changes-delivery",
            "summary": "header value changed",
            "description": "header value changed (value masked)",
            "masked": True,
            "old": "********",
            "new": "********",
        },
    ]


def test_an_event_added_shows_its_headers_masked(tmp_path: Path) -> None:
    new = with_credentials(NEW_TOKEN, OLD_SECRET)
    old = with_credentials(NEW_TOKEN, OLD_SECRET)
    del old["capabilities"]["webhooks"][CONTENT]
    result = diff(tmp_path, old, new)
    assert NEW_TOKEN not in result.out and "liveperson" in result.out
    assert result.out == (
        "old.json → new.yaml: 1 change\n"
        "\n"
        "Changes delivery (1)\n"
        f'  + capabilities.webhooks["{CONTENT}"]: event added: '
        '{"endpoint": "https://hooks.acme.example/liveperson/content", "max_retries": 0, '
        '"headers": [{"header_name": "X-Acme-Source", "header_value": "********"}, '
        '{"header_name": "Authorization", "header_value": "********"}]}\n'
    )


# -- sets and headers -------------------------------------------------------------------
def test_sets_compare_whatever_their_order(tmp_path: Path) -> None:
    old = manifest()
    old["grant_types"] = ["authorization_code", "refresh_token", "client_credentials"]
    old["redirect_uris"] = ["https://a.acme.example/cb", "https://b.acme.example/cb"]
    old["scope"] = "msg.consumer faas.lambda.invoke"
    old["response_types"] = ["code", "token"]
    old["enabled_for_profiles"] = [3, 1, 2]
    new = reordered(old)  # every list reversed too, headers included
    new["scope"] = "faas.lambda.invoke msg.consumer"
    new["grant_types"] += ["refresh_token"]  # a repeat says nothing new about a set
    result = diff(tmp_path, old, new)
    assert (result.code, result.out) == (
        0,
        "old.json → new.yaml: no difference in manifest terms\n",
    )


def test_set_items_added_and_removed_are_named(tmp_path: Path) -> None:
    old = manifest()
    old["scope"] = "msg.consumer"
    old["redirect_uris"] = ["https://a.acme.example/cb"]
    old["capabilities"]["engagement"]["entry_point"] = ["section"]
    new = manifest()
    new["scope"] = "faas.lambda.invoke"
    new["redirect_uris"] = ["https://b.acme.example/cb", "https://a.acme.example/cb"]
    new["enabled_for_profiles"] = [7]
    new["capabilities"]["engagement"]["entry_point"] = ["url", "section"]
    new["capabilities"]["engagement"]["target_audience"] = "returning_visitors"
    result = diff(tmp_path, old, new)
    assert result.out == (
        "old.json → new.yaml: 6 changes\n"
        "\n"
        "Widens access (3)\n"
        "  + enabled_for_profiles: profile added: 7\n"
        "  + redirect_uris: redirect URI added: 'https://b.acme.example/cb'\n"
        "  + scope: scope added: 'faas.lambda.invoke'\n"
        "\n"
        "Narrows access (1)\n"
        "  - scope: scope removed: 'msg.consumer'\n"
        "\n"
        "Changes delivery (1)\n"
        "  + capabilities.engagement.entry_point: value added: 'url'\n"
        "\n"
        "Cosmetic (1)\n"
        "  ~ capabilities.engagement.target_audience: written as a string: "
        "[\"returning_visitors\"] → 'returning_visitors'\n"
    )


def test_headers_compare_by_name(tmp_path: Path) -> None:
    old = manifest()
    old["capabilities"]["webhooks"][CONTENT]["headers"] = [
        {"header_name": "X-Acme-Source", "header_value": "liveperson"},
        {"header_name": "X-Acme-Region", "header_value": "eu"},
        {"header_name": "X-Acme-Old", "header_value": "1"},
    ]
    new = manifest()
    new["capabilities"]["webhooks"][CONTENT]["headers"] = [
        {"header_name": "X-Acme-New", "header_value": "2"},
        {"header_name": "x-acme-region", "header_value": "us"},
        {"header_name": "X-Acme-Source", "header_value": "liveperson"},
    ]
    headers = f'capabilities.webhooks["{CONTENT}"].headers'
    result = diff(tmp_path, old, new)
    assert result.out == (
        "old.json → new.yaml: 4 changes\n"
        "\n"
        "Changes delivery (3)\n"
        f'  + {headers}["X-Acme-New"]: header added (value masked)\n'
        f'  - {headers}["X-Acme-Old"]: header removed (value masked)\n'
        f'  ~ {headers}["x-acme-region"]: header value changed (value masked)\n'
        "\n"
        "Cosmetic (1)\n"
        f"  ~ {headers}[\"x-acme-region\"]: header name respelled: 'X-Acme-Region' → "
        "'x-acme-region'\n"
    )
    # The same headers in another order: no difference.
    assert diff(tmp_path, old, reordered(old)).code == 0


# -- classes ----------------------------------------------------------------------------
def test_each_kind_of_change_has_its_class(tmp_path: Path) -> None:
    old = manifest()
    old["capabilities"]["webhooks"][CONTENT]["max_retries"] = 3
    old["capabilities"]["webhooks"]["ms.MessagingEventNotification.ChatStateEvent"] = {
        "endpoint": "https://hooks.acme.example/liveperson/chat-state",
        "max_retries": 2,
    }
    new = manifest()
    hooks = new["capabilities"]["webhooks"]
    hooks[CONTENT]["max_retries"] = 1
    hooks["ms.MessagingEventNotification.ChatStateEvent"] = {
        "endpoint": "https://hooks.acme.example/liveperson/chat-state",
        "max_retries": 5,
    }
    hooks["retry"]["retention_time"] = 7200
    new["quick_launch_enabled"] = True
    new["entry_uri"] = "https://app.acme.example/launch"
    new["enabled"] = False
    new["display_name"] = "Acme Support"
    new["client_name#ja-JP"] = "Acme サポート"
    del new["logo_uri"]
    new["capabilities"]["engagement"]["design_window"] = True
    chat = 'capabilities.webhooks["ms.MessagingEventNotification.ChatStateEvent"]'
    result = diff(tmp_path, old, new)
    assert result.out == (
        "old.json → new.yaml: 10 changes\n"
        "\n"
        "Stops notifications (2)\n"
        f'  ~ capabilities.webhooks["{CONTENT}"].max_retries: max_retries lowered: 3 → 1\n'
        "  + enabled: installation disabled: false\n"
        "\n"
        "Widens access (2)\n"
        "  + entry_uri: entry URI added: 'https://app.acme.example/launch'\n"
        "  + quick_launch_enabled: quick launch enabled: true\n"
        "\n"
        "Changes delivery (3)\n"
        "  ~ capabilities.engagement.design_window: false → true\n"
        f"  ~ {chat}.max_retries: max_retries raised: 2 → 5\n"
        "  ~ capabilities.webhooks.retry.retention_time: retention_time raised: 3600 → 7200\n"
        "\n"
        "Cosmetic (3)\n"
        "  + [\"client_name#ja-JP\"]: localized client name added: 'Acme サポート'\n"
        "  ~ display_name: display name changed: 'Acme Support Connector' → 'Acme Support'\n"
        "  - logo_uri: logo removed: 'https://cdn.acme.example/brand/acme-70x70.png'\n"
    )


def test_fewer_retries_stop_notifications_and_defaults_are_cosmetic() -> None:
    old = manifest()
    new = manifest()
    del new["capabilities"]["webhooks"]["retry"]
    new["capabilities"]["webhooks"][CONVERSATION]["max_retries"] = 0  # its default, written out
    new["quick_launch_enabled"] = False  # the same
    assert [(c.path_text, c.kind, c.effect, c.summary) for c in compare(old, new)] == [
        (
            "capabilities.webhooks.retry.retention_time",
            ChangeKind.removed,
            Effect.stops_notifications,
            "retention_time removed",
        ),
        (
            f'capabilities.webhooks["{CONVERSATION}"].max_retries',
            ChangeKind.added,
            Effect.cosmetic,
            "default written out",
        ),
        ("quick_launch_enabled", ChangeKind.added, Effect.cosmetic, "default written out"),
    ]


def test_the_parameter_tables_spelling_of_an_event_is_the_same_event() -> None:
    old = manifest()
    new = manifest()
    hooks = new["capabilities"]["webhooks"]
    hooks[TABLE_CONVERSATION] = hooks.pop(CONVERSATION)
    assert compare(old, new) == (
        Change(
            ("capabilities", "webhooks", TABLE_CONVERSATION),
            ChangeKind.changed,
            Effect.cosmetic,
            "event key respelled",
            CONVERSATION,
            TABLE_CONVERSATION,
        ),
    )


def test_unknown_keys_are_reported_generically_with_their_path(tmp_path: Path) -> None:
    old = manifest()
    old["capabilities"]["webhooks"][CONTENT]["timeout"] = 3
    old["policy_uri"] = "https://acme.example/privacy"
    new = manifest()
    new["capabilities"]["webhooks"][CONTENT]["timeout"] = 5
    new["capabilities"]["voice"] = {"enabled": True}
    result = diff(tmp_path, old, new)
    assert result.out == (
        "old.json → new.yaml: 3 changes\n"
        "\n"
        "Changes delivery (1)\n"
        f'  ~ capabilities.webhooks["{CONTENT}"].timeout: 3 → 5\n'
        "\n"
        "Other (2)\n"
        '  + capabilities.voice: added: {"enabled": true}\n'
        "  - policy_uri: removed: 'https://acme.example/privacy'\n"
    )


def test_json_types_are_told_apart() -> None:
    """`true` is not `1`, though Python says so; `3` and `3.0` are one JSON number."""
    old = {**manifest(), "x": 1, "y": 3}
    new = {**manifest(), "x": True, "y": 3.0}
    assert [(c.path, c.old, c.new) for c in compare(old, new)] == [(("x",), 1, True)]


def test_a_download_that_carries_its_client_secret_differs_by_it_alone(tmp_path: Path) -> None:
    """LivePerson's installation API returns the client_secret too: a credential, always
    compared (masked), while the fields that describe the installation are not."""
    source = tmp_path / "source.json"
    mock = (
        Path(__file__).parent
        / "examples/liveperson/lp-demo-app-connector-api-mock-appInstallation.json"
    )
    data = json.loads(mock.read_text())
    secret = data["client_secret"]
    installed = {
        key: value for key, value in data.items() if key not in {*SERVER_ASSIGNED, "client_secret"}
    }
    installed["capabilities"] = {
        key: value for key, value in data["capabilities"].items() if key != "broadcast"
    }
    source.write_text(json.dumps(reordered(installed)))
    result = run_cli("diff", "source.json", mock, cwd=tmp_path)
    assert secret not in result.out
    assert result.out.splitlines()[0].endswith(": 1 change")
    assert result.out.splitlines()[2:] == [
        "Widens access (1)",
        "  + client_secret: client secret added (value masked)",
        "",
        "6 changes to server-assigned fields not shown (--show-server-fields shows them)",
    ]


def test_the_comparison_is_pure_and_its_changes_are_masked() -> None:
    old = with_credentials(OLD_TOKEN, OLD_SECRET)
    new = with_credentials(NEW_TOKEN, NEW_SECRET)
    snapshot = copy.deepcopy((old, new))
    changes = compare(old, new)
    assert (old, new) == snapshot  # nothing changed in the data given
    assert compare(reordered(old), reordered(new)) == changes
    assert all(change.masked and {change.old, change.new} == {"********"} for change in changes)
    assert compare(new, new) == ()
    assert compare(downloaded(new), new) == ()
    assert len(compare(downloaded(new), new, server_fields=True)) == 6


# -- inert values -----------------------------------------------------------------------
ESCAPE = "\x1b[2J\x1b]0;pwned\x07"


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_terminal_escapes_in_values_are_shown_inert(tmp_path: Path, output_format: str) -> None:
    new = manifest()
    new["display_name"] = f"Acme{ESCAPE}"
    new["capabilities"]["webhooks"][f"ms.Evil{ESCAPE}"] = {"endpoint": "https://x.example/|`y`"}
    result = diff(tmp_path, manifest(), new, "--format", output_format)
    assert result.code == 1
    for control in ("\x1b", "\x07"):
        assert control not in result.out
    if output_format == "text":
        assert "display_name: display name changed: 'Acme Support Connector' → " in result.out
        assert "'Acme\\x1b[2J\\x1b]0;pwned\\x07'" in result.out
        assert (
            'capabilities.webhooks["ms.Evil\\x1b[2J\\x1b]0;pwned\\x07"]: event added' in result.out
        )
    elif output_format == "markdown":
        # A code span the value cannot close, and a pipe that cannot end the cell.
        assert '| ``{"endpoint": "https://x.example/\\|`y`"}`` |' in result.out
    else:
        assert "\\u001b[2J" in result.out


def test_colour_on_request_never_lets_a_value_speak_to_the_terminal(tmp_path: Path) -> None:
    new = manifest()
    new["display_name"] = f"Acme{ESCAPE}"
    result = diff(tmp_path, manifest(), new, "--color", "always")
    assert "\x1b[" in result.out  # colour
    assert "\x1b[2J" not in result.out and "\x07" not in result.out
    assert "Acme\\x1b[2J\\x1b]0;pwned\\x07" in result.out
    plain = run_cli("diff", "old.json", "new.yaml", cwd=tmp_path, env={"NO_COLOR": None})
    assert "\x1b" not in plain.out  # not a terminal: plain


# -- errors and options -----------------------------------------------------------------
def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    result = run_cli("diff", "old.json", "gone.yaml", cwd=tmp_path)
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "lpmanifest: error: no such file: 'gone.yaml'\n",
    )


def test_a_file_that_does_not_load_is_said_where(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    (tmp_path / "broken.yaml").write_text(
        "client_name: com.acme.support-connector\ngrant_types: [client_credentials\n"
    )
    result = run_cli("diff", "old.json", "broken.yaml", cwd=tmp_path)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("lpmanifest: error: broken.yaml:3:1: ")
    assert result.err.endswith(" (syntax-error); not compared\n")
    from lpmanifest.source.read import load_file

    (finding,) = load_file(str(tmp_path / "broken.yaml"), "broken.yaml").findings
    assert (
        result.err
        == f"lpmanifest: error: broken.yaml:3:1: {finding.message} (syntax-error); not compared\n"
    )

    (tmp_path / "bad.json").write_text('{\n  "client_name": "x",\n  "scope": \n}\n')
    result = run_cli("diff", "bad.json", "old.json", cwd=tmp_path)
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: bad.json:4:1: expected a value (syntax-error); not compared\n",
    )


def test_a_root_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    (tmp_path / "list.yaml").write_text("- client_name: com.acme.support-connector\n")
    result = run_cli("diff", "old.json", "list.yaml", cwd=tmp_path)
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "lpmanifest: error: list.yaml:1:1: the manifest is an array; it must be an object of "
        "keys and values (not-an-object); not compared\n",
    )


def test_several_findings_name_the_first_and_count_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    (tmp_path / "twice.yaml").write_text("client_name: a\nclient_name: b\nscope: x\nscope: y\n")
    result = run_cli("diff", "old.json", "twice.yaml", cwd=tmp_path)
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: twice.yaml:2:1: the key 'client_name' appears twice in the same "
        "object (duplicate-key); not compared (and 1 other finding: lpmanifest validate lists "
        "them)\n",
    )


def test_a_directory_is_not_a_manifest(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    (tmp_path / "folder").mkdir()
    result = run_cli("diff", "old.json", "folder", cwd=tmp_path)
    assert (result.code, result.err) == (
        2,
        "lpmanifest: error: folder:1:1: folder is a directory, not a manifest file "
        "(unreadable-file); not compared\n",
    )


def test_format_choices(tmp_path: Path) -> None:
    write(tmp_path, "old.json", manifest())
    for choice, start in (("text", "old.json"), ("json", "{"), ("markdown", "## lpmanifest")):
        result = run_cli("diff", "old.json", "old.json", "--format", choice, cwd=tmp_path)
        assert (result.code, result.out[: len(start)]) == (0, start)
    wrong = run_cli("diff", "old.json", "old.json", "--format", "sarif", cwd=tmp_path)
    assert wrong.code == 2
    assert "'sarif' is not one of 'text', 'json', 'markdown'" in wrong.err
    helped = run_cli("diff", "--help")
    assert helped.code == 0 and "--show-server-fields" in helped.out


# -- the README's examples --------------------------------------------------------------
def readme_example(folder: Path) -> None:
    """The README's two files: the bundled connector, and manifest.yaml, a new version."""
    (folder / "examples").mkdir()
    source = (EXAMPLES / "connector.json").read_text()
    (folder / "examples" / "connector.json").write_text(source)
    data = json.loads(source)
    hooks = data["capabilities"]["webhooks"]
    del hooks["ms.MessagingEventNotification.ChatStateEvent"]
    hooks[CONTENT]["endpoint"] = "https://hooks.acme.example/liveperson/v2/content"
    hooks[CONTENT]["headers"][0]["header_value"] = "lp-prod"
    hooks["ms.MessagingEventNotification.RichContentEvent"]["max_retries"] = 5
    data["grant_types"] = ["authorization_code", "client_credentials"]
    data["redirect_uris"] = ["https://support.acme.example/oauth/callback"]
    data["display_name"] = "Acme Support"
    write(folder, "manifest.yaml", data)


def test_the_readme_examples_are_what_diff_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    readme_example(tmp_path)
    arguments = ("diff", "examples/connector.json", "manifest.yaml")

    text = re.search(
        r"`text` \(`lpmanifest diff examples/connector.json manifest.yaml`, exit 1\):\n\n"
        r"```text\n(.*?)```",
        readme,
        re.S,
    )
    assert text, "the README shows a text report"
    printed = run_cli(*arguments, cwd=tmp_path)
    assert (printed.code, printed.out) == (1, text.group(1))

    markdown = re.search(r"cut short here\):\n\n```markdown\n(.*?)```", readme, re.S)
    assert markdown, "the README shows a Markdown report"
    printed = run_cli(*arguments, "--format", "markdown", cwd=tmp_path)
    assert printed.out.startswith(markdown.group(1))

    shape = re.search(
        r"one document with a stable shape \(`version` changes if it must\):\n\n```json\n(.*?)```",
        readme,
        re.S,
    )
    assert shape, "the README shows a JSON report"
    example = json.loads(shape.group(1))
    printed = json.loads(run_cli(*arguments, "--format", "json", cwd=tmp_path).out)
    assert {key: value for key, value in printed.items() if key != "changes"} == {
        key: value for key, value in example.items() if key != "changes"
    }
    [shown] = example["changes"]
    assert shown in printed["changes"]


# -- whatever the data ------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
# The places where the model reads something, and a few it does not.
PLACES = [
    (),
    ("grant_types",),
    ("scope",),
    ("quick_launch_enabled",),
    ("enabled",),
    ("client_secret",),
    ("capabilities",),
    ("capabilities", "webhooks"),
    ("capabilities", "webhooks", CONTENT),
    ("capabilities", "webhooks", CONTENT, "max_retries"),
    ("capabilities", "webhooks", CONTENT, "headers"),
    ("capabilities", "webhooks", CONTENT, "headers", 0),
    ("capabilities", "webhooks", "retry"),
    ("capabilities", "webhooks", "retry", "retention_time"),
    ("capabilities", "engagement", "goal"),
    ("capabilities", "broadcast"),
    ("id",),
    ("anything",),
]


def grafted(path: tuple[str | int, ...], value: Any) -> Any:
    data: Any = manifest()
    if not path:
        return value
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def keys_reordered(value: Any) -> Any:
    """Every object's keys in reverse order; arrays as they are."""
    if isinstance(value, dict):
        return {key: keys_reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [keys_reordered(item) for item in value]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLACES), JSON_VALUES, st.sampled_from(PLACES), JSON_VALUES, st.booleans())
def test_any_data_compares_without_failing_and_renders_inert(
    old_at: tuple[str | int, ...],
    old_value: Any,
    new_at: tuple[str | int, ...],
    new_value: Any,
    server_fields: bool,
) -> None:
    from lpmanifest.diff.render import DiffFormat, DiffReport, write_report
    from lpmanifest.output.report import ColorChoice

    old, new = grafted(old_at, old_value), grafted(new_at, new_value)
    changes = compare(old, new, server_fields=server_fields)
    assert compare(old, old, server_fields=server_fields) == ()
    assert compare(keys_reordered(old), keys_reordered(new), server_fields=server_fields) == changes
    assert len(compare(new, old, server_fields=server_fields)) == len(changes)
    report = DiffReport("old.json", "new.yaml", changes, server_fields)
    for output_format in DiffFormat:
        for color in (ColorChoice.never, ColorChoice.always):
            stream = io.StringIO()
            write_report(output_format, report, stream, color)
            assert_inert(stream.getvalue(), output_format.value, colour=True)
            if output_format is DiffFormat.json:
                assert len(json.loads(stream.getvalue())["changes"]) == len(changes)
