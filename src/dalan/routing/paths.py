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


def path_with_transfer_limit(
    graph: VirtualGraph,
    weights: np.ndarray,
    source: int,
    target: int,
    max_transfers: int,
    allowed: np.ndarray | None = None,
) -> list[int] | None:
    """Cheapest path using at most ``max_transfers`` transfer or gauge-change edges, else None.

    Exact: Dijkstra on ``max_transfers + 1`` copies of the graph, where a transfer edge leads
    from copy i to copy i + 1.
    """
    from dalan.graph.virtual import EDGE_KINDS

    n, layers = graph.num_nodes, max_transfers + 1
    usable = np.ones(graph.num_edges, dtype=bool) if allowed is None else allowed
    is_transfer = np.isin(graph.kind, [EDGE_KINDS.index("transfer"), EDGE_KINDS.index("gauge_change")])
    plain = np.flatnonzero(usable & ~is_transfer)
    hops = np.flatnonzero(usable & is_transfer)
    tails, heads, edge_ids = [], [], []
    for i in range(layers):
        tails.append(graph.tail[plain] + i * n)
        heads.append(graph.head[plain] + i * n)
        edge_ids.append(plain)
        if i + 1 < layers:
            tails.append(graph.tail[hops] + i * n)
            heads.append(graph.head[hops] + (i + 1) * n)
            edge_ids.append(hops)
    tail, head, edge = np.concatenate(tails), np.concatenate(heads), np.concatenate(edge_ids)
    w = weights[edge]
    order = np.lexsort((w, head, tail))
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = (tail[order][1:] != tail[order][:-1]) | (head[order][1:] != head[order][:-1])
    keep = order[first]
    matrix = csr_matrix((w[keep], (tail[keep], head[keep])), shape=(n * layers, n * layers))
    dist, pred = dijkstra(matrix, directed=True, indices=source, return_predecessors=True)
    ends = [target + i * n for i in range(layers)]
    best = min(ends, key=lambda node: dist[node])
    if not np.isfinite(dist[best]):
        return None
    by_pair = {(int(t), int(h)): int(e) for t, h, e in zip(tail[keep], head[keep], edge[keep], strict=True)}
    path, node = [], best
    while pred[node] >= 0:
        path.append(by_pair[int(pred[node]), int(node)])
        node = int(pred[node])
    return path[::-1]
