"""Equilibrium on hand-solved networks: analytic splits, multi-class, centroids, gap definition."""

from __future__ import annotations

import numpy as np
import pytest
from assignment_helpers import od_matrix, parallel_links

from dalan._kernels.reference import all_or_nothing_reference
from dalan.assignment import (
    ALGORITHMS,
    AssignmentNetwork,
    AssignmentResult,
    Demand,
    TrafficClass,
    assign,
    relative_gap,
)
from dalan.errors import InputError

# Two links with linear BPR (beta = 1): t_a = t0_a + slope_a * v_a with slope_a = t0_a * alpha_a / c_a.
LINEAR = {"free_flow_time": [10.0, 15.0], "capacity": [100.0, 150.0], "alpha": [1.0, 1.0], "beta": [1.0, 1.0]}
SLOPE = np.array([0.1, 0.1])


def linear_split(trips: float) -> np.ndarray:
    """Analytic equilibrium of the two linear links: equal times, or everything on the faster."""
    t0 = np.array(LINEAR["free_flow_time"])
    first = (t0[1] - t0[0] + SLOPE[1] * trips) / SLOPE.sum()
    first = min(max(first, 0.0), trips)
    return np.array([first, trips - first])


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("trips", [30.0, 100.0, 400.0])
def test_two_linear_links_reach_the_analytic_split(algorithm, trips):
    gap = 1e-3 if algorithm == "msa" else 1e-9
    result = assign(parallel_links(**LINEAR), od_matrix(trips), algorithm=algorithm, gap=gap, max_iterations=5000)
    assert result.converged
    np.testing.assert_allclose(result.flow, linear_split(trips), rtol=0, atol=1e-3 * trips if algorithm == "msa"
                               else 1e-6 * trips)


def test_two_identical_bpr_links_split_evenly():
    network = parallel_links([5.0, 5.0], [300.0, 300.0], [0.15, 0.15], [4.0, 4.0])
    result = assign(network, od_matrix(1000.0), gap=1e-12)
    np.testing.assert_allclose(result.flow, [500.0, 500.0], rtol=1e-8)
    # The skim is the common equilibrium time t0 * (1 + 0.15 * (500/300)^4).
    assert result.cost_skim[0, 0, 1] == pytest.approx(5.0 * (1 + 0.15 * (500 / 300) ** 4), rel=1e-9)


def test_objective_is_the_beckmann_integral():
    network = parallel_links(**LINEAR)
    result = assign(network, od_matrix(100.0), gap=1e-12)
    t0 = np.array(LINEAR["free_flow_time"])
    expected = np.sum(t0 * result.flow + SLOPE * result.flow**2 / 2)
    assert result.objective == pytest.approx(expected, rel=1e-12)


def test_two_identical_classes_equal_one_class_with_the_summed_demand(sioux_falls):
    trips = sioux_falls.trips
    one = assign(sioux_falls.network, trips, gap=1e-7, max_iterations=10_000)
    split = Demand((TrafficClass(0.3 * trips, name="a"), TrafficClass(0.7 * trips, name="b")))
    two = assign(sioux_falls.network, split, gap=1e-7, max_iterations=10_000)
    scale = one.flow.max()
    np.testing.assert_allclose(two.flow, one.flow, atol=1e-3 * scale)
    np.testing.assert_allclose(two.class_flow.sum(axis=0), two.flow, rtol=1e-12)
    assert two.objective == pytest.approx(one.objective, rel=1e-6)


def test_toll_averse_class_avoids_the_tolled_link():
    # Link 0 (t = 10 + 0.1 v) carries a toll of 1000; link 1 (t = 15 + 0.1 v) is free.
    # Trucks (2 PCE, toll_factor 1) all take link 1; cars then equalise times:
    # 10 + 0.1 x = 15 + 0.1 (100 - x + 2 * 20)  ->  x = 95 cars on link 0, 5 on link 1; both times 19.5.
    network = parallel_links(**LINEAR, toll=[1000.0, 0.0])
    cars = TrafficClass(od_matrix(100.0), name="car")
    trucks = TrafficClass(od_matrix(20.0), name="truck", pce=2.0, value_of_time=3.0, toll_factor=1.0)
    result = assign(network, Demand((cars, trucks)), gap=1e-10)
    np.testing.assert_allclose(result.class_flow, [[95.0, 5.0], [0.0, 20.0]], atol=1e-6)
    np.testing.assert_allclose(result.flow, [95.0, 45.0], atol=1e-6)
    np.testing.assert_allclose(result.time, [19.5, 19.5], rtol=1e-8)
    np.testing.assert_allclose(result.class_cost[1], [3.0 * 19.5 + 1000.0, 3.0 * 19.5], rtol=1e-8)
    assert result.cost_skim[1, 0, 1] == pytest.approx(3.0 * 19.5, rel=1e-8)
    assert result.time_skim[1, 0, 1] == pytest.approx(19.5, rel=1e-8)


def test_distance_factor_moves_traffic_to_the_shorter_link():
    # Link 0 is 100 long, link 1 is 10; at 0.05 per unit length (75 / 25 without it):
    # 10 + 0.1 x + 5 = 15 + 0.1 (100 - x) + 0.5  ->  x = 52.5.
    network = AssignmentNetwork(num_nodes=2, init_node=[0, 0], term_node=[1, 1], zone_ids=[0, 1],
                                length=[100.0, 10.0], **LINEAR)
    result = assign(network, Demand.single(od_matrix(100.0), distance_factor=0.05), gap=1e-10)
    np.testing.assert_allclose(result.flow, [52.5, 47.5], atol=1e-6)


