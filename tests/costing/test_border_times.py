"""Measured border-crossing times (CAREC CPMM): the parser, the dwell they give a place in a year,
and how routes, scenarios and the back-test use them."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import replace

import pytest
from dalan_tiny import tiny_costing_dict, tiny_links, tiny_places
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.costing import costing_from_dict
from dalan.costing.border_times import (
    COLUMNS,
    Heading,
    border_times_from_text,
    read_border_times,
)
from dalan.errors import InputError
from dalan.network import Network
from dalan.routing import route

HEADER = ",".join(COLUMNS)
#: Measured BCPs the network has a border place for but no link of the mode: only a facility figure
#: there (dalan backtest's border_hours) reads them (reference/cpmm/README.md: Alat (UZ), road)
FACILITY_ONLY = {("UZ_ALT", "road")}
#: CPMM 2022 report, Georgia, Table 3.6 (road, hours): Tsiteli Khidi and Sarpi, 2020-2022
GEORGIA = f"""{HEADER}
GE_GAR,GE,Tsiteli Khidi,road,outbound,2020,5.1,cpmm,Table 3.6
GE_GAR,GE,Tsiteli Khidi,road,outbound,2021,2.4,cpmm,Table 3.6
GE_GAR,GE,Tsiteli Khidi,road,outbound,2022,24.2,cpmm,Table 3.6
GE_GAR,GE,Tsiteli Khidi,road,inbound,2020,3.1,cpmm,Table 3.6
GE_GAR,GE,Tsiteli Khidi,road,inbound,2021,1.4,cpmm,Table 3.6
GE_GAR,GE,Tsiteli Khidi,road,inbound,2022,1.8,cpmm,Table 3.6
AZ_BYK,AZ,Krasny Most,road,outbound,2022,13.6,cpmm,Table 3.2
AZ_BYK,AZ,Krasny Most,road,inbound,2022,3.1,cpmm,Table 3.2
GE_SRP,GE,Sarpi,road,outbound,2020,36.2,cpmm,Table 3.6
GE_SRP,GE,Sarpi,road,outbound,2021,6.2,cpmm,Table 3.6
GE_SRP,GE,Sarpi,road,outbound,2022,20.8,cpmm,Table 3.6
,GE,ALL,road,outbound,2022,23.3,cpmm,Table 3.5
"""


def test_a_crossing_takes_each_side_s_time_in_its_direction_and_its_usual_level_in_other_years():
    times = border_times_from_text(GEORGIA, "g.csv")
    assert set(times) == {("GE_GAR", "road"), ("AZ_BYK", "road"), ("GE_SRP", "road")}  # the country average has no place
    tk = times["GE_GAR", "road"]
    assert tk.sides == {"GE": {"outbound": {2020: 5.1, 2021: 2.4, 2022: 24.2}, "inbound": {2020: 3.1, 2021: 1.4, 2022: 1.8}}}
    assert tk.crossing_h(2022, "GE", "AZ") == pytest.approx(24.2)  # leaving Georgia
    assert tk.crossing_h(2022, "AZ", "GE") == pytest.approx(1.8)  # entering it
    assert tk.crossing_h(2019, "GE", "AZ") == tk.crossing_h(None, "GE", "AZ") == pytest.approx(5.1)  # the median of its years
    assert tk.measured_in(2022) and not tk.measured_in(2019) and not tk.measured_in(None)
    assert tk.hours(2022) == pytest.approx((24.2 + 1.8) / 2)  # no direction: the mean of the two
    assert tk.hours(None) == pytest.approx((5.1 + 1.8) / 2)
    sarpi = times["GE_SRP", "road"]
    assert sarpi.crossing_h(2024, "TR", "GE") == sarpi.hours(2024) == pytest.approx(20.8)  # inbound never measured: the outbound's
    assert tk.names_side("TSITELI KHIDI ") and not tk.names_side("Sarpi")


def test_a_place_measured_on_both_sides_sums_them_and_a_named_side_stands_alone():
    both_sides = GEORGIA.replace("AZ_BYK,AZ", "GE_GAR,AZ")
    tk = border_times_from_text(both_sides, "g.csv")["GE_GAR", "road"]
    assert tk.crossing_h(2022, "GE", "AZ") == pytest.approx(24.2 + 3.1)  # Georgia outbound, Azerbaijan inbound
    assert tk.crossing_h(2022, "AZ", "GE") == pytest.approx(13.6 + 1.8)
    assert tk.hours(2022) == pytest.approx(13.0 + (13.6 + 3.1) / 2)
    assert tk.hours(2022, "Krasny Most") == pytest.approx((13.6 + 3.1) / 2)
    assert tk.hours(2021) == pytest.approx(1.9 + 8.35)  # a side without a figure that year: its usual level


def test_a_stated_heading_picks_the_side_and_direction_of_a_figure():
    both_sides = GEORGIA.replace("AZ_BYK,AZ", "GE_GAR,AZ")
    tk = border_times_from_text(both_sides, "g.csv")["GE_GAR", "road"]
    assert tk.hours(2022, "Krasny Most", Heading("outbound")) == pytest.approx(13.6)
    assert tk.hours(2022, "Krasny Most", Heading("inbound", crossing=("TR", "GE"))) == pytest.approx(3.1)  # the crossing is not Azerbaijan's
    assert tk.hours(2022, "Krasny Most", Heading("outbound", crossing=("GE", "AZ"))) == pytest.approx(3.1)  # into Azerbaijan: inbound
    assert tk.hours(2022, "", Heading("outbound", side="GE")) == pytest.approx(24.2)  # the side stated, no BCP name
    assert tk.hours(2022, "", Heading("outbound")) == tk.hours(2022)  # two sides, no side stated: no direction applies
    assert tk.hours(2021, "Tsiteli Khidi", Heading("inbound")) == pytest.approx(1.4)
    assert tk.hours(2021, "Krasny Most", Heading("inbound")) == pytest.approx(3.1)  # no 2021 figure: its usual inbound level


def test_a_heading_names_the_country_entered_where_it_says():
    assert Heading("outbound", crossing=("CN", "KZ")).entering == "KZ"
    assert Heading("inbound", side="KZ").entering == "KZ"
    assert Heading("outbound", side="CN").entering is None  # out of China: into one of its neighbours
    assert Heading("inbound").entering is None and Heading().entering is None


def test_every_bad_field_is_named_with_its_line():
    bad = f"{HEADER}\nGE_GAR,ge,X,boat,up,20x,-3,s,t\nGE_GAR,GE,X,road,inbound,2022,nan,s,t\nGE_GAR,GE,X,road,inbound,1700,9999,s,t\n"
    with pytest.raises(InputError) as caught:
        border_times_from_text(bad, "bad.csv")
    found = {(p.record, p.field, p.value) for p in caught.value.problems}
    assert found == {
        ("line 2", "mode", "boat"), ("line 2", "direction", "up"), ("line 2", "country", "ge"), ("line 2", "year", "20x"),
        ("line 2", "hours", "-3"), ("line 3", "hours", "nan"), ("line 4", "year", "1700"), ("line 4", "hours", "9999"),
    }
    assert all(p.file == "bad.csv" and p.hint for p in caught.value.problems)
    assert "سطر ۲" in caught.value.message("fa")
    with pytest.raises(InputError, match="missing column"):
        border_times_from_text("place_id,mode\nGE_GAR,road\n", "h.csv")


_records = st.lists(
    st.tuples(
        st.sampled_from(["P1", "P2", ""]),
        st.sampled_from(["GE", "AZ"]),
        st.sampled_from(["road", "rail"]),
        st.sampled_from(["outbound", "inbound"]),
        st.integers(2015, 2024),
        st.floats(0.0, 720.0, allow_nan=False).map(lambda h: round(h, 2)),
    ),
    max_size=30,
)


def _csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for place, country, mode, direction, year, hours in rows:
        writer.writerow([place, country, f"bcp {country}", mode, direction, year, hours, "s", "t"])
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(_records)
def test_parsed_times_are_the_means_of_the_records(rows):
    times = border_times_from_text(_csv(rows), "p.csv")
    assert set(times) == {(p, m) for p, _, m, _, _, _ in rows if p}
    for (place, mode), found in times.items():
        for side, by_direction in found.sides.items():
            for direction, by_year in by_direction.items():
                for year, hours in by_year.items():
                    assert hours == pytest.approx(statistics.fmean(r[5] for r in rows if r[:4] == (place, side, mode, direction) and r[4] == year))
            every = [h for by_year in by_direction.values() for h in by_year.values()]
            for year in (None, 2015, 2020):
                assert min(every) - 1e-9 <= found.side_h(side, year) <= max(every) + 1e-9
                others = sum(found.side_h(other, year) for other in found.sides if other != side)
                assert found.crossing_h(year, side, "XX") == pytest.approx(found.side_h(side, year, "outbound") + others)


@settings(max_examples=60, deadline=None)
@given(_records.filter(bool), st.data())
def test_a_corrupt_field_is_always_a_named_problem(rows, data):
    lines = _csv(rows).splitlines()
    k = data.draw(st.integers(1, len(lines) - 1))
    cells = lines[k].split(",")
    column = data.draw(st.sampled_from(["country", "mode", "direction", "year", "hours"]))
    cells[COLUMNS.index(column)] = data.draw(st.sampled_from(["", "x", "-1", "1e9", "inf", "zz"]))
    lines[k] = ",".join(cells)
    with pytest.raises(InputError) as caught:
        border_times_from_text("\n".join(lines) + "\n", "c.csv")
    assert (f"line {k + 1}", column) in {(p.record, p.field) for p in caught.value.problems}


def test_the_costing_reads_its_file_beside_it_and_refuses_a_bad_name(tmp_path):
    (tmp_path / "mine.csv").write_text(GEORGIA, encoding="utf-8")
    data = tiny_costing_dict()
    data["general"]["border_times"] = "mine.csv"
    costing = costing_from_dict(data, str(tmp_path / "costing.toml"))
    assert costing.measured_border_h("GE_GAR", "road") is None  # undated: the reference's dwell
    assert costing.at_year(2019).measured_border_h("GE_GAR", "road") is None  # a year without a figure too
    assert costing.at_year(2022).measured_border_h("GE_GAR", "road") == pytest.approx(13.0)
    assert costing.at_year(2022).crossing_border_h("GE_GAR", "road", "GE", "AZ") == pytest.approx(24.2)
    assert costing.measured_border_h("GE_GAR", "rail") is None and costing.measured_border_h("XX", "road") is None
    assert costing.crossing_border_h("XX", "road", "GE", "AZ") == 0.0
    assert costing.at_year(2021).measured_border_h("AZ_BYK", "road", "Tsiteli Khidi") == pytest.approx(1.9)  # a facility names its side
    assert costing.period_of(2020) == 2020  # a year with a measured time has its own network state
    data["general"]["border_times"] = 3
    with pytest.raises(InputError) as caught:
        costing_from_dict(data, "c.toml")
    assert (caught.value.problems[0].record, caught.value.problems[0].field) == ("general", "border_times")
    data["general"]["border_times"] = "absent.csv"
    with pytest.raises(InputError, match="absent.csv"):
        costing_from_dict(data, str(tmp_path / "costing.toml"))


def test_the_shipped_costing_reads_the_shipped_times(costing, network):
    assert costing.border_times, "the shipped costing names border_times.csv"
    assert read_border_times("border_times.csv") == dict(costing.border_times)
    for place_id, mode in costing.border_times:  # each measured where a link of its mode, or a voyage, crosses the border
        assert network.has_place(place_id), f"{place_id} of border_times.csv is not a place of the network"
        country = network.place(place_id).country
        crossing = [
            ln for ln in network.links
            if (ln.mode == mode or ln.mode in ("sea", "ferry")) and place_id in (ln.from_id, ln.to_id)
            and {network.place(ln.from_id).country, network.place(ln.to_id).country} != {country}
        ]  # fmt: skip
        facility_only = (place_id, mode) in FACILITY_ONLY and network.place(place_id).is_border
        assert crossing or facility_only, f"no {mode} link or voyage crosses the border at {place_id}: its measured times would never apply"


def _measured_network() -> Network:
    """The tiny network's A (PL) - B (BY, a border) - C (BY) by road."""
    places = [replace(p, road_border_dwell_h=10.0) if p.id == "B" else replace(p, country="BY") if p.id == "C" else p for p in tiny_places()]
    road = [replace(tiny_links()[0], id="R1", mode="road", gauges_mm=()), replace(tiny_links()[1], id="R2", mode="road", gauges_mm=())]
    return Network(places, [*tiny_links(), *road])


