"""`lpmanifest convert` end to end: what is written, what is refused, where findings point.

Most tests run `main(argv)` in-process with captured stdio; a few run the installed
command in a subprocess, where stdin, exit codes and the absence of tracebacks are real.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpmanifest.cli import main
from lpmanifest.errors import BUG_REPORT
from lpmanifest.output.serialize import dump_json
from lpmanifest.schema import TEMPLATE_NAMES, template_text

DOCS_EXAMPLES = sorted((Path(__file__).parent / "examples" / "docs").glob("*.json"))
# YAML output starts with the data: no modeline pointing at a schema URL nobody serves.
YAML_START = "client_name:"

# A finished manifest as a team keeps it: comments, and one YAML 1.1 boolean (line 7).
MANIFEST_YAML = """\
# Acme's connector (production).
client_name: com.acme.support-connector   # reverse DNS
display_name: Acme Support Connector
description: Relays Acme's in-app chat to Conversational Cloud agents.
grant_types: [client_credentials]
scope: msg.consumer
quick_launch_enabled: no
capabilities:
  webhooks:
    ms.MessagingEventNotification.ContentEvent:
      endpoint: https://hooks.acme.example/liveperson/content
      max_retries: 3          # LivePerson allows 0 to 5
    ms.MessagingEventNotification.AcceptStatusEvent:
      endpoint: https://hooks.acme.example/liveperson/accept-status
"""
MANIFEST_DATA = {
    "client_name": "com.acme.support-connector",
    "display_name": "Acme Support Connector",
    "description": "Relays Acme's in-app chat to Conversational Cloud agents.",
    "grant_types": ["client_credentials"],
    "scope": "msg.consumer",
    "quick_launch_enabled": False,
    "capabilities": {
        "webhooks": {
            "ms.MessagingEventNotification.ContentEvent": {
                "endpoint": "https://hooks.acme.example/liveperson/content",
                "max_retries": 3,
            },
            "ms.MessagingEventNotification.AcceptStatusEvent": {
                "endpoint": "https://hooks.acme.example/liveperson/accept-status"
            },
        }
    },
}
CLEAN_YAML = MANIFEST_YAML.replace("quick_launch_enabled: no", "quick_launch_enabled: false")
# max_retries on line 12, column 20.
BROKEN_YAML = MANIFEST_YAML.replace("max_retries: 3", "max_retries: 6")


class Result:
    def __init__(self, code: int, out: bytes, err: bytes) -> None:
        self.code, self.out_bytes = code, out
        self.out, self.err = out.decode("utf-8"), err.decode("utf-8")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run `lpmanifest convert ...` in-process, with std streams set up as Python's are.

    stdout is strict UTF-8 and stderr escapes what it cannot encode (backslashreplace),
    as Python's own streams do.
    """

    def run(*args: str, stdin: bytes = b"") -> Result:
        out, err = io.BytesIO(), io.BytesIO()
        streams = {
            "stdin": io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
            "stdout": io.TextIOWrapper(out, encoding="utf-8", write_through=True),
            "stderr": io.TextIOWrapper(
                err, encoding="utf-8", errors="backslashreplace", write_through=True
            ),
        }
        for name, stream in streams.items():
            monkeypatch.setattr(sys, name, stream)
        code = main(["convert", *args])
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


FINDING_HEAD = re.compile(r"^\S+:\d+:\d+: (?:error|warning|info) LPM\d+ \([a-z-]+\)", re.MULTILINE)


def finding_lines(err: str) -> list[str]:
    """The `file:line:col: severity CODE (name)` heads of a text report, in order."""
    return FINDING_HEAD.findall(err)


# -- the "Done when" ----------------------------------------------------------------


def test_yaml_with_comments_and_a_yaml11_boolean_converts_with_one_warning(
    cli: Any, here: Path
) -> None:
    write(here / "m.yaml", MANIFEST_YAML)
    result = cli("m.yaml", "-o", "m.json")
    assert result.code == 0
    assert result.out == ""
    assert finding_lines(result.err) == ["m.yaml:7:23: warning LPM301 (yaml-implicit-boolean)"]
    written = (here / "m.json").read_text(encoding="utf-8")
    assert written == dump_json(MANIFEST_DATA)
    assert '"quick_launch_enabled": false' in written
    assert main(["validate", "m.json"]) == 0


