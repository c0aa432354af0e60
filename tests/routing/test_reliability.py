"""Transit-time spread: p50/p90 of legs and routes, and routes chosen by a percentile."""

from __future__ import annotations

import math
from dataclasses import replace
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.costing.operations import load_operations
from dalan.errors import InputError
from dalan.network import Link, Network, Place
from dalan.options import RouteOptions
from dalan.routing import route
from dalan.routing.constrained import find_routes
from dalan.routing.reliability import (
    percentile_of,
    quantile_multiplier,
    route_quantiles_h,
)


def _two_borders(spread: float) -> Network:
    """O → P → D (border P: 10 h, 9–11 h) or O → Q → D (border Q: 6 h, 6/spread–6·spread h)."""
    places = (
        Place("O", "Origin", "مبدأ", "AA", 0.0, 0.0, ("city",), (1435,)),
        Place("P", "Steady Border", "مرز پایدار", "AA", 1.0, 1.0, ("border_crossing",), (1435,),
              rail_border_dwell_h=10.0, rail_border_dwell_low_h=9.0, rail_border_dwell_high_h=11.0),
        Place("Q", "Fickle Border", "مرز ناپایدار", "AA", -1.0, 1.0, ("border_crossing",), (1435,),
              rail_border_dwell_h=6.0, rail_border_dwell_low_h=6.0 / spread, rail_border_dwell_high_h=6.0 * spread),
        Place("D", "Destination", "مقصد", "BB", 0.0, 2.0, ("city",), (1435,)),
    )  # fmt: skip
    links = tuple(
        Link(f"L{k}", a, b, "rail", 220.0, (1435,), speed_kmh=22.0)
        for k, (a, b) in enumerate((("O", "P"), ("P", "D"), ("O", "Q"), ("Q", "D")))
    )
    return Network(places, links, "two borders")


def _border_used(network: Network, costing, reliability: str) -> str:
    options = RouteOptions.build("Origin", "Destination", reliability=reliability)
    it = find_routes(network, options, costing=costing)[0]
    return next(leg.from_id for leg in it.legs if leg.kind == "border")


def test_the_p90_route_flips_to_the_steady_border_as_the_spread_grows(tiny_costing):
    narrow, wide = _two_borders(1.2), _two_borders(8.0)
    assert _border_used(narrow, tiny_costing, "mean") == _border_used(wide, tiny_costing, "mean") == "Q"
    assert _border_used(narrow, tiny_costing, "p90") == "Q"  # a little spread: the fast border still wins
    assert _border_used(wide, tiny_costing, "p90") == "P"  # a wide spread: the steady one wins
    # by hand: lognormal with 5th/95th percentiles 6/8 and 6*8 h: sigma = ln 64 / (2 z95), cv = sqrt(e^s² - 1)
    sigma = math.log(64.0) / (2 * 1.6448536269514722)
    it = route(wide, "Origin", "Destination", costing=tiny_costing)
    border = next(leg for leg in it.legs if leg.kind == "border")
    assert border.time_sd_h == pytest.approx(6.0 * math.sqrt(math.expm1(sigma**2)))
    assert border.time_p90_h == pytest.approx(6.0 * math.exp(sigma * 1.2815515655446004 - sigma**2 / 2))


def test_every_leg_of_a_real_route_has_p90_over_p50_over_nothing(network, costing):
    it = route(network, "Warsaw", "Tehran", costing=costing)
    for leg in it.legs:
        assert leg.time_p90_h is not None and leg.time_p50_h is not None
        assert leg.time_p90_h >= leg.time_p50_h >= 0.0
        if leg.kind == "move":  # runs are deterministic
            assert leg.time_p50_h == leg.time_p90_h == leg.time_h
    deterministic = sum(leg.time_h for leg in it.legs if leg.time_sd_h == 0.0)
    assert it.time_p90_h > it.time_p50_h >= deterministic
    assert it.totals()["time_p90_h"] == it.time_p90_h


