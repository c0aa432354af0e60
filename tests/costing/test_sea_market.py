"""The deep-sea container market by month (Drewry WCI composite, ``dalan/data/sea_market.csv``):
the parser, the level a costing of a month pays, and its agreement with Drewry's own annual
averages ([sea_rate_index])."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

import pytest
from dalan_tiny import tiny_costing_dict
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.costing import costing_from_dict, load_costing
from dalan.costing.sea_market import (
    COLUMNS,
    SERIES,
    monthly_level,
    read_sea_market,
    sea_market_from_text,
)
from dalan.errors import InputError
from dalan.network.io import load_embedded_network

HEADER = ",".join(COLUMNS)

assessments = st.lists(
    st.tuples(
        st.sampled_from(SERIES[:3]),
        st.dates(dt.date(2019, 1, 1), dt.date(2025, 12, 31)),
        st.floats(100.0, 20_000.0).map(lambda x: round(x, 2)),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(assessments)
def test_a_month_s_level_is_the_mean_of_its_assessments_and_a_set_s_the_mean_of_its_series(rows):
    text = HEADER + "\n" + "".join(f"{d.isoformat()},{name},{v},Drewry {d}\n" for name, d, v in rows)
    by_month = defaultdict(lambda: defaultdict(list))
    for name, d, v in rows:
        by_month[name][d.year, d.month].append(v)
    found = sea_market_from_text(text, "m.csv")
    assert found.keys() == by_month.keys()
    for name, months in by_month.items():
        assert found[name].keys() == months.keys()
        for month, values in months.items():
            assert found[name][month] == pytest.approx(statistics.fmean(values))
    lanes = ("shanghai_rotterdam", "shanghai_genoa")
    level = monthly_level(found, lanes)
    assert set(level) == {m for name in lanes for m in by_month.get(name, {})}
    for month, usd in level.items():  # the mean of the lanes that have the month, each its own mean
        means = [statistics.fmean(by_month[name][month]) for name in lanes if month in by_month.get(name, {})]
        assert usd == pytest.approx(statistics.fmean(means))


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("2024-13-01,composite,3000,Drewry", "date"),
        ("4 Jan 2024,composite,3000,Drewry", "date"),
        ("2024-01-04,shanghai_hamburg,3000,Drewry", "series"),
        ("2024-01-04,composite,-5,Drewry", "usd_per_feu"),
        ("2024-01-04,composite,nan,Drewry", "usd_per_feu"),
        ("2024-01-04,composite,3 000,Drewry", "usd_per_feu"),
        ("2024-01-04,composite,300000,Drewry", "usd_per_feu"),
        ("2024-01-04,composite,3000,", "source"),
    ],
)
def test_a_bad_assessment_names_the_file_line_field_and_value(line, field):
    with pytest.raises(InputError) as caught:
        sea_market_from_text(f"{HEADER}\n2024-01-11,composite,3500,Drewry\n{line}\n", "m.csv")
    problem = caught.value.problems[0]
    assert (problem.file, problem.record, problem.field) == ("m.csv", "line 3", field)
    assert problem.hint and problem.text("fa") != problem.text("en")


def test_a_file_without_its_columns_or_absent_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="usd_per_feu"):
        sea_market_from_text("date,value\n2024-01-04,3000\n", "m.csv")
    with pytest.raises(InputError, match="nowhere.csv"):
        read_sea_market(str(tmp_path / "nowhere.csv"))


def _costing_with(
    tmp_path, text: str, usual: float = 2000.0, series: tuple[str, ...] = ("composite",), lanes: object = None, backhaul: object = None, reach: object = ("CN",)
):
    (tmp_path / "m.csv").write_text(text, encoding="utf-8")
    data = tiny_costing_dict()
    data["general"] |= {"sea_market": "m.csv", "sea_market_usual_usd_per_feu": usual, "sea_market_series": list(series)}
    if lanes is not None:
        data["general"]["sea_market_lanes"] = lanes
    if backhaul is not None:
        data["general"]["sea_market_backhaul"] = backhaul
        if reach is not None:
            data["general"]["sea_market_backhaul_range"] = list(reach)
    data["sea_rate_index"] = {"2024": 1.5}
    return costing_from_dict(data, str(tmp_path / "costing.toml"))


def test_a_costing_of_a_month_pays_that_month_s_level_else_its_year_s(tmp_path):
    text = f"{HEADER}\n2024-01-04,composite,2000,D\n2024-01-25,composite,4000,D\n2024-07-04,composite,6000,D\n2024-07-04,shanghai_genoa,9000,D\n"
    costing = _costing_with(tmp_path, text)
    assert costing.sea_rate_monthly == {(2024, 1): pytest.approx(1.5), (2024, 7): pytest.approx(3.0)}  # (2000 + 4000) / 2 / 2000
    january, march = costing.at_year(2024, 1), costing.at_year(2024, 3)
    assert (january.year, january.month, march.year, march.month) == (2024, 1, 2024, None)  # March has no assessment
    assert costing.at_year(2024, 7).year_factor("sea_rate_index") == pytest.approx(3.0)
    assert march.year_factor("sea_rate_index") == pytest.approx(2.25)  # the mean of the year's months, not [sea_rate_index]'s 1.5
    assert costing.at_year(2025, 3).year_factor("sea_rate_index") == 1.0  # no month, no index: the usual level
    assert costing.at_date(dt.date(2024, 7, 20)) is costing.at_year(2024, 7)  # one object: graphs are reused
    assert costing.at_date(None) is costing
    assert costing.market_period(2024, 1) == (2024, 1) and costing.market_period(2030, 1) == (None, None)
    assert costing.at_year(2024, 1).year_factor("rail_speed_index", "X") == 1.0  # a month moves only the sea market


def test_a_month_with_assessments_makes_its_year_a_period(tmp_path):
    costing = _costing_with(tmp_path, f"{HEADER}\n2019-05-02,composite,1500,Drewry\n")
    assert costing.period_of(2019) == 2019 and costing.at_year(2019, 5).year_factor("sea_rate_index") == pytest.approx(0.75)
    assert costing.at_year(2019).year_factor("sea_rate_index") == pytest.approx(0.75)  # the year's one month


def test_a_costing_without_the_file_prices_by_year_only():
    costing = costing_from_dict(tiny_costing_dict())
    assert costing.sea_rate_monthly == {} and costing.at_year(2024, 1).month is None


def test_a_deep_sea_box_pays_its_month_s_market_on_the_shipped_costing():
    network, costing = load_embedded_network(), load_costing()
    link = next(ln for ln in network.links if ln.mode == "sea" and costing.rate_key(ln) == "sea_deep" and "cape_of_good_hope" not in ln.chokepoints)
    box = costing.cargo_class("container")
    month = min(costing.sea_rate_monthly)
    at_month, at_year = costing.at_year(*month), costing.at_year(month[0])
    expected = costing.sea_rate_monthly[month] / at_year.year_factor("sea_rate_index")
    assert at_month.rate_usd_per_km(link, box) == pytest.approx(at_year.rate_usd_per_km(link, box) * expected)


def test_a_costing_prices_by_the_series_it_names(tmp_path):
    text = f"{HEADER}\n2024-07-04,composite,3000,D\n2024-07-04,shanghai_rotterdam,8000,D\n2024-07-11,shanghai_genoa,6000,D\n2024-07-18,shanghai_genoa,7000,D\n"
    lanes = _costing_with(tmp_path, text, usual=4000.0, series=("shanghai_rotterdam", "shanghai_genoa"))
    assert lanes.sea_rate_monthly == {(2024, 7): pytest.approx((8000 + 6500) / 2 / 4000)}  # each lane's mean, then theirs
    with pytest.raises(InputError, match="sea_market_series"):
        _costing_with(tmp_path, text, series=("shanghai_hamburg",))


LANES = {"shanghai_rotterdam": ["NL", "DE"], "shanghai_genoa": ["IT", "GR"]}
LANE_WEEKS = (
    "2024-07-04,shanghai_rotterdam,8000,D\n2024-07-11,shanghai_genoa,6000,D\n2024-07-18,shanghai_genoa,7000,D\n"
    "2024-09-05,shanghai_rotterdam,4000,D\n2024-09-05,shanghai_genoa,5000,D\n2024-10-03,shanghai_genoa,3000,D\n"
)


def test_a_deep_sea_leg_pays_the_market_of_its_lane_s_range(tmp_path):
    """A leg to a port of a lane's range pays that lane's month (Rotterdam: Shanghai–Rotterdam);
    a leg outside every range, or between two, pays the lanes together; a month the lane misses,
    the lanes together that month; a year without a month, the lane's mean of its months."""
    costing = _costing_with(tmp_path, f"{HEADER}\n{LANE_WEEKS}", usual=4000.0, series=("shanghai_rotterdam", "shanghai_genoa"), lanes=LANES)
    july = costing.at_year(2024, 7)
    assert july.sea_lane(("CN", "NL")) == "shanghai_rotterdam" and july.sea_lane(("GR", "CN")) == "shanghai_genoa"
    assert july.sea_lane(("CN", "AE")) == july.sea_lane(("IT", "NL")) == july.sea_lane(None) == ""
    assert july.year_factor("sea_rate_index", "shanghai_rotterdam") == pytest.approx(8000 / 4000)
    assert july.year_factor("sea_rate_index", "shanghai_genoa") == pytest.approx(6500 / 4000)  # its two weeks' mean
    assert july.year_factor("sea_rate_index", "") == pytest.approx((8000 + 6500) / 2 / 4000)
    october = costing.at_year(2024, 10)  # Rotterdam has no assessment in October: the lanes together (Genoa's 3000)
    assert october.sea_lane(("CN", "NL")) == "" and october.year_factor("sea_rate_index", october.sea_lane(("CN", "NL"))) == pytest.approx(0.75)
    year = costing.at_year(2024)  # a figure of 2024 without its month: the lane's mean of its months
    assert year.sea_lane(("CN", "DE")) == "shanghai_rotterdam"
    assert year.year_factor("sea_rate_index", "shanghai_rotterdam") == pytest.approx((2.0 + 1.0) / 2)
    assert year.year_factor("sea_rate_index", "shanghai_genoa") == pytest.approx((1.625 + 1.25 + 0.75) / 3)
    assert costing.at_year(2023).sea_lane(("CN", "NL")) == ""  # no month of the lane that year


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["NL", "DE", "IT", "GR", "CN", "AE", "IN"]), st.sampled_from(["NL", "DE", "IT", "GR", "CN", "AE", "IN"]))
def test_a_leg_s_lane_is_the_one_range_its_ends_reach_whatever_its_direction(tmp_path_factory, a, b):
    costing = _costing_with(
        tmp_path_factory.mktemp("lanes"), f"{HEADER}\n{LANE_WEEKS}", usual=4000.0, series=("shanghai_rotterdam", "shanghai_genoa"), lanes=LANES
    ).at_year(2024, 7)
    lane_of = {c: lane for lane, countries in LANES.items() for c in countries}
    reached = {lane_of[c] for c in (a, b) if c in lane_of}
    assert costing.sea_lane((a, b)) == costing.sea_lane((b, a)) == (reached.pop() if len(reached) == 1 else "")


