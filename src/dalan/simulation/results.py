"""Results across replications: per flow (OD) transit times, per place and link facility
throughput, utilisation, waiting and queues, each as a mean with a 95 % Student-t interval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dalan.simulation.plan import STATION_KINDS, Plan
from dalan.simulation.replication import ReplicationResult
from dalan.simulation.stats import PERCENTILES, mean_ci, transit_percentiles

FACILITY_METRICS: tuple[str, ...] = ("served_per_day", "units_per_day", "utilisation", "mean_wait_h", "mean_queue", "max_queue")
TRANSIT_METRICS: tuple[str, ...] = ("transit_mean_h", *(f"transit_p{p}_h" for p in PERCENTILES))
PLACE_KINDS: frozenset[str] = frozenset({*STATION_KINDS, "formation"})


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """The plan, the settings and every replication's measurements."""

    plan: Plan
    replications: tuple[ReplicationResult, ...]
    days: float
    warmup_days: float
    seed: int

    def flow_samples(self) -> np.ndarray:
        """Array (replications × flows × metrics) of the transit mean and percentiles."""
        out = np.full((len(self.replications), len(self.plan.flows), len(TRANSIT_METRICS)), np.nan)
        for r, rep in enumerate(self.replications):
            for k in range(len(self.plan.flows)):
                out[r, k] = transit_percentiles(rep.transit_h[rep.flow_index == k])
        return out

    def flows_frame(self):
        """One row per OD flow: planned rate and routing time, then each transit metric's mean
        over replications with its 95 % interval (``_lo``/``_hi``)."""
        import pandas as pd

        mean, lo, hi = mean_ci(self.flow_samples())
        delivered = np.array([np.bincount(rep.flow_index, minlength=len(self.plan.flows)) for rep in self.replications])
        frame = pd.DataFrame(
            {
                "origin": [f.origin_id for f in self.plan.flows],
                "destination": [f.destination_id for f in self.plan.flows],
                "class": [f.cargo for f in self.plan.flows],
                "shipments_per_day": [f.shipments_per_day for f in self.plan.flows],
                "routing_time_h": [f.itinerary_time_h for f in self.plan.flows],
                "delivered_per_replication": delivered.mean(axis=0),
            }
        )
        for m, name in enumerate(TRANSIT_METRICS):
            frame[name], frame[f"{name}_lo"], frame[f"{name}_hi"] = mean[:, m], lo[:, m], hi[:, m]
        return frame

    def facility_samples(self, metric: str) -> np.ndarray:
        """Array (replications × facilities) of one of :data:`FACILITY_METRICS`."""
        return np.array([getattr(rep, metric) for rep in self.replications], dtype=np.float64)

    def facilities_frame(self):
        """One row per facility (place station, formation point, line, sailing service, road)."""
        frame = self.plan.facilities_frame()
        for metric in FACILITY_METRICS:
            mean, lo, hi = mean_ci(self.facility_samples(metric))
            frame[metric], frame[f"{metric}_lo"], frame[f"{metric}_hi"] = mean, lo, hi
        return frame

    def busiest(self, count: int = 10):
        """The ``count`` capacity-limited facilities (stations, lines, sailings) with the highest
        utilisation; formation fill rates and roads are left out."""
        frame = self.facilities_frame()
        limited = frame[frame["kind"].isin({*STATION_KINDS, "line", "sailing"})]
        return limited.sort_values("utilisation", ascending=False).head(count)

    def places_frame(self):
        frame = self.facilities_frame()
        return frame[frame["kind"].isin(PLACE_KINDS)].rename(columns={"element_id": "place_id"}).reset_index(drop=True)

    def links_frame(self):
        frame = self.facilities_frame()
        return frame[~frame["kind"].isin(PLACE_KINDS)].rename(columns={"element_id": "link_id"}).reset_index(drop=True)

    def to_frame(self):
        """The per-OD summary (see :meth:`flows_frame`)."""
        return self.flows_frame()

    def queue_series(self, facility: int) -> tuple[np.ndarray, np.ndarray]:
        """Sample times (days since the start of the horizon) and the mean queue over replications."""
        rep = self.replications[0]
        days = (rep.sample_times_h - self.warmup_days * 24.0) / 24.0
        return days, np.mean([r.queue_samples[:, facility] for r in self.replications], axis=0)

    def transit_times(self, flow: int) -> np.ndarray:
        """All transit times (hours) of a flow, pooled over replications."""
        return np.concatenate([rep.transit_h[rep.flow_index == flow] for rep in self.replications])

    def to_dict(self) -> dict[str, Any]:
        """Settings, the date, the three tables as JSON-ready records (NaN as None) and the demand
        rows not simulated for want of a route that day."""

        def records(frame) -> list[dict[str, Any]]:
            return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")

        return {
            "scenario": self.plan.name,
            "days": self.days,
            "warmup_days": self.warmup_days,
            "replications": len(self.replications),
            "seed": self.seed,
            "as_of": self.plan.as_of.isoformat(),
            "flows": records(self.flows_frame()),
            "places": records(self.places_frame()),
            "links": records(self.links_frame()),
            "unroutable": [row.to_dict() for row in self.plan.unroutable],
        }


def combine(plan: Plan, replications: Sequence[ReplicationResult], days: float, warmup_days: float, seed: int) -> SimulationResult:
    """Order replications by index so that results do not depend on completion order."""
    ordered = tuple(sorted(replications, key=lambda rep: rep.index))
    return SimulationResult(plan, ordered, days, warmup_days, seed)
