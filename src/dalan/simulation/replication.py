"""One replication: build the model, run warm-up plus horizon, and measure the horizon only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import simpy

from dalan.simulation.model import CorridorModel
from dalan.simulation.monitor import Monitor
from dalan.simulation.plan import STATION_KINDS, Plan


@dataclass(frozen=True, eq=False)
class ReplicationResult:
    """What one replication measured over its horizon (after the warm-up), as numpy arrays.

    Facility arrays follow ``plan.facilities``; flow arrays follow ``plan.flows``. Transit
    times are for shipments created in the horizon and delivered before its end.
    ``generated``, ``delivered`` and ``in_system`` count the whole run (warm-up included).
    """

    index: int
    horizon_h: float
    generated: int
    delivered: int
    in_system: int
    served_per_day: np.ndarray
    units_per_day: np.ndarray
    utilisation: np.ndarray
    mean_wait_h: np.ndarray
    mean_queue: np.ndarray
    max_queue: np.ndarray
    sample_times_h: np.ndarray
    queue_samples: np.ndarray
    in_system_samples: np.ndarray
    arrivals: np.ndarray
    flow_index: np.ndarray
    transit_h: np.ndarray
    timetable_wait_h: np.ndarray


def _utilisation(plan: Plan, c: dict[str, np.ndarray], horizon_h: float) -> np.ndarray:
    out = np.full(len(plan.facilities), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for f in plan.facilities:
            i = f.index
            if f.kind in STATION_KINDS:
                out[i] = c["busy_h"][i] / (f.servers * horizon_h)
            elif f.kind == "line":
                out[i] = c["busy_h"][i] / horizon_h
            elif f.kind in ("sailing", "formation") and c["departures"][i]:
                out[i] = c["units"][i] / (c["departures"][i] * f.slots)
    return out


def run_replication(
    plan: Plan, days: float, warmup_days: float, seed: np.random.SeedSequence, index: int = 0, sample_h: float = 24.0
) -> ReplicationResult:
    """Simulate ``warmup_days + days`` and measure the last ``days``."""
    env = simpy.Environment()
    model = CorridorModel(env, plan, seed)
    start_h, horizon_h = warmup_days * 24.0, days * 24.0
    monitor = Monitor(model, start_h, sample_h)
    env.run(until=start_h + horizon_h)
    c = monitor.since_start()
    created = np.asarray(model.created_h)
    delivered = np.asarray(model.delivered_h)
    flow_of = np.asarray(model.flow_of, dtype=np.int32)
    in_window = created >= start_h
    done = in_window & np.isfinite(delivered)
    queues = np.asarray(monitor.queues, dtype=np.float64).reshape(len(monitor.times_h), len(plan.facilities))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_wait = np.where(c["served"] > 0, c["wait_h"] / c["served"], np.nan)
    return ReplicationResult(
        index=index,
        horizon_h=horizon_h,
        generated=len(model.created_h),
        delivered=len(model.delivered_ids),
        in_system=len(model.live),
        served_per_day=c["served"] * 24.0 / horizon_h,
        units_per_day=c["units"] * 24.0 / horizon_h,
        utilisation=_utilisation(plan, c, horizon_h),
        mean_wait_h=mean_wait,
        mean_queue=queues.mean(axis=0) if len(queues) else np.full(len(plan.facilities), np.nan),
        max_queue=queues.max(axis=0) if len(queues) else np.full(len(plan.facilities), np.nan),
        sample_times_h=np.asarray(monitor.times_h),
        queue_samples=queues.astype(np.float32),
        in_system_samples=np.asarray(monitor.in_system, dtype=np.int64),
        arrivals=np.bincount(flow_of[in_window], minlength=len(plan.flows)),
        flow_index=flow_of[done],
        transit_h=(delivered - created)[done],
        timetable_wait_h=np.asarray(model.timetable_wait_h)[done],
    )
