"""The question dalan exists for: one container from Warsaw, Kyiv and Moscow to Bandar Abbas,
today and with the Rasht–Astara railway built."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from dalan.errors import NoRouteError
from dalan.graph import Criterion
from dalan.network.history import NetworkEvent
from dalan.network.history import today as calendar_today
from dalan.options import RouteOptions
from dalan.routing import Itinerary, route
from dalan.routing.as_of import dated_answer
from dalan.scenarios import Scenario

DEMO_ORIGINS: tuple[str, ...] = ("PL_WAW", "UA_KYV", "RU_MOW")
DEMO_DESTINATION = "IR_BND"
RASHT, ASTARA = "IR_RAS", "IR_AST"


@dataclass(frozen=True)
class DemoPair:
    """One origin's route today and with the new line; None (and ``why``) when there is none on
    the date asked (e.g. a border closed that day)."""

    origin_id: str
    today: Itinerary | None
    built: Itinerary | None
    why: str = ""
    #: when there is no route: the dated events in force that close the route the network as
    #: drawn would give (empty when the network has no route even without its history)
    closed_by: tuple[NetworkEvent, ...] = ()

    def _delta(self, name: str) -> float:
        if self.today is None or self.built is None:
            return math.nan
        return float(getattr(self.built, name) - getattr(self.today, name))

    @property
    def delta_days(self) -> float:
        return self._delta("time_days")

    @property
    def delta_usd(self) -> float:
        return self._delta("cost_usd")

    @property
    def delta_co2_kg(self) -> float:
        return self._delta("co2_kg")


@dataclass(frozen=True)
class DemoResult:
    """Routes for each origin, today and with the line, under one criterion and mode set."""

    destination_id: str
    criterion: str
    modes: tuple[str, ...] | None
    pairs: tuple[DemoPair, ...]
    as_of: dt.date | None = None  # the network state the routes were found on (None: not recorded)

    def to_frame(self):
        """One row per origin: days, USD and t CO2e today, with the line, and the difference."""
        import pandas as pd

        nan = math.nan
        rows = []
        for p in self.pairs:
            a, b = p.today, p.built
            rows.append(
                {
                    "origin": p.origin_id,
                    "destination": self.destination_id,
                    "days_today": a.time_days if a else nan,
                    "days_built": b.time_days if b else nan,
                    "delta_days": p.delta_days,
                    "usd_today": a.cost_usd if a else nan,
                    "usd_built": b.cost_usd if b else nan,
                    "delta_usd": p.delta_usd,
                    "t_co2e_today": a.co2_kg / 1000 if a else nan,
                    "t_co2e_built": b.co2_kg / 1000 if b else nan,
                    "delta_t_co2e": p.delta_co2_kg / 1000,
                    "uses_rasht_astara": b is not None
                    and any(
                        {RASHT, ASTARA} <= {leg.from_id, leg.to_id, *leg.via_ids}
                        for leg in b.legs
                        if leg.kind == "move" and leg.mode == "rail"
                    ),
                }
            )
        return pd.DataFrame(rows)


def run_demo(
    today: Scenario,
    built: Scenario,
    *,
    origins: tuple[str, ...] = DEMO_ORIGINS,
    destination: str = DEMO_DESTINATION,
    by: Criterion = "generalized",
    modes: tuple[str, ...] | None = None,
    date: dt.date | None = None,
) -> DemoResult:
    """Route one container from each origin to the destination in ``today`` and ``built`` (the
    shipped ``baseline`` and ``rasht-astara`` scenarios for ``dalan demo``).

    ``modes=("rail",)`` asks the railway question: the best all-rail route today (the eastern
    route through Kazakhstan and Turkmenistan) against the western route the line opens. ``date``
    routes on the network as it stood that day (default today, :mod:`dalan.network.history`); the
    result records it as ``as_of``.
    """
    as_of = date or calendar_today()

    def best(scenario: Scenario, origin: str) -> tuple[Itinerary | None, str, tuple[NetworkEvent, ...]]:
        try:
            found = route(scenario.network, origin, destination, by=by, costing=scenario.costing, modes=modes, date=date)
            return found, "", ()
        except NoRouteError as error:  # closed that day: say why (and by what) instead of failing the demo
            options = RouteOptions.build(origin, destination, by=by, modes=modes, date=date)
            dated = dated_answer(scenario.network, options, [], costing=scenario.costing)
            touching = [e for e in dated.events if e in dated.on_undated_route]
            return None, error.reason, tuple(e for e in touching if e.action == "close") or tuple(touching)

    pairs = []
    for origin in origins:
        (a, why_a, closed_a), (b, why_b, closed_b) = best(today, origin), best(built, origin)
        pairs.append(DemoPair(origin, a, b, why_a or why_b, closed_a or closed_b))
    return DemoResult(destination, by, modes, tuple(pairs), as_of)
