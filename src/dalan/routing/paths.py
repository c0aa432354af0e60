"""Shortest paths on the virtual graph (Dijkstra on a deduplicated CSR matrix: scipy's, or the
same algorithm in plain Python for a one-off search, see :func:`dijkstra`).

Preconditions are checked, not assumed: Dijkstra is only correct on finite, non-negative weights
(a negative weight makes it return a predecessor cycle), so :func:`shortest_tree` refuses any
other weight with :class:`~dalan.errors.GraphWeightError`, and :func:`edges_on_path` stops after
as many hops as the graph has nodes instead of walking a cycle for ever.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Sequence

import numpy as np

from dalan.errors import GraphWeightError
from dalan.graph.virtual import VirtualGraph


def cheapest_edges(graph: VirtualGraph, weights: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """Index of the cheapest edge for each (tail, head) pair, among ``allowed`` edges, in (tail,
    head) order; of equally cheap parallel edges the first. ``weights`` are checked finite
    (:func:`check_weights`) by the callers.

    One stable sort on ``tail × nodes + head`` (nearly sorted already: graphs list edges by tail)
    and a minimum per pair, instead of a three-key sort that also orders by weight."""
    candidates = np.flatnonzero(allowed) if allowed is not None else np.arange(graph.num_edges)
    if candidates.size == 0:
        return candidates
    key = graph.tail[candidates].astype(np.int64) * graph.num_nodes + graph.head[candidates]
    by_pair = np.argsort(key, kind="stable")
    order, key = candidates[by_pair], key[by_pair]
    new = np.ones(order.shape[0], dtype=bool)
    new[1:] = key[1:] != key[:-1]
    group = np.cumsum(new) - 1
    cost = weights[order]
    cheapest = np.flatnonzero(cost == np.fmin.reduceat(cost, np.flatnonzero(new))[group])
    first = np.ones(cheapest.shape[0], dtype=bool)
    first[1:] = group[cheapest[1:]] != group[cheapest[:-1]]
    return order[cheapest[first]]


def check_weights(graph: VirtualGraph, weights: np.ndarray, allowed: np.ndarray | None = None) -> None:
    """Raise :class:`GraphWeightError` unless every allowed edge weight is finite and >= 0."""
    weights = np.asarray(weights)
    if weights.shape != (graph.num_edges,):
        raise GraphWeightError("weight_count", weights=weights.shape[0] if weights.ndim else 0, edges=graph.num_edges)
    values = weights if allowed is None else weights[np.asarray(allowed, dtype=bool)]
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        index = np.flatnonzero(bad)[0]
        edge = int(index if allowed is None else np.flatnonzero(allowed)[index])
        raise GraphWeightError(
            "bad_weight", edge=edge, tail=int(graph.tail[edge]), head=int(graph.head[edge]), weight=repr(float(weights[edge])), count=int(bad.sum())
        )


def shortest_tree(
    graph: VirtualGraph, weights: np.ndarray, source: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distances and predecessor nodes from ``source`` over the allowed edges.

    Raises :class:`GraphWeightError` when an allowed edge has a negative, NaN or infinite weight.
    """
    check_weights(graph, weights, allowed)
    keep = cheapest_edges(graph, weights, allowed)
    dist, pred = dijkstra(graph.num_nodes, graph.tail[keep], graph.head[keep], weights[keep], [source])
    return dist[0], pred[0]


def tree_to_target(
    graph: VirtualGraph, weights: np.ndarray, target: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distances to ``target`` and each node's next edge on a shortest path there (-1 at the
    target and where it cannot be reached): Dijkstra on the reversed graph, so one tree answers
    every source, and its distances are exact A* potentials for searches towards ``target``.
    The next edge is the cheapest allowed one to the next node, as :func:`edges_on_path` picks.

    Raises :class:`GraphWeightError` when an allowed edge has a negative, NaN or infinite weight.
    """
    dist, next_edge = trees_to_targets(graph, weights, [target], allowed)
    return dist[0], next_edge[0]


def trees_to_targets(
    graph: VirtualGraph, weights: np.ndarray, targets: Sequence[int], allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`tree_to_target` for each of ``targets`` (rows), the reversed graph built once."""
    check_weights(graph, weights, allowed)
    keep = cheapest_edges(graph, weights, allowed)
    dist, succ = dijkstra(graph.num_nodes, graph.head[keep], graph.tail[keep], weights[keep], targets)
    next_edge = np.full(succ.shape, -1, dtype=np.int64)
    tails, heads = graph.tail[keep], graph.head[keep]
    for row in range(succ.shape[0]):
        on_tree = succ[row, tails] == heads  # one kept edge per (tail, head): the cheapest
        next_edge[row, tails[on_tree]] = keep[on_tree]
    return dist, next_edge


#: Arcs that may be relaxed in plain Python before scipy is imported instead: plain Python spends
#: about 0.4 µs more per arc than scipy, so this many cost about what importing scipy does (0.2 s).
PLAIN_ARC_BUDGET = 500_000
#: Arcs relaxed in plain Python so far in this process (a single counter cell).
_plain_arcs = [0]


