"""Stress test: every origin–destination pair routed on a baseline and on each disruption
scenario — does a route survive, at what extra days, USD and CO2e, and which corridor takes over.

Each pair is asked the same question as ``dalan route`` (one :class:`~dalan.options.RouteOptions`,
answered by :func:`~dalan.routing.constrained.find_routes`): on the network as it stood on the
date (dated closures, restrictions and surcharges of :mod:`dalan.network.history`, default today),
with the sanction rules that bind the pair. Corridors are labelled as in ``dalan compare``
(:func:`~dalan.scenarios.compare.corridor_of`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from dalan.errors import InputError, NoRouteError, ScenarioError, UnknownPlaceError
from dalan.network.history import today
from dalan.network.model import Network
from dalan.options import RouteOptions
from dalan.routing.constrained import find_routes
from dalan.routing.itinerary import Itinerary
from dalan.scenarios.compare import corridor_of
from dalan.scenarios.registry import Scenario, find_spec, load_scenario, shipped_names

if TYPE_CHECKING:
    import pandas as pd

BASELINE = "baseline"

#: What became of a pair's best route under a scenario.
Outcome = Literal["same", "rerouted", "no_route", "new_route", "none"]
OUTCOMES: tuple[str, ...] = ("same", "rerouted", "no_route", "new_route", "none")


@dataclass(frozen=True)
class Best:
    """A pair's best route in one scenario (or why there is none)."""

    route: Itinerary | None
    corridor: str = ""
    reason: str = ""
    reason_fa: str = ""

    def why(self, lang: str = "en") -> str:
        """Why there is no route, in ``lang``."""
        return self.reason_fa if lang == "fa" and self.reason_fa else self.reason


def best_route(scenario: Scenario, origin: str, destination: str, options: RouteOptions) -> Best:
    """The best route for one pair on ``scenario``, asked as ``options`` asks (criterion, cargo,
    date), or the reason there is none (no route, an end the scenario removed, a pair the
    sanction rules close)."""
    try:
        pair = replace(options, origin=origin, destination=destination)
        route = find_routes(scenario.network, pair, costing=scenario.costing, scenario_rules=scenario.rules)[0]
    except (NoRouteError, UnknownPlaceError, InputError) as error:
        return Best(None, reason=str(error), reason_fa=error.message("fa"))
    return Best(route, corridor_of(route, scenario.network))


@dataclass(frozen=True)
class StressCell:
    """One pair under one scenario, next to the same pair on the baseline."""

    origin_id: str
    destination_id: str
    scenario: str
    base: Best
    stressed: Best

    @property
    def outcome(self) -> Outcome:
        before, after = self.base.route, self.stressed.route
        if before is None:
            return "none" if after is None else "new_route"
        if after is None:
            return "no_route"
        return "same" if before.link_ids == after.link_ids else "rerouted"

    @property
    def survives(self) -> bool:
        """Whether the pair still has a route under the scenario."""
        return self.stressed.route is not None

    def _extra(self, metric: Callable[[Itinerary], float]) -> float:
        before, after = self.base.route, self.stressed.route
        return metric(after) - metric(before) if before is not None and after is not None else math.nan

    @property
    def extra_days(self) -> float:
        return self._extra(lambda it: it.time_days)

    @property
    def extra_usd(self) -> float:
        return self._extra(lambda it: it.cost_usd)

    @property
    def extra_t_co2e(self) -> float:
        return self._extra(lambda it: it.co2_kg / 1000.0)

    @property
    def takes_over(self) -> str:
        """The corridor the scenario's best route follows when it differs from the baseline's."""
        changed = self.stressed.route is not None and self.stressed.corridor != self.base.corridor
        return self.stressed.corridor if changed else ""

    def to_dict(self) -> dict[str, Any]:
        def number(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 6)

        return {
            "origin": self.origin_id,
            "destination": self.destination_id,
            "scenario": self.scenario,
            "outcome": self.outcome,
            "survives": self.survives,
            "days_base": number(self.base.route.time_days) if self.base.route else None,
            "days": number(self.stressed.route.time_days) if self.stressed.route else None,
            "extra_days": number(self.extra_days),
            "extra_usd": number(self.extra_usd),
            "extra_t_co2e": number(self.extra_t_co2e),
            "corridor_base": self.base.corridor or None,
            "corridor": self.stressed.corridor or None,
            "takes_over": self.takes_over or None,
            "reason": self.stressed.reason or self.base.reason or None,
        }


