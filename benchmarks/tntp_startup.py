"""Where a ``dalan tntp NET TRIPS --algorithm b`` process spends its CPU before and while solving.

    python benchmarks/tntp_startup.py NET TRIPS [--gap 1e-10] [--runs 5] [--baseline-src OLD/src]

Each run is a fresh interpreter that takes the steps of the command one by one and reads the CPU
clock (``time.process_time``, all threads) after each: the command-line layer (Typer, Rich,
``dalan.cli``), numpy, numba, the ``tntp`` command's module (the assignment package, the kernels
declared), reading the two TNTP files, loading the cached kernels (the first ``assign()`` less the
second, which solves the same problem again with everything loaded) and solving (the second).
Interpreter start-up and exit, Typer's parsing and the printed tables are not in it (time the whole
command with ``benchmarks/assignment_vs_tapb.py --cli``). Prints the median of ``--runs`` runs per
step, after one untimed run that fills numba's cache; ``--baseline-src`` also runs another source
tree (e.g. ``git archive <commit> src | tar -x -C /tmp/old``), interleaved, for before/after.
Not part of ``make test``: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

STEPS = """
import json, sys, time
clock = time.process_time
marks = [("start", clock())]
def mark(name):
    marks.append((name, clock()))
net, trips, gap = sys.argv[1], sys.argv[2], float(sys.argv[3])
import typer, rich.console, rich.table, dalan.cli.app
mark("command line: Typer, Rich, dalan.cli")
import numpy
mark("numpy")
import numba
mark("numba")
import dalan.cli.tntp_cmd
from dalan.assignment import Demand, assign, tntp
import dalan.assignment.equilibrium
mark("the tntp command's modules (assignment, kernels declared)")
network = tntp.read_net(net).to_assignment_network()
demand = Demand.single(tntp.read_trips(trips, network.num_zones))
mark("reading the TNTP files")
before = clock()
assign(network, demand, algorithm="b", gap=gap, max_iterations=50_000)
first = clock() - before
before = clock()
assign(network, demand, algorithm="b", gap=gap, max_iterations=50_000)
second = clock() - before
steps = {b[0]: b[1] - a[1] for a, b in zip(marks, marks[1:])}
steps["loading the cached kernels (first assign() - second)"] = first - second
steps["solving (second assign())"] = second
print(json.dumps(steps))
"""


def _env(src: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _steps(args: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", STEPS, *args], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("net")
    parser.add_argument("trips")
    parser.add_argument("--gap", type=float, default=1e-10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-src", help="another source tree to run first on the path (before/after)")
    args = parser.parse_args()
    trees = ({"baseline": _env(args.baseline_src)} if args.baseline_src else {}) | {"this tree": _env(None)}
    argv = [args.net, args.trips, repr(args.gap)]
    for env in trees.values():
        _steps(argv, env)  # numba's cache filled, files in the page cache
    runs: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
    for _ in range(args.runs):
        for tree, env in trees.items():
            runs[tree].append(_steps(argv, env))
    names = list(runs["this tree"][0])
    print("| step | " + " | ".join(f"{tree}: CPU s (median)" for tree in trees) + " |")
    print("|---|" + "---:|" * len(trees))
    for name in [*names, "total"]:
        cells = []
        for tree in trees:
            values = [sum(run.values()) if name == "total" else run[name] for run in runs[tree]]
            cells.append(f"{statistics.median(values):.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
