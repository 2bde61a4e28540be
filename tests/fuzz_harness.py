"""Fuzz targets: functions of raw bytes that must end in findings or a clear error.

Each target feeds its input to one part of lpmanifest and asserts the contract of SPEC's
"Reliability": no exception escapes, the exit code is one SPEC allows, nothing is printed
as a traceback or as the "this is a bug" hint, and every byte printed is inert (no terminal
control sequence, no lone surrogate that would stop a UTF-8 stream).

The same list drives the hypothesis tests (`tests/test_fuzz.py`) and the atheris target
(`bench/fuzz.py`), so a command that lands later joins both with one line in `TARGETS`:

    CliTarget("fix", ["validate", "--fix", "{path}"], writes=True),
    CliTarget("convert", ["convert", "{path}"]),
    CliTarget("convert-yaml", ["convert", "{path}", "--to", "yaml"]),
"""

from __future__ import annotations

import atexit
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lpmanifest.check.checker import Checker
from lpmanifest.cli import main
from lpmanifest.errors import BUG_REPORT
from lpmanifest.findings.model import Finding, Severity
from lpmanifest.rules import LINT_RULES
from lpmanifest.source.document import Document
from lpmanifest.source.read import load_bytes

# How many examples each hypothesis test draws: modest by default so the suite stays fast;
# the long runs set LPMANIFEST_FUZZ_EXAMPLES (see bench/README.md).
EXAMPLES = int(os.environ.get("LPMANIFEST_FUZZ_EXAMPLES", "40"))

# What a report may never contain: C0/C1 controls other than the newline, the bidirectional
# overrides and isolates, lone surrogates.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESC_ALLOWED = re.compile(r"\x1b\[[0-9;]*m")  # colour (SGR) sequences, with --color always


class Crash(AssertionError):
    """A target broke the contract; the message says which part and how."""


def assert_inert(text: str, where: str, colour: bool = False) -> None:
    shown = _ESC_ALLOWED.sub("", text) if colour else text
    found = _UNSAFE.search(shown)
    if found:
        raise Crash(f"{where} prints U+{ord(found.group()):04X} raw: {shown[:300]!r}")


def assert_findings_well_formed(doc: Document, findings: Sequence[Finding]) -> None:
    lines = max(1, len(doc.lines()))
    for finding in findings:
        span = finding.span
        if not (1 <= span.line <= span.end_line and span.column >= 1 and span.end_column >= 1):
            raise Crash(f"bad span {span} in {finding}")
        if span.line > lines + 1:
            raise Crash(f"span {span} past the end ({lines} lines) in {finding}")
        if span.line == span.end_line and span.end_column < span.column:
            raise Crash(f"span ends before it starts: {finding}")
        if not finding.message or not finding.code.startswith("LPM"):
            raise Crash(f"finding without message or code: {finding}")
        assert_inert(finding.message, "a message")
        assert_inert(finding.help or "", "a help line")


# -- in-process targets -------------------------------------------------------------------

_checker: Checker | None = None


def checker() -> Checker:
    global _checker
    if _checker is None:
        _checker = Checker(rules=LINT_RULES)
    return _checker


def load_target(data: bytes) -> None:
    """The loader, as JSON, as YAML and sniffed: findings, never an exception."""
    for name in ("m.json", "m.yaml", "<stdin>"):
        doc = load_bytes(data, name)
        if doc.loaded:
            # Loaded data is JSON data: it serialises, with no NaN and no non-string key.
            json.dumps(doc.data, allow_nan=False)
        elif not doc.findings:
            raise Crash(f"{name}: not loaded, and no finding says why")
        assert_findings_well_formed(doc, doc.findings)


def check_target(data: bytes) -> None:
    """Load, schema and lint rules: every finding located inside the file and printable."""
    for name in ("m.json", "m.yaml"):
        doc = load_bytes(data, name)
        findings = checker().check(doc)
        assert_findings_well_formed(doc, findings)
        if not doc.loaded and not any(f.severity is Severity.ERROR for f in findings):
            raise Crash(f"{name} did not load but has no error")


