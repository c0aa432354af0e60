"""Run replications: inline, on local processes, or on a Dask distributed cluster.

Replication ``i`` is seeded with ``SeedSequence(seed).spawn(n)[i]`` and results are ordered by
``i``, so the same seed gives the same answer whatever the number of workers or the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from dalan.errors import InputError
from dalan.simulation.plan import Plan
from dalan.simulation.replication import ReplicationResult, run_replication
from dalan.simulation.results import SimulationResult, combine

Progress = Callable[[ReplicationResult], None]


def _check(days: float, warmup_days: float, replications: int, workers: int) -> None:
    for name, value, low in (("days", days, 1e-9), ("warmup_days", warmup_days, 0.0), ("replications", replications, 1), ("workers", workers, 1)):
        if not value >= low:
            raise InputError(f"{name} must be >= {low:g}, got {value}")


def _local(plan: Plan, days: float, warmup_days: float, seeds: list, workers: int, sample_h: float) -> Iterator[ReplicationResult]:
    if workers == 1:
        for i, seed in enumerate(seeds):
            yield run_replication(plan, days, warmup_days, seed, i, sample_h)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_replication, plan, days, warmup_days, seed, i, sample_h) for i, seed in enumerate(seeds)]
        for future in as_completed(futures):
            yield future.result()


def _dask(plan: Plan, days: float, warmup_days: float, seeds: list, scheduler: str, sample_h: float) -> Iterator[ReplicationResult]:
    from distributed import Client  # lazy: optional and heavy
    from distributed import as_completed as dask_completed

    with Client(scheduler) as client:
        [plan_future] = client.scatter([plan], broadcast=True)
        futures = [
            client.submit(run_replication, plan_future, days, warmup_days, seed, i, sample_h, pure=False) for i, seed in enumerate(seeds)
        ]
        for future in dask_completed(futures):
            yield future.result()


def run_plan(
    plan: Plan,
    *,
    days: float = 365.0,
    warmup_days: float = 30.0,
    replications: int = 30,
    seed: int = 1,
    workers: int = 1,
    scheduler: str | None = None,
    sample_h: float = 24.0,
    progress: Progress | None = None,
) -> SimulationResult:
    """Run ``replications`` of ``plan``; ``scheduler`` (``tcp://host:8786``) sends them to Dask,
    else ``workers`` > 1 uses local processes. ``progress`` is called after each replication."""
    _check(days, warmup_days, replications, workers)
    seeds = np.random.SeedSequence(seed).spawn(replications)
    if scheduler:
        stream = _dask(plan, days, warmup_days, seeds, scheduler, sample_h)
    else:
        stream = _local(plan, days, warmup_days, seeds, workers, sample_h)
    done = []
    for rep in stream:
        done.append(rep)
        if progress is not None:
            progress(rep)
    return combine(plan, done, days, warmup_days, seed)