def test_a_deep_sea_link_s_money_is_its_lane_s_market_on_the_shipped_network():
    """On the shipped network and costing, a Shanghai–Genoa and a Shanghai–Rotterdam link each
    pay its own lane's month: the two move apart as the lanes did (the shipped file's own weeks)."""
    network, costing = load_embedded_network(), load_costing()
    box = costing.cargo_class("container")
    market = read_sea_market("sea_market.csv")
    month = (2025, 2)
    at_month = costing.at_year(*month)

    def link_between(a, b):
        return next(ln for ln in network.links if {ln.from_id, ln.to_id} == {a, b} and "cape_of_good_hope" not in ln.chokepoints)

    for link, lane in ((link_between("CN_SHA", "IT_GOA"), "shanghai_genoa"), (link_between("CN_SHA", "NL_RTM"), "shanghai_rotterdam")):
        countries = (network.place(link.from_id).country, network.place(link.to_id).country)
        usual = costing.at_year(None).rate_usd_per_km(link, box, countries)
        assert at_month.rate_usd_per_km(link, box, countries) == pytest.approx(usual * market[lane][month] / 3527.0)


def test_every_european_end_of_a_deep_sea_link_is_in_a_lane_s_range():
    """The shipped ranges name every European country a deep-sea link reaches; the links outside
    them join Asia, India, the Gulf, the Red Sea and the Suez Canal (they pay the lanes together)."""
    network, costing = load_embedded_network(), load_costing()
    ends = {network.place(i).country for ln in network.links if ln.mode == "sea" and costing.rate_key(ln) == "sea_deep" for i in (ln.from_id, ln.to_id)}
    assert ends - set(costing.sea_lane_of) <= {"CN", "KR", "JP", "SG", "LK", "IN", "PK", "AE", "OM", "QA", "SA", "IR", "EG"}
    assert {"NL", "BE", "DE", "GB", "RU"} <= {c for c, lane in costing.sea_lane_of.items() if lane == "shanghai_rotterdam"}
    assert {"IT", "GR", "ES", "TR"} <= {c for c, lane in costing.sea_lane_of.items() if lane == "shanghai_genoa"}


