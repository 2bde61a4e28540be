"""Edit mode (`new --from`): the file that was read, changed only where an answer changed it;
and a broken file's way out through the questions."""

from __future__ import annotations

import difflib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from lpmanifest.commands.new import Request, run
from lpmanifest.output.report import ColorChoice
from lpmanifest.wizard.prompts import QuestionaryTerminal
from lpmanifest.wizard.roundtrip import same

from .conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted([*EXAMPLES.glob("*.yaml"), *(ROOT / "tests" / "examples").rglob("*.yaml")])
JSON_FILES = sorted((ROOT / "tests" / "examples" / "good").glob("*.json"))
ENTER, DOWN, CTRL_U = "\r", "\x1b[B", "\x15"
CONTENT = "ms.MessagingEventNotification.ContentEvent"


def edit(
    tmp_path: Path, text: str, *sets: str, name: str = "m.yaml", output: str | None = None
) -> tuple[int, str, str]:
    """`new --from FILE --force --yes --set ...` with no terminal: (exit, written, stderr)."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    target = tmp_path / (output or name)
    stderr = io.StringIO()
    request = Request(output=str(target), from_path=str(source), sets=sets, yes=True, force=True)
    code = run(request, None, stdout=io.StringIO(), stderr=stderr)
    written = target.read_text(encoding="utf-8") if target.exists() else ""
    return code, written, stderr.getvalue()


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: path.name)
def test_an_unchanged_yaml_file_is_written_back_as_it_was(tmp_path: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    code, written, stderr = edit(tmp_path, text)
    if code != 0:  # a file with errors the questions did not fix: nothing is written
        assert "not written" in stderr
        return
    assert written == text


def test_changed_values_are_written_where_they_were_and_every_comment_stays(
    tmp_path: Path,
) -> None:
    text = (EXAMPLES / "connector.yaml").read_text(encoding="utf-8")
    code, written, _ = edit(
        tmp_path,
        text,
        "display_name=Acme Helpdesk",
        f'capabilities.webhooks["{CONTENT}"].max_retries=4',
        "capabilities.engagement.goal=[lead, url]",
    )
    assert code == 0
    assert changed_lines(text, written) == [
        "-display_name: Acme Support Connector",
        "+display_name: Acme Helpdesk",
        "-      max_retries: 3          # LivePerson allows 0 to 5",
        "+      max_retries: 4          # LivePerson allows 0 to 5",
        "-    goal: [service_activity]",
        "+    goal: [lead, url]",
    ]


SUPPRESSED = """\
# yaml-language-server: $schema=https://lpmanifest.dev/schemas/manifest.schema.json
# The staging connector: its endpoint is a tunnel on purpose.
client_name: com.acme.staging   # reverse DNS
display_name: 'Acme Staging'
grant_types: [client_credentials]
scope: msg.consumer

capabilities:
  webhooks:
    # one event for now
    ms.MessagingEventNotification.ContentEvent:
      endpoint: https://acme.ngrok.io/lp  # lpmanifest: ignore[dev-tunnel-endpoint]
      headers:
        - header_name: X-Env
          header_value: "staging"
