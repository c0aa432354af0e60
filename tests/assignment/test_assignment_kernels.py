"""The numba kernels against the plain reference (scipy.sparse.csgraph) on random graphs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan._kernels import all_or_nothing, shortest_path_tree
from dalan._kernels.reference import (
    all_or_nothing_reference,
    shortest_path_tree_reference,
)
from dalan.assignment import AssignmentNetwork


def random_graph(seed: int, num_nodes: int, density: float):
    """Random directed multigraph with continuous costs (ties have probability zero)."""
    rng = np.random.default_rng(seed)
    num_links = max(1, int(density * num_nodes * num_nodes))
    init = rng.integers(0, num_nodes, num_links)
    term = rng.integers(0, num_nodes, num_links)
    cost = rng.uniform(0.1, 10.0, num_links)
    return init, term, cost, rng


graphs = st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 30), st.floats(0.02, 0.4))


def csr(num_nodes, init, term):
    network = AssignmentNetwork(
        num_nodes=num_nodes, init_node=init, term_node=term, capacity=np.ones(init.size),
        free_flow_time=np.ones(init.size), zone_ids=[0],
    )
    return network.forward_star


@settings(max_examples=150, deadline=None)
@given(graph=graphs, origin_pick=st.integers(0, 10**6), barred=st.integers(0, 30))
def test_shortest_path_distances_match_scipy(graph, origin_pick, barred):
    seed, num_nodes, density = graph
    init, term, cost, _ = random_graph(seed, num_nodes, density)
    origin = origin_pick % num_nodes
    first_thru = min(barred, num_nodes) if barred % 3 == 0 else 0
    star = csr(num_nodes, init, term)
    dist = np.empty(num_nodes)
    pred = np.empty(num_nodes, dtype=np.int64)
    order = np.empty(num_nodes, dtype=np.int64)
    heap_keys = np.empty(init.size + 1)
    heap_nodes = np.empty(init.size + 1, dtype=np.int64)
    settled = shortest_path_tree(star.indptr, star.arc_link, star.arc_head, cost, origin, first_thru,
                                 dist, pred, order, heap_keys, heap_nodes)
    expected, expected_pred = shortest_path_tree_reference(num_nodes, init, term, cost, origin, first_thru)
    np.testing.assert_allclose(dist, expected, rtol=1e-12)
    assert np.array_equal(pred, expected_pred)
    assert settled == np.isfinite(expected).sum()
    assert np.all(np.diff(dist[order[:settled]]) >= 0)


@settings(max_examples=100, deadline=None)
@given(graph=graphs, zones=st.integers(1, 8), barred=st.booleans(), chunks=st.sampled_from([1, 2, 3]))
def test_all_or_nothing_matches_reference(graph, zones, barred, chunks):
    seed, num_nodes, density = graph
    init, term, cost, rng = random_graph(seed, num_nodes, density)
    zones = min(zones, num_nodes)
    zone_nodes = np.arange(zones)
    demand = rng.uniform(0.0, 100.0, (zones, zones)) * (rng.random((zones, zones)) < 0.7)
    first_thru = zones if barred else 0
    star = csr(num_nodes, init, term)
    time = rng.uniform(0.0, 5.0, init.size)
    flow, cost_skim, time_skim = all_or_nothing(star.indptr, star.arc_link, star.arc_head, init, cost, time,
                                                zone_nodes, zone_nodes, demand, first_thru, chunks)
    expected_flow, expected_skim = all_or_nothing_reference(num_nodes, init, term, cost, zone_nodes, zone_nodes,
                                                            demand, first_thru)
    np.testing.assert_allclose(flow, expected_flow, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(cost_skim, expected_skim, rtol=1e-12)
    # Along the least-cost path the time skim sums ``time``: check via the reference tree.
    for i, origin in enumerate(zone_nodes):
        _, pred = shortest_path_tree_reference(num_nodes, init, term, cost, origin, first_thru)
        for j, dest in enumerate(zone_nodes):
            if not np.isfinite(expected_skim[i, j]):
                continue
            total, node = 0.0, dest
            while pred[node] >= 0:
                total += time[pred[node]]
                node = init[pred[node]]
            assert np.isclose(time_skim[i, j], total, rtol=1e-12, atol=1e-12)


def test_barred_centroid_is_not_passed_through():
    # zone 0 -> zone 1 via zone 2 (cheap) or via node 3 (dear); zones 0..2 are centroids.
    init, term = np.array([0, 2, 0, 3]), np.array([2, 1, 3, 1])
    cost = np.array([1.0, 1.0, 5.0, 5.0])
    star = csr(4, init, term)
    demand = np.zeros((3, 3))
    demand[0, 1] = 10.0
    zones = np.arange(3)
    free, _, _ = all_or_nothing(star.indptr, star.arc_link, star.arc_head, init, cost, cost, zones, zones, demand, 0)
    barred, skim, _ = all_or_nothing(star.indptr, star.arc_link, star.arc_head, init, cost, cost, zones, zones,
                                     demand, 3)
    assert free.tolist() == [10.0, 10.0, 0.0, 0.0]
    assert barred.tolist() == [0.0, 0.0, 10.0, 10.0]
    assert skim[0, 1] == 10.0 and skim[0, 2] == 1.0  # a barred zone can still end a path
