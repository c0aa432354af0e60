"""Many origin–destination pairs on one compiled graph: :func:`find_routes`' answers, in bulk.

Pairs are grouped by what they avoid (the options' ``avoid`` plus the pair's own items, e.g. the
sanction rules that bind its cargo) and then by destination. Each (group, destination) gets one
expanded graph and one shortest-path tree to the destination, which gives every origin its best
route and the K-best search its A* potentials (:func:`~dalan.routing.alternatives.k_best_edges`).
A pair runs the same steps as :func:`find_routes` on the same arrays (:func:`best_on`,
:func:`route_paths`), so it gets the same routes; only a pair whose best route crosses a border
twice — it needs that border tracked, an expanded graph of its own — goes to :func:`find_routes`.

With a Dask ``client`` the pairs are split over the cluster's workers, grouped by destination so
that a chunk shares its trees; a pair's routes do not depend on the pairs routed with it, so the
answers are the local run's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import numpy as np

from dalan.errors import InputError, NoRouteError
from dalan.graph import VirtualGraph
from dalan.network.model import Link, Network, Place
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions
from dalan.routing.constrained import (
    best_on,
    criterion_weights,
    find_routes,
    lighter_weights,
    reliable_hours,
    remember_lighter_tree,
    rests_trucks,
    route_paths,
    segment_masks,
)
from dalan.routing.constraints import (
    Avoid,
    crossing_pairs,
    repeated_pairs,
    resolve_avoid,
)
from dalan.routing.expand import Expanded, expand
from dalan.routing.paths import tree_to_target, trees_to_targets


def routes_for_pairs(
    network: Network,
    graph: VirtualGraph,
    options: RouteOptions,
    pairs: Sequence[tuple[str, str]],
    extra_avoid: Sequence[Sequence[str]] | None = None,
    progress: Callable[[], object] | None = None,
    client: Any = None,
) -> list[list[list[int]] | None]:
    """Per pair: its routes as edges of ``graph``, best first — what ``find_routes(network,
    options for that pair with avoid + extra_avoid[i], graph=graph)`` returns — or None where
    that raises NoRouteError or InputError (an UnknownPlaceError is raised).

    ``options`` gives everything but the stops (no vias). ``progress`` is called once per pair.
    ``client`` (a ``distributed.Client``, see :func:`dalan.cluster.dask_client`) routes the pairs
    on its cluster, with the same answers.
    """
    if options.via:
        raise ValueError("routes_for_pairs answers origin–destination pairs without vias")
    if client is not None:
        return _on_cluster(client, Shared(network, graph, options), pairs, extra_avoid, progress)
    index = PlaceIndex.of(network)
    pair_of_edge = crossing_pairs(network, graph)
    reliable_h = reliable_hours(network, graph, options)
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(pairs)):
        groups[tuple(extra_avoid[i]) if extra_avoid is not None else ()].append(i)
    out: list[list[list[int]] | None] = [None] * len(pairs)
    for items, members in groups.items():
        group = replace(options, avoid=(*options.avoid, *items))
        try:
            avoid = resolve_avoid(network, group.avoid, [])
        except InputError:  # as find_routes raises for each of these pairs
            _advance(progress, len(members))
            continue
        by_destination: dict[str, list[tuple[int, list[Place]]]] = defaultdict(list)
        for i in members:
            try:
                stops = index.find_stops(pairs[i])
            except InputError:  # the same place twice
                stops = []
            if not stops or any(avoid.touches(p) for p in stops):
                _advance(progress)
                continue
            by_destination[stops[1].id].append((i, stops))
        for exp, weights, tree, rows in _trees(network, graph, group, avoid, by_destination, pair_of_edge, reliable_h):
            for i, stops in rows:
                source = replace(exp, source=int(graph.origin_node[graph.place_index(stops[0].id)]))  # as expand() places it
                best = best_on(source, weights, tree)
                if best is not None and repeated_pairs(pair_of_edge, best.exp.base_edges(best.path)):
                    out[i] = _one_pair(network, graph, replace(group, origin=stops[0].id, destination=stops[1].id))
                elif best is not None:
                    out[i] = route_paths(network, graph, best, group, pair_of_edge, set())
                _advance(progress)
    return out


def _trees(
    network: Network,
    graph: VirtualGraph,
    options: RouteOptions,
    avoid: Avoid,
    by_destination: dict[str, list[tuple[int, list[Place]]]],
    pair_of_edge: np.ndarray,
    reliable_h: np.ndarray | None,
) -> Iterator[tuple[Expanded, np.ndarray, tuple[np.ndarray, np.ndarray], list[tuple[int, list[Place]]]]]:
    """Per destination: its expanded graph, weights, tree to the destination and pairs. With one
    copy of the graph per segment the expansion is the same for every destination: then it is
    built once, and the trees come from one Dijkstra call."""
    if not by_destination:
        return
    stops = next(iter(by_destination.values()))[0][1]
    masks = segment_masks(network, graph, options, stops, avoid)
    origin = graph.place_index(stops[0].id)
    destinations = [graph.place_index(d) for d in by_destination]

    def expanded(destination: int) -> Expanded:
        return expand(graph, origin, destination, masks, [], max_transfers=options.max_transfers, pair_of_edge=pair_of_edge)

    shared = expanded(destinations[0])
    if shared.copies_per_segment == 1:
        weights = criterion_weights(shared, options, reliable_h)
        ends = [shared.for_pair(graph, origin, d) for d in destinations]
        dist, next_edge = trees_to_targets(shared.graph, weights, [e.target for e in ends])
        if rests_trucks(shared.graph, options):  # the second search's trees, in one call too
            lighter = lighter_weights(shared.graph, options)
            light_dist, light_next = trees_to_targets(shared.graph, lighter, [e.target for e in ends])
            for j, exp in enumerate(ends):
                remember_lighter_tree(exp, options, lighter, (light_dist[j], light_next[j]))
        for j, (exp, rows) in enumerate(zip(ends, by_destination.values(), strict=True)):
            yield exp, weights, (dist[j], next_edge[j]), rows
        return
    for destination, rows in zip(destinations, by_destination.values(), strict=True):
        exp = expanded(destination)
        weights = criterion_weights(exp, options, reliable_h)
        yield exp, weights, tree_to_target(exp.graph, weights, exp.target), rows


#: Chunks of pairs per worker thread: enough to even out chunks that take longer, few enough
#: that each chunk shares its trees among many pairs.
CHUNKS_PER_THREAD = 4


@dataclass(frozen=True)
class Shared:
    """What every chunk of pairs needs, sent to each worker once. A network travels as its places,
    links and name (its look-up tables are rebuilt where it lands)."""

    network: Network
    graph: VirtualGraph
    options: RouteOptions

    def __reduce__(self) -> tuple[Any, ...]:
        return (_shared, (self.network.places, self.network.links, self.network.name, self.graph, self.options))


def _shared(places: Sequence[Place], links: Sequence[Link], name: str, graph: VirtualGraph, options: RouteOptions) -> Shared:
    return Shared(Network(tuple(places), tuple(links), name), graph, options)


@dataclass(frozen=True)
class Chunk:
    """Some of the pairs, with what each avoids besides the options' items (one object: Dask
    does not walk through it looking for futures, as it does through every list of a task)."""

    pairs: Sequence[tuple[str, str]]
    extra_avoid: Sequence[Sequence[str]] | None


Packed = tuple[np.ndarray, np.ndarray, np.ndarray]


def route_chunk(shared: Shared, chunk: Chunk) -> Packed:
    """:func:`routes_for_pairs` for one chunk of pairs, on a worker, :func:`pack`ed."""
    return pack(routes_for_pairs(shared.network, shared.graph, shared.options, chunk.pairs, chunk.extra_avoid))


def pack(found: Sequence[list[list[int]] | None]) -> Packed:
    """Per-pair routes as three arrays: every route's edges in a row, each route's length, each
    pair's number of routes (-1: None). A tenth of the bytes of nested lists, and read back in a
    few ms where unpickling the lists of 10,000 pairs takes about 0.3 s."""
    counts = np.array([-1 if routes is None else len(routes) for routes in found], dtype=np.int64)
    routes = [route for pair in found if pair is not None for route in pair]
    lengths = np.array([len(route) for route in routes], dtype=np.int64)
    edges = np.fromiter((e for route in routes for e in route), dtype=np.int64, count=int(lengths.sum()))
    return edges, lengths, counts


def unpack(packed: Packed) -> list[list[list[int]] | None]:
    """The per-pair routes of :func:`pack`, as lists."""
    edges, lengths, counts = packed
    flat, bounds = edges.tolist(), np.concatenate([[0], np.cumsum(lengths)]).tolist()
    routes = [flat[lo:hi] for lo, hi in pairwise(bounds)]
    out: list[list[list[int]] | None] = []
    first = 0
    for count in counts.tolist():
        out.append(None if count < 0 else routes[first : first + count])
        first += max(count, 0)
    return out


def chunks(pairs: Sequence[tuple[str, str]], extra_avoid: Sequence[Sequence[str]] | None, count: int) -> list[list[int]]:
    """The pair indices in at most ``count`` chunks of nearly equal size, each holding pairs of
    few destinations (sorted by what they avoid, then by destination)."""
    order = sorted(range(len(pairs)), key=lambda i: (tuple(extra_avoid[i]) if extra_avoid is not None else (), pairs[i][1]))
    count = max(1, min(count, len(order)))
    size, extra = divmod(len(order), count)
    bounds = [k * size + min(k, extra) for k in range(count + 1)]
    return [order[lo:hi] for lo, hi in pairwise(bounds) if hi > lo]


def _on_cluster(
    client: Any,
    shared: Shared,
    pairs: Sequence[tuple[str, str]],
    extra_avoid: Sequence[Sequence[str]] | None,
    progress: Callable[[], object] | None,
) -> list[list[list[int]] | None]:
    """:func:`routes_for_pairs` with the chunks of :func:`chunks` as tasks on ``client``'s cluster."""
    from distributed import as_completed  # installed: there is a client

    threads = max(1, sum(client.nthreads().values()))
    [data] = client.scatter([shared], broadcast=True)
    futures = {}
    for members in chunks(pairs, extra_avoid, CHUNKS_PER_THREAD * threads):
        avoid = [extra_avoid[i] for i in members] if extra_avoid is not None else None
        futures[client.submit(route_chunk, data, Chunk([pairs[i] for i in members], avoid), pure=False)] = members
    out: list[list[list[int]] | None] = [None] * len(pairs)
    for future in as_completed(futures):
        for i, found in zip(futures[future], unpack(future.result()), strict=True):
            out[i] = found
        _advance(progress, len(futures[future]))
    return out


def _advance(progress: Callable[[], object] | None, steps: int = 1) -> None:
    if progress is not None:
        for _ in range(steps):
            progress()


def _one_pair(network: Network, graph: VirtualGraph, options: RouteOptions) -> list[list[int]] | None:
    """:func:`find_routes` for one pair, its routes as edges (None when it has none)."""
    try:
        return [list(it.edges) for it in find_routes(network, options, graph=graph)]
    except (NoRouteError, InputError):
        return None


__all__ = ["Chunk", "Shared", "chunks", "pack", "route_chunk", "routes_for_pairs", "unpack"]
