"""Scenario files (TOML): name, titles, base, edits, costing overrides, OD pairs.

```toml
name = "rasht-astara"
title_en = "Rasht–Astara railway operational"
title_fa = "بهره‌برداری از راه‌آهن رشت–آستارا"
base = "baseline"                 # "embedded" (the default network) or another scenario
source = "..."

[[edit]]                          # set attributes of a link found by id or by its ends and mode
action = "set"
link = { from = "IR_AST", to = "IR_RAS", mode = "rail" }
values = { status = "operational", speed_kmh = 22.0 }

[[edit]]                          # add a link (or a place: place = { id = ..., ... })
action = "add"
link = { id = "X1", from = "A", to = "B", mode = "ferry", length_km = 300.0 }

[[edit]]
action = "remove"
place = "IR_NOR"

[[edit]]                          # set every link a group covers: chokepoint:NAME, border:AA-BB,
action = "set"                    # corridor:TAG, places:ID,ID (every link at any of them; as in the
link = "chokepoint:hormuz"        # dated history), optionally of some modes
modes = ["sea"]
values = { status = "closed" }

[costing]                         # top-level costing parameters
border_dwell_factor = 0.8

[od]
pairs = [["PL_WAW", "IR_BND"], ["RU_MOW", "IR_BND"]]
```
Every edit is checked before any is applied; each problem names the file, line and a hint.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dalan.errors import InputError, Problem, Said, ScenarioError, os_reason
from dalan.messages import Text, both, text
from dalan.network._convert import (
    FieldValueError,
    converters,
    required_fields,
    to_float,
)
from dalan.network.history import missing_place_problems, target_links, target_problem
from dalan.network.model import MODES, Link, Network, Place
from dalan.network.rules import Rule, rules_from_tables
from dalan.network.search import closest
from dalan.network.validation import number_problem, record_number_problems, validate
from dalan.scenarios.edits import Edit, Target, field_names

COSTING_KEYS = ("carbon_price_usd_per_t", "border_dwell_factor", "voyage_border_h", "deep_sea_min_speed_kmh")
#: (low, high, low_open, what) of each costing override: finite and inside, or the scenario is refused.
COSTING_RULES: dict[str, tuple[float, float, bool, Text]] = {
    "carbon_price_usd_per_t": (0.0, 100_000.0, False, both("what.usd_per_t_co2e")),
    "border_dwell_factor": (0.0, 100.0, True, both("what.dwell_factor")),
    "voyage_border_h": (0.0, 24.0 * 365, False, both("what.hours")),
    "deep_sea_min_speed_kmh": (0.0, 100.0, True, both("what.km_h")),
}


@dataclass(frozen=True)
class ScenarioSpec:
    """A parsed scenario file, not yet applied."""

    name: str
    title_en: str
    title_fa: str
    base: str
    edits: tuple[dict[str, Any], ...]
    costing: dict[str, float]
    od_pairs: tuple[tuple[str, str], ...]
    source: str
    file: str
    text: str
    rules: tuple[Rule, ...] = ()
    source_fa: str = ""

    def source_in(self, lang: str = "en") -> str:
        """The sources in ``lang`` (``source_fa`` in Persian, where the file gives it)."""
        return self.source_fa if lang == "fa" and self.source_fa else self.source

    def line_of(self, needle: str) -> int:
        """The first line of the file that mentions ``needle`` (for error messages), else 0."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if needle in line:
                return number
        return 0


def _toml_error(file: str, exc: tomllib.TOMLDecodeError) -> ScenarioError:
    """The parser's message with its line, as one ScenarioError naming the file."""
    line = getattr(exc, "lineno", None)
    where = f"line {line}" if line else "file"
    message = getattr(exc, "msg", None) or str(exc)
    return ScenarioError.of([Problem.of(where, "toml", "", "not_toml", "toml_line", file, error=message)])