def dijkstra(
    num_nodes: int, tails: np.ndarray, heads: np.ndarray, weights: np.ndarray, sources: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Distances (float64) and predecessor nodes (int32, -9999 at the source and where unreached)
    from each of ``sources`` (rows), over edges with finite weights >= 0 and at most one edge per
    (tail, head): what ``scipy.sparse.csgraph.dijkstra`` returns for that CSR matrix.

    Importing scipy takes about 0.2 s, more than a one-off route spends searching (about 1 ms a
    tree on the embedded network in plain Python, 0.25 ms with scipy). So a single tree is searched
    by :func:`plain_dijkstra` until the process has relaxed :data:`PLAIN_ARC_BUDGET` arcs that way
    (a long run: a server, a calibration) or has scipy loaded already; several trees at once go to
    scipy. A process that has loaded the numba kernel :mod:`dalan._kernels.dijkstra` (the server's
    route workers do) searches with it: no scipy matrix to build per search. The three give the
    same floats and the same predecessors (tests/property/test_dijkstra.py), so the choice changes
    the time, never the answer.
    """
    kernel = sys.modules.get("dalan._kernels.dijkstra")
    if kernel is not None:
        return kernel.dijkstra_trees(
            num_nodes, _int64(tails), _int64(heads), np.ascontiguousarray(weights, dtype=np.float64), _int64(sources)
        )
    plain = len(sources) == 1 and "scipy.sparse.csgraph" not in sys.modules and _plain_arcs[0] < PLAIN_ARC_BUDGET
    if plain:
        _plain_arcs[0] += len(tails)
        dist, pred = plain_dijkstra(num_nodes, tails, heads, weights, int(sources[0]))
        return dist[np.newaxis], pred[np.newaxis]
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra as scipy_dijkstra

    matrix = csr_matrix((np.asarray(weights, dtype=np.float64), (tails, heads)), shape=(num_nodes, num_nodes))
    dist, pred = scipy_dijkstra(matrix, directed=True, indices=np.asarray(sources, dtype=np.int64), return_predecessors=True)
    return np.atleast_2d(dist), np.atleast_2d(pred)


def _int64(values: np.ndarray | Sequence[int]) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.int64)


def plain_dijkstra(
    num_nodes: int, tails: np.ndarray, heads: np.ndarray, weights: np.ndarray, source: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`dijkstra` from one source in plain Python, step for step as scipy (1.16 and later)
    does it: a node's arcs are relaxed in order of head, a strictly shorter distance replaces
    the predecessor, and of equally distant nodes the highest-numbered one is settled first (its
    heap holds (-distance, node) pairs and pops the largest)."""
    order = np.lexsort((heads, tails))
    starts = np.searchsorted(tails[order], np.arange(num_nodes + 1)).tolist()
    to, cost = heads[order].tolist(), np.asarray(weights, dtype=np.float64)[order].tolist()
    dist, pred = [np.inf] * num_nodes, [-9999] * num_nodes
    dist[source] = 0.0
    heap = [(0.0, -source)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, node = pop(heap)
        node = -node
        if dist[node] < d:  # a stale entry: the node was settled nearer
            continue
        for arc in range(starts[node], starts[node + 1]):
            head, via = to[arc], d + cost[arc]
            if dist[head] > via:
                dist[head], pred[head] = via, node
                push(heap, (via, -head))
    return np.array(dist, dtype=np.float64), np.array(pred, dtype=np.int32)


def edges_on_path(
    graph: VirtualGraph, weights: np.ndarray, pred: np.ndarray, target: int, allowed: np.ndarray | None = None
) -> list[int]:
    """The edge indices from the tree's root to ``target`` (cheapest parallel edge per hop).

    A path has fewer hops than the graph has nodes; a longer walk means ``pred`` holds a cycle,
    and :class:`GraphWeightError` is raised instead of looping for ever.
    """
    edges: list[int] = []
    node = target
    while pred[node] >= 0:
        if len(edges) >= graph.num_nodes:
            raise GraphWeightError("chain_cycle", node=target, hops=graph.num_nodes)
        tail = int(pred[node])
        lo, hi = graph.indptr[tail], graph.indptr[tail + 1]
        span = np.arange(lo, hi)
        span = span[graph.head[lo:hi] == node]
        if allowed is not None:
            span = span[allowed[span]]
        if span.size == 0:
            raise GraphWeightError("tree_gap", tail=tail, node=node)
        edges.append(int(span[np.argmin(weights[span])]))
        node = tail
    edges.reverse()
    return edges


def edges_to_target(graph: VirtualGraph, next_edge: np.ndarray, source: int) -> list[int]:
    """The edge indices from ``source`` to the root of a :func:`tree_to_target` tree
    (:class:`GraphWeightError` on a cycle, as :func:`edges_on_path`)."""
    edges: list[int] = []
    node, head, limit = source, graph.head, graph.num_nodes
    edge = int(next_edge[node])
    while edge >= 0:
        if len(edges) >= limit:
            raise GraphWeightError("chain_cycle", node=source, hops=limit)
        edges.append(edge)
        node = int(head[edge])
        edge = int(next_edge[node])
    return edges
