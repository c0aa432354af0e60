"""Scenario files (TOML): name, titles, base, edits, costing overrides, OD pairs.

```toml
name = "rasht-astara"
title_en = "Rasht–Astara railway operational"
title_fa = "راه‌آهن رشت–آستارا در بهره‌برداری"
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

[costing]                         # top-level costing parameters
border_dwell_factor = 0.8

[od]
pairs = [["PL_WAW", "IR_BND"], ["RU_MOW", "IR_BND"]]
```
Every edit is checked before any is applied; each problem names the file, line and a hint.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from rapidfuzz import process

from dalan.errors import Problem, ScenarioError
from dalan.network.model import Link, Network, Place
from dalan.scenarios.edits import Edit, field_names

COSTING_KEYS = ("carbon_price_usd_per_t", "border_dwell_factor", "voyage_border_h", "deep_sea_min_speed_kmh")


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

    def line_of(self, needle: str) -> int:
        """The first line of the file that mentions ``needle`` (for error messages), else 0."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if needle in line:
                return number
        return 0


def parse_spec(text: str, file: str) -> ScenarioSpec:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{file}: not valid TOML ({exc})") from None
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ScenarioError(f'{file}: missing name (hint: add name = "my-scenario" at the top)')
    unknown = sorted(set(data.get("costing", {})) - set(COSTING_KEYS))
    if unknown:
        raise ScenarioError(f"{file}: unknown costing parameter(s) {', '.join(unknown)} (hint: use {', '.join(COSTING_KEYS)})")
    edits = data.get("edit", [])
    if not isinstance(edits, list) or not all(isinstance(e, dict) for e in edits):
        raise ScenarioError(f"{file}: 'edit' must be a list of tables (hint: write each as [[edit]])")
    bad_costing = {k: v for k, v in data.get("costing", {}).items() if isinstance(v, bool) or not isinstance(v, int | float)}
    if bad_costing:
        key, value = next(iter(bad_costing.items()))
        raise ScenarioError(f"{file}: costing parameter {key} = {value!r} is not a number")
    raw_pairs = data.get("od", {}).get("pairs", ())
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in raw_pairs):
        raise ScenarioError(f'{file}: od.pairs must be a list of [origin, destination] (e.g. [["PL_WAW", "IR_BND"]])')
    pairs = tuple(tuple(p) for p in raw_pairs)
    return ScenarioSpec(
        name=name,
        title_en=str(data.get("title_en", name)),
        title_fa=str(data.get("title_fa", data.get("title_en", name))),
        base=str(data.get("base", "embedded")),
        edits=tuple(edits),
        costing=dict(data.get("costing", {})),
        od_pairs=pairs,  # type: ignore[arg-type]
        source=str(data.get("source", "")),
        file=file,
        text=text,
    )


def _suggest(value: str, choices: list[str]) -> str:
    best = process.extract(value, choices, limit=3)
    return "did you mean " + ", ".join(m[0] for m in best) + "?" if best else ""


def _find_link(spec: ScenarioSpec, network: Network, ref: Any, problems: list[Problem], where: str) -> str | None:
    """A link id from ``"L013"`` or ``{from, to, mode}`` (ends in either order)."""
    if isinstance(ref, str):
        if network.has_link(ref):
            return ref
        problems.append(Problem(where, "link", ref, "no such link", _suggest(ref, [ln.id for ln in network.links]), spec.file))
        return None
    if isinstance(ref, dict) and {"from", "to", "mode"} <= set(ref):
        ends = {ref["from"], ref["to"]}
        found = [ln.id for ln in network.links if {ln.from_id, ln.to_id} == ends and ln.mode == ref["mode"]]
        if len(found) == 1:
            return found[0]
        what = "no" if not found else "more than one"
        hint = "check the ends and mode; " + "; ".join(
            _suggest(p, [q.id for q in network.places]) for p in ends if not network.has_place(p)
        ) if not found else f"name it by id: {', '.join(found)}"
        problems.append(Problem(where, "link", ref, f"{what} {ref['mode']} link between these places", hint, spec.file))
        return None
    problems.append(Problem(where, "link", ref, 'give an id or {from = .., to = .., mode = ..}', "", spec.file))
    return None