def _costing_problems(costing: Any, file: str) -> list[Problem]:
    """Each costing override that is unknown, not a number, not finite or out of range."""
    if not isinstance(costing, dict):
        return [Problem.of("[costing]", "costing", costing, "must_be_table", "costing_table", file)]
    problems = []
    for key, value in costing.items():
        rule = COSTING_RULES.get(key)
        if rule is None:
            problems.append(Problem.of("[costing]", key, value, "unknown_costing_key", "choices", file, choices=tuple(COSTING_KEYS)))
            continue
        low, high, low_open, what = rule
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem.of("[costing]", key, value, "not_a_number", "what_as_number", file, what=what))
        elif not math.isfinite(value):
            problems.append(Problem.of("[costing]", key, value, "not_finite", "what_as_finite", file, what=what))
        elif (value <= low if low_open else value < low) or value > high:
            bound = both("bound.above_at_most" if low_open else "bound.from_to", low=low, high=high)
            problems.append(Problem.of("[costing]", key, value, "must_be_bound", "what_bound", file, what=what, bound=bound))
    return problems


def parse_spec(text: str, file: str) -> ScenarioSpec:
    """Parse scenario TOML; ScenarioError (naming the file, line or key, and a hint) when malformed."""
    if not isinstance(text, str):
        raise ScenarioError.about("not_toml_text", file=file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(file, exc) from None
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError.about("scenario_name", file=file)
    problems: list[Problem] = []
    for key in ("title_en", "title_fa", "base", "source", "source_fa"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem.of("scenario", key, data[key], "must_be_text", "text_example", file, key=key))
    costing = data.get("costing", {})
    problems += _costing_problems(costing, file)
    edits = data.get("edit", [])
    if not isinstance(edits, list) or not all(isinstance(e, dict) for e in edits):
        problems.append(Problem.of("edit", "edit", "", "list_of_tables", "each_edit", file))
    od = data.get("od", {})
    raw_pairs: Any = od.get("pairs", ()) if isinstance(od, dict) else None
    if not isinstance(raw_pairs, list | tuple) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x.strip() for x in p) for p in raw_pairs
    ):
        problems.append(Problem.of("[od]", "pairs", raw_pairs, "od_pairs", "od_pairs", file))
    rules: tuple[Rule, ...] = ()
    try:
        rules = rules_from_tables(data.get("rule", []), file)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise ScenarioError.of(problems)
    pairs = tuple(tuple(p) for p in raw_pairs)
    return ScenarioSpec(
        name=name,
        title_en=str(data.get("title_en", name)),
        title_fa=str(data.get("title_fa", data.get("title_en", name))),
        base=str(data.get("base", "embedded")),
        edits=tuple(edits),
        costing=dict(costing),
        od_pairs=pairs,
        source=str(data.get("source", "")),
        source_fa=str(data.get("source_fa", "")),
        file=file,
        text=text,
        rules=rules,
    )


def is_group(ref: Any) -> bool:
    """Whether a link reference names a group of links (``places:…``, ``chokepoint:…``, ``border:…``, ``corridor:…``)."""
    return isinstance(ref, str) and ":" in ref


def _group_links(spec: ScenarioSpec, network: Network, raw: dict[str, Any], problems: list[Problem], where: str) -> list[str]:
    """The ids of the links a group reference covers (of the edit's ``modes`` when given)."""
    ref, modes = raw["link"], raw.get("modes", [])
    if not isinstance(modes, list) or not all(isinstance(m, str) and m in MODES for m in modes):
        problems.append(Problem.of(where, "modes", modes, "list_of_modes", "some_modes", spec.file, modes=MODES))
        return []
    found = target_problem(ref)
    if found:
        problems.append(found.problem(where, "link", ref, spec.file))
        return []
    missing = missing_place_problems(network, ref, where, "link", spec.file)
    if missing:
        problems.extend(missing)
        return []
    links = [ln.id for ln in target_links(network, ref, modes)]
    if not links:
        hint = "check_group_modes" if modes else "check_group"
        problems.append(Problem.of(where, "link", ref, "covers_no_link", hint, spec.file, modes=tuple(modes)))
    return links


