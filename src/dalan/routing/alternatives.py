"""Alternative routes: the K best loopless routes (Yen) and the Pareto set over time, cost, CO2e.

Routes are compared physically: two virtual paths that use the same links in the same order differ
only inside places (which layer a stop happened in) and count as one route.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from dalan.costing import Costing, load_costing
from dalan.errors import NoRouteError
from dalan.graph import (
    OPERATIONAL,
    WITH_PLANNED,
    Criterion,
    VirtualGraph,
    compile_graph,
)
from dalan.graph.virtual import EDGE_KINDS
from dalan.network.model import Network, Place
from dalan.network.search import PlaceIndex
from dalan.routing.api import mode_mask
from dalan.routing.itinerary import Itinerary, build_itinerary
from dalan.routing.paths import edges_on_path, shortest_tree

LINK_KIND = EDGE_KINDS.index("link")


@dataclass(frozen=True)
class RouteQuery:
    """What every alternative-route search needs: the graph, its weights and the two end nodes."""

    network: Network
    graph: VirtualGraph
    source: int
    target: int
    allowed: np.ndarray | None


def prepare(
    network: Network,
    origin: str | Place,
    destination: str | Place,
    *,
    cargo: str = "container",
    costing: Costing | None = None,
    include_planned: bool = False,
    modes: Iterable[str] | None = None,
    avoid: Iterable[str] = (),
    graph: VirtualGraph | None = None,
) -> RouteQuery:
    """Resolve places, compile the graph and mask modes and avoided countries/places/links."""
    index = PlaceIndex.of(network)
    a = origin if isinstance(origin, Place) else index.find(origin)
    b = destination if isinstance(destination, Place) else index.find(destination)
    costing = costing or load_costing()
    graph = graph or compile_graph(network, costing, cargo, WITH_PLANNED if include_planned else OPERATIONAL)
    allowed = mode_mask(graph, modes)
    avoided = avoid_mask(network, graph, avoid)
    if avoided is not None:
        allowed = avoided if allowed is None else allowed & avoided
    return RouteQuery(
        network,
        graph,
        int(graph.origin_node[graph.place_index(a.id)]),
        int(graph.destination_node[graph.place_index(b.id)]),
        allowed,
    )


def avoid_mask(network: Network, graph: VirtualGraph, avoid: Iterable[str]) -> np.ndarray | None:
    """Edges that touch none of the avoided countries (ISO codes), places or links (ids or names)."""
    avoid = [a for a in avoid if a]
    if not avoid:
        return None
    index = PlaceIndex.of(network)
    countries = {p.country for p in network.places}
    bad_places: set[str] = set()
    bad_links: set[str] = set()
    for item in avoid:
        if item.upper() in countries:
            bad_places |= {p.id for p in network.places if p.country == item.upper()}
        elif network.has_link(item):
            bad_links.add(item)
        else:
            bad_places.add(index.find(item).id)
    place_pos = np.array([pid in bad_places for pid in graph.place_ids])
    element_bad = np.array([e in bad_links or e in bad_places for e in graph.elements])
    touches = place_pos[graph.from_place] | place_pos[graph.to_place] | element_bad[graph.element]
    return ~touches


def signature(graph: VirtualGraph, edges: Sequence[int]) -> tuple:
    """The physical identity of a path: its link edges (element and direction) in order."""
    return tuple((int(graph.element[e]), int(graph.from_place[e])) for e in edges if graph.kind[e] == LINK_KIND)


def is_loopless(graph: VirtualGraph, edges: Sequence[int]) -> bool:
    """No place is left and entered again."""
    seen: list[int] = []
    for e in edges:
        for place in (int(graph.from_place[e]), int(graph.to_place[e])):
            if not seen or seen[-1] != place:
                if place in seen:
                    return False
                seen.append(place)
    return True


def _shortest(q: RouteQuery, weights: np.ndarray, source: int, allowed: np.ndarray | None) -> list[int] | None:
    dist, pred = shortest_tree(q.graph, weights, source, allowed)
    if not np.isfinite(dist[q.target]):
        return None
    return edges_on_path(q.graph, weights, pred, q.target, allowed)


def k_best_edges(q: RouteQuery, weights: np.ndarray, k: int, max_candidates: int = 400) -> list[list[int]]:
    """Yen's K shortest loopless paths, skipping paths physically equal to one already found."""
    graph = q.graph
    base = np.ones(graph.num_edges, dtype=bool) if q.allowed is None else q.allowed.copy()
    first = _shortest(q, weights, q.source, base)
    if first is None:
        return []
    found: list[list[int]] = [first]
    accepted: list[list[int]] = [first]
    signatures = {signature(graph, first)}
    candidates: list[tuple[float, int, list[int]]] = []
    seen_paths = {tuple(first)}
    counter = 0
    while len(accepted) < k and counter < max_candidates:
        last = found[-1]
        for i in range(len(last)):
            root = last[:i]
            spur_node = int(graph.tail[last[i]]) if i < len(last) else q.target
            allowed = base.copy()
            for path in found:
                if path[:i] == root and len(path) > i:
                    allowed[path[i]] = False
            root_nodes = {int(graph.tail[e]) for e in root}
            if root_nodes:
                nodes = np.fromiter(root_nodes, dtype=np.int64)
                allowed &= ~np.isin(graph.head, nodes) & ~np.isin(graph.tail, nodes)
            spur = _shortest(q, weights, spur_node, allowed)
            if spur is None:
                continue
            path = root + spur
            if tuple(path) in seen_paths:
                continue
            seen_paths.add(tuple(path))
            counter += 1
            heapq.heappush(candidates, (float(weights[path].sum()), counter, path))
        if not candidates:
            break
        _, _, best = heapq.heappop(candidates)
        found.append(best)
        sig = signature(graph, best)
        if sig not in signatures and is_loopless(graph, best):
            signatures.add(sig)
            accepted.append(best)
    return accepted