def test_a_wait_is_uniform_over_the_headway():
    cv, wait = np.array([1 / math.sqrt(3)]), np.array([True])
    assert quantile_multiplier(cv, wait, 0.9)[0] == pytest.approx(1.8)  # 90 % of two means
    assert quantile_multiplier(cv, wait, 0.5)[0] == pytest.approx(1.0)


def test_a_single_stop_has_its_exact_quantiles():
    # a wait of mean 10 h is uniform on [0, 20]: p50 10, p90 18; a lognormal stop of cv 0.5
    p50, p90 = route_quantiles_h([10.0, 5.0], [10.0 / math.sqrt(3.0), 0.0], [True, False], (0.5, 0.9))
    assert p50 == pytest.approx(15.0, rel=0.02) and p90 == pytest.approx(23.0, rel=0.02)
    s2 = math.log1p(0.25)
    exact = [10.0 * math.exp(math.sqrt(s2) * z - s2 / 2) for z in (0.0, 1.2815515655446004)]
    drawn = route_quantiles_h([10.0], [5.0], [False], (0.5, 0.9))
    assert drawn == pytest.approx(exact, rel=0.03)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.5, 30.0, 123.456]), st.sampled_from([0.0, 0.1, 0.7, 1.5]), st.booleans()), max_size=25))
def test_the_draws_are_those_of_one_leg_at_a_time(legs):
    """Batched draws (consecutive legs of one kind in one call) give the same floats as drawing
    each leg from the seeded stream in turn (the oracle, as the simulation draws its stops)."""
    from dalan.costing.operations import draw_multipliers
    from dalan.routing.reliability import SEED

    times, sds, waits = [t for t, _, _ in legs], [t * cv for t, cv, _ in legs], [w for _, _, w in legs]
    rng, total = np.random.default_rng(SEED), np.zeros(256)
    random = [(t, s, w) for t, s, w in zip(times, sds, waits, strict=True) if s > 0.0]
    for t, s, w in random:
        total += rng.uniform(0.0, 2.0 * t, 256) if w else t * draw_multipliers(rng, "lognormal", s / t, 256)
    fixed = float(np.asarray([t for t, s in zip(times, sds, strict=True) if s == 0.0], dtype=float).sum())
    expected = [fixed + float(q) for q in np.quantile(total, [0.5, 0.9])] if random else [fixed, fixed]
    assert route_quantiles_h(times, sds, waits, (0.5, 0.9), draws=256) == expected


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(5.0, 100.0), st.floats(0.1, 0.6)), min_size=8, max_size=20), st.floats(0.0, 500.0))
def test_sums_of_many_stops_match_a_lognormal_moment_match(stops, fixed_h):
    """A second algorithm: Fenton–Wilkinson (a lognormal of the same mean and variance), which is
    close for sums of many moderately spread lognormal stops."""
    times = [fixed_h] + [t for t, _ in stops]
    sds = [0.0] + [t * cv for t, cv in stops]
    mean, variance = sum(times[1:]), sum(s * s for s in sds)
    sigma2 = math.log1p(variance / mean**2)
    drawn = route_quantiles_h(times, sds, [False] * len(times), (0.5, 0.9))
    for p, z in ((0.5, 0.0), (0.9, 1.2815515655446004)):
        matched = fixed_h + mean * math.exp(math.sqrt(sigma2) * z - sigma2 / 2)
        assert drawn[(0.5, 0.9).index(p)] == pytest.approx(matched, rel=0.03)


def test_reliability_options_are_checked():
    assert RouteOptions.build("A", "B", reliability="P90").reliability == "p90"
    assert RouteOptions.build("A", "B", reliability="p۹۰").reliability == "p90"
    assert percentile_of("p90") == 0.9 and percentile_of("mean") is None
    for bad in ("p100", "p5", "median", "90"):
        with pytest.raises(InputError, match="reliability"):
            RouteOptions.build("A", "B", reliability=bad)