def test_a_route_crosses_a_measured_border_in_its_direction_s_hours_that_year(tmp_path):
    network = _measured_network()
    (tmp_path / "b.csv").write_text(f"{HEADER}\nB,BY,Bravo,road,outbound,2022,30.0,s,t\nB,BY,Bravo,road,inbound,2022,10.0,s,t\nB,BY,Bravo,road,outbound,2021,4.0,s,t\n", encoding="utf-8")
    data = tiny_costing_dict()
    plain = costing_from_dict(data, "c.toml")
    data["general"]["border_times"] = "b.csv"
    data["general"]["border_dwell_factor"] = 1.5
    measured = costing_from_dict(data, str(tmp_path / "c.toml"))

    def border_h(costing, origin: str = "A", destination: str = "C") -> float:
        it = route(network, origin, destination, modes=["road"], costing=costing)
        borders = [leg for leg in it.legs if leg.kind == "border"]
        assert [leg.from_id for leg in borders] == ["B"]
        assert borders[0].cost_usd == pytest.approx(25.0)  # the road border fee, measured or not
        return borders[0].time_h

    polish_share = 0.5 * 10.0 * 1.5  # the unmeasured Polish side: half the reference's dwell of the crossing × the factor
    assert border_h(plain) == pytest.approx(10.0)  # the reference's dwell
    assert border_h(measured.at_year(2022)) == pytest.approx(10.0 + polish_share)  # into Belarus: inbound (a measurement: no factor)
    assert border_h(measured.at_year(2022), "C", "A") == pytest.approx(30.0 + polish_share)  # out of it: outbound
    assert border_h(measured.at_year(2021), "C", "A") == pytest.approx(4.0 + polish_share)
    assert border_h(measured.at_year(2021)) == pytest.approx(4.0 + polish_share)  # no inbound figure in 2021: that year's outbound
    assert border_h(measured, "C", "A") == border_h(measured.at_year(2019), "C", "A") == pytest.approx(10.0 * 1.5)  # other years: the reference
    # both sides measured: their own times alone
    (tmp_path / "b.csv").write_text((tmp_path / "b.csv").read_text(encoding="utf-8") + "B,PL,Terespol,road,outbound,2022,2.0,s,t\n", encoding="utf-8")
    both = costing_from_dict(data, str(tmp_path / "c.toml"))
    assert border_h(both.at_year(2022)) == pytest.approx(2.0 + 10.0)  # Polish outbound + Belarusian inbound
    inside = route(network, "B", "C", modes=["road"], costing=measured.at_year(2022))
    assert not [leg for leg in inside.legs if leg.kind == "border"]  # no border crossed, no stop


