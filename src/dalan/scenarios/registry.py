"""Shipped and user scenarios: load by name or path, apply to the embedded network."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from rapidfuzz import process

from dalan.costing import Costing, load_costing
from dalan.errors import ScenarioError
from dalan.messages import Text
from dalan.network.io import load_embedded_network
from dalan.network.model import Network
from dalan.network.rules import Rule
from dalan.scenarios.edits import Edit, apply_edits
from dalan.scenarios.spec import (
    ScenarioSpec,
    check_applied,
    parse_spec,
    read_spec,
    resolve_edits,
)

EMBEDDED = "embedded"


@dataclass(frozen=True)
class Scenario:
    """A scenario applied: its network and costing, ready for routing, assignment, simulation."""

    spec: ScenarioSpec
    network: Network
    costing: Costing
    edits: tuple[Edit, ...]
    undo: tuple[Edit, ...]
    #: the scenario's own sanction rules and its base's (``[[rule]]`` tables, as in rules.toml),
    #: applied on top of the shipped rules
    rules: tuple[Rule, ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name

    def title(self, lang: str = "en") -> str:
        return self.spec.title_fa if lang == "fa" else self.spec.title_en


def shipped_names() -> list[str]:
    """Names of the scenarios shipped with dalan."""
    folder = resources.files("dalan.data").joinpath("scenarios")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def find_spec(name_or_path: str) -> ScenarioSpec:
    """A shipped scenario by name, or a scenario file by path."""
    if name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path:
        return read_spec(name_or_path)
    if name_or_path not in shipped_names():
        close = process.extract(name_or_path, shipped_names(), limit=1, score_cutoff=80)
        params: dict[str, object] = {"name": name_or_path, "shipped": tuple(shipped_names())}
        if close:
            raise ScenarioError(message_id="error.unknown_scenario_guess", params=params | {"guess": close[0][0]})
        raise ScenarioError(message_id="error.unknown_scenario", params=params)
    text = resources.files("dalan.data").joinpath("scenarios", f"{name_or_path}.toml").read_text(encoding="utf-8")
    return parse_spec(text, f"dalan/data/scenarios/{name_or_path}.toml")


def load_scenario(name_or_path: str = "baseline", _seen: tuple[str, ...] = ()) -> Scenario:
    """Load a scenario (shipped name or .toml path) and everything it is based on; apply its edits."""
    return apply_spec(find_spec(name_or_path), _seen)


def apply_spec(spec: ScenarioSpec, _seen: tuple[str, ...] = (), *, base: Scenario | None = None) -> Scenario:
    """Apply a parsed scenario to its base: ``base`` when given (e.g. a scenario stored in a
    database), else the embedded network or the shipped/file scenario ``spec.base`` names.

    Every edit is checked first (ScenarioError naming the file, line and a suggestion), so a
    scenario from any source (parsed with ``parse_spec``) is validated exactly like a file.
    """
    if spec.name in _seen:
        raise ScenarioError.about("base_loop", file=spec.file, chain=" → ".join((*_seen, spec.name)))
    rules: tuple[Rule, ...] = ()
    if base is not None:
        network, costing, rules = base.network, base.costing, base.rules
    elif spec.base == EMBEDDED:
        network, costing = load_embedded_network(), load_costing()
    else:
        try:
            parent = load_scenario(spec.base, (*_seen, spec.name))
        except ScenarioError as exc:
            raise ScenarioError.about("in_base", file=spec.file, base=spec.base, error=Text(exc.message("en"), exc.message("fa"))) from None
        network, costing, rules = parent.network, parent.costing, parent.rules
    edits = resolve_edits(spec, network)
    network, undo = apply_edits(network, edits)
    check_applied(spec, network, edits)
    costing = costing.without_measured_border(_dwell_set(edits) | _ports_if_clearance_set(spec, network, costing))
    if spec.costing:
        costing = costing.with_overrides(spec.costing)
    return Scenario(spec, network.with_changes(name=spec.name), costing, edits, undo, (*rules, *spec.rules))


def _ports_if_clearance_set(spec: ScenarioSpec, network: Network, costing: Costing) -> set[tuple[str, str]]:
    """(place id, mode) of each port's measured times when the scenario sets ``voyage_border_h``:
    its clearance replaces them."""
    if "voyage_border_h" not in spec.costing:
        return set()
    return {(pid, mode) for pid, mode in costing.border_times if network.has_place(pid) and network.place(pid).is_port}


def _dwell_set(edits: tuple[Edit, ...]) -> set[tuple[str, str]]:
    """(place id, mode) of each border dwell the edits set: the scenario's figure replaces the
    place's measured times there."""
    fields = {"rail_border_dwell_h": "rail", "road_border_dwell_h": "road"}
    return {(e.id, mode) for e in edits if e.action == "set" for name, mode in fields.items() if name in (e.values or {})}
