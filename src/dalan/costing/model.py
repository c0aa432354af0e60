"""Costing parameters: cargo classes, money rates, speeds, handling, borders, CO2e factors.

Loaded from TOML (``dalan/data/costing.toml`` by default); every number there cites a source.
All money is USD per cargo unit (TEU, tonne or car), all times are hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dalan.errors import InputError, Problem
from dalan.network.model import Link

RATE_KEYS: tuple[str, ...] = ("rail", "road", "ferry", "sea_short", "sea_deep")
HANDLING_KEYS: tuple[str, ...] = ("port", "roll_on", "land", "load")
GAUGE_CHANGE_KEYS: tuple[str, ...] = ("transshipment", "bogie_exchange", "dual_gauge")


@dataclass(frozen=True)
class TimeCost:
    """A stop's time (hours) and money (USD per cargo unit)."""

    time_h: float
    cost_usd: float


@dataclass(frozen=True)
class CargoClass:
    """One cargo class and its money and time parameters, per unit of that class."""

    name: str
    unit: str
    tonnes_per_unit: float
    value_of_time_usd_per_h: float
    rate_usd_per_km: Mapping[str, float]
    handling: Mapping[str, TimeCost]
    rail_border_fee_usd: float
    road_border_fee_usd: float
    gauge_change: Mapping[str, TimeCost]


@dataclass(frozen=True)
class Costing:
    """All costing parameters. Build variants with :meth:`with_overrides`."""

    cargo: Mapping[str, CargoClass]
    speed_kmh: Mapping[str, float]
    co2_kg_per_tkm: Mapping[str, float]
    default_sailings_per_week: Mapping[str, float]
    carbon_price_usd_per_t: float = 0.0
    deep_sea_min_speed_kmh: float = 25.0
    border_dwell_factor: float = 1.0
    voyage_border_h: float = 0.0
    source: str = field(default="", compare=False)

    def cargo_class(self, name: str) -> CargoClass:
        try:
            return self.cargo[name]
        except KeyError:
            raise InputError(
                Problem(
                    record="cargo",
                    field="cargo",
                    value=name,
                    message="unknown cargo class",
                    hint="use one of: " + ", ".join(self.cargo),
                    file=self.source,
                )
            ) from None

    # -- per-link quantities -------------------------------------------------------------------
    def rate_key(self, link: Link) -> str:
        """Which money/CO2 rate applies on a link: rail, road, ferry, sea_short or sea_deep."""
        if link.mode != "sea":
            return link.mode
        speed = link.speed_kmh or (link.length_km / link.transit_time_h if link.transit_time_h else 0.0)
        return "sea_deep" if speed >= self.deep_sea_min_speed_kmh else "sea_short"

    def speed_for(self, link: Link) -> float:
        """The link's own speed, else the default for its mode (and gauge, for rail)."""
        if link.speed_kmh:
            return link.speed_kmh
        if link.mode == "rail":
            gauge = link.gauges_mm[0] if link.gauges_mm else 1435
            return self.speed_kmh.get(f"rail_{gauge}", self.speed_kmh["rail_1435"])
        return self.speed_kmh[link.mode]

    def running_time_h(self, link: Link) -> float:
        """Published transit time when there is one, else length / speed."""
        if link.transit_time_h is not None:
            return link.transit_time_h
        return link.length_km / self.speed_for(link)

    def wait_h(self, link: Link) -> float:
        """Expected wait for a departure on a sea/ferry link: half the headway."""
        sailings = link.sailings_per_week or self.default_sailings_per_week.get(link.mode, 1.0)
        return 168.0 / (2.0 * sailings)

    def co2_kg_per_tkm_for(self, link: Link) -> float:
        if link.mode == "rail":
            return self.co2_kg_per_tkm["rail_electric" if link.electrified == "yes" else "rail_diesel"]
        return self.co2_kg_per_tkm[self.rate_key(link)]

    def with_overrides(self, overrides: Mapping[str, Any]) -> Costing:
        """A copy with top-level scalar parameters replaced (e.g. ``carbon_price_usd_per_t``)."""
        return replace(self, **dict(overrides))


def handling_key(mode_a: str, mode_b: str) -> str:
    """Which handling applies to a transfer between two modes."""
    modes = {mode_a, mode_b}
    if "sea" in modes:
        return "port"
    if "ferry" in modes:
        return "roll_on"
    return "land"