# -- the command line, in-process --------------------------------------------------------


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(argv: list[str], stdin: bytes = b"") -> CliResult:
    """`lpmanifest.cli.main(argv)` with strict UTF-8 streams, as a real terminal has."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = {
        "stdout": io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True),
        "stderr": io.TextIOWrapper(err, encoding="utf-8", errors="strict", write_through=True),
        "stdin": io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
    }
    saved = {name: getattr(sys, name) for name in streams}
    try:
        for name, stream in streams.items():
            setattr(sys, name, stream)
        code = main(argv)
    finally:
        for name, stream in saved.items():
            setattr(sys, name, stream)
    return CliResult(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


_workdir: str | None = None


def workdir() -> str:
    global _workdir
    if _workdir is None:
        _workdir = tempfile.mkdtemp(prefix="lpmanifest-fuzz-")
        atexit.register(shutil.rmtree, _workdir, ignore_errors=True)
    return _workdir


@dataclass
class CliTarget:
    """One command line over a file holding the input (`{path}` in argv), or over stdin."""

    name: str
    argv: list[str]
    codes: frozenset[int] = frozenset({0, 1})  # a data file never makes a usage error
    report: str = "text"  # what stdout holds: text, json or none
    colour: bool = False
    writes: bool = False  # the command may rewrite the file (--fix)
    suffixes: tuple[str, ...] = (".json", ".yaml")
    stdin: bool = False
    checks: list[Callable[[CliResult, bytes], None]] = field(default_factory=list)

    def __call__(self, data: bytes) -> None:
        for suffix in self.suffixes:
            path = os.path.join(workdir(), f"manifest{suffix}")
            with open(path, "wb") as handle:
                handle.write(data)
            argv = [part.replace("{path}", path) for part in self.argv]
            if self.stdin:
                argv += ["--stdin-filename", f"stdin{suffix}"]
            result = run_cli(argv, data if self.stdin else b"")
            self._verify(result, data, f"{self.name} {suffix}")
            if not self.writes:
                with open(path, "rb") as handle:
                    if handle.read() != data:
                        raise Crash(f"{self.name} changed the file it only reads")

    def _verify(self, result: CliResult, data: bytes, where: str) -> None:
        both = result.stdout + result.stderr
        if result.code not in self.codes:
            raise Crash(f"{where}: exit {result.code}; stderr: {result.stderr[-500:]}")
        if BUG_REPORT in both or "Traceback" in both:
            raise Crash(f"{where}: crashed: {result.stderr[-800:]}")
        assert_inert(result.stdout, f"{where} stdout", self.colour)
        assert_inert(result.stderr, f"{where} stderr")
        if self.report == "json":
            report = json.loads(result.stdout)
            if report["summary"]["files"] != 1:
                raise Crash(f"{where}: the report counts {report['summary']} files")
            if (result.code == 1) != (report["summary"]["errors"] > 0):
                raise Crash(f"{where}: exit {result.code} with {report['summary']}")
        elif self.report == "text":
            shown = _ESC_ALLOWED.sub("", result.stdout) if self.colour else result.stdout
            last = shown.rstrip("\n").rsplit("\n", 1)[-1]
            if not last.startswith(("All checks passed", "Found ")):
                raise Crash(f"{where}: no summary line at the end: {last!r}")
        for check in self.checks:
            check(result, data)


def _converted_json_parses(result: CliResult, data: bytes) -> None:
    if result.code == 0:
        json.loads(result.stdout)  # a conversion that succeeded wrote JSON a reader takes


def _converted_yaml_round_trips(result: CliResult, data: bytes) -> None:
    if result.code != 0:
        return
    from lpmanifest.source.read import load_text

    back = load_text(result.stdout, "converted.yaml")
    if not back.loaded:
        raise Crash(f"convert --to yaml wrote YAML that does not load: {back.findings[:1]}")


# The command lines: every command that reads a manifest, one line each (see the docstring).
CLI_TARGETS = [
    CliTarget("validate", ["validate", "{path}"]),
    CliTarget("validate-json", ["validate", "--format", "json", "{path}"], report="json"),
    CliTarget("validate-colour", ["validate", "--color", "always", "{path}"], colour=True),
    CliTarget("validate-stdin", ["validate", "-"], stdin=True),
    CliTarget("fix", ["validate", "--fix", "{path}"], writes=True),
    CliTarget("convert", ["convert", "{path}"], report="none", checks=[_converted_json_parses]),
    CliTarget(
        "convert-yaml",
        ["convert", "{path}", "--to", "yaml"],
        report="none",
        checks=[_converted_yaml_round_trips],
    ),
]
TARGETS: dict[str, Callable[[bytes], None]] = {
    "load": load_target,
    "check": check_target,
    **{target.name: target for target in CLI_TARGETS},
}


def run_all(data: bytes, names: Sequence[str] | None = None) -> None:
    for name in names or TARGETS:
        try:
            TARGETS[name](data)
        except Crash:
            raise
        except Exception as error:  # anything else escaping a target is a crash too
            raise Crash(f"{name}: {type(error).__name__}: {error}") from error


# -- inputs worth mutating -----------------------------------------------------------------

TOKENS: list[bytes] = [
    b'"',
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b": ",
    b"- ",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b"\x00",
    b"\x1b[31m",
    b"\xef\xbb\xbf",  # a BOM, anywhere
    b"\xff\xfe",
    b"\xc3",  # half a UTF-8 sequence
    b'"\\ud800"',
    b"\\ud800",
    b"\\udfff\\ud800",
    b"\\u0000",
    b"1" * 400,
    b"-1e999999",
    b"1e400",
    b"NaN",
    b"-Infinity",
    b"[" * 70,
    b"]" * 70,
    b"{" * 70,
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!binary ",
    b"!foo ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"? ",
    b"|\n",
    b">-\n",
    b"#",
    b"yes",
    b"2024-01-01",
    b"0x1F",
    b"~",
    b"null",
    b"[bold red]x[/]",
    b"\xe2\x80\xae",  # RIGHT-TO-LEFT OVERRIDE
    b"\xe2\x80\xa8",  # LINE SEPARATOR
    b"\xf0\x9f\x98\x80",  # an emoji (two UTF-16 units, one code point)
    b"client_secret: s3cr3t\n",
]


def seeds() -> Iterator[bytes]:
    """Real manifests in both formats: the documentation's examples and the repository's."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for directory in (
        os.path.join(root, "tests", "examples", "docs"),
        os.path.join(root, "tests", "examples", "liveperson"),
        os.path.join(root, "tests", "examples", "good"),
        os.path.join(root, "examples"),
        os.path.join(root, "templates"),
    ):
        for name in sorted(os.listdir(directory)):
            if name.endswith((".json", ".yaml", ".yml")):
                with open(os.path.join(directory, name), "rb") as handle:
                    yield handle.read()


