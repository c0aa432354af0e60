"""Property tests on random small networks: Pareto sets and K best routes against brute force and
plain Yen, batched routes against find_routes pair by pair."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
from dalan_tiny import tiny_costing_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from same_routes import assert_same_routes

from dalan.costing import costing_from_dict
from dalan.errors import NoRouteError
from dalan.graph import compile_graph
from dalan.network import Link, Network, Place
from dalan.options import RouteOptions
from dalan.routing import find_routes
from dalan.routing.alternatives import (
    LINK_KIND,
    RouteQuery,
    is_loopless,
    k_best_edges,
    pareto_edges,
    signature,
    yen_reference,
)
from dalan.routing.batch import routes_for_pairs
from dalan.routing.constraints import crossing_pairs, repeated_pairs
from dalan.routing.paths import shortest_tree

COSTING = costing_from_dict(tiny_costing_dict(), "tiny")
MODES = ("rail", "road", "ferry")


@st.composite
def networks(draw):
    n = draw(st.integers(3, 5))
    places = [
        Place(f"P{i}", f"Place {i}", f"مکان {i}", "AZ" if i % 2 else "GE", 0.0, float(i), ("city",), (1520,))
        for i in range(n)
    ]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=2, max_size=6))
    links = []
    for k, (i, j) in enumerate(chosen):
        mode = draw(st.sampled_from(MODES))
        extra = draw(st.floats(1.05, 3.0))
        length = 111.2 * (j - i) * extra
        links.append(
            Link(
                f"L{k}", f"P{i}", f"P{j}", mode, length,
                (1520,) if mode == "rail" else (),
                speed_kmh=draw(st.floats(10, 60)) if mode != "ferry" else None,
                transit_time_h=length / 18.5 if mode == "ferry" else None,
                sailings_per_week=draw(st.sampled_from([1.0, 3.5, 7.0])) if mode == "ferry" else None,
            )
        )  # fmt: skip
    return Network(tuple(places), tuple(links), "random")


def query(network: Network) -> RouteQuery:
    graph = compile_graph(network, COSTING)
    return RouteQuery(network, graph, int(graph.origin_node[0]), int(graph.destination_node[-1]), None)


def all_simple_paths(q: RouteQuery, limit: int = 20000) -> list[list[int]]:
    """Every path from source to target that repeats no node (DFS; tiny graphs only)."""
    graph, out, stack = q.graph, [], [(q.source, [], {q.source})]
    while stack and len(out) < limit:
        node, path, seen = stack.pop()
        if node == q.target:
            out.append(path)
            continue
        for e in range(graph.indptr[node], graph.indptr[node + 1]):
            head = int(graph.head[e])
            if head not in seen:
                stack.append((head, path + [e], seen | {head}))
    return out


def vectors(q: RouteQuery, paths):
    criteria = np.column_stack([q.graph.time_h, q.graph.cost_usd, q.graph.co2_kg])
    return criteria, [criteria[p].sum(axis=0) for p in paths]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_pareto_set_equals_brute_force(network):
    q = query(network)
    paths = all_simple_paths(q)
    criteria, every = vectors(q, paths)
    front = pareto_edges(q, criteria)
    front_vectors = [criteria[p].sum(axis=0) for p in front]
    for v in front_vectors:  # nothing found is dominated strictly by an enumerated path
        assert not any(np.all(w <= v + 1e-9) and np.any(w < v - 1e-9) for w in every)
    for w in every:  # every enumerated path is dominated by or equal to one found
        assert any(np.all(v <= w + 1e-9) for v in front_vectors)
    assert bool(front) == bool(paths)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from([0.0, 0.01, 0.3]), st.sampled_from([-1, 1, 2, 64]), st.booleans())
def test_martins_kernel_keeps_the_reference_labels(network, epsilon, max_labels, masked):
    """The numba multi-label search and its plain Python oracle settle the same labels."""
    from dalan._kernels.pareto import martins
    from dalan._kernels.reference import martins_reference

    q = query(network)
    g = q.graph
    allowed = (np.arange(g.num_edges) % 7 != 3) if masked else np.ones(g.num_edges, dtype=bool)
    criteria = np.column_stack([g.time_h, g.cost_usd, g.co2_kg])
    args = (np.asarray(g.indptr, dtype=np.int64), np.asarray(g.head, dtype=np.int64), allowed, criteria, q.source, q.target, epsilon, max_labels)
    fast, plain = martins(*args), martins_reference(*args)
    for ours, theirs in zip(fast, plain, strict=True):
        assert np.array_equal(ours, theirs.reshape(ours.shape))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 4))
def test_k_best_invariants(network, k):
    q = query(network)
    weights = q.graph.time_h
    found = k_best_edges(q, weights, k)
    dist, _ = shortest_tree(q.graph, weights, q.source)
    if not np.isfinite(dist[q.target]):
        assert found == []
        return
    totals = [weights[p].sum() for p in found]
    assert np.isclose(totals[0], dist[q.target])
    assert all(a <= b + 1e-9 for a, b in pairwise(totals))
    assert len({signature(q.graph, p) for p in found}) == len(found)
    assert all(is_loopless(q.graph, p) for p in found)
    assert 1 <= len(found) <= k
    for p in found:  # each is a connected path from source to target
        assert q.graph.tail[p[0]] == q.source and q.graph.head[p[-1]] == q.target
        assert all(q.graph.head[a] == q.graph.tail[b] for a, b in pairwise(p))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 4))
def test_k_best_are_the_k_cheapest_distinct_routes_by_brute_force(network, k):
    """Oracle: enumerate every simple path, keep the place-loopless ones, take the cheapest path of
    each physical signature; the k returned must be exactly the k cheapest signatures (up to ties)."""
    q = query(network)
    weights = q.graph.time_h
    found = k_best_edges(q, weights, k)
    cheapest: dict[tuple, float] = {}
    for path in all_simple_paths(q):
        if is_loopless(q.graph, path):
            sig = signature(q.graph, path)
            cheapest[sig] = min(cheapest.get(sig, np.inf), float(weights[path].sum()))
    expected = sorted(cheapest.values())[:k]
    assert len(found) == len(expected)
    assert np.allclose([weights[p].sum() for p in found], expected, rtol=1e-9, atol=1e-9)
    for p in found:  # each one is the cheapest path of its own signature
        assert np.isclose(weights[p].sum(), cheapest[signature(q.graph, p)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 6), st.data())
def test_k_best_kernel_is_plain_yen(network, k, data):
    """A second algorithm: the A*/Lawler kernel returns plain Yen's paths (a fresh Dijkstra per
    spur), the same costs in the same order and, cost for cost, the same routes — also on a mask."""
    q = query(network)
    if data.draw(st.booleans(), label="masked"):
        mask = np.array(data.draw(st.lists(st.booleans(), min_size=q.graph.num_edges, max_size=q.graph.num_edges)))
        q = RouteQuery(q.network, q.graph, q.source, q.target, mask | (q.graph.kind != LINK_KIND))
    weights = q.graph.weights("generalized")
    fast, plain = k_best_edges(q, weights, k), yen_reference(q, weights, k)
    assert_same_routes(weights, fast, plain, lambda p: signature(q.graph, p))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 4))
def test_find_routes_k_best_by_brute_force_with_borders(network, k):
    """Oracle: every simple path, kept when it is loopless over places and crosses no border twice
    (the places alternate between two countries: one border) unless every path does (the border
    is forced), the cheapest of each physical route; the k routes returned cost the k least (or,
    when no route is valid, the best route stands alone)."""
    q = query(network)
    border = crossing_pairs(network, q.graph)
    options = RouteOptions.build("P0", network.places[-1].id, alternatives=k)
    valid: dict[tuple, float] = {}
    every = all_simple_paths(q)
    forced = all(repeated_pairs(border, path) for path in every)
    for path in every:
        if is_loopless(q.graph, path) and (forced or not repeated_pairs(border, path)):
            sig = signature(q.graph, path)
            valid[sig] = min(valid.get(sig, np.inf), float(q.graph.time_h[path].sum()))
    try:
        routes = find_routes(network, options, graph=q.graph)
    except NoRouteError:
        assert not every
        return
    hours = [r.time_h for r in routes]
    if not valid:
        assert len(routes) == 1
        return
    assert np.allclose(hours, sorted(valid.values())[:k], rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(1, 4), st.sampled_from([None, 1]))
def test_batched_routes_are_find_routes_answers(network, k, max_transfers):
    """Every ordered pair at once (one tree per destination) gives what find_routes gives each
    pair alone, edge for edge — pairs needing a tracked border included."""
    graph = compile_graph(network, COSTING)
    options = RouteOptions.build("origin", "destination", alternatives=k, by="generalized", max_transfers=max_transfers)
    pairs = [(a.id, b.id) for a in network.places for b in network.places if a.id != b.id]
    batched = routes_for_pairs(network, graph, options, pairs)
    for (origin, destination), got in zip(pairs, batched, strict=True):
        try:
            alone = find_routes(network, replace(options, origin=origin, destination=destination), graph=graph)
        except NoRouteError:
            assert got is None
            continue
        assert got == [list(r.edges) for r in alone]


@given(
    st.integers(1, 6).flatmap(
        lambda n: st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from([0.0, 1.0, 1.5, 2.0]), st.booleans()), max_size=40).map(lambda edges: (n, edges))
    )
)
def test_cheapest_edges_is_the_three_key_sort(case):
    """The cheapest parallel edge per (tail, head), first of equals, in (tail, head) order: what
    a stable sort by tail, head and weight keeps (the former implementation, as oracle)."""
    from types import SimpleNamespace

    from dalan.routing.paths import cheapest_edges

    n, edges = case
    tail = np.array([e[0] for e in edges], dtype=np.int32)
    head = np.array([e[1] for e in edges], dtype=np.int32)
    weights = np.array([e[2] for e in edges], dtype=float)
    allowed = np.array([e[3] for e in edges], dtype=bool)
    graph = SimpleNamespace(tail=tail, head=head, num_edges=len(edges), num_nodes=n)
    for mask in (allowed, None):
        candidates = np.flatnonzero(mask) if mask is not None else np.arange(len(edges))
        order = candidates[np.lexsort((weights[candidates], head[candidates], tail[candidates]))]
        first = np.ones(order.shape[0], dtype=bool)
        first[1:] = (tail[order][1:] != tail[order][:-1]) | (head[order][1:] != head[order][:-1])
        assert np.array_equal(cheapest_edges(graph, weights, mask), order[first])  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_a_runs_four_sums_in_one_take_are_each_arrays_own_sums(length, seed):
    """``VirtualGraph.leg_measures``: the floats ``build_itinerary`` formerly summed array by array."""
    from dalan.costing import load_costing
    from dalan.graph import compiled_graph
    from dalan.network.io import load_embedded_network

    graph = compiled_graph(load_embedded_network(), load_costing(), "container")
    run = np.random.default_rng(seed).integers(0, graph.num_edges, length).tolist()
    together = graph.leg_measures.take(run, axis=1).sum(axis=1).tolist()
    assert together == [float(a[run].sum()) for a in (graph.length_km, graph.time_h, graph.cost_usd, graph.co2_kg)]
