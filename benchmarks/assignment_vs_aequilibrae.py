"""dalan vs AequilibraE on the TNTP networks, and dalan's Algorithm B to tight gaps, whole process.

Part 1, in one process run: dalan (Algorithm B and bi-conjugate Frank–Wolfe) and AequilibraE (BFW)
solve the same network and demand (centroids barred as through nodes where the network says so) to
relative gaps 1e-4 and 1e-6. For each run the table shows the best wall time over ``--repeats``
runs, the iterations, and the TRUE relative gap of the final flows as computed by dalan's own
:func:`dalan.assignment.relative_gap` for every engine, then the time ratio dalan / AequilibraE BFW
(below 1 means dalan is faster). Timing covers ``assign()`` for dalan (problem set-up included) and
only ``TrafficAssignment.execute()`` for AequilibraE (its set-up excluded).

Part 2, whole process: ``python this-file --child NETWORK GAP`` (read the files, import dalan, load
the compiled kernels, run Algorithm B, exit) timed from outside, best and median of ``--repeats``
runs with a warm numba cache and once with a cold one (an empty ``NUMBA_CACHE_DIR``: every kernel
compiles), on Sioux Falls, Anaheim and a synthetic congested grid of a few thousand links
(:func:`grid_case`).

Run: ``.venv/bin/python benchmarks/assignment_vs_aequilibrae.py`` (needs ``pip install aequilibrae``);
``--networks`` with no name skips part 1, ``--tight-networks`` with no name skips part 2, and
``--no-cold`` skips the cold-cache runs, e.g. ``--networks --tight-networks Grid30 --tight-gaps 1e-10
--no-cold``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import subprocess
import sys
import tempfile
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
    """A network read once, as dalan arrays and (TNTP networks) as the raw table AequilibraE needs."""

    name: str
    raw: tntp.TntpNetwork | None
    network: AssignmentNetwork
    trips: np.ndarray


@dataclass(frozen=True)
class Run:
    seconds: float
    iterations: int
    flows: np.ndarray
    cpu_seconds: float = float("nan")


def _timed(solve):  # type: ignore[no-untyped-def]
    """``solve()``'s result with its wall and CPU time (all of this process's threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = solve()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def grid_case(side: int = 30, zones: int = 100, seed: int = 0) -> Case:
    """A congested synthetic grid: ``side`` x ``side`` nodes joined by two-way links (free-flow time
    1–3, capacity 600/1200/1800, BPR 0.15/4), and ``zones`` centroids (barred as through nodes), each
    joined both ways to a random grid node; exponential random demand between every pair of zones.
    The default has 3,680 links (maximum volume/capacity about 1.9, mean 0.6 at equilibrium)."""
    rng = np.random.default_rng(seed)
    tails, heads = [], []
    for r in range(side):
        for c in range(side):
            node = zones + r * side + c
            for neighbour, inside in ((node + 1, c + 1 < side), (node + side, r + 1 < side)):
                if inside:
                    tails += [node, neighbour]
                    heads += [neighbour, node]
    grid_links = len(tails)
    anchors = rng.choice(side * side, zones, replace=False) + zones
    tails += [*range(zones), *anchors]
    heads += [*anchors, *range(zones)]
    network = AssignmentNetwork(
        num_nodes=zones + side * side, init_node=tails, term_node=heads,
        capacity=np.concatenate([rng.choice([600.0, 1200.0, 1800.0], grid_links), np.full(2 * zones, 1e5)]),
        free_flow_time=np.concatenate([rng.uniform(1.0, 3.0, grid_links), np.full(2 * zones, 0.5)]),
        zone_ids=np.arange(zones), first_thru_node=zones,
    )
    trips = rng.exponential(12.0, (zones, zones))
    np.fill_diagonal(trips, 0.0)
    return Case(f"Grid{side}", None, network, trips)


def load(name: str, data: Path = DATA, min_free_flow_time: float = 0.0) -> Case:
    """A synthetic grid (``Grid30``) or the TNTP network in folder ``data / name`` (one ``*_net.tntp``
    and one ``*_trips.tntp``), free-flow times raised to at least ``min_free_flow_time`` (AequilibraE
    refuses links with none, as Berlin-Center's connectors have)."""
    if name.startswith("Grid"):
        return grid_case(int(name[4:]))
    nets, trips = sorted((data / name).glob("*_net.tntp")), sorted((data / name).glob("*_trips.tntp"))
    if len(nets) != 1 or len(trips) != 1:
        raise SystemExit(f"{data / name}: expected one *_net.tntp and one *_trips.tntp file")
    raw = tntp.read_net(nets[0])
    if min_free_flow_time > 0:
        links = dict(raw.links, free_flow_time=np.maximum(raw.links["free_flow_time"], min_free_flow_time))
        raw = dataclasses.replace(raw, links=links)
    network = raw.to_assignment_network()
    return Case(name, raw, network, tntp.read_trips(trips[0], network.num_zones))


def run_dalan(case: Case, gap: float, algorithm: str, max_iterations: int = MAX_ITERATIONS) -> Run:
    result, seconds, cpu = _timed(lambda: assign(case.network, case.trips, algorithm=algorithm, gap=gap,
                                                 max_iterations=max_iterations))
    return Run(seconds, result.iterations, result.flow, cpu)


