"""Dijkstra over arc arrays (at most one arc per (tail, head), weights finite and >= 0), in numba.

Step for step the plain :func:`dalan.routing.paths.plain_dijkstra` (and so scipy's Dijkstra since
1.16): a node's arcs are relaxed in order of head, a strictly shorter distance replaces the
predecessor, and of equally distant nodes in the queue the highest-numbered one is settled first.
The same floats and the same predecessors, without building a scipy matrix per search (which
costs more than the search on the expanded graphs of one route question).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from dalan._kernels._cache import CACHE


@njit(cache=CACHE)
def _forward_star(num_nodes, tails, heads):
    """The arcs in order of tail, then head, and where each node's arcs start in that order."""
    starts = np.zeros(num_nodes + 1, np.int64)
    for k in range(tails.shape[0]):
        starts[tails[k] + 1] += 1
    for u in range(num_nodes):
        starts[u + 1] += starts[u]
    fill = starts[:-1].copy()
    order = np.empty(tails.shape[0], np.int64)
    for k in range(tails.shape[0]):
        order[fill[tails[k]]] = k
        fill[tails[k]] += 1
    for u in range(num_nodes):  # a node's few arcs by head: insertion sort
        for i in range(starts[u] + 1, starts[u + 1]):
            arc = order[i]
            j = i - 1
            while j >= starts[u] and heads[order[j]] > heads[arc]:
                order[j + 1] = order[j]
                j -= 1
            order[j + 1] = arc
    return order, starts


@njit(cache=CACHE)
def _first(dist_a, node_a, dist_b, node_b):
    """Whether queue entry a comes out before b: nearer, or as near and higher-numbered."""
    return dist_a < dist_b or (dist_a == dist_b and node_a > node_b)


@njit(cache=CACHE)
def _push(dists, nodes, size, dist, node):
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if not _first(dist, node, dists[parent], nodes[parent]):
            break
        dists[i] = dists[parent]
        nodes[i] = nodes[parent]
        i = parent
    dists[i] = dist
    nodes[i] = node
    return size + 1


@njit(cache=CACHE)
def _pop(dists, nodes, size):
    top_dist, top_node = dists[0], nodes[0]
    size -= 1
    dist, node = dists[size], nodes[size]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and _first(dists[child + 1], nodes[child + 1], dists[child], nodes[child]):
            child += 1
        if not _first(dists[child], nodes[child], dist, node):
            break
        dists[i] = dists[child]
        nodes[i] = nodes[child]
        i = child
    if size > 0:
        dists[i] = dist
        nodes[i] = node
    return top_dist, top_node, size


@njit(cache=CACHE)
def dijkstra_trees(num_nodes, tails, heads, weights, sources):
    """Distances (float64) and predecessor nodes (int32, -9999 at the source and where unreached)
    from each of ``sources`` (rows). ``tails``, ``heads`` and ``sources`` are int64 arrays."""
    order, starts = _forward_star(num_nodes, tails, heads)
    to = heads[order]
    cost = weights[order]
    dist = np.full((sources.shape[0], num_nodes), np.inf)
    pred = np.full((sources.shape[0], num_nodes), -9999, np.int32)
    queue_dist = np.empty(tails.shape[0] + 1)  # a push per strict improvement: at most one per arc, and the source
    queue_node = np.empty(tails.shape[0] + 1, np.int64)
    for row in range(sources.shape[0]):
        d, p = dist[row], pred[row]
        d[sources[row]] = 0.0
        size = _push(queue_dist, queue_node, 0, 0.0, sources[row])
        while size > 0:
            at, node, size = _pop(queue_dist, queue_node, size)
            if d[node] < at:  # a stale entry: the node was settled nearer
                continue
            for arc in range(starts[node], starts[node + 1]):
                head = to[arc]
                via = at + cost[arc]
                if d[head] > via:
                    d[head] = via
                    p[head] = node
                    size = _push(queue_dist, queue_node, size, via, head)
    return dist, pred


# Compiled (or read from numba's cache) on import rather than on the first search: the server's
# fork server imports this module once, and each route worker it forks inherits the machine code.
dijkstra_trees(1, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(1, np.int64))

__all__ = ["dijkstra_trees"]
