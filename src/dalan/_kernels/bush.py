"""Dial's Algorithm B (2006): origin-based assignment on acyclic bushes, in numba.

Dial, R.B. (2006), "A path-based user-equilibrium traffic assignment algorithm that obviates path
storage and enumeration", Transportation Research Part B 40(10). One bush per (class, origin): an
acyclic set of links carrying that origin's flow, kept with a topological order of its nodes.
An iteration, for every bush in turn:

1. **improve**: drop links without flow that are not on the bush's shortest-path tree, then add
   every network link ``(i, j)`` with ``L_i + c_ij < L_j``, ``L`` the longest-path labels over the
   bush's links. Along each bush link ``L`` does not decrease and along an added link it strictly
   increases, so no cycle can form (in floating point too, as costs are non-negative). Links
   leaving a barred centroid (below ``first_thru_node``, other than the origin) are never added.
2. **equilibrate**: label each node with its shortest bush path and its longest *used* one; then,
   from the last node to the first, take the two segments from the node back to where those
   paths last meet and move ``dx = cost difference / derivative sum`` (Newton) from the longer
   segment to the shorter one, at most the least bush flow on the longer one.

Further equilibration sweeps then run over the bushes without changing them (a bush whose last sweep
moved no flow is left alone until the next iteration), in ``rounds`` rounds of ``sweeps`` sweeps,
each round followed (if asked for) by

3. **extrapolate**: sweeping origin after origin converges slowly where bushes share congested links
   but differ on nearly flat ones (each origin's move partly undoes another's, and the joint move
   that would settle them has almost no curvature), but steadily, so the change of all bush flows
   over a round points along the slow direction. The flows go on along it,
   ``x = x_prev + omega (x - x_prev)`` with ``omega`` in ``[1, limit]`` minimising the
   Beckmann-type objective on that line (bisection on its slope: the total flow is linear in
   ``omega``). A bush that would get a negative link flow is instead reloaded from its destination
   demand, split at every node in proportion to the extrapolated flows (negative ones as zero)
   entering it, which keeps it conservative and inside its links.

Link flows, times and derivatives are shared by all bushes and updated after every move
(Gauss–Seidel over origins); the total flow is rebuilt from the bush flows at the start of every
iteration so that rounding errors cannot accumulate.
Flows are in vehicles of the bush's class: a move of ``dx`` changes the congestion flow by
``pce * dx``, and class ``c`` sees the cost ``vot_c * time + fixed_c``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from dalan._kernels._cache import CACHE
from dalan._kernels.link_delay import link_time_and_derivative
from dalan._kernels.shortest_path import load_tree, shortest_path_tree

#: Bisection steps of the extrapolation's line search (``omega`` to ``limit / 2**40``).
BISECTIONS = 40
#: Path costs within this share of each other are a tie, which the first candidate wins: Newton moves
#: make used paths exactly equal (on linear links) or nearly so, and which of two such paths counts as
#: the shortest or the longest must not depend on the rounding of the last bits (the order of a sum).
TIE = 1e-12


class BushGraph(NamedTuple):
    """The links by tail (``out_*``, as in :mod:`dalan._kernels.shortest_path`) and by head (``in_*``)."""

    tail: np.ndarray
    head: np.ndarray
    out_ptr: np.ndarray
    out_link: np.ndarray
    out_head: np.ndarray
    in_ptr: np.ndarray
    in_link: np.ndarray
    first_thru_node: int


class LinkCosts(NamedTuple):
    """Volume-delay parameters (see :mod:`dalan._kernels.link_delay`) and the classes' cost terms."""

    kind: int
    t0: np.ndarray
    capacity: np.ndarray
    p1: np.ndarray
    p2: np.ndarray
    derivative_floor: float
    vot: np.ndarray
    pce: np.ndarray
    fixed: np.ndarray


class Bushes(NamedTuple):
    """One row per bush: its origin and class, its demand by zone, the flow below which a link counts
    as unused, link flows and membership, topological order."""

    origin: np.ndarray
    klass: np.ndarray
    demand: np.ndarray
    unused: np.ndarray
    flow: np.ndarray
    member: np.ndarray
    order: np.ndarray
    size: np.ndarray


class LinkState(NamedTuple):
    """Congestion flow, travel time and its derivative (at least the floor) of every link."""

    flow: np.ndarray
    time: np.ndarray
    derivative: np.ndarray


class _Work(NamedTuple):
    min_dist: np.ndarray
    max_dist: np.ndarray
    min_pred: np.ndarray
    max_pred: np.ndarray
    position: np.ndarray
    indegree: np.ndarray


