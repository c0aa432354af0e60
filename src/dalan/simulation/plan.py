"""Turn network + costing + demand + operations into a simulation plan, checked before any run.

Each demand row is routed (:func:`dalan.routing.route`) and its itinerary becomes a list of
steps over *facilities*: terminals (load, unload, transfer), border stations, gauge-change
yards, rail lines, sailing services and road links. Consecutive rail legs of one gauge
(moves and the border stops between them) form a *train run*: wagons wait at its start until a
train forms (it leaves when full or at its daily departure, whichever is first), the train
takes each line and border as a unit and splits at the end of the run. A sea/ferry move leg is
one voyage: the shipment waits for the next departure of that service (timetabled headway, a
limited number of slots), which replaces routing's expected wait of half the headway.
The network is taken as it stood on the plan's date (dated closures, delays, surcharges of
:mod:`dalan.network.history`); a demand row with no route that day is set aside in
``Plan.unroutable`` with the reason, and the rest are simulated.
The plan holds only plain data, so it is cheap to send to worker processes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from dalan.costing.model import CargoClass, Costing
from dalan.costing.operations import Operations, stop_cv
from dalan.demand import Demand
from dalan.errors import InputError, NoRouteError, Problem
from dalan.graph import compile_graph
from dalan.graph.virtual import Criterion
from dalan.messages import Text
from dalan.network.history import load_history, network_as_of, today
from dalan.network.model import Network
from dalan.routing import Itinerary, Leg, route

SERVE, DRIVE, SAIL, TRAIN, LINE = range(5)  # step codes (first item of every step tuple)
STATION_KINDS = ("terminal", "rail_border", "road_border", "sea_border", "gauge_change")


@dataclass(frozen=True)
class Facility:
    """A place or link resource. ``unit`` is what it serves: a shipment, a train or a sailing.

    ``servers`` for stations (1 for a rail line); ``headway_h`` for lines (time a train holds
    the line), sailings and train formation (time between scheduled departures); ``slots`` per
    sailing or wagons per train; ``offered_per_day`` the planned arrivals in ``unit`` per day;
    ``mean_service_h`` the demand-weighted mean service (stations) or running time (links).
    """

    index: int
    element_id: str
    kind: str
    direction: str
    unit: str
    servers: int = 0
    mean_service_h: float = 0.0
    cv: float = 0.0
    family: str = "lognormal"
    headway_h: float = 0.0
    slots: float = 0.0
    offered_per_day: float = 0.0

    @property
    def offered_load(self) -> float:
        """Planned utilisation: arrivals × service / servers (stations) or per slot (others)."""
        if self.kind in STATION_KINDS:
            return self.offered_per_day * self.mean_service_h / (24.0 * self.servers) if self.servers else math.inf
        if self.kind == "line":
            return self.offered_per_day * self.headway_h / 24.0
        if self.kind == "sailing":
            return self.offered_per_day * self.headway_h / (24.0 * self.slots)
        return math.nan


@dataclass(frozen=True)
class Flow:
    """One demand row as the simulation sees it: Poisson arrivals of shipments along ``steps``."""

    origin_id: str
    destination_id: str
    cargo: str
    shipments_per_day: float
    units_per_shipment: float
    steps: tuple[tuple, ...]
    itinerary_time_h: float
    itinerary_wait_h: float

    @property
    def label(self) -> str:
        return f"{self.origin_id}→{self.destination_id} {self.cargo}"


@dataclass(frozen=True)
class Unroutable:
    """A demand row with no route on the plan's date (a closed border or strait): not simulated."""

    origin_id: str
    destination_id: str
    cargo: str
    quantity_per_year: float
    reason: Text

    def to_dict(self) -> dict[str, object]:
        return {
            "origin": self.origin_id, "destination": self.destination_id, "class": self.cargo,
            "quantity_per_year": self.quantity_per_year, "reason": {"en": self.reason.en, "fa": self.reason.fa},
        }  # fmt: skip