def _find_link(spec: ScenarioSpec, network: Network, ref: Any, problems: list[Problem], where: str) -> str | None:
    """A link id from ``"L013"`` or ``{from, to, mode}`` (ends in either order)."""
    if isinstance(ref, str):
        if network.has_link(ref):
            return ref
        close = closest(ref, [ln.id for ln in network.links])
        problems.append(Problem.of(where, "link", ref, "no_such_link", "did_you_mean" if close else "", spec.file, suggestions=close))
        return None
    if isinstance(ref, dict) and {"from", "to", "mode"} <= set(ref) and all(isinstance(ref[k], str) for k in ("from", "to", "mode")):
        ends = {ref["from"], ref["to"]}
        found = [ln.id for ln in network.links if {ln.from_id, ln.to_id} == ends and ln.mode == ref["mode"]]
        if len(found) == 1:
            return found[0]
        mode = Text(ref["mode"], text(ref["mode"], "fa") if ref["mode"] in MODES else ref["mode"])
        if found:
            problems.append(Problem.of(where, "link", ref, "several_links", "link_by_id", spec.file, mode=mode, ids=tuple(found)))
        else:
            close = tuple(c for p in sorted(ends) if not network.has_place(p) for c in closest(p, [q.id for q in network.places]))
            problems.append(Problem.of(where, "link", ref, "no_link", "ends_and_mode_guess" if close else "ends_and_mode", spec.file, mode=mode, suggestions=close))
        return None
    problems.append(Problem.of(where, "link", ref, "link_ref", "", spec.file))
    return None


_PLACE_CONVERTERS = converters(Place, skip=())
_LINK_CONVERTERS = converters(Link, skip=("geometry",))


def _converters(target: str) -> dict[str, Any]:
    return _PLACE_CONVERTERS if target == "place" else _LINK_CONVERTERS


def _convert(target: str, name: str, value: Any) -> tuple[Any, Said | None]:
    """``value`` converted for field ``name`` of a place/link, or ``(None, why)``."""
    if name == "geometry" and target == "link":
        if value is None:
            return None, None
        try:
            if not isinstance(value, list) or len(value) < 2 or not all(isinstance(pt, list) and len(pt) == 2 for pt in value):
                raise FieldValueError("not_a_line", "line")
            return tuple((to_float(pt[0]), to_float(pt[1])) for pt in value), None
        except FieldValueError as error:
            return None, error.said
    convert = _converters(target).get(name)
    if convert is None:
        close = closest(name, sorted(_converters(target)))
        return None, Said.of("unknown_field", "did_you_mean" if close else "", suggestions=close)
    try:
        converted = convert(value)
    except FieldValueError as error:
        return None, error.said
    found = number_problem(target, name, converted)
    return (None, found) if found else (converted, None)


def _record(kind: type[Place | Link], values: Any, where: str, file: str, problems: list[Problem]):
    target = "place" if kind is Place else "link"
    if not isinstance(values, dict):
        problems.append(Problem.of(where, target, values, f"added_{target}_table", "added_table", file, target=target))
        return None
    data = dict(values)
    if kind is Link:
        for short, full in (("from", "from_id"), ("to", "to_id")):
            if short in data:
                data[full] = data.pop(short)
    converted: dict[str, Any] = {}
    ok = True
    for name, value in data.items():
        result, problem = _convert(target, name, value)
        if problem:
            problems.append(problem.problem(where, name, value, file))
            ok = False
        else:
            converted[name] = result
    missing = sorted(required_fields(kind) - set(data))
    if missing:
        problems.append(Problem.of(where, missing[0], None, "missing_fields", "fields_in_docs", file, missing=tuple(missing)))
        ok = False
    if not ok:
        return None
    record = kind(**converted)
    for found in record_number_problems(record, file):
        problems.append(replace(found, record=where, file=file))
        ok = False
    return record if ok else None


def value_problem(target: str, name: str, value: Any) -> str:
    """Why ``value`` cannot go into field ``name`` of a place/link ("" if it can): wrong type,
    not finite or out of range (see :data:`dalan.network.validation.NUMERIC_RULES`)."""
    _, problem = _convert(target, name, value)
    return problem.message if problem else ""


def _where(spec: ScenarioSpec, k: int, ref: Any) -> str:
    needle = ref if isinstance(ref, str) else ref.get("id", ref.get("from", "")) if isinstance(ref, dict) else ""
    line = spec.line_of(needle) if isinstance(needle, str) and needle else 0
    return f"edit {k} (line {line})" if line else f"edit {k}"


