"""Algorithm B: tight equilibria on the standard networks, multi-class, centroids and numerics."""

from __future__ import annotations

import numpy as np
import pytest
from assignment_helpers import TntpCase, od_matrix, parallel_links

from dalan.assignment import AssignmentNetwork, Demand, TrafficClass, assign
from dalan.assignment.problem import AssignmentProblem
from dalan.errors import InputError

TIGHT_GAP = 1e-10


def beckmann(case: TntpCase, flow: np.ndarray) -> float:
    problem = AssignmentProblem(case.network, Demand.single(case.trips))
    return problem.objective(flow[None, :], flow)


@pytest.mark.parametrize("name", ["sioux_falls", "anaheim"])
def test_tight_equilibrium_matches_the_best_known_flows(request, name):
    """The best-known files are tighter than 1e-10 by our gap (test_best_known_flows_are_an_equilibrium_by_our_gap),
    so they can serve as the oracle at this precision."""
    case = request.getfixturevalue(name)
    result = assign(case.network, case.trips, algorithm="b", gap=TIGHT_GAP, max_iterations=500)
    assert result.converged and result.relative_gap <= TIGHT_GAP
    best = case.best_flow
    assert np.max(np.abs(result.flow - best)) <= 1e-4 * best.max()
    assert result.objective == pytest.approx(beckmann(case, best), rel=1e-9)
    history = result.gap_history
    assert history[-1] == result.relative_gap and history[0] > 1e-3
    assert np.isnan(result.log[-1].step) and result.algorithm == "b"


def test_bush_flows_are_an_equilibrium_of_every_class(sioux_falls):
    """Two classes with different values of time, PCEs and a distance cost: each class's flows use
    only its cheapest paths, so the gap (over both classes' generalised costs) closes."""
    trips = sioux_falls.trips
    cars = TrafficClass(0.8 * trips, name="car")
    trucks = TrafficClass(0.1 * trips, name="truck", value_of_time=2.5, pce=2.0, distance_factor=0.3)
    demand = Demand((cars, trucks))
    b = assign(sioux_falls.network, demand, algorithm="b", gap=1e-9, max_iterations=2000)
    bfw = assign(sioux_falls.network, demand, algorithm="bfw", gap=1e-6, max_iterations=20_000)
    assert b.converged and b.class_flow.shape == (2, sioux_falls.network.num_links)
    np.testing.assert_allclose(b.flow, b.class_flow[0] + 2.0 * b.class_flow[1], rtol=1e-12)
    # Beckmann objective gap bound: F(X) - F* <= gap * total cost (costs scaled by pce / vot per class).
    assert abs(b.objective - bfw.objective) <= 1e-6 * bfw.objective
    np.testing.assert_allclose(b.flow, bfw.flow, atol=1e-2 * bfw.flow.max())


def test_toll_averse_trucks_reach_the_analytic_split():
    # The hand-solved case of test_assignment_equilibrium: 95 cars on the tolled link, 5 cars and
    # 20 trucks (2 PCE) on the free one.
    network = parallel_links([10.0, 15.0], [100.0, 150.0], [1.0, 1.0], [1.0, 1.0], toll=[1000.0, 0.0])
    cars = TrafficClass(od_matrix(100.0), name="car")
    trucks = TrafficClass(od_matrix(20.0), name="truck", pce=2.0, value_of_time=3.0, toll_factor=1.0)
    result = assign(network, Demand((cars, trucks)), algorithm="b", gap=1e-12)
    np.testing.assert_allclose(result.class_flow, [[95.0, 5.0], [0.0, 20.0]], atol=1e-8)


def test_zero_free_flow_time_and_constant_time_links():
    """A zero-time connector in series with a linear link (10 + 0.1 v), against a link of constant
    time 15: equal times at 50 / 50. The Newton steps meet links whose time does not grow with flow."""
    network = AssignmentNetwork(
        num_nodes=3, init_node=[0, 1, 0], term_node=[1, 2, 2], capacity=[50.0, 100.0, 100.0],
        free_flow_time=[0.0, 10.0, 15.0], alpha=[0.15, 1.0, 0.0], beta=[4.0, 1.0, 4.0], zone_ids=[0, 2],
    )
    result = assign(network, od_matrix(100.0), algorithm="b", gap=1e-12)
    assert result.converged
    np.testing.assert_allclose(result.flow, [50.0, 50.0, 50.0], atol=1e-8)


