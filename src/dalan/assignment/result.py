"""Typed results of an equilibrium assignment."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

from dalan.assignment.network import AssignmentNetwork

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class IterationRecord:
    """One line of the iteration log: the iterate's true relative gap and objective, the step that
    produced it (1.0 for the initial all-or-nothing loading; NaN for Algorithm B, which moves flow
    by many Newton steps per iteration) and seconds since the start."""

    iteration: int
    relative_gap: float
    objective: float
    step: float
    seconds: float


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    """Equilibrium link flows and costs, OD skims and the convergence record.

    ``flow`` and ``time`` are per link (total PCE flow and travel time); ``class_flow`` and
    ``class_cost`` are ``(classes, links)`` (vehicles, generalised cost). ``cost_skim`` and
    ``time_skim`` are ``(classes, zones, zones)``: the least generalised cost between zones and the
    travel time along that path, at the final flows (NaN rows for zones without demand).
    """

    network: AssignmentNetwork
    class_names: tuple[str, ...]
    algorithm: str
    flow: np.ndarray
    time: np.ndarray
    class_flow: np.ndarray
    class_cost: np.ndarray
    cost_skim: np.ndarray
    time_skim: np.ndarray
    log: tuple[IterationRecord, ...]
    converged: bool
    seconds: float

    @property
    def iterations(self) -> int:
        """Number of iterates evaluated (the initial loading is iteration 1)."""
        return len(self.log)

    @property
    def relative_gap(self) -> float:
        """True relative gap of the final flows."""
        return self.log[-1].relative_gap

    @property
    def objective(self) -> float:
        """Beckmann objective of the final flows."""
        return self.log[-1].objective

    @property
    def gap_history(self) -> np.ndarray:
        """Relative gap of every iterate."""
        return np.array([record.relative_gap for record in self.log])

    def to_frame(self) -> pd.DataFrame:
        """One row per link: nodes, total flow, time, and each class's flow and cost."""
        import pandas as pd  # here, not at the top: importing pandas takes 0.1 s of every assignment run

        columns: dict[str, np.ndarray] = {
            "init_node": self.network.init_node,
            "term_node": self.network.term_node,
            "flow": self.flow,
            "time": self.time,
        }
        for c, name in enumerate(self.class_names):
            columns[f"flow_{name}"] = self.class_flow[c]
            columns[f"cost_{name}"] = self.class_cost[c]
        return pd.DataFrame(columns)

    def to_dict(self) -> dict:
        """Plain Python data: summary, link table, skims per class and the iteration log."""
        return {
            "algorithm": self.algorithm,
            "converged": self.converged,
            "iterations": self.iterations,
            "relative_gap": self.relative_gap,
            "objective": self.objective,
            "seconds": self.seconds,
            "links": self.to_frame().to_dict(orient="list"),
            "skims": {
                name: {"cost": self.cost_skim[c].tolist(), "time": self.time_skim[c].tolist()}
                for c, name in enumerate(self.class_names)
            },
            "log": [asdict(record) for record in self.log],
        }
