"""dalan vs AequilibraE: bi-conjugate Frank–Wolfe on the TNTP networks, in one process run.

Both engines solve the same network and demand (centroids barred as through nodes where the
network says so) to relative gaps 1e-4 and 1e-6. For each run the table shows the best wall time
over ``--repeats`` runs, the iterations, and the TRUE relative gap of the final flows as computed
by dalan's own :func:`dalan.assignment.relative_gap` for both engines, then the time ratio
dalan / AequilibraE (below 1 means dalan is faster). Timing covers ``assign()`` for dalan (problem
set-up included) and only ``TrafficAssignment.execute()`` for AequilibraE (its set-up excluded).

Run: ``.venv/bin/python benchmarks/assignment_vs_aequilibrae.py`` (needs ``pip install aequilibrae``).
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dalan.assignment import AssignmentNetwork, Demand, assign, relative_gap, tntp

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "tntp"
MAX_ITERATIONS = 50_000


@dataclass(frozen=True)
class Case:
    """A TNTP network read once, as dalan arrays and as the raw table AequilibraE needs."""

    name: str
    raw: tntp.TntpNetwork
    network: AssignmentNetwork
    trips: np.ndarray


@dataclass(frozen=True)
class Run:
    seconds: float
    iterations: int
    flows: np.ndarray


def load(name: str) -> Case:
    stem = DATA / name / name
    raw = tntp.read_net(f"{stem}_net.tntp")
    network = raw.to_assignment_network()
    return Case(name, raw, network, tntp.read_trips(f"{stem}_trips.tntp", network.num_zones))


def run_dalan(case: Case, gap: float) -> Run:
    start = time.perf_counter()
    result = assign(case.network, case.trips, algorithm="bfw", gap=gap, max_iterations=MAX_ITERATIONS)
    seconds = time.perf_counter() - start
    return Run(seconds, result.iterations, result.flow)


def run_aequilibrae(case: Case, gap: float, cores: int) -> Run:
    from aequilibrae.matrix import AequilibraeMatrix
    from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass

    links = case.raw.links
    n = links["init_node"].size
    network = pd.DataFrame({
        "link_id": np.arange(1, n + 1),
        "a_node": links["init_node"].astype(np.int64),
        "b_node": links["term_node"].astype(np.int64),
        "direction": np.ones(n, dtype=np.int8),
        "free_flow_time": links["free_flow_time"],
        "capacity": links["capacity"],
        "b": links["b"],
        "power": links["power"],
    })
    centroids = np.arange(1, case.network.num_zones + 1, dtype=np.int64)
    graph = Graph()
    graph.network = network
    graph.prepare_graph(centroids)
    graph.set_graph("free_flow_time")
    graph.set_skimming(["free_flow_time"])
    graph.set_blocked_centroid_flows(case.network.first_thru_node > 0)

    matrix = AequilibraeMatrix()
    matrix.create_empty(zones=centroids.size, matrix_names=["demand"], memory_only=True)
    matrix.index[:] = centroids
    matrix.matrices[:, :, 0] = case.trips
    matrix.computational_view(["demand"])

    assignment = TrafficAssignment()
    assignment.set_classes([TrafficClass("car", graph, matrix)])
    assignment.set_vdf("BPR")
    assignment.set_vdf_parameters({"alpha": "b", "beta": "power"})
    assignment.set_capacity_field("capacity")
    assignment.set_time_field("free_flow_time")
    assignment.set_algorithm("bfw")
    assignment.set_cores(cores)
    assignment.max_iter = MAX_ITERATIONS
    assignment.rgap_target = gap
    start = time.perf_counter()
    assignment.execute(log_specification=False)
    seconds = time.perf_counter() - start
    flows = assignment.results()["PCE_AB"].reindex(network["link_id"]).to_numpy()
    return Run(seconds, int(assignment.assignment.iter), flows)


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", nargs="+", default=["SiouxFalls", "Anaheim"])
    parser.add_argument("--gaps", nargs="+", type=float, default=[1e-4, 1e-6])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="threads for AequilibraE")
    args = parser.parse_args()
    os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")  # AequilibraE's tqdm bars, read at its import
    logging.getLogger("aequilibrae").setLevel(logging.ERROR)

    print("| network | target gap | engine | wall time (s) | iterations | true final gap | time ratio dalan/peer |")
    print("|---|---|---|---|---|---|---|")
    for name in args.networks:
        case = load(name)
        demand = Demand.single(case.trips)
        run_dalan(case, 1e-2)  # numba compile / cache load, not timed
        run_aequilibrae(case, 1e-2, args.cores)
        for gap in args.gaps:
            ours = best([run_dalan(case, gap) for _ in range(args.repeats)])
            peer = best([run_aequilibrae(case, gap, args.cores) for _ in range(args.repeats)])
            ratio = ours.seconds / peer.seconds
            for engine, run in (("dalan", ours), ("AequilibraE", peer)):
                true_gap = relative_gap(case.network, demand, run.flows[None, :])
                shown_ratio = f"{ratio:.3f}" if engine == "dalan" else ""
                print(f"| {name} | {gap:.0e} | {engine} | {run.seconds:.4f} | {run.iterations} | {true_gap:.2e} |"
                      f" {shown_ratio} |", flush=True)


if __name__ == "__main__":
    main()