def resolve_edits(spec: ScenarioSpec, network: Network) -> tuple[Edit, ...]:
    """Check every edit against ``network`` and turn it into :class:`Edit` objects.

    Every value is checked for its type, finiteness and range (a negative dwell, a NaN length or
    0 sailings never reach the graph); all problems are raised together as one ScenarioError.
    """
    problems: list[Problem] = []
    edits: list[Edit] = []
    for k, raw in enumerate(spec.edits, start=1):
        if not isinstance(raw, dict):
            problems.append(Problem.of(f"edit {k}", "edit", raw, "must_be_table", "each_edit", spec.file))
            continue
        action = raw.get("action")
        target: Target | None = "place" if "place" in raw else "link" if "link" in raw else None
        ref = raw.get(target) if target else None
        where = _where(spec, k, ref)
        if action not in ("set", "add", "remove") or target is None or ("place" in raw and "link" in raw):
            problems.append(Problem.of(where, "action", action, "edit_action", "", spec.file))
            continue
        if action == "add":
            record = _record(Place if target == "place" else Link, ref, where, spec.file, problems)
            if record is not None:
                edits.append(Edit("add", target, record.id, record=record))
            continue
        if "modes" in raw and not (target == "link" and is_group(ref)):
            problems.append(Problem.of(where, "modes", raw["modes"], "modes_for_groups", "group_example", spec.file))
            continue
        if target == "place":
            ident = ref if isinstance(ref, str) and network.has_place(ref) else None
            idents = [ident] if ident else []
            if ident is None:
                close = closest(ref, [p.id for p in network.places]) if isinstance(ref, str) else ()
                hint = ("did_you_mean" if close else "") if isinstance(ref, str) else "place_id_text"
                problems.append(Problem.of(where, "place", ref, "no_such_place", hint, spec.file, suggestions=close))
        elif is_group(ref):
            idents = _group_links(spec, network, raw, problems, where)
        else:
            ident = _find_link(spec, network, ref, problems, where)
            idents = [ident] if ident else []
        if not idents:
            continue
        if action == "remove":
            edits.extend(Edit("remove", target, ident) for ident in idents)
            continue
        values = raw.get("values", {})
        if not isinstance(values, dict):
            problems.append(Problem.of(where, "values", values, "must_be_table", "values_example", spec.file))
            continue
        bad = sorted(set(values) - set(field_names(target)) - {"id"})
        if bad or not values:
            close = closest(bad[0], list(field_names(target))) if bad else ()
            problems.append(Problem.of(where, "values", values, "unknown_fields" if bad else "nothing_to_set", "did_you_mean" if close else "", spec.file, bad=tuple(bad), suggestions=close))
            continue
        if "id" in values:
            problems.append(Problem.of(where, "id", values["id"], "fixed_id", "fixed_id", spec.file))
            continue
        typed: dict[str, Any] = {}
        for name, value in values.items():
            converted, problem = _convert(target, name, value)
            if problem:
                problems.append(problem.problem(where, name, value, spec.file) if problem.hint_id else replace(problem, hint_id="see_fields").problem(where, name, value, spec.file))
            else:
                typed[name] = converted
        if len(typed) == len(values):
            edits.extend(Edit("set", target, ident, typed) for ident in idents)
    if problems:
        raise ScenarioError.of(problems)
    return tuple(edits)


def check_applied(spec: ScenarioSpec, network: Network, edits: tuple[Edit, ...]) -> None:
    """ScenarioError if an added or edited place/link is invalid in the edited ``network`` (e.g. a
    link whose end does not exist, an unknown mode, or a ferry set operational with 0 sailings).
    Problems of elements the scenario does not touch are the base network's, not reported here."""
    touched = {f"{e.target} {e.id}": k for k, e in enumerate(edits, start=1) if e.action != "remove"}
    if not touched:
        return
    problems = [replace(p, record=f"edit {touched[p.record]} ({p.record})", file=spec.file) for p in validate(network) if p.record in touched]
    if problems:
        raise ScenarioError.of(problems)


def read_spec(path: str | Path) -> ScenarioSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError.about("cannot_read_scenario", path=str(path), reason=os_reason(exc)) from None
    return parse_spec(text, str(path))
