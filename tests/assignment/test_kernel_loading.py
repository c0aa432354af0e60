"""A `dalan tntp` run whose kernels come from numba's cache brings neither numba's compiler context
(see :mod:`dalan._kernels._cache`: no ``numba.np.arraymath`` and with it no ``scipy.linalg``, which
cost such a process about 0.25 s of CPU before any work) nor pydantic (Typer's value conversion, see
:mod:`dalan.cli.coercion`). No timings here (``benchmarks/assignment_vs_tapb.py --cli`` and
``benchmarks/tntp_startup.py`` measure them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dalan._kernels import _cache

DATA = Path(__file__).resolve().parents[1] / "data" / "tntp" / "SiouxFalls"
#: Modules that only numba's compiler context, or Typer's pydantic conversion, needs.
NOT_NEEDED = ("numba.np.arraymath", "numba.np.linalg", "scipy.linalg", "pydantic")

RUN = f"""
import json, sys
from typer.testing import CliRunner
from dalan.cli.app import app

for algorithm in ("b", "bfw"):
    args = ["tntp", {str(DATA / "SiouxFalls_net.tntp")!r}, {str(DATA / "SiouxFalls_trips.tntp")!r},
            "--algorithm", algorithm, "--gap", "1e-6", "--flows-out", sys.argv[1]]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and "converged" in result.output, result.output
loaded = sorted(sys.modules)
if "--warm-up" in sys.argv:
    sys.exit(0)

import numpy as np
from numba import njit


@njit
def fresh(a):  # compiled now, after lean loads: numba's compiler refreshes its context itself
    return np.sort(a)[-1] + a.sum() if a.any() else 0.0


assert fresh(np.array([1.0, 3.0, 2.0])) == 9.0
print(json.dumps(loaded))
"""


def _modules_of_a_run(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1])) if out else set()


@pytest.mark.skipif(not _cache.LEAN, reason="numba's internals changed (or no cache): kernels load as numba loads them")
def test_a_tntp_run_from_cached_kernels_imports_no_compiler_module_nor_pydantic(tmp_path):
    """...and a function compiled afterwards in the same process still compiles and runs."""
    flows = str(tmp_path / "flows.csv")
    _modules_of_a_run(flows, "--warm-up")  # compiles what the cache lacks
    loaded = _modules_of_a_run(flows)
    assert {"dalan._kernels.bush", "numba", "dalan.cli.tntp_cmd"} <= loaded
    assert not {m for m in loaded if m.startswith(NOT_NEEDED)}
    assert (tmp_path / "flows.csv").read_text().startswith("init_node,term_node,volume,cost")
