"""Shortest-path trees and all-or-nothing loading over CSR (forward-star) arrays.

Graph layout: the arcs leaving node ``u`` are ``indptr[u]:indptr[u + 1]``; for each such arc ``k``,
``arc_link[k]`` is the link index (into per-link arrays such as ``link_cost``) and ``arc_head[k]``
the node it enters. Nodes with an index below ``first_thru_node`` may start or end a path but not
be passed through (zone centroids). Link costs must be non-negative.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange

from dalan._kernels._cache import CACHE


@njit(cache=CACHE)
def _heap_push(keys, nodes, size, key, node):
    """Push ``(key, node)`` on a binary min-heap stored in ``keys[:size]``; return the new size."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i] = keys[parent]
        nodes[i] = nodes[parent]
        i = parent
    keys[i] = key
    nodes[i] = node
    return size + 1


@njit(cache=CACHE)
def _heap_pop(keys, nodes, size):
    """Remove the root of the heap in ``keys[:size]``; return ``(key, node, new_size)``."""
    top_key = keys[0]
    top_node = nodes[0]
    size -= 1
    key = keys[size]
    node = nodes[size]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[child] >= key:
            break
        keys[i] = keys[child]
        nodes[i] = nodes[child]
        i = child
    if size > 0:
        keys[i] = key
        nodes[i] = node
    return top_key, top_node, size


@njit(cache=CACHE)
def shortest_path_tree(
    indptr, arc_link, arc_head, link_cost, origin, first_thru_node, dist, pred_link, order, heap_keys, heap_nodes
):
    """Dijkstra (binary heap, lazy deletion) from ``origin``; fill the work arrays in place.

    On return ``dist[v]`` is the shortest distance (``inf`` if unreachable), ``pred_link[v]`` the
    link entering ``v`` on its tree path (-1 for the origin and unreached nodes), and
    ``order[:n]`` the settled nodes in increasing distance, where ``n`` is the return value.
    ``heap_keys`` and ``heap_nodes`` need room for ``len(arc_link) + 1`` entries.
    """
    dist[:] = np.inf
    pred_link[:] = -1
    dist[origin] = 0.0
    size = _heap_push(heap_keys, heap_nodes, 0, 0.0, origin)
    settled = 0
    while size > 0:
        d, u, size = _heap_pop(heap_keys, heap_nodes, size)
        if d > dist[u]:
            continue
        order[settled] = u
        settled += 1
        if u < first_thru_node and u != origin:
            continue
        for k in range(indptr[u], indptr[u + 1]):
            v = arc_head[k]
            nd = d + link_cost[arc_link[k]]
            if nd < dist[v]:
                dist[v] = nd
                pred_link[v] = arc_link[k]
                size = _heap_push(heap_keys, heap_nodes, size, nd, v)
    return settled


@njit(cache=CACHE)
def load_tree(order, settled, pred_link, link_tail, node_load, link_flow):
    """Send ``node_load`` (demand ending at each node) down a tree into ``link_flow``.

    Nodes are visited in reverse settle order, so each node's load is complete before it is pushed
    onto its predecessor link. ``node_load`` is consumed (left at zero).
    """
    for i in range(settled - 1, -1, -1):
        v = order[i]
        load = node_load[v]
        if load != 0.0:
            link = pred_link[v]
            if link >= 0:
                link_flow[link] += load
                node_load[link_tail[link]] += load
            node_load[v] = 0.0


@njit(cache=CACHE)
def _tree_sum(order, settled, pred_link, link_tail, link_value, out):
    """Accumulate ``link_value`` along tree paths: ``out[v]`` = sum over the path to ``v``."""
    out[:] = np.nan
    if settled > 0:
        out[order[0]] = 0.0
    for i in range(1, settled):
        v = order[i]
        link = pred_link[v]
        out[v] = out[link_tail[link]] + link_value[link]


