"""The assignment problem compiled to arrays: costs, all-or-nothing loading, objective and gap.

Flows of all classes are held as one ``(classes, links)`` array ``X`` of vehicles; the congestion
flow is ``v = sum_c pce_c X_c``. Class ``c`` sees cost ``vot_c * t(v) + m_c`` on each link (``m_c`` its
fixed money cost), and the problem minimises the Beckmann objective

    F(X) = sum_a integral_0^{v_a} t_a(s) ds + sum_c (pce_c / vot_c) * sum_a X_ca * m_ca,

whose gradient in ``X_c`` is ``pce_c / vot_c`` times class ``c``'s cost, so its minimum is a
user equilibrium for every class. ``F`` is in time units times PCE.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dalan._kernels import all_or_nothing, default_chunks
from dalan.assignment._arrays import pce_total
from dalan.assignment.demand import Demand
from dalan.assignment.network import AssignmentNetwork
from dalan.assignment.vdf import VolumeDelay, make_vdf
from dalan.errors import ConvergenceError, InputError, Problem


@dataclass(frozen=True, eq=False)
class Loading:
    """An all-or-nothing loading of every class at given costs."""

    flows: np.ndarray
    shortest_path_cost: float
    cost_skims: np.ndarray
    time_skims: np.ndarray


@dataclass(frozen=True, eq=False)
class Evaluation:
    """An iterate ``X`` with its costs, the loading at those costs, its gap and objective."""

    flows: np.ndarray
    time: np.ndarray
    costs: np.ndarray
    loading: Loading
    relative_gap: float
    objective: float


class AssignmentProblem:
    """A network, its demand and a volume-delay function, ready for iterating."""

    def __init__(
        self, network: AssignmentNetwork, demand: Demand, vdf: str | VolumeDelay = "bpr", threads: int | None = None
    ):
        demand.check_against(network)
        self.network = network
        self.demand = demand
        self.vdf = make_vdf(vdf, network)
        self.vot = np.array([c.value_of_time for c in demand.classes])
        self.pce = np.array([c.pce for c in demand.classes])
        self.fixed_cost = np.array([c.fixed_cost(network) for c in demand.classes])
        self.linear_weight = (self.pce / self.vot)[:, None] * self.fixed_cost
        self._origins = [np.flatnonzero(c.matrix.sum(axis=1) > 0) for c in demand.classes]
        self._origin_rows = [np.ascontiguousarray(c.matrix[rows])
                             for c, rows in zip(demand.classes, self._origins, strict=True)]
        busiest = max(origins.size for origins in self._origins)
        self._chunks = threads or default_chunks(busiest, network.num_links)

    @property
    def shape(self) -> tuple[int, int]:
        """Shape of a flow array: (classes, links)."""
        return (len(self.demand.classes), self.network.num_links)

    def congestion_flow(self, flows: np.ndarray) -> np.ndarray:
        """Total flow in PCE on each link."""
        return pce_total(self.pce, flows)

    def costs(self, time: np.ndarray) -> np.ndarray:
        """Generalised cost of each link for each class, given link times."""
        return self.vot[:, None] * time + self.fixed_cost

    def load(self, costs: np.ndarray, time: np.ndarray) -> Loading:
        """All-or-nothing loading of every class on its shortest paths by ``costs``."""
        star = self.network.forward_star
        zones = self.network.zone_ids
        flows = np.zeros(self.shape)
        n_zones = zones.size
        cost_skims = np.full((len(self.demand.classes), n_zones, n_zones), np.nan)
        time_skims = np.full_like(cost_skims, np.nan)
        sp_cost = 0.0
        for c, (rows, matrix) in enumerate(zip(self._origins, self._origin_rows, strict=True)):
            flows[c], cost_skim, time_skim = all_or_nothing(
                star.indptr, star.arc_link, star.arc_head, self.network.init_node, costs[c], time,
                zones[rows], zones, matrix, self.network.first_thru_node, self._chunks,
            )
            cost_skims[c, rows] = cost_skim
            time_skims[c, rows] = time_skim
            sp_cost += float(np.sum(matrix * np.where(matrix > 0, cost_skim, 0.0)))
        return Loading(flows, sp_cost, cost_skims, time_skims)

    def objective(self, flows: np.ndarray, congestion_flow: np.ndarray) -> float:
        """Beckmann objective ``F(X)`` (see the module docstring)."""
        return float(self.vdf.integral(congestion_flow).sum() + np.sum(self.linear_weight * flows))

    def priced(self, flows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """Congestion flow, link times, class costs and total cost at ``flows``."""
        congestion = self.congestion_flow(flows)
        time = self.vdf.time(congestion)
        costs = self.costs(time)
        total = float(np.sum(flows * costs))
        if not np.all(np.isfinite(costs)) or not np.isfinite(total):
            raise ConvergenceError(message_id="error.costs_infinite")
        return congestion, time, costs, total

    def evaluate(self, flows: np.ndarray) -> Evaluation:
        """Costs at ``flows``, a fresh loading at those costs, and the true relative gap."""
        congestion, time, costs, total = self.priced(flows)
        loading = self.load(costs, time)
        if not np.isfinite(loading.shortest_path_cost):
            self._raise_unreachable(loading)
        return Evaluation(flows, time, costs, loading, gap_of(total, loading.shortest_path_cost),
                          self.objective(flows, congestion))

    def _raise_unreachable(self, loading: Loading) -> None:
        """Raise :class:`InputError` naming OD pairs with demand but no path."""
        problems = []
        zones = self.network.zone_ids
        for c, traffic in enumerate(self.demand.classes):
            stranded = np.argwhere((traffic.matrix > 0) & ~np.isfinite(loading.cost_skims[c]))
            for i, j in stranded[:5]:
                problems.append(Problem.of(
                    f"class {traffic.name!r} from zone node {zones[i]} to zone node {zones[j]}", "matrix",
                    float(traffic.matrix[i, j]), "no_path", "connect_zones",
                ))
        raise InputError(problems)


def gap_of(total_cost: float, shortest_path_cost: float) -> float:
    """Relative gap from the total cost and the shortest-path cost (see :mod:`dalan.assignment`)."""
    return (total_cost - shortest_path_cost) / total_cost if total_cost > 0 else 0.0


def relative_gap(
    network: AssignmentNetwork, demand: Demand, class_flows: np.ndarray, vdf: str | VolumeDelay = "bpr"
) -> float:
    """True relative gap of given class flows ``(classes, links)``: see :mod:`dalan.assignment`."""
    problem = AssignmentProblem(network, demand, vdf)
    return problem.evaluate(np.asarray(class_flows, dtype=np.float64).reshape(problem.shape)).relative_gap
