"""Engine preconditions, logit shares, compare A A, atomic writes and Rich markup in the CLI."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.errors import GraphWeightError, InputError
from dalan.files import write_text_atomic
from dalan.graph import compile_graph
from dalan.network.io import read_geojson, write_geojson
from dalan.reports.page import write_report
from dalan.routing.choice import logit_shares
from dalan.routing.paths import edges_on_path, shortest_tree
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import compare

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def tiny_graph(tiny_network, tiny_costing):
    return compile_graph(tiny_network, tiny_costing)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, -math.inf])
def test_shortest_tree_refuses_negative_or_non_finite_weights(tiny_graph, bad):
    weights = tiny_graph.time_h.copy()
    weights[3] = bad
    with pytest.raises(GraphWeightError, match="edge 3"):
        shortest_tree(tiny_graph, weights, int(tiny_graph.origin_node[0]))
    allowed = np.ones(tiny_graph.num_edges, dtype=bool)
    allowed[3] = False  # a disallowed edge's weight does not matter
    dist, _ = shortest_tree(tiny_graph, weights, int(tiny_graph.origin_node[0]), allowed)
    assert np.isfinite(dist).any()


def _a_cycle(g) -> list[int]:
    """Nodes of a directed cycle of ``g`` (BFS back from each edge's head to its tail)."""
    for e in range(g.num_edges):
        start, goal = int(g.head[e]), int(g.tail[e])
        parent, frontier = {start: -1}, [start]
        while frontier and goal not in parent:
            nxt = []
            for u in frontier:
                for k in range(g.indptr[u], g.indptr[u + 1]):
                    v = int(g.head[k])
                    if v not in parent:
                        parent[v] = u
                        nxt.append(v)
            frontier = nxt
        if goal in parent:
            path, node = [], goal
            while node != -1:
                path.append(node)
                node = parent[node]
            return path[::-1]  # start ... goal, and the edge goal -> start closes it
    raise AssertionError("no cycle")


def test_edges_on_path_stops_on_a_predecessor_cycle(network, costing):
    g = compile_graph(network, costing)
    cycle = _a_cycle(g)
    pred = np.full(g.num_nodes, -9999)
    for u, v in zip(cycle, cycle[1:] + cycle[:1]):
        pred[v] = u  # a predecessor cycle, as Dijkstra leaves on negative edges
    with pytest.raises(GraphWeightError, match="cycle"):
        edges_on_path(g, g.time_h, pred, cycle[0])


def test_edges_on_path_refuses_a_tree_that_does_not_match_the_graph(tiny_graph):
    pred = np.full(tiny_graph.num_nodes, -9999)
    node = int(tiny_graph.destination_node[-1])
    pred[node] = node  # no edge from a node to itself
    with pytest.raises(GraphWeightError):
        edges_on_path(tiny_graph, tiny_graph.time_h, pred, node)


def test_all_or_nothing_refuses_negative_costs():
    from dalan._kernels import all_or_nothing

    indptr = np.array([0, 1, 1]); link = np.array([0]); head = np.array([1]); tail = np.array([0])
    with pytest.raises(AssertionError, match="non-negative"):
        all_or_nothing(indptr, link, head, tail, np.array([-1.0]), np.array([1.0]), np.array([0]), np.array([1]),
                       np.ones((1, 1)), 0)  # fmt: skip


def test_logit_is_finite_when_the_cheapest_cost_is_zero():
    """Before: 0/0 gave NaN shares."""
    assert logit_shares([0.0, 10.0, 0.0]).tolist() == [0.5, 0.0, 0.5]
    assert logit_shares([0.0]).tolist() == [1.0]


@given(
    st.lists(st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False), min_size=1, max_size=8),
    st.floats(0, 100),
)
def test_logit_shares_are_probabilities_for_any_finite_costs(costs, theta):
    shares = logit_shares(costs, theta)
    assert np.all(np.isfinite(shares)) and np.all((shares >= 0) & (shares <= 1))
    assert shares.sum() == pytest.approx(1.0)
    cheapest = int(np.argmin(costs))
    assert shares[cheapest] == pytest.approx(shares.max())


@pytest.mark.parametrize("theta", [-1.0, math.nan, math.inf, 1e6])
def test_logit_refuses_bad_dispersion(theta):
    with pytest.raises(InputError, match="dispersion"):
        logit_shares([1.0, 2.0], theta)


def test_compare_a_scenario_with_itself_keeps_both_sides():
    """Before: both sides were merged into one column holding 200 % shares (and the web job's
    rename to share_a failed with KeyError)."""
    a = load_scenario("baseline")
    result = compare(a, a, (("RU_MOW", "IR_BND"), ("AZ_BAK", "IR_THR")), alternatives=2)
    shares = result.shares_frame()
    assert list(shares.columns) == ["baseline (A)", "baseline (B)", "delta"]
    assert shares["baseline (A)"].sum() == pytest.approx(1.0) and shares["baseline (B)"].sum() == pytest.approx(1.0)
    assert np.allclose(shares["delta"], 0.0)


def test_compare_cli_same_scenario_twice_and_bad_dispersion(tmp_path):
    od = tmp_path / "od.csv"
    od.write_text("origin,destination\nBaku,Tehran\n", encoding="utf-8")
    same = runner.invoke(app, ["compare", "baseline", "baseline", "--od", str(od), "--alternatives", "2"])
    assert same.exit_code == 0, same.output
    assert "baseline (A)" in same.output and "baseline (B)" in same.output
    percents = [float(x) for x in re.findall(r"(-?[\d.]+) %", same.output)]
    assert percents and all(0 <= x <= 100 for x in percents)
    for theta in ("nan", "-1"):
        bad = runner.invoke(app, ["compare", "baseline", "baseline", "--od", str(od), "--dispersion", theta])
        assert bad.exit_code == 2 and "dispersion" in bad.output and "Traceback" not in bad.output


