"""With unlimited capacity and no variability, a shipment takes exactly its route's time.

Routing counts half the headway for every sailing; the simulation waits for the actual next
departure (and for its train to form). So per shipment: simulated transit − timetable waits
== routing time − routing's expected sailing waits. Over many Poisson arrivals the mean
sailing wait itself is half the headway (see the ferry test in the queueing-theory tests).
Both sides take the network as it stood on the plan's date (the tests' today, 2022-01-01).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from simulation_helpers import operations

from dalan.costing import load_costing
from dalan.demand import Demand, DemandRow
from dalan.graph import compile_graph
from dalan.network import Network
from dalan.network.history import load_history, network_as_of, today
from dalan.network.io import load_embedded_network
from dalan.options import RouteOptions
from dalan.routing import find_routes
from dalan.simulation import build_plan, run_replication


def assert_transits_equal_routing(plan, network, costing, by):
    """Per flow, routed on the network as of the plan's date (dated history applied, as the plan's)."""
    assert plan.as_of == today()
    network = network_as_of(network, load_history(), plan.as_of)[0]
    rep = run_replication(plan, days=40, warmup_days=20, seed=np.random.SeedSequence(4))
    for k, flow in enumerate(plan.flows):
        graph = compile_graph(network, costing, flow.cargo)
        options = RouteOptions.build(flow.origin_id, flow.destination_id, by=by, cargo=flow.cargo)
        it = find_routes(network, options, costing=costing, graph=graph)[0]
        routing_wait_h = sum(leg.time_h for leg in it.legs if leg.kind == "wait")
        mine = rep.flow_index == k
        assert mine.sum() > 10
        moving_h = rep.transit_h[mine] - rep.timetable_wait_h[mine]
        np.testing.assert_allclose(moving_h, it.time_h - routing_wait_h, rtol=1e-9, atol=1e-6)


def test_tiny_network_transits_equal_routing_times(tiny_network, tiny_costing):
    demand = Demand((DemandRow("A", "E", "container", 5000.0), DemandRow("E", "B", "container", 3000.0)))
    plan = build_plan(tiny_network, tiny_costing, demand, operations(huge=True, cv_scale=0.0), by="time")
    assert_transits_equal_routing(plan, tiny_network, tiny_costing, "time")


@pytest.mark.parametrize(
    "origin, destination, cargo",
    [
        ("RU_MOW", "IR_BND", "container"),
        ("IN_NSA", "RU_MOW", "container"),
        ("KZ_AKT", "IR_GOR", "bulk"),
        ("CN_XIA", "PL_WAW", "container"),  # a China-Europe train: the transit services' speeds, Brest's wait for a slot
    ],
)
def test_embedded_network_transits_equal_routing_times(origin, destination, cargo):
    """Unlimited capacity includes the gauge changes' published wagons per day, which the
    operations file does not set (Akyayla – Inche Burun, the INSTC's eastern crossing: 52.5)."""
    network, costing = _without_gauge_change_limits(load_embedded_network()), load_costing()
    demand = Demand((DemandRow(origin, destination, cargo, 30_000.0),))
    plan = build_plan(network, costing, demand, operations(huge=True, cv_scale=0.0), by="generalized")
    assert_transits_equal_routing(plan, network, costing, "generalized")


def _without_gauge_change_limits(network: Network) -> Network:
    return network.with_changes(replace(p, gauge_change_capacity_wagons_per_day=None) for p in network.places if p.gauge_change_capacity_wagons_per_day)
