"""A truck's runs, timed one by one by the driving-time rules (``VirtualGraph.truck_runs``): the
graph weighs a road link at the long-haul factor, a route's legs take the rules from a rested
start, through its borders, and again after a ferry."""

from __future__ import annotations

import pytest

from dalan.costing.parameters import truck_elapsed_h
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
    """Tbilisi → Ashgabat for a truck, across the Caspian by ro-ro: two runs (to Baku, from
    Turkmenbashi), each timed from a rested start (561/2006 art. 9: the rest taken aboard)."""
    graph = compiled_graph(network, costing, "vehicle")
    itinerary = route(network, "GE_TBS", "TM_ASB", modes="road,ferry", cargo="vehicle", costing=costing, graph=graph)
    assert any(leg.mode == "ferry" for leg in itinerary.legs)
    legs_h, driving_h = _road_runs_h(itinerary, graph)
    assert len(driving_h) == 2
    assert legs_h == pytest.approx([truck_elapsed_h(d, costing.driving) for d in driving_h])
    whole = truck_elapsed_h(sum(driving_h), costing.driving)
    assert sum(legs_h) < whole  # the night aboard is the second day's rest
