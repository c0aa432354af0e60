"""Costing parameters: cargo classes, money rates, speeds, handling, borders, CO2e factors.

Loaded from TOML (``dalan/data/costing.toml`` by default); every number there cites a source.
All money is USD per cargo unit (TEU, tonne, car or truck), all times are hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from dalan.costing.border_times import BorderTimes, Heading
from dalan.costing.parameters import (
    DrivingRules,
    Groups,
    Parameter,
    check_crew,
    long_haul_factor,
    truck_run_elapsed_h,
)
from dalan.errors import InputError, Problem
from dalan.identity_cache import IdentityCache
from dalan.network.model import Link, Place

RATE_KEYS: tuple[str, ...] = ("rail", "road", "ferry", "sea_short", "sea_deep")
#: boxes a truck carries: one 40-ft or two 20-ft, so a TEU on the road pays half a truck-km (an FEU
#: is 2 TEU throughout, as in validation.backtest's units)
TEU_PER_TRUCK = 2.0
HANDLING_KEYS: tuple[str, ...] = ("port", "roll_on", "land", "load", "transship")
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
    #: driven on and off ships (cars, trucks): at a sea port it takes the roll-on handling, not
    #: the container yard's (its wait for the ship and its clearance are counted apart)
    roll_on_roll_off: bool = False
    #: a fare per link and unit on top of the rate per km, by rate key (``[cargo.NAME.fare_usd]``:
    #: a truck's ferry fare is priced by the voyage, not by the km)
    fare_usd: Mapping[str, float] = field(default_factory=dict)
    #: the rate keys (:data:`RATE_KEYS`) of the links this class travels by: a loaded truck drives,
    #: and boards ferries and short-sea ro-ro ships, but rides no train or deep-sea ship. Its graph
    #: keeps every edge (one structure for every class, as the multi-class assignment needs);
    #: routes and flows leave the others out (``routing.constraints.cargo_mask``)
    travels_by: tuple[str, ...] = RATE_KEYS

    def travels_by_everything(self) -> bool:
        """Whether no link is closed to this class."""
        return set(self.travels_by) >= set(RATE_KEYS)


#: The year-index table of a railway parameter (``Costing.railway_value``).
YEAR_INDEX_OF: dict[str, str] = {"rail_speed_km_per_day": "rail_speed_index", "rail_rate_usd_per_teu_km": "rail_rate_index"}


#: The group of a deep-sea market level that is the lanes' mean (no one lane's range reached).
LANES_MEAN = "deep_sea"

#: Year levels in hours: a congested port's hold on its trains, a border's measured dwell.
HOURS_TABLES: tuple[str, ...] = ("rail_port_queue_h", "border_times")


def _box_on_domestic_ferry(link: Link, cargo: CargoClass, countries: tuple[str, str] | None) -> bool:
    """A container on a ferry between two places of one country (a railway's own train ferry:
    Lake Van), which rides its railway's rate and pays no line's fare."""
    return countries is not None and cargo.unit == "TEU" and link.mode == "ferry" and countries[0] == countries[1]


def _year_means(by_month: Mapping[tuple[int, int], float]) -> dict[int, float]:
    """Each year's mean of its months' values."""
    by_year: dict[int, list[float]] = {}
    for (year, _), value in by_month.items():
        by_year.setdefault(year, []).append(value)
    return {year: sum(values) / len(values) for year, values in by_year.items()}


@dataclass(frozen=True)
class YearLevel:
    """A market or service level of a year that moved a figure of a route: the deep-sea container
    market (``sea_rate_index``, group the lane whose market applies, :meth:`Costing.sea_lane`, or
    :data:`LANES_MEAN` (``deep_sea``) for the lanes' mean; of a :attr:`month` where known), a railway group's speed
    (``rail_speed_index``) or container tariff (``rail_rate_index``), as a factor on the usual
    level (:meth:`Costing.year_factor`); or a congested port's hold on its trains
    (``rail_port_queue_h``: group the port's id, ``value`` the hours, ``names`` its English and
    Persian names), or a border's dwell measured that year (``border_times``, likewise)."""

    table: str
    group: str
    year: int
    value: float  # a factor on the usual level, or hours (:attr:`in_hours`)
    names: tuple[str, str] = ("", "")
    month: int | None = None  # the deep-sea market's month, where the level is that month's

    @property
    def in_hours(self) -> bool:
        """Whether :attr:`value` is hours (a port's hold, a border's dwell), not a factor."""
        return self.table in HOURS_TABLES

    def to_dict(self) -> dict[str, object]:
        """``factor`` for an index's level, ``hours`` for a port's hold or a border's dwell."""
        found = {"table": self.table, "group": self.group, "year": self.year, "hours" if self.in_hours else "factor": self.value}
        return found if self.month is None else found | {"month": self.month}


#: The parameter of a voyage's clearance of road vehicles (``Costing.voyage_parameter``).
VEHICLE_CLEARANCE = "vehicle_voyage_border_h"


def rolling_unit_mode(gauge_mm: int) -> str:
    """The mode whose border times a unit rolling on to a ship or ferry is cleared in: a wagon
    (a layer with a gauge: a train ferry) ``rail``, else a vehicle, ``road``."""
    return "rail" if gauge_mm else "road"


#: Costing.at_year's answers by costing object and year
_AT_YEAR: IdentityCache[Costing] = IdentityCache(maxsize=256)
#: Costing.with_drivers's answers by costing object and crew
_WITH_DRIVERS: IdentityCache[Costing] = IdentityCache(maxsize=16)
#: Costing.with_whole_trains's answers by costing object
_WITH_WHOLE_TRAINS: IdentityCache[Costing] = IdentityCache(maxsize=16)

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
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    groups: Groups = field(default_factory=lambda: Groups({}, {}))
    driving: DrivingRules = field(default_factory=DrivingRules)
    sea_rate_index: Mapping[int, float] = field(default_factory=dict)
    #: (year, month) → the deep-sea container market that month over its usual level (the mean
    #: of Drewry WCI's ``[general] sea_market_series`` that month); a month without one takes its year's
    sea_rate_monthly: Mapping[tuple[int, int], float] = field(default_factory=dict)
    #: lane series → (year, month) → that lane's market over the same usual level: a deep-sea leg
    #: to a port of the lane's range pays it (``[general] sea_market_lanes``, :meth:`sea_lane`)
    sea_lane_monthly: Mapping[str, Mapping[tuple[int, int], float]] = field(default_factory=dict)
    #: country → the lane series whose range its ports are in (``[general] sea_market_lanes``)
    sea_lane_of: Mapping[str, str] = field(default_factory=dict)
    #: the lane series a deep-sea leg on the backhaul pays (``[general] sea_market_backhaul``: the
    #: Eurasian container trade's, east to East Asia, :meth:`on_backhaul`), its months in
    #: :attr:`sea_lane_monthly`; "" for none (every leg pays its lane's headhaul market)
    sea_backhaul: str = ""
    #: the backhaul series over the headhaul series' level: the median over the months both have
    #: (its level in a month or year the backhaul series misses, and in the usual one)
    sea_backhaul_ratio: float = 1.0
    #: the countries whose ports a leg on the backhaul sails to (``[general] sea_market_backhaul_range``)
    sea_backhaul_range: frozenset[str] = frozenset()
    #: lane series → its Suez-routed distance over that of the lane the per-km deep-sea rate is
    #: based on (``[general] sea_market_lane_km_share``): the lines price a box by the lane, so a
    #: Suez-routed leg to the lane's range pays its rate ÷ this share (:meth:`rate_usd_per_km`)
    sea_lane_km_share: Mapping[str, float] = field(default_factory=dict)
    #: railway group → year → its block trains' speed that year over the usual level
    rail_speed_index: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    #: railway group → year → its container tariff that year over the usual level
    rail_rate_index: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    sea_through_places: frozenset[str] = frozenset()  # canal entrances: a ship sails on without calling
    #: a container block train's whole stop at a border where it is published (place id -> h)
    block_train_border_h: Mapping[str, float] = field(default_factory=dict)
    #: borders where a container block train waits the crossing's dwell for its slot before its
    #: published stop: part of the expected time, not of a timetable's (a queue)
    block_train_waits_at: frozenset[str] = frozenset()
    #: of those, the ones where it waits only entering one country (place id -> ISO code): the
    #: direction the crossing's dwell was measured in
    block_train_waits_entering: Mapping[str, str] = field(default_factory=dict)
    #: port place id → year → hours a train waits there to unload or to board its ship in a year
    #: of congestion (``[rail_port_queue_h]``); none in other years
    rail_port_queue_h: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    #: (place id, mode) → the measured times of that place's border-crossing points (CAREC CPMM,
    #: ``[general] border_times``): they replace the place's reference dwell
    border_times: Mapping[tuple[str, str], BorderTimes] = field(default_factory=dict)
    #: customs union → member country → the year its customs border with the other members fell
    #: (``[customs_unions]``): no border fee between two members (:meth:`same_customs_union`)
    customs_unions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    year: int | None = None
    #: the month of :attr:`year` whose deep-sea market applies (None: the year's; set only for a
    #: month with a value in :attr:`sea_rate_monthly`, see :meth:`at_year`)
    month: int | None = None
    #: drivers per truck taking turns at the wheel (1, or 2: multi-manning, ``DrivingRules.crew``)
    drivers: int = 1
    #: a shipment that fills its own train (bulk, cars): it runs as a block train, at the
    #: railway's block-train speed, and leaves when loaded — not as wagonload (``--whole-train``)
    whole_trains: bool = False
    source: str = field(default="", compare=False)

    def cargo_class(self, name: str) -> CargoClass:
        try:
            return self.cargo[name]
        except KeyError:
            raise InputError(
                Problem.of("cargo", "cargo", name, "unknown_cargo", "use_one_of", self.source, choices=tuple(self.cargo))
            ) from None

    # -- per-link quantities -------------------------------------------------------------------
    def rate_key(self, link: Link) -> str:
        """Which money/CO2 rate applies on a link: rail, road, ferry, sea_short or sea_deep."""
        if link.mode != "sea":
            return link.mode
        speed = link.speed_kmh or (link.length_km / link.transit_time_h if link.transit_time_h else 0.0)
        return "sea_deep" if speed >= self.deep_sea_min_speed_kmh else "sea_short"

    def value(self, name: str, default: float | None = None) -> float:
        """A parameter's value (``default`` when the costing does not define it)."""
        found = self.parameters.get(name)
        if found is None:
            if default is None:
                raise KeyError(f"costing parameter {name!r} is not defined in {self.source or 'the costing'}")
            return default
        return found.value

    def speed_for(self, link: Link) -> float:
        """The link's own speed, else the default for its mode (and gauge, for rail)."""
        if link.speed_kmh:
            return link.speed_kmh
        if link.mode == "rail":
            gauge = link.gauges_mm[0] if link.gauges_mm else 1435
            return self.speed_kmh.get(f"rail_{gauge}", self.speed_kmh["rail_1435"])
        return self.speed_kmh[link.mode]

    def railway_value(self, prefix: str, country: str, service: str = "") -> float:
        """``prefix.GROUP`` for the railway that runs a train in ``country``: service group
        ``service`` (``[groups] railway_service``) where it has the parameter, else the
        country's railway. Speeds and container rates are that group's level in the costing's
        year (``[rail_speed_index]``, ``[rail_rate_index]``; other years the usual level)."""
        group = self.railway_group(prefix, country, service)
        table = YEAR_INDEX_OF.get(prefix)
        return self.value(f"{prefix}.{group}") * (self.year_factor(table, group) if table else 1.0)

    def year_factor(self, table: str, group: str = "") -> float:
        """The costing's year's level over the usual one in a year-index table: ``sea_rate_index``
        (the deep-sea container market of lane ``group``, a series of :attr:`sea_lane_monthly`,
        where it has the costing's month — or without a month, the mean of its months of the
        year; else of the lanes together: the costing's month where it has one, else the mean of
        the year's months in :attr:`sea_rate_monthly`, else ``[sea_rate_index]``),
        ``rail_speed_index`` or ``rail_rate_index`` (of railway ``group``); 1.0 without a year
        or a value."""
        if table == "sea_rate_index" and group and group == self.sea_backhaul:
            on_backhaul = self._lane_market(group)
            return on_backhaul if on_backhaul is not None else self.sea_backhaul_ratio * self.year_factor(table)
        if self.year is None:
            return 1.0
        if table != "sea_rate_index":
            return float(getattr(self, table).get(group, {}).get(self.year, 1.0))
        on_lane = self._lane_market(group)
        if on_lane is not None:
            return on_lane
        if self.month is not None:
            return self.sea_rate_monthly[self.year, self.month]
        return self._market_of_year.get(self.year, self.sea_rate_index.get(self.year, 1.0))

    def _lane_market(self, lane: str) -> float | None:
        """``lane``'s market in the costing's month, or without a month the mean of its months of
        the year; None where the lane has none."""
        if self.year is None:
            return None
        if self.month is not None:
            return self.sea_lane_monthly.get(lane, {}).get((self.year, self.month))
        return self._lane_of_year.get(lane, {}).get(self.year)

    def on_backhaul(self, departure: Place, arrival: Place) -> bool:
        """Whether a deep-sea leg from ``departure`` to ``arrival`` sails on the backhaul of the
        Eurasian container trade (where the costing has one, ``[general] sea_market_backhaul``):
        towards the east (no link crosses the antimeridian) to a port of East Asia
        (``sea_market_backhaul_range``) — from Europe, the Gulf, India or Sri Lanka; that trade runs
        westward, from East Asia to India, the Gulf and Europe. A leg east to the Gulf or India
        keeps its lane's market: those trades are not East Asia's backhaul, and the WCI does not
        measure them."""
        return bool(self.sea_backhaul) and arrival.lon > departure.lon and arrival.country in self.sea_backhaul_range

    def sea_lane(self, countries: tuple[str, str] | None, backhaul: bool = False) -> str:
        """The lane series whose market a deep-sea leg between ``countries`` pays: a leg on the
        backhaul (:meth:`on_backhaul`) the backhaul's (``[general] sea_market_backhaul``); else
        the lane of the one range its ends reach (``[general] sea_market_lanes``) where the lane
        has a value for the costing's month or year, else "" (the lanes together: Asia – the Gulf
        or India, a leg between two ranges, a month the lane's series misses)."""
        if backhaul and self.sea_backhaul:
            return self.sea_backhaul
        lane = self._range_lane(countries)
        return lane if lane and self._lane_market(lane) is not None else ""

    def _range_lane(self, countries: tuple[str, str] | None) -> str:
        """The lane of the one range a leg's ends reach (``[general] sea_market_lanes``), else ""."""
        lanes = {self.sea_lane_of[c] for c in countries or () if c in self.sea_lane_of}
        return lanes.pop() if len(lanes) == 1 else ""

    def railway_group(self, prefix: str, country: str, service: str = "") -> str:
        """The group whose ``prefix.GROUP`` parameter applies to a train of service group
        ``service`` ("" for the railway's own trains) in ``country``: the service's where it has
        the parameter, else the country's railway."""
        group = self.groups.train_group(country, service)
        return group if f"{prefix}.{group}" in self.parameters else self.groups.railway_of(country)

    def running_time_h(
        self, link: Link, countries: tuple[str, str] | None = None, cargo: CargoClass | None = None, services: tuple[str, str] = ("", "")
    ) -> float:
        """Hours to run a link. Rail: length at the block-train speed of the railway(s) it belongs
        to (half the length on each end's railway; a km/day figure that includes yard and
        crew stops); bulk and vehicles travel as wagonload consignments, through marshalling
        yards, at that speed × ``rail_wagonload_factor`` (containers run in block trains); a
        corridor service's train (``services``: each end's service group, "" for the railway's
        own trains) at its service's speed.
        Road: driving hours at the road group's speed (:meth:`driving_h`), stretched by the
        driving-time rules of a long haul (breaks, daily and weekly rests: :attr:`road_time_factor`;
        a route's truck runs are then timed run by run, :meth:`VirtualGraph.truck_rest_h`). Sea and ferry: the published transit time, else
        length / speed. Without ``countries`` (or parameters) the link's own speed is used."""
        if countries is not None and link.mode == "rail" and self.parameters:
            per_km_h = [24.0 / self.railway_value("rail_speed_km_per_day", c, s) for c, s in zip(countries, services, strict=True)]
            factor = self.value("rail_wagonload_factor", 1.0) if cargo is not None and self.moves_as_wagonload(cargo) else 1.0
            return link.length_km * sum(per_km_h) / len(per_km_h) / factor
        if countries is not None and link.mode == "road" and self.parameters:
            return self.driving_h(link, countries) * self.road_time_factor
        if link.transit_time_h is not None:
            return link.transit_time_h
        return link.length_km / self.speed_for(link)

    def driving_h(self, link: Link, countries: tuple[str, str] | None) -> float:
        """Hours at the wheel to drive a road link: its length at the road group's speed (half the
        length on each end's road); 0 for other links, or without ``countries`` or parameters (the
        link's own speed then gives its running time, :meth:`running_time_h`)."""
        if countries is None or link.mode != "road" or not self.parameters:
            return 0.0
        per_km_h = [1.0 / self.value(f"road_speed_kmh.{self.groups.road_of(c)}") for c in countries]
        return link.length_km * sum(per_km_h) / len(per_km_h)

    def truck_rest_h(self, driving_h: Sequence[float], stop_h: Sequence[float]) -> float:
        """The hours the driving-time rules add to a truck's run that drives ``driving_h[k]`` and
        then waits ``stop_h[k]`` (a border), from a rested start (:func:`truck_run_elapsed_h` for
        the costing's crew: a wait as long as a rest is taken as one), less those the long-haul
        factor already charges on its links (:attr:`road_time_factor`): negative for a run shorter
        than the factor's fortnights — a 9-h drive takes 9.75 h, not 9 × 2.84."""
        total_h = float(sum(driving_h))
        if total_h <= 0.0 or not self.parameters:
            return 0.0
        return truck_run_elapsed_h(driving_h, stop_h, self.driving, self.drivers) - total_h * self.road_time_factor

    @property
    def rail_departure_wait_h(self) -> float:
        """Expected wait for a block train's departure: half the headway of its frequency."""
        departures = self.value("rail_departures_per_week", 0.0)
        return 168.0 / (2.0 * departures) if departures > 0 else 0.0

    def rail_port_wait_h(self, place_id: str) -> float:
        """Hours a train waits at port ``place_id`` to unload or to board its ship in the
        costing's year (``[rail_port_queue_h]``: a year of congestion), else 0."""
        return self.rail_port_queue_h.get(place_id, {}).get(self.year, 0.0) if self.year is not None else 0.0

    def _measured_that_year(self, place_id: str, mode: str) -> BorderTimes | None:
        """The place's border times in ``mode`` if one is measured in the costing's year."""
        found = self.border_times.get((place_id, mode))
        return found if found is not None and found.measured_in(self.year) else None

    def measures_border(self, place_id: str, mode: str) -> bool:
        """Whether the place's border times in ``mode`` are measured in the costing's year (then
        they replace its reference dwell)."""
        return self._measured_that_year(place_id, mode) is not None

    def measured_border_h(self, place_id: str, mode: str, name: str = "", heading: Heading | None = None) -> float | None:
        """The place's measured border dwell in the costing's year for ``mode``
        (:meth:`BorderTimes.hours`: each side measured there, in the ``heading``'s direction where
        it states one, else the mean of the directions; a measurement, which
        ``border_dwell_factor`` does not scale), or None where none is measured that year. With
        ``name``, the side of that name (a facility figure names one side of a crossing), at the
        place if it is measured, else the border-crossing point of that name wherever it is
        (Tsiteli Khidi, Georgia's side of Red Bridge, is measured where the road crosses)."""
        found = self._measured_that_year(place_id, mode)
        if found is None and name:
            named = [key for key, t in self.border_times.items() if key[1] == mode and t.names_side(name)]
            found = self._measured_that_year(*named[0]) if named else None
        return found.hours(self.year, name, heading) if found is not None else None

    def crossing_border_h(self, place_id: str, mode: str, from_country: str, to_country: str) -> float:
        """The hours measured at ``place_id`` for a crossing in ``mode`` from ``from_country`` into
        ``to_country`` in the costing's year (:meth:`BorderTimes.crossing_h`; not scaled by
        ``border_dwell_factor``), 0 where none is measured that year."""
        found = self._measured_that_year(place_id, mode)
        return found.crossing_h(self.year, from_country, to_country) if found is not None else 0.0

    def without_measured_border(self, keys: Iterable[tuple[str, str]]) -> Costing:
        """This costing without the measured times of these (place id, mode): a scenario that sets a
        place's dwell replaces them."""
        dropped = set(keys) & set(self.border_times)
        if not dropped:
            return self
        return replace(self, border_times={k: v for k, v in self.border_times.items() if k not in dropped})

    def block_train_stop_h(self, place_id: str, cargo: CargoClass) -> float | None:
        """A container block train's whole stop at a rail border or gauge-change station where it is published
        (``[block_train_border_h]``: border processing and the change between gauges, on through
        documents); None for other places and cargo, which take the place's reference dwell (the
        CAREC CPMM's, mostly wagonload queueing) and the gauge change's method time."""
        return self.block_train_border_h.get(place_id) if cargo.unit == "TEU" else None

    def block_train_waits(self, place_id: str, cargo: CargoClass, entering: str | None = None) -> bool:
        """Whether a container block train waits the place's border dwell (× ``border_dwell_factor``)
        for its slot before its published stop (``[general] block_train_waits_at``): time the
        route takes that a timetable does not (a queue); other cargo takes the dwell as its stop.
        Where the wait is one direction's (``block_train_waits_entering``), only a train
        ``entering`` that country waits (``entering`` None: the direction is not known, it waits)."""
        if cargo.unit != "TEU" or place_id not in self.block_train_waits_at:
            return False
        into = self.block_train_waits_entering.get(place_id)
        return into is None or entering is None or entering == into

    def moves_as_wagonload(self, cargo: CargoClass) -> bool:
        """Whether ``cargo`` goes by rail as wagonload consignments (bulk and cars, unless the
        shipment fills its own train: :attr:`whole_trains`); boxes ride block trains."""
        return cargo.unit != "TEU" and not self.whole_trains

    def first_departure_wait_h(self, mode: str, cargo: CargoClass) -> float:
        """Expected wait at a trip's origin for a train: a box is booked on a block train's
        departure and delivered for it, and a whole train leaves when loaded, so they wait for
        none (a published train time runs from departure); wagonload waits half the headway for
        its train (:attr:`rail_departure_wait_h`)."""
        if mode != "rail" or not self.moves_as_wagonload(cargo):
            return 0.0
        return self.rail_departure_wait_h

    @property
    def road_time_factor(self) -> float:
        """Elapsed hours per driving hour under the driving-time rules (long haul), for the
        truck's crew (:attr:`drivers`)."""
        return long_haul_factor(self.driving, self.drivers) if self.parameters else 1.0

    def with_drivers(self, drivers: int) -> Costing:
        """This costing with ``drivers`` drivers per truck (the same object for the same
        number, so compiled graphs are reused)."""
        if drivers == self.drivers:
            return self
        check_crew(drivers)
        return _WITH_DRIVERS.get((self,), drivers, lambda: replace(self, drivers=drivers))

    def with_whole_trains(self, whole: bool = True) -> Costing:
        """This costing with shipments that fill their own trains (:attr:`whole_trains`; the same
        object each time, so compiled graphs are reused)."""
        if whole == self.whole_trains:
            return self
        return _WITH_WHOLE_TRAINS.get((self,), whole, lambda: replace(self, whole_trains=whole))

    def rate_usd_per_km(
        self, link: Link, cargo: CargoClass, countries: tuple[str, str] | None = None, services: tuple[str, str] = ("", ""), backhaul: bool = False
    ) -> float:
        """Money per cargo unit and km on a link (``backhaul``: a deep-sea leg sailed on the
        backhaul, :meth:`on_backhaul`, pays its market). Rail containers: the railway group's rate per
        TEU-km (half the length on each end's railway or corridor service, ``services``; bulk and vehicles keep their per-mode
        rates — no per-railway tariffs for them beyond RAI's were found); sea containers: the
        deep-sea or short-sea rate per TEU-km, deep-sea times the year's market index (a Suez-routed
        leg to a lane's range ÷ the lane's distance share, ``sea_lane_km_share``); sea
        links round the Cape of Good Hope: the Cape rate (the lanes used only when Suez is
        shut, at the market rate of those months); a truck on the road: its road group's rate per
        truck-km (``road_rate_usd_per_truck_km.GROUP``, half the length on each end's group), a
        container the same over the boxes a truck carries (:data:`TEU_PER_TRUCK`); a container on a
        train ferry within one country (Lake Van: TCDD's ferry on its own line, no tariff per box
        published): its railway's rate; else
        the cargo class's rate for the mode. Road with a crew of two: × (1 + ``road_second_driver_cost_share``)."""
        key = self.rate_key(link)
        if key not in cargo.travels_by:  # never on a route of the class (routing.constraints.cargo_mask)
            return 0.0
        base = cargo.rate_usd_per_km[key]
        if not self.parameters:
            return base
        if countries is not None and cargo.unit == "TEU" and (link.mode == "rail" or _box_on_domestic_ferry(link, cargo, countries)):
            rates = [self.railway_value("rail_rate_usd_per_teu_km", c, s) for c, s in zip(countries, services, strict=True)]
            return sum(rates) / len(rates)
        if key in ("sea_deep", "sea_short") and cargo.unit == "TEU":
            lane = "cape" if key == "sea_deep" and "cape_of_good_hope" in link.chokepoints else key.removeprefix("sea_")
            base = self.value(f"sea_rate_usd_per_teu_km.{lane}", base)
            if key == "sea_deep":
                base *= self.year_factor("sea_rate_index", self.sea_lane(countries, backhaul))
            if lane == "deep" and not backhaul:  # a Suez-routed box pays its lane's price, not its km
                base /= self.sea_lane_km_share.get(self._range_lane(countries), 1.0)
        if link.mode == "road" and countries is not None and cargo.unit in ("truck", "TEU"):
            units = 1.0 if cargo.unit == "truck" else TEU_PER_TRUCK  # per truck: a box shares its truck
            groups = [self.groups.road_of(c) for c in countries]
            base = sum(self.value(f"road_rate_usd_per_truck_km.{g}", base * units) for g in groups) / len(groups) / units
        if link.mode == "road" and self.drivers > 1:  # the second driver's wages on every km
            base *= 1.0 + self.value("road_second_driver_cost_share", 0.0)
        return base

    def voyage_fare_usd(self, link: Link, cargo: CargoClass, countries: tuple[str, str] | None = None) -> float:
        """A unit's fare for one voyage on ``link``, whatever its length (``[cargo.NAME.fare_usd]``:
        the ferry lines publish their tariffs per truck or box, not per km); none for a container on
        a train ferry within one country, which rides its railway's rate (:meth:`rate_usd_per_km`)."""
        if _box_on_domestic_ferry(link, cargo, countries):
            return 0.0
        return cargo.fare_usd.get(self.rate_key(link), 0.0)

    def same_customs_union(self, a: str, b: str) -> bool:
        """Whether countries ``a`` and ``b`` are members of one customs union in the costing's year
        (undated: today, every member): goods cross between them without customs, so a border
        between them costs no fee."""
        year = self.year if self.year is not None else 10_000
        return any(a in members and b in members and max(members[a], members[b]) <= year for members in self.customs_unions.values())

    def period_of(self, year: int | None) -> int | None:
        """The year whose sea market level, railway speeds and tariffs, port queues, measured
        border times or customs unions apply (one with a value, or before a member joined its
        union), else None (the usual level)."""
        if year is None:
            return None
        keyed = (*self.rail_speed_index.values(), *self.rail_rate_index.values(), *self.rail_port_queue_h.values())
        measured = any(year in times.years for times in self.border_times.values())
        joining = any(year < since for members in self.customs_unions.values() for since in members.values())
        indexed = measured or joining or year in self.sea_rate_index or year in self._market_of_year or any(year in by_year for by_year in keyed)
        return year if indexed else None

    @cached_property
    def _market_of_year(self) -> dict[int, float]:
        """The deep-sea market of each year with months in :attr:`sea_rate_monthly`: their mean
        (a figure of that year without a month; the same series as its months')."""
        return _year_means(self.sea_rate_monthly)

    @cached_property
    def _lane_of_year(self) -> dict[str, dict[int, float]]:
        """Each lane's market of each year with months in :attr:`sea_lane_monthly`: their mean."""
        return {lane: _year_means(by_month) for lane, by_month in self.sea_lane_monthly.items()}

    def market_period(self, year: int | None, month: int | None = None) -> tuple[int | None, int | None]:
        """The (year, month) whose levels apply to a figure of ``year`` and ``month``: the year of
        :meth:`period_of`, and the month where its deep-sea market is known (else None: the year's
        level applies). The key of its compiled graph."""
        period = self.period_of(year)
        known = period is not None and month is not None and (period, month) in self.sea_rate_monthly
        return period, month if known else None

    def at_year(self, year: int | None, month: int | None = None) -> Costing:
        """This costing in ``year`` (and ``month``): deep-sea container rates × that month's
        market level (``[general] sea_market``: Drewry WCI's Asia–Europe lanes, the month's mean
        over their usual level) where it is known, else the year's (:meth:`year_factor`); railway
        speeds and container rates × the year's (``[rail_speed_index]``, ``[rail_rate_index]``);
        years without an index value get the usual level."""
        period, month = self.market_period(year, month)
        if (period, month) == (self.year, self.month):
            return self
        return _AT_YEAR.get((self,), (period, month), lambda: replace(self, year=period, month=month))  # the same object: graphs are reused

    def at_date(self, date: dt.date | None) -> Costing:
        """:meth:`at_year` of ``date``'s year and month (this costing when None)."""
        return self if date is None else self.at_year(date.year, date.month)

    def voyage_clearance_h(self, mode: str, cargo: CargoClass, unit_mode: str = "rail") -> float:
        """Hours an international sailing's clearance adds at the port of departure: a box is
        cleared during its dwell in the container yard (``handling_h.port``, which the clearance
        does not outlast), so it adds nothing; wagons and vehicles rolling on a ferry or ro-ro
        ship are cleared at the gate first (:meth:`voyage_parameter` of ``unit_mode``: ``rail``
        for wagons, ``road`` for vehicles)."""
        if handling_key("road", mode, cargo.roll_on_roll_off) == "port":  # a box: in the yard
            return 0.0
        name = self.voyage_parameter(unit_mode)
        return self.value(name) if name == VEHICLE_CLEARANCE else self.voyage_border_h

    def voyage_parameter(self, unit_mode: str) -> str:
        """The parameter of a voyage's clearance of rolling units: vehicles' (``road``)
        ``vehicle_voyage_border_h`` where the costing has it (CAREC CPMM times trucks at ports'
        border-crossing points), else ``voyage_border_h`` (wagons on a train ferry; every unit)."""
        return VEHICLE_CLEARANCE if unit_mode == "road" and VEHICLE_CLEARANCE in self.parameters else "voyage_border_h"

    def voyage_clearances_h(self, mode: str, cargo: CargoClass, ports: tuple[str, str], countries: tuple[str, str], unit_mode: str) -> tuple[float, float]:
        """An international voyage's clearance (:meth:`voyage_clearance_h`) as hours at its port
        of departure and at its port of arrival. Where CAREC CPMM measured a port's border-crossing
        point in the costing's year (``unit_mode``: ``road`` for vehicles rolling on, ``rail`` for
        wagons), that end's clearance is its time in the voyage's direction (outbound at
        departure, inbound at arrival) and an unmeasured end keeps half the clearance (export or
        import); in other years the whole clearance is at departure."""
        whole_h = self.voyage_clearance_h(mode, cargo, unit_mode)
        measured = [self._measured_that_year(port, unit_mode) for port in ports]
        if whole_h == 0.0 or measured == [None, None]:
            return whole_h, 0.0
        departure, arrival = (0.5 * whole_h if m is None else m.crossing_h(self.year, *countries) for m in measured)
        return departure, arrival

    def wait_h(self, link: Link) -> float:
        """Expected wait for a departure on a sea/ferry link: half the headway."""
        sailings = link.sailings_per_week or self.default_sailings_per_week.get(link.mode, 1.0)
        return 168.0 / (2.0 * sailings)

    def boarding_wait_h(self, link: Link, cargo: CargoClass) -> float:
        """Expected wait of cargo brought by land for a departure on a sea/ferry link. A box is
        booked on a liner's sailing and waits for it in the export yard after its port handling
        (``port_export_wait_h``; handling + that wait = the port's export dwell, gate-in to
        sailing); wagons and vehicles rolling on wait half the headway (:meth:`wait_h`)."""
        if "port_export_wait_h" in self.parameters and handling_key(link.mode, link.mode, cargo.roll_on_roll_off) == "port":
            return self.value("port_export_wait_h")
        return self.wait_h(link)

    def booked_boarding_wait_h(self, link: Link, cargo: CargoClass) -> float:
        """Expected wait for a departure on a sea/ferry link of cargo that starts its trip there:
        a box lifted on board waits for its ship as any other (:meth:`boarding_wait_h`); a unit
        rolling on (a vehicle, a wagon, a box on either) booked on a sailing is delivered for it."""
        if handling_key(link.mode, link.mode, cargo.roll_on_roll_off) == "port":
            return self.boarding_wait_h(link, cargo)
        return 0.0

    def co2_kg_per_tkm_for(self, link: Link) -> float:
        if link.mode == "rail":
            return self.co2_kg_per_tkm["rail_electric" if link.electrified == "yes" else "rail_diesel"]
        return self.co2_kg_per_tkm[self.rate_key(link)]

    def with_overrides(self, overrides: Mapping[str, Any]) -> Costing:
        """A copy with top-level scalar parameters replaced (e.g. ``carbon_price_usd_per_t``);
        ``voyage_border_h`` sets the clearance of every rolling unit, vehicles' too."""
        changed = replace(self, **dict(overrides))
        if "voyage_border_h" in overrides and VEHICLE_CLEARANCE in self.parameters:
            return replace(changed, parameters={k: v for k, v in self.parameters.items() if k != VEHICLE_CLEARANCE})
        return changed

    def free_parameters(self) -> list[Parameter]:
        """The parameters ``dalan calibrate`` may fit, in a stable order."""
        return [p for p in self.parameters.values() if p.free]

    def with_parameters(self, values: Mapping[str, float]) -> Costing:
        """A copy with these parameter values (each inside its bounds, else InputError).

        ``handling_h.KIND`` sets that handling time of every cargo class; ``voyage_border_h`` and
        ``border_dwell_factor`` also set the fields of the same name."""
        problems = []
        parameters = dict(self.parameters)
        for name, value in values.items():
            known = parameters.get(name)
            if known is None:
                problems.append(Problem.of("parameters", name, value, "unknown_parameter", "parameters_table", self.source))
            elif not known.within(float(value)):
                problems.append(
                    Problem.of("parameters", name, value, "outside_its_bounds", "inside_evidence", self.source, low=known.low, high=known.high)
                )
            else:
                parameters[name] = replace(known, value=float(value))
        if problems:
            raise InputError(problems)
        return apply_parameters(replace(self, parameters=parameters))


def handling_key(mode_a: str, mode_b: str, roll_on_roll_off: bool = False) -> str:
    """Which handling applies to a transfer between two modes (``mode_a == mode_b == "sea"``:
    loading on or unloading off a ship); roll-on/roll-off cargo rolls on at sea ports too."""
    modes = {mode_a, mode_b}
    if "sea" in modes and not roll_on_roll_off:
        return "port"
    if modes & {"sea", "ferry"}:
        return "roll_on"
    return "land"


def apply_parameters(costing: Costing) -> Costing:
    """Copy the parameters that stand for existing fields into them (handling times, voyage
    clearance, border dwell factor)."""
    params = costing.parameters
    cargo = {}
    for name, cls in costing.cargo.items():
        handling = {
            kind: replace(tc, time_h=params[f"handling_h.{kind}"].value) if f"handling_h.{kind}" in params else tc
            for kind, tc in cls.handling.items()
        }
        cargo[name] = replace(cls, handling=handling)
    fields: dict[str, Any] = {"cargo": cargo}
    for name in ("voyage_border_h", "border_dwell_factor"):
        if name in params:
            fields[name] = params[name].value
    return replace(costing, **fields)