def k_best_routes(
    network: Network,
    origin: str | Place,
    destination: str | Place,
    k: int = 3,
    *,
    by: Criterion = "time",
    quantity: float = 1.0,
    value_of_time_usd_per_h: float | None = None,
    carbon_price_usd_per_t: float | None = None,
    **query,
) -> list[Itinerary]:
    """The ``k`` best physically different loopless routes by ``by``, best first."""
    q = prepare(network, origin, destination, **query)
    weights = q.graph.weights(by, value_of_time_usd_per_h, carbon_price_usd_per_t)
    paths = k_best_edges(q, weights, k)
    if not paths:
        raise NoRouteError(str(origin), str(destination), "no route under these constraints")
    return [build_itinerary(q.graph, network, p, quantity=quantity, criterion=by) for p in paths]


def _dominates(a: np.ndarray, b: np.ndarray, epsilon: float) -> bool:
    """``a`` is at least as good as ``b`` on every criterion, allowing a relative slack ε."""
    return bool(np.all(a <= b * (1.0 + epsilon) + 1e-12))


def pareto_edges(
    q: RouteQuery, criteria: np.ndarray, epsilon: float = 0.0, max_labels_per_node: int | None = None
) -> list[list[int]]:
    """Multi-label search (Martins): every path to the target not dominated on ``criteria``.

    ``criteria`` is (edges × k). With ``epsilon > 0`` a label within (1+ε) of another on every
    criterion is dropped, which keeps the set small; ``max_labels_per_node`` bounds it hard.
    """
    graph = q.graph
    allowed = q.allowed
    # label: (vector, node, edge, parent label index)
    vectors: list[np.ndarray] = [np.zeros(criteria.shape[1])]
    label_node = [q.source]
    label_edge = [-1]
    label_parent = [-1]
    settled: dict[int, list[int]] = {}
    heap: list[tuple[tuple[float, ...], int]] = [(tuple(vectors[0]), 0)]
    while heap:
        _, lab = heapq.heappop(heap)
        node = label_node[lab]
        kept = settled.setdefault(node, [])
        if any(_dominates(vectors[other], vectors[lab], epsilon) for other in kept):
            continue
        if max_labels_per_node is not None and len(kept) >= max_labels_per_node:
            continue
        kept.append(lab)
        if node == q.target:
            continue
        for e in range(graph.indptr[node], graph.indptr[node + 1]):
            if allowed is not None and not allowed[e]:
                continue
            head = int(graph.head[e])
            vector = vectors[lab] + criteria[e]
            if any(_dominates(vectors[other], vector, epsilon) for other in settled.get(head, ())):
                continue
            vectors.append(vector)
            label_node.append(head)
            label_edge.append(e)
            label_parent.append(lab)
            heapq.heappush(heap, (tuple(vector), len(vectors) - 1))
    paths = []
    for lab in settled.get(q.target, []):
        edges = []
        while label_parent[lab] >= 0:
            edges.append(label_edge[lab])
            lab = label_parent[lab]
        paths.append(edges[::-1])
    return paths


def pareto_routes(
    network: Network,
    origin: str | Place,
    destination: str | Place,
    *,
    quantity: float = 1.0,
    epsilon: float = 0.01,
    max_labels_per_node: int | None = 64,
    **query,
) -> list[Itinerary]:
    """Routes not dominated on (time, cost, CO2e), physically distinct, fastest first."""
    q = prepare(network, origin, destination, **query)
    criteria = np.column_stack([q.graph.time_h, q.graph.cost_usd, q.graph.co2_kg])
    paths = pareto_edges(q, criteria, epsilon, max_labels_per_node)
    if not paths:
        raise NoRouteError(str(origin), str(destination), "no route under these constraints")
    unique: dict[tuple, list[int]] = {}
    for path in sorted(paths, key=lambda p: tuple(criteria[p].sum(axis=0))):
        if is_loopless(q.graph, path):
            unique.setdefault(signature(q.graph, path), path)
    return [build_itinerary(q.graph, network, p, quantity=quantity, criterion="pareto") for p in unique.values()]