@njit(cache=CACHE)
def _work(n_nodes):
    return _Work(np.empty(n_nodes), np.empty(n_nodes), np.empty(n_nodes, np.int64), np.empty(n_nodes, np.int64),
                 np.empty(n_nodes, np.int64), np.empty(n_nodes, np.int64))


@njit(cache=CACHE)
def _update_link(costs, links, a):
    time, derivative = link_time_and_derivative(costs.kind, costs.t0[a], costs.capacity[a], costs.p1[a], costs.p2[a],
                                                links.flow[a])
    links.time[a] = time
    links.derivative[a] = max(derivative, costs.derivative_floor)


@njit(cache=CACHE)
def rebuild_links(costs, bushes, links):
    """Total congestion flow from the bush flows, and the times and derivatives at it."""
    total = links.flow
    total[:] = 0.0
    for b in range(bushes.origin.size):
        total += costs.pce[bushes.klass[b]] * bushes.flow[b]
    for a in range(total.size):
        _update_link(costs, links, a)


@njit(cache=CACHE)
def _set_positions(order, size, position):
    """``position[v]``: index of ``v`` in the bush's order, -1 for nodes outside the bush."""
    position[:] = -1
    for k in range(size):
        position[order[k]] = k


@njit(cache=CACHE)
def _topological_order(graph, origin, member, order, work):
    """Kahn's algorithm over the bush links from ``origin``; fills ``order``, returns the node count."""
    indegree = work.indegree
    indegree[:] = 0
    for a in range(member.size):
        if member[a]:
            indegree[graph.head[a]] += 1
    order[0] = origin
    size = 1
    done = 0
    while done < size:
        u = order[done]
        done += 1
        for r in range(graph.out_ptr[u], graph.out_ptr[u + 1]):
            a = graph.out_link[r]
            if member[a]:
                w = graph.head[a]
                indegree[w] -= 1
                if indegree[w] == 0:
                    order[size] = w
                    size += 1
    return size


@njit(cache=CACHE)
def _labels(graph, costs, bushes, b, time, work):
    """Shortest and longest bush paths to every bush node, the longest over used links (more flow
    than the bush's ``unused``); a node without a used entering link gets its shortest path as its
    longest one. Ties (see :data:`TIE`) go to the first entering link."""
    c, member, flow, order, used = bushes.klass[b], bushes.member[b], bushes.flow[b], bushes.order[b], bushes.unused[b]
    min_dist, max_dist, min_pred, max_pred = work.min_dist, work.max_dist, work.min_pred, work.max_pred
    origin = order[0]
    min_dist[origin] = 0.0
    max_dist[origin] = 0.0
    min_pred[origin] = -1
    max_pred[origin] = -1
    vot = costs.vot[c]
    for k in range(1, bushes.size[b]):
        j = order[k]
        best, best_link, worst, worst_link = np.inf, -1, -np.inf, -1
        for r in range(graph.in_ptr[j], graph.in_ptr[j + 1]):
            a = graph.in_link[r]
            if not member[a]:
                continue
            i = graph.tail[a]
            cost = vot * time[a] + costs.fixed[c, a]
            shorter, longer = min_dist[i] + cost, max_dist[i] + cost
            if shorter < best - TIE * shorter:
                best, best_link = shorter, a
            if flow[a] > used and longer > worst + TIE * longer:
                worst, worst_link = longer, a
        min_dist[j], min_pred[j] = best, best_link
        if worst_link < 0:
            max_dist[j], max_pred[j] = best, best_link
        else:
            max_dist[j], max_pred[j] = worst, worst_link
    _set_positions(order, bushes.size[b], work.position)


@njit(cache=CACHE)
def _move(costs, links, pce, flow, a, dx):
    """Add ``dx`` vehicles to the bush flow on link ``a`` (``pce * dx`` to its total) and update it."""
    flow[a] += dx
    links.flow[a] = max(links.flow[a] + pce * dx, 0.0)
    _update_link(costs, links, a)