def test_a_scenario_that_sets_a_place_s_dwell_replaces_its_measured_times(costing):
    from dalan.scenarios import load_scenario

    measured = sorted(costing.border_times)
    assert measured
    place_id, mode = measured[0]
    spec_text = f"""name = "x"
title_en = "x"
title_fa = "x"
base = "baseline"
[[edit]]
action = "set"
place = "{place_id}"
values = {{ {mode}_border_dwell_h = 1.0 }}
"""
    from dalan.scenarios.registry import apply_spec
    from dalan.scenarios.spec import parse_spec

    scenario = apply_spec(parse_spec(spec_text, "x.toml"))
    assert (place_id, mode) not in scenario.costing.border_times
    assert len(scenario.costing.border_times) == len(costing.border_times) - 1
    assert load_scenario("baseline").costing.border_times.keys() == costing.border_times.keys()
    faster_ports = apply_spec(parse_spec('name = "y"\ntitle_en = "y"\ntitle_fa = "y"\nbase = "baseline"\n[costing]\nvoyage_border_h = 2.0\n', "y.toml"))
    assert ("AZ_ALA", "road") in costing.border_times and ("AZ_ALA", "road") not in faster_ports.costing.border_times  # a port's: the clearance set
    assert ("AZ_BYK", "road") in faster_ports.costing.border_times  # a land border's stays



