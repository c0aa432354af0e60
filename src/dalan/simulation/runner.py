"""Run replications: inline, on local processes, or on a Dask distributed cluster.

Replication ``i`` is seeded with ``SeedSequence(seed).spawn(n)[i]`` and results are ordered by
``i``, so the same seed gives the same answer whatever the number of workers or the scheduler.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from dalan.cluster import dask_client
from dalan.errors import InputError, Problem
from dalan.options import parse_scheduler
from dalan.simulation.plan import Plan
from dalan.simulation.replication import ReplicationResult, run_replication
from dalan.simulation.results import SimulationResult, combine

Progress = Callable[[ReplicationResult], None]


#: Upper bounds of a run's settings: beyond them a run would take hours or exhaust memory.
MAX_DAYS = 3650.0
MAX_WARMUP_DAYS = 365.0
MAX_REPLICATIONS = 1000
MAX_WORKERS = 1024
#: Most shipments one replication may generate (the shipped demand makes about 70,000 a year).
MAX_SHIPMENTS_PER_REPLICATION = 5_000_000


def check_settings(days: float, warmup_days: float, replications: int, workers: int = 1, record: str = "simulate") -> None:
    """InputError listing every setting that is not finite or lies outside its bounds."""
    problems = []
    for name, value, low, high, whole in (
        ("days", days, 1.0, MAX_DAYS, False),
        ("warmup_days", warmup_days, 0.0, MAX_WARMUP_DAYS, False),
        ("replications", replications, 1, MAX_REPLICATIONS, True),
        ("workers", workers, 1, MAX_WORKERS, True),
    ):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and low <= number <= high) or (whole and number != int(number)):
            problems.append(Problem.of(record, name, value, "whole_between" if whole else "finite_between", "whole_in_range" if whole else "finite_between", low=low, high=high))
    if problems:
        raise InputError(problems)


def _check_sample(sample_h: float) -> None:
    if not (isinstance(sample_h, int | float) and math.isfinite(sample_h) and sample_h >= 0.1):
        raise InputError(Problem.of("simulate", "sample_h", sample_h, "sample_h", "sample_h"))


def _check_load(plan: Plan, days: float, warmup_days: float) -> None:
    shipments = sum(flow.shipments_per_day for flow in plan.flows) * (days + warmup_days)
    if not shipments <= MAX_SHIPMENTS_PER_REPLICATION:
        raise InputError(
            Problem.of("demand", "quantity_per_year", f"{shipments:.3g}", "too_many_shipments", "fewer_shipments", limit=MAX_SHIPMENTS_PER_REPLICATION)
        )


def _check(days: float, warmup_days: float, replications: int, workers: int) -> None:
    check_settings(days, warmup_days, replications, workers)


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
    with dask_client(scheduler, "simulate") as client:
        from distributed import as_completed as dask_completed

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
    _check_sample(sample_h)
    scheduler = parse_scheduler(scheduler, "simulate")
    _check_load(plan, days, warmup_days)
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
