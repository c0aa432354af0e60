"""Operating parameters of the simulation, loaded from TOML (``dalan/data/operations.toml``).

What the physical network does not hold: shipment sizes, train length and departures, line
capacity by track count, slots per sailing, facility capacities and service-time variability.
Every problem in a file is reported at once, with file, key and value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dalan.choices import CARGO_CLASSES
from dalan.costing.loading import _Reader
from dalan.data import read_toml
from dalan.errors import InputError, Problem
from dalan.messages import both
from dalan.network.model import Place

DEFAULT_OPERATIONS = "operations.toml"
FACILITY_KINDS: tuple[str, ...] = ("terminal", "rail_border", "road_border", "sea_border", "gauge_change")
FAMILIES: tuple[str, ...] = ("lognormal", "gamma")
SAILING_KEYS: tuple[str, ...] = ("ferry", "sea_short", "sea_deep")


@dataclass(frozen=True)
class FacilityParams:
    """Capacity (units per day) or a fixed server count, and optional variability of one facility.

    ``servers = 0`` closes the facility: a route through it is refused before a run starts.
    """

    per_day: float
    servers: int | None = None
    cv: float | None = None
    family: str | None = None


@dataclass(frozen=True)
class Operations:
    """All operating parameters; :meth:`facility` resolves per-place overrides."""

    shipment_units: Mapping[str, float]
    wagons_per_train: int
    departures_per_day: float
    single_track_trains_per_day: float
    double_track_trains_per_day: float
    unknown_track: str
    slots_per_sailing: Mapping[str, float]
    family: str
    cv_scale: float
    default_cv: float
    facilities: Mapping[str, FacilityParams]
    #: the log-standard deviation of a whole trip's time about the model's (one lognormal factor
    #: of median 1 per trip, on top of its independent stops; 0: none) by land (rail, road,
    #: ferry) and by sea: a route's p50/p90 (:meth:`trip_log_sd_of`)
    trip_log_sd: float = 0.0
    sea_trip_log_sd: float = 0.0
    #: the same for a route's price (a lognormal factor of median 1 on its money): its p10/p90
    #: (:meth:`price_log_sd_of`)
    price_log_sd: float = 0.0
    sea_price_log_sd: float = 0.0
    places: Mapping[tuple[str, str], FacilityParams] = field(default_factory=dict)
    source: str = field(default="", compare=False)

    def trip_log_sd_of(self, move_h_by_mode: Mapping[str, float]) -> float:
        """A trip's log-sd: its moving hours' mix of sea (``sea_trip_log_sd``) and land."""
        return _sea_mix(move_h_by_mode, self.sea_trip_log_sd, self.trip_log_sd)

    def price_log_sd_of(self, move_usd_by_mode: Mapping[str, float]) -> float:
        """A route's price log-sd: its moving money's mix of sea (``sea_price_log_sd``) and land."""
        return _sea_mix(move_usd_by_mode, self.sea_price_log_sd, self.price_log_sd)

    def facility(self, place_id: str, kind: str) -> FacilityParams:
        """The parameters of facility ``kind`` at a place: its override, else the default."""
        return self.places.get((place_id, kind), self.facilities[kind])

    def train_load_units(self, cargo: str) -> float:
        """Units of ``cargo`` a whole train carries: ``wagons_per_train`` shipments (wagon-loads)."""
        return self.shipment_units[cargo] * self.wagons_per_train

    def trains_per_day(self, tracks: str) -> float:
        """Line capacity; single track is shared by both directions, double is per direction."""
        tracks = tracks if tracks in ("single", "double") else self.unknown_track
        return self.double_track_trains_per_day if tracks == "double" else self.single_track_trains_per_day


class _OpsReader(_Reader):
    def optional(self, table: Mapping[str, Any], key: str, where: str, minimum: float = 0.0, maximum: float = 1e12) -> float | None:
        return None if key not in table else self.number(dict(table), key, where, minimum, maximum)

    def choice(self, table: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = table.get(key, default)
        if value is not None and value not in allowed:
            self.problems.append(Problem.of(where, key, value, "unknown_value", "use_one_of", self.file, choices=tuple(allowed)))
        return value

    def facility(self, table: dict[str, Any], where: str, default: FacilityParams | None) -> FacilityParams:
        known = {"per_day", "servers", "cv", "family"}
        for key in sorted(set(table) - known):
            self.problems.append(Problem.of(where, key, table[key], "unknown_key", "use_keys", self.file, keys=tuple(sorted(known))))
        if default is None or "per_day" in table:
            per_day = self.number(table, "per_day", where, minimum=1e-9)
        else:
            per_day = default.per_day
        servers = self.optional(table, "servers", where)
        if servers is not None and servers != int(servers):
            self.problems.append(Problem.of(where, "servers", servers, "not_whole", "servers_example", self.file))
        return FacilityParams(
            per_day=per_day,
            servers=None if servers is None else int(servers),
            cv=self.optional(table, "cv", where),
            family=self.choice(table, "family", where, FAMILIES, None),
        )


def operations_from_dict(data: dict[str, Any], file: str = "") -> Operations:
    """Build :class:`Operations` from parsed TOML; raise InputError listing every problem."""
    r = _OpsReader(file)
    units = r.table(data, "shipment_units", "operations")
    rail = r.table(data, "rail", "operations")
    sailings = r.table(data, "sailings", "operations")
    variability = r.table(data, "variability", "operations")
    facility_tables = r.table(data, "facility", "operations")
    defaults = {k: r.facility(r.table(facility_tables, k, "facility"), f"facility.{k}", None) for k in FACILITY_KINDS}
    places: dict[tuple[str, str], FacilityParams] = {}
    for place_id, kinds in data.get("places", {}).items():
        for kind, table in kinds.items():
            where = f"places.{place_id}.{kind}"
            if kind not in FACILITY_KINDS or not isinstance(table, dict):
                r.problems.append(Problem.of(where, kind, table, "unknown_facility", "use_one_of", file, choices=tuple(FACILITY_KINDS)))
                continue
            places[place_id, kind] = r.facility(table, where, defaults[kind])
    wagons = r.number(rail, "wagons_per_train", "rail", minimum=1)
    if wagons != int(wagons):
        r.problems.append(Problem.of("rail", "wagons_per_train", wagons, "not_whole", "wagons_example", file))
    ops = Operations(
        shipment_units={k: r.number(units, k, "shipment_units", 1e-9) for k in CARGO_CLASSES},
        wagons_per_train=int(wagons),
        departures_per_day=r.number(rail, "departures_per_day", "rail", 1e-9),
        single_track_trains_per_day=r.number(rail, "single_track_trains_per_day", "rail", 1e-9),
        double_track_trains_per_day=r.number(rail, "double_track_trains_per_day", "rail", 1e-9),
        unknown_track=str(r.choice(rail, "unknown_track", "rail", ("single", "double"), "single")),
        slots_per_sailing={k: r.number(sailings, k, "sailings", 1) for k in SAILING_KEYS},
        family=str(r.choice(variability, "family", "variability", FAMILIES, "lognormal")),
        cv_scale=r.number(variability, "cv_scale", "variability"),
        default_cv=r.number(variability, "default_cv", "variability"),
        facilities=defaults,
        trip_log_sd=r.optional(variability, "trip_log_sd", "variability", 0.0, 2.0) or 0.0,
        sea_trip_log_sd=r.optional(variability, "sea_trip_log_sd", "variability", 0.0, 2.0) or 0.0,
        price_log_sd=r.optional(variability, "price_log_sd", "variability", 0.0, 2.0) or 0.0,
        sea_price_log_sd=r.optional(variability, "sea_price_log_sd", "variability", 0.0, 2.0) or 0.0,
        places=places,
        source=file,
    )
    if r.problems:
        raise InputError(r.problems)
    return ops


Z_95 = 1.6448536269514722  # standard normal 95th percentile


def sea_share(by_mode: Mapping[str, float]) -> float:
    """The share at sea of a trip's moving hours (or money) by mode (0 for none at all)."""
    total = sum(by_mode.values())
    return by_mode.get("sea", 0.0) / total if total > 0.0 else 0.0