BACKHAUL_WEEKS = "2024-07-04,rotterdam_shanghai,1000,D\n2024-09-05,rotterdam_shanghai,900,D\n2024-09-12,rotterdam_shanghai,700,D\n"


def test_a_deep_sea_leg_on_the_backhaul_pays_its_market(tmp_path):
    """Sailing east (Europe, the Gulf or India towards Asia) a deep-sea leg pays the backhaul
    series' month (Rotterdam–Shanghai) over the same usual level, whatever range it reaches; in a
    month the series misses, the headhaul level that month × the series' median ratio to it over
    the months both have; undated, the usual level × that ratio. Westbound nothing changes."""
    text = f"{HEADER}\n{LANE_WEEKS}{BACKHAUL_WEEKS}"
    series = ("shanghai_rotterdam", "shanghai_genoa")
    costing = _costing_with(tmp_path, text, usual=4000.0, series=series, lanes=LANES, backhaul="rotterdam_shanghai")
    # headhaul levels: July (8000 + 6500) / 2 = 7250, September (4000 + 5000) / 2 = 4500; backhaul July 1000, September 800
    assert costing.sea_backhaul_ratio == pytest.approx(statistics.median([1000 / 7250, 800 / 4500]))
    july = costing.at_year(2024, 7)
    assert july.sea_lane(("NL", "CN"), backhaul=True) == july.sea_lane(("AE", "CN"), backhaul=True) == "rotterdam_shanghai"
    assert july.sea_lane(("CN", "NL")) == "shanghai_rotterdam"  # westbound: the lane of its range, as before
    assert july.year_factor("sea_rate_index", "rotterdam_shanghai") == pytest.approx(1000 / 4000)
    october = costing.at_year(2024, 10)  # no backhaul week in October: Genoa's 3000 that month × the ratio
    assert october.year_factor("sea_rate_index", "rotterdam_shanghai") == pytest.approx(3000 / 4000 * costing.sea_backhaul_ratio)
    assert costing.at_year(2024).year_factor("sea_rate_index", "rotterdam_shanghai") == pytest.approx((1000 + 800) / 2 / 4000)
    assert costing.at_year(None).year_factor("sea_rate_index", "rotterdam_shanghai") == pytest.approx(costing.sea_backhaul_ratio)
    without = _costing_with(tmp_path, text, usual=4000.0, series=series, lanes=LANES).at_year(2024, 7)
    assert without.sea_backhaul == "" and without.sea_lane(("NL", "CN"), backhaul=True) == "shanghai_rotterdam"