def test_a_facility_figure_is_the_named_side_s_mean_of_its_directions_in_a_measured_year(network, costing):
    """``dalan backtest``'s border_hours: in a year with a figure, the side the row names (its
    two directions' mean); in other years the place's reference dwell × border_dwell_factor."""
    from dalan.validation.backtest import run_backtest
    from dalan.validation.queries import QueryRow

    def row(place: str, year: int | None) -> QueryRow:
        return QueryRow(
            id="T", metric="border_hours", origin="", destination="", modes=None, cargo="vehicle", quantity=1.0, unit="truck",
            scope="border", place=place, value=10.0, year=year, file="t.csv", line=2,
        )  # fmt: skip

    times = costing.border_times["AZ_BYK", "road"]
    measured_year = max(y for y in times.years if y in times.sides["AZ"]["outbound"] and y in times.sides["AZ"]["inbound"])
    red_bridge = (times.sides["AZ"]["outbound"][measured_year] + times.sides["AZ"]["inbound"][measured_year]) / 2
    unmeasured = min(times.years) - 1
    results = run_backtest([row("Red Bridge", measured_year), row("Red Bridge", unmeasured)], network=network, costing=costing).results
    assert results[0].model_value == pytest.approx(red_bridge)  # a measurement: border_dwell_factor does not scale it
    reference = network.place("AZ_BYK").road_border_dwell_h or 0.0
    assert results[1].model_value == pytest.approx(reference * costing.border_dwell_factor)