"""


def test_suppressions_quotes_flow_lists_and_blank_lines_are_kept(tmp_path: Path) -> None:
    code, written, stderr = edit(tmp_path, SUPPRESSED, "display_name=Acme Staging 2")
    assert code == 0, stderr
    assert changed_lines(SUPPRESSED, written) == [
        "-display_name: 'Acme Staging'",
        "+display_name: 'Acme Staging 2'",  # the quoting it had
    ]


def test_a_removed_key_leaves_the_next_keys_comment_alone(tmp_path: Path) -> None:
    text = (
        "client_name: com.acme.x\n"
        "description: An app  # to be dropped\n"
        "# what it may do\n"
        "grant_types: [client_credentials]\n"
    )
    code, written, _ = edit(tmp_path, text, "description=")
    assert code == 0
    assert (
        written == "client_name: com.acme.x\n# what it may do\ngrant_types: [client_credentials]\n"
    )


def test_a_new_key_goes_where_the_schema_orders_it(tmp_path: Path) -> None:
    text = "# an app\nclient_name: com.acme.x  # ours\ngrant_types: [client_credentials]\n"
    code, written, _ = edit(tmp_path, text, "display_name=Acme X", "description=Does x")
    assert code == 0
    assert written == (
        "# an app\nclient_name: com.acme.x  # ours\ndisplay_name: Acme X\ndescription: Does x\n"
        "grant_types: [client_credentials]\n"
    )


def test_a_value_yaml_readers_disagree_on_stays_as_written(tmp_path: Path) -> None:
    """`yes` is true to lpmanifest (YAML 1.1) and text to ruamel (1.2): unchanged, it is
    not touched; a new text value that would read otherwise is quoted."""
    text = "client_name: com.acme.x\nquick_launch_enabled: yes\nentry_uri: https://a.example/e\n"
    code, written, _ = edit(tmp_path, text, "description=no")
    assert code == 0
    assert written == (
        "client_name: com.acme.x\ndescription: 'no'\nquick_launch_enabled: yes\n"
        "entry_uri: https://a.example/e\n"
    )


def test_an_alias_whose_value_changed_is_written_fresh_and_says_so(tmp_path: Path) -> None:
    text = (
        "client_name: com.acme.x\n"
        "capabilities:\n"
        "  webhooks:\n"
        f"    {CONTENT}: &hook\n"
        "      endpoint: https://hooks.acme.example/lp\n"
        "    ms.MessagingEventNotification.RichContentEvent: *hook\n"
    )
    code, written, stderr = edit(
        tmp_path, text, f'capabilities.webhooks["{CONTENT}"].endpoint=https://other.example/lp'
    )
    assert code == 0
    assert "the file's comments and layout are not kept: " in stderr
    hooks = yaml.safe_load(written)["capabilities"]["webhooks"]
    assert hooks[CONTENT]["endpoint"] == "https://other.example/lp"
    assert hooks["ms.MessagingEventNotification.RichContentEvent"]["endpoint"] == (
        "https://hooks.acme.example/lp"
    )
    # unchanged, the anchor and alias stay
    code, written, stderr = edit(tmp_path, text)
    assert written == text and "not kept" not in stderr


@pytest.mark.parametrize("path", JSON_FILES, ids=lambda path: path.name)
def test_json_keeps_its_key_order_and_stays_2_space_json(tmp_path: Path, path: Path) -> None:
    original = json.loads(path.read_text(encoding="utf-8"))
    code, written, stderr = edit(
        tmp_path, path.read_text(encoding="utf-8"), "display_name=Renamed", name="m.json"
    )
    assert code == 0, stderr
    expected = {**original, "display_name": "Renamed"} if "display_name" in original else None
    data = json.loads(written)
    if expected is not None:
        assert list(data) == list(original)
        assert data == expected
    assert written == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_a_json_file_edited_to_yaml_and_a_yaml_file_to_json(tmp_path: Path) -> None:
    text = (EXAMPLES / "connector.yaml").read_text(encoding="utf-8")
    code, written, _ = edit(tmp_path, text, "display_name=X", output="out.json")
    assert code == 0
    data = json.loads(written)
    original = yaml.safe_load(text)
    assert list(data) == list(original)
    assert same(data, {**original, "display_name": "X"})
    source = (EXAMPLES / "connector.json").read_text(encoding="utf-8")
    code, written, _ = edit(tmp_path, source, "display_name=X", name="m.json", output="o.yaml")
    assert code == 0
    data = yaml.safe_load(written)
    original = json.loads(source)
    assert list(data) == list(original)
    assert list(data["capabilities"]["webhooks"]) == list(original["capabilities"]["webhooks"])
    assert same(data, {**original, "display_name": "X"})


# -- the way out of a broken file --------------------------------------------------------


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as created:
        yield created


def ask(pipe: PipeInput, source: Path, keys: list[str]) -> tuple[int, QuestionaryTerminal]:
    terminal = QuestionaryTerminal(
        input=pipe, output=DummyOutput(), stream=io.StringIO(), color=ColorChoice.never
    )
    pipe.send_text("".join(keys))
    pipe.close()
    request = Request(from_path=str(source), force=True)
    return run(request, terminal, stderr=io.StringIO()), terminal


def test_broken_yaml_reaches_write_through_the_questions(pipe: PipeInput, tmp_path: Path) -> None:
    source = tmp_path / "broken.yaml"
    shutil.copy(EXAMPLES / "broken.yaml", source)
    keys = [
        ENTER,  # unknown key dispaly_name: rename it to display_name (did you mean)
        ENTER,  # ...AccpetStatusEvent: rename it to ...AcceptStatusEvent
        ENTER,  # client name
        ENTER,  # no other language
        ENTER,  # display name, as renamed
        ENTER,  # description
        ENTER,  # events, as they are
        ENTER,  # endpoints differ: one each
        ENTER,  # ContentEvent: endpoint
        ENTER,  # max retries 6: refused, with the reason
        CTRL_U + "5" + ENTER,
        ENTER,  # no headers
        ENTER,  # AcceptStatusEvent: endpoint
        ENTER,  # max retries: none
        ENTER,  # no headers
        ENTER,  # review: write
    ]
    code, terminal = ask(pipe, source, keys)
    assert code == 0
    assert terminal.refused == [
        (
            "ContentEvent webhook: Max retries",
            "6",
            "max_retries is 6; the maximum is 5 (allowed range: 0 to 5)",
        )
    ]
    original = (EXAMPLES / "broken.yaml").read_text(encoding="utf-8")
    assert changed_lines(original, source.read_text(encoding="utf-8")) == [
        "-dispaly_name: Acme Support Connector",
        "+display_name: Acme Support Connector",
        "-    ms.MessagingEventNotification.AccpetStatusEvent:",
        "+    ms.MessagingEventNotification.AcceptStatusEvent:",
        "-      max_retries: 6",
        "+      max_retries: 5",
    ]


def test_an_unknown_key_may_be_removed_or_renamed_to_any_free_key(
    pipe: PipeInput, tmp_path: Path
) -> None:
    source = tmp_path / "m.yaml"
    source.write_text(
        "client_name: com.acme.x\n"
        "colour: blue  # not ours\n"
        "descriptoin: Does x  # ours\n"
        "# the end\n",
        encoding="utf-8",
    )
    keys = [
        ENTER,  # colour: nothing is close to it; "Remove it" comes first
        DOWN + DOWN + ENTER,  # descriptoin: not description (the first), nor removed: display_name
        ENTER,  # client name
        ENTER,  # no other language
        ENTER,  # display name, as renamed
        "An app" + ENTER,  # description
        ENTER,  # review: write
    ]
    code, _ = ask(pipe, source, keys)
    assert code == 0
    assert source.read_text(encoding="utf-8") == (
        # the renamed key keeps its comment, at the column it was (the longer key leaves one
        # space before it)
        "client_name: com.acme.x\ndisplay_name: Does x # ours\ndescription: An app\n# the end\n"
    )


def test_without_a_terminal_unknown_keys_stay_and_nothing_is_written(tmp_path: Path) -> None:
    text = (EXAMPLES / "broken.yaml").read_text(encoding="utf-8")
    code, _, stderr = edit(tmp_path, text, name="b.yaml", output="out.yaml")
    assert code == 1
    assert stderr.endswith("not written: the manifest has errors\n")


def test_a_value_no_section_asks_about_is_asked_when_it_is_wrong(
    pipe: PipeInput, tmp_path: Path
) -> None:
    source = tmp_path / "m.yaml"
    source.write_text(
        "client_name: com.acme.x\n"
        "capabilities:\n"
        "  webhooks:\n"
        "    retry:\n"
        "      retention_time: -5  # seconds\n"
        f"    {CONTENT}:\n"
        "      endpoint: https://hooks.acme.example/lp\n",
        encoding="utf-8",
    )
    keys = [
        *[ENTER] * 4,  # client name, no other language, display name, description
        *[ENTER] * 4,  # events, endpoint, max retries, no headers
        CTRL_U + "3600" + ENTER,  # the retry policy's retention time, which no section asks
        ENTER,  # review: write
    ]
    code, terminal = ask(pipe, source, keys)
    assert code == 0
    assert [question for question, _, _ in terminal.refused] == []
    # ruamel keeps the comment's column where the longer value leaves room
    assert "retention_time: 3600 # seconds\n" in source.read_text(encoding="utf-8")


def data_of(text: str) -> Any:
    return yaml.safe_load(text)


def test_an_unknown_key_is_never_offered_a_name_liveperson_assigns() -> None:
    from lpmanifest.wizard.unknown_keys import _known_keys

    top = _known_keys(())
    assert "display_name" in top
    assert not {"id", "client_id", "client_secret", "client_id_issued_at"} & set(top)
    assert "broadcast" not in _known_keys(("capabilities",))
    # a misspelt event is offered the canonical spellings only
    assert _known_keys(("capabilities", "webhooks"))[-1] == "retry"
