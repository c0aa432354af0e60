"""User equilibrium by Dial's Algorithm B: one acyclic bush per (class, origin).

The numba kernels (:mod:`dalan._kernels.bush`) move flow inside the bushes; this module builds
their arrays from an :class:`~dalan.assignment.problem.AssignmentProblem`, and after every
iteration computes the **true** relative gap, with exact shortest paths over the whole network
(:func:`true_gap`: those of the bushes, corrected over every link; the first and the last iterate
go through the same :meth:`~dalan.assignment.problem.AssignmentProblem.evaluate` as the Frank–Wolfe
family), which is what it stops on. Every class has its own bushes on the shared link times, so classes with
different values of time, PCEs and fixed costs are all supported. The kernels evaluate BPR and
conical functions only; other volume-delay functions are an :class:`~dalan.errors.InputError`.
"""

from __future__ import annotations

import logging
import math

import numpy as np

from dalan._kernels.bush import (
    Bushes,
    BushGraph,
    LinkCosts,
    LinkState,
    initial_bushes,
    iterate,
    shortest_path_cost,
)
from dalan._kernels.link_delay import BPR_KIND, CONICAL_KIND
from dalan.assignment.network import AssignmentNetwork
from dalan.assignment.problem import AssignmentProblem, Evaluation, gap_of
from dalan.assignment.progress import Progress
from dalan.assignment.vdf import BPR, Conical, VolumeDelay
from dalan.errors import InputError, Problem

logger = logging.getLogger(__name__)

#: Equilibration sweeps over all bushes after the improving one, per round, and rounds per iteration.
SWEEPS = 2
ROUNDS = 4
#: Extrapolate after every round (see :mod:`dalan._kernels.bush`) once the relative gap is below this
#: (earlier, bushes still change shape each iteration and the direction of a round means little), by
#: a factor of at most this.
_EXTRAPOLATE_BELOW = 1e-3
_EXTRAPOLATION_LIMIT = 100.0
#: Flow moves at a bush node only if its longest and shortest paths differ by more than this share of
#: the larger of the current and the target gap (relative to the longest path).
_TOLERANCE_SHARE = 0.1
#: Smallest link time derivative used in Newton steps, relative to the mean ``t0 / capacity``:
#: keeps steps finite where time does not grow with flow (zero free-flow time, huge capacity).
_DERIVATIVE_FLOOR = 1e-9
#: A link whose bush flow is at most this share of the bush's demand counts as unused: moves leave
#: rounding residues of about 1e-16 of the flows they touch, and a residue must not pass for a path.
_UNUSED_SHARE = 1e-12
#: Stop (with a warning) when this many iterations in a row bring no new smallest gap.
_STALL_ITERATIONS = 20


def graph_arrays(network: AssignmentNetwork) -> BushGraph:
    """The network's links by tail and by head, as the kernels need them."""
    star = network.forward_star
    by_head = np.argsort(network.term_node, kind="stable").astype(np.int64)
    counts = np.bincount(network.term_node, minlength=network.num_nodes)
    in_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return BushGraph(network.init_node, network.term_node, star.indptr, star.arc_link, star.arc_head, in_ptr, by_head,
                     network.first_thru_node)


def _vdf_parameters(vdf: VolumeDelay) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """``(kind, t0, capacity, p1, p2)`` for :mod:`dalan._kernels.link_delay`, None if not supported."""
    if isinstance(vdf, BPR):
        return BPR_KIND, vdf.free_flow_time, vdf.capacity, vdf.alpha, vdf.beta
    if isinstance(vdf, Conical):
        return CONICAL_KIND, vdf.free_flow_time, vdf.capacity, vdf.a, vdf.b
    return None


def supports(problem: AssignmentProblem) -> bool:
    """Whether the kernels can evaluate the problem's volume-delay function."""
    return _vdf_parameters(problem.vdf) is not None


def memory_bytes(problem: AssignmentProblem) -> int:
    """Memory the bush arrays need: per (class, origin) a flow, a flag and the flow before the last
    extrapolation round per link, a slot per node and the demand per zone."""
    bushes = sum(int(np.count_nonzero(c.matrix.sum(axis=1) > 0)) for c in problem.demand.classes)
    network = problem.network
    return bushes * (17 * network.num_links + 8 * network.num_nodes + 8 * network.num_zones)


