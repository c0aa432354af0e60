"""`compare`: deltas, changed routes, corridor shares and the report."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.errors import InputError
from dalan.graph.virtual import generalized_cost
from dalan.routing.choice import logit_shares
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import compare, corridor_of, read_od_pairs

PAIRS = (("RU_MOW", "IR_BND"), ("AZ_BAK", "IR_THR"), ("TR_IST", "IR_THR"))


@pytest.fixture(scope="module")
def scenarios():
    return load_scenario("baseline"), load_scenario("rasht-astara")


@given(st.lists(st.floats(100, 1e5), min_size=1, max_size=6), st.floats(0, 50))
def test_logit_shares_are_probabilities_ordered_by_cost(costs, theta):
    shares = logit_shares(costs, theta)
    assert np.isclose(shares.sum(), 1.0) and np.all(shares >= 0)
    order = np.argsort(costs)
    assert np.all(np.diff(shares[order]) <= 1e-12)


def test_logit_with_zero_dispersion_is_uniform():
    assert np.allclose(logit_shares([100, 200, 400], 0.0), 1 / 3)


def test_a_scenario_against_itself_changes_nothing(scenarios):
    a, _ = scenarios
    frame = compare(a, a, PAIRS, alternatives=2).to_frame()
    assert not frame["route_changed"].any()
    assert np.allclose(frame[["delta_days", "delta_usd", "delta_t_co2e"]], 0.0)


def test_rasht_astara_comparison(scenarios):
    a, b = scenarios
    result = compare(a, b, PAIRS, alternatives=2)
    frame = result.to_frame().set_index(["origin", "destination"])
    link = result.changed_links()
    assert len(link) == 1 and b.network.link(link[0]).status == "operational"
    for pair in PAIRS:
        ra, rb = result.a[pair], result.b[pair]
        row = frame.loc[pair]
        assert row["delta_days"] == pytest.approx(rb.best.time_days - ra.best.time_days)
        assert row["delta_usd"] == pytest.approx(rb.best.cost_usd - ra.best.cost_usd)
        assert row["route_changed"] == (ra.best.link_ids != rb.best.link_ids)
        uses_new = link[0] in rb.best.link_ids
        if uses_new:  # the new line is only chosen when it lowers generalised cost
            vot = 1.0
            assert rb.best.cost_usd + vot * rb.best.time_h < ra.best.cost_usd + vot * ra.best.time_h
    shares = result.shares_frame()
    assert np.allclose(shares[[a.name, b.name]].sum(), 1.0)


def test_bad_od_file_names_row_and_field(tmp_path, scenarios):
    bad = tmp_path / "od.csv"
    bad.write_text("origin,destination\nWarsaw,Bandar Abbas\nWarsw,Tehran\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_od_pairs(bad, scenarios[0].network)
    assert "line 3" in str(err.value) and "origin" in str(err.value) and "Warsaw" in str(err.value)


def test_bad_od_lines_are_numbered_as_in_the_file(tmp_path, scenarios):
    """Comment lines count: the line named is the file's line (before: the n-th data row + 1)."""
    bad = tmp_path / "od.csv"
    bad.write_text("# pairs\n\norigin,destination\nWarsaw,Warsaw\nWarsaw,Bandar Abbas\n,Tehran\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_od_pairs(bad, scenarios[0].network)
    assert [(p.record, p.field) for p in err.value.problems] == [("line 4", "destination"), ("line 6", "origin")]


def test_od_file_with_persian_column_names(tmp_path, scenarios):
    od = tmp_path / "od.csv"
    od.write_text("مبدا,مقصد\nمسکو,Bandar Abbas\n", encoding="utf-8")  # «مبدأ» typed without its hamza
    assert read_od_pairs(od, scenarios[0].network) == (("RU_MOW", "IR_BND"),)


def test_compare_cli_writes_a_persian_report(tmp_path):
    od = tmp_path / "od.csv"
    od.write_text("origin,destination\nMoscow,Bandar Abbas\n", encoding="utf-8")
    out = tmp_path / "compare.html"
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["compare", "baseline", "rasht-astara", "--od", str(od), "--report", str(out), "--lang", "fa"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "کریدور" in html


def test_dispersion_reaches_the_shares(scenarios):
    a, _ = scenarios
    flat = compare(a, a, PAIRS[:1], alternatives=3, dispersion=0.0)
    shares = flat.a[PAIRS[0]].shares
    assert np.allclose(shares, 1 / len(shares))


def test_pair_results_read_from_edges_match_their_itineraries(scenarios):
    """Totals, corridors, shares and links come from the routes' edges (no itinerary is built for
    them); a second path: the itineraries built from the same edges, and the logit over them."""
    a, b = scenarios
    pairs = (*PAIRS, ("CN_XIA", "TR_IST"), ("KZ_ALA", "GE_POT"), ("IN_NSA", "RU_MOW"))
    result = compare(a, b, pairs, alternatives=3)
    seen = 0
    for side in (result.a, result.b):
        for r in side.values():
            if r is None:
                continue
            seen += 1
            best = r.routes[0]
            assert (r.time_h, r.cost_usd, r.co2_kg) == pytest.approx((best.time_h, best.cost_usd, best.co2_kg), rel=1e-12)
            assert r.link_ids == best.link_ids
            assert r.corridors == tuple(corridor_of(it, r.network) for it in r.routes)
            vot = a.costing.cargo_class("container").value_of_time_usd_per_h
            cost = [generalized_cost(it.cost_usd, it.time_h, it.co2_kg, vot, a.costing.carbon_price_usd_per_t) for it in r.routes]
            assert np.allclose(r.shares, logit_shares(cost, result.dispersion), rtol=1e-9)
    assert seen >= 8


def test_a_compared_truck_route_times_its_run_as_its_itinerary_does(scenarios):
    """A truck's hours by the driving-time rules, run by run (``VirtualGraph.truck_rest_h``): the
    totals read from the edges add them as the itinerary's legs do."""
    a, _ = scenarios
    result = compare(a, a, (("KZ_ALA", "UZ_TAS"),), modes="road", alternatives=2)
    for r in (result.a[("KZ_ALA", "UZ_TAS")], result.b[("KZ_ALA", "UZ_TAS")]):
        assert r is not None
        graph = r.graph
        for it, (hours, _, _) in zip(r.routes, r.totals, strict=True):
            assert hours == pytest.approx(it.time_h, rel=1e-12)
            linear_h = float(graph.time_h[list(it.edges)].sum())
            assert hours == pytest.approx(linear_h + sum(graph.truck_rest_h(it.edges)), rel=1e-12)
            assert hours < linear_h  # a day and a half at the wheel, not the long-haul factor's
