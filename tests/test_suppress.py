"""Inline suppressions in YAML: `# lpmanifest: ignore[rule-name, ...]` on the finding's line."""

from __future__ import annotations

from .lint_support import check, run_cli, where

BASE = "client_name: com.acme.app\n"


def test_comment_suppresses_the_finding_on_its_line() -> None:
    text = BASE + "scope: msg.consumer msg.agent  # lpmanifest: ignore[unlisted-scope]\n"
    assert check(text, "yaml") == []
    assert where(check(text.replace("  # lpmanifest: ignore[unlisted-scope]", ""), "yaml")) == [
        ("unlisted-scope", 2, 21, ("scope",))
    ]


def test_only_the_named_rule_and_only_on_that_line() -> None:
    text = (
        BASE
        + "scope: msg.consumer msg.agent  # lpmanifest: ignore[insecure-redirect-uri]\n"
        + "redirect_uris:\n  - http://app.acme.com/cb  # lpmanifest: ignore[unlisted-scope]\n"
    )
    assert [f.name for f in check(text, "yaml")] == ["unlisted-scope", "insecure-redirect-uri"]


def test_several_names_and_codes() -> None:
    text = (
        "client_name: Acme  # lpmanifest: ignore[client-name-not-reverse-dns]\n"
        "grant_types: [refresh_token]  # lpmanifest: ignore[LPM303, "
        "authorization-code-without-redirect-uris]\n"
        "quick_launch_enabled: yes  #lpmanifest:ignore[yaml-implicit-boolean,"
        "quick-launch-without-entry-uri,quick-launch-without-profiles]\n"
    )
    assert check(text, "yaml") == []


def test_schema_and_load_findings_can_be_suppressed_too() -> None:
    text = BASE + "display_nam: Acme  # lpmanifest: ignore[unknown-key]\n"
    assert check(text, "yaml") == []


def test_unknown_rule_in_a_suppression_is_a_warning() -> None:
    text = BASE + "scope: msg.consumer x.y  # lpmanifest: ignore[unlisted-scopes, LPM999]\n"
    findings = check(text, "yaml")
    assert where(findings) == [
        ("unlisted-scope", 2, 21, ("scope",)),
        ("invalid-suppression", 2, 47, ()),
        ("invalid-suppression", 2, 64, ()),
    ]
    assert findings[1].message == "unknown rule 'unlisted-scopes' in a suppression comment"
    assert findings[1].help == "did you mean 'unlisted-scope'?"
    assert findings[1].severity.value == "warning"


def test_a_comment_that_is_not_an_ignore_list_is_a_warning() -> None:
    text = BASE + "scope: msg.consumer  # lpmanifest: ignore unlisted-scope\n"
    [finding] = check(text, "yaml")
    assert where([finding]) == [("invalid-suppression", 2, 36, ())]
    assert "suppresses nothing" in finding.message


def test_text_inside_a_value_is_not_a_comment() -> None:
    text = (
        "{client_name: com.acme.app,\n"
        " description: 'a # lpmanifest: ignore[unlisted-scope]', scope: x.y}\n"
    )
    assert where(check(text, "yaml")) == [("unlisted-scope", 2, 64, ("scope",))]
    # The same words in a real comment on that line do suppress it.
    assert check(text.replace("}\n", "}  # lpmanifest: ignore[unlisted-scope]\n"), "yaml") == []


def test_json_has_no_suppressions() -> None:
    text = '{"client_name": "com.acme.app", "scope": "msg.consumer x.y"}'
    assert [f.name for f in check(text)] == ["unlisted-scope"]


def test_suppression_through_the_cli_and_crlf(tmp_path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(
        b"client_name: Acme Bot  # lpmanifest: ignore[client-name-not-reverse-dns]\r\n"
    )
    result = run_cli("validate", "--isolated", "--fail-on", "info", path)
    assert result.code == 0, result.out