def mutate(seed: bytes, edits: Sequence[tuple[int, float, int]]) -> bytes:
    """Apply (operation, where as a fraction of the length, which token/byte) edits."""
    data = bytearray(seed)
    for operation, where, which in edits:
        at = int(where * len(data)) if data else 0
        kind = operation % 6
        if kind == 0 and data:  # flip a byte
            data[min(at, len(data) - 1)] ^= 1 << (which % 8)
        elif kind == 1:  # cut the end off
            del data[at:]
        elif kind == 2:  # insert a token
            data[at:at] = TOKENS[which % len(TOKENS)]
        elif kind == 3:  # delete a run
            del data[at : at + 1 + which % 40]
        elif kind == 4:  # repeat a run (duplicate keys, deeper nesting)
            data[at:at] = data[at : at + 1 + which % 200]
        else:  # replace a byte with anything
            if data:
                data[min(at, len(data) - 1)] = which % 256
    return bytes(data)


def json_text(value: Any, style: int) -> bytes:
    """Arbitrary JSON data as text, in a few of the shapes people write."""
    indent = (None, 2, 4, "\t")[style % 4]
    text = json.dumps(value, indent=indent, ensure_ascii=bool(style & 4))
    if style & 8:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8", "surrogatepass") if not style & 4 else text.encode("ascii")
