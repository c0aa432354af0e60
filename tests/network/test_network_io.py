"""GeoJSON round trips, read errors reported all at once, and the embedded network."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from dalan.errors import InputError
from dalan.network import (
    load_embedded_network,
    network_from_geojson,
    network_to_geojson,
    read_geojson,
    write_geojson,
)


def test_round_trip_of_a_hand_built_network_with_geometry(network, tmp_path):
    curved = replace(
        network.link("L3"), geometry=((51.0, 37.0), (50.6, 37.3), (50.0, 37.0))
    )
    original = network.with_changes(links=[curved])
    path = tmp_path / "small.geojson"
    write_geojson(original, path)
    back = read_geojson(path)
    assert back == original
    assert back.link("L3").geometry == curved.geometry
    assert back.link("L1").geometry is None


def test_links_without_geometry_are_written_as_straight_lines(network):
    data = network_to_geojson(network)
    assert (
        data["type"] == "FeatureCollection"
        and data["dalan_schema"] == 1
        and data["name"] == "small"
    )
    link = next(
        f
        for f in data["features"]
        if f["properties"]["feature_type"] == "link" and f["properties"]["id"] == "L1"
    )
    a, g = network.place("IR_A"), network.place("IR_G")
    assert link["geometry"] == {
        "type": "LineString",
        "coordinates": [[a.lon, a.lat], [g.lon, g.lat]],
    }
    place = next(f for f in data["features"] if f["properties"]["id"] == "IR_G")
    assert place["geometry"]["coordinates"] == [g.lon, g.lat]
    assert place["properties"]["gauges_mm"] == [1435, 1520]


def test_round_trip_of_the_embedded_network(tmp_path):
    embedded = load_embedded_network()
    path = tmp_path / "copy.geojson"
    write_geojson(embedded, path)
    assert read_geojson(path) == embedded
    assert (
        network_from_geojson(json.loads(json.dumps(network_to_geojson(embedded))), "x")
        == embedded
    )


def test_embedded_network_is_cached():
    """Read once, then the same object (its load time is not asserted: machines here are noisy,
    a loaded CI worker took 1.2 s for a 0.06-s read)."""
    load_embedded_network.cache_clear()
    first = load_embedded_network()
    assert load_embedded_network() is first


def test_non_json_file_is_one_clear_line(tmp_path):
    path = tmp_path / "routes.txt"
    path.write_text("Tehran -> Moscow\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_geojson(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        "routes.txt is not JSON (line 1, column 1): expected a GeoJSON FeatureCollection"
    )


@pytest.mark.parametrize("document", ['{"type": "Feature"}', "[1, 2]"])
def test_json_that_is_not_a_feature_collection_is_one_clear_line(tmp_path, document):
    path = tmp_path / "thing.json"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_geojson(path)
    assert "\n" not in str(caught.value)
    assert "thing.json is JSON but not a GeoJSON FeatureCollection" in str(caught.value)


def test_missing_file_is_one_clear_line(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_geojson(tmp_path / "absent.geojson")


def _feature(data, feature_id):
    return next(f for f in data["features"] if f["properties"].get("id") == feature_id)


def test_every_read_problem_is_reported_at_once(network, tmp_path):
    data = copy.deepcopy(network_to_geojson(network))
    del _feature(data, "IR_A")["properties"]["name_fa"]  # missing field
    _feature(data, "AZ_B")["properties"]["gauges_mm"] = "1520"  # wrong type
    _feature(data, "L3")["properties"]["length_km"] = "120 km"  # non-numeric number
    _feature(data, "L4")["properties"]["lenght_km"] = 5  # misspelt field
    _feature(data, "KZ_P")["geometry"] = {"type": "Point", "coordinates": ["x", 43]}
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_geojson(path)
    found = {(p.record, p.field) for p in caught.value.problems}
    index = {f["properties"]["id"]: i for i, f in enumerate(data["features"])}
    expected = {
        (f"feature {index['IR_A']} (id 'IR_A')", "name_fa"),
        (f"feature {index['AZ_B']} (id 'AZ_B')", "gauges_mm"),
        (f"feature {index['L3']} (id 'L3')", "length_km"),
        (f"feature {index['L4']} (id 'L4')", "lenght_km"),
        (f"feature {index['KZ_P']} (id 'KZ_P')", "geometry.coordinates"),
    }
    assert found == expected
    problems = {p.field: p for p in caught.value.problems}
    assert all(p.file == "bad.geojson" and p.hint for p in caught.value.problems)
    assert problems["length_km"].value == "120 km"
    assert "length_km" in problems["lenght_km"].hint


def test_duplicate_ids_are_refused_when_reading(network):
    data = network_to_geojson(network)
    data["features"].append(copy.deepcopy(_feature(data, "L2")))
    with pytest.raises(InputError) as caught:
        network_from_geojson(data, "dup.geojson")
    assert [(p.record, p.field) for p in caught.value.problems] == [("link L2", "id")]


def test_unknown_feature_type_is_reported(network):
    data = network_to_geojson(network)
    data["features"][0]["properties"]["feature_type"] = "station"
    with pytest.raises(InputError) as caught:
        network_from_geojson(data, "x.geojson")
    assert [p.field for p in caught.value.problems] == ["feature_type"]
