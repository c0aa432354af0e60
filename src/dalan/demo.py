"""The question dalan exists for: one container from Warsaw, Kyiv and Moscow to Bandar Abbas,
today and with the Rasht–Astara railway built."""

from __future__ import annotations

from dataclasses import dataclass

from dalan.graph import Criterion
from dalan.routing import Itinerary, route
from dalan.scenarios import Scenario

DEMO_ORIGINS: tuple[str, ...] = ("PL_WAW", "UA_KYV", "RU_MOW")
DEMO_DESTINATION = "IR_BND"
RASHT, ASTARA = "IR_RAS", "IR_AST"


@dataclass(frozen=True)
class DemoPair:
    """One origin's route today and with the new line."""

    origin_id: str
    today: Itinerary
    built: Itinerary

    @property
    def delta_days(self) -> float:
        return self.built.time_days - self.today.time_days

    @property
    def delta_usd(self) -> float:
        return self.built.cost_usd - self.today.cost_usd

    @property
    def delta_co2_kg(self) -> float:
        return self.built.co2_kg - self.today.co2_kg


@dataclass(frozen=True)
class DemoResult:
    """Routes for each origin, today and with the line, under one criterion and mode set."""

    destination_id: str
    criterion: str
    modes: tuple[str, ...] | None
    pairs: tuple[DemoPair, ...]

    def to_frame(self):
        """One row per origin: days, USD and t CO2e today, with the line, and the difference."""
        import pandas as pd

        rows = []
        for p in self.pairs:
            rows.append(
                {
                    "origin": p.origin_id,
                    "destination": self.destination_id,
                    "days_today": p.today.time_days,
                    "days_built": p.built.time_days,
                    "delta_days": p.delta_days,
                    "usd_today": p.today.cost_usd,
                    "usd_built": p.built.cost_usd,
                    "delta_usd": p.delta_usd,
                    "t_co2e_today": p.today.co2_kg / 1000,
                    "t_co2e_built": p.built.co2_kg / 1000,
                    "delta_t_co2e": p.delta_co2_kg / 1000,
                    "uses_rasht_astara": any(
                        {RASHT, ASTARA} <= {leg.from_id, leg.to_id, *leg.via_ids}
                        for leg in p.built.legs
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
) -> DemoResult:
    """Route one container from each origin to the destination in ``today`` and ``built`` (the
    shipped ``baseline`` and ``rasht-astara`` scenarios for ``dalan demo``).

    ``modes=("rail",)`` asks the railway question: the best all-rail route today (the eastern
    route through Kazakhstan and Turkmenistan) against the western route the line opens.
    """
    pairs = tuple(
        DemoPair(
            origin,
            route(today.network, origin, destination, by=by, costing=today.costing, modes=modes),
            route(built.network, origin, destination, by=by, costing=built.costing, modes=modes),
        )
        for origin in origins
    )
    return DemoResult(destination, by, modes, pairs)