@pytest.mark.parametrize(
    ("departure", "arrival", "backhaul"),
    [
        ("NL_RTM", "CN_SHA", True), ("IT_GOA", "CN_NGB", True), ("NL_RTM", "SG_SIN", True), ("SG_SIN", "CN_SHA", True),
        ("AE_JEA", "CN_SHA", True), ("IN_NSA", "CN_SHA", True),  # China's exports to the Gulf and India far above its imports
        ("CN_SHA", "NL_RTM", False), ("CN_SHA", "AE_JEA", False), ("CN_SHA", "SG_SIN", False), ("IN_NSA", "AE_JEA", False),
        ("NL_RTM", "EG_PSD", False), ("EG_SUZ", "IR_BND", False), ("NL_RTM", "IN_NSA", False),  # east, but not to East Asia
        ("SG_SIN", "LK_CMB", False), ("LK_CMB", "IN_NSA", False), ("GR_PIR", "EG_PSD", False),
    ],
)
def test_a_leg_is_on_the_backhaul_sailing_east_to_east_asia(departure, arrival, backhaul):
    network, costing = load_embedded_network(), load_costing()
    assert costing.on_backhaul(network.place(departure), network.place(arrival)) is backhaul
    assert not costing_from_dict(tiny_costing_dict()).on_backhaul(network.place("NL_RTM"), network.place("CN_SHA"))  # no backhaul series


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.floats(200.0, 3000.0), st.floats(500.0, 12_000.0)), min_size=1, max_size=12, unique_by=lambda t: t[0]))
def test_the_backhaul_ratio_is_the_median_of_the_months_both_series_have(tmp_path_factory, months):
    text = HEADER + "\n" + "".join(f"2023-{m:02d}-05,rotterdam_shanghai,{back:.2f},D\n2023-{m:02d}-05,shanghai_rotterdam,{head:.2f},D\n" for m, back, head in months)
    costing = _costing_with(tmp_path_factory.mktemp("back"), text, usual=3000.0, series=("shanghai_rotterdam",), backhaul="rotterdam_shanghai")
    assert costing.sea_backhaul_ratio == pytest.approx(statistics.median([round(b, 2) / round(h, 2) for _, b, h in months]))
    for m, back, _ in months:
        assert costing.at_year(2023, m).year_factor("sea_rate_index", costing.sea_lane(("NL", "CN"), backhaul=True)) == pytest.approx(round(back, 2) / 3000.0)


