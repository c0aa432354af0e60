"""Freight flows on the corridor: yearly demand assigned on the virtual graph with capacities.

Demand (``dalan.demand``: origin, destination, cargo class, quantity per year) is converted to
shipments (wagon- or truck-loads: ``operations.toml`` ``shipment_units``) and assigned as one user
class per cargo class on shared capacities (:mod:`dalan.assignment.capacity`). A class's cost on an
edge is its money per shipment plus its value of time per shipment × its own hours there, where
the hours grow with volume/capacity by BPR (α = 0.15, β = 4) on every capacitated edge: the shared
time is the fastest class's (a block train's), and a slower class (a wagonload) pays its extra
hours at its value of time as a fixed cost — exact while an edge is uncongested. Each place with
demand is a zone node joined to the place's origin and destination nodes; zones cannot be passed
through.

``loading="equilibrium"`` finds the user equilibrium (Wardrop) with the engine of
:mod:`dalan.assignment`; ``loading="logit"`` spreads each OD's demand over its ``alternatives``
best routes at free-flow cost with the logit of :mod:`dalan.routing.choice` (a stochastic loading,
no capacity feedback).

The network is taken as it stood on the assignment's date (dated closures, delays, surcharges).
Sanction rules (``dalan.network.rules``) bind a flow by its origin and destination countries;
the assignment's shortest-path trees are per origin over all destinations, so rules are not
applied here — ``route``, ``compare`` and ``stress`` apply them per pair.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from dalan.assignment.capacity import edge_capacity_per_year
from dalan.assignment.demand import Demand as ClassDemand
from dalan.assignment.demand import TrafficClass
from dalan.assignment.equilibrium import assign
from dalan.assignment.network import AssignmentNetwork
from dalan.assignment.result import AssignmentResult
from dalan.costing import Costing
from dalan.costing.operations import Operations, load_operations
from dalan.demand import Demand
from dalan.errors import InputError, Problem
from dalan.graph import VirtualGraph, compile_graph
from dalan.graph.virtual import EDGE_KINDS, NODE_ROLES
from dalan.network.history import load_history, network_as_of, today
from dalan.network.model import Network
from dalan.routing.alternatives import RouteQuery, k_best_edges
from dalan.routing.choice import DEFAULT_DISPERSION, check_dispersion, logit_shares
from dalan.routing.constraints import cargo_mask, travels_by_params
from dalan.routing.paths import shortest_tree

LOADINGS = ("equilibrium", "logit")
BIG_CAPACITY = 1e12  # stands for "unconstrained" in the BPR function
#: money per shipment on the edges a cargo class does not travel by (``cargo_mask``: a truck on a
#: train): every class shares one graph, and a class's demand is first checked to have a route
#: without them, so this only keeps the class's flow off them
CLOSED_EDGE_USD = 1e9


@dataclass(frozen=True, eq=False)
class CorridorFlows:
    """Yearly flows on the corridor. Edge arrays are over ``graph``'s edges; volumes in shipments."""

    graph: VirtualGraph
    network: Network
    classes: tuple[str, ...]
    shipment_units: dict[str, float]
    flow: np.ndarray
    class_flow: np.ndarray
    capacity: np.ndarray
    time_h: np.ndarray  # loaded hours on the shared scale (see :func:`shared_hours`)
    loading: str
    assignment: AssignmentResult | None
    free_time_h: np.ndarray  # the free-flow hours of that scale

    @property
    def volume_capacity(self) -> np.ndarray:
        """Volume / capacity per edge (0 where unconstrained)."""
        capped = np.isfinite(self.capacity)
        return np.divide(self.flow, self.capacity, out=np.zeros_like(self.flow), where=capped)

    def tonnes(self, costing: Costing) -> np.ndarray:
        """Tonnes per year on each edge, all classes."""
        per_shipment = np.array([self.shipment_units[c] * costing.cargo_class(c).tonnes_per_unit for c in self.classes])
        return per_shipment @ self.class_flow

    def link_frame(self, costing: Costing):
        """Per physical link: shipments and tonnes per year (both directions), max v/c, corridors."""
        import pandas as pd

        link_kind = EDGE_KINDS.index("link")
        tonnes = self.tonnes(costing)
        rows: dict[str, dict] = {}
        vc = self.volume_capacity
        for e in np.flatnonzero(self.graph.kind == link_kind):
            link_id = self.graph.elements[self.graph.element[e]]
            link = self.network.link(link_id)
            row = rows.setdefault(
                link_id,
                {"link": link_id, "from": link.from_id, "to": link.to_id, "mode": link.mode, "length_km": link.length_km,
                 "corridors": ";".join(link.corridors), "shipments_per_year": 0.0, "tonnes_per_year": 0.0, "max_vc": 0.0},
            )  # fmt: skip
            row["shipments_per_year"] += self.flow[e]
            row["tonnes_per_year"] += tonnes[e]
            row["max_vc"] = max(row["max_vc"], vc[e])
        return pd.DataFrame(list(rows.values())).sort_values("tonnes_per_year", ascending=False, ignore_index=True)

    def place_frame(self, costing: Costing):
        """Per place: shipments and tonnes per year through it (every visit passes one inner edge)."""
        import pandas as pd

        graph = self.graph
        inner = graph.from_place == graph.to_place
        inner &= ~np.isin(graph.kind, [EDGE_KINDS.index("link"), EDGE_KINDS.index("wait")])
        board = NODE_ROLES.index("board")
        inner &= (graph.node_role[graph.head] != board) & (graph.node_role[graph.tail] != board)  # clearance, crossing, continuing: same visit
        tonnes = self.tonnes(costing)
        shipments = np.bincount(self.graph.from_place[inner], weights=self.flow[inner], minlength=len(self.graph.place_ids))
        tons = np.bincount(self.graph.from_place[inner], weights=tonnes[inner], minlength=len(self.graph.place_ids))
        frame = pd.DataFrame({"place": self.graph.place_ids, "shipments_per_year": shipments, "tonnes_per_year": tons})
        return frame[frame["shipments_per_year"] > 0].sort_values("tonnes_per_year", ascending=False, ignore_index=True)

    def bottlenecks(self, top: int = 10):
        """The capacitated edges with the highest volume/capacity, with what and where they are."""
        import pandas as pd

        vc = self.volume_capacity
        order = np.argsort(-vc)[:top]
        return pd.DataFrame(
            {
                "kind": [EDGE_KINDS[self.graph.kind[e]] for e in order],
                "element": [self.graph.elements[self.graph.element[e]] for e in order],
                "from": [self.graph.place_ids[self.graph.from_place[e]] for e in order],
                "to": [self.graph.place_ids[self.graph.to_place[e]] for e in order],
                "shipments_per_year": self.flow[order],
                "capacity_per_year": self.capacity[order],
                "vc": vc[order],
                "time_h": self.time_h[order],
                "free_time_h": self.free_time_h[order],
            }
        )[lambda f: f["vc"] > 0]

    def corridor_shares(self, costing: Costing):
        """Share of tonne-km by corridor tag (a link's km split evenly over its tags)."""
        import pandas as pd

        tonne_km: dict[str, float] = defaultdict(float)
        for row in self.link_frame(costing).itertuples():
            tags = [t for t in row.corridors.split(";") if t] or ["none"]
            for tag in tags:
                tonne_km[tag] += row.tonnes_per_year * row.length_km / len(tags)
        total = sum(tonne_km.values()) or 1.0
        frame = pd.DataFrame({"corridor": list(tonne_km), "tonne_km_per_year": list(tonne_km.values())})
        frame["share"] = frame["tonne_km_per_year"] / total
        return frame.sort_values("share", ascending=False, ignore_index=True)

    def to_frame(self, costing: Costing):
        """The per-link table (see :meth:`link_frame`)."""
        return self.link_frame(costing)