@njit(cache=CACHE)
def _shift(graph, costs, bushes, b, links, j, work):
    """Newton move at ``j`` from its longest used segment to its shortest one; False if none was due."""
    tail, min_pred, max_pred, position = graph.tail, work.min_pred, work.max_pred, work.position
    u = tail[min_pred[j]]
    w = tail[max_pred[j]]
    while u != w:  # walk back to the last node the two paths share
        if position[u] > position[w]:
            u = tail[min_pred[u]]
        else:
            w = tail[max_pred[w]]
    c, flow = bushes.klass[b], bushes.flow[b]
    vot, pce = costs.vot[c], costs.pce[c]
    difference, curvature, room = 0.0, 0.0, np.inf
    x = j
    while x != u:
        a = max_pred[x]
        difference += vot * links.time[a] + costs.fixed[c, a]
        curvature += links.derivative[a]
        room = min(room, flow[a])
        x = tail[a]
    x = j
    while x != u:
        a = min_pred[x]
        difference -= vot * links.time[a] + costs.fixed[c, a]
        curvature += links.derivative[a]
        x = tail[a]
    if difference <= 0.0 or room <= bushes.unused[b]:
        return False
    dx = min(difference / (vot * pce * curvature), room)
    x = j
    while x != u:
        a = max_pred[x]
        _move(costs, links, pce, flow, a, -dx)
        x = tail[a]
    x = j
    while x != u:
        a = min_pred[x]
        _move(costs, links, pce, flow, a, dx)
        x = tail[a]
    return True


@njit(cache=CACHE)
def _equilibrate(graph, costs, bushes, b, links, tolerance, work):
    """One sweep over the bush's nodes, last to first: shift where longest and shortest paths differ
    by more than ``tolerance`` times the longest. Whether any flow moved."""
    _labels(graph, costs, bushes, b, links.time, work)
    order = bushes.order[b]
    moved = False
    for k in range(bushes.size[b] - 1, 0, -1):
        j = order[k]
        if work.min_pred[j] != work.max_pred[j] and work.max_dist[j] - work.min_dist[j] > tolerance * work.max_dist[j]:
            moved |= _shift(graph, costs, bushes, b, links, j, work)
    return moved


@njit(cache=CACHE)
def _improve(graph, costs, bushes, b, links, work):
    """In one pass from the origin: shortest paths, dropping the unused links off their tree (with any
    residual flow), and exact longest paths over the links that stay. Then add the shortcuts (shorter
    by more than a tie) that cannot close a cycle, and reorder the bush if any was added."""
    c, origin, flow, member, order = bushes.klass[b], bushes.origin[b], bushes.flow[b], bushes.member[b], bushes.order[b]
    shortest, longest, position = work.min_dist, work.max_dist, work.position
    vot, pce, unused, tail, time = costs.vot[c], costs.pce[c], bushes.unused[b], graph.tail, links.time
    shortest[origin] = 0.0
    longest[origin] = 0.0
    for k in range(1, bushes.size[b]):
        j = order[k]
        best, best_link = np.inf, -1
        for r in range(graph.in_ptr[j], graph.in_ptr[j + 1]):
            a = graph.in_link[r]
            if member[a]:
                shorter = shortest[tail[a]] + vot * time[a] + costs.fixed[c, a]
                if shorter < best - TIE * shorter:
                    best, best_link = shorter, a
        worst = -np.inf
        for r in range(graph.in_ptr[j], graph.in_ptr[j + 1]):
            a = graph.in_link[r]
            if not member[a]:
                continue
            if a != best_link and flow[a] <= unused:
                member[a] = False
                if flow[a] != 0.0:
                    _move(costs, links, pce, flow, a, -flow[a])
            else:
                worst = max(worst, longest[tail[a]] + vot * time[a] + costs.fixed[c, a])
        shortest[j], longest[j] = best, worst
    _set_positions(order, bushes.size[b], position)
    added = False
    for a in range(member.size):
        i, j = tail[a], graph.head[a]
        if member[a] or position[i] < 0 or (i < graph.first_thru_node and i != origin) or longest[i] >= longest[j]:
            continue
        cost = vot * time[a] + costs.fixed[c, a]
        if shortest[i] + cost < shortest[j] * (1.0 - TIE) or longest[i] + cost < longest[j] * (1.0 - TIE):
            member[a] = True
            added = True
    if added:  # dropping links keeps an order topological
        bushes.size[b] = _topological_order(graph, origin, member, order, work)


@njit(cache=CACHE)
def initial_bushes(graph, costs, bushes, links, zone_nodes):
    """Each bush: its origin's shortest-path tree at the current times, loaded with its demand (to
    ``zone_nodes``), and its topological order."""
    n_nodes = graph.out_ptr.size - 1
    dist = np.empty(n_nodes)
    pred = np.empty(n_nodes, np.int64)
    settle = np.empty(n_nodes, np.int64)
    node_load = np.zeros(n_nodes)
    heap_keys = np.empty(graph.out_link.size + 1)
    heap_nodes = np.empty(graph.out_link.size + 1, np.int64)
    work = _work(n_nodes)
    for b in range(bushes.origin.size):
        c = bushes.klass[b]
        cost = costs.vot[c] * links.time + costs.fixed[c]
        settled = shortest_path_tree(graph.out_ptr, graph.out_link, graph.out_head, cost, bushes.origin[b],
                                     graph.first_thru_node, dist, pred, settle, heap_keys, heap_nodes)
        for k in range(settled):
            if pred[settle[k]] >= 0:
                bushes.member[b, pred[settle[k]]] = True
        for z in range(zone_nodes.size):
            node_load[zone_nodes[z]] += bushes.demand[b, z]
        load_tree(settle, settled, pred, graph.tail, node_load, bushes.flow[b])
        node_load[:] = 0.0
        bushes.size[b] = _topological_order(graph, bushes.origin[b], bushes.member[b], bushes.order[b], work)