@dataclass(frozen=True)
class Run:
    """A train run: its formation facility and the line/border steps the train takes."""

    formation: int
    ops: tuple[tuple, ...]


@dataclass(frozen=True)
class Plan:
    """Everything a replication needs, as plain picklable data; ``as_of`` the date the network
    was taken as of, ``unroutable`` the demand rows left out for want of a route that day."""

    facilities: tuple[Facility, ...]
    flows: tuple[Flow, ...]
    runs: tuple[Run, ...]
    wagons_per_train: int
    family: str
    as_of: dt.date
    name: str = ""
    unroutable: tuple[Unroutable, ...] = ()

    def facilities_frame(self):
        """One row per facility with its planned (offered) load."""
        import pandas as pd

        rows = [
            {
                "element_id": f.element_id, "kind": f.kind, "direction": f.direction, "unit": f.unit,
                "servers": f.servers, "mean_service_h": f.mean_service_h, "headway_h": f.headway_h,
                "slots": f.slots, "offered_per_day": f.offered_per_day, "offered_load": f.offered_load,
            }
            for f in self.facilities
        ]  # fmt: skip
        return pd.DataFrame(rows)


@dataclass
class _Registry:
    """Facilities by key while building, with their offered arrivals and work (arrivals × hours)."""

    network: Network
    ops: Operations
    specs: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    keys: list[tuple[str, str, str]] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)
    work_h: list[float] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, element_id: str, kind: str, direction: str = "", **spec) -> int:
        key = (element_id, kind, direction)
        if key not in self.specs:
            self.specs[key] = {"index": len(self.specs), "element_id": element_id, "kind": kind, "direction": direction} | spec
            self.keys.append(key)
            self.arrivals.append(0.0)
            self.work_h.append(0.0)
        return self.specs[key]["index"]

    def offer(self, index: int, per_day: float, service_h: float = 0.0) -> None:
        self.arrivals[index] += per_day
        self.work_h[index] += per_day * service_h


def _station_cv(reg: _Registry, place_id: str, kind: str) -> tuple[float, str]:
    """The place's override, else its published low–high range, else the facility default."""
    return stop_cv(reg.ops, reg.network.place(place_id), kind)


def _stop_kind(leg: Leg) -> str:
    if leg.kind == "border":
        return {"rail": "rail_border", "road": "road_border"}.get(leg.mode, "sea_border")
    return "gauge_change" if leg.kind == "gauge_change" else "terminal"


