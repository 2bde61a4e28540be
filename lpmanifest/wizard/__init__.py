"""`lpmanifest new`: the wizard that fills a template and can only write a valid manifest.

    events.py   the webhook events: which keys are events, and the ones offered
    keys.py     answer keys (`capabilities.webhooks["ms.X"].endpoint`) and nested data access
    fields.py   questions and answer checks derived from the bundled schema and templates
    answers.py  answers given up front: `--set KEY=VALUE` and `--answers FILE`
    flow.py     the questions in order, shared by the terminal and non-interactive runs
    review.py   the finished manifest as text, and its findings
    terminal.py the Terminal protocol: what a person is asked through, and Ctrl-B's GoBack
    history.py  the way back: every answer replayed to reach the previous question
    prompts.py  questionary prompts and the rich review (imported only at a terminal)

Exit codes: 0 written; 1 cancelled, or the result has errors (nothing written); 2 usage
(the output exists without `--force`, a refused `--set` or `--answers` value, answers
missing with no terminal);
130 Ctrl-C (nothing written).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from lpmanifest.errors import ExitCode, UsageError, handle
from lpmanifest.findings.model import JsonPath
from lpmanifest.findings.wording import inert
from lpmanifest.wizard.answers import Answers, Missing, collect, load_error, missing_message
from lpmanifest.wizard.fields import AnswerCheck
from lpmanifest.wizard.flow import Flow, Origin, Shape, template_base
from lpmanifest.wizard.keys import set_value
from lpmanifest.wizard.roundtrip import Source
from lpmanifest.wizard.terminal import CANCEL, EDIT, GoBack, Option, Terminal

EXIT_WRITTEN, EXIT_NOT_WRITTEN = ExitCode.OK, ExitCode.FINDINGS
DEFAULT_OUTPUT = "manifest.json"


@dataclass(frozen=True)
class Request:
    """What `lpmanifest new` was asked to do."""

    output: str | None = None
    template: str | None = None
    sets: tuple[str, ...] = ()
    answers_file: str | None = None
    from_path: str | None = None
    yes: bool = False
    force: bool = False


def run(
    request: Request,
    terminal: Terminal | None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the wizard; with no terminal, every answer must be given or have a default."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    output = request.output or request.from_path or DEFAULT_OUTPUT
    _check_output(output, request.force)
    check = AnswerCheck()  # one checker for the whole run: answers given and asked alike
    answers = collect(request.answers_file, request.sets, check)
    try:
        return _session(request, terminal, output, answers, check, out, err)
    # Ctrl-D at a prompt (EOFError): the person is gone as surely as with Ctrl-C.
    except (KeyboardInterrupt, EOFError) as error:
        return handle(error, err, consequence="nothing written")


def _session(
    request: Request,
    terminal: Terminal | None,
    output: str,
    answers: Answers,
    check: AnswerCheck,
    out: TextIO,
    err: TextIO,
) -> int:
    def say(text: str) -> None:
        if terminal is not None:
            terminal.note(text)
        else:
            err.write(f"lpmanifest: {text}\n")

    source = _existing(request.from_path, say) if request.from_path is not None else None
    if terminal is None:
        return _walk(request, None, source, output, answers, check, out, err)
    from lpmanifest.wizard.history import Replay

    replay = Replay(terminal)
    while True:
        try:
            return _walk(request, replay, source, output, answers, check, out, err)
        except GoBack:  # the walk again, every answer before the previous question replayed
            replay.rewind()


def _walk(
    request: Request,
    terminal: Terminal | None,
    source: Source | None,
    output: str,
    answers: Answers,
    check: AnswerCheck,
    out: TextIO,
    err: TextIO,
) -> int:
    """Every question from the first to the review, then the write: one pass of a person's
    answers (run again from the start to go back)."""
    from lpmanifest.wizard.review import finish, print_findings

    base, order = _start(request, terminal, source)
    shape = Shape.of(base)
    for path, value in answers.exact():
        set_value(base, path, value)
    origin: Origin = "file" if source is not None else "template"
    flow = Flow(base, shape, answers, terminal, request.yes, check, origin)
    renames: list[tuple[JsonPath, str]] = []
    while True:
        data = flow.run()
        renames += flow.renames
        if flow.missing or (terminal is None and not request.yes):
            raise UsageError(missing_message(flow.missing, yes=request.yes))
        if source is not None:
            result = finish(data, output, source.edit(renames))
            if result.layout_lost:
                message = f"the file's comments and layout are not kept: {result.layout_lost}"
                if terminal is not None:
                    terminal.note(message)
                else:
                    err.write(f"lpmanifest: {message}\n")
        else:
            result = finish(_ordered(data, order), output)
        if terminal is not None and not request.yes:
            choice = terminal.review(result, output)
            if choice == CANCEL:
                err.write("lpmanifest: cancelled; nothing written\n")
                return EXIT_NOT_WRITTEN
            if choice == EDIT:  # every question again, prefilled with the answers so far
                flow = Flow(data, flow.shape, Answers(), terminal, False, check, "answers")
                continue
        elif terminal is not None:
            terminal.show(result)
        elif result.findings:
            from lpmanifest.output.report import ColorChoice

            print_findings(out, result, ColorChoice.auto)
        if not result.writable:
            err.write(f"lpmanifest: {inert(output)} not written: the manifest has errors\n")
            return EXIT_NOT_WRITTEN
        _write(output, result.text, request.force)
        err.write(f"lpmanifest: wrote {inert(output)}\n")
        return EXIT_WRITTEN


def _start(
    request: Request, terminal: Terminal | None, source: Source | None
) -> tuple[dict[str, Any], list[str]]:
    """The manifest to start from (a fresh copy each pass), and the key order to write it in."""
    from lpmanifest.schema import TEMPLATE_NAMES, load_schema, load_template

    schema_order = list(load_schema()["properties"])
    if source is not None:
        existing = copy.deepcopy(source.data)
        return existing, [*existing, *schema_order]
    name = request.template
    if name is not None and name not in TEMPLATE_NAMES:
        raise UsageError(f"unknown template {name!r}; choose one of {', '.join(TEMPLATE_NAMES)}")
    if name is None and terminal is None:
        option = Missing("--template " + "|".join(TEMPLATE_NAMES), "Template")
        raise UsageError(missing_message([option], yes=request.yes))
    if name is None:
        assert terminal is not None
        choices = [Option(template, _summary(template)) for template in TEMPLATE_NAMES]
        name = terminal.select("Template", choices, default=TEMPLATE_NAMES[0])
    return template_base(load_template(name)), schema_order


def _summary(name: str) -> str:
    """A template described by what it contains."""
    from lpmanifest.schema import load_template

    template = load_template(name)
    parts = list(template.get("grant_types", []))
    parts += list(template.get("capabilities", {}))
    if template.get("quick_launch_enabled"):
        parts.append("quick launch")
    return f"{name}: {', '.join(parts)}"


def _existing(path: str, say: Callable[[str], None]) -> Source:
    """A manifest to edit, without the fields LivePerson assigns (they must not be sent)."""
    from lpmanifest.schema import load_schema, property_schema
    from lpmanifest.source.read import load_file

    doc = load_file(path)
    if not doc.loaded or not isinstance(doc.data, dict):
        raise load_error("--from", path, doc)
    loaded: dict[str, Any] = copy.deepcopy(doc.data)
    data: dict[str, Any] = doc.data
    for key in list(data):
        node = property_schema(load_schema(), (key,))
        if isinstance(node, dict) and node.get("readOnly"):
            del data[key]
            say(f"left out {inert(key)}: LivePerson assigns it, and a manifest must not send it")
    return Source(doc.text, doc.format, loaded, data)


def _ordered(data: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """Top-level keys in `order` (localized names right after client_name), others after."""
    rank = {key: index for index, key in enumerate(dict.fromkeys(order))}
    after_name = rank.get("client_name", -1) + 0.5

    def position(item: tuple[int, str]) -> tuple[float, int]:
        index, key = item
        if key in rank:
            return rank[key], index
        if key.startswith("client_name#"):
            return after_name, index
        return len(rank), index

    keys = sorted(enumerate(data), key=position)
    return {key: data[key] for _, key in keys}


def _check_output(output: str, force: bool) -> None:
    """Refuse up front, before any question, what `_write` would refuse (lpmanifest.output.writes):
    an existing file without --force, a directory, a folder that cannot be written."""
    from lpmanifest.output.writes import check

    check(output, force=force)


def _write(output: str, text: str, force: bool) -> None:
    from lpmanifest.output.writes import write

    write(output, text, force=force)
