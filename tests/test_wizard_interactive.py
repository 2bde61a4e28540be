"""The wizard at a terminal, driven in-process through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from lpmanifest.check.checker import Checker
from lpmanifest.commands.new import Request, run
from lpmanifest.errors import UsageError
from lpmanifest.findings.model import Severity
from lpmanifest.output.report import ColorChoice
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.read import load_file
from lpmanifest.wizard.events import offered_events
from lpmanifest.wizard.prompts import QuestionaryTerminal

from .conftest import rule_reason

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
CTRL_C, CTRL_U = "\x03", "\x15"
CONTENT = "ms.MessagingEventNotification.ContentEvent"
# The five canonical event types, in schema order (test_wizard_keys checks the list).
EVENTS = list(offered_events())
# The help of the placeholder-value rule's findings, which a refusal shows after the message.
PLACEHOLDER_HELP = "replace it with your application's real value"


@dataclass
class Session:
    code: int
    terminal: QuestionaryTerminal
    shown: str  # what the review printed
    stderr: str
    output: Path

    def written(self) -> Any:
        text = self.output.read_text(encoding="utf-8")
        return yaml.safe_load(text) if self.output.suffix in (".yaml", ".yml") else json.loads(text)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as created:
        yield created


def drive(pipe: PipeInput, tmp_path: Path, keys: list[str], **fields: Any) -> Session:
    """Type `keys` into a wizard session and run it to the end."""
    output = tmp_path / fields.pop("output", "out.json")
    shown, stderr = io.StringIO(), io.StringIO()
    terminal = QuestionaryTerminal(
        input=pipe, output=DummyOutput(), stream=shown, color=ColorChoice.never
    )
    pipe.send_text("".join(keys))
    pipe.close()  # then end of input: keys that run out fail the test instead of hanging it
    fields["sets"] = tuple(fields.get("sets", ()))
    code = run(Request(output=str(output), **fields), terminal, stderr=stderr)
    return Session(code, terminal, shown.getvalue(), stderr.getvalue(), output)


def assert_valid(path: Path) -> None:
    """No error-level finding from `lpmanifest validate` (template text is one)."""
    doc = load_file(str(path))
    assert doc.loaded
    errors = [f for f in Checker(rules=LINT_RULES).check(doc) if f.severity is Severity.ERROR]
    assert errors == []


ABOUT = [  # client name, no other language, display name, no description
    "com.example.app" + ENTER,
    ENTER,
    "Example App" + ENTER,
    ENTER,
]
ENGAGEMENT = [ENTER]  # keep the template's engagement settings


def test_connector_three_events_one_endpoint(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [
        ENTER,  # template: connector (the first)
        *ABOUT,
        ENTER,  # grant types: client_credentials, as in the template
        ENTER,  # scope: msg.consumer
        ENTER,  # logo URI: the template's
        DOWN * 3 + SPACE + DOWN + SPACE + ENTER,  # events: untick the last two of five
        ENTER,  # one endpoint for all events
        "https://hooks.example.com/lp" + ENTER,
        ENTER,  # max retries: each event keeps the template's own
        ENTER,  # no headers
        *ENGAGEMENT,
        ENTER,  # review: write
    ]
    session = drive(pipe, tmp_path, keys)
    assert session.code == 0, session.stderr
    written = session.written()
    assert list(written) == [
        "client_name",
        "display_name",
        "grant_types",
        "scope",
        "logo_uri",
        "capabilities",
    ]
    assert written["client_name"] == "com.example.app"
    assert written["display_name"] == "Example App"
    assert written["capabilities"]["webhooks"] == {
        EVENTS[0]: {"endpoint": "https://hooks.example.com/lp", "max_retries": 3},
        EVENTS[1]: {"endpoint": "https://hooks.example.com/lp", "max_retries": 5},
        EVENTS[2]: {"endpoint": "https://hooks.example.com/lp", "max_retries": 1},
    }
    assert written["capabilities"]["engagement"]["consumer_identity"] == ["auth"]
    # The review showed the manifest and its (empty) findings before writing.
    assert '"client_name": "com.example.app"' in session.shown
    assert "All checks passed: 1 file checked, no findings." in session.shown
    assert session.terminal.refused == []
    assert_valid(session.output)


def test_an_http_endpoint_is_refused_with_the_reason_and_asked_again(
    pipe: PipeInput, tmp_path: Path
) -> None:
    keys = [
        ENTER,
        *ABOUT,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # all five events
        ENTER,  # one endpoint for all
        "http://hooks.example.com/lp" + ENTER,  # refused: the prompt stays, with the reason
        CTRL_U + "https://hooks.example.com/lp" + ENTER,
        "9" + ENTER,  # refused: out of range
        CTRL_U + "2" + ENTER,
        ENTER,
        *ENGAGEMENT,
        ENTER,
    ]
    session = drive(pipe, tmp_path, keys)
    assert session.code == 0
    assert session.terminal.refused == [
        (
            "All 5 webhooks: Endpoint",
            "http://hooks.example.com/lp",
            "endpoint must start with https://; it is 'http://hooks.example.com/lp' "
            "(LivePerson only delivers webhooks over HTTPS)",
        ),
        (
            "All 5 webhooks: Max retries (empty keeps each event's own)",
            "9",
            "max_retries is 9; the maximum is 5 (allowed range: 0 to 5)",
        ),
    ]
    hooks = session.written()["capabilities"]["webhooks"]
    assert list(hooks) == EVENTS
    assert all(
        hook == {"endpoint": "https://hooks.example.com/lp", "max_retries": 2}
        for hook in hooks.values()
    )
    assert_valid(session.output)


def test_template_text_is_refused_at_once_with_the_rules_reason(
    pipe: PipeInput, tmp_path: Path
) -> None:
    keys = [
        ENTER,  # template: connector
        "com.liveperson.MyConnectorApp" + ENTER,  # the template's own sample name: refused
        CTRL_U + "com.example.app" + ENTER,
        ENTER,  # no other language
        "Example App" + ENTER,
        "TODO" + ENTER,  # refused
        CTRL_U + ENTER,  # no description
        ENTER,  # grant types
        ENTER,  # scope
        ENTER,  # logo URI
        ENTER,  # all five events
        ENTER,  # one endpoint for all
        "https://hooks.example.com/lp" + ENTER,
        "[" * 65 + "]" * 65 + ENTER,  # max retries: past the loader's nesting limit, refused
        CTRL_U + ENTER,  # each event keeps its own
        "y",  # add a header
        "NAME" + ENTER,  # the tables' sample header: refused
        CTRL_U + "X-Source" + ENTER,
        "VALUE1" + ENTER,  # refused
        CTRL_U + "liveperson" + ENTER,
        ENTER,  # no second header
        *ENGAGEMENT,
        ENTER,  # review: write
    ]
    session = drive(pipe, tmp_path, keys)
    assert session.code == 0, session.stderr
    # Each refusal came at its own question, which was asked again and then answered.
    assert session.terminal.refused == [
        (
            "Client name",
            "com.liveperson.MyConnectorApp",
            rule_reason(("client_name",), "com.liveperson.MyConnectorApp"),
        ),
        (
            "Description",
            "TODO",
            f"description is still the placeholder 'TODO' ({PLACEHOLDER_HELP})",
        ),
        (
            "All 5 webhooks: Max retries (empty keeps each event's own)",
            "[" * 65 + "]" * 65,
            "the value is too large to read: the manifest nests deeper than 64 levels "
            "(input-too-large)",
        ),
        (
            "All 5 webhooks: Header 1 name (empty to finish)",
            "NAME",
            f"header_name is still the placeholder 'NAME' ({PLACEHOLDER_HELP})",
        ),
        (
            "All 5 webhooks: Header 1 value",
            "VALUE1",
            f"header_value is still the placeholder 'VALUE1' ({PLACEHOLDER_HELP})",
        ),
    ]
    # The review, shown once, had nothing left to object to.
    assert session.shown.count("All checks passed: 1 file checked, no findings.") == 1
    written = session.written()
    assert written["client_name"] == "com.example.app"
    assert "description" not in written
    assert written["capabilities"]["webhooks"][CONTENT] == {
        "endpoint": "https://hooks.example.com/lp",
        "max_retries": 3,
        "headers": [{"header_name": "X-Source", "header_value": "liveperson"}],
    }
    assert_valid(session.output)


def test_web_app_asks_redirect_uris_and_the_entry_uri(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [
        DOWN + ENTER,  # template: web-app
        *ABOUT,
        ENTER,  # grant types: authorization_code, refresh_token
        ENTER,  # redirect URI 1 is required: an empty answer is refused
        "https://app.example.com/callback" + ENTER,
        "https://app.example.com/other" + ENTER,
        ENTER,  # no third
        ENTER,  # response types: code
        ENTER,  # scope
        "https://{YOUR_APPLICATION_DOMAIN}/appentry" + ENTER,  # template text: refused
        CTRL_U + "https://app.example.com/entry" + ENTER,
        ENTER,
    ]
    session = drive(pipe, tmp_path, keys, output="out.yaml")
    assert session.code == 0, session.stderr
    assert [(question, reason) for question, _, reason in session.terminal.refused] == [
        ("Redirect URI 1", "at least one Redirect URI is required"),
        (
            "Entry URI",
            f"entry_uri still holds the placeholder '{{YOUR_APPLICATION_DOMAIN}}' "
            f"({PLACEHOLDER_HELP})",
        ),
    ]
    assert session.written() == {
        "client_name": "com.example.app",
        "display_name": "Example App",
        "grant_types": ["authorization_code", "refresh_token"],
        "redirect_uris": ["https://app.example.com/callback", "https://app.example.com/other"],
        "response_types": ["code"],
        "scope": "msg.consumer",
        "entry_uri": "https://app.example.com/entry",
    }
    assert session.output.read_text(encoding="utf-8").startswith("client_name: com.example.app\n")
    assert "client_name: com.example.app" in session.shown  # reviewed as YAML
    assert_valid(session.output)


def test_custom_with_a_localized_name_one_endpoint_each_and_headers(
    pipe: PipeInput, tmp_path: Path
) -> None:
    endpoints = [
        ENTER.join(["https://hooks.example.com/" + event.split(".")[-1], ""]) for event in EVENTS
    ]
    keys = [
        DOWN + DOWN + ENTER,  # template: custom
        "com.example.custom" + ENTER,
        "y",  # another language
        "ja_JP" + ENTER,  # refused: not a language tag
        CTRL_U + "ja-JP" + ENTER,
        "カスタム" + ENTER,
        ENTER,  # no third language
        "Custom" + ENTER,
        "Does custom things" + ENTER,
        DOWN + SPACE + ENTER,  # grant types: add authorization_code
        "https://custom.example.com/callback" + ENTER,
        ENTER,
        ENTER,  # response types: code
        ENTER,  # scope
        ENTER,  # logo URI: the template's
        ENTER,  # quick launch: yes, as in the template
        "12" + ENTER,  # profile 1
        "twelve" + ENTER,  # refused: not an integer
        CTRL_U + ENTER,  # done
        "https://custom.example.com/entry" + ENTER,
        ENTER,  # all five events
        DOWN + ENTER,  # one endpoint for each event
        # ContentEvent: endpoint, retries (template: 3), one header
        endpoints[0],
        ENTER,
        "y",
        "Authorization" + ENTER,
        "Bearer abc" + ENTER,
        ENTER,  # no second header
        # the other four: endpoint, retries as in the template, no headers
        *[key for endpoint in endpoints[1:] for key in (endpoint, ENTER, ENTER)],
        "n",  # not the template's engagement settings: each of them asked
        SPACE + ENTER,  # engagement options: design engagement on
        ENTER,
        DOWN + SPACE + ENTER,  # visitor behavior: without time_on_location
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # review: write
    ]
    session = drive(pipe, tmp_path, keys)
    assert session.code == 0, session.stderr
    refused = [(question, answer) for question, answer, _ in session.terminal.refused]
    assert refused == [
        ("Language tag (RFC 5646, e.g. ja-JP)", "ja_JP"),
        ("Profile ID 2 (empty to finish)", "twelve"),
    ]
    written = session.written()
    assert list(written)[:4] == ["client_name", "client_name#ja-JP", "display_name", "description"]
    assert written["client_name#ja-JP"] == "カスタム"
    assert written["grant_types"] == ["client_credentials", "authorization_code"]
    assert written["redirect_uris"] == ["https://custom.example.com/callback"]
    assert written["quick_launch_enabled"] is True
    assert written["enabled_for_profiles"] == [12]
    assert written["entry_uri"] == "https://custom.example.com/entry"
    hooks = written["capabilities"]["webhooks"]
    assert hooks[CONTENT] == {
        "endpoint": "https://hooks.example.com/ContentEvent",
        "max_retries": 3,
        "headers": [{"header_name": "Authorization", "header_value": "Bearer abc"}],
    }
    assert hooks["cqm.ExConversationChangeNotification"] == {
        "endpoint": "https://hooks.example.com/ExConversationChangeNotification"
    }
    engagement = written["capabilities"]["engagement"]
    assert engagement["design_engagement"] is True
    assert engagement["design_window"] is False
    assert "time_on_location" not in engagement["visitor_behavior"]
    assert len(engagement["visitor_behavior"]) == 9
    assert_valid(session.output)


def test_an_empty_required_multiselect_is_refused(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [
        ENTER,
        *ABOUT,
        ENTER,
        ENTER,
        ENTER,
        "a" + ENTER,  # events: <a> toggles all off; none chosen means no webhooks
        "n",  # not the template's engagement settings
        ENTER,  # engagement options
        SPACE + ENTER,  # entry point: untick "section": refused, at least one is needed
        SPACE + ENTER,  # tick it again
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
    ]
    session = drive(pipe, tmp_path, keys)
    assert session.code == 0, session.stderr
    assert session.terminal.refused == [
        (
            "Entry point",
            "",
            "entry_point is empty; it needs at least 1 item (allowed values: section, url)",
        )
    ]
    written = session.written()
    assert "webhooks" not in written["capabilities"]
    assert written["capabilities"]["engagement"]["entry_point"] == ["section"]
    assert_valid(session.output)


WEB_APP_SETS = (
    "client_name=com.example.webapp",
    "redirect_uris=[https://app.example.com/callback]",
    "entry_uri=https://app.example.com/entry",
)
# web-app with its required answers given, the questions left all have defaults: no other
# language, display name, description, grant types, response types, scope
WEB_APP_REST = [ENTER] * 6


def test_answers_given_with_set_are_not_asked(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [*WEB_APP_REST, ENTER]  # redirect URIs and the entry URI are not asked
    session = drive(pipe, tmp_path, keys, template="web-app", sets=WEB_APP_SETS)
    assert session.code == 0, session.stderr
    assert session.written()["redirect_uris"] == ["https://app.example.com/callback"]
    assert_valid(session.output)


def test_yes_at_a_terminal_asks_only_what_has_no_default(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [
        "com.example.webapp" + ENTER,
        "https://app.example.com/callback" + ENTER,
        ENTER,
        "https://app.example.com/entry" + ENTER,
    ]
    session = drive(pipe, tmp_path, keys, template="web-app", yes=True)
    assert session.code == 0, session.stderr
    assert session.written()["entry_uri"] == "https://app.example.com/entry"
    assert "All checks passed" in session.shown  # shown, not asked about
    assert_valid(session.output)


def test_cancel_writes_nothing(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [*WEB_APP_REST, DOWN + DOWN + ENTER]  # review: cancel
    session = drive(pipe, tmp_path, keys, template="web-app", sets=WEB_APP_SETS)
    assert session.code == 1
    assert session.stderr == "lpmanifest: cancelled; nothing written\n"
    assert not session.output.exists()


def test_ctrl_c_writes_nothing(pipe: PipeInput, tmp_path: Path) -> None:
    session = drive(pipe, tmp_path, ["com.example.app" + ENTER, CTRL_C])
    assert session.code == 130
    assert session.stderr == "lpmanifest: interrupted; nothing written\n"
    assert not session.output.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_ctrl_d_writes_nothing(pipe: PipeInput, tmp_path: Path) -> None:
    session = drive(pipe, tmp_path, [ENTER, "\x04"])  # end of input at the client name
    assert session.code == 130
    assert session.stderr == "lpmanifest: end of input; nothing written\n"
    assert not session.output.exists()


def test_edit_again_keeps_the_answers_as_defaults(pipe: PipeInput, tmp_path: Path) -> None:
    keys = [
        *WEB_APP_REST,
        DOWN + ENTER,  # review: edit again; every question comes back prefilled
        ENTER,  # client name, as given
        ENTER,  # no other language
        "Renamed" + ENTER,  # display name: was empty
        ENTER,
        ENTER,  # grant types
        ENTER,  # redirect URI 1, as given
        ENTER,  # no second
        ENTER,  # response types
        ENTER,  # scope
        ENTER,  # entry URI, as given
        ENTER,  # review: write
    ]
    session = drive(pipe, tmp_path, keys, template="web-app", sets=WEB_APP_SETS)
    assert session.code == 0, session.stderr
    written = session.written()
    assert written["display_name"] == "Renamed"
    assert written["client_name"] == "com.example.webapp"
    assert written["redirect_uris"] == ["https://app.example.com/callback"]
    assert session.shown.count("All checks passed") == 2  # reviewed twice
    assert_valid(session.output)


def test_edit_mode_prefills_from_an_existing_manifest(pipe: PipeInput, tmp_path: Path) -> None:
    source = tmp_path / "existing.json"
    existing = {
        "client_name": "com.example.x",
        "client_name#de": "X",
        "description": "An app",
        "grant_types": ["client_credentials"],
        "capabilities": {
            "webhooks": {
                EVENTS[0]: {"endpoint": "https://a.example.com/1", "max_retries": 2},
                EVENTS[1]: {"endpoint": "https://a.example.com/2"},
                "retry": {"retention_time": 3600},
            }
        },
    }
    source.write_text(json.dumps(existing), encoding="utf-8")
    keys = [
        ENTER,  # client name
        ENTER,  # client name in de
        ENTER,  # no other language
        ENTER,  # display name: still none
        CTRL_U + "A better app" + ENTER,
        ENTER,  # grant types
        ENTER,  # events, as they are
        ENTER,  # endpoints differ: one for each is the default
        ENTER,
        ENTER,
        ENTER,  # first event: endpoint, retries, no headers
        ENTER,
        ENTER,
        ENTER,  # second
        ENTER,
    ]
    session = drive(pipe, tmp_path, keys, from_path=str(source))
    assert session.code == 0, session.stderr
    assert session.written() == {**existing, "description": "A better app"}
    assert_valid(session.output)


def test_edit_mode_asks_for_template_text_no_section_asks_about(
    pipe: PipeInput, tmp_path: Path
) -> None:
    source = tmp_path / "existing.json"
    source.write_text('{"client_name": "com.example.x", "scope": "TODO"}', encoding="utf-8")
    keys = [
        ENTER,  # client name
        ENTER,  # no other language
        ENTER,  # display name
        ENTER,  # description
        # no grant types, so no OAuth section; the scope is asked for all the same
        ENTER,  # refused: the template text is not offered, and an answer is required
        "TODO" + ENTER,  # refused
        CTRL_U + "msg.consumer" + ENTER,
        ENTER,  # review: write
    ]
    session = drive(pipe, tmp_path, keys, from_path=str(source))
    assert session.code == 0, session.stderr
    assert session.terminal.refused == [
        ("Scope", "", "Scope is required"),
        ("Scope", "TODO", f"scope is still the placeholder 'TODO' ({PLACEHOLDER_HELP})"),
    ]
    assert session.written() == {"client_name": "com.example.x", "scope": "msg.consumer"}
    assert "All checks passed: 1 file checked, no findings." in session.shown


def test_one_for_all_over_differing_events_keeps_their_own_on_empty(
    pipe: PipeInput, tmp_path: Path
) -> None:
    source = tmp_path / "existing.json"
    hooks = {
        EVENTS[0]: {
            "endpoint": "https://a.example.com/1",
            "max_retries": 2,
            "headers": [{"header_name": "X-Own", "header_value": "1"}],
        },
        EVENTS[1]: {"endpoint": "https://a.example.com/2"},
        EVENTS[2]: {"endpoint": "https://a.example.com/3"},
    }
    existing = {"client_name": "com.example.x", "capabilities": {"webhooks": hooks}}
    source.write_text(json.dumps(existing), encoding="utf-8")
    keys = [
        ENTER,  # client name
        ENTER,  # no other language
        ENTER,  # display name
        ENTER,  # description
        ENTER,  # events, as they are
        "\x1b[A" + ENTER,  # endpoints: one for all (the default, since they differ, is each)
        ENTER,  # endpoint: empty keeps each event's own
        ENTER,  # max retries: likewise
        "y",  # headers: add one for all...
        "X-All" + ENTER,
        "yes" + ENTER,
        ENTER,
        ENTER,  # review: write
    ]
    session = drive(
        pipe,
        tmp_path,
        keys,
        sets=[f'capabilities.webhooks["{EVENTS[0]}"].headers='],
        from_path=str(source),
    )
    assert session.code == 0, session.stderr
    assert session.terminal.refused == []
    written = session.written()["capabilities"]["webhooks"]
    all_header = [{"header_name": "X-All", "header_value": "yes"}]
    # ...except where an event's own answer was given up front (here: no headers)
    assert written == {
        EVENTS[0]: {"endpoint": "https://a.example.com/1", "max_retries": 2},
        EVENTS[1]: {"endpoint": "https://a.example.com/2", "headers": all_header},
        EVENTS[2]: {"endpoint": "https://a.example.com/3", "headers": all_header},
    }
    assert_valid(session.output)


def test_a_refused_set_at_a_terminal_is_a_usage_error_before_any_question(
    pipe: PipeInput, tmp_path: Path
) -> None:
    # Had the template been asked, ENTER would choose it and the next question would meet
    # the end of input (exit 130) instead of this usage error.
    with pytest.raises(UsageError) as raised:
        drive(pipe, tmp_path, [ENTER], sets=["client_name=com.liveperson.MyWebApp"])
    assert str(raised.value) == (
        "--set client_name=com.liveperson.MyWebApp: "
        + rule_reason(("client_name",), "com.liveperson.MyWebApp")
    )
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_is_refused_before_any_question(pipe: PipeInput, tmp_path: Path) -> None:
    (tmp_path / "out.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists; use --force"):
        drive(pipe, tmp_path, [ENTER])
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == "{}"
