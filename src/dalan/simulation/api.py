"""``simulate()``: network + costing + demand in, replicated simulation results out."""

from __future__ import annotations

import datetime as dt

from dalan.costing.model import Costing
from dalan.costing.operations import Operations, load_operations
from dalan.demand import Demand
from dalan.graph.virtual import Criterion
from dalan.network.model import Network
from dalan.simulation.plan import build_plan
from dalan.simulation.results import SimulationResult
from dalan.simulation.runner import Progress, check_settings, run_plan


def simulate(
    network: Network,
    costing: Costing,
    demand: Demand,
    *,
    operations: Operations | None = None,
    by: Criterion = "generalized",
    days: float = 365.0,
    warmup_days: float = 30.0,
    replications: int = 30,
    seed: int = 1,
    workers: int = 1,
    scheduler: str | None = None,
    sample_h: float = 24.0,
    progress: Progress | None = None,
    name: str = "",
    date: dt.date | None = None,
) -> SimulationResult:
    """Route the demand (by ``by``) on the network as it stood on ``date`` (default today; a given
    date also prices that year's deep-sea market), check the plan, then run the replications.

    Every input problem (unknown place, closed facility on a route, bad parameter) is raised
    before the first replication starts. Demand rows with no route that day are not simulated:
    they are listed in ``result.plan.unroutable``; with no routable row at all, NoRouteError.
    """
    check_settings(days, warmup_days, replications, workers)  # refuse bad settings before routing
    plan = build_plan(network, costing, demand, operations or load_operations(), by=by, name=name, date=date)
    return run_plan(
        plan,
        days=days,
        warmup_days=warmup_days,
        replications=replications,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        sample_h=sample_h,
        progress=progress,
    )
