"""Discrete-event simulation of corridor operations on SimPy (trains, trucks, vessels, ferries,
terminals, borders, gauge-change yards), with replications on local processes or Dask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dalan._lazy import lazy_exports

if TYPE_CHECKING:
    from dalan.costing.operations import (
        FacilityParams,
        Operations,
        load_operations,
        operations_from_dict,
    )
    from dalan.simulation.api import simulate
    from dalan.simulation.plan import Facility, Flow, Plan, Unroutable, build_plan
    from dalan.simulation.replication import ReplicationResult, run_replication
    from dalan.simulation.results import SimulationResult
    from dalan.simulation.runner import run_plan

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "Facility",
    "FacilityParams",
    "Flow",
    "Operations",
    "Plan",
    "ReplicationResult",
    "SimulationResult",
    "Unroutable",
    "build_plan",
    "load_operations",
    "operations_from_dict",
    "run_plan",
    "run_replication",
    "simulate",
]
