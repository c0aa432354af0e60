"""dalan's Algorithm B against TAP-B (Steve Boyles' C implementation of Algorithm B), whole process.

TAP-B (https://github.com/spartalab/tap-b) is built here from its source, single thread
(``make serial``, its default ``-O2``), into a temporary folder: pass a checkout with
``--tapb-source DIR`` (or a bare git repository of it: ``HEAD``'s ``Makefile``, ``src`` and ``include``
are exported), or set ``TAPB_SOURCE``. Nothing of it is kept in this repository.

For each network and target gap, both programs run ``--repeats`` times, interleaved so that
background load hits both alike, each as a whole process timed from outside (start, read the TNTP
files, solve, exit; dalan with its numba cache warm; with ``--cli`` dalan runs as the command
``dalan tntp NET TRIPS --algorithm b --gap GAP``, else as a script calling ``assign()``): wall time (best and median) and CPU time
(user + system, median; on a shared machine the steadier of the two). Then, in this process, the
CPU time of dalan's ``assign()`` alone (best of ``--repeats``, kernels loaded) next to TAP-B's whole
process CPU time (its start-up and reading take a few milliseconds) and TAP-B's own clock (wall
time of its iterations, gap computations included). Ratios are dalan / TAP-B (below 1: dalan is
faster). Gaps are each
program's own true relative gap: dalan's ``(TSTT - SPTT) / TSTT``, TAP-B's ``TSTT / SPTT - 1``, both
from full shortest-path computations (they differ by a factor ``1 + gap``).

Run: ``.venv/bin/python benchmarks/assignment_vs_tapb.py --tapb-source ~/src/tap-b
--data ../shared/reference/tntp`` (``--networks``, ``--gaps``, ``--repeats``). Each network is a
folder of ``*_net.tntp`` and ``*_trips.tntp``. Not part of ``make test``: timings depend on the
machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MAX_ITERATIONS = 50_000
_TAPB_ITERATION = re.compile(r"Iteration (\d+):.*?gap ([-+.\deE]+),.*?time ([.\d]+)")
_CLI_RESULT = re.compile(r"true relative gap ([-+.\deE]+) after (\d+) iterations.*?\(assignment ([.\d]+) s\)", re.DOTALL)
#: ``dalan`` as its console script starts it.
_DALAN = "import sys; from dalan.cli.app import main; sys.argv[0] = 'dalan'; sys.exit(main())"


@dataclass(frozen=True)
class Network:
    name: str
    net: Path
    trips: Path


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    iterations: int
    gap: float
    own_seconds: float


def find_network(data: Path, name: str) -> Network:
    folder = data / name
    nets, trips = sorted(folder.glob("*_net.tntp")), sorted(folder.glob("*_trips.tntp"))
    if len(nets) != 1 or len(trips) != 1:
        raise SystemExit(f"{folder}: expected one *_net.tntp and one *_trips.tntp file")
    return Network(name, nets[0], trips[0])


def build_tapb(source: Path, folder: Path) -> Path:
    """Copy (or ``git archive``) TAP-B's sources into ``folder`` and ``make serial``; the binary."""
    if (source / "src").is_dir():
        for part in ("Makefile", "src", "include"):
            (shutil.copytree if (source / part).is_dir() else shutil.copy)(source / part, folder / part)
    else:
        archive = subprocess.run(["git", f"--git-dir={source}", "archive", "HEAD", "Makefile", "src", "include"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run(["make", "serial"], cwd=folder, check=True, capture_output=True)
    return folder / "bin" / "tap"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], **kwargs) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), _cpu()
    output = subprocess.run(command, check=True, capture_output=True, text=True, **kwargs).stdout
    return time.perf_counter() - wall, _cpu() - cpu, output


def run_tapb(binary: Path, network: Network, gap: float, folder: Path) -> Run:
    parameters = folder / f"{network.name}_parameters.txt"
    parameters.write_text(f"<FILE PATH> \n<NETWORK FILE> {network.net}\n<TRIPS FILE> {network.trips}\n"
                          f"<CONVERGENCE GAP> {gap!r}\n<FLOWS FILE> {folder / 'flows.txt'}\n")
    wall, cpu, output = _timed([str(binary), str(parameters)], cwd=folder)
    iteration, final_gap, seconds = _TAPB_ITERATION.findall(output)[-1]
    return Run(wall, cpu, int(iteration), float(final_gap), float(seconds))


