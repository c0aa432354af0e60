"""No user-facing sentence outside the catalogue: an AST scan of ``src/dalan`` for English text
handed to an error or problem, and for catalogue ids that the catalogue lacks."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dalan.messages import MESSAGES

SOURCE = Path(__file__).resolve().parents[1] / "src" / "dalan"

#: Constructors of what a user reads: errors, problems, the reasons of a back-test row.
TOLD = {
    "DalanError", "InputError", "ScenarioError", "NoRouteError", "UnknownPlaceError", "ConvergenceError",
    "GraphWeightError", "NotRunnable", "ApiError", "PlaceNotFound", "FieldValueError", "Problem",
}  # fmt: skip

#: Arguments that are labels or codes, not sentences: a problem's record ("line 3", "edit 2"),
#: a back-test reason kind ("not modelled", a catalogue key of ``bt_reason``).
LABEL_ARGUMENT = {"Problem": 0, "NotRunnable": 0}

#: Two words of English in a row: a sentence, not an id ("unknown_cargo") or a label ("line 3").
SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,;:'()]+[A-Za-z]{2,}")

#: (file, text in the call) that may keep English: none today; add one only with a reason.
ALLOWED: set[tuple[str, str]] = set()

#: Catalogue id prefixes of the calls that take ids: ``Class.method`` or a function -> (index of the
#: id argument, prefix), and the hint's (index, prefix) where there is one.
ID_ARGUMENTS = {
    "Problem.of": ((3, "problem."), (4, "hint.")),
    "Said.of": ((0, "problem."), (1, "hint.")),
    "InputError.of": ((0, "problem."),),
    "ScenarioError.about": ((0, "error."),),
    "ApiError.of": ((1, "web."),),
    "FieldValueError": ((0, "problem."), (1, "hint.")),
    "NotRunnable": ((0, "bt_reason."), (1, "bt_note.")),
    "GraphWeightError": ((0, "graph."),),
    "_problem": ((4, "problem."), (5, "hint.")),  # dalan.assignment.tntp
}


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return f"{owner}.{func.attr}" if owner else func.attr
    return ""


def _texts(node: ast.AST) -> Iterator[str]:
    """The literal text in an argument (an f-string's literal parts too), but not in a call
    inside it: that call is scanned on its own."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif not isinstance(node, ast.Call):
        for child in ast.iter_child_nodes(node):
            yield from _texts(child)


def _calls() -> Iterator[tuple[str, ast.Call]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if path == SOURCE / "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield str(path.relative_to(SOURCE)), node


CALLS = list(_calls())


def _sentences(call: ast.Call) -> list[str]:
    """The English sentences handed to an error or problem constructor."""
    name = _name(call)
    if name not in TOLD:
        return []
    skip = LABEL_ARGUMENT.get(name)
    arguments = [a for k, a in enumerate(call.args) if k != skip] + [k.value for k in call.keywords if k.arg != "record"]
    return [text for a in arguments for text in _texts(a) if SENTENCE.search(text)]


def test_no_english_sentence_is_handed_to_an_error_or_a_problem() -> None:
    found = []
    for file, call in CALLS:
        sentences = _sentences(call)
        if sentences and not any((file, s) in ALLOWED for s in sentences):
            found.append(f"{file}:{call.lineno}: {ast.unparse(call)[:120]}")
    assert not found, "English outside dalan/messages.py (add a catalogue entry):\n" + "\n".join(found)


def _ids(call: ast.Call) -> Iterator[str]:
    """The catalogue ids named by literal arguments of ``call``."""
    for index, prefix in ID_ARGUMENTS.get(_name(call), ()):
        if index < len(call.args) and isinstance(arg := call.args[index], ast.Constant) and arg.value:
            yield prefix + str(arg.value)
    for keyword in call.keywords:
        if keyword.arg == "message_id" and isinstance(keyword.value, ast.Constant):
            yield str(keyword.value.value)
    if _name(call) in ("render", "both", "text", "t") and call.args and isinstance(first := call.args[0], ast.Constant):
        yield str(first.value)


def test_every_literal_catalogue_id_exists() -> None:
    missing = []
    for file, call in CALLS:
        for message_id in _ids(call):
            if message_id not in MESSAGES and f"web.{message_id}" not in MESSAGES:
                missing.append(f"{file}:{call.lineno}: {message_id}")
    assert not missing, "catalogue ids that dalan/messages.py lacks:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('raise InputError("the file is empty")', True),
        ('raise ScenarioError(f"{name}: bases form a loop")', True),
        ('Problem("line 3", "quantity", q, "is not a number", "give a number")', True),
        ('Problem.of("line 3", "quantity", q, "not_a_number", "not_a_number")', False),
        ('raise NotRunnable("not modelled", "metric", metric=m)', False),
        ('raise ValueError("an internal precondition")', False),
        ('raise InputError(Problem.of("conical function", "a", a, "must_exceed_one"))', False),
        ('raise GraphWeightError("the tree " + detail)', True),
    ],
)
def test_the_scan_catches_english_sentences(source: str, caught: bool) -> None:
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
    assert bool(_sentences(call)) is caught


def test_the_id_scan_reads_the_ids_of_each_kind_of_call() -> None:
    source = 'Problem.of("r", "f", v, "not_a_number", "above_zero"); ApiError.of(404, "job_unknown"); NotRunnable("unit", "no_unit")'
    ids = [i for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) for i in _ids(n)]
    assert sorted(ids) == ["bt_note.no_unit", "bt_reason.unit", "hint.above_zero", "problem.not_a_number", "web.job_unknown"]
    assert all(i in MESSAGES for i in ids)


def test_no_catalogue_entry_is_written_twice() -> None:
    """A repeated key in the MESSAGES literal silently keeps only the last entry."""
    tree = ast.parse((SOURCE / "messages.py").read_text(encoding="utf-8"))
    table = next(n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "MESSAGES")
    assert isinstance(table, ast.Dict)
    keys = [k.value for k in table.keys if isinstance(k, ast.Constant)]
    assert len(keys) == len(MESSAGES), sorted({k for k in keys if keys.count(k) > 1})
