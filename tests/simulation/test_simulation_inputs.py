"""Bad input fails before any replication runs, naming the record and giving a hint."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from simulation_helpers import default_ops_dict, one_flow, operations, station_line

from dalan.demand import Demand, DemandRow, read_demand
from dalan.errors import InputError
from dalan.network.io import load_embedded_network
from dalan.simulation import build_plan, load_operations, operations_from_dict, simulate


def write(tmp_path, text: str):
    path = tmp_path / "demand.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_demand_problems_are_all_reported_with_line_field_and_hint(tiny_network, tmp_path):
    path = write(
        tmp_path,
        "# comment\norigin,destination,class,quantity_per_year\n"
        "Alpah,E,container,100\n"  # misspelt place
        "A,E,grain,100\n"  # unknown class
        "A,E,container,-5\n"  # negative
        "A,C,container,lots\n"  # not a number
        "A,E,container,10\n"
        "Alpha,Echo,container,20\n",  # duplicate of the row above, by name
    )
    with pytest.raises(InputError) as err:
        read_demand(path, tiny_network)
    problems = {(p.record, p.field): p for p in err.value.problems}
    assert set(problems) == {
        ("line 3", "origin"),
        ("line 4", "class"),
        ("line 5", "quantity_per_year"),
        ("line 6", "quantity_per_year"),
        ("line 8", "origin,destination,class"),
    }
    assert "Alpha" in problems["line 3", "origin"].hint
    assert "container" in problems["line 4", "class"].hint
    assert "line 7" in problems["line 8", "origin,destination,class"].message
    assert all(p.file == str(path) for p in err.value.problems)


def test_demand_reads_names_in_any_script(tiny_network, tmp_path):
    path = write(tmp_path, "origin,destination,class,quantity_per_year\nآلفا,Echo,bulk,1e5\n")
    demand = read_demand(path, tiny_network)
    assert demand.to_frame().iloc[0].tolist() == ["A", "E", "bulk", 100000.0]


def test_shipped_demand_and_operations_match_the_embedded_network():
    network = load_embedded_network()
    demand = read_demand()
    assert 10 <= len(demand) <= 30
    assert {place_id for place_id, _ in load_operations().places} <= {p.id for p in network.places}


def test_negative_capacity_is_refused():
    data = default_ops_dict()
    data["facility"]["road_border"]["per_day"] = -3.0
    data["places"]["IR_AST"]["terminal"]["per_day"] = -1.0
    with pytest.raises(InputError) as err:
        operations_from_dict(data, "ops.toml")
    records = {(p.record, p.field) for p in err.value.problems}
    assert records == {("facility.road_border", "per_day"), ("places.IR_AST.terminal", "per_day")}


def test_zero_servers_at_a_used_border_fails_before_the_run(tiny_costing, monkeypatch):
    from dalan.simulation import runner

    monkeypatch.setattr(runner, "run_replication", lambda *a, **k: pytest.fail("a replication ran"))
    network = station_line(road_dwell_h=5.0)
    ops = operations(places={"X": {"road_border": {"servers": 0}}})
    with pytest.raises(InputError) as err:
        simulate(network, tiny_costing, one_flow("O", "Z", 1.0), operations=ops, by="time", replications=2)
    [problem] = err.value.problems
    assert (problem.record, problem.field, problem.value) == ("places.X.road_border", "servers", 0)
    assert "servers >= 1" in problem.hint


def test_zero_servers_at_an_unused_border_is_fine(tiny_costing):
    network = station_line(road_dwell_h=5.0)
    ops = operations(places={"Elsewhere": {"road_border": {"servers": 0}}})
    plan = build_plan(network, tiny_costing, one_flow("O", "Z", 1.0), ops, by="time")
    assert any(f.kind == "road_border" and f.servers >= 1 for f in plan.facilities)


def test_gauge_change_capacity_comes_from_the_place(tiny_network, tiny_costing):
    yard_place = replace(tiny_network.place("B"), gauge_change_capacity_wagons_per_day=48.0)
    network = tiny_network.with_changes(places=[yard_place])
    plan = build_plan(network, tiny_costing, Demand((DemandRow("A", "C", "container", 1000.0),)), operations(), by="time")
    yard = next(f for f in plan.facilities if f.kind == "gauge_change")
    assert yard.mean_service_h == pytest.approx(8.0)  # transshipment (tiny costing); the border dwell is its own stop
    assert yard.servers == math.ceil(48.0 * 8.0 / 24.0)
