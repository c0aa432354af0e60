"""Same seed, same answer: inline, on local processes and on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest
from simulation_helpers import operations

from dalan.demand import Demand, DemandRow
from dalan.simulation import build_plan, run_plan


@pytest.fixture
def plan(tiny_network, tiny_costing):
    demand = Demand((DemandRow("A", "E", "container", 6000.0), DemandRow("E", "A", "container", 4000.0)))
    return build_plan(tiny_network, tiny_costing, demand, operations(), by="time")


def same(a, b) -> None:
    assert len(a.replications) == len(b.replications)
    for x, y in zip(a.replications, b.replications):
        np.testing.assert_array_equal(x.transit_h, y.transit_h)
        np.testing.assert_array_equal(x.mean_wait_h, y.mean_wait_h)
        np.testing.assert_array_equal(x.queue_samples, y.queue_samples)
    assert a.flows_frame().equals(b.flows_frame())


def test_results_do_not_depend_on_workers(plan):
    inline = run_plan(plan, days=20, warmup_days=2, replications=4, seed=9)
    pooled = run_plan(plan, days=20, warmup_days=2, replications=4, seed=9, workers=2)
    same(inline, pooled)
    other = run_plan(plan, days=20, warmup_days=2, replications=4, seed=10)
    assert not np.array_equal(inline.replications[0].transit_h, other.replications[0].transit_h)


def test_replications_are_independent_and_progress_is_reported(plan):
    seen = []
    result = run_plan(plan, days=20, warmup_days=2, replications=3, seed=9, progress=lambda rep: seen.append(rep.index))
    assert sorted(seen) == [0, 1, 2]
    means = [rep.transit_h.mean() for rep in result.replications]
    assert len(set(means)) == 3


def test_dask_cluster_gives_the_same_answer(plan):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        on_dask = run_plan(plan, days=20, warmup_days=2, replications=4, seed=9, scheduler=cluster.scheduler_address)
    same(on_dask, run_plan(plan, days=20, warmup_days=2, replications=4, seed=9))