@pytest.mark.parametrize(
    ("backhaul", "text", "message"),
    [
        ("rotterdam_hamburg", BACKHAUL_WEEKS, "unknown value"),
        ("shanghai_rotterdam", BACKHAUL_WEEKS, "unknown value"),  # a headhaul series is not its own backhaul
        ("rotterdam_shanghai", "2021-01-07,rotterdam_shanghai,1000,D\n", "no month of the sea market file has both"),
    ],
)
def test_a_bad_backhaul_series_is_named(tmp_path, backhaul, text, message):
    with pytest.raises(InputError) as err:
        _costing_with(tmp_path, f"{HEADER}\n{LANE_WEEKS}{text}", series=("shanghai_rotterdam", "shanghai_genoa"), backhaul=backhaul)
    assert "field 'sea_market_backhaul'" in str(err.value) and message in str(err.value) and "costing.toml" in str(err.value)


@pytest.mark.parametrize(("reach", "message"), [(None, "not a list of two-letter ISO"), ([], "not a list of two-letter ISO"), (["China"], "not a two-letter ISO country code")])
def test_a_bad_backhaul_range_is_named(tmp_path, reach, message):
    with pytest.raises(InputError) as err:
        _costing_with(tmp_path, f"{HEADER}\n{LANE_WEEKS}{BACKHAUL_WEEKS}", series=("shanghai_rotterdam", "shanghai_genoa"), backhaul="rotterdam_shanghai", reach=reach)
    assert "sea_market_backhaul_range" in str(err.value) and message in str(err.value)


@pytest.mark.parametrize(
    ("lanes", "field", "message"),
    [
        (3, "sea_market_lanes", "not a table of lane series"),
        ({"shanghai_hamburg": ["NL"]}, "sea_market_lanes", "unknown value"),
        ({"shanghai_rotterdam": ["Netherlands"]}, "sea_market_lanes.shanghai_rotterdam", "not a two-letter ISO country code"),
        ({"shanghai_rotterdam": ["NL"], "shanghai_genoa": ["IT", "NL"]}, "sea_market_lanes.shanghai_genoa", "duplicate of shanghai_rotterdam"),
    ],
)
def test_a_bad_lane_range_is_named(tmp_path, lanes, field, message):
    with pytest.raises(InputError) as err:
        _costing_with(tmp_path, f"{HEADER}\n{LANE_WEEKS}", series=("shanghai_rotterdam", "shanghai_genoa"), lanes=lanes)
    assert f"field '{field}'" in str(err.value) and message in str(err.value) and "costing.toml" in str(err.value)


