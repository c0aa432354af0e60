"""Small networks, demand and operating parameters for the simulation tests."""

from __future__ import annotations

import copy
import tomllib
from dataclasses import replace
from importlib import resources

from dalan.costing import Costing, TimeCost
from dalan.demand import Demand, DemandRow
from dalan.network import Link, Network, Place
from dalan.simulation import operations_from_dict

HOURS_PER_YEAR = 365 * 24


def default_ops_dict() -> dict:
    text = resources.files("dalan.data").joinpath("operations.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def ops_dict(*, huge: bool = False, cv_scale: float = 1.0, places: dict | None = None) -> dict:
    """The shipped parameters with one TEU per shipment; ``huge`` lifts every capacity limit."""
    data = copy.deepcopy(default_ops_dict())
    data["shipment_units"]["container"] = 1.0
    data["variability"]["cv_scale"] = cv_scale
    if huge:
        for table in data["facility"].values():
            table["per_day"] = 1e7
        data["places"] = {}
        data["rail"] |= {"single_track_trains_per_day": 1e12, "double_track_trains_per_day": 1e12}
        data["sailings"] = {key: 1e9 for key in data["sailings"]}
    if places is not None:
        data["places"] = places
    return data


def operations(**kwargs):
    return operations_from_dict(ops_dict(**kwargs), "test")


def without_loading(costing: Costing) -> Costing:
    """``costing`` with loading and unloading of containers taking 0 h, so that the only stop
    times are the ones under test and arrivals reach them as a Poisson process."""
    cargo = costing.cargo["container"]
    handling = dict(cargo.handling) | {"load": TimeCost(0.0, 0.0)}
    return replace(costing, cargo={"container": replace(cargo, handling=handling)})


def station_line(*, road_dwell_h: float | None = None, ferry_sailings_per_week: float | None = None) -> Network:
    """O —road— X —road— Z with a road border at X, or O —ferry— Z (one country, no clearance)."""
    o = Place("O", "Origin", "مبدا", "IR", 0.0, 0.0, ("city",))
    z = Place("Z", "Zulu", "زولو", "IR", 0.0, 2.0, ("city",))
    if ferry_sailings_per_week is not None:
        o = Place("O", "Origin", "مبدا", "IR", 0.0, 0.0, ("ferry_terminal",))
        z = Place("Z", "Zulu", "زولو", "IR", 0.0, 2.0, ("ferry_terminal",))
        ferry = Link("F1", "O", "Z", "ferry", 100.0, transit_time_h=5.0, sailings_per_week=ferry_sailings_per_week)
        return Network((o, z), (ferry,), "ferry-line")
    x = Place("X", "Xray Border", "مرز", "IR", 0.0, 1.0, ("border_crossing",), road_border_dwell_h=road_dwell_h)
    links = (Link("R1", "O", "X", "road", 40.0, speed_kmh=40.0), Link("R2", "X", "Z", "road", 40.0, speed_kmh=40.0))
    return Network((o, x, z), links, "border-line")


def one_flow(origin: str, destination: str, per_hour: float) -> Demand:
    """Demand of ``per_hour`` one-TEU shipments an hour."""
    return Demand((DemandRow(origin, destination, "container", per_hour * HOURS_PER_YEAR),))
