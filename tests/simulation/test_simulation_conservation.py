"""Network-wide laws: Little's law L = λW, and conservation of shipments."""

from __future__ import annotations

import numpy as np
import pytest
import simpy
from simulation_helpers import operations

from dalan.demand import Demand, DemandRow
from dalan.simulation import build_plan, run_replication
from dalan.simulation.model import CorridorModel


@pytest.fixture
def tiny_plan(tiny_network_with_road, tiny_costing):
    demand = Demand(
        (
            DemandRow("A", "E", "container", 8000.0),
            DemandRow("E", "A", "container", 5000.0),
            DemandRow("A", "C", "container", 3000.0),
        )
    )
    return build_plan(tiny_network_with_road, tiny_costing, demand, operations(), by="cost")


def test_littles_law_over_the_whole_network(tiny_plan):
    rep = run_replication(tiny_plan, days=400, warmup_days=20, seed=np.random.SeedSequence(11), sample_h=1.0)
    # L: shipments in the system, sampled every hour by the monitor (independent of W).
    in_system = rep.in_system_samples.mean()
    arrival_per_h = rep.arrivals.sum() / rep.horizon_h
    mean_transit_h = rep.transit_h.mean()
    assert in_system > 20  # a busy system, so the check means something
    assert in_system == pytest.approx(arrival_per_h * mean_transit_h, rel=0.03)


def test_every_shipment_is_delivered_or_still_in_the_system(tiny_plan):
    env = simpy.Environment()
    model = CorridorModel(env, tiny_plan, np.random.SeedSequence(5))
    env.run(until=60 * 24)
    generated = len(model.created_h)
    delivered = model.delivered_ids
    assert generated > 1000
    assert len(delivered) == len(set(delivered))  # none delivered twice
    assert set(delivered).isdisjoint(model.live)
    assert set(delivered) | model.live == set(range(generated))  # none lost
    assert np.isfinite(np.asarray(model.delivered_h)[delivered]).all()
    assert np.isnan(np.asarray(model.delivered_h)[sorted(model.live)]).all()


def test_replication_counts_add_up(tiny_plan):
    rep = run_replication(tiny_plan, days=30, warmup_days=5, seed=np.random.SeedSequence(2))
    assert rep.generated == rep.delivered + rep.in_system
    assert rep.arrivals.sum() <= rep.generated
