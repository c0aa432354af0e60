"""Algorithm B against its oracles on random small networks: the plain-Python reference (step for
step), bi-conjugate Frank–Wolfe (same equilibrium), and the array volume-delay functions."""

from __future__ import annotations

import numpy as np
import pytest
from assignment_helpers import random_network
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dalan._kernels.bush import Bushes, iterate
from dalan._kernels.bush_reference import ReferenceBushes
from dalan._kernels.link_delay import BPR_KIND, CONICAL_KIND, link_time_and_derivative
from dalan.assignment import BPR, Conical, Demand, TrafficClass, assign
from dalan.assignment import bush as bush_module
from dalan.assignment.problem import AssignmentProblem

networks = st.tuples(st.integers(0, 2**32 - 1), st.integers(2, 5), st.integers(3, 9), st.integers(0, 12),
                     st.booleans())


def two_class_demand(trips: np.ndarray, seed: int) -> Demand:
    rng = np.random.default_rng(seed)
    share = rng.uniform(0.2, 0.8)
    trucks = TrafficClass((1 - share) * trips, name="truck", value_of_time=float(rng.uniform(1, 3)),
                          pce=float(rng.uniform(1, 3)), distance_factor=float(rng.uniform(0, 1)))
    return Demand((TrafficClass(share * trips, name="car"), trucks))


def sync(reference: ReferenceBushes, bushes: Bushes) -> None:
    """Give the reference the kernels' bushes: flows, links and orders."""
    reference.flow = bushes.flow.copy()
    reference.member = [set(np.flatnonzero(member).tolist()) for member in bushes.member]
    reference.order = [bushes.order[b, :size].tolist() for b, size in enumerate(bushes.size)]


@settings(max_examples=25, deadline=None)
@given(case=networks, iterations=st.integers(1, 4), limit=st.sampled_from([1.0, 100.0]))
def test_numba_kernels_equal_the_plain_reference(case, iterations, limit):
    """Iteration for iteration, with and without extrapolation (``limit`` 1: none), each from the
    kernels' bushes: the two differ in the last bits (their sums run in other orders), and the
    extrapolation's line search, on a nearly flat objective, turns that into flows 1e-10 apart,
    enough to tip a later tie one way or the other."""
    seed, *shape = case
    network, trips = random_network(seed, *shape)
    problem = AssignmentProblem(network, two_class_demand(trips, seed))
    graph, costs = bush_module.graph_arrays(network), bush_module.link_costs(problem)
    bushes, links = bush_module.start_bushes(problem, graph, costs)
    reference = ReferenceBushes(
        network.num_nodes, network.init_node, network.term_node, network.first_thru_node, problem.vdf.time,
        problem.vdf.derivative, costs.derivative_floor, problem.vot, problem.pce, problem.fixed_cost,
        bushes.origin.tolist(), bushes.klass.tolist(), bushes.unused.tolist(),
    )
    reference.start(network.zone_ids, np.array([problem.demand.classes[c].matrix[np.flatnonzero(
        network.zone_ids == o)[0]] for o, c in zip(bushes.origin, bushes.klass, strict=True)]))
    np.testing.assert_allclose(bushes.flow, reference.flow, rtol=1e-12, atol=1e-12)
    scale = max(trips.sum(), 1.0)
    for _ in range(iterations):
        sync(reference, bushes)
        iterate(graph, costs, bushes, links, 2, 1e-6, 2, limit)
        reference.iterate(2, 1e-6, 2, limit)
        np.testing.assert_allclose(bushes.flow, reference.flow, rtol=0, atol=1e-9 * scale)
        for b in range(bushes.origin.size):
            assert set(np.flatnonzero(bushes.member[b])) == reference.member[b]
            assert bushes.order[b, :bushes.size[b]].tolist() == reference.order[b]


