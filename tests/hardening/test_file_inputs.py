"""Costing TOML, network files, demand and OD CSV, TNTP trips: non-finite, out-of-range or
truncated input is an InputError naming the file, record, field and value."""

from __future__ import annotations

import copy
import math
from dataclasses import replace

import pytest
from dalan_tiny import tiny_costing_dict

from dalan.assignment import tntp
from dalan.costing import costing_from_dict
from dalan.costing.parameters import truck_elapsed_h
from dalan.demand import read_demand
from dalan.errors import InputError
from dalan.network.io import load_embedded_network
from dalan.network.validation import validate


def costing_with(path: tuple[str, ...], value):
    data = copy.deepcopy(tiny_costing_dict())
    table = data
    for key in path[:-1]:
        table = table.setdefault(key, {})
    table[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("general", "carbon_price_usd_per_t"), math.nan),  # NaN passed `value < 0` before
        (("general", "carbon_price_usd_per_t"), -1.0),
        (("general", "border_dwell_factor"), 0.0),
        (("general", "voyage_border_h"), math.inf),
        (("speed_kmh", "road"), math.inf),
        (("speed_kmh", "road"), 0.0),
        (("default_sailings_per_week", "ferry"), math.nan),
        (("cargo", "container", "value_of_time_usd_per_h"), -math.inf),
        (("cargo", "container", "rate_usd_per_km", "rail"), math.nan),
        (("cargo", "container", "handling", "port", "time_h"), -4.0),
        (("cargo", "container", "border", "rail_fee_usd"), math.inf),
        (("driving_rules", "daily_driving_h"), 0.0),  # truck_elapsed_h never ended before
        (("driving_rules", "fortnight_driving_h"), 0.0),
        (("driving_rules", "extended_days_per_week"), 1.5),
    ],
)
def test_costing_refuses_non_finite_and_out_of_range_numbers(path, value):
    with pytest.raises(InputError) as error:
        costing_from_dict(costing_with(path, value), "c.toml")
    problem = error.value.problems[0]
    assert problem.file == "c.toml" and problem.field == path[-1]


@pytest.mark.parametrize(
    "data",
    [
        {"cargo": {"container": 5}},
        {"parameters": "x"},
        {"driving_rules": 3},
        {"general": [1, 2]},
        {"groups": {"railway": 5}},
        {"groups": {"railway": {}, "road": {}, "railway_service": {"KZ": "KZ_TRANSIT"}}},
    ],
)
def test_costing_with_wrong_shapes_is_an_input_error(data):
    merged = tiny_costing_dict() | data
    with pytest.raises(InputError):
        costing_from_dict(merged, "c.toml")


def test_default_costing_driving_rules_still_end():
    costing = costing_from_dict(tiny_costing_dict(), "c.toml")
    assert truck_elapsed_h(100.0, costing.driving) > 100.0


def test_network_validation_refuses_what_routing_cannot_use():
    """A network that `network validate` calls valid must route: before, NaN, a negative dwell
    and an operational ferry with 0 sailings were all 'valid'."""
    network = load_embedded_network()
    ferry = next(ln for ln in network.links if ln.mode == "ferry" and ln.status == "operational")
    border = next(p for p in network.places if p.is_border and p.rail_border_dwell_h is not None)
    bad = network.with_changes(
        places=[replace(border, rail_border_dwell_h=-3.0, border_fee_usd=math.nan)],
        links=[replace(ferry, sailings_per_week=0.0, speed_kmh=math.inf)],
    )
    found = {(p.record, p.field) for p in validate(bad)}
    assert {
        (f"place {border.id}", "rail_border_dwell_h"),
        (f"place {border.id}", "border_fee_usd"),
        (f"link {ferry.id}", "sailings_per_week"),
        (f"link {ferry.id}", "speed_kmh"),
    } <= found
    assert validate(network) == []


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("quantity", "message"),
    [("0", "zero quantity"), ("inf", "not a finite number"), ("nan", "not a finite number"), ("1e15", "units per year"), ("-5", "negative")],
)
def test_demand_quantities_must_be_finite_positive_and_bounded(tmp_path, network, quantity, message):
    path = write(tmp_path, "d.csv", f"# demand\norigin,destination,class,quantity_per_year\nBaku,Tehran,container,{quantity}\n")
    with pytest.raises(InputError) as error:
        read_demand(path, network)
    problem = error.value.problems[0]
    assert (problem.record, problem.field, problem.file) == ("line 3", "quantity_per_year", str(path))
    assert message in problem.message


@pytest.mark.parametrize("text", ["origin,destination,class,quantity_per_year\nBaku,Tehran,container,5,extra\n",
                                  "origin,destination,class,quantity_per_year\n\"Baku,Tehran,container,5\n"])
def test_demand_rows_that_are_not_csv_rows_are_refused(tmp_path, network, text):
    with pytest.raises(InputError, match="line 2"):
        read_demand(write(tmp_path, "d.csv", text), network)


TRIPS = """<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 30.5
<END OF METADATA>

Origin 1
    1 :   0.0;  2 : 10.0;
Origin 2
2:0; 1 :20.5;
"""


def test_truncated_trips_file_is_an_error(tmp_path):
    """Before: a file cut after 'Origin 1' was solved as if it were the whole demand."""
    truncated = TRIPS.split("Origin 2")[0]
    with pytest.raises(InputError) as error:
        tntp.read_trips(write(tmp_path, "t_trips.tntp", truncated))
    assert error.value.problems[0].field == "<TOTAL OD FLOW>" and "10" in error.value.problems[0].message


def test_trips_zone_count_must_match_the_network(tmp_path):
    with pytest.raises(InputError) as error:
        tntp.read_trips(write(tmp_path, "t_trips.tntp", TRIPS), num_zones=3)
    assert error.value.problems[0].field == "<NUMBER OF ZONES>"
    assert tntp.read_trips(write(tmp_path, "ok_trips.tntp", TRIPS), num_zones=2).sum() == pytest.approx(30.5)
