"""Compile a physical network and costing parameters into a :class:`VirtualGraph`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from dalan.costing.model import (
    CargoClass,
    Costing,
    TimeCost,
    handling_key,
    rolling_unit_mode,
)
from dalan.costing.parameters import Groups
from dalan.graph.virtual import EDGE_KINDS, MODE_CODES, NODE_ROLES, VirtualGraph
from dalan.identity_cache import IdentityCache
from dalan.network.model import Link, Network, Place

OPERATIONAL: frozenset[str] = frozenset({"operational"})
WITH_PLANNED: frozenset[str] = frozenset({"operational", "under_construction", "planned"})

#: (mode, gauge_mm, service): gauge 0 for non-rail; service "" for the railway's own trains, else
#: the service group of a corridor's own trains there (``[groups] railway_service``)
Layer = tuple[str, int, str]


def _is_train_ferry(link: Link) -> bool:
    """A ferry that carries wagons (it has gauges): they roll on and off in the rail layers."""
    return link.mode == "ferry" and bool(link.gauges_mm)


def link_layers(link: Link) -> list[Layer]:
    """The railway's own layers a link runs in: one per gauge for rail, one otherwise; a train
    ferry (a ferry with wagon gauges) also runs in the rail layer of each gauge, as wagons roll
    on and off. (A corridor service's layers: :func:`end_services`.)"""
    if link.mode == "rail":
        return [("rail", g, "") for g in link.gauges_mm] or [("rail", 0, "")]
    if _is_train_ferry(link):
        return [("ferry", 0, ""), *(("rail", g, "") for g in link.gauges_mm)]
    return [(link.mode, 0, "")]


def end_services(link: Link, country: str, costing: Costing) -> list[str]:
    """The trains that may run a rail link (or roll on a train ferry's) at its end in
    ``country``: the railway's own ("") and each service group that runs a corridor of the link
    there. A service train keeps its service along its lines through the whole country: it
    changes only where it crosses into another country or its train is re-formed (a gauge
    change)."""
    if link.mode != "rail" and not _is_train_ferry(link):
        return [""]
    return ["", *sorted(costing.groups.services_for(country, link.corridors))]


def _link_services(link: Link, countries: tuple[str, str], costing: Costing) -> list[tuple[str, str]]:
    """(service at the from end, service at the to end) pairs a link's edges run: the same
    service at both ends inside a country, any pair across a border (whose trains may cross
    there: :func:`_may_cross`)."""
    a, c = (end_services(link, country, costing) for country in countries)
    if countries[0] == countries[1]:
        return [(s, s) for s in a]
    return [(s, t) for s in a for t in c]


def _may_cross(services: tuple[str, str], countries: tuple[str, str], groups: Groups) -> bool:
    """Whether the trains of a link's pair of end services may run it: inside a country always;
    across a border only to a neighbour each one's group crosses to (``[groups] railway_crossings``)."""
    a, c = countries
    return a == c or (groups.crosses(a, services[0], c) and groups.crosses(c, services[1], a))


class _Builder:
    """Accumulates nodes and edges as plain lists; :meth:`finish` turns them into arrays."""

    def __init__(self, place_ids: list[str]):
        self.place_ids = place_ids
        self.place_pos = {pid: i for i, pid in enumerate(place_ids)}
        self.elements: list[str] = []
        self.element_pos: dict[str, int] = {}
        self.nodes: list[tuple[int, int, int, int]] = []  # place, role, mode, gauge
        self.edges: list[tuple] = []

    def node(self, place_id: str, role: str, layer: Layer | None = None) -> int:
        """A node of ``place_id`` in ``layer`` (its mode and gauge are stored; a service layer's
        node is told apart only by the edges that reach it)."""
        mode, gauge_mm = layer[:2] if layer else (None, 0)
        mode_code = MODE_CODES.index(mode) if mode else -1
        self.nodes.append((self.place_pos[place_id], NODE_ROLES.index(role), mode_code, gauge_mm))
        return len(self.nodes) - 1

    def edge(
        self,
        tail: int,
        head: int,
        kind: str,
        element_id: str,
        *,
        time_h: float = 0.0,
        cost_usd: float = 0.0,
        co2_kg: float = 0.0,
        length_km: float = 0.0,
        queue_h: float = 0.0,
        drive_h: float = 0.0,
        layer: Layer | None = None,
        from_place: str,
        to_place: str,
    ) -> None:
        if element_id not in self.element_pos:
            self.element_pos[element_id] = len(self.elements)
            self.elements.append(element_id)
        mode, gauge = layer[:2] if layer else (None, 0)
        self.edges.append(
            (
                tail,
                head,
                time_h,
                cost_usd,
                co2_kg,
                length_km,
                EDGE_KINDS.index(kind),
                MODE_CODES.index(mode) if mode else -1,
                gauge,
                self.element_pos[element_id],
                self.place_pos[from_place],
                self.place_pos[to_place],
                queue_h,
                drive_h,
            )
        )


def _dwell_h(place: Place, mode: str) -> float:
    if mode == "rail":
        return place.rail_border_dwell_h or 0.0
    if mode == "road":
        return place.road_border_dwell_h or 0.0
    return 0.0


def paired_borders(network: Network, links: Iterable[Link]) -> set[tuple[str, str]]:
    """(place id, mode) of border stops that face another country's border stop across a link.

    The reference data describe most crossings by two stations, one per country, each with the
    crossing's dwell. Such a pair is one stop: each side counts half its dwell, so a train
    crossing spends the mean of the two sides' dwell and pays the mean of their fees, not the sum.
    """
    paired: set[tuple[str, str]] = set()
    for link in links:
        a, b = network.place(link.from_id), network.place(link.to_id)
        if a.country == b.country or not (a.is_border and b.is_border):
            continue
        if _dwell_h(a, link.mode) > 0 and _dwell_h(b, link.mode) > 0:
            paired.update({(a.id, link.mode), (b.id, link.mode)})
    return paired


def customs_union_borders(network: Network, links: Iterable[Link], costing: Costing) -> set[tuple[str, str]]:
    """(place id, mode) of border stops whose every crossing in that mode joins two members of one
    customs union in the costing's year (:meth:`Costing.same_customs_union`): no customs there."""
    inside: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for link in links:
        a, b = network.place(link.from_id), network.place(link.to_id)
        if a.country == b.country:
            continue
        union = costing.same_customs_union(a.country, b.country)
        for place in (a, b):
            if place.is_border:
                inside[place.id, link.mode].append(union)
    return {key for key, unions in inside.items() if all(unions)}


def _border_fee(place: Place, mode: str, cargo: CargoClass, customs_free: bool) -> float:
    """The place's own fee where it has one, else none at a crossing inside a customs union
    (``customs_free``: the fee is the cost of clearing customs), else the cargo's."""
    if not place.is_border or _dwell_h(place, mode) == 0.0:
        return 0.0
    if place.border_fee_usd is not None:
        return place.border_fee_usd
    if customs_free:
        return 0.0
    return {"rail": cargo.rail_border_fee_usd, "road": cargo.road_border_fee_usd}.get(mode, 0.0)


@dataclass(frozen=True)
class _Borders:
    """The border stops of one compilation, as (place id, mode): paired across a link
    (:func:`paired_borders`), inside a customs union (:func:`customs_union_borders`) and charged
    where a route crosses them (:func:`crossing_borders`)."""

    paired: set[tuple[str, str]]
    customs_free: set[tuple[str, str]]
    crossing: set[tuple[str, str]]


@dataclass(frozen=True)
class _BorderStop:
    """A border place's stop in one mode for one side's share of it (see :func:`_border_stop`)."""

    time_h: float
    queue_h: float
    fee_usd: float


def _border_stop(
    place: Place, mode: str, cargo: CargoClass, costing: Costing, paired: bool, customs_free: bool, entering: str | None = None
) -> _BorderStop:
    """The reference stop at ``place`` in ``mode``: its side's share of the place's border dwell
    × ``border_dwell_factor`` and of its fee (a container block train's published stop instead
    where there is one, after its wait for a slot where a train ``entering`` that country waits,
    ``Costing.block_train_waits``). Where the place's times are measured that year they replace
    it, on the crossing links (:func:`_link_direction`)."""
    share = 0.5 if paired else 1.0
    dwell = _dwell_h(place, mode) * share * costing.border_dwell_factor
    fee = _border_fee(place, mode, cargo, customs_free) * share
    block_h = costing.block_train_stop_h(place.id, cargo) if mode == "rail" else None
    if block_h is None:
        return _BorderStop(dwell, 0.0, fee)
    queue = dwell if costing.block_train_waits(place.id, cargo, entering) else 0.0
    return _BorderStop(block_h * share + queue, queue, fee)


def crossing_borders(network: Network, links: Iterable[Link]) -> set[tuple[str, str]]:
    """(place id, mode) of border stops charged where a route crosses their border: on the links
    in that mode from the place into a country across it (:meth:`Network.border_countries`), not
    on every pass. A route that runs by a border station between two links of its own country
    (Dostyk between Almaty and Aktogay, Kunowice between Warsaw and Łódź) does not stop there; one
    that starts or ends there after crossing does. A place without such a link (a gauge-change
    yard inland, a port's queue) stops every route that passes it."""
    crossing: set[tuple[str, str]] = set()
    for link in links:
        if link.mode not in ("rail", "road"):
            continue
        for here, there in ((link.from_id, link.to_id), (link.to_id, link.from_id)):
            if _crosses_at(network, here, there):
                crossing.add((here, link.mode))
    return crossing


def _crosses_at(network: Network, place_id: str, other_id: str) -> bool:
    """Whether a land link from ``place_id`` to ``other_id`` crosses the border ``place_id`` sits
    on (:meth:`Network.border_countries`; Brest's line to Moscow does not cross Poland's)."""
    return network.place(place_id).is_border and network.place(other_id).country in network.border_countries(place_id)


def _place_edges(
    b: _Builder, place: Place, layers: Iterable[Layer], nodes, cargo: CargoClass, costing: Costing, borders: _Borders
) -> None:
    """Pass-through, border, transfer, gauge-change and load/unload edges inside one place."""

    def charged_here(mode: str) -> _BorderStop:
        """The place's border stop, where it is charged in the place, not on the links that cross
        its border (:func:`crossing_borders`; measured times: :func:`_measured_crossing`)."""
        if (place.id, mode) in borders.crossing or _measured_crossing(costing, place.id, mode, cargo):
            return _BorderStop(0.0, 0.0, 0.0)
        return _border_stop(place, mode, cargo, costing, (place.id, mode) in borders.paired, (place.id, mode) in borders.customs_free)

    layers = sorted(layers)
    stops = {mode: charged_here(mode) for mode in {layer[0] for layer in layers}}
    published_stop = costing.block_train_stop_h(place.id, cargo) is not None  # a block train's, the change included
    origin = b.node(place.id, "origin")
    destination = b.node(place.id, "destination")
    nodes[place.id, "origin"] = origin
    nodes[place.id, "destination"] = destination
    for layer in layers:
        mode = layer[0]
        start = cargo.handling[handling_key(mode, mode, cargo.roll_on_roll_off) if mode == "sea" else "load"]
        common: dict[str, Any] = {"element_id": place.id, "layer": layer, "from_place": place.id, "to_place": place.id}
        board_h = costing.first_departure_wait_h(mode, cargo)
        loaded = nodes[place.id, layer, "out"]
        if mode in ("sea", "ferry"):  # a trip that starts on a ship boards its booked sailing (an "out" of its own)
            loaded = nodes[place.id, layer, "booked"] = b.node(place.id, "out", layer)
        b.edge(origin, loaded, "load", time_h=start.time_h + board_h, cost_usd=start.cost_usd, **common)
        held_h = _held_h(costing, place.id, mode)
        b.edge(nodes[place.id, layer, "in"], destination, "unload", time_h=start.time_h + held_h, cost_usd=start.cost_usd, queue_h=held_h, **common)
        if mode == "sea":  # sea to sea is a transshipment or a canal transit: see _link_edges
            continue
        here = stops[mode]
        b.edge(
            nodes[place.id, layer, "in"],
            nodes[place.id, layer, "out"],
            "border" if here.time_h > 0 else "pass",
            time_h=here.time_h,
            cost_usd=here.fee_usd,
            queue_h=here.queue_h,
            **common,
        )
    for a in layers:
        for c in layers:
            if a == c:
                continue
            change = _transfer(place, a, c, cargo, costing.groups)
            if change is None:
                continue
            kind, time_cost = change
            if kind == "gauge_change" and published_stop:
                time_cost = TimeCost(0.0, time_cost.cost_usd)
            dwell = max(stops[a[0]].time_h, stops[c[0]].time_h)
            queue = max(stops[a[0]].queue_h, stops[c[0]].queue_h)
            if kind == "transfer" and c[0] == "rail":  # a train to catch
                dwell += costing.rail_departure_wait_h
            if kind == "transfer" and c[0] in ("sea", "ferry"):
                held_h = _held_h(costing, place.id, a[0])
                dwell, queue = dwell + held_h, queue + held_h
            fee = max(stops[a[0]].fee_usd, stops[c[0]].fee_usd)
            b.edge(
                nodes[place.id, a, "in"],
                nodes[place.id, c, "out"],
                kind,
                element_id=place.id,
                time_h=time_cost.time_h + dwell,
                cost_usd=time_cost.cost_usd + fee,
                queue_h=queue,
                layer=c,
                from_place=place.id,
                to_place=place.id,
            )


def _measured_crossing(costing: Costing, place_id: str, mode: str, cargo: CargoClass) -> bool:
    """Whether the place's border stop in ``mode`` is its times measured in the costing's year,
    charged with its fee on the links that cross the border there (:func:`_link_direction`), not
    inside the place; a container block train where its whole stop is published
    (``[block_train_border_h]``) stops at the place."""
    if mode == "rail" and costing.block_train_stop_h(place_id, cargo) is not None:
        return False
    return costing.measures_border(place_id, mode)


def _unmeasured_side_h(ctx: _Compiling, place_id: str, mode: str, countries: tuple[str, str]) -> float:
    """The share of the reference's dwell for each country of a crossing at ``place_id`` that has
    no measured side there: half the place's dwell × ``border_dwell_factor`` each (the reference's
    dwell is the whole crossing's, as a pair of stations splits it; a paired station's partner
    stands for its own country). The measured sides count their own times, not scaled."""
    place = ctx.network.place(place_id)
    crossing = {place.country} if (place_id, mode) in ctx.borders.paired else set(countries)
    missing = crossing - set(ctx.costing.border_times[place_id, mode].sides)
    return len(missing) * 0.5 * _dwell_h(place, mode) * ctx.costing.border_dwell_factor


def _held_h(costing: Costing, place_id: str, mode: str) -> float:
    """Hours a congested port holds a train that stops there (unloads, hands its boxes to a ship,
    rolls its wagons on a ferry): ``Costing.rail_port_wait_h`` for rail, none for other modes."""
    return costing.rail_port_wait_h(place_id) if mode == "rail" else 0.0


def _transfer(place: Place, a: Layer, c: Layer, cargo: CargoClass, groups: Groups) -> tuple[str, TimeCost] | None:
    """The stop needed to go from layer ``a`` to layer ``c`` at ``place``, or None if impossible
    (a train changes its service only with its gauge, where it is re-formed; a train bound to
    its crossings, ``Groups.is_bound``, keeps its group through the change)."""
    if a[0] == c[0] == "rail":
        if not place.is_gauge_change or a[1] == c[1]:
            return None
        if a[2] != c[2] and (groups.is_bound(place.country, a[2]) or groups.is_bound(place.country, c[2])):
            return None
        return "gauge_change", cargo.gauge_change[place.gauge_change_method]
    if a[0] == c[0] or not place.handles_transfers:
        return None
    return "transfer", cargo.handling[handling_key(a[0], c[0], cargo.roll_on_roll_off)]


@dataclass(frozen=True)
class _Compiling:
    """What the link edges of one compilation read: the network, the place nodes by (place,
    layer, role), the cargo class, the costing and the border stops (:class:`_Borders`)."""

    network: Network
    nodes: dict[tuple, int]
    cargo: CargoClass
    costing: Costing
    borders: _Borders


def _link_edges(b: _Builder, ctx: _Compiling, link: Link) -> None:
    """Both directions of a link, in each of its layers.

    Boarding a sea or ferry departure from land costs a wait (a box: its wait for the booked ship
    in the export yard, see ``Costing.boarding_wait_h``; a rolling unit: half the headway, or none
    where its trip starts at the port, booked on the sailing: ``Costing.booked_boarding_wait_h``), and on an international
    voyage first a border stop (export and import clearance: none for a box, cleared during its
    yard dwell; see ``Costing.voyage_clearance_h``). Cargo arriving by sea at a port changes ship there (transshipment: the hub's handling time and cost, then the wait for the
    next ship, no new clearance); only at a canal entrance (``Costing.sea_through_places``) does
    the same ship sail on. A ferry is a separate service at every terminal.
    """
    countries = (ctx.network.place(link.from_id).country, ctx.network.place(link.to_id).country)
    run_in = ctx.network.run_countries(link)
    for services in _link_services(link, countries, ctx.costing):
        # a service is a train's: only rail layers carry one (a train ferry's ship sails as itself)
        crosses = _may_cross(services, countries, ctx.costing.groups)
        layers = [(mode, gauge) for mode, gauge, _ in link_layers(link) if (crosses if mode == "rail" else services == ("", ""))]
        if not layers:
            continue
        # a link that runs wholly in one country (Network.run_countries) runs as that end's train
        run_services = services if run_in == countries else (services[countries.index(run_in[0])],) * 2
        run = _LinkRun.of(link, run_in, run_services, ctx.cargo, ctx.costing)
        back_run = _LinkRun.of(link, run_in, run_services, ctx.cargo, ctx.costing, backhaul=True) if _priced_by_direction(ctx, link) else None
        for (a, c), (sa, sc), way in (((link.from_id, link.to_id), services, countries), ((link.to_id, link.from_id), services[::-1], countries[::-1])):
            way_run = back_run if back_run is not None and ctx.costing.on_backhaul(ctx.network.place(a), ctx.network.place(c)) else run
            for mode, gauge in layers:
                _link_direction(b, ctx, link, way_run, (a, c), ((mode, gauge, sa), (mode, gauge, sc)), way)


def _priced_by_direction(ctx: _Compiling, link: Link) -> bool:
    """Whether a link's backhaul direction has its own price (``Costing.on_backhaul``): a
    container's deep-sea leg where the costing has a backhaul market."""
    return bool(ctx.costing.sea_backhaul) and ctx.cargo.unit == "TEU" and link.mode == "sea" and ctx.costing.rate_key(link) == "sea_deep"


@dataclass(frozen=True)
class _LinkRun:
    """A link's figures per cargo unit for one pair of end services."""

    time_h: float
    cost_usd: float
    co2_kg: float
    drive_h: float  # a road link's hours at the wheel (Costing.driving_h), 0 for other links

    @classmethod
    def of(cls, link: Link, countries: tuple[str, str], services: tuple[str, str], cargo: CargoClass, costing: Costing, backhaul: bool = False) -> _LinkRun:
        # a restriction's delay rides on every run; a war-risk surcharge (quoted per TEU) on containers;
        # a load limit spreads the run's money and fuel over fewer units
        surcharge = link.surcharge_usd_per_teu if cargo.unit == "TEU" else 0.0
        per_unit = 1.0 / link.load_limit_share
        fare = costing.voyage_fare_usd(link, cargo, countries)
        return cls(
            costing.running_time_h(link, countries, cargo, services) + link.extra_delay_h,
            (costing.rate_usd_per_km(link, cargo, countries, services, backhaul) * link.length_km + fare) * per_unit + surcharge,
            costing.co2_kg_per_tkm_for(link) * cargo.tonnes_per_unit * link.length_km * per_unit,
            costing.driving_h(link, countries),
        )


def _crossing_stop(
    ctx: _Compiling, end: str, other: str, mode: str, countries: tuple[str, str], customs_free: bool
) -> _BorderStop | None:
    """The stop at ``end`` of a land link to ``other`` that crosses the border ``end`` sits on
    (:func:`_crosses_at`): its measured times in the link's direction where they are measured that
    year (with the reference's share for a side not measured, :func:`_unmeasured_side_h`), else its
    reference stop where it is charged on its crossing links (:func:`crossing_borders`); None where
    the link does not cross there or the stop is nothing."""
    network, costing, cargo, borders = ctx.network, ctx.costing, ctx.cargo, ctx.borders
    if not _crosses_at(network, end, other):
        return None
    measured = _measured_crossing(costing, end, mode, cargo)
    if not measured and (end, mode) not in borders.crossing:
        return None
    stop = _border_stop(network.place(end), mode, cargo, costing, (end, mode) in borders.paired, customs_free, countries[1])
    if measured:  # the measured times replace the reference's dwell; the fee stays
        return _BorderStop(costing.crossing_border_h(end, mode, *countries) + _unmeasured_side_h(ctx, end, mode, countries), 0.0, stop.fee_usd)
    return stop if stop.time_h > 0 or stop.fee_usd > 0 else None


def _link_direction(
    b: _Builder, ctx: _Compiling, link: Link, run: _LinkRun, ends: tuple[str, str], layers: tuple[Layer, Layer], countries: tuple[str, str]
) -> None:
    """One direction of a link from ``ends[0]``'s layer ``layers[0]`` (in ``countries[0]``) to
    ``ends[1]``'s ``layers[1]`` (a sea or ferry departure first boards: see :func:`_link_edges`; a
    land link across a border first passes the border stops of the ends it crosses at, by
    direction, with their fees: :func:`_crossing_stop`)."""
    (a, c), (layer, head_layer) = ends, layers
    nodes, cargo, costing = ctx.nodes, ctx.cargo, ctx.costing
    tail = nodes[a, layer, "out"]
    head = nodes[c, head_layer, "in"]
    international = countries[0] != countries[1]
    if international and link.mode in ("rail", "road"):  # the border stops of the ends it crosses at, by direction
        customs_free = costing.same_customs_union(*countries)
        for end, end_layer, other in ((a, layer, c), (c, head_layer, a)):
            hours_fee = _crossing_stop(ctx, end, other, link.mode, countries, customs_free)
            if hours_fee is None:
                continue
            stop = b.node(end, "board", end_layer)
            common: dict[str, Any] = {"time_h": hours_fee.time_h, "cost_usd": hours_fee.fee_usd, "queue_h": hours_fee.queue_h, "layer": end_layer, "from_place": end, "to_place": end}
            if end == a:
                b.edge(tail, stop, "border", end, **common)
                tail = stop
            else:
                b.edge(stop, head, "border", end, **common)
                head = stop
    if link.mode in ("sea", "ferry"):
        held_h = _held_h(costing, a, layer[0])  # wagons rolling on
        # (where the unit comes from, its wait for the sailing): brought here, or starting its trip
        # here (a unit booked on its sailing waits for no headway: Costing.booked_boarding_wait_h)
        starts = [(tail, costing.boarding_wait_h(link, cargo) + held_h)]
        if (a, layer, "booked") in nodes:
            starts.append((nodes[a, layer, "booked"], costing.booked_boarding_wait_h(link, cargo) + held_h))
        if international:
            clearance_h, arrival_h = costing.voyage_clearances_h(link.mode, cargo, ends, countries, rolling_unit_mode(layer[1]))
            kind = "border" if clearance_h > 0 else "pass"  # a box is cleared in the yard
            for i, (start, wait_h) in enumerate(starts):
                cleared = b.node(a, "board", layer)
                b.edge(start, cleared, kind, a, time_h=clearance_h, layer=layer, from_place=a, to_place=a)
                starts[i] = (cleared, wait_h)
            if arrival_h > 0:  # a port measured at arrival: its inbound time
                landed = b.node(c, "board", head_layer)
                b.edge(landed, head, "border", c, time_h=arrival_h, layer=head_layer, from_place=c, to_place=c)
                head = landed
        board = b.node(a, "board", layer)
        for start, wait_h in starts:
            b.edge(start, board, "wait" if wait_h > 0 else "pass", link.id, time_h=wait_h, queue_h=held_h, layer=layer, from_place=a, to_place=a)
        if link.mode == "sea":
            _sea_continuation(b, nodes[a, layer, "in"], board, a, link, layer, cargo, costing)
        tail = board
    b.edge(
        tail,
        head,
        "link",
        link.id,
        time_h=run.time_h,
        cost_usd=run.cost_usd,
        co2_kg=run.co2_kg,
        length_km=link.length_km,
        drive_h=run.drive_h,
        layer=layer,
        from_place=a,
        to_place=c,
    )


def _sea_continuation(
    b: _Builder, arrived: int, board: int, place_id: str, link: Link, layer: Layer, cargo: CargoClass, costing: Costing
) -> None:
    """From a ship arriving at ``place_id`` on to ``link``'s departure: through a canal the same
    ship sails on; at a port the box is transshipped and waits for ``link``'s next ship."""
    common: dict[str, Any] = {"layer": layer, "from_place": place_id, "to_place": place_id}
    if place_id in costing.sea_through_places:
        b.edge(arrived, board, "pass", place_id, **common)
        return
    stop = cargo.handling["transship"]
    landed = b.node(place_id, "board", layer)
    b.edge(arrived, landed, "transfer", place_id, time_h=stop.time_h, cost_usd=stop.cost_usd, **common)
    b.edge(landed, board, "wait", link.id, time_h=costing.wait_h(link), **common)


def compile_graph(
    network: Network,
    costing: Costing,
    cargo: str = "container",
    include_statuses: Iterable[str] = OPERATIONAL,
) -> VirtualGraph:
    """Compile ``network`` for one cargo class, keeping links whose status is in ``include_statuses``."""
    cargo_class = costing.cargo_class(cargo)
    statuses = frozenset(include_statuses)
    links = [ln for ln in network.links if ln.status in statuses]
    layers: dict[str, set[Layer]] = defaultdict(set)
    for link in links:
        for place_id in (link.from_id, link.to_id):
            services = end_services(link, network.place(place_id).country, costing)
            for mode, gauge, _ in link_layers(link):
                layers[place_id].update((mode, gauge, s) for s in (services if mode == "rail" else [""]))
    b = _Builder([p.id for p in network.places])
    nodes: dict[tuple, int] = {}
    for place in network.places:
        for layer in sorted(layers[place.id]):
            for role in ("in", "out"):
                nodes[place.id, layer, role] = b.node(place.id, role, layer)
    borders = _Borders(paired_borders(network, links), customs_union_borders(network, links, costing), crossing_borders(network, links))
    for place in network.places:
        _place_edges(b, place, layers[place.id], nodes, cargo_class, costing, borders)
    ctx = _Compiling(network, nodes, cargo_class, costing, borders)
    for link in links:
        _link_edges(b, ctx, link)
    return _finish(b, nodes, cargo, costing, statuses)


def _finish(b: _Builder, nodes, cargo: str, costing: Costing, statuses: frozenset[str]) -> VirtualGraph:
    """Turn the builder's lists into arrays, edges sorted by tail, with the CSR row pointer."""
    node_arr = np.array(b.nodes, dtype=np.int64).reshape(-1, 4)
    edge_arr = np.array(b.edges, dtype=np.float64).reshape(-1, 14)
    edge_arr = edge_arr[np.argsort(edge_arr[:, 0], kind="stable")]
    ints = edge_arr[:, [0, 1, 6, 7, 8, 9, 10, 11]].astype(np.int64)
    tail, head, kind, mode, gauge, element, from_place, to_place = ints.T
    indptr = np.zeros(node_arr.shape[0] + 1, dtype=np.int64)
    np.add.at(indptr, tail + 1, 1)
    return VirtualGraph(
        cargo=cargo,
        costing=costing,
        place_ids=tuple(b.place_ids),
        elements=tuple(b.elements),
        node_place=node_arr[:, 0].astype(np.int32),
        node_role=node_arr[:, 1].astype(np.int8),
        node_mode=node_arr[:, 2].astype(np.int8),
        node_gauge_mm=node_arr[:, 3].astype(np.int32),
        origin_node=np.array([nodes[pid, "origin"] for pid in b.place_ids], dtype=np.int32),
        destination_node=np.array([nodes[pid, "destination"] for pid in b.place_ids], dtype=np.int32),
        indptr=np.cumsum(indptr),
        tail=tail.astype(np.int32),
        head=head.astype(np.int32),
        time_h=edge_arr[:, 2].copy(),
        cost_usd=edge_arr[:, 3].copy(),
        co2_kg=edge_arr[:, 4].copy(),
        length_km=edge_arr[:, 5].copy(),
        queue_h=edge_arr[:, 12].copy(),
        drive_h=edge_arr[:, 13].copy(),
        kind=kind.astype(np.int8),
        mode=mode.astype(np.int8),
        gauge_mm=gauge.astype(np.int32),
        element=element.astype(np.int32),
        from_place=from_place.astype(np.int32),
        to_place=to_place.astype(np.int32),
        included_statuses=statuses,
    )


#: the last few compiled graphs, by (network, costing) object identity, cargo and statuses
_COMPILED: IdentityCache[VirtualGraph] = IdentityCache(maxsize=16)


def compiled_graph(
    network: Network, costing: Costing, cargo: str = "container", include_statuses: Iterable[str] = OPERATIONAL
) -> VirtualGraph:
    """:func:`compile_graph`, reusing the graph of the same network and costing objects (both are
    immutable): a server or a batch asking many routes on one scenario and date compiles once."""
    statuses = frozenset(include_statuses)
    return _COMPILED.get((network, costing), (cargo, statuses), lambda: compile_graph(network, costing, cargo, statuses))