class _FlowBuilder:
    """Converts one itinerary into steps, registering facilities and train runs."""

    def __init__(self, reg: _Registry, costing: Costing):
        self.reg, self.costing = reg, costing
        self.cargo: CargoClass | None = None
        self.runs: dict[tuple, tuple[int, tuple[tuple, ...]]] = {}

    def steps(self, it: Itinerary, per_day: float) -> tuple[tuple, ...]:
        self.cargo = self.costing.cargo_class(it.cargo)  # wagonload (bulk, vehicles) runs slower than block trains
        steps: list[tuple] = []
        run: list[tuple] = []
        run_start, run_gauge, headway_h = "", 0, 0.0
        for leg in it.legs:
            in_run = leg.mode == "rail" and leg.kind in ("move", "border")
            if run and not (in_run and leg.gauge_mm == run_gauge):
                steps.append(self._train(run_start, run, per_day))
                run = []
            if in_run:
                if not run:
                    run_start, run_gauge = leg.from_id, leg.gauge_mm
                run.extend(self._rail_ops(leg))
            elif leg.kind == "wait":
                headway_h = 2.0 * leg.time_h
            elif leg.kind == "move" and leg.mode == "road":
                for link_id, _, _ in leg.hops:
                    time_h = self.costing.running_time_h(self.reg.network.link(link_id), self._countries(link_id), self.cargo)
                    fac = self.reg.get(link_id, "road", "", unit="shipment")
                    self.reg.offer(fac, per_day, time_h)
                    steps.append((DRIVE, fac, time_h))
            elif leg.kind == "move":
                steps.append(self._voyage(leg, headway_h, per_day))
                headway_h = 0.0
            else:
                fac = self._station(leg.from_id, _stop_kind(leg))
                self.reg.offer(fac, per_day, leg.time_h)
                steps.append((SERVE, fac, leg.time_h))
        if run:
            steps.append(self._train(run_start, run, per_day))
        return tuple(steps)

    def _countries(self, link_id: str) -> tuple[str, str]:
        return self.reg.network.run_countries(self.reg.network.link(link_id))

    def _station(self, place_id: str, kind: str) -> int:
        cv, family = _station_cv(self.reg, place_id, kind)
        return self.reg.get(place_id, kind, "", unit="train" if kind == "rail_border" else "shipment", cv=cv, family=family)

    def _rail_ops(self, leg: Leg) -> list[tuple]:
        if leg.kind == "border":
            return [(SERVE, self._station(leg.from_id, "rail_border"), leg.time_h)]
        ops = []
        hops = leg.hops
        links = [self.reg.network.link(link_id) for link_id, _, _ in hops]
        run_h = [self.costing.running_time_h(link, self._countries(link.id), self.cargo) for link in links]
        # the route's own run time (a corridor service's speed, a restriction's delay), shared
        # over the links as the railway's running times are
        scale = leg.time_h / sum(run_h) if sum(run_h) > 0 else 1.0
        for (link_id, a, b), link, time_h in zip(hops, links, run_h, strict=True):
            shared = (link.tracks or self.reg.ops.unknown_track) != "double"
            headway_h = 24.0 / self.reg.ops.trains_per_day(link.tracks)
            fac = self.reg.get(link_id, "line", "both" if shared else f"{a}>{b}", unit="train", servers=1, headway_h=headway_h)
            ops.append((LINE, fac, time_h * scale))
        return ops

    def _train(self, start: str, run_ops: list[tuple], per_day: float) -> tuple:
        key = tuple(run_ops)
        if key not in self.runs:
            ops = self.reg.ops
            lines = "|".join(self.reg.keys[op[1]][0] for op in run_ops if op[0] == LINE)
            formation = self.reg.get(
                start, "formation", lines, unit="shipment", headway_h=24.0 / ops.departures_per_day, slots=float(ops.wagons_per_train)
            )
            self.runs[key] = (formation, key)
        self.reg.offer(self.runs[key][0], per_day)
        return (TRAIN, list(self.runs).index(key))

    def _voyage(self, leg: Leg, headway_h: float, per_day: float) -> tuple:
        links = [self.reg.network.link(i) for i in leg.element_ids]
        headway_h = headway_h or 2.0 * self.costing.wait_h(links[0])
        slots = self.reg.ops.slots_per_sailing[self.costing.rate_key(links[0])] * links[0].load_limit_share
        direction = f"{leg.from_id}>{leg.to_id}"
        fac = self.reg.get("+".join(leg.element_ids), "sailing", direction, unit="shipment", headway_h=headway_h, slots=slots)
        self.reg.offer(fac, per_day, leg.time_h)
        return (SAIL, fac, leg.time_h)


def _offer_trains(reg: _Registry, runs: dict[tuple, tuple[int, tuple[tuple, ...]]]) -> None:
    """Offer each run's trains to its lines and borders: never more trains than wagons, else
    full trains plus the scheduled departures."""
    ops = reg.ops
    for formation, run_ops in runs.values():
        wagons_per_day = reg.arrivals[formation]
        trains_per_day = min(wagons_per_day, wagons_per_day / ops.wagons_per_train + ops.departures_per_day)
        for _, fac, time_h in run_ops:
            reg.offer(fac, trains_per_day, time_h)


def _capacity_per_day(reg: _Registry, place_id: str, kind: str) -> float:
    """Units per day: the operations override for the place, else (gauge change) the place's own
    published wagons per day, else the facility default."""
    if (place_id, kind) not in reg.ops.places and kind == "gauge_change":
        published = reg.network.place(place_id).gauge_change_capacity_wagons_per_day
        if published:
            return published
    return reg.ops.facility(place_id, kind).per_day


