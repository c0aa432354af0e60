"""A cargo class travels only by the links it can (``CargoClass.travels_by``): a loaded truck
drives and boards ferries and short-sea ro-ro ships, but rides no train or deep-sea ship — in
routes, in the corridor assignment and in its refusals."""

from __future__ import annotations

import numpy as np
import pytest
from dalan_tiny import tiny_costing_dict

from dalan.assignment.corridor import assign_corridor
from dalan.costing import costing_from_dict
from dalan.demand import Demand, DemandRow
from dalan.errors import InputError, NoRouteError
from dalan.graph import compile_graph
from dalan.graph.virtual import EDGE_KINDS, MODE_CODES
from dalan.network import Link, Network, Place
from dalan.routing import route
from dalan.routing.constraints import cargo_mask

LINK = EDGE_KINDS.index("link")


def _places(*ids_kinds: tuple[str, str, tuple[str, ...]]) -> tuple[Place, ...]:
    return tuple(Place(pid, pid, pid, country, 40.0, 50.0 + k, kinds, (1520,)) for k, (pid, country, kinds) in enumerate(ids_kinds))


def _rail_or_road() -> Network:
    """A – B by a 1,000-km railway, or A – C – B by 1,400 km of road."""
    places = _places(("A", "KZ", ("city",)), ("B", "KZ", ("city",)), ("C", "KZ", ("city",)))
    links = (
        Link("RAIL", "A", "B", "rail", 1000.0, (1520,)),
        Link("R1", "A", "C", "road", 700.0),
        Link("R2", "C", "B", "road", 700.0),
    )
    return Network(places, links, "rail-or-road")


def test_a_truck_drives_where_a_box_takes_the_train(costing):
    network = _rail_or_road()
    assert route(network, "A", "B", costing=costing, cargo="container", by="generalized").link_ids == ("RAIL",)
    for by in ("time", "cost", "generalized"):
        assert route(network, "A", "B", costing=costing, cargo="truck", by=by).link_ids == ("R1", "R2")


def test_a_truck_has_no_route_by_rail_and_says_why(costing):
    with pytest.raises(NoRouteError) as caught:
        route(network := _rail_or_road(), "A", "B", costing=costing, cargo="truck", modes="rail")
    assert network.link("RAIL").mode == "rail"
    english, persian = caught.value.message("en"), caught.value.message("fa")
    assert "trucks, which travel only by road, ferry, short-sea ro-ro ship" in english
    assert "کامیون، که فقط با جاده، فِری، کشتی رو-رو کوتاه‌برد" in persian


def test_a_truck_rolls_on_a_train_ferry_as_a_truck(costing):
    places = _places(("A", "AZ", ("ferry_terminal",)), ("B", "KZ", ("ferry_terminal",)))
    network = Network(places, (Link("F", "A", "B", "ferry", 430.0, (1520,), transit_time_h=24.0, sailings_per_week=7.0),), "train ferry")
    graph = compile_graph(network, costing, "truck")
    mask = cargo_mask(network, graph)
    assert mask is not None
    on_ferry = graph.kind == LINK
    assert set(graph.mode[on_ferry & mask]) == {MODE_CODES.index("ferry")}  # not the wagons' rail layer
    assert (graph.mode[on_ferry & ~mask] == MODE_CODES.index("rail")).all() and (on_ferry & ~mask).any()
    it = route(network, "A", "B", costing=costing, cargo="truck")
    assert [leg.mode for leg in it.legs if leg.kind == "move"] == ["ferry"]


def test_a_truck_sails_short_sea_ro_ro_but_no_deep_sea_ship(costing):
    places = _places(("A", "AE", ("port",)), ("B", "IR", ("port",)))
    slow = Network(places, (Link("S", "A", "B", "sea", 300.0, transit_time_h=20.0, sailings_per_week=3.0),), "ro-ro")
    fast = Network(places, (Link("S", "A", "B", "sea", 3000.0, transit_time_h=100.0, sailings_per_week=3.0),), "deep sea")
    assert costing.rate_key(slow.link("S")) == "sea_short" and costing.rate_key(fast.link("S")) == "sea_deep"
    assert route(slow, "A", "B", costing=costing, cargo="truck").link_ids == ("S",)
    with pytest.raises(NoRouteError, match="travel only by") as caught:
        route(fast, "A", "B", costing=costing, cargo="truck")
    assert "relax" not in caught.value.message("en")  # nothing the user asked for blocks it: the class does
    assert route(fast, "A", "B", costing=costing, cargo="container").link_ids == ("S",)


