"""The command line through Typer's test runner: real commands on the embedded network."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app

runner = CliRunner(env={"COLUMNS": "200"})


def test_route_table_and_totals():
    result = runner.invoke(app, ["route", "Moscow", "Bandar Abbas", "--modes", "rail"])
    assert result.exit_code == 0, result.output
    assert "Gauge change" in result.output and "Border crossing" in result.output
    assert "days" in result.output


def test_route_with_two_drivers_per_truck():
    def days(*extra: str) -> float:
        result = runner.invoke(app, ["route", "Khorgos", "Warsaw", "--modes", "road", "--json", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["totals"]["time_h"] / 24

    one, two = days(), days("--drivers", "2")
    crew = runner.invoke(app, ["route", "Khorgos", "Warsaw", "--modes", "road", "--drivers", "2"]).output
    assert "2 drivers per truck" in crew
    assert two < 0.8 * one and days("--drivers", "۲") == two
    bad = runner.invoke(app, ["route", "Khorgos", "Warsaw", "--modes", "road", "--drivers", "3"])
    assert bad.exit_code != 0 and "drivers" in bad.output and "1 to 2" in bad.output


def test_route_as_a_whole_train_and_its_refusal_for_trucks():
    def days(*extra: str) -> float:
        result = runner.invoke(app, ["route", "Almaty", "Bandar Abbas", "--modes", "rail", "--cargo", "bulk", "--json", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["totals"]["time_h"] / 24

    assert days("--whole-train") < 0.8 * days()  # block-train speed, no wait for a train
    answer = runner.invoke(app, ["route", "Almaty", "Bandar Abbas", "--modes", "rail", "--cargo", "bulk", "--whole-train", "--json"])
    assert json.loads(answer.output)["whole_train"] is True  # the answer says how it was run
    for lang, said in (("en", "as a whole train"), ("fa", "با قطار کامل")):
        text = runner.invoke(app, ["route", "Almaty", "Bandar Abbas", "--modes", "rail", "--cargo", "bulk", "--whole-train", "--lang", lang])
        assert said in text.output
    bad = runner.invoke(app, ["route", "Istanbul", "Tehran", "--cargo", "truck", "--whole-train"])
    assert bad.exit_code == 2 and "'whole_train' = True: trucks do not travel by rail" in bad.output
    assert "Traceback" not in bad.output


def _cheapest_usd(origin: str, destination: str) -> float:
    """Oracle: the least cost from origin to destination by a separate Dijkstra (scipy, on a
    matrix built here from the compiled graph's edge arrays), not by dalan's routing code."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    from dalan.graph import compile_graph
    from dalan.scenarios import load_scenario

    baseline = load_scenario("baseline")
    graph = compile_graph(baseline.network, baseline.costing, "container")
    best: dict[tuple[int, int], float] = {}
    for tail, head, usd in zip(graph.tail.tolist(), graph.head.tolist(), graph.cost_usd.tolist()):
        best[tail, head] = min(usd, best.get((tail, head), float("inf")))
    (tails, heads), usd = zip(*best.keys()), list(best.values())
    matrix = coo_matrix((usd, (tails, heads)), shape=(graph.num_nodes,) * 2).tocsr()  # explicit zeros stay edges
    dist = dijkstra(matrix, indices=int(graph.origin_node[graph.place_index(origin)]))
    return float(dist[int(graph.destination_node[graph.place_index(destination)])])


def test_route_json_cost_is_the_least_cost_found_by_an_independent_dijkstra():
    result = runner.invoke(app, ["route", "PL_WAW", "IR_BND", "--json", "--by", "cost"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["totals"]["cost_usd"] == pytest.approx(_cheapest_usd("PL_WAW", "IR_BND"), rel=1e-6)
    assert data["legs"][0]["kind"] == "load" and data["legs"][-1]["kind"] == "unload"


def test_route_persian_output_uses_persian_names_and_digits():
    result = runner.invoke(app, ["route", "مسکو", "بندرعباس", "--lang", "fa"])
    assert result.exit_code == 0, result.output
    assert "مسکو" in result.output and "روز" in result.output
    assert any(ch in result.output for ch in "۰۱۲۳۴۵۶۷۸۹")


def test_unknown_place_is_one_clear_line_with_suggestions():
    result = runner.invoke(app, ["route", "Tehrn", "Baku"])
    assert result.exit_code == 2
    assert "unknown place 'Tehrn'" in result.output and "Tehran" in result.output
    assert "Traceback" not in result.output


def test_no_route_says_why():
    result = runner.invoke(app, ["route", "GE_ANA", "GE_POT"])
    assert result.exit_code == 2
    assert "planned" in result.output and "--include-planned" in result.output


def test_demo_prints_both_questions_and_writes_the_map(tmp_path):
    out = tmp_path / "demo.html"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Rail only" in result.output and "Warsaw" in result.output and "Moscow" in result.output
    html = out.read_text(encoding="utf-8")
    assert "Rasht" in html and "leaflet" in html.lower()


def test_scenario_list_and_validate():
    listed = runner.invoke(app, ["scenario", "list"])
    assert listed.exit_code == 0 and "rasht-astara" in listed.output
    valid = runner.invoke(app, ["scenario", "validate", "rasht-astara"])
    assert valid.exit_code == 0 and "valid" in valid.output


def test_route_in_a_scenario_uses_its_network():
    today = runner.invoke(app, ["route", "Astara", "Rasht", "--modes", "rail", "--json"])
    built = runner.invoke(app, ["route", "Astara", "Rasht", "--modes", "rail", "--json", "--scenario", "rasht-astara"])
    assert today.exit_code == 0 and built.exit_code == 0, built.output
    assert json.loads(built.output)["totals"]["length_km"] < json.loads(today.output)["totals"]["length_km"] / 5