def _closed(network: Network, graph: VirtualGraph) -> np.ndarray:
    """1.0 on the edges the graph's cargo class does not travel by, else 0.0."""
    mask = cargo_mask(network, graph)
    return np.zeros(graph.num_edges) if mask is None else (~mask).astype(float)


def _check_class_routes(network: Network, graph: VirtualGraph, matrix: np.ndarray, zones: list[str]) -> None:
    """Refuse a class's demand between places that no route of the links it travels by joins
    (a truck to a place only a railway reaches)."""
    mask = cargo_mask(network, graph)
    if mask is None:
        return
    place_pos = {pid: i for i, pid in enumerate(graph.place_ids)}
    for i in np.unique(np.nonzero(matrix)[0]):
        dist, _ = shortest_tree(graph, graph.time_h, int(graph.origin_node[place_pos[zones[i]]]), mask)
        for j in np.nonzero(matrix[i])[0]:
            if not np.isfinite(dist[graph.destination_node[place_pos[zones[j]]]]):
                said = travels_by_params(graph.costing.cargo_class(graph.cargo))
                raise InputError(Problem.of("demand", "route", f"{zones[i]} → {zones[j]}", "no_route", "cargo_travels_by", cargo=said["cargo"], by=said["by"]))


def _zones(demand: Demand) -> list[str]:
    return sorted({r.origin_id for r in demand} | {r.destination_id for r in demand})


