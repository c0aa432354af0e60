"""Fuzz every input kind at scale: 10,000 hypothesis cases per kind (the suite runs ~60).

Reuses the strategies and checks of the suite's fuzz tests (``tests/property/test_fuzz_inputs.py``
and the hypothesis tests of ``tests/hardening/``): each test's own body runs on each generated
case, under its own time limit. Unlike the suite, a failing case does not stop the run: every
case runs and the failures are counted by kind and by distinct place in the code.

Counted per input kind: tracebacks (an exception that is not a DalanError naming the input),
hangs (the test's time limit fired), wrong answers (an assertion of the test failed) and partial
files (anything left in the case's working folder besides its input, e.g. a ``*.tmp`` of a
writer that did not finish). 0 of each is expected.

    PYTHONPATH=src python benchmarks/fuzz_inputs.py                 # 10,000 cases per kind
    PYTHONPATH=src python benchmarks/fuzz_inputs.py --cases 500 --kinds scenario_toml demand_csv
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_FOLDERS = (ROOT / "tests", ROOT / "tests" / "property", ROOT / "tests" / "hardening")

#: input kind -> (test module, test function): the suite's hypothesis tests, reused as they are.
KINDS = {
    "scenario_toml": ("test_fuzz_inputs", "test_scenario_toml_loads_and_routes_or_raises_a_dalan_error"),
    "costing_toml": ("test_fuzz_inputs", "test_costing_loads_and_routes_or_raises_a_dalan_error"),
    "demand_csv": ("test_fuzz_inputs", "test_demand_csv_loads_or_raises_a_dalan_error"),
    "network_geojson": ("test_fuzz_inputs", "test_network_geojson_loads_validates_and_routes_or_raises_a_dalan_error"),
    "logit_costs": ("test_engines_and_outputs", "test_logit_shares_are_probabilities_for_any_finite_costs"),
}


@dataclass
class Tally:
    """What one input kind's run found."""

    cases: int = 0
    tracebacks: int = 0
    hangs: int = 0
    wrong: int = 0
    partial_files: int = 0
    seconds: float = 0.0
    places: Counter = field(default_factory=Counter)

    @property
    def failures(self) -> int:
        return self.tracebacks + self.hangs + self.wrong + self.partial_files


class _TmpPathFactory:
    """Stands in for pytest's ``tmp_path_factory`` fixture."""

    def __init__(self, base: Path):
        self.base = base

    def mktemp(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=name, dir=self.base))


def _where(error: BaseException) -> str:
    """The innermost frame of ``error`` inside dalan (else the last one): ``file:line``."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/dalan/" in f.filename] or frames
    last = ours[-1] if ours else None
    return f"{type(error).__name__} at {Path(last.filename).name}:{last.lineno}" if last else type(error).__name__


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def run_kind(name: str, cases: int, seed: int) -> Tally:
    """Run ``cases`` generated cases of the input kind ``name``."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed

    module_name, test_name = KINDS[name]
    test = getattr(importlib.import_module(module_name), test_name)
    inner: Callable = test.hypothesis.inner_test
    strategies = dict(test.hypothesis._given_kwargs)  # the strategies the suite's @given uses
    tally = Tally()

    with tempfile.TemporaryDirectory(prefix=f"dalan-fuzz-{name}-") as root:
        base = Path(root)
        fixtures = {"tmp_path_factory": _TmpPathFactory(base)}

        def one_case(**drawn: object) -> None:
            tally.cases += 1
            folder = Path(tempfile.mkdtemp(prefix="case", dir=base))
            arguments = {k: v for k, v in fixtures.items() if k in inner.__code__.co_varnames} | drawn
            try:
                with _inside(folder):
                    inner(**arguments)
            except TimeoutError as error:
                tally.hangs += 1
                tally.places[f"hang: {error}"] += 1
            except AssertionError as error:
                tally.wrong += 1
                tally.places[f"wrong: {_where(error)}: {str(error)[:80]}"] += 1
            except Exception as error:  # noqa: BLE001 — counting them is the point
                tally.tracebacks += 1
                tally.places[f"traceback: {_where(error)}"] += 1
            left = list(folder.iterdir())
            if left:
                tally.partial_files += 1
                tally.places[f"partial file: {left[0].name}"] += 1

        run = given(**strategies)(one_case)
        run = settings(
            max_examples=cases, deadline=None, database=None, derandomize=False,
            phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
        )(run)  # fmt: skip
        run = fix_seed(seed)(run)
        started = time.perf_counter()
        run()
        tally.seconds = time.perf_counter() - started
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per input kind (default 10,000)")
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=list(KINDS), help="input kinds to fuzz")
    parser.add_argument("--seed", type=int, default=20260301, help="hypothesis seed (same seed, same cases)")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    sys.path[:0] = [str(folder) for folder in TEST_FOLDERS]
    print(f"{'input kind':<18}{'cases':>8}{'tracebacks':>12}{'hangs':>7}{'wrong':>7}{'partial':>9}{'s':>8}")
    found = 0
    for name in args.kinds:
        tally = run_kind(name, args.cases, args.seed)
        found += tally.failures
        print(
            f"{name:<18}{tally.cases:>8}{tally.tracebacks:>12}{tally.hangs:>7}{tally.wrong:>7}"
            f"{tally.partial_files:>9}{tally.seconds:>8.1f}",
            flush=True,
        )
        for place, count in tally.places.most_common(10):
            print(f"    {count:>6} × {place}")
    print("no traceback, hang, wrong answer or partial file" if found == 0 else f"{found} failing cases")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