def test_an_error_is_shown_at_its_yaml_line_and_nothing_is_written(cli: Any, here: Path) -> None:
    write(here / "m.yaml", BROKEN_YAML)
    result = cli("m.yaml", "-o", "m.json")
    assert result.code == 1
    assert result.out == ""
    assert "m.yaml:12:20: error LPM107 (out-of-range)" in finding_lines(result.err)
    assert "12 |       max_retries: 6" in result.err  # the code frame is the YAML source
    assert "nothing written" in result.err
    assert not (here / "m.json").exists()
    assert os.listdir(here) == ["m.yaml"]  # no temporary file left behind either

    to_stdout = cli("m.yaml")
    assert (to_stdout.code, to_stdout.out_bytes) == (1, b"")


def test_the_project_configuration_applies_as_for_validate(cli: Any, here: Path) -> None:
    write(here / "m.yaml", BROKEN_YAML)
    write(here / ".lpmanifest.toml", 'ignore = ["out-of-range"]\n')
    result = cli("m.yaml", "-o", "m.json")
    assert result.code == 0, result.err
    assert json.loads((here / "m.json").read_text())["capabilities"]["webhooks"]
    write(here / ".lpmanifest.toml", 'ignore = ["no-such-rule"]\n')
    assert cli("m.yaml", "-o", "other.json").code == 2


def test_a_1kb_alias_bomb_is_refused_within_a_second(cli: Any, here: Path) -> None:
    lines = ["client_name: com.acme.app", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 25):
        name, previous = f"l{level}", "a" if level == 1 else f"l{level - 1}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 6) + "]")
    bomb = "\n".join(lines) + "\n"
    assert 1000 <= len(bomb.encode()) <= 1200
    write(here / "bomb.yaml", bomb)
    started = time.perf_counter()
    result = cli("bomb.yaml", "-o", "bomb.json")
    assert time.perf_counter() - started < 1.0
    assert result.code == 1
    assert result.out == ""
    assert "error LPM006 (input-too-large)" in result.err
    assert "expands to more than 100,000 values through its aliases" in result.err
    assert not (here / "bomb.json").exists()


# -- what JSON cannot hold -------------------------------------------------------------------

UNREPRESENTABLE = [
    pytest.param("released: 2024-01-01\n", 2, 11, id="date"),
    pytest.param("released: 2024-01-01 10:00:00+02:00\n", 2, 11, id="timestamp"),
    pytest.param("logo: !!binary aGVsbG8=\n", 2, 7, id="binary-tag"),
    pytest.param("logo: !acme/logo x\n", 2, 7, id="custom-tag"),
    pytest.param("1: x\n", 2, 1, id="int-key"),
    pytest.param("? [a]\n: x\n", 2, 3, id="sequence-key"),
    pytest.param("ratio: .nan\n", 2, 8, id="nan"),
    pytest.param("ratio: .inf\n", 2, 8, id="inf"),
    pytest.param("---\nclient_name: again\n", 2, 1, id="two-documents"),
]


@pytest.mark.parametrize(("tail", "line", "column"), UNREPRESENTABLE)
@pytest.mark.parametrize("validate", [True, False], ids=["validate", "no-validate"])
def test_yaml_that_json_cannot_hold_is_refused_at_its_line(
    cli: Any, here: Path, tail: str, line: int, column: int, validate: bool
) -> None:
    write(here / "m.yaml", "client_name: com.acme.app\n" + tail)
    result = cli("m.yaml", "-o", "m.json", *([] if validate else ["--no-validate"]))
    assert result.code == 1
    assert result.out == ""
    assert finding_lines(result.err) == [f"m.yaml:{line}:{column}: error LPM007 (yaml-not-json)"]
    assert "--no-validate cannot skip it" in result.err
    assert not (here / "m.json").exists()


@pytest.mark.parametrize(
    ("text", "line", "column", "path"),
    [
        ('{"client_name": "a.b",\n  "display_name": "x\\ud800"}\n', 2, 19, "display_name"),
        ('{"client_name": "a.b",\n  "k\\udc00": 1}\n', 2, 3, '["k\\udc00"]'),
    ],
    ids=["in-a-value", "in-a-key"],
)
def test_a_lone_surrogate_cannot_go_to_yaml_and_is_located(
    cli: Any, here: Path, text: str, line: int, column: int, path: str
) -> None:
    write(here / "m.json", text)
    result = cli("m.json", "-o", "m.yaml", "--no-validate")
    assert result.code == 1
    assert f"m.json:{line}:{column}: error LPM002 (invalid-encoding)" in finding_lines(result.err)
    assert f"= path: {path}\n" in result.err
    assert "--no-validate cannot skip it" in result.err
    assert not (here / "m.yaml").exists()