def run_aequilibrae(case: Case, gap: float, cores: int, max_iterations: int = MAX_ITERATIONS) -> Run:
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
    assignment.max_iter = max_iterations
    assignment.rgap_target = gap
    _, seconds, cpu = _timed(lambda: assignment.execute(log_specification=False))
    flows = assignment.results()["PCE_AB"].reindex(network["link_id"]).to_numpy()
    return Run(seconds, int(assignment.assignment.iter), flows, cpu)


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def compare_with_aequilibrae(networks: list[str], gaps: list[float], repeats: int, cores: int, data: Path,
                             engines: list[str], max_iterations: int, min_free_flow_time: float) -> None:
    """Part 1: in-process wall and CPU times of dalan B and BFW and AequilibraE BFW."""
    os.environ.setdefault("AEQ_SHOW_PROGRESS", "FALSE")  # AequilibraE's tqdm bars, read at its import
    logging.getLogger("aequilibrae").setLevel(logging.ERROR)
    solvers = {"b": lambda case, gap: run_dalan(case, gap, "b", max_iterations),
               "bfw": lambda case, gap: run_dalan(case, gap, "bfw", max_iterations),
               "aequilibrae": lambda case, gap: run_aequilibrae(case, gap, cores, max_iterations)}
    names = {"b": "dalan B", "bfw": "dalan BFW", "aequilibrae": "AequilibraE BFW"}
    print("| network | target gap | engine | wall time (s) | CPU time (s) | iterations | true final gap |"
          " time ratio dalan/peer |")
    print("|---|---|---|---|---|---|---|---|")
    for name in networks:
        case = load(name, data, min_free_flow_time)
        demand = Demand.single(case.trips)
        for engine in engines:
            solvers[engine](case, 1e-2)  # numba compile / cache load, AequilibraE's graph: not timed
        for gap in gaps:
            runs = {engine: best([solvers[engine](case, gap) for _ in range(repeats)]) for engine in engines}
            peer = runs.get("aequilibrae")
            for engine, run in runs.items():
                true_gap = relative_gap(case.network, demand, run.flows[None, :])
                ratio = f"{run.seconds / peer.seconds:.3f}" if peer and engine != "aequilibrae" else ""
                print(f"| {name} | {gap:.0e} | {names[engine]} | {run.seconds:.4f} | {run.cpu_seconds:.2f} |"
                      f" {run.iterations} | {true_gap:.2e} | {ratio} |", flush=True)


def child(name: str, gap: float) -> None:
    """One whole-process run of Algorithm B: print its iterations, final gap and assignment seconds."""
    case = load(name)
    result = assign(case.network, case.trips, algorithm="b", gap=gap, max_iterations=MAX_ITERATIONS)
    print(json.dumps({"iterations": result.iterations, "gap": result.relative_gap, "assign": result.seconds}))


def whole_process(name: str, gap: float, cache_dir: str | None) -> tuple[float, dict]:
    """Wall time of one child process, and what it printed."""
    env = dict(os.environ, **({"NUMBA_CACHE_DIR": cache_dir} if cache_dir else {}))
    start = time.perf_counter()
    output = subprocess.run([sys.executable, __file__, "--child", name, repr(gap)], env=env, check=True,
                            capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(output.splitlines()[-1])


def tight_gaps(networks: list[str], gaps: list[float], repeats: int, cold_cache: bool) -> None:
    """Part 2: whole-process wall time of Algorithm B, warm and cold numba cache."""
    print("| network | links | target gap | process, warm cache, best (s) | median (s) | of which assign() (s) |"
          " iterations | true final gap | process, cold cache (s) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in networks:
        links = load(name).network.num_links
        whole_process(name, 1e-2, None)  # make sure the default cache is warm
        for gap in gaps:
            runs = sorted((whole_process(name, gap, None) for _ in range(repeats)), key=lambda run: run[0])
            (warm, report), median = runs[0], float(np.median([run[0] for run in runs]))
            cold = "not run"
            if cold_cache:
                with tempfile.TemporaryDirectory() as empty:
                    cold = f"{whole_process(name, gap, empty)[0]:.2f}"
            print(f"| {name} | {links} | {gap:.0e} | {warm:.2f} | {median:.2f} | {report['assign']:.3f} |"
                  f" {report['iterations']} | {report['gap']:.2e} | {cold} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", nargs="*", default=["SiouxFalls", "Anaheim"])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of TNTP network folders (part 1)")
    parser.add_argument("--engines", nargs="+", choices=["b", "bfw", "aequilibrae"], default=["b", "bfw", "aequilibrae"])
    parser.add_argument("--max-iterations", type=int, default=MAX_ITERATIONS, help="per run, every engine (part 1)")
    parser.add_argument("--min-free-flow-time", type=float, default=0.0,
                        help="raise every link's free-flow time to this, for every engine (part 1; AequilibraE needs > 0)")
    parser.add_argument("--gaps", nargs="+", type=float, default=[1e-4, 1e-6])
    parser.add_argument("--tight-networks", nargs="*", default=["SiouxFalls", "Anaheim", "Grid30"])
    parser.add_argument("--tight-gaps", nargs="+", type=float, default=[1e-4, 1e-6, 1e-10])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-cold", dest="cold", action="store_false", help="skip the cold-cache runs")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="threads for AequilibraE")
    parser.add_argument("--child", nargs=2, metavar=("NETWORK", "GAP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]))
        return
    if args.networks:
        compare_with_aequilibrae(args.networks, args.gaps, args.repeats, args.cores, args.data, args.engines,
                                 args.max_iterations, args.min_free_flow_time)
        print()
    if args.tight_networks:
        tight_gaps(args.tight_networks, args.tight_gaps, args.repeats, args.cold)


if __name__ == "__main__":
    main()