@njit(cache=CACHE)
def shortest_path_cost(graph, bushes, link_cost, zone_nodes):
    """Sum over bushes of their demand (to ``zone_nodes``) times the least cost from the origin over the
    whole network, class by class (``link_cost`` is classes x links): label correcting over every link
    with a FIFO queue that starts as the bush's topological order, so that one pass finds the bush's
    shortest paths and improves on them, and near equilibrium little more is needed (exact)."""
    n_nodes = graph.out_ptr.size - 1
    dist = np.empty(n_nodes)
    queue = np.empty(n_nodes, np.int64)
    queued = np.zeros(n_nodes, np.bool_)
    total = 0.0
    for b in range(bushes.origin.size):
        cost, order, size, origin = link_cost[bushes.klass[b]], bushes.order[b], bushes.size[b], bushes.origin[b]
        dist[:] = np.inf
        dist[origin] = 0.0
        for k in range(size):
            queue[k] = order[k]
            queued[order[k]] = True
        first, count = 0, size
        while count > 0:
            u = queue[first]
            first = (first + 1) % n_nodes
            count -= 1
            queued[u] = False
            if u < graph.first_thru_node and u != origin:
                continue
            for r in range(graph.out_ptr[u], graph.out_ptr[u + 1]):
                a = graph.out_link[r]
                v = graph.out_head[r]
                if dist[u] + cost[a] < dist[v]:
                    dist[v] = dist[u] + cost[a]
                    if not queued[v]:
                        queued[v] = True
                        queue[(first + count) % n_nodes] = v
                        count += 1
        for z in range(zone_nodes.size):
            if bushes.demand[b, z] > 0.0:
                total += bushes.demand[b, z] * dist[zone_nodes[z]]
    return total


@njit(cache=CACHE)
def _slope(costs, base, delta, constant, omega):
    """Derivative in ``omega`` of the objective at congestion flow ``base + omega * delta``."""
    total = constant
    for a in range(base.size):
        if delta[a] != 0.0:
            time, _ = link_time_and_derivative(costs.kind, costs.t0[a], costs.capacity[a], costs.p1[a], costs.p2[a],
                                               max(base[a] + omega * delta[a], 0.0))
            total += time * delta[a]
    return total


@njit(cache=CACHE)
def _step_length(costs, bushes, links, previous, moved, limit):
    """``omega`` in ``[1, limit]`` minimising the objective on ``previous + omega * (flow - previous)``
    (1 if it does not decrease beyond 1): bisection on the slope. Only the ``moved`` bushes changed
    since ``previous``; the congestion flow at ``omega`` 1 is the link total. The objective's gradient
    in class ``c``'s flow is ``pce_c / vot_c`` times its cost, hence the constant term for fixed costs."""
    n_a = bushes.flow.shape[1]
    delta = np.zeros(n_a)
    constant = 0.0
    for b in range(bushes.origin.size):
        if not moved[b]:
            continue
        c = bushes.klass[b]
        pce, scale = costs.pce[c], costs.pce[c] / costs.vot[c]
        for a in range(n_a):
            d = bushes.flow[b, a] - previous[b, a]
            delta[a] += pce * d
            constant += scale * costs.fixed[c, a] * d
    base = links.flow - delta
    if _slope(costs, base, delta, constant, 1.0) >= 0.0:
        return 1.0
    if _slope(costs, base, delta, constant, limit) <= 0.0:
        return limit
    low, high = 1.0, limit
    for _ in range(BISECTIONS):
        middle = 0.5 * (low + high)
        if _slope(costs, base, delta, constant, middle) < 0.0:
            low = middle
        else:
            high = middle
    return low