@njit(cache=CACHE)
def _load_chunk(
    chunk, n_chunks, indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins, dest_nodes, demand,
    first_thru_node, link_flow, cost_skim, time_skim,
):
    """Load the origins ``chunk, chunk + n_chunks, ...`` into ``link_flow`` and fill their skim rows."""
    n_nodes = indptr.size - 1
    dist = np.empty(n_nodes)
    along = np.empty(n_nodes)
    pred_link = np.empty(n_nodes, dtype=np.int64)
    order = np.empty(n_nodes, dtype=np.int64)
    node_load = np.zeros(n_nodes)
    heap_keys = np.empty(arc_link.size + 1)
    heap_nodes = np.empty(arc_link.size + 1, dtype=np.int64)
    for i in range(chunk, origins.size, n_chunks):
        settled = shortest_path_tree(
            indptr, arc_link, arc_head, link_cost, origins[i], first_thru_node,
            dist, pred_link, order, heap_keys, heap_nodes,
        )
        _tree_sum(order, settled, pred_link, link_tail, link_time, along)
        for j in range(dest_nodes.size):
            node = dest_nodes[j]
            cost_skim[i, j] = dist[node]
            time_skim[i, j] = along[node]
            if demand[i, j] > 0.0 and dist[node] < np.inf:
                node_load[node] += demand[i, j]
        load_tree(order, settled, pred_link, link_tail, node_load, link_flow)


@njit(parallel=True, cache=CACHE)
def _all_or_nothing_parallel(
    indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins, dest_nodes, demand, first_thru_node, n_chunks
):
    flows = np.zeros((n_chunks, link_cost.size))
    cost_skim = np.empty((origins.size, dest_nodes.size))
    time_skim = np.empty((origins.size, dest_nodes.size))
    for chunk in prange(n_chunks):
        _load_chunk(chunk, n_chunks, indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins,
                    dest_nodes, demand, first_thru_node, flows[chunk], cost_skim, time_skim)
    return flows.sum(axis=0), cost_skim, time_skim


@njit(cache=CACHE)
def _all_or_nothing_serial(
    indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins, dest_nodes, demand, first_thru_node
):
    flows = np.zeros(link_cost.size)
    cost_skim = np.empty((origins.size, dest_nodes.size))
    time_skim = np.empty((origins.size, dest_nodes.size))
    _load_chunk(0, 1, indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins, dest_nodes, demand,
                first_thru_node, flows, cost_skim, time_skim)
    return flows, cost_skim, time_skim


def all_or_nothing(
    indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins, dest_nodes, demand, first_thru_node,
    n_chunks=1,
):
    """Load ``demand[i, j]`` from ``origins[i]`` to ``dest_nodes[j]`` on shortest paths by ``link_cost``.

    With ``n_chunks > 1`` the origins are split into that many groups run in parallel, each with
    its own flow row (the sum is deterministic for a given ``n_chunks``). Returns
    ``(link_flow, cost_skim, time_skim)``: link flows, the shortest-path cost for each (origin,
    destination) pair and the sum of ``link_time`` along that same path (``inf``/``nan`` when the
    destination is unreachable).
    """
    cost = np.asarray(link_cost)
    if not (np.isfinite(cost).all() and (cost >= 0).all()):  # Dijkstra's precondition (not an `assert`: -O keeps it)
        bad = int(np.flatnonzero(~np.isfinite(cost) | (cost < 0))[0])
        raise AssertionError(f"all_or_nothing needs finite, non-negative link costs; link {bad} costs {float(cost[bad])!r}")
    args = (indptr, arc_link, arc_head, link_tail, link_cost, link_time, origins, dest_nodes, demand, first_thru_node)
    if n_chunks > 1:
        return _all_or_nothing_parallel(*args, n_chunks)
    return _all_or_nothing_serial(*args)


#: Below this many (origin x arc) relaxations per loading (about 30 ms of work) threads do not pay:
#: a loading must wait for its slowest thread, and on a busy machine one descheduled thread costs
#: a scheduler tick per loading. Anaheim (35,000) ran 10-20x slower in parallel under load.
PARALLEL_MIN_WORK = 1_000_000


def default_chunks(n_origins: int, n_arcs: int) -> int:
    """Parallel chunks for :func:`all_or_nothing`: one per numba thread, or 1 for small loadings."""
    return int(numba.get_num_threads()) if n_origins * n_arcs >= PARALLEL_MIN_WORK else 1