def test_the_cli_shows_p50_p90_and_chooses_by_a_percentile():
    from typer.testing import CliRunner

    from dalan.cli.app import app

    runner = CliRunner(env={"COLUMNS": "200"})
    mean = runner.invoke(app, ["route", "Warsaw", "Tehran", "--date", "2022-06-01"])
    assert mean.exit_code == 0, mean.output
    assert "(p50–p90 " in mean.output
    assert "USD (p10–p90 " in mean.output
    fa = runner.invoke(app, ["route", "Warsaw", "Tehran", "--date", "2022-06-01", "--reliability", "p۹۰", "--lang", "fa"])
    assert fa.exit_code == 0 and "صدک ۹۰" in fa.output and "دلار (صدک ۱۰ تا ۹۰: " in fa.output
    bad = runner.invoke(app, ["route", "Warsaw", "Tehran", "--reliability", "p900"])
    assert bad.exit_code != 0 and "reliability" in bad.output and "Traceback" not in bad.output


def test_a_route_s_price_spread_is_its_money_times_the_price_s_factor(network, costing):
    """p10 and p90 of a route's price are its money × e^(∓1.2816 σ), σ its moving money's mix of
    the sea's and the land's price log-sd (worked by hand from the shipped values)."""
    from dalan.routing.reliability import default_operations

    ops = default_operations()
    it = route(network, "Warsaw", "Tehran", costing=costing)
    by_mode = it.move_usd_by_mode
    sea = by_mode.get("sea", 0.0) / sum(by_mode.values())
    sigma = sea * ops.sea_price_log_sd + (1 - sea) * ops.price_log_sd
    z = NormalDist().inv_cdf(0.9)
    assert it.price_log_sd == pytest.approx(sigma)
    assert (it.cost_p10_usd, it.cost_p90_usd) == pytest.approx((it.cost_usd * math.exp(-z * sigma), it.cost_usd * math.exp(z * sigma)))
    assert it.totals()["cost_p90_usd"] == it.cost_p90_usd
    ops_mix = replace(ops, price_log_sd=0.2, sea_price_log_sd=0.4)
    assert ops_mix.price_log_sd_of({"sea": 300.0, "rail": 100.0}) == pytest.approx(0.35)
    assert ops_mix.price_log_sd_of({}) == 0.2


def test_a_trip_s_own_factor_widens_the_route_s_quantiles_exactly():
    """A fixed route of 10 h under a trip factor of log-sd 0.3: its quantiles are 10 h × e^(0.3 z);
    a lognormal leg (mean 10 h, cv 0.5) under it: a lognormal of log-variance ln(1.25) + 0.09
    (its 4,096 draws within 4 % of the exact quantiles: a p90's standard error is about 1.5 %)."""
    z = NormalDist().inv_cdf(0.9)
    assert route_quantiles_h([10.0], [0.0], [False], (0.1, 0.5, 0.9), trip_log_sd=0.3) == pytest.approx(
        [10.0 * math.exp(-0.3 * z), 10.0, 10.0 * math.exp(0.3 * z)]
    )
    s2 = math.log(1.25)
    mu, sigma = math.log(10.0) - s2 / 2.0, math.sqrt(s2 + 0.09)
    drawn = route_quantiles_h([10.0], [5.0], [False], (0.5, 0.9), trip_log_sd=0.3)
    assert drawn == pytest.approx([math.exp(mu), math.exp(mu + sigma * z)], rel=0.04)
    assert route_quantiles_h([10.0], [5.0], [False], (0.9,))[0] < drawn[1]  # wider than the stops alone


def test_a_trip_s_spread_is_its_moving_hours_mix_of_sea_and_land():
    ops = replace(load_operations(), trip_log_sd=0.30, sea_trip_log_sd=0.20)
    assert ops.trip_log_sd_of({"sea": 30.0, "rail": 10.0}) == pytest.approx((30 * 0.20 + 10 * 0.30) / 40)
    assert ops.trip_log_sd_of({}) == ops.trip_log_sd_of({"road": 5.0}) == 0.30
    assert ops.trip_log_sd_of({"sea": 7.0}) == 0.20