def test_a_lone_surrogate_stays_an_escape_in_json_output(cli: Any, here: Path) -> None:
    write(here / "m.json", '{"client_name": "a.b", "display_name": "x\\ud800y"}\n')
    result = cli("m.json", "--no-validate")
    assert result.code == 0
    assert result.out == '{\n  "client_name": "a.b",\n  "display_name": "x\\ud800y"\n}\n'


# -- --no-validate -----------------------------------------------------------------------------


def test_no_validate_converts_a_manifest_with_errors(cli: Any, here: Path) -> None:
    write(here / "m.yaml", BROKEN_YAML)
    result = cli("m.yaml", "--no-validate")
    assert result.code == 0
    assert result.err == ""
    data = json.loads(result.out)
    assert (
        data["capabilities"]["webhooks"]["ms.MessagingEventNotification.ContentEvent"][
            "max_retries"
        ]
        == 6
    )


def test_no_validate_still_reports_a_duplicate_key_and_converts(cli: Any, here: Path) -> None:
    write(here / "m.json", '{"client_name": "a.b", "client_name": "c.d"}\n')
    refused = cli("m.json", "--to", "yaml")
    assert refused.code == 1
    assert finding_lines(refused.err) == ["m.json:1:24: error LPM005 (duplicate-key)"]
    forced = cli("m.json", "--to", "yaml", "--no-validate")
    assert forced.code == 0
    assert forced.out == "client_name: c.d\n"
    assert "LPM005" in forced.err


# -- formats, stdout, stdin --------------------------------------------------------------------


def test_stdout_json_is_utf8_two_space_indented_with_a_final_newline(cli: Any, here: Path) -> None:
    write(here / "m.yaml", "client_name: com.acme.app\ndisplay_name: Café 日本 😀\n")
    result = cli("m.yaml")
    assert result.code == 0
    assert (
        result.out_bytes
        == ('{\n  "client_name": "com.acme.app",\n  "display_name": "Café 日本 😀"\n}\n').encode()
    )


def test_json_to_yaml_starts_with_the_data_and_converts_back_identically(
    cli: Any, here: Path
) -> None:
    original = dump_json(MANIFEST_DATA)
    write(here / "m.json", original)
    as_yaml = cli("m.json", "--to", "yaml")
    assert as_yaml.code == 0
    assert as_yaml.out.splitlines()[0].startswith(YAML_START)
    assert "yaml-language-server" not in as_yaml.out
    assert "quick_launch_enabled: false\n" in as_yaml.out
    assert "  - client_credentials\n" in as_yaml.out
    write(here / "back.yaml", as_yaml.out)
    back = cli("back.yaml")
    assert (back.code, back.out) == (0, original)


@pytest.mark.parametrize(
    ("args", "expected_start"),
    [
        (["m.json", "-o", "out.yaml"], YAML_START),
        (["m.json", "-o", "out.YML"], YAML_START),
        (["m.json", "-o", "out.yaml", "--to", "yaml"], YAML_START),
        (["m.json", "-o", "out.txt", "--to", "yaml"], YAML_START),
        (["m.json", "-o", "out.txt"], "{"),  # no hint either way: JSON
    ],
)
def test_output_format_comes_from_to_or_the_extension(
    cli: Any, here: Path, args: list[str], expected_start: str
) -> None:
    write(here / "m.json", dump_json(MANIFEST_DATA))
    result = cli(*args)
    assert result.code == 0
    assert (here / args[2]).read_text(encoding="utf-8").startswith(expected_start)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["m.yaml", "-o", "out.json", "--to", "yaml"], "contradicts the output name"),
        (["m.yaml", "-o", "out.yaml", "--to", "json"], "contradicts the output name"),
        (["m.yaml", "--to", "xml"], "--to must be json or yaml"),
        (["missing.yaml"], "no such file"),
        (["m.yaml", "--stdin-filename", "x.yaml"], "--stdin-filename names standard input"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    cli: Any, here: Path, args: list[str], message: str
) -> None:
    write(here / "m.yaml", CLEAN_YAML)
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""
    assert sorted(os.listdir(here)) == ["m.yaml"]


def test_dash_as_output_means_stdout(cli: Any, here: Path) -> None:
    write(here / "m.yaml", CLEAN_YAML)
    result = cli("m.yaml", "-o", "-")
    assert (result.code, result.out) == (0, dump_json(MANIFEST_DATA))
    assert sorted(os.listdir(here)) == ["m.yaml"]


def test_stdin_is_read_and_named_by_stdin_filename(cli: Any) -> None:
    result = cli("-", "--stdin-filename", "team/m.yaml", stdin=BROKEN_YAML.encode())
    assert result.code == 1
    assert "team/m.yaml:12:20: error LPM107 (out-of-range)" in finding_lines(result.err)

    clean = cli("-", stdin=CLEAN_YAML.encode())
    assert clean.code == 0
    assert json.loads(clean.out) == MANIFEST_DATA


