"""Calibration's inner loop: the expanded graphs against full compiles, on the shipped file.

    python benchmarks/calibrate_evaluation.py [--repeat 5]

Routes every runnable row of the shipped observations file once (the fixed routes of a fit), then
times one evaluation of all rows' figures at a random parameter vector two ways: with the graphs
expanded once (``Evaluator(mode="linear")``, what ``dalan calibrate`` uses: affine in each
parameter or its reciprocal, with product terms where two parameters multiply) and with every
graph compiled afresh (``mode="compile"``, the peer: the costing applied from scratch). Checks
that both give the same figures, and prints the one-off expansion time, the medians and the
ratio. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from dalan.costing import load_costing
from dalan.validation import read_queries
from dalan.validation.calibrate import Evaluator, Scenarios, plan_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="evaluations timed per way")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    costing = load_costing()
    names = [p.name for p in costing.free_parameters()]
    scenarios = Scenarios()
    plans, _ = plan_rows(read_queries(), costing, scenarios)
    linear = Evaluator(costing, names, scenarios)
    compiled = Evaluator(costing, names, scenarios, mode="compile")
    rng = np.random.default_rng(args.seed)
    points = [np.exp(rng.uniform(np.log(np.maximum(linear.low, 1e-3)), np.log(linear.high))) for _ in range(args.repeat)]

    start = time.perf_counter()
    linear.values(plans, points[0])
    expand_s = time.perf_counter() - start
    expansion_compiles = linear.compiles
    expansions = linear.expansions()
    fallback = sum(lin is None for lin in expansions.values())

    def timed(evaluator: Evaluator) -> tuple[float, list[np.ndarray]]:
        times, values = [], []
        for x in points:
            start = time.perf_counter()
            values.append(evaluator.values(plans, x))
            times.append(time.perf_counter() - start)
        return 1000 * statistics.median(times), values

    linear_ms, linear_values = timed(linear)
    compiled_ms, compiled_values = timed(compiled)
    worst = max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-9))) for a, b in zip(linear_values, compiled_values, strict=True))
    print(f"{len(plans)} rows on {len(expansions)} graphs ({fallback} recompiled at every evaluation)")
    print(f"expansion, once per process: {expand_s:.1f} s ({expansion_compiles} compiles)")
    print(f"one evaluation, expanded graphs: {linear_ms:.1f} ms (median of {args.repeat})")
    print(f"one evaluation, full compiles (peer): {compiled_ms:.1f} ms")
    print(f"ratio (peer / dalan): {compiled_ms / linear_ms:.0f}x; largest relative difference {worst:.1e}")


if __name__ == "__main__":
    main()
