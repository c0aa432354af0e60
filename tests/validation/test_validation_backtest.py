"""Back-test arithmetic (errors, bands, units, scopes) and a run over the shipped file.

These tests check structure and arithmetic against hand-computed values and against the
itinerary's own legs, not the model's accuracy."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.options import RouteOptions
from dalan.reports.backtest_page import GROUP_LABELS
from dalan.routing.constrained import find_routes
from dalan.scenarios import load_scenario
from dalan.validation.agreement import agreement
from dalan.validation.backtest import (
    NOT_MAPPABLE,
    NOT_RUNNABLE,
    OK,
    SUMMARY_GROUPS,
    UNITS,
    NotRunnable,
    cargo_and_quantity,
    is_route_metric,
    load_exchange_rates,
    route_metric,
    run_backtest,
)
from dalan.validation.bands import band_for, in_band, published_range, relative_error
from dalan.validation.queries import QueryRow, read_queries

SHIPPED = Path(__file__).parents[1] / "data" / "observations" / "calibration_queries.csv"


@pytest.mark.parametrize(
    ("model", "value", "low", "high", "expected"),
    [
        (12.0, 10.0, None, None, 0.2),
        (7.5, 10.0, None, None, -0.25),
        (15.0, 10.0, 10.0, 20.0, 0.0),  # inside the range
        (10.0, 15.0, 10.0, 20.0, 0.0),  # on a bound
        (8.0, 15.0, 10.0, 20.0, -0.2),  # below: relative to the low bound
        (30.0, 15.0, 10.0, 20.0, 0.5),  # above: relative to the high bound
        (48.0, 240.0, None, 384.0, -0.8),  # one-sided range: value is the other bound
        (300.0, 240.0, None, 384.0, 0.0),
        (-2.0, 4.0, None, None, -1.5),
    ],
)
def test_relative_error(model, value, low, high, expected):
    assert relative_error(model, value, low, high) == pytest.approx(expected)


def test_range_band_and_zero():
    assert published_range(15.0, 10.0, 20.0) == (10.0, 20.0)
    assert published_range(240.0, None, 384.0) == (240.0, 384.0)
    assert in_band(0.25, 0.25) and in_band(-0.25, 0.25) and not in_band(0.2501, 0.25)
    assert relative_error(1.0, 0.0) == math.inf and relative_error(0.0, 0.0) == 0.0
    for metric in ("transit_days", "border_hours", "speed_km_per_h", "distance_km", "distance_nm_added"):
        assert band_for(metric, 0.25, 0.30) == 0.25
    for metric in ("price_usd", "price_usd_per_feu", "price_usd_per_teu_km", "price_chf_per_t"):
        assert band_for(metric, 0.25, 0.30) == 0.30


def test_units_and_conversions():
    row = QueryRow(id="A", metric="price_usd_per_feu", cargo="container", quantity=1.0, unit="FEU")
    assert cargo_and_quantity(row) == ("container", 2.0)  # an FEU is 2 TEU
    assert cargo_and_quantity(QueryRow(id="A", metric="m", quantity=2.0, unit="TEU")) == ("container", 2.0)
    assert cargo_and_quantity(QueryRow(id="A", metric="m", quantity=1.0, unit="truck")) == ("truck", 1.0)
    # the observations file writes "vehicle" for its truck rows: a truck is a road vehicle
    assert cargo_and_quantity(QueryRow(id="A", metric="m", cargo="vehicle", quantity=1.0, unit="truck")) == ("truck", 1.0)
    assert cargo_and_quantity(QueryRow(id="A", metric="m", cargo="vehicle", quantity=3.0, unit="car")) == ("vehicle", 3.0)
    with pytest.raises(NotRunnable, match="does not fit"):
        cargo_and_quantity(QueryRow(id="A", metric="m", cargo="truck", unit="car"))
    assert cargo_and_quantity(QueryRow(id="A", metric="m", quantity=1.0, unit="t")) == ("bulk", 1.0)
    with pytest.raises(NotRunnable, match="unit 'pallet' is not modelled"):
        cargo_and_quantity(QueryRow(id="A", metric="m", unit="pallet"))
    with pytest.raises(NotRunnable, match="does not fit"):
        cargo_and_quantity(QueryRow(id="A", metric="m", cargo="bulk", unit="TEU"))
    rates = load_exchange_rates()
    assert rates["chf"][2021] == pytest.approx(0.9144)
    assert rates["eur"][2020] == pytest.approx(1 / 1.1410)  # the Fed's USD per euro, inverted
    assert route_metric("price_chf_per_t", 48.0, 100.0, 1000.0, 2021, rates) == pytest.approx(91.44)
    assert route_metric("price_eur_per_feu", 48.0, 1141.0, 1000.0, 2020, rates) == pytest.approx(1000.0)
    assert route_metric("price_eur_per_teu_km", 48.0, 1183.0, 1000.0, 2021, rates) == pytest.approx(1.0)
    assert route_metric("price_usd_per_t", 48.0, 100.0, 1000.0, None, rates) == 100.0
    assert route_metric("transit_days", 48.0, 100.0, 1000.0, None, rates) == 2.0
    assert route_metric("transit_hours", 48.0, 100.0, 1000.0, None, rates) == 48.0
    assert route_metric("speed_km_per_h", 50.0, 100.0, 1000.0, None, rates) == 20.0
    assert route_metric("speed_km_per_day", 48.0, 100.0, 1000.0, None, rates) == 500.0
    assert route_metric("price_usd_per_teu_km", 50.0, 100.0, 1000.0, None, rates) == 0.1
    assert route_metric("distance_nm_added", 0.0, 0.0, 1852.0, None, rates) == pytest.approx(1000.0)
    with pytest.raises(NotRunnable, match="no USD→CHF rate for year 1999"):
        route_metric("price_chf_per_t", 1.0, 1.0, 1.0, 1999, rates)
    with pytest.raises(NotRunnable, match="no USD→EUR rate for year 2016 .rates known: 2012–2023"):
        route_metric("price_eur_per_t", 1.0, 1.0, 1.0, 2016, rates)
    with pytest.raises(NotRunnable, match="no USD→GBP rate for year 2021"):
        route_metric("price_gbp", 1.0, 1.0, 1.0, 2021, rates)
    for code in ("volume_t", "price_usd_per_pallet", "price_us", "transit_weeks"):
        with pytest.raises(NotRunnable, match=f"metric {code} is not modelled"):
            route_metric(code, 1.0, 1.0, 1.0, 2021, rates)


@given(
    currency=st.sampled_from(["usd", "chf", "eur"]),
    unit=st.sampled_from(["", *sorted(UNITS)]),
    per_km=st.booleans(),
    cost_usd=st.floats(0.0, 1e7),
    length_km=st.floats(1e-3, 1e5),
    year=st.sampled_from([2013, 2019, 2022]),
)
def test_a_price_metric_is_the_cost_in_its_currency_per_km_when_it_says_so(currency, unit, per_km, cost_usd, length_km, year):
    rates = load_exchange_rates()
    metric = f"price_{currency}" + (f"_per_{unit}" if unit else "") + ("_km" if per_km else "")
    assert is_route_metric(metric)
    money = cost_usd * (1.0 if currency == "usd" else rates[currency][year])
    expected = money / length_km if per_km else money
    assert route_metric(metric, 10.0, cost_usd, length_km, year, rates) == pytest.approx(expected)


def _row(**kw) -> QueryRow:
    base = {
        "id": "T", "metric": "transit_days", "origin": "Dostyk", "destination": "Brest", "modes": ("rail",),
        "cargo": "container", "quantity": 1.0, "unit": "TEU", "scope": "terminal-to-terminal", "value": 10.0,
        "file": "t.csv", "line": 2,
    }  # fmt: skip
    return QueryRow(**(base | kw))


@pytest.fixture(scope="module")
def run(network, costing):
    def run_rows(*rows, **kw):
        return run_backtest(rows, network=network, costing=costing, **kw).results

    return run_rows


def test_line_haul_drops_the_end_handling(run, network, costing):
    t2t, line_haul = run(_row(), _row(scope="line-haul"))
    p_t2t, p_line = run(_row(metric="price_usd_per_teu"), _row(metric="price_usd_per_teu", scope="line-haul"))
    assert {r.status for r in (t2t, line_haul, p_t2t, p_line)} == {OK}
    options = RouteOptions.build("Dostyk", "Brest", modes="rail", cargo="container", quantity=1.0, by="time")
    legs = find_routes(network, options, costing=costing)[0].legs
    assert (legs[0].kind, legs[-1].kind) == ("load", "unload")
    ends = (legs[0], legs[-1])
    assert (t2t.model_value - line_haul.model_value) * 24 == pytest.approx(sum(g.time_h for g in ends))
    assert p_t2t.model_value - p_line.model_value == pytest.approx(sum(g.cost_usd for g in ends))
    assert t2t.model_value * 24 == pytest.approx(sum(g.time_h for g in legs))


def test_a_bulk_figure_by_rail_is_a_train_s_run(run, network, costing):
    """Sarakhs -> Bandar Abbas (Iran's railway, 1,601 km): a bulk row runs as a whole train, the rail
    leg at RAI's block-train speed (no wagonload factor, no wait for a train), though its quantity
    is 1 t; a planner's 1 t asked by route stays wagonload."""
    line_haul, = run(_row(metric="transit_hours", origin="Sarakhs", destination="Bandar Abbas", cargo="bulk", unit="t", scope="line-haul"))
    options = RouteOptions.build("Sarakhs", "Bandar Abbas", modes="rail", cargo="bulk", quantity=1.0, by="time")
    wagonload = find_routes(network, options, costing=costing)[0]
    (rail,) = [leg for leg in wagonload.legs if leg.kind == "move"]
    assert line_haul.status == OK and rail.length_km == pytest.approx(1601.0, abs=1.0)
    assert line_haul.model_value == pytest.approx(rail.length_km / costing.value("rail_speed_km_per_day.IR") * 24)
    assert rail.time_h == pytest.approx(line_haul.model_value / costing.value("rail_wagonload_factor"))


def test_a_schedule_or_a_claim_is_a_timetable_s_time_without_the_queues(run, network, costing):
    """A block train Dostyk -> Warsaw waits for its slot at Brest (``block_train_waits_at``: the
    crossing's 48 h x border_dwell_factor before the 8.5-h stop): an observation of the trip counts
    the wait, a schedule or a claim (a promise) does not; a trip with no queue known apart reads
    the same for every kind."""
    trip = {"destination": "Warsaw"}
    observed, scheduled, claimed = run(*(_row(kind=kind, **trip) for kind in ("observation", "schedule", "claim")))
    assert {r.status for r in (observed, scheduled, claimed)} == {OK}
    itinerary = find_routes(network, RouteOptions.build("Dostyk", "Warsaw", modes="rail", by="time"), costing=costing)[0]
    queues = [(leg.from_id, leg.queue_h) for leg in itinerary.legs if leg.queue_h]
    wait_h = 48.0 * costing.border_dwell_factor
    assert {place for place, _ in queues} == {"BY_BRS", "PL_MAL"} and sum(h for _, h in queues) == pytest.approx(wait_h)
    assert observed.model_value * 24 == pytest.approx(itinerary.time_h)
    assert (observed.model_value - scheduled.model_value) * 24 == pytest.approx(wait_h)
    assert claimed.model_value == pytest.approx(scheduled.model_value)
    plain = run(*(_row(kind=kind, destination="Almaty") for kind in ("observation", "schedule")))  # no Brest on the way
    assert plain[0].model_value == pytest.approx(plain[1].model_value)


def test_a_row_sees_the_services_opened_by_the_end_of_its_year(run):
    # FESCO's Indian Line West (history: open 2023-02-01) sails through Suez to Novorossiysk; before
    # it, a box for the Black Sea changed ship at East Port Said onto a 10-kn feeder.
    def row(year: int) -> QueryRow:
        return _row(origin="Nhava Sheva", destination="Novorossiysk", modes=("sea",), year=year)

    before, during, after = run(row(2013), row(2023), row(2024))
    assert {r.status for r in (before, during, after)} == {OK}
    assert "East Port Said (SCCT transshipment hub)" in before.route and "East Port Said (SCCT transshipment hub)" not in after.route
    assert during.model_value == pytest.approx(after.model_value)
    assert before.model_value - after.model_value > 3.0  # the transshipment, the wait for the feeder, its 10 kn


def test_a_row_does_not_travel_a_border_closed_all_through_its_year(run):
    # Moscow - Kyiv by rail: the Suzemka - Zernove crossing until the war (history: border RU-UA
    # closed 2022-02-24, never reopened); a figure of 2022 may have crossed before the war, one of
    # 2023 cannot: it goes round through Belarus and Poland (two gauge changes)
    def row(year: int) -> QueryRow:
        return _row(origin="Moscow", destination="Kyiv", year=year)

    before, war_year, after = run(row(2021), row(2022), row(2023))
    assert {r.status for r in (before, war_year, after)} == {OK}
    assert "Suzemka (RU border station, RU/UA)" in before.route and "Suzemka (RU border station, RU/UA)" in war_year.route
    assert "Suzemka (RU border station, RU/UA)" not in after.route and "Brest (BY)" in after.route
    assert after.model_value > before.model_value + 2.0


def test_a_chokepoint_s_closure_is_the_scenario_s_to_choose(run):
    # the Red Sea (history: Bab-el-Mandeb closed from 2023-12-15) stayed open to some lines (FESCO
    # through Suez to St Petersburg in 2024): a figure of 2024 sails through it unless its scenario
    # diverts it
    suez, cape = run(
        _row(origin="Shanghai", destination="Rotterdam", modes=("sea",), year=2024),
        _row(origin="Shanghai", destination="Rotterdam", modes=("sea",), year=2024, scenario="red-sea-diversion"),
    )
    assert suez.status == cape.status == OK
    assert cape.model_value > suez.model_value + 7.0  # round the Cape: some 6,000 km more at sea


def test_feu_is_two_teu_and_chf_uses_the_year_rate(run):
    teu, feu, feu_unit = run(
        _row(metric="price_usd_per_teu"),
        _row(metric="price_usd_per_feu", quantity=2.0),
        _row(metric="price_usd_per_feu", quantity=1.0, unit="FEU"),
    )
    assert feu.model_value == pytest.approx(2 * teu.model_value) and feu_unit.model_value == pytest.approx(feu.model_value)
    km_teu, km_feu = run(_row(metric="price_usd_per_teu_km"), _row(metric="price_usd_per_feu_km", quantity=2.0))
    assert km_feu.model_value == pytest.approx(2 * km_teu.model_value)
    bulk = {"origin": "Sarakhs", "destination": "Bandar Abbas", "cargo": "bulk", "unit": "t", "scope": "line-haul", "year": 2021}
    usd, chf = run(_row(metric="price_usd", **bulk), _row(metric="price_chf_per_t", **bulk))
    assert chf.model_value == pytest.approx(usd.model_value * 0.9144)


def test_facility_rows(run, network, costing):
    brest = network.place("BY_BRS")
    border = {"metric": "border_hours", "origin": "", "destination": "", "modes": None, "scope": "border", "place": "Brest", "value": 60.0}
    # a container block train at Brest: its wait for a slot (the crossing's dwell, 2-3 days in a
    # regular trip, RailTech 2018) and its published stop (BelTA 2019: 8.5 h with the reload); a
    # timetable's, the stop alone
    box, timetable = run(_row(**border), _row(**(border | {"kind": "schedule"})))
    wait_h = brest.rail_border_dwell_h * costing.border_dwell_factor
    assert box.status == OK and (box.model_value, timetable.model_value) == (pytest.approx(8.5 + wait_h), pytest.approx(8.5))
    assert box.corridor == brest.corridors[0] and box.route == (brest.name_en,)
    # wagonload (bulk) at Brest is held there and changes gauge (transshipment), as a route counts it
    wagons = border | {"cargo": "bulk", "unit": "t"}
    reload_h = costing.cargo_class("bulk").gauge_change[brest.gauge_change_methods[0]].time_h
    (r,) = run(_row(**wagons))
    assert r.status == OK and r.model_value == pytest.approx(brest.rail_border_dwell_h * costing.border_dwell_factor + reload_h)
    slow = costing.with_overrides({"border_dwell_factor": 2.0})
    doubled, box_doubled = run_backtest([_row(**wagons), _row(**border)], network=network, costing=slow).results
    assert doubled.model_value == pytest.approx(2.0 * brest.rail_border_dwell_h + reload_h)  # the factor set to 2, whatever the fitted one
    assert box_doubled.model_value == pytest.approx(8.5 + 2.0 * brest.rail_border_dwell_h)  # the wait moves, the stop does not
    # at Dostyk a block train waits for its slot into Kazakhstan only (block_train_waits_entering):
    # a figure whose note says the train left Kazakhstan is the published stop alone
    dostyk = border | {"place": "Dostyk"}
    westbound, eastbound, unstated = run(
        _row(**(dostyk | {"mapping_note": "CN->KZ"})), _row(**(dostyk | {"mapping_note": "KZ->CN"})), _row(**dostyk)
    )
    into_kazakhstan_h = costing.block_train_border_h["KZ_DOS"] + network.place("KZ_DOS").rail_border_dwell_h * costing.border_dwell_factor
    assert westbound.model_value == pytest.approx(into_kazakhstan_h) == unstated.model_value
    assert eastbound.model_value == pytest.approx(costing.block_train_border_h["KZ_DOS"])
    kunowice = network.place("PL_KUN")  # no change of gauge there: the dwell alone
    (plain,) = run(_row(**(border | {"place": "Kunowice"})))
    assert not kunowice.is_gauge_change and plain.model_value == pytest.approx(kunowice.rail_border_dwell_h * costing.border_dwell_factor)
    (thc,) = run(_row(**(border | {"metric": "price_usd_per_teu", "place": "Poti", "value": 290.0})))
    assert thc.model_value == pytest.approx(costing.cargo_class("container").handling["port"].cost_usd)
    # a terminal's charge in other units: per tonne of grain (Aktau, HI-007), per 40-ft box (two
    # TEU), in francs; a charge per km is no facility's
    port = border | {"place": "Aktau", "year": 2021}
    grain, feu, francs, per_km = run(
        _row(**(port | {"metric": "price_usd_per_t", "cargo": "bulk", "unit": "t"})),
        _row(**(port | {"metric": "price_usd_per_feu", "unit": "FEU"})),
        _row(**(port | {"metric": "price_chf_per_t", "cargo": "bulk", "unit": "t"})),
        _row(**(port | {"metric": "price_usd_per_teu_km"})),
    )
    assert grain.model_value == pytest.approx(costing.cargo_class("bulk").handling["port"].cost_usd)
    assert feu.model_value == pytest.approx(2 * thc.model_value)
    assert francs.model_value == pytest.approx(grain.model_value * 0.9144)  # the CHF rate of 2021, as the route figures above
    assert per_km.status == NOT_RUNNABLE and "not modelled for a facility" in per_km.reason
    truck = border | {"cargo": "vehicle", "unit": "truck"}
    (road,) = run(_row(**truck))  # a truck at Brest: the road crossing's dwell, no change of gauge
    assert road.status == OK and road.model_value == pytest.approx(brest.road_border_dwell_h * costing.border_dwell_factor)
    (schengen,) = run(_row(**(truck | {"place": "Kunowice"})))  # inside Schengen: no road border to time
    assert schengen.status == NOT_RUNNABLE and "no road border dwell" in schengen.reason


def test_a_port_border_figure_is_the_clearance_before_a_voyage(run, network, costing):
    """CAREC CPMM times trucks at a port's road BCP (Baku at Alat: OBS-073): the model's clearance
    of rolling units before a voyage, vehicles' ``vehicle_voyage_border_h``, wagons'
    ``voyage_border_h``; a box is cleared in the yard instead."""
    port = {"metric": "border_hours", "origin": "", "destination": "", "modes": None, "scope": "border", "place": "Alat", "value": 1.8}
    truck, wagon, box = run(
        _row(**(port | {"cargo": "vehicle", "unit": "truck"})), _row(**(port | {"cargo": "bulk", "unit": "t"})), _row(**port)
    )
    assert truck.status == wagon.status == OK and not network.place("AZ_ALA").is_border
    assert wagon.model_value == pytest.approx(costing.voyage_border_h) and costing.voyage_border_h > 0
    assert truck.model_value == pytest.approx(costing.value("vehicle_voyage_border_h")) and truck.model_value != wagon.model_value
    (slow,) = run_backtest([_row(**(port | {"cargo": "vehicle", "unit": "truck"}))], network=network,
                           costing=costing.with_overrides({"voyage_border_h": 7.0})).results  # fmt: skip
    assert slow.model_value == pytest.approx(7.0)
    assert box.status == NOT_RUNNABLE and "no rail border dwell" in box.reason


def test_rows_that_cannot_run_say_why(run):
    rows = run(
        _row(origin="Atlantis"),
        _row(scenario="no-such-scenario"),
        _row(metric="volume_t"),
        _row(unit="pallet"),
        _row(mappable=False, mapping_note="a yearly volume"),
    )
    assert [r.status for r in rows] == [NOT_RUNNABLE] * 4 + [NOT_MAPPABLE]
    assert [r.reason_kind for r in rows[:4]] == ["unknown place", "unknown scenario", "not modelled", "unit"]
    assert "Atlantis" in rows[0].reason and "no-such-scenario" in rows[1].reason
    assert rows[2].reason == "metric volume_t is not modelled" and rows[4].reason == "a yearly volume"


def test_delta_rows_subtract_the_baseline(network, costing):
    row = _row(scenario="same-as-baseline", mapping_note="DELTA: this query minus the baseline")
    plain = _row(scenario="same-as-baseline")
    delta, absolute = run_backtest(
        [row, plain], network=network, costing=costing, scenario_loader=lambda name: load_scenario("baseline")
    ).results
    assert delta.status == OK and delta.model_value == pytest.approx(0.0) and absolute.model_value > 1.0


@pytest.fixture(scope="module")
def shipped():
    return run_backtest(read_queries(SHIPPED), source=str(SHIPPED))


def test_shipped_file_every_row_accounted_for(shipped):
    rows = read_queries(SHIPPED)
    assert len(shipped.results) == len(rows)
    for row, result in zip(rows, shipped.results, strict=True):
        assert result.row == row
        if not row.mappable:
            assert result.status == NOT_MAPPABLE and result.reason == (row.mapping_note or "not mappable")
        elif result.status == NOT_RUNNABLE:
            assert result.reason and result.reason_kind
        else:
            assert result.status == OK
            assert math.isfinite(result.model_value) and result.error is not None and result.in_band is not None
            assert result.corridor and result.route
            assert result.in_band == (abs(result.error) <= result.band + 1e-12)
    summary = shipped.summary()
    assert sum(summary.counts.values()) == summary.total == len(rows)
    assert sum(summary.reasons.values()) == summary.counts[NOT_RUNNABLE]
    for what in ("corridor", "metric", "kind", "year"):
        assert sum(g.n for g in summary.by(what)) == summary.ok
    # by year, counted again from the rows: how many, how many in band, the medians (signed: the
    # model above the published figure is positive)
    ok = [r for r in shipped.results if r.status == OK]
    for g in summary.by("year"):
        members = [r for r in ok if (str(r.row.year) if r.row.year is not None else "–") == g.key]
        assert g.n == len(members) and g.in_band == sum(bool(r.in_band) for r in members)
        assert g.median_error == pytest.approx(statistics.median(r.error for r in members))
        assert g.median_abs_error == pytest.approx(statistics.median(abs(r.error) for r in members))
    assert summary.median_error == pytest.approx(statistics.median(r.error for r in ok))
    assert {g.key for g in summary.by("year")} >= {"2018", "2024", "–"}
    assert list(GROUP_LABELS) == list(SUMMARY_GROUPS)  # every group the summary makes has a table, in its order
    data = json.loads(json.dumps(shipped.to_dict(), allow_nan=False))
    assert {"id", "status", "reason", "metric", "model_value", "published_value", "published_low", "published_high",
            "error", "in_band", "corridor", "kind", "route"} <= set(data["rows"][0])  # fmt: skip
    assert len(shipped.to_frame()) == len(rows)
    # the sources' agreement, counted on the rows run: Shanghai - Genoa in January 2024 (USD 4,178,
    # 6,282, 6,365 per FEU: the first 51 % under the others' median), Gürbulak's undated 72 and 96 h
    # (72 is 33 % under 96), RAI's two 2021 tariffs (35 and 28 CHF/t): 5 of 7 within the bands
    assert summary.agreement == agreement([r.row for r in ok], shipped.time_band, shipped.price_band)
    assert data["summary"]["agreement"] == {"figures": 7, "questions": 3, "in_band": 5}


def test_every_mappable_route_row_of_the_shipped_file_runs(shipped):
    """The wider network covers every place the published figures name, and joins them: only
    facility figures the model has no dwell for remain not runnable."""
    kinds = {r.reason_kind for r in shipped.results if r.status == NOT_RUNNABLE}
    assert kinds <= {"not modelled"}, [(r.row.id, r.reason) for r in shipped.results if r.status == NOT_RUNNABLE]
    assert all(r.row.metric == "border_hours" for r in shipped.results if r.status == NOT_RUNNABLE)


def test_line_haul_runs_from_the_first_departure_to_the_last_arrival(tiny_costing):
    from dalan.network import Link, Network, Place
    from dalan.routing import route
    from dalan.validation.backtest import leg_figures

    places = (Place("A", "Alpha Port", "آلفا", "IN", 0.0, 0.0, ("port",)), Place("B", "Bravo Port", "براوو", "IR", 0.0, 5.0, ("port",)))
    network = Network(places, (Link("S1", "A", "B", "sea", 370.0, speed_kmh=18.5, sailings_per_week=1.0),), "two ports")
    it = route(network, "A", "B", costing=tiny_costing)
    # by hand: handling 10 h (the box is cleared meanwhile) + wait 84 h + sailing 20 h + handling 10 h
    assert leg_figures(it, "terminal-to-terminal")[0] == pytest.approx(124.0)
    assert leg_figures(it, "line-haul")[0] == pytest.approx(20.0)  # the sailing alone
    # an all-sea price is an ocean freight rate: port to port, without the THC at each end
    assert leg_figures(it, "terminal-to-terminal", "transit_days")[1] == pytest.approx(100 + 185 + 100)
    assert leg_figures(it, "terminal-to-terminal", "price_usd_per_teu")[1] == pytest.approx(185.0)
    assert leg_figures(it, "door-to-door", "price_usd_per_teu")[1] == pytest.approx(385.0)
