"""Nothing injected: manifest text reaches the terminal as data, in every place it is shown.

A key or value can hold console markup (`[bold]`), ANSI escape sequences (which repaint the
screen or set the window title), carriage returns, bidirectional overrides (which reorder
what is shown) or lone surrogates (which stop a UTF-8 stream). Each place a report shows
manifest text is checked, in the text format with and without colour and in JSON: the
file name, the message, the help line, the code frame and the path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import CONTENT, FINISHED
from .fuzz_harness import assert_inert, run_cli

HOSTILE = "[bold red]x[/]\x1b[2J\x1b]0;pwned\x07\r\u202e"
SHOWN = "[bold red]x[/]\\x1b[2J\\x1b]0;pwned\\x07\\r\\u202e"  # the same, made visible

FORMATS = [
    ("text", ["--color", "never"]),
    ("colour", ["--color", "always"]),
    ("json", ["--format", "json"]),
]


def report(path: Path, flags: list[str]) -> str:
    result = run_cli(["validate", *flags, str(path)])
    assert result.code == 1, result.stderr
    assert_inert(result.stdout, "stdout", colour="always" in flags)
    assert_inert(result.stderr, "stderr")
    return result.stdout


def texts(out: str, kind: str) -> str:
    """What a reader sees: colour taken out, JSON strings decoded (JSON escapes, not ours)."""
    if kind == "colour":
        return re.sub(r"\x1b\[[0-9;]*m", "", out)
    if kind != "json":
        return out
    findings = json.loads(out)["findings"]
    return "\n".join(str(value) for finding in findings for value in finding.values())


def manifest(tmp_path: Path, data: Any, name: str = "m.json") -> Path:
    path = tmp_path / name
    # JSON escapes the C0 controls (\u001b); the bidi override stays raw, for the frame.
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def variant(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(FINISHED))
    hook = data["capabilities"]["webhooks"][CONTENT]
    for key, value in changes.items():
        if key in hook:
            hook[key] = value
        elif key in data["capabilities"]["engagement"]:
            data["capabilities"]["engagement"][key] = value
        else:
            data[key] = value
    return data


@pytest.mark.parametrize(("kind", "flags"), FORMATS, ids=[kind for kind, _ in FORMATS])
def test_a_hostile_key_in_message_help_and_path(
    tmp_path: Path, kind: str, flags: list[str]
) -> None:
    out = report(manifest(tmp_path, {**FINISHED, "display" + HOSTILE: "x"}), flags)
    shown = texts(out, kind)
    if kind == "json":  # JSON carries the key as data; json.loads gives it back exactly
        assert ("display" + HOSTILE) in shown or ("display" + SHOWN) in shown
    else:
        assert f"unknown key 'display{SHOWN}' in the manifest" in shown  # the message
        assert f'= path: ["display{SHOWN}"]' in shown  # the path line
        assert "= help: allowed keys here: client_name, display_name" in shown


@pytest.mark.parametrize(("kind", "flags"), FORMATS, ids=[kind for kind, _ in FORMATS])
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"goal": ["sales" + HOSTILE]}, "is not an allowed value of goal"),
        ({"max_retries": "3" + HOSTILE}, "it must be an integer"),
        ({"endpoint": "http://h.example/" + HOSTILE}, "must start with https://"),
        ({"description": "d" * 250 + HOSTILE}, "the maximum is 256"),
        ({"client_name#" + HOSTILE: "x"}, "does not end in a language tag"),
        ({"goal": "service" + HOSTILE}, "the canonical form is an array"),
    ],
    ids=["enum", "type", "pattern", "length", "localized-key", "rule-help"],
)
def test_hostile_values_in_every_kind_of_message(
    tmp_path: Path, kind: str, flags: list[str], change: dict[str, Any], message: str
) -> None:
    out = report(manifest(tmp_path, variant(**change)), flags)
    assert message in texts(out, kind)
    if kind != "json" and "maximum" not in message:  # a length message shows no value
        assert "\\x1b[2J" in out or "…" in out  # the value, escaped (or cut short)
    if kind == "text" and "maximum" not in message:  # (the long line's frame is cut short)
        assert "\ufffd" in out  # the frame shows the raw bidi override as a replacement


@pytest.mark.parametrize(("kind", "flags"), FORMATS, ids=[kind for kind, _ in FORMATS])
def test_raw_control_characters_in_the_code_frame(
    tmp_path: Path, kind: str, flags: list[str]
) -> None:
    """A raw ESC in a JSON string is a syntax error whose frame shows the line: as
    control pictures, with the caret still under the right character."""
    path = tmp_path / "m.json"
    path.write_text('{\n  "client_name": "x\x1b[2J\x07\u202ey"\n}\n', encoding="utf-8")
    out = report(path, flags)
    if kind == "text":
        lines = out.splitlines()
        assert lines[0].startswith(f"{path}:2:20: error LPM001 (syntax-error)")
        assert '2 |   "client_name": "x\u241b[2J\u2407\ufffdy"' in lines
        caret = lines[lines.index('2 |   "client_name": "x\u241b[2J\u2407\ufffdy"') + 1]
        assert caret.index("^") == len('2 |   "client_name": "x')


@pytest.mark.parametrize(("kind", "flags"), FORMATS, ids=[kind for kind, _ in FORMATS])
def test_lone_surrogates_print(tmp_path: Path, kind: str, flags: list[str]) -> None:
    """`"\\ud800"` is valid JSON text for a lone surrogate, which no UTF-8 output can hold:
    once it stopped the text report with an encoding error."""
    path = tmp_path / "m.json"
    path.write_text('{"client_name": "x", "dis\\ud800": "\\udfff"}\n')
    out = report(path, flags)
    if kind != "json":
        assert "unknown key 'dis\\ud800' in the manifest" in out


@pytest.mark.parametrize(("kind", "flags"), FORMATS, ids=[kind for kind, _ in FORMATS])
def test_hostile_file_names(tmp_path: Path, kind: str, flags: list[str]) -> None:
    """The file name is text from outside too, and not always UTF-8."""
    names = ["[bold]\x1b[31mred\r\u202e.json", "latin1-\udcff.json"]
    for name in names:
        path = tmp_path / name
        data = json.dumps({**FINISHED, "dispaly_name": "x"}).encode()
        with open(str(path).encode("utf-8", "surrogateescape"), "wb") as handle:
            handle.write(data)
        out = report(path, flags)
        if kind == "json":
            assert json.loads(out)["findings"][0]["file"] in (
                str(path),
                str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"),
            )
        else:
            shown = name.replace("\x1b", "\\x1b").replace("\r", "\\r")
            shown = shown.replace("\u202e", "\\u202e").replace("\udcff", "\\udcff")
            assert f"{tmp_path / shown}" in out and ":1:" in out


def test_usage_errors_echo_arguments_inertly(tmp_path: Path) -> None:
    cases = [
        ["validate", str(tmp_path / "nope\x1b[31m.json")],
        ["validate", "--format", "\x1b[31mred", "m.json"],
        ["validate", "--\x1b[31mred", "m.json"],
        ["validate", "--select", "\x1b]0;t\x07", "m.json"],
        ["\x1b[31mcommand"],
    ]
    for argv in cases:
        result = run_cli(argv)
        assert result.code == 2, argv
        assert_inert(result.stderr, f"stderr of {argv!r}")
        assert "\\x1b" in result.stderr, result.stderr  # the argument, made visible


@pytest.mark.parametrize("target", ["json", "yaml"])
def test_converted_output_escapes_terminal_controls_and_round_trips(
    tmp_path: Path, target: str
) -> None:
    """Bidi overrides and C1 controls are legal in strings; written raw they act on a terminal."""
    from lpmanifest.source.read import load_text

    data = {"client_name": "com.acme.a\u202eb\x85c\x9b", "display_name\u2066": "日本"}
    source = tmp_path / "m.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli(["convert", "--no-validate", "--to", target, str(source)])
    assert result.code == 0, result.stderr
    for char in "\u202e\x85\x9b\u2066":
        assert char not in result.stdout
    assert "日本" in result.stdout  # other Unicode stays readable
    back = load_text(result.stdout, f"out.{target}")
    assert back.loaded and back.data == data


def test_findings_themselves_hold_inert_text() -> None:
    """The API hands findings to other programs: their messages and help lines are inert
    too, not only the reports. (atheris found table-spelling's help line, `write [...]`,
    and secret-in-manifest's message, which names the path, carrying a raw bidirectional
    override.)"""
    from lpmanifest import validate_data

    data = variant(goal="service" + HOSTILE, target_audience="x" + HOSTILE)
    data["extra" + HOSTILE] = [{"client_secret": "s3cr3t-value"}]  # a path in a message
    findings = validate_data(data)
    names = {finding.name for finding in findings}
    assert names >= {"table-spelling", "invalid-value", "secret-in-manifest"}
    for finding in findings:
        assert_inert(finding.message, "a message")
        assert_inert(finding.help or "", "a help line")