def _check_graphs(graphs: dict[str, VirtualGraph]) -> VirtualGraph:
    first = next(iter(graphs.values()))
    for graph in graphs.values():
        if not (np.array_equal(graph.tail, first.tail) and np.array_equal(graph.head, first.head)):
            raise AssertionError("virtual graphs of the cargo classes differ in structure")
    return first


def assign_corridor(
    network: Network,
    costing: Costing,
    demand: Demand,
    *,
    operations: Operations | None = None,
    loading: str = "equilibrium",
    algorithm: str = "bfw",
    gap: float = 1e-4,
    max_iterations: int = 500,
    alternatives: int = 3,
    dispersion: float = DEFAULT_DISPERSION,
    include_statuses=None,
    date: dt.date | None = None,
) -> CorridorFlows:
    """Assign yearly ``demand`` on ``network`` as it stood on ``date`` (default today: the dated
    history's closures, delays and surcharges; a given date also prices that year's deep-sea
    market). Sanction rules, which bind a cargo by its origin and destination, are applied by
    ``route``, ``compare`` and ``stress``, not here (see the module docstring)."""
    network = network_as_of(network, load_history(), date or today())[0]
    costing = costing.at_year(date.year) if date is not None else costing
    if loading not in LOADINGS:
        raise InputError(Problem.of("assign", "loading", loading, "unknown_loading", "choices", choices=LOADINGS))
    if loading == "logit":
        dispersion = check_dispersion(dispersion, "assign")
    ops = operations or load_operations()
    classes = tuple(sorted({r.cargo for r in demand}))
    if not classes:
        raise InputError(Problem.of("demand", "rows", 0, "no_demand_to_assign", "add_demand"))
    statuses = include_statuses or ("operational",)
    graphs = {c: compile_graph(network, costing, c, statuses) for c in classes}
    graph = _check_graphs(graphs)
    capacity = edge_capacity_per_year(graph, network, costing, ops)
    units = {c: float(ops.shipment_units[c]) for c in classes}
    zones = _zones(demand)
    zone_pos = {pid: i for i, pid in enumerate(zones)}
    nz, ne = len(zones), graph.num_edges
    matrices = {c: np.zeros((nz, nz)) for c in classes}
    for row in demand:
        matrices[row.cargo][zone_pos[row.origin_id], zone_pos[row.destination_id]] += row.quantity_per_year / units[row.cargo]
    for name in classes:
        _check_class_routes(network, graphs[name], matrices[name], zones)
    free_h = shared_hours(graphs)
    if loading == "logit":
        class_flow = _logit_loading(graphs, network, matrices, zones, alternatives, dispersion, units)
        flow = class_flow.sum(axis=0)
        return CorridorFlows(graph, network, classes, units, flow, class_flow, capacity, free_h.copy(), loading, None, free_h)
    result = _equilibrium(network, graphs, graph, free_h, capacity, matrices, zones, units, costing, algorithm, gap, max_iterations)
    return CorridorFlows(
        graph, network, classes, units, result.flow[:ne], result.class_flow[:, :ne], capacity, result.time[:ne], loading, result, free_h
    )


