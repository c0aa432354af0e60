"""The curated top-level API resolves lazily and works end to end."""

from __future__ import annotations

import subprocess
import sys

import dalan


def test_every_name_resolves():
    for name in dalan.__all__:
        assert getattr(dalan, name) is not None


def test_import_is_light():
    code = "import sys, dalan; print(any(m.startswith(('numba', 'scipy', 'pandas')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_route_through_the_top_level():
    it = dalan.route(dalan.load_network(), "Moscow", "Bandar Abbas", modes=["rail"])
    assert it.destination_id == "IR_BND" and it.time_h > 0
