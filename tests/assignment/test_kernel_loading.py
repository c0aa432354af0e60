"""Kernels loaded from numba's cache do not bring numba's compiler context along (see
:mod:`dalan._kernels._cache`): no ``numba.np.arraymath`` and with it no ``scipy.linalg``, which cost a
`dalan tntp` process about 0.25 s of CPU before any work. No timings here
(``benchmarks/assignment_vs_tapb.py`` measures them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dalan._kernels import _cache

DATA = Path(__file__).resolve().parents[1] / "data" / "tntp" / "SiouxFalls"
#: Modules only numba's compiler context needs.
COMPILER_ONLY = ("numba.np.arraymath", "numba.np.linalg", "scipy.linalg")

RUN = f"""
import json, sys
from dalan.assignment import assign, tntp
network = tntp.read_net({str(DATA / "SiouxFalls_net.tntp")!r}).to_assignment_network()
trips = tntp.read_trips({str(DATA / "SiouxFalls_trips.tntp")!r}, network.num_zones)
for algorithm in ("b", "bfw"):
    result = assign(network, trips, algorithm=algorithm, gap=1e-6)
    assert result.converged, result
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
def test_an_assignment_from_cached_kernels_imports_no_compiler_module():
    """...and a function compiled afterwards in the same process still compiles and runs."""
    _modules_of_a_run("--warm-up")  # compiles what the cache lacks
    loaded = _modules_of_a_run()
    assert "dalan._kernels.bush" in loaded and "numba" in loaded
    assert not {m for m in loaded if m.startswith(COMPILER_ONLY)}