def test_barred_centroids_are_not_passed_through_by_bushes():
    # zones 0, 1, 2; the cheap path 0 -> 2 -> 1 passes through zone 2; congestion makes a bush grow.
    kwargs = {"num_nodes": 5, "init_node": [0, 2, 0, 3, 0, 4], "term_node": [2, 1, 3, 1, 4, 1],
              "capacity": [1.0, 1.0, 5.0, 5.0, 5.0, 5.0], "free_flow_time": [1.0, 1.0, 5.0, 5.0, 5.5, 5.5],
              "alpha": [1.0] * 6, "beta": [1.0] * 6, "zone_ids": [0, 1, 2]}
    demand = od_matrix(10.0, zones=3)
    free = assign(AssignmentNetwork(**kwargs), demand, algorithm="b", gap=1e-12)
    barred = assign(AssignmentNetwork(**kwargs, first_thru_node=3), demand, algorithm="b", gap=1e-12)
    assert free.flow[0] > 0 and free.converged
    assert barred.flow[:2].tolist() == [0.0, 0.0] and barred.converged
    bfw = assign(AssignmentNetwork(**kwargs, first_thru_node=3), demand, algorithm="bfw", gap=1e-12)
    np.testing.assert_allclose(barred.flow, bfw.flow, atol=1e-6)


def test_conical_equilibrium_equalises_times():
    network = parallel_links([10.0, 12.0], [100.0, 100.0], [0.15, 0.15], [4.0, 4.0])
    result = assign(network, od_matrix(250.0), algorithm="b", vdf="conical", gap=1e-12)
    assert result.time[0] == pytest.approx(result.time[1], rel=1e-10)


class Linear:
    """A volume-delay function Algorithm B's kernels do not evaluate."""

    def time(self, flow):
        return 1.0 + flow

    def derivative(self, flow):
        return np.ones_like(flow)

    def integral(self, flow):
        return flow + flow**2 / 2


def test_other_volume_delay_functions_are_an_input_error():
    with pytest.raises(InputError, match="not supported by algorithm 'b'"):
        assign(parallel_links([1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]), od_matrix(1.0), algorithm="b",
               vdf=Linear())


def test_auto_picks_an_algorithm_and_says_which(sioux_falls):
    result = assign(sioux_falls.network, sioux_falls.trips, algorithm="auto", gap=1e-6)
    assert result.converged and result.algorithm == "b"


@pytest.mark.parametrize(("memory", "gap", "expected"), [
    (2**20, 1e-2, "b"), (2**20, 1e-10, "b"),  # small: B at any gap
    (2**28 - 1, 1e-2, "b"), (2**28, 1e-2, "bfw"), (2**28, 1e-3, "bfw"), (2**28, 9.9e-4, "b"),  # large: BFW if loose
    (2**30, 1e-6, "b"), (2**30 + 1, 1e-6, "bfw"), (2**30 + 1, 1e-10, "bfw"),  # too large for B at any gap
])
def test_auto_rule_uses_bush_memory_and_target_gap(monkeypatch, sioux_falls, memory, gap, expected):
    from dalan.assignment import bush, equilibrium

    problem = AssignmentProblem(sioux_falls.network, Demand.single(sioux_falls.trips), "bpr", None)
    monkeypatch.setattr(bush, "memory_bytes", lambda _: memory)
    assert equilibrium.choose_algorithm(problem, gap) == expected
    assert assign(sioux_falls.network, sioux_falls.trips, algorithm="auto", gap=max(gap, 1e-4)).algorithm == (
        equilibrium.choose_algorithm(problem, max(gap, 1e-4)))


def test_auto_runs_bfw_where_b_cannot_evaluate_the_function():
    result = assign(parallel_links([1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]), od_matrix(1.0), algorithm="auto",
                    vdf=Linear(), gap=1e-6)
    assert result.algorithm == "bfw" and result.converged