@pytest.mark.parametrize(("shares", "field", "message"), [({"shanghai_hamburg": 0.8}, "sea_market_lane_km_share", "unknown value"), ({"shanghai_genoa": 5.0}, "shanghai_genoa", "")])
def test_a_bad_lane_distance_share_is_named(tmp_path, shares, field, message):
    (tmp_path / "m.csv").write_text(f"{HEADER}\n{LANE_WEEKS}", encoding="utf-8")
    data = tiny_costing_dict()
    data["general"] |= {"sea_market": "m.csv", "sea_market_usual_usd_per_feu": 2000.0, "sea_market_series": ["shanghai_rotterdam", "shanghai_genoa"]}
    data["general"] |= {"sea_market_lanes": {"shanghai_rotterdam": ["NL"], "shanghai_genoa": ["IT"]}, "sea_market_lane_km_share": shares}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, str(tmp_path / "costing.toml"))
    assert field in str(err.value) and message in str(err.value) and "costing.toml" in str(err.value)


def test_the_shipped_composite_agrees_with_drewry_s_annual_averages():
    """The file's weekly composite assessments against [sea_rate_index] (Drewry's year-to-date
    averages, printed in other releases): each well-covered year's mean of months within 15 %."""
    costing = load_costing()
    composite = read_sea_market("sea_market.csv")["composite"]
    by_year = defaultdict(list)
    for (year, _), usd in composite.items():
        by_year[year].append(usd / 2672.0)  # [sea_rate_index] divides by the composite's 10-year average
    full = {y: f for y, f in by_year.items() if len(f) >= 10 and y in costing.sea_rate_index}
    assert len(full) >= 5
    for year, factors in full.items():
        assert statistics.fmean(factors) == pytest.approx(costing.sea_rate_index[year], rel=0.15), year


def test_the_shipped_lanes_cover_the_years_of_the_published_prices():
    """Every year of 2019-2025 has Asia-Europe lane assessments in at least 9 of its months, and
    the lanes' level over the usual one stays in the range Drewry's composite spans (0.4-4x)."""
    costing = load_costing()
    by_year = defaultdict(list)
    for (year, _), factor in costing.sea_rate_monthly.items():
        by_year[year].append(factor)
    assert all(len(by_year[y]) >= 9 for y in range(2019, 2026))
    assert all(0.3 <= f <= 4.5 for f in costing.sea_rate_monthly.values())


def test_the_years_before_the_weekly_file_take_drewry_s_published_averages():
    """2013-2018 have no weekly assessment in the file: their level is the WCI composite's annual
    average over its 10-year average (USD 2,672 per FEU), from Drewry's published figures: 2017's
    USD 1,480 and 2018's 1,365 (year to date); 2015 + 2016 from the five-year average of
    2015-2019 (1,396) less 2017-2019; 2013 + 2014 from that of 2013-2017 (1,600) less 2015-2017.
    A box on a deep-sea link pays that level × the usual rate."""
    costing = load_costing()
    usual = 2672.0
    pair_2015_2016 = 5 * 1396 - 1480 - 1365 - 1420
    pair_2013_2014 = 5 * 1600 - pair_2015_2016 - 1480
    expected = {2013: pair_2013_2014 / 2, 2014: pair_2013_2014 / 2, 2015: pair_2015_2016 / 2, 2016: pair_2015_2016 / 2, 2017: 1480, 2018: 1365}
    for year, usd_per_feu in expected.items():
        assert costing.period_of(year) == year and costing.at_year(year).month is None
        assert costing.at_year(year).year_factor("sea_rate_index") == pytest.approx(usd_per_feu / usual, abs=0.005), year
    link = next(ln for ln in load_embedded_network().links if ln.mode == "sea" and costing.rate_key(ln) == "sea_deep" and "cape_of_good_hope" not in ln.chokepoints)
    box = costing.cargo_class("container")
    ratio = costing.at_year(2017).rate_usd_per_km(link, box) / costing.at_year(2012).rate_usd_per_km(link, box)
    assert ratio == pytest.approx(1480 / usual, abs=0.005)  # 2012: no figure, the usual level