def _sea_mix(by_mode: Mapping[str, float], at_sea: float, on_land: float) -> float:
    """``at_sea`` and ``on_land`` weighted by the share of ``by_mode`` at sea."""
    sea = sea_share(by_mode)
    return sea * at_sea + (1.0 - sea) * on_land


def cv_from_range(low_h: float | None, high_h: float | None) -> float | None:
    """Coefficient of variation of a lognormal whose 5th/95th percentiles are ``low_h``/``high_h``."""
    if not low_h or not high_h or high_h <= low_h:
        return None
    sigma = math.log(high_h / low_h) / (2.0 * Z_95)
    return math.sqrt(math.expm1(sigma * sigma))


def draw_multipliers(rng: np.random.Generator, family: str, cv: float, size: int) -> np.ndarray:
    """``size`` random multipliers with mean 1 and coefficient of variation ``cv``."""
    if cv == 0.0:
        return np.ones(size)
    if family == "gamma":
        shape = 1.0 / (cv * cv)
        return rng.gamma(shape, 1.0 / shape, size)
    sigma2 = math.log1p(cv * cv)
    return np.exp(math.sqrt(sigma2) * rng.standard_normal(size) - sigma2 / 2.0)


def stop_cv(ops: Operations, place: Place, kind: str) -> tuple[float, str]:
    """Coefficient of variation and family of a stop of facility ``kind`` at ``place``: the
    place's override, else its published low–high dwell range, else the facility default, else
    the variability default; times ``cv_scale``. The simulation and the route's p50/p90 share it."""
    params = ops.facility(place.id, kind)
    ranges = {
        "rail_border": (place.rail_border_dwell_low_h, place.rail_border_dwell_high_h),
        "gauge_change": (place.rail_border_dwell_low_h, place.rail_border_dwell_high_h),
        "road_border": (place.road_border_dwell_low_h, place.road_border_dwell_high_h),
    }
    candidates = (params.cv, cv_from_range(*ranges[kind]) if kind in ranges else None, ops.facilities[kind].cv)
    cv = next((c for c in candidates if c is not None), ops.default_cv)
    return cv * ops.cv_scale, params.family or ops.family


def load_operations(path: str | Path | None = None) -> Operations:
    """Load operating parameters from ``path``, or the embedded defaults."""
    data, name = read_toml(path, DEFAULT_OPERATIONS, both("file_kind.operations"))
    return operations_from_dict(data, name)