def shared_hours(graphs: dict[str, VirtualGraph]) -> np.ndarray:
    """The hours the classes share on each edge, which congestion grows: the fastest class's (a
    block train's); a slower class pays its extra hours at its value of time (:func:`_equilibrium`)."""
    return np.min([g.time_h for g in graphs.values()], axis=0)


def _equilibrium(network, graphs, graph, shared_h, capacity, matrices, zones, units, costing, algorithm, gap, max_iterations) -> AssignmentResult:
    nz = len(zones)
    place_pos = {pid: i for i, pid in enumerate(graph.place_ids)}
    origins = np.array([graph.origin_node[place_pos[z]] for z in zones]) + nz
    destinations = np.array([graph.destination_node[place_pos[z]] for z in zones]) + nz
    zone_nodes = np.arange(nz)
    init = np.concatenate([graph.tail + nz, zone_nodes, destinations])
    term = np.concatenate([graph.head + nz, origins, zone_nodes])
    connectors = 2 * nz
    cap = np.concatenate([np.where(np.isfinite(capacity), capacity, BIG_CAPACITY), np.full(connectors, BIG_CAPACITY)])
    fft = np.concatenate([shared_h, np.zeros(connectors)])
    net = AssignmentNetwork(
        num_nodes=graph.num_nodes + nz, init_node=init, term_node=term, capacity=cap, free_flow_time=fft,
        zone_ids=zone_nodes, first_thru_node=nz,
    )  # fmt: skip
    classes = []
    for name, matrix in matrices.items():
        cargo = costing.cargo_class(name)
        own = graphs[name]
        vot = max(cargo.value_of_time_usd_per_h * units[name], 1e-6)  # per shipment
        # its own hours where they pass the shared ones (a wagonload on a line a block train runs faster), at its value of time
        money = own.cost_usd * units[name] + vot * (own.time_h - shared_h) + _closed(network, own) * CLOSED_EDGE_USD
        classes.append(TrafficClass(matrix, name=name, value_of_time=vot, link_cost=np.concatenate([money, np.zeros(connectors)])))
    return assign(net, ClassDemand(tuple(classes)), algorithm=algorithm, gap=gap, max_iterations=max_iterations)


def _logit_loading(graphs, network, matrices, zones, alternatives, dispersion, units) -> np.ndarray:
    names = list(matrices)
    class_flow = np.zeros((len(names), next(iter(graphs.values())).num_edges))
    for k, name in enumerate(names):
        graph = graphs[name]
        place_pos = {pid: i for i, pid in enumerate(graph.place_ids)}
        weights = graph.weights("generalized") * units[name]
        for i, j in zip(*np.nonzero(matrices[name]), strict=True):
            q = RouteQuery(network, graph, int(graph.origin_node[place_pos[zones[i]]]), int(graph.destination_node[place_pos[zones[j]]]), cargo_mask(network, graph))
            paths = k_best_edges(q, weights, alternatives)
            if not paths:
                raise InputError(Problem.of("demand", "route", f"{zones[i]} → {zones[j]}", "no_route", "check_links"))
            shares = logit_shares([weights[p].sum() for p in paths], dispersion)
            for path, share in zip(paths, shares, strict=True):
                class_flow[k, path] += share * matrices[name][i, j]
    return class_flow
