"""Routes on the embedded corridor: connectivity and structural facts recomputed from the data."""

from __future__ import annotations

import pytest

from dalan.demo import run_demo
from dalan.errors import NoRouteError
from dalan.graph import compile_graph
from dalan.routing import route
from dalan.scenarios import load_scenario


def test_every_port_reaches_bandar_abbas(network, costing):
    graph = compile_graph(network, costing)
    ports = [p.id for p in network.places if "port" in p.kinds and any(True for _ in network.links_at(p.id))]
    unreachable = []
    for port in ports:
        if port == "IR_BND":
            continue
        try:
            route(network, port, "IR_BND", costing=costing, graph=graph)
        except NoRouteError:
            unreachable.append(port)
    # Only ports whose every link is planned/closed may be cut off.
    for port in unreachable:
        assert all(ln.status != "operational" for ln in network.links_at(port)), port


def test_rasht_astara_is_absent_unless_planned_links_are_included(network, costing):
    rasht_astara = [
        ln.id for ln in network.links if ln.mode == "rail" and {ln.from_id, ln.to_id} == {"IR_RAS", "IR_AST"}
    ]
    assert len(rasht_astara) == 1
    today = route(network, "Astara", "Rasht", costing=costing, modes=["rail"])
    built = route(network, "Astara", "Rasht", costing=costing, modes=["rail"], include_planned=True)
    assert not set(rasht_astara) & set(today.link_ids)
    assert built.link_ids == tuple(rasht_astara)
    # Today an all-rail trip goes the long way round (through another border and gauge change).
    assert today.length_km > 5 * built.length_km


def test_a_named_stop_is_its_namesake_that_the_allowed_modes_serve(network, costing):
    # "Baku" is the city station (rail, road); by ferry a shipper means the port at Alat.
    assert route(network, "Baku", "Turkmenbashi", costing=costing).origin_id == "AZ_BAK"
    by_ferry = route(network, "Baku", "Turkmenbashi", costing=costing, modes=["ferry"])
    assert by_ferry.origin_id == "AZ_ALA"
    # "Astara" by sea is the Iranian port; given by id, a stop is never swapped (and then has no such route).
    assert route(network, "Makhachkala", "Astara", costing=costing, modes=["sea"]).destination_id == "IR_ASP"
    with pytest.raises(NoRouteError):
        route(network, "AZ_BAK", "Turkmenbashi", costing=costing, modes=["ferry"])


def test_no_route_names_the_planned_link(network, costing):
    # Anaklia port's only rail link is planned.
    with pytest.raises(NoRouteError) as err:
        route(network, "GE_ANA", "GE_POT", costing=costing)
    assert "--include-planned" in str(err.value)


def test_persian_names_route_like_english(network, costing):
    a = route(network, "مسکو", "بندرعباس", costing=costing)
    b = route(network, "Moscow", "Bandar Abbas", costing=costing)
    assert a.link_ids == b.link_ids


def test_the_railway_shifts_all_rail_traffic_west(network, costing):
    # Today the only all-rail route from Moscow to Bandar Abbas is the eastern one (KZ/TM);
    # with Rasht–Astara an all-rail western route through Azerbaijan exists and is shorter.
    today, built = load_scenario("baseline"), load_scenario("rasht-astara")
    result = run_demo(today, built, origins=("RU_MOW",), modes=("rail",), by="time")
    pair = result.pairs[0]
    countries_today = {network.place(p).country for p in pair.today.place_sequence}
    countries_built = {network.place(p).country for p in pair.built.place_sequence}
    assert {"KZ", "TM"} <= countries_today and "AZ" not in countries_today
    assert "AZ" in countries_built and pair.built.time_h < pair.today.time_h
    assert pair.built.length_km < pair.today.length_km
    assert result.to_frame()["uses_rasht_astara"].all()


def test_the_rasht_astara_scenario_changes_only_that_link(network):
    built = load_scenario("rasht-astara").network
    changed = [a.id for a, b in zip(network.links, built.links, strict=True) if a != b]
    assert len(changed) == 1
    assert built.link(changed[0]).status == "operational"
    assert {built.link(changed[0]).from_id, built.link(changed[0]).to_id} == {"IR_AST", "IR_RAS"}


def test_the_demo_names_the_closures_that_leave_an_origin_without_a_rail_route():
    import datetime as dt

    from dalan.scenarios import load_scenario

    result = run_demo(load_scenario("baseline"), load_scenario("rasht-astara"), modes=("rail",), date=dt.date(2026, 3, 15))
    closed = [p for p in result.pairs if p.today is None]
    assert closed, "on 2026-03-15 Iran's land borders are closed (history.toml)"
    for pair in closed:
        assert pair.closed_by and all(e.action == "close" and e.date <= dt.date(2026, 3, 15) for e in pair.closed_by)
    open_before = run_demo(load_scenario("baseline"), load_scenario("rasht-astara"), modes=("rail",), date=dt.date(2025, 6, 1))
    assert all(p.today is not None and not p.closed_by for p in open_before.pairs)
