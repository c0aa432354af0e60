"""Corridor assignment: conservation, agreement with routing, congestion, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from dalan.assignment.corridor import assign_corridor
from dalan.cli.app import app
from dalan.demand import Demand, DemandRow, read_demand
from dalan.graph.virtual import EDGE_KINDS
from dalan.routing import route


def unloaded(flows, place_id: str) -> float:
    graph = flows.graph
    edges = (graph.kind == EDGE_KINDS.index("unload")) & (graph.to_place == graph.place_index(place_id))
    return float(flows.flow[edges].sum())


@pytest.mark.parametrize("loading", ["equilibrium", "logit"])
def test_every_shipment_arrives_at_its_destination(network, costing, loading):
    demand = read_demand(None, network)
    flows = assign_corridor(network, costing, demand, loading=loading)
    for destination in {r.destination_id for r in demand}:
        expected = sum(r.quantity_per_year / flows.shipment_units[r.cargo] for r in demand if r.destination_id == destination)
        assert unloaded(flows, destination) == pytest.approx(expected, rel=1e-6)


def test_uncongested_single_pair_follows_the_best_route(network, costing):
    demand = Demand((DemandRow("RU_MOW", "IR_BND", "container", 1000.0),))
    flows = assign_corridor(network, costing, demand)
    best = route(network, "RU_MOW", "IR_BND", by="generalized", costing=costing)
    used = flows.link_frame(costing)
    used = set(used[used["shipments_per_year"] > 1e-6]["link"])
    assert used == set(best.link_ids)
    assert flows.link_frame(costing)["shipments_per_year"].max() == pytest.approx(500.0)  # 1000 TEU / 2 per shipment


@pytest.mark.parametrize("pair", [("RU_MOW", "IR_BND"), ("CN_XIA", "DE_DUI"), ("KZ_ALA", "IR_BND")])
def test_uncongested_classes_each_follow_their_own_best_route(network, costing, pair):
    """Assigned together, each class (a box in a block train, bulk and cars by wagonload, a truck
    on the road) pays its own hours at its own value of time: uncongested, each takes the route
    routing gives it alone, not one priced with another class's hours."""
    classes = ("bulk", "container", "truck", "vehicle")
    origin, destination = pair
    rows = tuple(DemandRow(origin, destination, c, 1.0) for c in classes if c != "truck" or pair == ("RU_MOW", "IR_BND"))
    flows = assign_corridor(network, costing, Demand(rows))
    link = EDGE_KINDS.index("link")
    for row in rows:
        used = flows.class_flow[flows.classes.index(row.cargo)] > 1e-9
        links = {flows.graph.elements[flows.graph.element[e]] for e in np.flatnonzero(used & (flows.graph.kind == link))}
        best = route(network, origin, destination, by="generalized", costing=costing, cargo=row.cargo)
        assert links == set(best.link_ids), row.cargo


def test_heavy_demand_congests_and_spreads(network, costing):
    light = Demand((DemandRow("RU_MOW", "IR_BND", "container", 1000.0),))
    heavy = Demand((DemandRow("RU_MOW", "IR_BND", "container", 3_000_000.0),))
    one = assign_corridor(network, costing, light)
    # the embedded network (411 places) needs ~4,200 BFW iterations to reach this gap (~2,200 at ~250)
    many = assign_corridor(network, costing, heavy, gap=1e-4, max_iterations=6000)
    assert many.assignment.relative_gap <= 1e-4
    assert many.volume_capacity.max() > 1.0  # something is over capacity
    links_one = (one.link_frame(costing)["shipments_per_year"] > 1e-6).sum()
    links_many = (many.link_frame(costing)["shipments_per_year"] > 1e-6).sum()
    assert links_many > links_one  # congestion pushes traffic onto other routes
    assert (many.time_h >= many.graph.time_h - 1e-9).all()


def test_assign_cli_json(tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,class,quantity_per_year\nMoscow,Bandar Abbas,container,5000\n", encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["assign", "--demand", str(demand), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["relative_gap"] <= 1e-4
    assert max(row["shipments_per_year"] for row in data["links"]) == pytest.approx(2500.0)
    assert abs(sum(row["share"] for row in data["corridor_shares"]) - 1.0) < 1e-9


def test_assign_cli_bad_demand_is_one_line(tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,class,quantity_per_year\nMoskow,Bandar Abbas,container,-5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["assign", "--demand", str(demand)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Moscow" in result.output


def test_assign_cli_report(tmp_path):
    out = tmp_path / "flows.html"
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["assign", "--report", str(out), "--lang", "fa"])
    assert result.exit_code == 0, result.output
    assert 'dir="rtl"' in out.read_text(encoding="utf-8")


def test_place_volume_counts_each_visit_once(network, costing):
    demand = Demand((DemandRow("RU_ASF", "IR_CSP", "container", 2000.0),))
    flows = assign_corridor(network, costing, demand)
    places = flows.place_frame(costing).set_index("place")["shipments_per_year"]
    assert np.allclose(places.loc[["RU_ASF", "IR_CSP"]], 1000.0)


# Published yearly volumes at the crossings the default demand was derived from (CORRIDOR_FACTS §3).
PUBLISHED_KT = {"IR_AST": 665.0, "IR_SRK": 737.0, "IR_INB": 547.0}


def test_default_demand_reproduces_published_crossing_volumes(network, costing):
    flows = assign_corridor(network, costing, read_demand(None, network))
    tonnes = flows.place_frame(costing).set_index("place")["tonnes_per_year"]
    for place, published_kt in PUBLISHED_KT.items():
        ratio = tonnes.get(place, 0.0) / 1000 / published_kt
        assert 0.5 <= ratio <= 2.0, f"{place}: {ratio:.2f} x the published volume"


def test_bush_and_frank_wolfe_agree_on_the_corridor(network, costing):
    heavy = Demand((DemandRow("RU_MOW", "IR_BND", "container", 3_000_000.0), DemandRow("KZ_ALA", "IR_BND", "bulk", 2e6)))
    b = assign_corridor(network, costing, heavy, algorithm="b", gap=1e-8)
    fw = assign_corridor(network, costing, heavy, algorithm="bfw", gap=1e-5, max_iterations=20_000)
    assert b.assignment.relative_gap <= 1e-8
    # an edge whose hours grow with its volume (capacitated) carries one flow at equilibrium; an
    # uncapacitated pair of paths of one cost (Anzali - Rasht direct or by the Caspian port) may split
    # either way, so those are compared by what they cost, not by their split
    capped = np.isfinite(b.capacity)
    assert capped.sum() > 100 and (b.flow[capped] > 0).any()
    assert np.allclose(b.flow[capped], fw.flow[capped], atol=1e-2 * b.flow.max())
    assert float(b.flow @ b.time_h) == pytest.approx(float(fw.flow @ fw.time_h), rel=1e-3)
