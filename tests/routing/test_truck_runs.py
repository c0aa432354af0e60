"""A truck's runs, timed one by one by the driving-time rules (``VirtualGraph.truck_runs``): the
graph weighs a road link at the long-haul factor, a route's legs take the rules from a rested
start, through its borders, and again after a ferry."""

from __future__ import annotations

import pytest

from dalan.costing.parameters import truck_elapsed_h, truck_run_elapsed_h
from dalan.graph import compiled_graph
from dalan.routing import route


def _road_runs_h(itinerary, graph) -> tuple[list[float], list[float]]:
    """Per truck run: the hours of its legs and the hours at the wheel of its edges."""
    runs = graph.truck_runs(itinerary.edges)
    legs_h: list[float] = []
    for run in runs:
        links = {graph.elements[graph.element[e]] for e in run}
        legs_h.append(sum(leg.time_h for leg in itinerary.legs if leg.kind == "move" and set(leg.element_ids) <= links))
    return legs_h, [float(graph.drive_h[run].sum()) for run in runs]


def test_a_truck_run_goes_on_through_its_borders(network, costing):
    """Almaty → Tashkent by road: 834 km and two border stops (Saryagash, Keles), one run: its
    legs together take the rules' elapsed time for the whole drive, not each leg's from rest."""
    graph = compiled_graph(network, costing)
    itinerary = route(network, "KZ_ALA", "UZ_TAS", modes="road", costing=costing, graph=graph)
    assert [leg.kind for leg in itinerary.legs].count("border") == 2
    (legs_h,), (driving_h,) = _road_runs_h(itinerary, graph)
    assert legs_h == pytest.approx(truck_elapsed_h(driving_h, costing.driving))
    assert 10 < driving_h < 19  # a day and a half at the wheel: one night's rest
    linear_h = sum(graph.time_h[e] for e in itinerary.edges if graph.drive_h[e] > 0)
    assert linear_h == pytest.approx(driving_h * costing.road_time_factor)
    assert legs_h < linear_h


def test_a_ferry_ends_a_truck_run_and_the_driver_drives_on_rested(network, costing):
    """Tbilisi → Ashgabat for a truck, across the Caspian by ro-ro: the ferry ends the run to
    Baku, and the driver sets off from Turkmenbashi rested (561/2006 art. 9: the rest taken
    aboard); each run is timed from a rested start."""
    graph = compiled_graph(network, costing, "vehicle")
    itinerary = route(network, "GE_TBS", "TM_ASB", modes="road,ferry", cargo="vehicle", costing=costing, graph=graph)
    assert any(leg.mode == "ferry" for leg in itinerary.legs)
    legs_h, driving_h = _road_runs_h(itinerary, graph)
    assert len(driving_h) == 2
    assert legs_h == pytest.approx([truck_elapsed_h(d, costing.driving) for d in driving_h])
    whole = truck_elapsed_h(sum(driving_h), costing.driving)
    assert sum(legs_h) < whole  # the night aboard is the second day's rest


def test_a_long_wait_at_a_border_is_the_night_s_rest_not_the_week_s(network, costing):
    """Islamabad → Kabul by road in 2021: Torkham takes CPMM's 31.6 + 4.2 h; the run goes on
    through it, its legs timed with the wait taken as a rest (truck_run_elapsed_h)."""
    dated = costing.at_year(2021)
    graph = compiled_graph(network, dated)
    itinerary = route(network, "Islamabad", "Kabul", modes="road", costing=dated, graph=graph)
    (torkham,) = [leg for leg in itinerary.legs if leg.kind == "border"]
    assert torkham.time_h > costing.driving.daily_rest_h
    (legs_h,), _ = _road_runs_h(itinerary, graph)
    at = itinerary.legs.index(torkham)
    links = [{x for leg in part if leg.kind == "move" for x in leg.element_ids} for part in (itinerary.legs[:at], itinerary.legs[at:])]
    segment_h = [sum(float(graph.drive_h[e]) for e in itinerary.edges if graph.elements[graph.element[e]] in part) for part in links]
    assert all(h > 0 for h in segment_h)
    assert legs_h == pytest.approx(truck_run_elapsed_h(segment_h, [torkham.time_h, 0.0], costing.driving))


def test_routes_are_ranked_by_the_hours_they_report(network, costing):
    """Almaty → Tashkent: the search weighs the 812-km drive at the long-haul factor (three days),
    the rules time it in about a day and a half; the fastest route is the truck's, alternatives
    come in the order of their own hours, and the Pareto set holds the truck and the train
    (faster / cheaper) with neither dominated."""
    from dalan.routing import k_best_routes, pareto_routes

    fastest = route(network, "KZ_ALA", "UZ_TAS", by="time", costing=costing)
    by_rail = route(network, "KZ_ALA", "UZ_TAS", by="time", modes="rail", costing=costing)
    assert {leg.mode for leg in fastest.legs if leg.kind == "move"} == {"road"}
    assert fastest.time_h < by_rail.time_h
    alternatives = k_best_routes(network, "KZ_ALA", "UZ_TAS", k=3, by="time", costing=costing)
    assert alternatives[0].link_ids == fastest.link_ids
    assert [it.time_h for it in alternatives] == sorted(it.time_h for it in alternatives)
    front = pareto_routes(network, "KZ_ALA", "UZ_TAS", costing=costing)
    points = [(it.time_h, it.cost_usd, it.co2_kg) for it in front]
    assert not any(a != b and all(x <= y for x, y in zip(a, b, strict=True)) for a in points for b in points)
    assert fastest.link_ids in {it.link_ids for it in front} and by_rail.link_ids in {it.link_ids for it in front}


def test_a_single_route_past_a_week_at_the_wheel_is_the_fastest_of_the_search_s_best(network, costing):
    """Shenyang → Tashkent by truck (2025): by Irkeshtam 90.3 h at the wheel, just past the
    fortnight's 90 h (another 45-h weekly rest), by Khorgos 86.4 h with a longer border wait.
    Both searches' linear weights prefer Irkeshtam; the rules' steps make Khorgos 1.8 days
    faster (the search's third path). The single route is the first of the alternatives, however
    many are asked, and no alternative is faster."""
    from dalan.routing import k_best_routes

    trip = {"modes": "road", "cargo": "truck", "date": "2025-06-01", "by": "time", "costing": costing}
    fastest = route(network, "CN_SHE", "UZ_TAS", **trip)
    alternatives = k_best_routes(network, "CN_SHE", "UZ_TAS", k=4, **trip)
    assert fastest.link_ids == alternatives[0].link_ids
    assert fastest.time_h == min(it.time_h for it in alternatives)
    assert k_best_routes(network, "CN_SHE", "UZ_TAS", k=2, **trip)[0].link_ids == fastest.link_ids  # fewer alternatives too
    assert "KZ_ALT" in fastest.place_sequence and "KG_IRK" in {p for it in alternatives for p in it.place_sequence}
    rules = costing.driving
    by_irkeshtam = next(it for it in alternatives if "KG_IRK" in it.place_sequence)
    assert by_irkeshtam.time_h - fastest.time_h > rules.weekly_rest_h - rules.daily_rest_h
