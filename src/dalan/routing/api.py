"""``route()``: the best route between two places on the virtual graph, as an Itinerary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from dalan.costing import Costing, load_costing
from dalan.errors import InputError, NoRouteError, Problem
from dalan.graph import (
    MODE_CODES,
    OPERATIONAL,
    WITH_PLANNED,
    Criterion,
    VirtualGraph,
    compile_graph,
)
from dalan.graph.virtual import NODE_ROLES
from dalan.network.model import STATUSES, Network, Place
from dalan.network.search import PlaceIndex
from dalan.routing.itinerary import Itinerary, build_itinerary
from dalan.routing.paths import edges_on_path, path_with_transfer_limit, shortest_tree


def resolve_place(network: Network, query: str | Place) -> Place:
    """A place by id, name (English or Persian) or alias; UnknownPlaceError with suggestions."""
    if isinstance(query, Place):
        return query
    return PlaceIndex.of(network).find(query)


def route(
    network: Network,
    origin: str | Place,
    destination: str | Place,
    *,
    by: Criterion = "time",
    cargo: str = "container",
    quantity: float = 1.0,
    costing: Costing | None = None,
    include_planned: bool = False,
    via: Sequence[str | Place] = (),
    modes: Iterable[str] | None = None,
    max_transfers: int | None = None,
    value_of_time_usd_per_h: float | None = None,
    carbon_price_usd_per_t: float | None = None,
    graph: VirtualGraph | None = None,
) -> Itinerary:
    """The best route from ``origin`` to ``destination`` by time, cost, CO2e or generalised cost.

    ``via`` places are visited in order (each segment is a shortest path; goods stay on board
    through a via place). ``modes`` restricts the modes used (default: all); ``max_transfers``
    bounds the number of mode and gauge changes (exactly, without via places). Raises
    NoRouteError saying why when there is none.
    """
    index = PlaceIndex.of(network)
    stops = [index.find(q) if not isinstance(q, Place) else q for q in (origin, *via, destination)]
    segment_modes = [None if modes is None else tuple(modes)] * (len(stops) - 1)
    return route_segments(
        network,
        stops,
        segment_modes,
        by=by,
        cargo=cargo,
        quantity=quantity,
        costing=costing,
        include_planned=include_planned,
        max_transfers=max_transfers,
        value_of_time_usd_per_h=value_of_time_usd_per_h,
        carbon_price_usd_per_t=carbon_price_usd_per_t,
        graph=graph,
    )


def mode_mask(graph: VirtualGraph, modes: Iterable[str] | None) -> np.ndarray | None:
    """Edges usable with these modes (an edge's mode is the layer it runs or ends in)."""
    if modes is None:
        return None
    unknown = sorted(set(modes) - set(MODE_CODES))
    if unknown:
        raise InputError(
            Problem("route", "modes", ", ".join(unknown), "unknown mode", "use rail, road, sea or ferry")
        )
    return np.isin(graph.mode, [MODE_CODES.index(m) for m in modes])


def route_segments(
    network: Network,
    stops: Sequence[Place],
    segment_modes: Sequence[Iterable[str] | None],
    *,
    by: Criterion = "time",
    cargo: str = "container",
    quantity: float = 1.0,
    costing: Costing | None = None,
    include_planned: bool = False,
    max_transfers: int | None = None,
    value_of_time_usd_per_h: float | None = None,
    carbon_price_usd_per_t: float | None = None,
    graph: VirtualGraph | None = None,
) -> Itinerary:
    """A route through ``stops`` in order, segment ``k`` restricted to ``segment_modes[k]``.

    ``max_transfers`` (exact, on layered copies of the graph) needs a single segment.
    """
    if max_transfers is not None and len(stops) > 2:
        raise InputError(
            Problem("route", "max_transfers", max_transfers, "cannot be combined with via places", "drop one of them")
        )
    costing = costing or load_costing()
    statuses = WITH_PLANNED if include_planned else OPERATIONAL
    graph = graph or compile_graph(network, costing, cargo, statuses)
    weights = graph.weights(by, value_of_time_usd_per_h, carbon_price_usd_per_t)
    edges: list[int] = []
    source = int(graph.origin_node[graph.place_index(stops[0].id)])
    for k, stop in enumerate(stops[1:], start=1):
        allowed = mode_mask(graph, segment_modes[k - 1])
        targets = _target_nodes(graph, stop.id, last=k == len(stops) - 1)
        if max_transfers is not None:
            path = path_with_transfer_limit(graph, weights, source, targets[0], max_transfers, allowed)
            if path is None:
                raise NoRouteError(stops[0].name_en, stops[-1].name_en, f"none with at most {max_transfers} transfers")
            edges += path
            continue
        dist, pred = shortest_tree(graph, weights, source, allowed)
        reachable = [t for t in targets if np.isfinite(dist[t])]
        if not reachable:
            if allowed is not None:
                reason = f"not with the modes {', '.join(segment_modes[k - 1])}; try more modes"
            else:
                reason = explain_no_route(network, costing, cargo, stops[k - 1].id, stop.id, statuses)
            raise NoRouteError(stops[0].name_en, stops[-1].name_en, reason)
        target = min(reachable, key=lambda t: dist[t])
        edges += edges_on_path(graph, weights, pred, target, allowed)
        source = target
    return build_itinerary(graph, network, edges, quantity=quantity, criterion=by)


def _target_nodes(graph: VirtualGraph, place_id: str, last: bool) -> list[int]:
    pos = graph.place_index(place_id)
    if last:
        return [int(graph.destination_node[pos])]
    in_role = NODE_ROLES.index("in")
    return np.flatnonzero((graph.node_place == pos) & (graph.node_role == in_role)).tolist()


def explain_no_route(
    network: Network, costing: Costing, cargo: str, origin_id: str, destination_id: str, statuses: frozenset[str]
) -> str:
    """Why two places are not connected: name the non-operational links a route would need."""
    every = compile_graph(network, costing, cargo, STATUSES)
    source = int(every.origin_node[every.place_index(origin_id)])
    target = int(every.destination_node[every.place_index(destination_id)])
    weights = every.time_h
    dist, pred = shortest_tree(every, weights, source)
    if not np.isfinite(dist[target]):
        return "the two places are in parts of the network that no link joins, whatever its status"
    path = edges_on_path(every, weights, pred, target)
    missing = []
    for e in path:
        link_id = every.elements[every.element[e]]
        if network.has_link(link_id) and network.link(link_id).status not in statuses and link_id not in missing:
            missing.append(link_id)
    parts = []
    for link_id in missing:
        link = network.link(link_id)
        a, b = network.place(link.from_id).name_en, network.place(link.to_id).name_en
        note = f": {link.status_note}" if link.status_note else ""
        parts.append(f"{link_id} {a} – {b} ({link.mode}, {link.status.replace('_', ' ')}{note})")
    needs = "; ".join(parts)
    hint = "try --include-planned" if all(network.link(i).status in WITH_PLANNED for i in missing) else (
        "it is closed or suspended; a scenario can reopen it"
    )
    return f"the only connection needs {needs}: {hint}"
