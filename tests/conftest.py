"""Tiny hand-built networks and costing with hand-solved answers (see tests/routing)."""

from __future__ import annotations

import os

import pytest
from browser_support import CHROMIUM, CHROMIUM_FLAGS
from dalan_tiny import tiny_costing_dict, tiny_links, tiny_places
from hypothesis import settings

from dalan.costing import costing_from_dict, load_costing
from dalan.network import Network
from dalan.network.io import load_embedded_network

# In CI (CI=true) property tests draw the same examples every run, so a landing never depends on
# luck; locally they explore new ones each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Routes answer "as of today" (dalan.network.history). Tests must not depend on the calendar: "today"
# is fixed before the first dated event, so undated tests route on the network as drawn; the dated
# tests (tests/network/test_history.py, tests/routing/test_dated_routes.py) pass explicit dates.
os.environ["DALAN_TODAY"] = "2022-01-01"


#: Test files that take minutes: collected first, so that under ``make test`` (pytest-xdist, a file
#: per worker at a time) each worker starts on one of them and the rest fill in after.
SLOW_FIRST = ("tests/validation/test_calibrate.py", "tests/validation/test_calibrate_machinery.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(SLOW_FIRST))  # stable: the rest keep their order


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for the whole session (a second sync Playwright
    cannot start while one runs); never downloads a browser."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: install it with 'apt-get install -y chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def network() -> Network:
    """The embedded corridor network (immutable, shared; tests/network has its own)."""
    return load_embedded_network()


@pytest.fixture(scope="session")
def costing():
    """The embedded costing defaults (immutable, shared)."""
    return load_costing()


@pytest.fixture
def tiny_costing():
    return costing_from_dict(tiny_costing_dict(), "tiny")



@pytest.fixture
def tiny_network() -> Network:
    """A —rail 1435— B (border, gauge change) —rail 1520— C —ferry— D —road— E ‥planned rail‥ F."""
    return Network(tuple(tiny_places()), tuple(tiny_links()), "tiny")


@pytest.fixture
def tiny_network_with_road() -> Network:
    """The tiny network plus a 2,000 km road A–E: faster, but dearer and dirtier, than rail + ferry."""
    return Network(tuple(tiny_places()), tuple(tiny_links(road_km=2000.0)), "tiny+road")