def _record(kind: type[Place] | type[Link], values: dict[str, Any], where: str, file: str, problems: list[Problem]):
    names = {f.name for f in fields(kind) if not f.name.startswith("_")}
    data = dict(values)
    if kind is Link:
        data["from_id"] = data.pop("from", data.get("from_id"))
        data["to_id"] = data.pop("to", data.get("to_id"))
    bad = sorted(set(data) - names)
    if bad:
        problems.append(Problem(where, bad[0], data[bad[0]], "unknown field", _suggest(bad[0], sorted(names)), file))
        return None
    for key in ("gauges_mm", "kinds", "aliases", "corridors", "chokepoints", "gauge_change_methods"):
        if key in data:
            data[key] = tuple(data[key])
    try:
        return kind(**data)
    except TypeError as exc:
        problems.append(Problem(where, "", values, f"incomplete record ({exc})", "see the Place/Link fields in docs", file))
        return None


def value_problem(target: str, name: str, value: Any) -> str:
    """Why ``value`` cannot go into field ``name`` of a place/link ("" if it can)."""
    annotation = str({f.name: f.type for f in fields(Place if target == "place" else Link)}[name])
    if value is None:
        return "" if "None" in annotation else "cannot be empty"
    if annotation.startswith("tuple"):
        return "" if isinstance(value, list | tuple) else "must be a list"
    if "float" in annotation:
        return "" if isinstance(value, int | float) and not isinstance(value, bool) else "must be a number"
    if "int" in annotation:
        return "" if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number"
    return "" if isinstance(value, str) else "must be text"


def resolve_edits(spec: ScenarioSpec, network: Network) -> tuple[Edit, ...]:
    """Check every edit against ``network`` and turn it into :class:`Edit` objects."""
    problems: list[Problem] = []
    edits: list[Edit] = []
    for k, raw in enumerate(spec.edits, start=1):
        action = raw.get("action")
        target = "place" if "place" in raw else "link" if "link" in raw else None
        ref = raw.get(target) if target else None
        line = spec.line_of(str(ref if isinstance(ref, str) else (ref or {}).get("id", (ref or {}).get("from", ""))))
        where = f"edit {k} (line {line})" if line else f"edit {k}"
        if action not in ("set", "add", "remove") or target is None:
            problems.append(Problem(where, "action", action, "each edit needs action = set|add|remove and place or link", "", spec.file))
            continue
        if action == "add":
            record = _record(Place if target == "place" else Link, ref, where, spec.file, problems)
            if record is not None:
                edits.append(Edit("add", target, record.id, record=record))
            continue
        if target == "place":
            ident = ref if network.has_place(ref) else None
            if ident is None:
                problems.append(Problem(where, "place", ref, "no such place", _suggest(str(ref), [p.id for p in network.places]), spec.file))
        else:
            ident = _find_link(spec, network, ref, problems, where)
        if ident is None:
            continue
        if action == "remove":
            edits.append(Edit("remove", target, ident))
            continue
        values = raw.get("values", {})
        if not isinstance(values, dict):
            problems.append(Problem(where, "values", values, "must be a table", 'e.g. values = { status = "operational" }', spec.file))
            continue
        bad = sorted(set(values) - set(field_names(target)) - {"id"})
        if bad or not values:
            problems.append(Problem(where, "values", values, "unknown field(s) " + ", ".join(bad) if bad else "nothing to set", _suggest(bad[0], list(field_names(target))) if bad else "", spec.file))
            continue
        typed = [(k2, value_problem(target, k2, v)) for k2, v in values.items()]
        wrong = [(k2, why) for k2, why in typed if why]
        if wrong:
            problems += [Problem(where, k2, values[k2], why, "see the Place/Link fields", spec.file) for k2, why in wrong]
            continue
        edits.append(Edit("set", target, ident, {k2: tuple(v) if isinstance(v, list) else v for k2, v in values.items()}))
    if problems:
        raise ScenarioError("\n".join(str(p) for p in problems))
    return tuple(edits)


def read_spec(path: str | Path) -> ScenarioSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read scenario ({exc.strerror})") from None
    return parse_spec(text, str(path))