def _finish_facilities(reg: _Registry) -> tuple[Facility, ...]:
    out = []
    for spec in reg.specs.values():
        i = spec["index"]
        mean_h = reg.work_h[i] / reg.arrivals[i] if reg.arrivals[i] else 0.0
        if spec["kind"] in STATION_KINDS:
            params = reg.ops.facility(spec["element_id"], spec["kind"])
            per_day = _capacity_per_day(reg, spec["element_id"], spec["kind"])
            servers = params.servers if params.servers is not None else max(1, math.ceil(per_day * mean_h / 24.0 - 1e-9))
            spec["servers"] = servers
            if servers == 0:
                reg.problems.append(
                    Problem.of(f"places.{spec['element_id']}.{spec['kind']}", "servers", 0, "closed_facility", "closed_facility", reg.ops.source)
                )  # fmt: skip
        out.append(Facility(**spec, mean_service_h=mean_h, offered_per_day=reg.arrivals[i]))
    return tuple(out)


def _reason(error: NoRouteError) -> Text:
    """Why there is no route, in every language."""
    reason = error.params.get("reason", error.reason)
    return reason if isinstance(reason, Text) else Text(str(reason), str(reason))


def build_plan(
    network: Network,
    costing: Costing,
    demand: Demand,
    operations: Operations,
    *,
    by: Criterion = "generalized",
    name: str = "",
    date: dt.date | None = None,
) -> Plan:
    """Route every demand row on ``network`` as it stood on ``date`` (default today; a given date
    also prices that year's deep-sea market) and build the plan.

    A row with no route that day is kept in ``Plan.unroutable`` and left out of the simulation;
    when no row has a route, its NoRouteError is raised. Input problems raise InputError. All of
    this happens before any run. Per-place overrides in ``operations`` for places the network
    lacks are ignored, so one operations file serves every scenario of a network.
    """
    as_of = date or today()
    network = network_as_of(network, load_history(), as_of)[0]
    costing = costing.at_year(date.year) if date is not None else costing
    reg = _Registry(network, operations)
    builder = _FlowBuilder(reg, costing)
    graphs = {cargo: compile_graph(network, costing, cargo) for cargo in {row.cargo for row in demand}}
    flows: list[Flow] = []
    unroutable: list[Unroutable] = []
    first_error: NoRouteError | None = None
    for row in demand:
        if row.quantity_per_year <= 0:
            continue
        units = operations.shipment_units[row.cargo]
        per_day = row.quantity_per_year / units / 365.0
        try:
            it = route(network, row.origin_id, row.destination_id, by=by, cargo=row.cargo, costing=costing, graph=graphs[row.cargo])
        except NoRouteError as error:  # closed that day: reported, the other rows are simulated
            unroutable.append(Unroutable(row.origin_id, row.destination_id, row.cargo, row.quantity_per_year, _reason(error)))
            first_error = first_error or error
            continue
        wait_h = sum(leg.time_h for leg in it.legs if leg.kind == "wait")
        flows.append(Flow(row.origin_id, row.destination_id, row.cargo, per_day, units, builder.steps(it, per_day), it.time_h, wait_h))
    _offer_trains(reg, builder.runs)
    facilities = _finish_facilities(reg)
    if reg.problems:
        raise InputError(reg.problems)
    if not flows and first_error is not None:
        raise first_error
    if not flows:
        raise InputError(Problem.of("demand", "quantity_per_year", 0, "no_demand", "no_demand", demand.source))
    return Plan(
        facilities=facilities,
        flows=tuple(flows),
        runs=tuple(Run(f, ops) for f, ops in builder.runs.values()),
        wagons_per_train=operations.wagons_per_train,
        family=operations.family,
        name=name or network.name,
        as_of=as_of,
        unroutable=tuple(unroutable),
    )
