"""Fuzzing the input readers: valid, near-valid and hostile scenario TOML, costing TOML, demand CSV
and network GeoJSON. Each either loads (and then works) or raises a DalanError naming the input —
never another exception — and each case finishes within a time limit."""

from __future__ import annotations

import json
import math
import signal
from contextlib import contextmanager

import pytest
from dalan_tiny import tiny_costing_dict, tiny_links, tiny_places
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dalan.costing import costing_from_dict
from dalan.demand import demand_from_records, read_demand
from dalan.errors import DalanError
from dalan.network.io import (
    load_embedded_network,
    network_from_geojson,
    network_to_geojson,
)
from dalan.network.model import Network
from dalan.routing import route
from dalan.scenarios.registry import apply_spec
from dalan.scenarios.spec import parse_spec

SECONDS = 10
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def time_limit(seconds: int = SECONDS):
    """Fail (instead of hanging) when the block runs longer than ``seconds``."""

    def expired(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def only_dalan_errors(action, *names):
    """Run ``action``; a DalanError must name one of ``names`` (the input's file name)."""
    with time_limit():
        try:
            return action()
        except DalanError as error:
            assert any(name in str(error) for name in names), str(error)
            return None


HOSTILE_NUMBERS = st.one_of(
    st.sampled_from([0, -1, -1e6, 1e300, -0.0, 1e-300, 2**63, "nan", "inf", "-inf"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**20, 10**20),
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
ANY_VALUE = st.one_of(HOSTILE_NUMBERS, TEXT, st.booleans(), st.lists(st.integers(0, 3000), max_size=3), st.just({"x": 1}))


def toml_value(value) -> str:
    """``value`` as a TOML literal (floats nan/inf included)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if value in ("nan", "inf", "-inf"):
        return value
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


PLACE_FIELDS = ["rail_border_dwell_h", "road_border_dwell_h", "border_fee_usd", "lat", "lon", "gauges_mm", "kinds",
                "gauge_change_capacity_wagons_per_day", "name_en", "bogus"]
LINK_FIELDS = ["length_km", "speed_kmh", "transit_time_h", "sailings_per_week", "status", "mode", "year", "gauges_mm",
               "chokepoints", "from_id"]
COSTING_KEYS = ["carbon_price_usd_per_t", "border_dwell_factor", "voyage_border_h", "deep_sea_min_speed_kmh", "bogus"]


@st.composite
def scenario_texts(draw):
    lines = [f'name = {json.dumps(draw(st.sampled_from(["fz", "fz[/red]", ""])))}', 'base = "embedded"']
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["set_place", "set_link", "add_link", "remove", "junk"]))
        if kind == "set_place":
            values = draw(st.dictionaries(st.sampled_from(PLACE_FIELDS), ANY_VALUE, min_size=1, max_size=3))
            lines += ["[[edit]]", 'action = "set"', 'place = "AZ_AST"', f"values = {toml_value(values)}"]
        elif kind == "set_link":
            link = draw(st.sampled_from(['"L131"', '"L001"', '{ from = "AZ_AST", to = "IR_AST", mode = "rail" }', "5", '["x"]']))
            values = draw(st.dictionaries(st.sampled_from(LINK_FIELDS), ANY_VALUE, min_size=1, max_size=3))
            lines += ["[[edit]]", 'action = "set"', f"link = {link}", f"values = {toml_value(values)}"]
        elif kind == "add_link":
            fields = {"id": "FZ1", "from": "AZ_AST", "to": "IR_AST", "mode": "rail", "length_km": 1.0, "gauges_mm": [1520]}
            fields |= draw(st.dictionaries(st.sampled_from(LINK_FIELDS), ANY_VALUE, max_size=2))
            lines += ["[[edit]]", 'action = "add"', f"link = {toml_value(fields)}"]
        elif kind == "remove":
            lines += ["[[edit]]", 'action = "remove"', f"place = {toml_value(draw(ANY_VALUE))}"]
        else:
            lines += ["[[edit]]", f"action = {toml_value(draw(ANY_VALUE))}"]
    if draw(st.booleans()):
        costing = draw(st.dictionaries(st.sampled_from(COSTING_KEYS), ANY_VALUE, max_size=3))
        lines += ["[costing]"] + [f"{k} = {toml_value(v)}" for k, v in costing.items()]
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 9)) == 0:  # hostile: cut or corrupt the text
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "[", "= =", '"', "\x00", "[[edit]]\n[[edit"]))
    return text


@FUZZ
@given(scenario_texts())
def test_scenario_toml_loads_and_routes_or_raises_a_dalan_error(text):
    def load_and_route():
        scenario = apply_spec(parse_spec(text, "fuzz.toml"))
        try:  # what loads must route: no loop, no traceback
            route(scenario.network, "AZ_AST", "IR_RAS", costing=scenario.costing, by="generalized")
        except DalanError as error:
            assert "cannot route on this graph" not in str(error), str(error)
        return scenario

    only_dalan_errors(load_and_route, "fuzz.toml", "AZ_AST", "IR_RAS")


def costing_paths(data, prefix=()):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from costing_paths(value, (*prefix, key))
        else:
            yield (*prefix, key)


COSTING_PATHS = sorted(costing_paths(tiny_costing_dict()))


@st.composite
def costing_texts(draw):
    data = tiny_costing_dict()
    for path in draw(st.lists(st.sampled_from(COSTING_PATHS), max_size=3)):
        table = data
        for key in path[:-1]:
            table = table[key]
        table[path[-1]] = draw(ANY_VALUE)
    if draw(st.booleans()):  # the links a class travels by: some keys, unknown ones, or anything
        data["cargo"]["container"]["travels_by"] = draw(st.one_of(ANY_VALUE, st.lists(st.sampled_from(["rail", "road", "ferry", "sea_short", "sea_deep", "train"]), max_size=5)))
    if draw(st.booleans()):
        data[draw(st.sampled_from(["parameters", "driving_rules", "groups", "cargo", "general"]))] = draw(
            st.one_of(ANY_VALUE, st.dictionaries(st.sampled_from(["daily_driving_h", "x", "bulk"]), ANY_VALUE, max_size=2))
        )
    return data


@FUZZ
@given(costing_texts())
def test_costing_loads_and_routes_or_raises_a_dalan_error(data):
    def load_and_route():
        costing = costing_from_dict(data, "fuzz_costing.toml")
        network = Network(tuple(tiny_places()), tuple(tiny_links()), "tiny")
        route(network, "A", "E", costing=costing, by="generalized")
        return costing

    only_dalan_errors(load_and_route, "fuzz_costing.toml", "no route")


def test_costing_toml_text_with_nan_is_refused(tmp_path):
    from dalan.costing import load_costing

    text = tmp_path / "c.toml"
    text.write_text("[general]\ncarbon_price_usd_per_t = nan\n", encoding="utf-8")
    with pytest.raises(DalanError, match="c.toml"):
        load_costing(text)


@st.composite
def demand_texts(draw):
    header = draw(st.sampled_from(["origin,destination,class,quantity_per_year", "origin,destination,class", "a,b", ""]))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        origin = draw(st.sampled_from(["Baku", "Tehran", "AZ_AST", "Nowhere", "", '"Ba,ku"', "[/red]"]))
        destination = draw(st.sampled_from(["Tehran", "Baku", "IR_BND", "", "x"]))
        cargo = draw(st.sampled_from(["container", "bulk", "vehicle", "truck", "gold", ""]))
        quantity = draw(st.one_of(HOSTILE_NUMBERS.map(str), st.sampled_from(["12000", "1e5", "", "ten", "5,6"])))
        rows.append(f"{origin},{destination},{cargo},{quantity}")
    text = "\n".join([header, *rows]) + "\n"
    if draw(st.integers(0, 9)) == 0:
        text += draw(st.sampled_from(['"', "\x00", "a,\"b\nc", "#comment\n"]))
    return text


@FUZZ
@given(demand_texts())
def test_demand_csv_loads_or_raises_a_dalan_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("demand") / "fuzz_demand.csv"
    path.write_text(text, encoding="utf-8")
    network = load_embedded_network()

    def load():
        demand = read_demand(path, network)
        assert all(0 < row.quantity_per_year <= 1e9 and math.isfinite(row.quantity_per_year) for row in demand)
        return demand

    only_dalan_errors(load, "fuzz_demand.csv")


def test_demand_records_need_no_file():
    with pytest.raises(DalanError):
        demand_from_records([("line 2", {"origin": "Baku", "destination": "Tehran", "class": "bulk", "quantity_per_year": "nan"})],
                            load_embedded_network(), "rows")


TINY_GEOJSON = network_to_geojson(Network(tuple(tiny_places()), tuple(tiny_links()), "tiny"))
FEATURE_COUNT = len(TINY_GEOJSON["features"])
GEO_FIELDS = ["length_km", "speed_kmh", "sailings_per_week", "transit_time_h", "rail_border_dwell_h", "border_fee_usd",
              "mode", "status", "from_id", "gauges_mm", "kinds", "id"]


@st.composite
def geojson_documents(draw):
    data = json.loads(json.dumps(TINY_GEOJSON))
    for _ in range(draw(st.integers(0, 3))):
        feature = data["features"][draw(st.integers(0, FEATURE_COUNT - 1))]
        feature["properties"][draw(st.sampled_from(GEO_FIELDS))] = draw(
            st.one_of(HOSTILE_NUMBERS.filter(lambda v: not isinstance(v, float) or math.isfinite(v)), TEXT, st.none())
        )
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.sampled_from([[], {"type": "FeatureCollection"}, {"type": "FeatureCollection", "features": [1, None]}, "x"]))
    return data


@FUZZ
@given(geojson_documents())
def test_network_geojson_loads_validates_and_routes_or_raises_a_dalan_error(data):
    from dalan.network.validation import check

    def load_and_route():
        network = check(network_from_geojson(data, "fuzz.geojson"), "fuzz.geojson")
        places = [p.id for p in network.places]
        if {"A", "E"} <= set(places):  # a network that validates must route (or say why not)
            try:
                route(network, "A", "E", costing=costing_from_dict(tiny_costing_dict(), "tiny"))
            except DalanError as error:
                assert "cannot route on this graph" not in str(error), str(error)
        return network

    only_dalan_errors(load_and_route, "fuzz.geojson", "no route", "unknown place")