def test_stdin_json_converts_to_yaml(cli: Any) -> None:
    result = cli("-", "--to", "yaml", stdin=dump_json(MANIFEST_DATA).encode())
    assert result.code == 0
    assert result.out.startswith("client_name: com.acme.support-connector\n")


def test_anchors_aliases_and_merge_keys_are_expanded(cli: Any, here: Path) -> None:
    write(
        here / "m.yaml",
        "client_name: com.acme.app\n"
        "capabilities:\n"
        "  webhooks:\n"
        "    ms.MessagingEventNotification.ContentEvent: &hook\n"
        "      endpoint: https://hooks.acme.example/lp\n"
        "      max_retries: 3\n"
        "    ms.MessagingEventNotification.RichContentEvent: *hook\n"
        "    ms.MessagingEventNotification.AcceptStatusEvent:\n"
        "      <<: *hook\n"
        "      max_retries: 9\n",
    )
    result = cli("m.yaml")
    assert "m.yaml:10:20: error LPM107 (out-of-range)" in finding_lines(result.err)
    result = cli("m.yaml", "--no-validate")
    hooks = json.loads(result.out)["capabilities"]["webhooks"]
    hook = {"endpoint": "https://hooks.acme.example/lp", "max_retries": 3}
    assert hooks["ms.MessagingEventNotification.ContentEvent"] == hook
    assert hooks["ms.MessagingEventNotification.RichContentEvent"] == hook
    assert hooks["ms.MessagingEventNotification.AcceptStatusEvent"] == {**hook, "max_retries": 9}


def test_a_json_syntax_error_is_located_and_refused(cli: Any, here: Path) -> None:
    write(here / "m.json", '{\n  "client_name": "a.b",\n}\n')
    result = cli("m.json", "--to", "yaml", "--no-validate")
    assert result.code == 1
    assert finding_lines(result.err) == ["m.json:2:23: error LPM001 (syntax-error)"]


def test_a_directory_as_input_is_a_finding(cli: Any, here: Path) -> None:
    (here / "d.yaml").mkdir()
    result = cli("d.yaml")
    assert result.code == 1
    assert "LPM008 (unreadable-file)" in result.err


# -- -o: by lpmanifest.output.writes, never over an existing file without --force, nor the input


def test_an_existing_output_is_kept_without_force_and_replaced_with_it(
    cli: Any, here: Path
) -> None:
    write(here / "m.yaml", CLEAN_YAML)
    write(here / "m.json", "old\n")
    refused = cli("m.yaml", "-o", "m.json")
    assert refused.code == 2
    assert "already exists; use --force" in refused.err
    assert (here / "m.json").read_text(encoding="utf-8") == "old\n"

    forced = cli("m.yaml", "-o", "m.json", "--force")
    assert forced.code == 0
    assert "wrote m.json" in forced.err
    assert (here / "m.json").read_text(encoding="utf-8") == dump_json(MANIFEST_DATA)


def test_a_refused_conversion_leaves_an_existing_output_alone(cli: Any, here: Path) -> None:
    write(here / "m.yaml", BROKEN_YAML)
    write(here / "m.json", "old\n")
    result = cli("m.yaml", "-o", "m.json", "--force")
    assert result.code == 1
    assert (here / "m.json").read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("spelling", ["m.json", "./m.json", "sub/../m.json", "{here}/m.json"])
def test_the_input_is_never_overwritten_whatever_the_spelling(
    cli: Any, here: Path, spelling: str
) -> None:
    (here / "sub").mkdir()
    original = dump_json(MANIFEST_DATA)
    write(here / "m.json", original)
    result = cli("m.json", "-o", spelling.format(here=here), "--force")
    assert result.code == 2
    assert "refusing to write over the input file" in result.err
    assert (here / "m.json").read_text(encoding="utf-8") == original


def test_the_input_is_never_overwritten_through_a_symlink_or_hard_link(
    cli: Any, here: Path
) -> None:
    original = dump_json(MANIFEST_DATA)
    write(here / "m.json", original)
    os.symlink(here / "m.json", here / "link.json")
    os.link(here / "m.json", here / "hard.json")
    for output in ("link.json", "hard.json"):
        result = cli("m.json", "-o", output, "--force")
        assert result.code == 2, output
        assert "refusing to write over the input file" in result.err
    # And the other way round: the input named through the link.
    result = cli("link.json", "-o", "m.json", "--force")
    assert result.code == 2
    assert (here / "m.json").read_text(encoding="utf-8") == original
    assert (here / "link.json").is_symlink()


