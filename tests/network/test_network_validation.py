"""One test per validation rule: a valid network, broken in one place, must report exactly that."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dalan.errors import InputError
from dalan.network import Network, check, validate, validate_records
from dalan.network.geo import haversine_km


def problems_of(network: Network, **changes) -> list[tuple[str, str]]:
    """(record, field) of every problem after replacing places/links given as id=changes."""
    places = [
        replace(p, **changes[p.id]) if p.id in changes else p for p in network.places
    ]
    links = [
        replace(ln, **changes[ln.id]) if ln.id in changes else ln
        for ln in network.links
    ]
    return [(p.record, p.field) for p in validate_records(places, links)]


def test_the_base_network_is_valid(network):
    assert validate(network) == []
    assert check(network) is network


def test_dangling_place_id(network):
    assert problems_of(network, L3={"to_id": "NOWHERE"}) == [("link L3", "to_id")]


def test_duplicate_place_and_link_ids(network):
    places = [*network.places, network.places[0]]
    links = [*network.links, replace(network.links[2], speed_kmh=50.0)]
    found = [(p.record, p.field, p.value) for p in validate_records(places, links)]
    assert found == [("place IR_A", "id", "IR_A"), ("link L3", "id", "L3")]


@pytest.mark.parametrize(
    ("field", "value"), [("lat", 91.0), ("lat", -90.5), ("lon", 180.1), ("lon", -200.0)]
)
def test_coordinates_out_of_range(network, field, value):
    # Moving a place that far also makes its links shorter than the great circle: accept that one too.
    found = problems_of(network, AZ_B={field: value})
    assert ("place AZ_B", field) in found
    assert set(found) <= {
        ("place AZ_B", field),
        ("link L2", "length_km"),
        ("link L3", "length_km"),
    }


@pytest.mark.parametrize(
    ("record_id", "field", "value", "record"),
    [
        ("L3", "mode", "truck", "link L3"),
        ("L3", "status", "open", "link L3"),
        ("AZ_B", "kinds", ("city", "station"), "place AZ_B"),
        ("IR_G", "gauge_change_methods", ("transshipment", "bogie-swap"), "place IR_G"),
    ],
)
def test_unknown_vocabulary(network, record_id, field, value, record):
    problems = validate_records(*_changed(network, record_id, field, value))
    assert [(p.record, p.field) for p in problems] == [(record, field)]
    assert "use one of" in problems[0].hint


def _changed(network, record_id, field, value):
    places = [
        replace(p, **{field: value}) if p.id == record_id else p for p in network.places
    ]
    links = [
        replace(ln, **{field: value}) if ln.id == record_id else ln
        for ln in network.links
    ]
    return places, links


def test_rail_link_without_gauge(network):
    assert problems_of(network, L2={"gauges_mm": ()}) == [
        ("link L2", "gauges_mm"),
        ("place IR_G", "kinds"),
    ]


@pytest.mark.parametrize(
    ("field", "value"), [("length_km", 0.0), ("length_km", -5.0), ("speed_kmh", 0.0)]
)
def test_non_positive_length_or_speed(network, field, value):
    found = problems_of(network, L3={field: value})
    assert ("link L3", field) in found
    assert set(found) <= {
        ("link L3", field),
        ("link L3", "length_km"),
    }  # a zero length is also too short


def test_link_shorter_than_great_circle(network):
    a, b = network.place("AZ_B"), network.place("AZ_P")
    great_circle = float(haversine_km(a.lat, a.lon, b.lat, b.lon))
    assert (
        problems_of(network, L3={"length_km": great_circle * 0.995}) == []
    )  # within the 1 % slack
    problems = validate_records(
        *_changed(network, "L3", "length_km", great_circle * 0.95)
    )
    assert [(p.record, p.field) for p in problems] == [("link L3", "length_km")]
    assert f"{great_circle:.1f} km" in problems[0].message


def test_border_crossing_without_dwell(network):
    assert problems_of(network, IR_G={"rail_border_dwell_h": None}) == [
        ("place IR_G", "rail_border_dwell_h")
    ]
    assert (
        problems_of(
            network, IR_G={"rail_border_dwell_h": None, "road_border_dwell_h": 5.0}
        )
        == []
    )


def test_gauge_change_place_with_one_gauge(network):
    assert problems_of(network, L2={"gauges_mm": (1435,)}) == [("place IR_G", "kinds")]
    # methods alone make a gauge-change place too
    assert problems_of(network, AZ_B={"gauge_change_methods": ("transshipment",)}) == [
        ("place AZ_B", "kinds")
    ]


@pytest.mark.parametrize("link_id", ["L4", "L5"])
def test_ferry_or_sea_link_with_neither_speed_nor_transit_time(network, link_id):
    found = problems_of(
        network, **{link_id: {"speed_kmh": None, "transit_time_h": None}}
    )
    assert found == [(f"link {link_id}", "speed_kmh")]


def test_every_problem_reported_at_once(network):
    changes = {
        "L1": {"to_id": "NOWHERE"},
        "L3": {"mode": "truck", "length_km": -1.0},
        "L5": {"speed_kmh": None},
        "AZ_B": {"lat": 95.0},
        "IR_G": {"rail_border_dwell_h": None},
    }
    found = set(problems_of(network, **changes))
    expected = {
        ("link L1", "to_id"),
        ("link L3", "mode"),
        ("link L3", "length_km"),
        ("link L5", "speed_kmh"),
        ("place AZ_B", "lat"),
        ("place IR_G", "rail_border_dwell_h"),
        ("place IR_G", "kinds"),
    }
    assert expected <= found
    broken = Network(
        [replace(p, **changes[p.id]) if p.id in changes else p for p in network.places],
        [
            replace(ln, **changes[ln.id]) if ln.id in changes else ln
            for ln in network.links
        ],
    )
    with pytest.raises(InputError) as caught:
        check(broken, file="broken.geojson")
    assert len(caught.value.problems) == len(validate(broken))
    assert all(p.file == "broken.geojson" and p.hint for p in caught.value.problems)
