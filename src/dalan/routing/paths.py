"""Shortest paths on the virtual graph (scipy's Dijkstra on a deduplicated CSR matrix)."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from dalan.graph.virtual import VirtualGraph


def cheapest_edges(graph: VirtualGraph, weights: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """Index of the cheapest edge for each (tail, head) pair, among ``allowed`` edges."""
    candidates = np.flatnonzero(allowed) if allowed is not None else np.arange(graph.num_edges)
    order = candidates[np.lexsort((weights[candidates], graph.head[candidates], graph.tail[candidates]))]
    tails, heads = graph.tail[order], graph.head[order]
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = (tails[1:] != tails[:-1]) | (heads[1:] != heads[:-1])
    return order[first]


def shortest_tree(
    graph: VirtualGraph, weights: np.ndarray, source: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distances and predecessor nodes from ``source`` over the allowed edges."""
    keep = cheapest_edges(graph, weights, allowed)
    n = graph.num_nodes
    matrix = csr_matrix((weights[keep], (graph.tail[keep], graph.head[keep])), shape=(n, n))
    dist, pred = dijkstra(matrix, directed=True, indices=source, return_predecessors=True)
    return dist, pred


def edges_on_path(
    graph: VirtualGraph, weights: np.ndarray, pred: np.ndarray, target: int, allowed: np.ndarray | None = None
) -> list[int]:
    """The edge indices from the tree's root to ``target`` (cheapest parallel edge per hop)."""
    edges: list[int] = []
    node = target
    while pred[node] >= 0:
        tail = int(pred[node])
        lo, hi = graph.indptr[tail], graph.indptr[tail + 1]
        span = np.arange(lo, hi)
        span = span[graph.head[lo:hi] == node]
        if allowed is not None:
            span = span[allowed[span]]
        edges.append(int(span[np.argmin(weights[span])]))
        node = tail
    edges.reverse()
    return edges