def test_a_failing_write_leaves_the_existing_file_intact(tmp_path):
    """Before: write_text truncated the report, then failed (here: text that cannot be encoded)."""
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_report(target, "<html>\ud800</html>")
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
    write_report(target, "<html>new</html>")
    assert target.read_text(encoding="utf-8") == "<html>new</html>"


def test_a_failing_csv_write_leaves_the_existing_file_intact(tmp_path):
    from dalan.files import atomic_write

    target = tmp_path / "flows.csv"
    target.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("x,y\n")
        raise RuntimeError("render failed half-way")
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_geojson_round_trip_through_the_atomic_writer(tmp_path, tiny_network):
    path = tmp_path / "net.geojson"
    write_geojson(tiny_network, path)
    assert read_geojson(path).links == tiny_network.links
    assert write_text_atomic(tmp_path / "sub" / "x.txt", "ok").read_text(encoding="utf-8") == "ok"


@pytest.mark.parametrize("query", ["[/red]", "[bold]x[/]", "[link=http://x]y"])
def test_place_names_with_markup_give_a_clean_error(query):
    """Before: '[/red]' in the error message raised rich.errors.MarkupError (a traceback)."""
    result = runner.invoke(app, ["route", query, "Tehran"])
    assert result.exit_code == 2, result.output
    assert "unknown place" in result.output and query in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_scenario_title_with_markup_prints_as_text(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('name = "m[/red]"\ntitle_en = "[bold]Closing [/i] tags"\nbase = "embedded"\n', encoding="utf-8")
    result = runner.invoke(app, ["scenario", "show", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold]Closing [/i] tags" in result.output and "m[/red]" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["simulate", "--days", "inf"],
        ["simulate", "--days", "1e9"],
        ["simulate", "--replications", "100000"],
        ["simulate", "--warmup-days", "nan"],
        ["route", "Baku", "Tehran", "--by", "generalized", "--value-of-time", "-1000"],
        ["route", "Baku", "Tehran", "--by", "generalized", "--carbon-price", "-1e6"],
        ["route", "Baku", "Tehran", "--by", "generalized", "--carbon-price", "nan"],
        ["assign", "--loading", "logit", "--dispersion", "nan"],
        ["assign", "--gap", "-1"],
    ],
)
def test_bad_numeric_options_are_refused_at_once(args):
    """Before: --days inf ran for ever; negative value of time / carbon price ate 12.9 GB."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and any(w in result.output for w in ("must", "not finite", "Invalid value"))


def test_tntp_cli_refuses_bad_factors(tmp_path):
    result = runner.invoke(app, ["tntp", str(tmp_path / "n.tntp"), str(tmp_path / "t.tntp"), "--distance-factor", "-1"])
    assert result.exit_code == 2 and "distance_factor" in result.output


def test_a_chart_becomes_an_svg_file_of_its_own():
    """``standalone_svg``: the namespace and a white background added, the chart's own content
    kept byte for byte (a Markup chart is not escaped again); anything else is refused."""
    from xml.etree import ElementTree

    from markupsafe import Markup

    from dalan.reports.svg import standalone_svg, svg_open, svg_text

    chart = Markup(svg_open(200, 100, "a & b") + svg_text(10, 20, "تهران ← Baku") + "</svg>")
    text = standalone_svg(chart)
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("aria-label") == "a & b"
    assert [e.tag.split("}")[1] for e in root] == ["rect", "text"] and root[1].text == "تهران ← Baku"
    assert str(chart)[str(chart).index(">") + 1 :] in text
    with pytest.raises(ValueError):
        standalone_svg("<svg><g/></svg>")


TNTP = Path(__file__).resolve().parents[1] / "data" / "tntp"


@pytest.mark.parametrize(
    "args",
    [
        ["route", "Moscow", "Tehran", "--report", "{dir}"],
        ["simulate", "--replications", "1", "--days", "5", "--report", "{dir}"],
        ["stress", "--csv", "{dir}"],
        ["stress", "--json-out", "{dir}"],
        ["compare", "baseline", "rasht-astara", "--csv", "{dir}"],
        ["assign", "--report", "{dir}"],
        ["demo", "--out", "{dir}"],
        ["backtest", "--csv", "{dir}"],
        ["calibrate", "--no-cv", "--out", "{dir}"],
    ],
    ids=lambda a: " ".join(a[:1] + a[-2:-1]),
)
def test_an_output_path_that_is_a_folder_fails_before_the_work(tmp_path, args):
    """Every command that writes a file checks its output paths first: a folder given for a file
    is one clear error at once (it was a traceback, after the work, from os.replace)."""
    result = runner.invoke(app, [a.format(dir=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert f"'{tmp_path}': cannot be written (is a directory)" in " ".join(result.output.split())
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_tntp_flows_into_a_folder_fail_before_the_assignment(tmp_path):
    net, trips = TNTP / "SiouxFalls" / "SiouxFalls_net.tntp", TNTP / "SiouxFalls" / "SiouxFalls_trips.tntp"
    result = runner.invoke(app, ["tntp", str(net), str(trips), "--flows-out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "cannot be written (is a directory)" in " ".join(result.output.split()) and "Traceback" not in result.output
