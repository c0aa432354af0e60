"""K shortest loopless paths: Yen's algorithm with Lawler's rule, spur paths by A* (numba).

Graph layout: forward star (``indptr``, ``head``, per-arc ``tail`` and ``weight``; an arc that may
not be used weighs ``inf``). ``potential[v]`` is the exact distance from ``v`` to the target over
the usable arcs (one reverse Dijkstra tree). It is a consistent A* heuristic for every spur search
whatever that search blocks (blocking only removes arcs, so a blocked distance is never below it),
so each spur search is an exact shortest path that follows the tree and settles only the nodes of
near-optimal detours, instead of a whole Dijkstra.

Why the K paths are Yen's (up to the order of equal costs):

* Yen's candidate set is kept: every found path is deviated at its spur nodes, the root's nodes
  and the next arcs of every found path with the same root blocked.
* Lawler's rule spurs a path only from its deviation index on: the spurs before it repeat, with
  the same blocked arcs, candidates already generated from its parent.
* A spur is searched lazily: it enters the candidate heap keyed by a lower bound (root cost +
  cheapest open next arc + the potential after it) and is searched only when that key reaches the
  top; its path then goes back in with its cost. The heap therefore pops paths in cost order, as
  Yen's does. Arcs of paths found in the meantime are blocked too: a path using one lies in that
  found path's own deviations, which Yen's rule generates from it.
* Duplicates (a path generated twice) are dropped by a hash of its arcs, checked arc for arc.

Paths are *accepted* as in :func:`dalan.routing.alternatives.k_best_edges`: the first always, a
later one when it is loopless over places (``from_place``/``to_place``) and its physical signature
(the sequence of ``link_key`` >= 0) is new. An accepted path is *kept* when it also crosses no
``border`` pair (>= 0) twice and, for the first path with ``check_first``, is loopless. The search
stops when ``k`` paths are kept or after ``max_candidates`` distinct candidates.
"""

from __future__ import annotations

import heapq

import numpy as np
from numba import njit, types
from numba.typed import Dict

from dalan._kernels._cache import CACHE
from dalan._kernels.shortest_path import _heap_pop, _heap_push

_HASH_BASIS = -3750763034362895579  # FNV-1a's 64-bit offset basis, as a signed integer
_HASH_MULTIPLIER = 1099511628211  # FNV-1a's 64-bit prime


@njit(cache=CACHE)
def _spur(indptr, head, weight, potential, next_arc, source, target, arc_blocked, node_blocked, stamp, dist, reached, closed, dirty, pred, heap_keys, heap_nodes):
    """A* from ``source`` to ``target`` avoiding arcs with ``arc_blocked == stamp`` and nodes with
    ``node_blocked == stamp``; returns the cost (``inf`` when there is no path) and fills ``pred``.

    A node ``u`` popped with the least key ``g(u) + potential(u)`` ends the search when its tree
    path (``next_arc``) is open, i.e. meets no blocked arc or node and no closed node: then that
    path costs exactly the least key, so it is a shortest one, and it is simple. A tree path found
    shut marks its nodes ``dirty`` (their tree paths run through it), so each is walked once."""
    reached[source] = stamp
    dist[source] = 0.0
    pred[source] = -1
    size = _heap_push(heap_keys, heap_nodes, 0, potential[source], source)
    while size > 0:
        _, u, size = _heap_pop(heap_keys, heap_nodes, size)
        if closed[u] == stamp:
            continue
        closed[u] = stamp
        x = u
        while x != target:
            a = next_arc[x]
            if a < 0 or arc_blocked[a] == stamp or dirty[x] == stamp:
                break
            x = head[a]
            if closed[x] == stamp or node_blocked[x] == stamp:
                break
        if x == target:
            cost = dist[u]
            x = u
            while x != target:
                a = next_arc[x]
                cost += weight[a]
                x = head[a]
                pred[x] = a
            return cost
        y = u
        while y != x:
            dirty[y] = stamp
            y = head[next_arc[y]]
        du = dist[u]
        for a in range(indptr[u], indptr[u + 1]):
            v = head[a]
            if arc_blocked[a] == stamp or node_blocked[v] == stamp or closed[v] == stamp:
                continue
            nd = du + weight[a]
            key = nd + potential[v]
            if key == np.inf:
                continue
            if reached[v] != stamp or nd < dist[v]:
                reached[v] = stamp
                dist[v] = nd
                pred[v] = a
                size = _heap_push(heap_keys, heap_nodes, size, key, v)
    return np.inf


