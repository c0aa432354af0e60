"""Alternative routes: the K best loopless routes (Yen) and the Pareto set over time, cost, CO2e.

Routes are compared physically: two virtual paths that use the same links in the same order differ
only inside places (which layer a stop happened in) and count as one route.
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from dalan.graph import VirtualGraph
from dalan.graph.virtual import EDGE_KINDS
from dalan.network.model import Network
from dalan.routing.paths import (
    edges_on_path,
    edges_to_target,
    shortest_tree,
    tree_to_target,
)

LINK_KIND = EDGE_KINDS.index("link")


@dataclass(frozen=True)
class RouteQuery:
    """What every alternative-route search needs: the graph, its weights and the two end nodes."""

    network: Network
    graph: VirtualGraph
    source: int
    target: int
    allowed: np.ndarray | None


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


#: Per graph: the int64 arrays the K-best kernel reads (built once: a comparison asks thousands).
_KERNEL_ARRAYS: weakref.WeakKeyDictionary[VirtualGraph, tuple[np.ndarray, ...]] = weakref.WeakKeyDictionary()


def _kernel_arrays(graph: VirtualGraph) -> tuple[np.ndarray, ...]:
    """``indptr, tail, head, link_key, from_place, to_place`` as int64; ``link_key`` is an edge's
    physical identity in :func:`signature` (element and direction) as one number, -1 off links."""
    if graph not in _KERNEL_ARRAYS:
        link = graph.kind == LINK_KIND
        key = graph.element.astype(np.int64) * len(graph.place_ids) + graph.from_place
        _KERNEL_ARRAYS[graph] = tuple(
            np.ascontiguousarray(a, dtype=np.int64)
            for a in (graph.indptr, graph.tail, graph.head, np.where(link, key, -1), graph.from_place, graph.to_place)
        )
    return _KERNEL_ARRAYS[graph]


def k_best_edges(
    q: RouteQuery,
    weights: np.ndarray,
    k: int,
    max_candidates: int = 2000,
    *,
    border: np.ndarray | None = None,
    check_first: bool = False,
    tree: tuple[np.ndarray, np.ndarray] | None = None,
    first: list[int] | None = None,
) -> list[list[int]]:
    """Yen's K shortest loopless paths, skipping paths physically equal to one already found.

    The same paths as :func:`yen_reference` (up to the order of equal costs), popped in the same
    cost order, but each spur is an A* search guided by one reverse tree, run only when its lower
    bound reaches the top of the heap, with Lawler's rule (:mod:`dalan._kernels.kbest` says why
    that is exact) — instead of a fresh Dijkstra for every spur.
    ``border`` (per edge: a border pair, or -1) also skips paths that cross a pair twice, and
    ``check_first`` a first path that loops, so that ``k`` such paths come back when there are
    as many (the search stops after ``max_candidates`` candidates). ``tree`` is
    :func:`~dalan.routing.paths.tree_to_target` for these weights and ``first`` the path it gives
    from the source, when the caller has them.
    """
    from dalan._kernels.kbest import k_shortest_paths

    graph = q.graph
    dist, next_edge = tree if tree is not None else tree_to_target(graph, weights, q.target, q.allowed)
    if not np.isfinite(dist[q.source]):
        return []
    first = first if first is not None else edges_to_target(graph, next_edge, q.source)
    usable = np.asarray(weights, dtype=np.float64)
    if q.allowed is not None:
        usable = np.where(q.allowed, usable, np.inf)
    indptr, tail, head, link_key, from_place, to_place = _kernel_arrays(graph)
    pairs = np.full(graph.num_edges, -1, dtype=np.int64) if border is None else np.asarray(border, dtype=np.int64)
    arcs, offsets = k_shortest_paths(
        indptr, tail, head, usable, np.asarray(dist, dtype=np.float64), next_edge, np.array(first, dtype=np.int64), q.target,
        link_key, from_place, to_place, pairs, k, check_first, max_candidates,
    )  # fmt: skip
    return [arcs[a:b].tolist() for a, b in pairwise(offsets)]


def yen_reference(
    q: RouteQuery,
    weights: np.ndarray,
    k: int,
    max_candidates: int = 2000,
    *,
    border: np.ndarray | None = None,
    check_first: bool = False,
) -> list[list[int]]:
    """Plain Yen (a fresh Dijkstra per spur, every spur node of every found path), accepting and
    keeping paths as :func:`k_best_edges` does; slow and obviously right, kept as its test oracle."""
    graph = q.graph
    base = np.ones(graph.num_edges, dtype=bool) if q.allowed is None else q.allowed.copy()
    first = _shortest(q, weights, q.source, base)
    if first is None:
        return []

    def crosses_once(path: list[int]) -> bool:
        pairs = [int(border[e]) for e in path if border[e] >= 0] if border is not None else []
        return len(pairs) == len(set(pairs))

    found: list[list[int]] = [first]
    kept = [first] if crosses_once(first) and (not check_first or is_loopless(graph, first)) else []
    signatures = {signature(graph, first)}
    candidates: list[tuple[float, int, list[int]]] = []
    seen_paths = {tuple(first)}
    counter = 0
    while len(kept) < k and counter < max_candidates:
        last = found[-1]
        for i in range(len(last)):
            root = last[:i]
            spur_node = int(graph.tail[last[i]])
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
            if crosses_once(best):
                kept.append(best)
    return kept


def pareto_edges(
    q: RouteQuery, criteria: np.ndarray, epsilon: float = 0.0, max_labels_per_node: int | None = None
) -> list[list[int]]:
    """Multi-label search (Martins, :func:`dalan._kernels.pareto.martins`): every path to the
    target not dominated on ``criteria``.

    ``criteria`` is (edges × k). With ``epsilon > 0`` a label within (1+ε) of another on every
    criterion is dropped, which keeps the set small; ``max_labels_per_node`` bounds it hard.
    """
    from dalan._kernels.pareto import martins

    graph = q.graph
    allowed = np.ones(graph.num_edges, dtype=bool) if q.allowed is None else np.asarray(q.allowed, dtype=bool)
    vectors, label_edge, label_parent, found = martins(
        np.asarray(graph.indptr, dtype=np.int64), np.asarray(graph.head, dtype=np.int64), allowed,
        np.ascontiguousarray(criteria, dtype=np.float64), q.source, q.target, float(epsilon),
        -1 if max_labels_per_node is None else max_labels_per_node,
    )  # fmt: skip
    paths = []
    for lab in found.tolist():
        # Labels are settled in lexicographic order, so a later one cannot dominate an earlier one —
        # except when the first criterion ties up to rounding (sums in a different order): drop those.
        if any(other != lab and _strictly_dominates(vectors[other], vectors[lab]) for other in found.tolist()):
            continue
        edges = []
        while label_parent[lab] >= 0:
            edges.append(int(label_edge[lab]))
            lab = int(label_parent[lab])
        paths.append(edges[::-1])
    return paths


def _strictly_dominates(a: np.ndarray, b: np.ndarray, tol: float = 1e-9) -> bool:
    """``a`` is no worse than ``b`` on every criterion (up to rounding) and better on one."""
    slack = tol * np.maximum(np.abs(a), np.abs(b)) + 1e-12
    return bool(np.all(a <= b + slack) and np.any(a < b - slack))