def test_every_other_class_travels_by_everything(costing):
    network = _rail_or_road()
    for cargo in ("container", "bulk", "vehicle"):
        assert costing.cargo_class(cargo).travels_by_everything()
        assert cargo_mask(network, compile_graph(network, costing, cargo)) is None


def test_the_assignment_keeps_trucks_off_the_railway(costing):
    network = _rail_or_road()
    demand = Demand((DemandRow("A", "B", "truck", 500.0), DemandRow("A", "B", "container", 5000.0)))
    flows = assign_corridor(network, costing, demand, date=None)
    links = flows.link_frame(costing)
    graph = flows.graph
    truck = flows.classes.index("truck")
    rail_edges = (graph.kind == LINK) & (graph.mode == MODE_CODES.index("rail"))
    assert flows.class_flow[truck][rail_edges].sum() == pytest.approx(0.0, abs=1e-6)
    road_edges = (graph.kind == LINK) & (graph.mode == MODE_CODES.index("road"))
    assert flows.class_flow[truck][road_edges].sum() == pytest.approx(2 * 500.0)  # two road links, one truck per shipment
    assert float(links[links["link"] == "RAIL"]["shipments_per_year"].sum()) > 0  # the boxes still take the train
    logit = assign_corridor(network, costing, demand, loading="logit", alternatives=3)
    assert logit.class_flow[logit.classes.index("truck")][rail_edges].sum() == pytest.approx(0.0, abs=1e-6)


def test_truck_demand_no_road_reaches_is_refused(costing):
    places = _places(("A", "KZ", ("city",)), ("B", "KZ", ("city",)))
    network = Network(places, (Link("RAIL", "A", "B", "rail", 1000.0, (1520,)),), "rail only")
    with pytest.raises(InputError) as caught:
        assign_corridor(network, costing, Demand((DemandRow("A", "B", "truck", 100.0),)))
    problem = caught.value.problems[0]
    assert (problem.record, problem.field, problem.value) == ("demand", "route", "A → B")
    assert "travel only by road" in problem.hint


def _with_truck(**truck) -> dict:
    data = tiny_costing_dict()
    data["cargo"]["truck"] = {**data["cargo"]["container"], "unit": "truck", **truck}
    return data


def test_travels_by_is_read_and_needs_only_its_rates():
    rates = {"road": 1.9, "ferry": 0.0, "sea_short": 0.0}
    costing = costing_from_dict(_with_truck(travels_by=["sea_short", "road", "ferry"], rate_usd_per_km=rates), "t.toml")
    assert costing.cargo_class("truck").travels_by == ("road", "ferry", "sea_short")  # in RATE_KEYS order
    assert not costing.cargo_class("truck").travels_by_everything()


def test_a_rate_for_links_the_class_does_not_travel_by_is_refused():
    with pytest.raises(InputError) as caught:
        costing_from_dict(_with_truck(travels_by=["road"]), "t.toml")  # the container's rates: rail, ferry, sea too
    refused = sorted(p.field for p in caught.value.problems if p.record == "cargo.truck.rate_usd_per_km")
    assert refused == ["ferry", "rail", "sea_deep", "sea_short"]
    problem = next(p for p in caught.value.problems if p.field == "rail")
    assert "does not travel by" in problem.message and problem.hint == "remove the rate, or add rail to travels_by"


@pytest.mark.parametrize(
    ("value", "shown", "message"),
    [(["road", "train"], "train", "unknown key"), ("road", "road", "non-empty list"), ([], "[]", "non-empty list")],
)
def test_a_bad_travels_by_is_refused_naming_file_record_and_value(value, shown, message):
    with pytest.raises(InputError) as caught:
        costing_from_dict(_with_truck(travels_by=value), "t.toml")
    problem = next(p for p in caught.value.problems if p.field == "travels_by")
    assert (problem.file, problem.record) == ("t.toml", "cargo.truck")
    assert shown in str(problem.value) and message in problem.message
    assert "rail, road, ferry, sea_short, sea_deep" in problem.hint


def test_the_embedded_truck_class_is_closed_to_trains_and_deep_sea(network, costing):
    graph = compile_graph(network, costing, "truck")
    mask = cargo_mask(network, graph)
    assert mask is not None
    links = graph.kind == LINK
    closed = links & ~mask
    assert set(np.unique(graph.mode[closed])) <= {MODE_CODES.index("rail"), MODE_CODES.index("sea")}
    assert (graph.mode[links & mask] != MODE_CODES.index("rail")).all()