@njit(cache=CACHE)
def _path_hash(path):
    h = _HASH_BASIS
    for e in path:
        h = (h ^ e) * _HASH_MULTIPLIER
    return h


@njit(cache=CACHE)
def _loopless(path, from_place, to_place, mark, stamp):
    """No place is left and entered again (the rule of ``alternatives.is_loopless``)."""
    last = -1
    for e in path:
        for place in (from_place[e], to_place[e]):
            if place != last:
                if mark[place] == stamp:
                    return False
                mark[place] = stamp
                last = place
    return True


@njit(cache=CACHE)
def _crosses_once(path, border, mark, stamp):
    """No border pair (``border >= 0``) is crossed twice."""
    for e in path:
        pair = border[e]
        if pair >= 0:
            if mark[pair] == stamp:
                return False
            mark[pair] = stamp
    return True


@njit(cache=CACHE)
def _signature(path, link_key):
    count = 0
    for e in path:
        if link_key[e] >= 0:
            count += 1
    out = np.empty(count, dtype=np.int64)
    count = 0
    for e in path:
        if link_key[e] >= 0:
            out[count] = link_key[e]
            count += 1
    return out


@njit(cache=CACHE)
def _same(a, b):
    if a.size != b.size:
        return False
    for i in range(a.size):
        if a[i] != b[i]:
            return False
    return True


@njit(cache=CACHE)
def _shared_prefixes(paths, found, last):
    """For each found path: how many first arcs it shares with path ``last``."""
    shared = np.empty(len(found), dtype=np.int64)
    for j in range(len(found)):
        other = paths[found[j]]
        c = 0
        while c < other.size and c < last.size and other[c] == last[c]:
            c += 1
        shared[j] = c
    return shared


@njit(cache=CACHE)
def _block_next_arcs(paths, found, shared, i, arc_blocked, stamp):
    """Block the arc at index ``i`` of every found path that shares the first ``i`` arcs."""
    for j in range(len(found)):
        other = paths[found[j]]
        if shared[j] >= i and other.size > i:
            arc_blocked[other[i]] = stamp


