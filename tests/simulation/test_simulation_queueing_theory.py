"""Single stations against queueing theory: M/M/c (Erlang C), M/D/1 (Pollaczek–Khinchine) and a
timetabled ferry (mean wait of half the headway), each within the replications' 95 % interval."""

from __future__ import annotations

import math

import pytest
from simulation_helpers import one_flow, operations, station_line, without_loading

from dalan.simulation import build_plan, run_plan

DWELL_H = 10.0


def erlang_c_wait_h(arrival_per_h: float, service_h: float, servers: int) -> float:
    """Mean wait in queue of M/M/c (Erlang C formula)."""
    a = arrival_per_h * service_h
    rho = a / servers
    tail = a**servers / math.factorial(servers) / (1.0 - rho)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(servers)) + tail)
    return p_wait * service_h / (servers * (1.0 - rho))


def pollaczek_khinchine_wait_h(arrival_per_h: float, service_h: float, cv: float) -> float:
    """Mean wait in queue of M/G/1 (Pollaczek–Khinchine); ``cv = 0`` is M/D/1."""
    rho = arrival_per_h * service_h
    return rho * service_h * (1.0 + cv * cv) / (2.0 * (1.0 - rho))


def border_wait(costing, servers: int, cv: float, family: str, rho: float, replications: int, days: float):
    network = station_line(road_dwell_h=DWELL_H)
    overrides = {"X": {"road_border": {"servers": servers, "cv": cv, "family": family}}}
    arrival_per_h = rho * servers / DWELL_H
    plan = build_plan(network, without_loading(costing), one_flow("O", "Z", arrival_per_h), operations(places=overrides), by="time")
    border = next(f.index for f in plan.facilities if f.kind == "road_border")
    result = run_plan(plan, days=days, warmup_days=20, replications=replications, seed=7)
    frame = result.facilities_frame().iloc[border]
    return arrival_per_h, frame


def test_border_as_mmc_matches_erlang_c(tiny_costing):
    arrival_per_h, row = border_wait(tiny_costing, servers=3, cv=1.0, family="gamma", rho=0.7, replications=16, days=300)
    expected = erlang_c_wait_h(arrival_per_h, DWELL_H, 3)
    assert row["mean_wait_h_lo"] <= expected <= row["mean_wait_h_hi"]
    assert row["mean_wait_h_hi"] - row["mean_wait_h_lo"] < 0.3 * expected  # the interval is informative
    assert row["utilisation"] == pytest.approx(0.7, rel=0.03)


def test_md1_station_matches_pollaczek_khinchine(tiny_costing):
    arrival_per_h, row = border_wait(tiny_costing, servers=1, cv=0.0, family="lognormal", rho=0.7, replications=16, days=300)
    expected = pollaczek_khinchine_wait_h(arrival_per_h, DWELL_H, 0.0)
    assert row["mean_wait_h_lo"] <= expected <= row["mean_wait_h_hi"]
    assert row["mean_wait_h_hi"] - row["mean_wait_h_lo"] < 0.3 * expected
    # M/D/1 waits half as long as M/M/1 at the same load.
    assert expected == pytest.approx(pollaczek_khinchine_wait_h(arrival_per_h, DWELL_H, 1.0) / 2)


def test_timetabled_ferry_waits_half_the_headway(tiny_costing):
    sailings_per_week = 3.5  # every 48 h
    network = station_line(ferry_sailings_per_week=sailings_per_week)
    plan = build_plan(network, without_loading(tiny_costing), one_flow("O", "Z", 0.5), operations(), by="time")
    sailing = next(f for f in plan.facilities if f.kind == "sailing")
    assert sailing.headway_h == pytest.approx(48.0)
    result = run_plan(plan, days=120, warmup_days=4, replications=10, seed=3)
    row = result.facilities_frame().iloc[sailing.index]
    assert row["mean_wait_h_lo"] <= 24.0 <= row["mean_wait_h_hi"]
    assert row["mean_wait_h_hi"] - row["mean_wait_h_lo"] < 4.0