def test_centroids_below_first_thru_node_are_not_passed_through():
    # zones 0, 1, 2; the cheap path 0 -> 2 -> 1 passes through zone 2.
    kwargs = {"num_nodes": 4, "init_node": [0, 2, 0, 3], "term_node": [2, 1, 3, 1], "capacity": [1.0] * 4,
                  "free_flow_time": [1.0, 1.0, 5.0, 5.0], "alpha": [0.0] * 4, "zone_ids": [0, 1, 2]}
    demand = od_matrix(10.0, zones=3)
    free = assign(AssignmentNetwork(**kwargs), demand)
    barred = assign(AssignmentNetwork(**kwargs, first_thru_node=3), demand)
    assert free.flow.tolist() == [10.0, 10.0, 0.0, 0.0]
    assert barred.flow.tolist() == [0.0, 0.0, 10.0, 10.0]


def test_reported_gap_is_the_true_gap_of_the_final_flows(sioux_falls):
    """Recompute the gap independently: BPR costs at the flows and the scipy reference loading."""
    network = sioux_falls.network
    result = assign(network, sioux_falls.trips, algorithm="fw", gap=1e-2)
    time = network.free_flow_time * (1 + network.alpha * (result.flow / network.capacity) ** network.beta)
    zones = network.zone_ids
    _, skim = all_or_nothing_reference(network.num_nodes, network.init_node, network.term_node, time, zones, zones,
                                       sioux_falls.trips, network.first_thru_node)
    total = np.sum(result.flow * time)
    expected = (total - np.sum(sioux_falls.trips * skim)) / total
    assert result.relative_gap == pytest.approx(expected, rel=1e-9)
    assert relative_gap(network, Demand.single(sioux_falls.trips), result.class_flow) == pytest.approx(expected)
    assert 1e-3 < result.relative_gap <= 1e-2


def test_gap_history_and_log(sioux_falls):
    seen = []
    result = assign(sioux_falls.network, sioux_falls.trips, gap=1e-3, callback=seen.append)
    assert [r.iteration for r in result.log] == list(range(1, result.iterations + 1))
    assert seen == list(result.log)
    assert result.log[0].step == 1.0
    assert all(0.0 < r.step <= 1.0 for r in result.log)
    assert result.gap_history[-1] == result.relative_gap <= 1e-3 < result.gap_history[0]
    assert np.all(np.diff([r.seconds for r in result.log]) >= 0)
    # The objective decreases along the line search.
    assert np.all(np.diff([r.objective for r in result.log]) <= 1e-9 * result.objective)


def test_max_iterations_stops_unconverged(sioux_falls):
    result = assign(sioux_falls.network, sioux_falls.trips, algorithm="fw", gap=1e-9, max_iterations=5)
    assert result.iterations == 5 and not result.converged


def test_result_tables(sioux_falls):
    result = assign(sioux_falls.network, sioux_falls.trips, gap=1e-2)
    assert isinstance(result, AssignmentResult)
    frame = result.to_frame()
    assert list(frame.columns) == ["init_node", "term_node", "flow", "time", "flow_all", "cost_all"]
    assert len(frame) == sioux_falls.network.num_links
    data = result.to_dict()
    assert data["iterations"] == result.iterations and data["converged"] is True
    assert data["links"]["flow"] == result.flow.tolist()
    assert np.array(data["skims"]["all"]["cost"]).shape == (24, 24)
    with pytest.raises(AttributeError):
        result.converged = False


def test_conical_equilibrium_equalises_times():
    network = parallel_links([10.0, 12.0], [100.0, 100.0], [0.15, 0.15], [4.0, 4.0])
    result = assign(network, od_matrix(250.0), vdf="conical", gap=1e-12)
    assert result.time[0] == pytest.approx(result.time[1], rel=1e-9)
    assert result.flow.sum() == pytest.approx(250.0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"algorithm": "dijkstra"}, "algorithm"),
        ({"gap": -1.0}, "gap"),
        ({"max_iterations": 0}, "max_iterations"),
        ({"vdf": "akcelik"}, "vdf"),
        ({"threads": 0}, "threads"),
    ],
)
def test_bad_options_are_input_errors(kwargs, field):
    with pytest.raises(InputError) as error:
        assign(parallel_links(**LINEAR), od_matrix(1.0), **kwargs)
    assert error.value.problems[0].field == field


def test_bad_network_arrays_name_the_link_and_field():
    with pytest.raises(InputError) as error:
        AssignmentNetwork(num_nodes=2, init_node=[0, 0], term_node=[1, 2], capacity=[1.0, 0.0],
                          free_flow_time=[1.0, 1.0], zone_ids=[0, 1])
    fields = {(p.record, p.field) for p in error.value.problems}
    assert ("link 1", "term_node") in fields and ("link 1", "capacity") in fields


def test_demand_mismatch_and_unreachable_pairs_are_input_errors():
    network = AssignmentNetwork(num_nodes=3, init_node=[0], term_node=[1], capacity=[1.0], free_flow_time=[1.0],
                                zone_ids=[0, 1, 2])
    with pytest.raises(InputError, match="does not match the 3 zones"):
        assign(network, od_matrix(1.0))
    with pytest.raises(InputError, match="has no path"):
        assign(network, od_matrix(1.0, zones=3, destination=2))
    with pytest.raises(InputError, match="negative"):
        TrafficClass(-od_matrix(1.0))
