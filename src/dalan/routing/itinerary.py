"""Itineraries: the legs of a route with their totals, built from virtual-graph edges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dalan.graph.virtual import EDGE_KINDS, MODE_CODES, VirtualGraph
from dalan.network.geo import link_coordinates
from dalan.network.model import Network, Place


@dataclass(frozen=True)
class Leg:
    """One row of an itinerary: a run on one mode and gauge, or a stop inside a place.

    ``kind`` is ``move`` for runs along links, else the stop's kind (border, transfer,
    gauge_change, wait, load, unload). Money and CO2e are for the whole shipment. ``time_sd_h``,
    ``time_p50_h`` and ``time_p90_h`` describe the spread of the leg's time
    (:mod:`dalan.routing.reliability`; runs are deterministic). ``queue_h`` is the part of
    ``time_h`` spent queueing where that is known apart (a block train's wait for its slot at a
    border, a congested port's hold: ``VirtualGraph.queue_h``), which a timetable leaves out.
    """

    kind: str
    mode: str
    gauge_mm: int
    from_id: str
    to_id: str
    via_ids: tuple[str, ...]
    element_ids: tuple[str, ...]
    length_km: float
    time_h: float
    cost_usd: float
    co2_kg: float
    coordinates: tuple[tuple[float, float], ...] = field(default=(), compare=False, repr=False)
    time_sd_h: float = 0.0
    time_p50_h: float | None = None
    time_p90_h: float | None = None
    queue_h: float = 0.0

    @property
    def hops(self) -> list[tuple[str, str, str]]:
        """(element id, from place, to place) of each link a move leg runs, in the order it runs
        them (its ends and :attr:`via_ids`): the direction of every link."""
        places = (self.from_id, *self.via_ids, self.to_id)
        return [(element, places[k], places[k + 1]) for k, element in enumerate(self.element_ids)]

    def as_dict(self) -> dict[str, Any]:
        """The leg's fields as plain data (ids as lists), without its drawing coordinates."""
        data = {k: v for k, v in self.__dict__.items() if k != "coordinates"}
        return data | {"via_ids": list(self.via_ids), "element_ids": list(self.element_ids)}


@dataclass(frozen=True)
class Itinerary:
    """A route between two places for a quantity of one cargo class, with its legs and totals."""

    origin_id: str
    destination_id: str
    cargo: str
    unit: str
    quantity: float
    criterion: str
    legs: tuple[Leg, ...]
    places: Mapping[str, Place] = field(repr=False, compare=False)
    #: the virtual-graph edges of the path, in order (for re-evaluating the same route under other
    #: costing parameters: the edge order of a compiled graph depends only on the network)
    edges: tuple[int, ...] = field(default=(), repr=False, compare=False)
    #: USD per unit-hour the route was weighed with (the cargo class's, or the route options'):
    #: the time cost of :func:`dalan.routing.breakdown.cost_breakdown`
    value_of_time_usd_per_h: float = field(default=0.0, compare=False)
    #: how the answer was run: drivers per truck (``Costing.drivers``) and whether bulk or cars
    #: filled their own train (``Costing.whole_trains``)
    drivers: int = field(default=1, compare=False)
    whole_train: bool = field(default=False, compare=False)

    @property
    def time_h(self) -> float:
        return sum(leg.time_h for leg in self.legs)

    @property
    def time_days(self) -> float:
        return self.time_h / 24.0

    @property
    def queue_h(self) -> float:
        """Hours of :attr:`time_h` spent in queues that are known apart (``Leg.queue_h``)."""
        return sum(leg.queue_h for leg in self.legs)

    @property
    def planned_time_h(self) -> float:
        """The time a timetable gives for the route: :attr:`time_h` without its queues."""
        return self.time_h - self.queue_h

    @cached_property
    def _time_p50_p90_h(self) -> tuple[float, float]:
        p50, p90 = self.time_quantiles_h((0.5, 0.9))
        return p50, p90

    def time_quantiles_h(self, ps: Sequence[float]) -> list[float]:
        """The ``ps`` quantiles of the route's total time: its independent stops, times the
        trip's own factor (``operations.toml`` ``[variability] trip_log_sd``, ``sea_trip_log_sd``
        by its moving hours' mix; :func:`dalan.routing.reliability.route_quantiles_h`)."""
        from dalan.routing.reliability import route_quantiles_h

        legs = self.legs
        return route_quantiles_h([g.time_h for g in legs], [g.time_sd_h for g in legs], [g.kind == "wait" for g in legs], ps, trip_log_sd=self.trip_log_sd)

    @cached_property
    def trip_log_sd(self) -> float:
        """The log-sd of the trip's own factor on its time: its moving hours' mix of sea and land
        (``operations.toml`` ``[variability]``, ``Operations.trip_log_sd_of``)."""
        from dalan.routing.reliability import default_operations

        return default_operations().trip_log_sd_of(self.move_h_by_mode)

    @cached_property
    def move_h_by_mode(self) -> dict[str, float]:
        """The trip's moving hours per mode (its ``move`` legs)."""
        return self._moves_by_mode("time_h")

    @cached_property
    def move_usd_by_mode(self) -> dict[str, float]:
        """The money of the trip's ``move`` legs per mode."""
        return self._moves_by_mode("cost_usd")

    def _moves_by_mode(self, field_name: str) -> dict[str, float]:
        by_mode: dict[str, float] = {}
        for g in self.legs:
            if g.kind == "move":
                by_mode[g.mode] = by_mode.get(g.mode, 0.0) + getattr(g, field_name)
        return by_mode

    @cached_property
    def price_log_sd(self) -> float:
        """The log-sd of the route's price about the model's: its moving money's mix of sea and
        land (``operations.toml`` ``[variability]``, ``Operations.price_log_sd_of``)."""
        from dalan.routing.reliability import default_operations

        return default_operations().price_log_sd_of(self.move_usd_by_mode)

    def cost_quantile_usd(self, p: float) -> float:
        """The ``p`` quantile of the route's price: its money times the price's factor of median 1."""
        from dalan.routing.reliability import trip_factor

        return self.cost_usd * trip_factor(p, self.price_log_sd)

    @property
    def cost_p10_usd(self) -> float:
        return self.cost_quantile_usd(0.1)

    @property
    def cost_p90_usd(self) -> float:
        return self.cost_quantile_usd(0.9)

    @property
    def time_p50_h(self) -> float:
        """The median of the route's total time (independent stops, :mod:`dalan.routing.reliability`)."""
        return self._time_p50_p90_h[0]

    @property
    def time_p90_h(self) -> float:
        """The 90th percentile of the route's total time."""
        return self._time_p50_p90_h[1]

    @property
    def cost_usd(self) -> float:
        return sum(leg.cost_usd for leg in self.legs)

    @property
    def co2_kg(self) -> float:
        return sum(leg.co2_kg for leg in self.legs)

    @property
    def length_km(self) -> float:
        return sum(leg.length_km for leg in self.legs)

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(e for leg in self.legs if leg.kind == "move" for e in leg.element_ids)

    @property
    def place_sequence(self) -> tuple[str, ...]:
        """Every place the route touches, in order, without repeats in a row."""
        seq: list[str] = []
        for leg in self.legs:
            for pid in (leg.from_id, *leg.via_ids, leg.to_id):
                if not seq or seq[-1] != pid:
                    seq.append(pid)
        return tuple(seq)

    def totals(self) -> dict[str, float]:
        return {
            "time_h": self.time_h,
            "time_days": self.time_days,
            "cost_usd": self.cost_usd,
            "co2_kg": self.co2_kg,
            "length_km": self.length_km,
            "time_p50_h": self.time_p50_h,
            "time_p90_h": self.time_p90_h,
            "planned_time_h": self.planned_time_h,
            "cost_p10_usd": self.cost_p10_usd,
            "cost_p90_usd": self.cost_p90_usd,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin_id,
            "destination": self.destination_id,
            "cargo": self.cargo,
            "unit": self.unit,
            "quantity": self.quantity,
            "criterion": self.criterion,
            "drivers": self.drivers,
            "whole_train": self.whole_train,
            "legs": [leg.as_dict() for leg in self.legs],
            "totals": self.totals(),
        }

    def to_frame(self):
        """The legs as a pandas DataFrame (one row per leg)."""
        import pandas as pd

        return pd.DataFrame([leg.as_dict() for leg in self.legs])

    def to_geojson(self) -> dict[str, Any]:
        """A FeatureCollection: a LineString per move leg (following the links' shapes), a Point
        per stop."""
        features = [
            {"type": "Feature", "geometry": self.leg_geometry(leg), "properties": leg.as_dict() | {"leg": i}}
            for i, leg in enumerate(self.legs)
        ]
        return {"type": "FeatureCollection", "features": features, "properties": self.totals()}

    def leg_geometry(self, leg: Leg) -> dict[str, Any]:
        """A GeoJSON LineString along a move leg's links, or the Point of a stop's place."""
        if leg.kind == "move":
            return {"type": "LineString", "coordinates": [list(c) for c in leg.coordinates]}
        place = self.places[leg.from_id]
        return {"type": "Point", "coordinates": [place.lon, place.lat]}


def _link_mode(network: Network, graph: VirtualGraph, edge: int) -> str:
    return network.link(graph.elements[graph.element[edge]]).mode


def _spread(graph: VirtualGraph, network: Network, edges: Sequence[int], legs: list[dict[str, Any]]) -> None:
    """Add the time spread to the fields of ``legs``: a stop is one edge, so its spread is that
    edge's; a run is deterministic."""
    from dalan.routing.reliability import edge_spread, quantile_multiplier

    stops = [e for e in edges if EDGE_KINDS[graph.kind[e]] not in ("link", "pass")]
    every_cv, every_wait = edge_spread(graph, network)
    cv, wait = every_cv[stops], every_wait[stops]
    p50, p90 = quantile_multiplier(cv, wait, 0.5), quantile_multiplier(cv, wait, 0.9)
    k = 0
    for leg in legs:
        t = leg["time_h"]
        if leg["kind"] == "move":
            leg.update(time_p50_h=t, time_p90_h=t)
            continue
        leg.update(time_sd_h=float(cv[k] * t), time_p50_h=float(p50[k] * t), time_p90_h=float(p90[k] * t))
        k += 1


def build_itinerary(
    graph: VirtualGraph,
    network: Network,
    edges: Sequence[int],
    *,
    quantity: float,
    criterion: str,
    value_of_time_usd_per_h: float | None = None,
) -> Itinerary:
    """Group a path's edges into legs: consecutive link edges on one mode and gauge become one.
    A truck's legs are timed run by run under the driving-time rules
    (:meth:`VirtualGraph.truck_rest_h`). ``value_of_time_usd_per_h`` (default: the cargo
    class's) is kept for the time cost."""
    legs: list[dict[str, Any]] = []  # the fields of each Leg, made once its spread is known
    run: list[int] = []
    rest_h = graph.truck_rest_by_edge_h(edges)

    def flush_run() -> None:
        if not run:
            return
        places = [graph.place_ids[graph.from_place[run[0]]]] + [graph.place_ids[graph.to_place[e]] for e in run]
        coordinates: list[list[float]] = []
        for e, start in zip(run, places, strict=False):
            shape = link_coordinates(network, network.link(graph.elements[graph.element[e]]), start)
            coordinates += shape[1:] if coordinates else shape
        length_km, time_h, cost_usd, co2_kg = graph.leg_measures.take(run, axis=1).sum(axis=1).tolist()
        legs.append(
            {
                "kind": "move",
                "mode": network.link(graph.elements[graph.element[run[0]]]).mode,
                "gauge_mm": int(graph.gauge_mm[run[0]]),
                "from_id": places[0],
                "to_id": places[-1],
                "via_ids": tuple(places[1:-1]),
                "element_ids": tuple(graph.elements[graph.element[e]] for e in run),
                "length_km": length_km,
                "time_h": time_h + sum(rest_h.get(e, 0.0) for e in run),
                "cost_usd": cost_usd * quantity,
                "co2_kg": co2_kg * quantity,
                "coordinates": tuple((lon, lat) for lon, lat in coordinates),
            }
        )
        run.clear()

    for e in edges:
        kind = EDGE_KINDS[graph.kind[e]]
        if kind == "link":
            if run and (
                graph.mode[e] != graph.mode[run[0]]
                or graph.gauge_mm[e] != graph.gauge_mm[run[0]]
                or _link_mode(network, graph, e) != _link_mode(network, graph, run[0])
            ):
                flush_run()
            run.append(e)
            continue
        if kind == "pass":
            continue
        flush_run()
        place = graph.place_ids[graph.from_place[e]]
        legs.append(
            {
                "kind": kind,
                "mode": MODE_CODES[graph.mode[e]] if graph.mode[e] >= 0 else "",
                "gauge_mm": int(graph.gauge_mm[e]),
                "from_id": place,
                "to_id": place,
                "via_ids": (),
                "element_ids": (graph.elements[graph.element[e]],),
                "length_km": 0.0,
                "time_h": float(graph.time_h[e]),
                "cost_usd": float(graph.cost_usd[e]) * quantity,
                "co2_kg": float(graph.co2_kg[e]) * quantity,
                "queue_h": float(graph.queue_h[e]),
            }
        )
    flush_run()
    _spread(graph, network, edges, legs)
    origin = graph.place_ids[graph.from_place[edges[0]]]
    destination = graph.place_ids[graph.to_place[edges[-1]]]
    touched = {p for leg in legs for p in (leg["from_id"], leg["to_id"], *leg["via_ids"])}
    cargo = graph.costing.cargo_class(graph.cargo)
    return Itinerary(
        origin_id=origin,
        destination_id=destination,
        cargo=graph.cargo,
        unit=cargo.unit,
        quantity=quantity,
        criterion=criterion,
        legs=tuple(Leg(**leg) for leg in legs),
        places={p: network.place(p) for p in touched},
        edges=tuple(int(e) for e in edges),
        value_of_time_usd_per_h=cargo.value_of_time_usd_per_h if value_of_time_usd_per_h is None else value_of_time_usd_per_h,
        drivers=graph.costing.drivers,
        whole_train=graph.costing.whole_trains,
    )