@settings(max_examples=30, deadline=None)
@given(case=networks)
@example(case=(1215837, 5, 8, 11, False))
def test_algorithm_b_and_bfw_reach_the_same_equilibrium(case):
    """The Beckmann objective is convex, so F(X) - F* <= gap(X) * total cost(X) for each run: the two
    objectives differ by at most the sum of those bounds (single class, costs = times). Algorithm
    B's target is 1e-9: on some draws its gap reaches the floor that rounding sets near 1e-10 and
    wanders there (case (1215837, 5, 8, 11, False): it stops after 20 iterates without a better one than
    1.95e-10, at 4.9e-9)."""
    seed, *shape = case
    network, trips = random_network(seed, *shape)
    b = assign(network, trips, algorithm="b", gap=1e-9, max_iterations=2000)
    bfw = assign(network, trips, algorithm="bfw", gap=1e-8, max_iterations=20_000)
    assert b.converged and bfw.converged
    bound = sum(r.relative_gap * float(np.sum(r.flow * r.time)) for r in (b, bfw))
    assert abs(b.objective - bfw.objective) <= bound + 1e-12 * bfw.objective
    np.testing.assert_allclose(b.flow, bfw.flow, rtol=0, atol=1e-3 * max(bfw.flow.max(), 1.0))


@pytest.mark.parametrize("beta", [0.0, 1.0, 2.0, 4.0, 4.5])
def test_scalar_bpr_equals_the_array_function(beta):
    rng = np.random.default_rng(int(beta * 10))
    t0, capacity, alpha = rng.uniform(0, 5, 20), rng.uniform(1, 50, 20), rng.uniform(0, 1, 20)
    flow = rng.uniform(0, 100, 20)
    bpr = BPR(t0, capacity, alpha, np.full(20, beta))
    scalar = np.array([link_time_and_derivative(BPR_KIND, t0[a], capacity[a], alpha[a], beta, flow[a])
                       for a in range(20)])
    np.testing.assert_allclose(scalar[:, 0], bpr.time(flow), rtol=1e-13)
    np.testing.assert_allclose(scalar[:, 1], bpr.derivative(flow), rtol=1e-13, atol=1e-300)


def test_scalar_conical_equals_the_array_function():
    rng = np.random.default_rng(7)
    t0, capacity, a = rng.uniform(0, 5, 20), rng.uniform(1, 50, 20), rng.uniform(1.5, 10, 20)
    flow = rng.uniform(0, 100, 20)
    conical = Conical(t0, capacity, a)
    b = (2 * a - 1) / (2 * a - 2)
    scalar = np.array([link_time_and_derivative(CONICAL_KIND, t0[k], capacity[k], a[k], b[k], flow[k])
                       for k in range(20)])
    np.testing.assert_allclose(scalar[:, 0], conical.time(flow), rtol=1e-13)
    np.testing.assert_allclose(scalar[:, 1], conical.derivative(flow), rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(case=networks)
def test_extrapolation_keeps_every_bush_conservative_and_non_negative(case):
    """Extrapolated or reloaded, each bush still delivers its own demand, on its own links."""
    seed, *shape = case
    network, trips = random_network(seed, *shape)
    problem = AssignmentProblem(network, two_class_demand(trips, seed))
    graph, costs = bush_module.graph_arrays(network), bush_module.link_costs(problem)
    bushes, links = bush_module.start_bushes(problem, graph, costs)

    def balance(flow):
        node = np.zeros(network.num_nodes)
        np.add.at(node, network.term_node, flow)
        np.add.at(node, network.init_node, -flow)
        return node

    start = np.array([balance(flow) for flow in bushes.flow])
    for _ in range(4):
        iterate(graph, costs, bushes, links, 1, 1e-6, 3, 100.0)
    scale = max(trips.sum(), 1.0)
    assert np.all(bushes.flow >= 0.0) and not np.any(bushes.flow[~bushes.member])
    np.testing.assert_allclose([balance(flow) for flow in bushes.flow], start, rtol=0,
                               atol=1e-9 * scale)


@settings(max_examples=25, deadline=None)
@given(case=networks, iterations=st.integers(0, 3))
def test_the_gap_from_the_bushes_equals_the_full_evaluation(case, iterations):
    """Shortest paths corrected from the bushes' give the same true gap and objective as a loading."""
    seed, *shape = case
    network, trips = random_network(seed, *shape)
    problem = AssignmentProblem(network, two_class_demand(trips, seed))
    graph, costs = bush_module.graph_arrays(network), bush_module.link_costs(problem)
    bushes, links = bush_module.start_bushes(problem, graph, costs)
    for _ in range(iterations):
        iterate(graph, costs, bushes, links, 1, 1e-6, 2, 100.0)
    flows = bush_module.class_flows(problem, bushes)
    gap, objective = bush_module.true_gap(problem, graph, bushes, flows)
    state = problem.evaluate(flows)
    assert gap == pytest.approx(state.relative_gap, rel=1e-9, abs=1e-13)
    assert objective == state.objective