@dataclass(frozen=True)
class ScenarioInfo:
    """What the report says of a scenario: its name, titles and sources."""

    name: str
    title_en: str
    title_fa: str
    source: str
    source_fa: str = ""

    def title(self, lang: str = "en") -> str:
        return self.title_fa if lang == "fa" else self.title_en

    def source_in(self, lang: str = "en") -> str:
        return self.source_fa if lang == "fa" and self.source_fa else self.source

    @classmethod
    def of(cls, scenario: Scenario) -> ScenarioInfo:
        spec = scenario.spec
        return cls(spec.name, spec.title_en, spec.title_fa, spec.source, spec.source_fa)


@dataclass(frozen=True)
class StressMatrix:
    """Pairs × scenarios: one :class:`StressCell` per pair and scenario."""

    baseline: ScenarioInfo
    scenarios: tuple[ScenarioInfo, ...]
    pairs: tuple[tuple[str, str], ...]
    cells: dict[tuple[str, str, str], StressCell]
    network: Network
    as_of: dt.date
    by: str
    cargo: str

    def cell(self, origin: str, destination: str, scenario: str) -> StressCell:
        return self.cells[origin, destination, scenario]

    def survivors(self, scenario: str) -> int:
        """How many pairs keep a route under ``scenario``."""
        return sum(self.cell(o, d, scenario).survives for o, d in self.pairs)

    def to_frame(self) -> pd.DataFrame:
        """One row per pair and scenario (long form): outcome, extra days/USD/t CO2e, corridors."""
        import pandas as pd

        rows = [self.cell(o, d, s.name).to_dict() for o, d in self.pairs for s in self.scenarios]
        return pd.DataFrame(rows, columns=_COLUMNS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "by": self.by,
            "cargo": self.cargo,
            "baseline": self.baseline.__dict__,
            "scenarios": [s.__dict__ | {"survivors": self.survivors(s.name)} for s in self.scenarios],
            "pairs": [list(p) for p in self.pairs],
            "cells": [self.cell(o, d, s.name).to_dict() for o, d in self.pairs for s in self.scenarios],
        }


_COLUMNS = [
    "origin", "destination", "scenario", "outcome", "survives", "days_base", "days", "extra_days",
    "extra_usd", "extra_t_co2e", "corridor_base", "corridor", "takes_over", "reason",
]  # fmt: skip


def default_scenarios() -> list[str]:
    """Every shipped scenario but the baseline."""
    return [name for name in shipped_names() if name != BASELINE]


def load_scenarios(names: Sequence[str]) -> list[Scenario]:
    """Scenarios by name or path, in order, duplicates dropped; ScenarioError for an unknown one."""
    unique = list(dict.fromkeys(names))
    if not unique:
        raise ScenarioError(message_id="error.no_stress_scenario")
    for name in unique:
        find_spec(name)  # an unknown name fails here, with the shipped names, before any routing
    return [load_scenario(name) for name in unique]


def stress(
    scenarios: Sequence[Scenario],
    od_pairs: Sequence[tuple[str, str]],
    *,
    baseline: Scenario | None = None,
    by: str = "generalized",
    cargo: str = "container",
    date: dt.date | str | None = None,
    progress: Callable[[], None] | None = None,
) -> StressMatrix:
    """Route every pair on ``baseline`` (default: the shipped baseline) and on each scenario.

    ``by``, ``cargo`` and ``date`` are validated once as route options (InputError naming the
    field); ``progress``, if given, is called after each pair is routed in each scenario.
    """
    options = RouteOptions.build("origin", "destination", by=by, cargo=cargo, date=date, record="stress")
    base = baseline or load_scenario(BASELINE)
    clash = [s.name for s in scenarios if s.name == base.name]
    if clash:
        raise ScenarioError(message_id="error.stress_baseline", params={"name": clash[0]})
    cells: dict[tuple[str, str, str], StressCell] = {}
    base_best: dict[tuple[str, str], Best] = {}
    for origin, destination in od_pairs:
        base_best[origin, destination] = best_route(base, origin, destination, options)
        if progress is not None:
            progress()
    for scenario in scenarios:
        for origin, destination in od_pairs:
            stressed = best_route(scenario, origin, destination, options)
            cells[origin, destination, scenario.name] = StressCell(
                origin, destination, scenario.name, base_best[origin, destination], stressed
            )
            if progress is not None:
                progress()
    return StressMatrix(
        ScenarioInfo.of(base),
        tuple(ScenarioInfo.of(s) for s in scenarios),
        tuple(od_pairs),
        cells,
        base.network,
        options.date or today(),
        options.by,
        options.cargo,
    )


__all__ = ["OUTCOMES", "Best", "ScenarioInfo", "StressCell", "StressMatrix", "best_route", "default_scenarios", "load_scenarios", "stress"]