@njit(cache=CACHE)
def _reload(graph, bushes, b, target, node_flow):
    """Replace bush ``b``'s (conservative) flows by a loading of the same destination demand that,
    at every node from the last to the first, splits the node's flow over the bush links entering it
    in proportion to ``target`` there, or else to the current flows, or else puts it all on the
    first of them."""
    flow, member, order, size = bushes.flow[b], bushes.member[b], bushes.order[b], bushes.size[b]
    for k in range(size):
        node_flow[order[k]] = 0.0
    for a in range(flow.size):  # destination demand: inflow minus outflow
        if member[a]:
            node_flow[graph.head[a]] += flow[a]
            node_flow[graph.tail[a]] -= flow[a]
    for k in range(size - 1, 0, -1):
        j = order[k]
        through = max(node_flow[j], 0.0)
        by_target, by_flow = 0.0, 0.0
        for r in range(graph.in_ptr[j], graph.in_ptr[j + 1]):
            a = graph.in_link[r]
            if member[a]:
                by_target += target[a]
                by_flow += flow[a]
        first = True
        for r in range(graph.in_ptr[j], graph.in_ptr[j + 1]):
            a = graph.in_link[r]
            if not member[a]:
                continue
            if by_target > 0.0:
                share = target[a] / by_target
            elif by_flow > 0.0:
                share = flow[a] / by_flow
            else:
                share = 1.0 if first else 0.0
            first = False
            flow[a] = through * share
            node_flow[graph.tail[a]] += flow[a]


@njit(cache=CACHE)
def extrapolate(graph, costs, bushes, links, previous, moved, limit):
    """Move the ``moved`` bushes' flows on along their change since ``previous`` by the best ``omega``
    in ``[1, limit]``, reloading bushes that would turn negative (see the module docstring); returns
    ``omega``. Extrapolated flows of at most the bush's ``unused`` become zero (rounding residues,
    as in pruning). The link totals follow the flows."""
    omega = _step_length(costs, bushes, links, previous, moved, limit)
    if omega <= 1.0:
        return omega
    n_b, n_a = bushes.flow.shape
    target = np.empty(n_a)
    node_flow = np.empty(graph.out_ptr.size - 1)
    total = links.flow
    for b in range(n_b):
        if not moved[b]:
            continue
        flow, pce = bushes.flow[b], costs.pce[bushes.klass[b]]
        negative = False
        for a in range(n_a):
            total[a] -= pce * flow[a]
            target[a] = previous[b, a] + omega * (flow[a] - previous[b, a])
            if target[a] < 0.0:
                negative = True
            if target[a] <= bushes.unused[b]:
                target[a] = 0.0
        if negative:
            _reload(graph, bushes, b, target, node_flow)
        else:
            for a in range(n_a):
                flow[a] = target[a]
        for a in range(n_a):
            total[a] += pce * flow[a]
    for a in range(n_a):
        total[a] = max(total[a], 0.0)
        _update_link(costs, links, a)
    return omega


@njit(cache=CACHE)
def _any(flags):
    """Whether any flag is set (a loop: numpy's ``any`` would load numba's array-math module, and
    with it scipy, into every process that loads this kernel from the cache)."""
    for flag in flags:
        if flag:
            return True
    return False


@njit(cache=CACHE)
def iterate(graph, costs, bushes, links, sweeps, tolerance, rounds=1, limit=1.0):
    """One Algorithm B iteration: rebuild the link totals, improve and equilibrate each bush, then
    ``rounds`` times ``sweeps`` more equilibration sweeps (shift threshold ``tolerance``, relative),
    each round followed by an extrapolation up to ``limit`` if that is above 1. A sweep skips the
    bushes whose last sweep moved no flow (as TAP-B does): most bushes settle in a sweep or two,
    and the others' moves rarely unsettle them by more than the tolerance before the next
    iteration."""
    rebuild_links(costs, bushes, links)
    work = _work(graph.out_ptr.size - 1)
    n_b, n_a = bushes.flow.shape
    active = np.empty(n_b, np.bool_)
    for b in range(n_b):
        _improve(graph, costs, bushes, b, links, work)
        active[b] = _equilibrate(graph, costs, bushes, b, links, tolerance, work)
    previous = np.empty((n_b if limit > 1.0 else 0, n_a))
    for _ in range(rounds):
        if not _any(active):
            break
        moved = active.copy()
        if limit > 1.0:
            for b in range(n_b):
                if moved[b]:
                    for a in range(n_a):
                        previous[b, a] = bushes.flow[b, a]
        for _ in range(sweeps):
            for b in range(n_b):
                if active[b]:
                    active[b] = _equilibrate(graph, costs, bushes, b, links, tolerance, work)
        if limit > 1.0:
            extrapolate(graph, costs, bushes, links, previous, moved, limit)
