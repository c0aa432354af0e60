"""User-equilibrium assignment: MSA, the Frank–Wolfe family (FW, CFW, BFW) and Algorithm B."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from dalan.assignment import bush
from dalan.assignment.demand import Demand
from dalan.assignment.directions import RULES, TargetRule
from dalan.assignment.line_search import exact_step
from dalan.assignment.network import AssignmentNetwork
from dalan.assignment.problem import AssignmentProblem, Evaluation
from dalan.assignment.progress import Progress
from dalan.assignment.result import AssignmentResult, IterationRecord
from dalan.assignment.vdf import VolumeDelay
from dalan.errors import InputError, Problem

logger = logging.getLogger(__name__)

#: ``"b"`` is Dial's Algorithm B (:mod:`dalan.assignment.bush`); ``"auto"`` picks, see :func:`choose_algorithm`.
ALGORITHMS: tuple[str, ...] = ("msa", "fw", "cfw", "bfw", "b", "auto")

#: Most memory ``"auto"`` lets Algorithm B's bushes take; beyond it, it runs BFW.
AUTO_BUSH_MEMORY = 2**30
#: ``"auto"`` runs BFW for a target gap of at least :data:`AUTO_BFW_GAP` when B's bushes would take at
#: least :data:`AUTO_BFW_MEMORY`: on a network that large B's first iterations (a bush over every node
#: reachable from each origin) cost more than the few BFW iterations a loose gap needs (Berlin-Center,
#: 865 origins, 28,376 links, 0.5 GB of bushes: to 1e-2 BFW took 0.5x B's CPU time, to 1e-3 0.9x, to
#: 1e-4 B was faster; docs/performance.md).
AUTO_BFW_GAP = 1e-3
AUTO_BFW_MEMORY = 2**28


def choose_algorithm(problem: AssignmentProblem, gap: float) -> str:
    """What ``"auto"`` runs to the target relative ``gap``: Algorithm B, faster than BFW at every gap
    below :data:`AUTO_BFW_GAP` we measured (docs/performance.md); BFW if B's kernels do not support the
    volume-delay function, if its bushes would need more than :data:`AUTO_BUSH_MEMORY`, or if they would
    need at least :data:`AUTO_BFW_MEMORY` and ``gap`` is at least :data:`AUTO_BFW_GAP`."""
    if not bush.supports(problem):
        return "bfw"
    memory = bush.memory_bytes(problem)
    if memory > AUTO_BUSH_MEMORY or (memory >= AUTO_BFW_MEMORY and gap >= AUTO_BFW_GAP):
        return "bfw"
    return "b"


def assign(
    network: AssignmentNetwork,
    demand: Demand | np.ndarray,
    *,
    algorithm: str = "bfw",
    gap: float = 1e-4,
    max_iterations: int = 1000,
    vdf: str | VolumeDelay = "bpr",
    threads: int | None = None,
    callback: Callable[[IterationRecord], None] | None = None,
) -> AssignmentResult:
    """Assign ``demand`` to ``network`` until the true relative gap is at most ``gap``.

    ``demand`` is a :class:`Demand` or one zones x zones matrix (a single class of cost = time).
    ``algorithm`` is one of :data:`ALGORITHMS` (``result.algorithm`` names the one that ran, also
    for ``"auto"``); ``vdf`` is ``"bpr"``, ``"conical"`` or a
    :class:`VolumeDelay`; ``threads`` is the number of parallel shortest-path chunks (default: one
    for small networks, numba's thread count for large ones, see
    :data:`dalan._kernels.shortest_path.PARALLEL_MIN_WORK`); ``callback`` receives each iteration's
    record (its ``step`` is NaN for Algorithm B, which has no single step).
    Stops after ``max_iterations`` iterates at the latest; ``result.converged`` tells which.
    """
    algorithm = algorithm.lower()
    _check_options(algorithm, gap, max_iterations, threads)
    if not isinstance(demand, Demand):
        demand = Demand.single(demand)
    problem = AssignmentProblem(network, demand, vdf, threads)
    if algorithm == "auto":
        algorithm = choose_algorithm(problem, gap)
    progress = Progress(gap, max_iterations, callback)
    state = bush.solve(problem, progress) if algorithm == "b" else _frank_wolfe(problem, algorithm, progress)
    if not progress.converged:
        logger.warning("%s stopped at relative gap %.3g after %d iterations (target %.3g)",
                       algorithm, state.relative_gap, len(progress.log), gap)
    return _result(problem, state, algorithm, progress)


def _frank_wolfe(problem: AssignmentProblem, algorithm: str, progress: Progress) -> Evaluation:
    """MSA or a Frank–Wolfe variant from the free-flow all-or-nothing loading; the last state."""
    free_time = problem.vdf.time(np.zeros(problem.network.num_links))
    flows = problem.load(problem.costs(free_time), free_time).flows
    rule = RULES[algorithm]() if algorithm in RULES else None
    step = 1.0
    while True:
        state = problem.evaluate(flows)
        if progress.record(state.relative_gap, state.objective, step):
            return state
        if rule is None:  # MSA
            target, step = state.loading.flows, 1.0 / (len(progress.log) + 1)
        else:
            target, step = _line_step(problem, state, rule)
            if step == 0.0:
                logger.warning("%s cannot improve on relative gap %.3g", algorithm, state.relative_gap)
                return state
            rule.record(target, step)
        flows = flows + step * (target - flows)


def _line_step(problem: AssignmentProblem, state: Evaluation, rule: TargetRule) -> tuple[np.ndarray, float]:
    """Target from ``rule`` and the exact step towards it; falls back to FW if it is no descent."""
    congestion = problem.congestion_flow(state.flows)
    hessian = problem.vdf.derivative(congestion)
    aon = state.loading.flows
    target = rule.target(state.flows, aon, problem.pce, hessian)
    for candidate in (target, aon) if target is not aon else (aon,):
        direction = candidate - state.flows
        linear = float(np.sum(problem.linear_weight * direction))
        step = exact_step(problem.vdf, congestion, problem.congestion_flow(direction), linear)
        if step > 0.0:
            return candidate, step
        rule.reset()
    return aon, 0.0


def _check_options(algorithm: str, gap: float, max_iterations: int, threads: int | None) -> None:
    problems = []
    if algorithm not in ALGORITHMS:
        problems.append(Problem.of("assignment", "algorithm", algorithm, "unknown_value", "choices", choices=ALGORITHMS))
    if not gap >= 0:
        problems.append(Problem.of("assignment", "gap", gap, "negative", "gap_example"))
    if max_iterations < 1:
        problems.append(Problem.of("assignment", "max_iterations", max_iterations, "at_least", low=1))
    if threads is not None and threads < 1:
        problems.append(Problem.of("assignment", "threads", threads, "at_least", "threads", low=1))
    if problems:
        raise InputError(problems)


def _result(problem: AssignmentProblem, state: Evaluation, algorithm: str, progress: Progress) -> AssignmentResult:
    return AssignmentResult(
        network=problem.network,
        class_names=problem.demand.names,
        algorithm=algorithm,
        flow=problem.congestion_flow(state.flows),
        time=state.time,
        class_flow=state.flows,
        class_cost=state.costs,
        cost_skim=state.loading.cost_skims,
        time_skim=state.loading.time_skims,
        log=tuple(progress.log),
        converged=progress.converged,
        seconds=progress.seconds,
    )
