"""Session fixtures: the TNTP standard networks with their best-known equilibrium flows."""

from __future__ import annotations

import pytest
from assignment_helpers import TntpCase, load_case


@pytest.fixture(scope="session")
def sioux_falls() -> TntpCase:
    return load_case("SiouxFalls")


@pytest.fixture(scope="session")
def anaheim() -> TntpCase:
    return load_case("Anaheim")
