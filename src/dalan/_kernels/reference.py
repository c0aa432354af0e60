"""Plain reference implementations of the kernels, kept as test oracles (slow, obviously right).

Shortest paths come from :func:`scipy.sparse.csgraph.dijkstra`; loading walks each path back from
its destination. Graphs are given as link lists (``init``, ``term``, ``cost``).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra


def _cheapest_links(
    init: np.ndarray, term: np.ndarray, cost: np.ndarray, usable: np.ndarray
) -> dict[tuple[int, int], int]:
    """Among usable parallel links keep the cheapest: ``{(tail, head): link}``."""
    best: dict[tuple[int, int], int] = {}
    for link in np.flatnonzero(usable):
        key = (int(init[link]), int(term[link]))
        if key not in best or cost[link] < cost[best[key]]:
            best[key] = int(link)
    return best


def shortest_path_tree_reference(num_nodes, init, term, cost, origin, first_thru_node=0):
    """Return ``(dist, pred_link)`` from ``origin``; nodes below ``first_thru_node`` are not passed through."""
    init = np.asarray(init)
    usable = (init >= first_thru_node) | (init == origin)
    best = _cheapest_links(init, term, cost, usable)
    links = np.array(list(best.values()), dtype=np.int64)
    matrix = csr_array(
        (np.asarray(cost, dtype=float)[links], (np.asarray(init)[links], np.asarray(term)[links])),
        shape=(num_nodes, num_nodes),
    )
    dist, pred_node = dijkstra(matrix, directed=True, indices=origin, return_predecessors=True)
    pred_link = np.full(num_nodes, -1, dtype=np.int64)
    for v in range(num_nodes):
        if pred_node[v] >= 0:
            pred_link[v] = best[(int(pred_node[v]), v)]
    return dist, pred_link


def all_or_nothing_reference(num_nodes, init, term, cost, origins, dest_nodes, demand, first_thru_node=0):
    """Return ``(link_flow, cost_skim)`` loading ``demand[i, j]`` from ``origins[i]`` to ``dest_nodes[j]``."""
    flow = np.zeros(len(cost))
    skim = np.empty((len(origins), len(dest_nodes)))
    for i, origin in enumerate(origins):
        dist, pred_link = shortest_path_tree_reference(num_nodes, init, term, cost, origin, first_thru_node)
        for j, dest in enumerate(dest_nodes):
            skim[i, j] = dist[dest]
            if demand[i, j] <= 0 or not np.isfinite(dist[dest]):
                continue
            node = dest
            while pred_link[node] >= 0:
                flow[pred_link[node]] += demand[i, j]
                node = init[pred_link[node]]
    return flow, skim


def martins_reference(indptr, head, allowed, criteria, source, target, epsilon, max_labels):
    """:func:`dalan._kernels.pareto.martins` in plain Python (``heapq``, numpy vectors)."""
    import heapq

    slack = 1.0 + epsilon
    vectors: list[np.ndarray] = [np.zeros(criteria.shape[1])]
    label_node, label_edge, label_parent = [source], [-1], [-1]
    settled: dict[int, list[int]] = {}

    def dominated(node: int, vector: np.ndarray) -> bool:
        return any(bool(np.all(vectors[other] <= vector * slack + 1e-12)) for other in settled.get(node, ()))

    heap: list[tuple[tuple[float, ...], int]] = [(tuple(vectors[0]), 0)]
    while heap:
        _, lab = heapq.heappop(heap)
        node = label_node[lab]
        if dominated(node, vectors[lab]) or (max_labels >= 0 and len(settled.get(node, ())) >= max_labels):
            continue
        settled.setdefault(node, []).append(lab)
        if node == target:
            continue
        for e in range(indptr[node], indptr[node + 1]):
            if not allowed[e]:
                continue
            vector = vectors[lab] + criteria[e]
            if dominated(int(head[e]), vector):
                continue
            vectors.append(vector)
            label_node.append(int(head[e]))
            label_edge.append(e)
            label_parent.append(lab)
            heapq.heappush(heap, (tuple(vector), len(vectors) - 1))
    found = np.array(settled.get(target, []), dtype=np.int64)
    return np.array(vectors), np.array(label_edge), np.array(label_parent), found