def test_a_dated_route_names_the_borders_measured_that_year_in_both_languages(network, costing):
    from dalan.options import RouteOptions
    from dalan.reports.history_text import level_text
    from dalan.routing.as_of import dated_answer
    from dalan.routing.constrained import find_routes

    def levels(date: str, origin: str, destination: str):
        options = RouteOptions.build(origin, destination, date=date, cargo="truck")
        found = dated_answer(network, options, find_routes(network, options, costing=costing), costing=costing)
        return [lv for lv in found.levels if lv.table == "border_times"]

    times = costing.border_times["AZ_BYK", "road"]
    into_azerbaijan = levels("2022-06-01", "Tbilisi", "Baku")
    expected = times.crossing_h(2022, "GE", "AZ")  # Tsiteli Khidi outbound + Krasny Most inbound
    assert [(lv.group, lv.in_hours) for lv in into_azerbaijan] == [("AZ_BYK", True)]
    assert into_azerbaijan[0].value == pytest.approx(expected)
    assert into_azerbaijan[0].to_dict()["hours"] == pytest.approx(expected)
    assert levels("2022-06-01", "Baku", "Tbilisi")[0].value == pytest.approx(times.crossing_h(2022, "AZ", "GE"))
    assert levels("2019-06-01", "Tbilisi", "Baku") == []  # no figure that year: the reference's dwell, no level
    assert "with CAREC CPMM's figures of that year" in level_text(into_azerbaijan[0])
    assert "ارقام همان سال" in level_text(into_azerbaijan[0], "fa")


def test_a_facility_figure_takes_the_direction_its_row_states(network, costing):
    """A CPMM row states its direction in its note: the figure of that direction, not the mean."""
    from dalan.validation.backtest import run_backtest
    from dalan.validation.queries import QueryRow

    times = costing.border_times["AZ_BYK", "road"]
    year = max(y for y in times.years if y in times.sides["AZ"]["outbound"] and y in times.sides["AZ"]["inbound"])

    def row(note: str, direction: str = "") -> QueryRow:
        return QueryRow(
            id="T", metric="border_hours", cargo="vehicle", quantity=1.0, unit="truck", scope="border", place="Red Bridge",
            value=10.0, year=year, mapping_note=note, direction=direction, file="t.csv", line=2,
        )  # fmt: skip

    rows = [row("CPMM AZ-side road BCP, outbound from Azerbaijan"), row("inbound to Azerbaijan"), row("", "inbound"), row("GE->AZ trucks")]
    result = run_backtest([*rows, replace(rows[0], id="U", year=min(times.years) - 1)], network=network, costing=costing)
    outbound, inbound = times.sides["AZ"]["outbound"][year], times.sides["AZ"]["inbound"][year]
    assert [r.model_value for r in result.results[:4]] == pytest.approx([outbound, inbound, inbound, inbound])
    assert [r.measured for r in result.results] == [True] * 4 + [False]  # a look-up of the measured time, marked; not in other years
    summary = result.summary()
    assert (summary.measured, summary.to_dict()["measured"], result.results[0].to_dict()["measured"]) == (4, 4, True)


