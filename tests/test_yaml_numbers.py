"""Numbers that readers disagree on, whole numbers written as fractions, and duplicate YAML
keys whose kept value is what findings point at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from lpmanifest.output.serialize import dump_yaml
from lpmanifest.source.read import load_text

from .lint_support import apply_fix, check, run_cli, where

HOOK = ("capabilities", "webhooks", "cqm.ExConversationChangeNotification")


def _yaml_with(value: str, key: str = "header_value") -> str:
    return (
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    cqm.ExConversationChangeNotification:\n      endpoint: https://h.acme.com/x\n"
        f"      headers:\n        - header_name: X-Acme\n          {key}: {value}\n"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0644", "'0644' is read as the octal number 420 by YAML 1.1, as here, and as 644"),
        ("-017", "'-017' is read as the octal number -15 by YAML 1.1"),
        ("12:30:15", "'12:30:15' is read as 45015 (base 60) by YAML 1.1"),
        ("0b1010", "'0b1010' is read as the binary number 10 by YAML 1.1"),
        ("2_048", "'2_048' is read as 2048 by YAML 1.1"),
        ("6.02e23", "'6.02e23' is read as text by YAML 1.1, as here, and as the number 6.02e+23"),
        ("-4e2", "as the number -400.0 by YAML 1.2 readers"),
        ("0o755", "'0o755' is read as text by YAML 1.1, as here, and as the number 493"),
    ],
)
def test_each_disagreement_is_named_at_its_value(written: str, message: str) -> None:
    [finding] = check(_yaml_with(written), "yaml", select="yaml-implicit-number")
    assert (finding.span.line, finding.span.column) == (8, 25)
    assert finding.path == (*HOOK, "headers", 0, "header_value")
    assert message in finding.message
    assert finding.help


@pytest.mark.parametrize("written", ["'0644'", '"1e3"', "644", "0x1F", "07", "1.5"])
def test_values_that_every_reader_reads_alike_are_quiet(written: str) -> None:
    assert check(_yaml_with(written), "yaml", select="yaml-implicit-number") == []


def test_quoting_keeps_what_pyyaml_read() -> None:
    text = _yaml_with("1e3")
    [finding] = check(text, "yaml", select="yaml-implicit-number")
    fixed = apply_fix(text, finding)
    assert "header_value: '1e3'\n" in fixed
    before, after = load_text(text, "m.yaml").data, load_text(fixed, "m.yaml").data
    assert before == after
    assert check(fixed, "yaml", select="yaml-implicit-number") == []


def test_a_number_read_differently_has_no_automatic_fix() -> None:
    [finding] = check(_yaml_with("0644"), "yaml", select="yaml-implicit-number")
    assert finding.fix is None  # 420 or 644: only the author knows


# -- whole numbers written as fractions --------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "text", "number"),
    [
        ("json", '{"client_name": "com.acme.app", "enabled_for_profiles": [4.0e0]}', "4.0e0"),
        (
            "yaml",
            "client_name: com.acme.app\nenabled_for_profiles: [1736283510.0]\n",
            "1736283510.0",
        ),
    ],
)
def test_fix_writes_the_integer_and_the_data_is_an_integer(
    tmp_path: Path, fmt: str, text: str, number: str
) -> None:
    path = tmp_path / f"m.{fmt}"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--isolated", "--fix", path)
    assert result.code == 0, result.out
    written = path.read_text(encoding="utf-8")
    assert written == text.replace(number, str(int(float(number))))
    [profile] = load_text(written, path.name).data["enabled_for_profiles"]
    assert isinstance(profile, int)
    assert check(written, fmt, select="float-for-integer") == []  # type: ignore[arg-type]


def test_a_quoted_fraction_is_the_schemas_wrong_type_not_this_rule() -> None:
    findings = check('{"enabled_for_profiles": ["3.0"]}')
    assert [f.name for f in findings if f.path == ("enabled_for_profiles", 0)] == ["wrong-type"]


# -- convert quotes what another reader would read as something else ---------------------------


def test_convert_quotes_strings_other_readers_take_for_numbers_or_booleans(tmp_path: Path) -> None:
    values = ["1e3", "0o17", "y", "N", "0644", "1:30", "+12", ".5", "x1e3", "Acme"]
    data = {
        "client_name": "com.acme.app",
        "capabilities": {
            "webhooks": {
                "cqm.ExConversationChangeNotification": {
                    "endpoint": "https://h.acme.com/x",
                    "headers": [
                        {"header_name": f"X-Acme-{i}", "header_value": value}
                        for i, value in enumerate(values)
                    ],
                }
            }
        },
    }
    source = tmp_path / "m.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("convert", source, "--to", "yaml")
    assert result.code == 0, result.err
    for value in values[:-2]:
        assert f"header_value: '{value}'\n" in result.out, value
    assert "header_value: x1e3\n" in result.out and "header_value: Acme\n" in result.out
    assert yaml.safe_load(result.out) == data
    assert load_text(dump_yaml(data), "m.yaml").data == data


# -- duplicate YAML keys: the value kept is the value located ----------------------------------


def test_findings_about_the_kept_value_point_at_it() -> None:
    text = (
        "client_name: com.acme.app\ncapabilities:\n  webhooks:\n"
        "    cqm.ExConversationChangeNotification:\n"
        "      endpoint: https://h.acme.com/x\n      max_retries: 2\n      max_retries: 8\n"
    )
    assert where(check(text, "yaml")) == [
        ("duplicate-key", 7, 7, (*HOOK, "max_retries")),
        ("out-of-range", 7, 20, (*HOOK, "max_retries")),
    ]


def test_the_replaced_value_and_its_children_are_not_located() -> None:
    text = (
        "client_name: com.acme.app\n"
        "capabilities:\n  webhooks:\n    bogus_event: {endpoint: http://x}\n"
        "capabilities:\n  engagement:\n    design_window: 1\n"
    )
    found = where(check(text, "yaml"))
    assert ("duplicate-key", 5, 1, ("capabilities",)) in found
    # Only the kept value's problems, at its lines: the first capabilities is gone.
    others = [item for item in found if item[0] != "duplicate-key"]
    assert others and all(line >= 6 for _, line, _, _ in others), others
    assert not any("bogus_event" in str(path) for *_, path in others)
