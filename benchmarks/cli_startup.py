"""CLI start-up: whole-process wall time of ``dalan --help`` and ``dalan route Warsaw Tehran``,
side by side with a bare ``python -c pass`` (the interpreter's own floor).

    python benchmarks/cli_startup.py [--runs 10] [--baseline-src OLD/src]

Each command runs ``--runs`` times in a fresh interpreter (after one untimed warm-up run that
writes the bytecode caches), interleaved so that background load hits every command alike;
prints the wall time (min, median, the median's ratio to ``python -c pass``), the median CPU time
(user + system, all threads of the process) and the issue-14 target.
``--baseline-src`` also times the same commands with another source tree first on the path
(e.g. ``git archive <commit> src | tar -x -C /tmp/old``), for before/after in one run.
Not part of ``make test``: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

CLI = "import sys; from dalan.cli.app import main; sys.argv[0] = 'dalan'; main()"
COMMANDS: tuple[tuple[str, list[str], float | None], ...] = (
    ("python -c pass", ["-c", "pass"], None),
    ("dalan --help", ["-c", CLI, "--help"], 0.3),
    ("dalan route Warsaw Tehran", ["-c", CLI, "route", "Warsaw", "Tehran"], 0.6),
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run in a fresh interpreter."""
    wall, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - wall, _cpu() - cpu


def _env(src: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline-src", help="another source tree to time first on the path (before/after)")
    args = parser.parse_args()
    trees = {"this tree": _env(None)} | ({"baseline": _env(args.baseline_src)} if args.baseline_src else {})
    jobs = [(tree, label, argv) for tree in trees for label, argv, _ in COMMANDS]
    for tree, _, argv in jobs:  # warm-up: bytecode caches, file-system cache
        _run(argv, trees[tree])
    times: dict[tuple[str, str], list[tuple[float, float]]] = {(tree, label): [] for tree, label, _ in jobs}
    for _ in range(args.runs):
        for tree, label, argv in jobs:
            times[tree, label].append(_run(argv, trees[tree]))
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.runs} runs each, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'tree':<11}{'command':<28}{'min s':>8}{'median s':>10}{'× pass':>8}{'CPU s':>8}{'target s':>10}")
    for tree in trees:
        floor = statistics.median(wall for wall, _ in times[tree, COMMANDS[0][0]])
        for label, _, target in COMMANDS:
            walls = [wall for wall, _ in times[tree, label]]
            median, cpu = statistics.median(walls), statistics.median(cpu for _, cpu in times[tree, label])
            goal = f"{target:.1f}" if target is not None else ""
            print(f"{tree:<11}{label:<28}{min(walls):>8.3f}{median:>10.3f}{median / floor:>8.1f}{cpu:>8.3f}{goal:>10}")


if __name__ == "__main__":
    main()
