"""Routes on the tiny network against answers worked out by hand (see conftest)."""

from __future__ import annotations

import numpy as np
import pytest

from dalan.errors import NoRouteError, UnknownPlaceError
from dalan.graph import compile_graph
from dalan.routing import route

# A → E by rail, gauge change at B, ferry C → D, road to E. Hand-solved (tiny costing):
# load 2 h/20 $; L1 110 km at 22 km/h = 5 h, 110 $, 0.03·10·110 = 33 kg;
# B: border dwell 10 h and rail border fee 30 $ where L1 crosses into B's country, then transshipment 8 h, 80 $;
# L2 300 km at 30 km/h = 10 h, 300 $, 90 kg; C: rail→ferry roll-on 5 h, 50 $;
# C (BY) → D (TM) is an international voyage: clearance 6 h; wait for a departure, 7 sailings/week → 168/(2·7) = 12 h; L3 ferry 12 h, 600 $, 0.2·10·200 = 400 kg;
# D: ferry→road roll-on 5 h, 50 $; L4 80 km at 40 km/h = 2 h, 160 $, 80 kg; unload 2 h, 20 $.
HAND_TIME_H = 2 + 5 + 10 + 8 + 10 + 5 + 6 + 12 + 12 + 5 + 2 + 2
HAND_COST_USD = 20 + 110 + 30 + 80 + 300 + 50 + 600 + 50 + 160 + 20
HAND_CO2_KG = 33 + 90 + 400 + 80


def test_hand_solved_route(tiny_network, tiny_costing):
    it = route(tiny_network, "A", "E", costing=tiny_costing)
    assert it.time_h == pytest.approx(HAND_TIME_H)
    assert it.cost_usd == pytest.approx(HAND_COST_USD)
    assert it.co2_kg == pytest.approx(HAND_CO2_KG)
    assert it.length_km == pytest.approx(110 + 300 + 200 + 80)
    kinds = [leg.kind for leg in it.legs]
    assert kinds == [
        "load", "move", "border", "gauge_change", "move", "transfer", "border", "wait", "move", "transfer", "move", "unload"
    ]
    moves = [(leg.mode, leg.gauge_mm, leg.from_id, leg.to_id) for leg in it.legs if leg.kind == "move"]
    assert moves == [("rail", 1435, "A", "B"), ("rail", 1520, "B", "C"), ("ferry", 0, "C", "D"), ("road", 0, "D", "E")]


def test_quantity_scales_money_and_co2_not_time(tiny_network, tiny_costing):
    one = route(tiny_network, "A", "E", costing=tiny_costing)
    many = route(tiny_network, "A", "E", costing=tiny_costing, quantity=40)
    assert many.time_h == pytest.approx(one.time_h)
    assert many.cost_usd == pytest.approx(40 * one.cost_usd)
    assert many.co2_kg == pytest.approx(40 * one.co2_kg)


def test_criterion_changes_the_route(tiny_network_with_road, tiny_costing):
    fast = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="time")
    cheap = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="cost")
    clean = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="co2")
    assert fast.link_ids == ("L6",)
    assert fast.time_h == pytest.approx(2 + 2000 / 40 + 2)
    assert cheap.link_ids == ("L1", "L2", "L3", "L4") == clean.link_ids
    assert cheap.cost_usd == pytest.approx(HAND_COST_USD)


def test_generalized_cost_trades_money_for_time(tiny_network_with_road, tiny_costing):
    # Road: 54 h, 4,040 $; rail+ferry: 79 h, 1,420 $. Road wins only when VOT > 2620/25 = 104.8 $/h.
    low = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="generalized", value_of_time_usd_per_h=100)
    high = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="generalized", value_of_time_usd_per_h=110)
    assert low.link_ids == ("L1", "L2", "L3", "L4")
    assert high.link_ids == ("L6",)


def test_totals_equal_sum_over_graph_edges(tiny_network, tiny_costing):
    graph = compile_graph(tiny_network, tiny_costing)
    it = route(tiny_network, "A", "E", costing=tiny_costing, graph=graph)
    assert sum(leg.time_h for leg in it.legs) == pytest.approx(it.time_h)
    assert it.to_frame()["cost_usd"].sum() == pytest.approx(it.cost_usd)


def test_planned_link_explained_and_included_on_request(tiny_network, tiny_costing):
    with pytest.raises(NoRouteError) as err:
        route(tiny_network, "A", "F", costing=tiny_costing)
    assert "L5" in str(err.value) and "--include-planned" in str(err.value)
    it = route(tiny_network, "A", "F", costing=tiny_costing, include_planned=True)
    assert it.link_ids[-1] == "L5"
    # E has only road today; with L5 a road→rail transfer at E is needed.
    assert [leg.kind for leg in it.legs][-3:] == ["transfer", "move", "unload"]


def test_no_gauge_change_where_the_place_cannot(tiny_network, tiny_costing):
    # C is not a gauge-change place: no 1435 train can continue on 1520 there.
    graph = compile_graph(tiny_network, tiny_costing)
    c = graph.place_index("C")
    kinds = graph.kind[(graph.from_place == c) & (graph.to_place == c)]
    from dalan.graph import EDGE_KINDS

    assert EDGE_KINDS.index("gauge_change") not in set(kinds.tolist())
    b = graph.place_index("B")
    assert EDGE_KINDS.index("gauge_change") in set(graph.kind[graph.from_place == b].tolist())


def test_via_forces_a_detour(tiny_network_with_road, tiny_costing):
    it = route(tiny_network_with_road, "A", "E", costing=tiny_costing, via=["C"])
    assert "C" in it.place_sequence
    assert np.isclose(it.time_h, HAND_TIME_H)


def test_unknown_place_suggests(tiny_network, tiny_costing):
    with pytest.raises(UnknownPlaceError) as err:
        route(tiny_network, "Alpah", "E", costing=tiny_costing)
    assert "Alpha" in str(err.value)


def test_geojson_has_a_line_per_move(tiny_network, tiny_costing):
    gj = route(tiny_network, "A", "E", costing=tiny_costing).to_geojson()
    lines = [f for f in gj["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 4
    assert lines[0]["geometry"]["coordinates"][0] == [0.0, 0.0]


def test_max_transfers_is_exact(tiny_network, tiny_network_with_road, tiny_costing):
    # By cost, rail + ferry (3 changes: gauge at B, rail→ferry at C, ferry→road at D) wins;
    # allowing fewer changes forces the direct road.
    cheap = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="cost")
    assert sum(leg.kind in ("transfer", "gauge_change") for leg in cheap.legs) == 3
    assert route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="cost", max_transfers=3).link_ids == cheap.link_ids
    limited = route(tiny_network_with_road, "A", "E", costing=tiny_costing, by="cost", max_transfers=2)
    assert limited.link_ids == ("L6",)
    with pytest.raises(NoRouteError):
        route(tiny_network, "A", "E", costing=tiny_costing, max_transfers=1)