@njit(cache=CACHE)
def k_shortest_paths(
    indptr, tail, head, weight, potential, next_arc, first, target, link_key, from_place, to_place, border, k, check_first, max_candidates
):
    """Yen/Lawler from ``first`` (a shortest path, as arc indices); see the module docstring.

    Returns ``(arcs, offsets)``: kept path ``j`` is ``arcs[offsets[j]:offsets[j + 1]]``, best first.
    """
    n, m = indptr.size - 1, head.size
    node_blocked = np.zeros(n, dtype=np.int64)
    arc_blocked = np.zeros(m, dtype=np.int64)
    reached = np.zeros(n, dtype=np.int64)
    closed = np.zeros(n, dtype=np.int64)
    dirty = np.zeros(n, dtype=np.int64)
    dist = np.empty(n)
    pred = np.empty(n, dtype=np.int64)
    heap_keys = np.empty(m + 1)
    heap_nodes = np.empty(m + 1, dtype=np.int64)
    place_mark = np.zeros(max(from_place.max(), to_place.max()) + 1, dtype=np.int64)
    pair_mark = np.zeros(max(border.max(), 0) + 1, dtype=np.int64)
    stamp = 0

    paths = [first.astype(np.int64)]
    deviation = [0]
    seen = Dict.empty(key_type=types.int64, value_type=types.int64)
    seen[_path_hash(paths[0])] = 0
    found = [0]
    signatures = [_signature(paths[0], link_key)]
    kept = [0]
    stamp += 1
    if not _crosses_once(paths[0], border, pair_mark, stamp) or check_first and not _loopless(paths[0], from_place, to_place, place_mark, stamp):
        kept.pop()
    # The heap holds paths (entry >= 0: index into ``paths``) and spurs not yet searched
    # (entry < 0: minus the index into ``spur_path``/``spur_index``) keyed by a lower bound of
    # their cost; a spur reaching the top is searched and comes back as a path (Yen's candidate).
    candidates = [(0.0, 0, 0)]
    candidates.pop()
    spur_path = [0]
    spur_index = [0]
    counter = 0
    newest = 0  # the found path whose spurs are still to be queued
    while len(kept) < k and counter < max_candidates:
        if newest >= 0:
            last = paths[newest]
            shared = _shared_prefixes(paths, found, last)
            stamp += 1
            root = stamp  # the root's nodes, which grow with the spur index
            root_cost = 0.0
            for i in range(last.size):
                if i > 0:
                    node_blocked[tail[last[i - 1]]] = root
                    root_cost += weight[last[i - 1]]
                if i < deviation[newest]:
                    continue
                stamp += 1
                _block_next_arcs(paths, found, shared, i, arc_blocked, stamp)
                bound = np.inf
                v = tail[last[i]]
                for a in range(indptr[v], indptr[v + 1]):
                    if arc_blocked[a] != stamp and node_blocked[head[a]] != root:
                        bound = min(bound, weight[a] + potential[head[a]])
                if bound < np.inf:
                    spur_path.append(newest)
                    spur_index.append(i)
                    heapq.heappush(candidates, (root_cost + bound, counter, -len(spur_path) + 1))
            newest = -1
        if len(candidates) == 0:
            break
        _, _, entry = heapq.heappop(candidates)
        if entry < 0:  # search the spur: Yen's candidate, with the found paths' arcs blocked as Yen would
            parent = paths[spur_path[-entry]]
            i = spur_index[-entry]
            stamp += 1
            _block_next_arcs(paths, found, _shared_prefixes(paths, found, parent), i, arc_blocked, stamp)
            root_cost = 0.0
            for r in range(i):
                node_blocked[tail[parent[r]]] = stamp
                root_cost += weight[parent[r]]
            cost = _spur(
                indptr, head, weight, potential, next_arc, tail[parent[i]], target, arc_blocked, node_blocked, stamp,
                dist, reached, closed, dirty, pred, heap_keys, heap_nodes,
            )  # fmt: skip
            if cost == np.inf:
                continue
            hops = 0
            v = target
            while pred[v] >= 0:
                hops += 1
                v = tail[pred[v]]
            path = np.empty(i + hops, dtype=np.int64)
            path[:i] = parent[:i]
            v = target
            for h in range(i + hops - 1, i - 1, -1):
                path[h] = pred[v]
                v = tail[pred[v]]
            key = _path_hash(path)
            if key in seen and _same(paths[seen[key]], path):
                continue
            paths.append(path)
            deviation.append(i)
            if key not in seen:
                seen[key] = len(paths) - 1
            counter += 1
            heapq.heappush(candidates, (root_cost + cost, counter, len(paths) - 1))
            continue
        found.append(entry)
        newest = entry
        path = paths[entry]
        signature = _signature(path, link_key)
        new = True
        for other in signatures:
            if _same(other, signature):
                new = False
                break
        stamp += 1
        if new and _loopless(path, from_place, to_place, place_mark, stamp):
            signatures.append(signature)
            if _crosses_once(path, border, pair_mark, stamp):
                kept.append(entry)
    offsets = np.zeros(len(kept) + 1, dtype=np.int64)
    for j in range(len(kept)):
        offsets[j + 1] = offsets[j] + paths[kept[j]].size
    arcs = np.empty(offsets[-1], dtype=np.int64)
    for j in range(len(kept)):
        arcs[offsets[j] : offsets[j + 1]] = paths[kept[j]]
    return arcs, offsets