def test_an_output_directory_or_missing_folder_is_a_usage_error(cli: Any, here: Path) -> None:
    write(here / "m.yaml", CLEAN_YAML)
    (here / "out.json").mkdir()
    directory = cli("m.yaml", "-o", "out.json", "--force")
    assert directory.code == 2
    assert directory.err == "lpmanifest: error: out.json is a directory; name a file to write\n"
    missing = cli("m.yaml", "-o", "nowhere/m.json")
    assert missing.code == 2
    assert missing.err == (
        "lpmanifest: error: cannot write nowhere/m.json: the directory nowhere does not exist\n"
    )


def test_ctrl_c_while_writing_exits_130_and_leaves_no_file(
    cli: Any, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lpmanifest.output.writes

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(lpmanifest.output.writes, "_write_file", interrupted)
    write(here / "m.yaml", CLEAN_YAML)
    result = cli("m.yaml", "-o", "m.json")
    assert result.code == 130
    assert sorted(os.listdir(here)) == ["m.yaml"]


# -- templates and LivePerson's examples ---------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_converts_to_yaml_and_back_identically(
    cli: Any, here: Path, name: str
) -> None:
    original = template_text(name)
    assert original == dump_json(json.loads(original))  # templates are in the one JSON style
    write(here / "t.json", original)
    as_yaml = cli("t.json", "-o", "t.yaml", "--no-validate")
    assert as_yaml.code == 0
    back = cli("t.yaml", "--no-validate")
    assert (back.code, back.out) == (0, original)


@pytest.mark.parametrize("example", DOCS_EXAMPLES, ids=lambda path: path.name)
def test_every_docs_example_converts_to_yaml_and_back_identically(
    cli: Any, here: Path, example: Path
) -> None:
    data = json.loads(example.read_text(encoding="utf-8"))
    write(here / "e.json", example.read_text(encoding="utf-8"))
    # The examples hold placeholders: the point here is the conversion, not the findings.
    as_yaml = cli("e.json", "--to", "yaml", "--no-validate")
    assert as_yaml.code == 0
    write(here / "e.yaml", as_yaml.out)
    back = cli("e.yaml", "--no-validate")
    assert (back.code, back.out) == (0, dump_json(data))


@pytest.mark.parametrize(
    "source",
    [*(f"template:{name}" for name in TEMPLATE_NAMES), *(path.name for path in DOCS_EXAMPLES)],
)
def test_convert_refuses_exactly_what_validate_fails(cli: Any, here: Path, source: str) -> None:
    # Whatever the lint rules decide about placeholders, convert agrees with validate.
    if source.startswith("template:"):
        text = template_text(source.split(":", 1)[1])
    else:
        text = (Path(__file__).parent / "examples" / "docs" / source).read_text(encoding="utf-8")
    write(here / "m.json", text)
    validated = main(["validate", "--quiet", "m.json"])
    result = cli("m.json", "-o", "m.yaml")
    assert result.code == validated
    assert (here / "m.yaml").exists() == (validated == 0)


# -- no traceback, whatever the input ----------------------------------------------------------

YAMLISH_PIECES = [
    "a", ":", " ", "\n", "- ", "&x ", "*x", "!t ", "<<", "[", "]", "{", "}", ",", "?",
    "'", '"', "#", "|", ">", "\t", "---", "2024-01-01", ".nan", "~", "no", "\x00", "é",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(YAMLISH_PIECES), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(yamlish.map(str.encode), st.binary(max_size=200)), st.sampled_from(["json", "yaml"])
)
def test_no_input_makes_convert_crash(cli: Any, data: bytes, target: str) -> None:
    for name in ("in.yaml", "in.json"):
        result = cli("-", "--stdin-filename", name, "--to", target, stdin=data)
        assert result.code in (0, 1), result.err
        assert BUG_REPORT not in result.err
        assert "Traceback" not in result.err
        if result.code == 1:
            assert result.out == ""


def test_the_installed_command_reads_stdin_and_never_shows_a_traceback(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "lpmanifest", "convert", "-", "--stdin-filename", "m.yaml"]
    good = subprocess.run(command, input=CLEAN_YAML.encode(), capture_output=True, check=False)
    assert good.returncode == 0
    assert json.loads(good.stdout) == MANIFEST_DATA
    bad = subprocess.run(command, input=b"a: [\n\xff", capture_output=True, check=False)
    assert bad.returncode == 1
    assert b"Traceback" not in bad.stderr
    assert bad.stdout == b""