def link_costs(problem: AssignmentProblem) -> LinkCosts:
    """Volume-delay parameters and class cost terms; :class:`InputError` for an unsupported function."""
    parameters = _vdf_parameters(problem.vdf)
    if parameters is None:
        raise InputError(Problem.of("assignment", "vdf", type(problem.vdf).__name__, "not_for_b", "vdf_for_b"))
    kind, *arrays = parameters
    t0, capacity, p1, p2 = (np.ascontiguousarray(x, dtype=np.float64) for x in arrays)
    slopes = t0[t0 > 0] / capacity[t0 > 0]
    floor = _DERIVATIVE_FLOOR * (float(slopes.mean()) if slopes.size else 1.0)
    return LinkCosts(kind, t0, capacity, p1, p2, floor, problem.vot, problem.pce,
                     np.ascontiguousarray(problem.fixed_cost, dtype=np.float64))


def start_bushes(problem: AssignmentProblem, graph: BushGraph, costs: LinkCosts) -> tuple[Bushes, LinkState]:
    """One bush per class and origin with demand: its free-flow shortest-path tree, loaded."""
    network = problem.network
    origins, classes, rows = [], [], []
    for c, traffic in enumerate(problem.demand.classes):
        for zone in np.flatnonzero(traffic.matrix.sum(axis=1) > 0):
            origins.append(network.zone_ids[zone])
            classes.append(c)
            rows.append(traffic.matrix[zone])
    n = len(origins)
    demand = np.array(rows, dtype=np.float64).reshape(n, network.num_zones)
    bushes = Bushes(
        origin=np.array(origins, dtype=np.int64), klass=np.array(classes, dtype=np.int64), demand=demand,
        unused=_UNUSED_SHARE * demand.sum(axis=1),
        flow=np.zeros((n, network.num_links)), member=np.zeros((n, network.num_links), dtype=np.bool_),
        order=np.zeros((n, network.num_nodes), dtype=np.int64), size=np.zeros(n, dtype=np.int64),
    )
    links = LinkState(np.zeros(network.num_links), np.empty(network.num_links), np.empty(network.num_links))
    links.time[:] = problem.vdf.time(links.flow)
    initial_bushes(graph, costs, bushes, links, network.zone_ids)
    return bushes, links


def class_flows(problem: AssignmentProblem, bushes: Bushes) -> np.ndarray:
    """Flow of each class on each link: the sum of its bushes' flows."""
    flows = np.zeros(problem.shape)
    for c in range(flows.shape[0]):
        flows[c] = bushes.flow[bushes.klass == c].sum(axis=0)
    return flows


def true_gap(problem: AssignmentProblem, graph: BushGraph, bushes: Bushes, flows: np.ndarray) -> tuple[float, float]:
    """The true relative gap and the objective of class ``flows`` (the bushes' sum), as
    :meth:`~dalan.assignment.problem.AssignmentProblem.evaluate` computes them, with shortest paths
    that start from the bushes' (:func:`dalan._kernels.bush.shortest_path_cost`) and no loading."""
    congestion, _, costs, total = problem.priced(flows)
    shortest = shortest_path_cost(graph, bushes, np.ascontiguousarray(costs), problem.network.zone_ids)
    return gap_of(total, shortest), problem.objective(flows, congestion)


def solve(problem: AssignmentProblem, progress: Progress) -> Evaluation:
    """Run Algorithm B until ``progress`` says stop (or no progress is made); return the last state.
    The first and the last iterate are evaluated in full (skims, and a clear error for demand without
    a path), those in between by :func:`true_gap`."""
    graph, costs = graph_arrays(problem.network), link_costs(problem)
    bushes, links = start_bushes(problem, graph, costs)
    flows = class_flows(problem, bushes)
    state = problem.evaluate(flows)
    gap, objective = state.relative_gap, state.objective
    best, stalled = math.inf, 0
    while not progress.record(gap, objective, math.nan):
        best, stalled = (gap, 0) if gap < best else (best, stalled + 1)
        if stalled >= _STALL_ITERATIONS:
            logger.warning("algorithm b cannot improve on relative gap %.3g", best)
            break
        tolerance = _TOLERANCE_SHARE * max(progress.gap, gap)
        limit = _EXTRAPOLATION_LIMIT if gap < _EXTRAPOLATE_BELOW else 1.0
        iterate(graph, costs, bushes, links, SWEEPS, tolerance, ROUNDS, limit)
        flows = class_flows(problem, bushes)
        gap, objective = true_gap(problem, graph, bushes, flows)
    return state if state.flows is flows else problem.evaluate(flows)