def test_a_voyage_clears_at_a_measured_port_in_its_direction_that_year(network, costing):
    """CPMM times trucks at the port of Baku's border-crossing point: in a measured year a voyage's
    clearance is that time at the measured end (outbound leaving, inbound arriving) and half the
    model's clearance at the other; in other years the whole clearance at departure."""
    from dalan.validation.backtest import run_backtest
    from dalan.validation.queries import QueryRow

    alat = costing.border_times["AZ_ALA", "road"].sides["AZ"]
    year = max(y for y in alat["inbound"] if y in alat["outbound"])
    truck = costing.cargo_class("truck")
    half = 0.5 * costing.voyage_clearance_h("ferry", truck, "road")  # a truck: vehicles' clearance
    assert half > 0

    def border_legs(origin: str, destination: str, on: int | None) -> list[tuple[str, float]]:
        it = route(network, origin, destination, cargo="truck", costing=costing.at_year(on), avoid=["TM"])  # the Aktau - Baku ferry, not round by Turkmenbashi
        return [(network.place(leg.from_id).country, leg.time_h) for leg in it.legs if leg.kind == "border"]

    assert border_legs("Aktau", "Baku", year) == [("KZ", pytest.approx(half)), ("AZ", pytest.approx(alat["inbound"][year]))]
    assert border_legs("Baku", "Aktau", year) == [("AZ", pytest.approx(alat["outbound"][year])), ("KZ", pytest.approx(half))]
    assert border_legs("Baku", "Aktau", min(alat["outbound"]) - 1) == [("AZ", pytest.approx(2 * half))]
    assert costing.at_year(year).voyage_clearances_h("sea", costing.cargo_class("container"), ("KZ_AKT", "AZ_ALA"), ("KZ", "AZ"), "road") == (0.0, 0.0)  # a box: cleared in the yard

    def port_row(note: str) -> QueryRow:
        return QueryRow(
            id="P", metric="border_hours", cargo="vehicle", quantity=1.0, unit="truck", scope="border", place="Alat",
            value=10.0, year=year, mapping_note=note, file="t.csv", line=2,
        )  # fmt: skip

    uzbek = replace(port_row("UZ-side road BCP, inbound"), place="Alat (UZ)")  # another BCP of the same name: its own place's
    found = [r.model_value for r in run_backtest([port_row("trucks, outbound"), port_row("trucks, inbound"), uzbek], network=network, costing=costing).results]
    uz = costing.border_times["UZ_ALT", "road"].sides["UZ"]["inbound"][year]
    assert found == pytest.approx([alat["outbound"][year], alat["inbound"][year], uz]) and uz != alat["inbound"][year]


def test_torkham_takes_pakistan_s_measured_times_in_their_years(network, costing):
    """CPMM's Pakistani road BCPs are places of the network (reference/cpmm/README.md): Torkham
    ("Peshawar" in Table 3.14) at AF_TKH. In 2021 a truck out of Pakistan clears Pakistan's side in
    31.6 h and Afghanistan's (measured in 2020 only: its usual level) in 4.2 h; into Pakistan it
    waits Pakistan's inbound 120 h; in 2024, not measured, the crossing's reference dwell."""

    def torkham_h(origin: str, destination: str, year: int) -> float:
        it = route(network, origin, destination, modes=["road"], costing=costing.at_year(year))
        (border,) = [leg for leg in it.legs if leg.kind == "border"]
        assert border.from_id == "AF_TKH"
        return border.time_h

    assert torkham_h("Islamabad", "Kabul", 2021) == pytest.approx(31.6 + 4.2)
    assert torkham_h("Kabul", "Islamabad", 2021) == pytest.approx(120.0 + 4.2)
    assert torkham_h("Islamabad", "Kabul", 2022) == pytest.approx(24.2 + 4.2)
    reference_h = network.place("AF_TKH").road_border_dwell_h * costing.border_dwell_factor
    assert torkham_h("Islamabad", "Kabul", 2024) == pytest.approx(reference_h)
