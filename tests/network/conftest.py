"""Small hand-built networks for the network tests, and the paths of the test data."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from dalan.network import Link, Network, Place

TESTS = Path(__file__).resolve().parents[1]
REFERENCE = TESTS / "data" / "reference"
BUILD_SCRIPT = TESTS.parent / "scripts" / "build_network.py"


def small_network() -> Network:
    """A valid network with one of everything: a gauge-change border, road, ferry and sea links.

    Lengths are generous multiples of the straight-line distances (about 1.1 km per 0.01°).
    """
    places = (
        Place(
            "IR_A",
            "Alpha city",
            "آلفا",
            "IR",
            35.0,
            51.0,
            ("city",),
            gauges_mm=(1435,),
            aliases=("Alpha",),
        ),
        Place(
            "IR_G",
            "Gamma border station",
            "گاما",
            "IR",
            36.0,
            51.0,
            ("border_crossing", "gauge_change"),
            gauges_mm=(1435, 1520),
            rail_border_dwell_h=24.0,
            rail_border_dwell_low_h=12.0,
            rail_border_dwell_high_h=48.0,
            gauge_change_methods=("transshipment",),
        ),
        Place(
            "AZ_B",
            "Beta",
            "بتا",
            "AZ",
            37.0,
            51.0,
            ("city", "rail_terminal"),
            gauges_mm=(1520,),
        ),
        Place(
            "AZ_P",
            "Beta port",
            "بندر بتا",
            "AZ",
            37.0,
            50.0,
            ("port", "ferry_terminal"),
            gauges_mm=(1520,),
        ),
        Place(
            "KZ_P",
            "Kappa port",
            "بندر کاپا",
            "KZ",
            43.0,
            51.0,
            ("port", "ferry_terminal"),
            gauges_mm=(1520,),
        ),
    )
    links = (
        Link("L1", "IR_A", "IR_G", "rail", 130.0, gauges_mm=(1435,), speed_kmh=22.0),
        Link(
            "L2",
            "IR_G",
            "AZ_B",
            "rail",
            130.0,
            gauges_mm=(1520,),
            speed_kmh=30.0,
            tracks="single",
        ),
        Link("L3", "AZ_B", "AZ_P", "road", 120.0, speed_kmh=40.0),
        Link(
            "L4",
            "AZ_P",
            "KZ_P",
            "ferry",
            800.0,
            gauges_mm=(1520,),
            transit_time_h=30.0,
            sailings_per_week=2.0,
        ),
        Link(
            "L5",
            "AZ_P",
            "KZ_P",
            "sea",
            820.0,
            speed_kmh=18.5,
            status="planned",
            year=2030,
        ),
    )
    return Network(places, links, "small")


@pytest.fixture
def network() -> Network:
    return small_network()


@pytest.fixture(scope="session")
def build_script() -> ModuleType:
    """scripts/build_network.py loaded as a module."""
    spec = importlib.util.spec_from_file_location("build_network", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