def run_dalan(network: Network, gap: float, cli: bool = False) -> Run:
    """One whole process: ``dalan tntp ... --algorithm b`` with ``cli``, else :func:`child` (no
    command-line layer)."""
    if cli:
        wall, cpu, output = _timed([sys.executable, "-c", _DALAN, "tntp", str(network.net), str(network.trips),
                                    "--algorithm", "b", "--gap", repr(gap), "--max-iterations", str(MAX_ITERATIONS)],
                                   env=dict(os.environ, COLUMNS="200"))
        found = _CLI_RESULT.search(output)
        if found is None:
            raise SystemExit(f"dalan tntp printed no result:\n{output}")
        return Run(wall, cpu, int(found[2]), float(found[1]), float(found[3]))
    wall, cpu, output = _timed([sys.executable, __file__, "--child", str(network.net), str(network.trips), repr(gap)])
    report = json.loads(output.splitlines()[-1])
    return Run(wall, cpu, report["iterations"], report["gap"], report["assign"])


def child(net: str, trips: str, gap: float) -> None:
    """One whole-process run of dalan's Algorithm B: print iterations, final gap, assign() seconds."""
    from dalan.assignment import assign, tntp

    network = tntp.read_net(net).to_assignment_network()
    result = assign(network, tntp.read_trips(trips, network.num_zones), algorithm="b", gap=gap,
                    max_iterations=MAX_ITERATIONS)
    print(json.dumps({"iterations": result.iterations, "gap": result.relative_gap, "assign": result.seconds}))


def in_process_seconds(network: Network, gap: float, repeats: int) -> float:
    """Least CPU time of dalan's ``assign()`` in this process, kernels already loaded."""
    from dalan.assignment import assign, tntp

    links = tntp.read_net(network.net).to_assignment_network()
    trips = tntp.read_trips(network.trips, links.num_zones)
    assign(links, trips, algorithm="b", gap=1e-2)
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        assign(links, trips, algorithm="b", gap=gap, max_iterations=MAX_ITERATIONS)
        best = min(best, time.process_time() - start)
    return best


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}" if theirs > 0 else "inf"  # rusage counts CPU in 1-4 ms ticks


def compare(binary: Path, networks: list[Network], gaps: list[float], repeats: int, folder: Path, cli: bool) -> None:
    print("| network | target gap | dalan B process wall, best / median (s) | CPU (s) | TAP-B process wall, best /"
          " median (s) | CPU (s) | ratio wall (best) | ratio CPU | dalan assign() CPU (s) | ratio to TAP-B"
          " process CPU | TAP-B own clock (s) | iterations dalan / TAP-B | final gap dalan / TAP-B |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for network in networks:
        run_dalan(network, 1e-2, cli)  # the numba cache is warm, the files are in the page cache
        for gap in gaps:
            ours, theirs = [], []
            for _ in range(repeats):
                ours.append(run_dalan(network, gap, cli))
                theirs.append(run_tapb(binary, network, gap, folder))
            walls = [min(r.wall for r in runs) for runs in (ours, theirs)]
            cpus = [statistics.median(r.cpu for r in runs) for runs in (ours, theirs)]
            medians = [statistics.median(r.wall for r in runs) for runs in (ours, theirs)]
            solve = in_process_seconds(network, gap, repeats)
            own = min(r.own_seconds for r in theirs)
            print(f"| {network.name} | {gap:.0e} | {walls[0]:.2f} / {medians[0]:.2f} | {cpus[0]:.2f} |"
                  f" {walls[1]:.2f} / {medians[1]:.2f} | {cpus[1]:.3f} | {_ratio(walls[0], walls[1])} |"
                  f" {_ratio(cpus[0], cpus[1])} | {solve:.3f} | {_ratio(solve, cpus[1])} | {own:.3f} |"
                  f" {ours[0].iterations} / {theirs[0].iterations} | {ours[0].gap:.1e} / {theirs[0].gap:.1e} |",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tapb-source", type=Path, default=os.environ.get("TAPB_SOURCE"))
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "data" / "tntp")
    parser.add_argument("--networks", nargs="+", default=["SiouxFalls", "Anaheim", "Barcelona", "Winnipeg"])
    parser.add_argument("--gaps", nargs="+", type=float, default=[1e-4, 1e-6, 1e-10])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cli", action="store_true", help="time dalan as the command `dalan tntp ... --algorithm b`")
    parser.add_argument("--child", nargs=3, metavar=("NET", "TRIPS", "GAP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], float(args.child[2]))
        return
    if args.tapb_source is None:
        parser.error("give --tapb-source (a checkout of https://github.com/spartalab/tap-b) or set TAPB_SOURCE")
    networks = [find_network(args.data, name) for name in args.networks]
    with tempfile.TemporaryDirectory(prefix="tapb-") as folder:
        binary = build_tapb(args.tapb_source.expanduser(), Path(folder))
        compare(binary, networks, args.gaps, args.repeats, Path(folder), args.cli)


if __name__ == "__main__":
    main()
