"""Routes on the network as it stood on a date (RouteOptions.date; default today): the library,
`dalan route --date`, `dalan demo --date` and the web API's `date`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.errors import NoRouteError
from dalan.network.history import History, NetworkEvent
from dalan.options import RouteOptions
from dalan.routing import constrained, find_routes, route

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


def _history(*events: tuple[str, str, str]) -> History:
    return History(tuple(NetworkEvent(dt.date.fromisoformat(d), target, action, note_en=f"{action} {target}", note_fa="ف", source="test") for d, target, action in events))


def test_a_dated_closure_reroutes_on_and_after_its_date_only(tiny_network_with_road, tiny_costing, monkeypatch):
    """A → E goes by the 2,000 km road (fastest); from 2024-03-01 the road is closed: the rail +
    ferry route, exactly the route on the network without that road, until it reopens."""
    monkeypatch.setattr(constrained, "load_history", lambda: _history(("2024-03-01", "L6", "close"), ("2024-09-01", "L6", "reopen")))
    net = tiny_network_with_road
    by_road = route(net, "A", "E", costing=tiny_costing)
    without_road = route(net.without(link_ids=["L6"]), "A", "E", costing=tiny_costing)
    assert "L6" in by_road.link_ids and "L6" not in without_road.link_ids
    on = lambda day: find_routes(net, RouteOptions.build("A", "E", date=day), costing=tiny_costing)[0]
    assert on("2024-02-29").link_ids == by_road.link_ids
    for day in ("2024-03-01", "2024-08-31"):
        assert on(day).link_ids == without_road.link_ids and on(day).time_h == pytest.approx(without_road.time_h)
    assert on("2024-09-01").link_ids == by_road.link_ids


def test_a_restriction_adds_its_delay_and_a_surcharge_its_money(tiny_network, tiny_costing, monkeypatch):
    base = route(tiny_network, "A", "E", costing=tiny_costing)
    events = (
        NetworkEvent(dt.date(2024, 1, 1), "L3", "restrict", delay_h=30.0, note_en="slow", note_fa="کند", source="t"),
        NetworkEvent(dt.date(2024, 1, 1), "border:BY-TM", "surcharge", surcharge_usd_per_teu=250.0, note_en="risk", note_fa="ریسک", source="t"),
    )
    monkeypatch.setattr(constrained, "load_history", lambda: History(events))
    dated = find_routes(tiny_network, RouteOptions.build("A", "E", date="2024-06-01", quantity=2), costing=tiny_costing)[0]
    assert dated.link_ids == base.link_ids
    assert dated.time_h == pytest.approx(base.time_h + 30.0)
    assert dated.cost_usd == pytest.approx(2 * base.cost_usd + 2 * 250.0)  # per TEU, for 2 TEU


def test_without_a_date_the_network_is_todays(tiny_network_with_road, tiny_costing, monkeypatch):
    monkeypatch.setattr(constrained, "load_history", lambda: _history(("2024-03-01", "L6", "close")))
    monkeypatch.setenv("DALAN_TODAY", "2024-02-01")
    assert "L6" in route(tiny_network_with_road, "A", "E", costing=tiny_costing).link_ids
    monkeypatch.setenv("DALAN_TODAY", "2024-04-01")
    assert "L6" not in route(tiny_network_with_road, "A", "E", costing=tiny_costing).link_ids


def test_a_closed_destination_says_which_closure(network, costing):
    """Shahid Rajaee was shut the day of the explosion (2025-04-26) and worked the day after."""
    with pytest.raises(NoRouteError, match=r"Explosion at Shahid Rajaee port.*since 2025-04-26"):
        route(network, "Warsaw", "Bandar Abbas", costing=costing, date="2025-04-26")
    assert route(network, "Warsaw", "Bandar Abbas", costing=costing, date="2025-04-27").legs


def _cli_route(date: str, *extra: str) -> str:
    return _cli_route_between("Warsaw", "Bandar Abbas", date, *extra)


def _cli_route_between(origin: str, destination: str, date: str, *extra: str) -> str:
    result = runner.invoke(app, ["route", origin, destination, "--date", date, *extra], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def test_route_chornomorsk_bandar_abbas_differs_between_2025_and_2026_and_names_the_closures():
    before = _cli_route_between("Chornomorsk", "Bandar Abbas", "2025-06-01")
    during = _cli_route_between("Chornomorsk", "Bandar Abbas", "2026-03-15")
    totals = lambda text: [line for line in text.splitlines() if " USD (p10–p90 " in line]
    assert totals(before) != totals(during)
    assert "As of 2025-06-01" in before and "As of 2026-03-15" in during
    # the closures in force on 2026-03-15 that closed the 2025 route (through Armenia to Norduz)
    assert "Norduz" in before and "Norduz" not in during
    for name in ("border AM–IR", "Strait of Hormuz", "route without dates"):
        assert name in during, name
    assert "border AM–IR" not in before


def test_route_json_lists_the_dated_events_and_persian_names_them():
    data = json.loads(_cli_route("2026-03-15", "--json"))
    assert data["as_of"] == "2026-03-15"
    closes = {e["target"] for e in data["dated_events"] if e["action"] == "close"}
    assert {"chokepoint:hormuz", "border:AM-IR", "border:AZ-IR"} <= closes
    assert all(e["source"] for e in data["dated_events"])
    assert json.loads(_cli_route("2025-06-01", "--json"))["as_of"] == "2025-06-01"
    persian = _cli_route("2026-03-15", "--lang", "fa")
    assert "به تاریخ" in persian and "تنگهٔ هرمز" in persian and "بسته" in persian


def test_demo_says_as_of_which_date_it_answers():
    result = runner.invoke(app, ["demo", "--date", "2025-06-01", "--out", "/dev/null"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "As of 2025-06-01" in result.output
    bad = runner.invoke(app, ["demo", "--date", "June"], env=WIDE)
    assert bad.exit_code == 2 and "date" in bad.output


def test_web_route_date_applies_the_history(tmp_path):
    from fastapi.testclient import TestClient

    from dalan.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}"), base_url="http://localhost") as client:
        answers = {}
        for day in ("2025-06-01", "2026-03-15"):
            response = client.get("/api/route", params={"from": "Warsaw", "to": "Bandar Abbas", "date": day})
            assert response.status_code == 200, response.text
            answers[day] = response.json()
        assert answers["2026-03-15"]["as_of"] == "2026-03-15"
        assert answers["2025-06-01"]["routes"][0]["totals"] != answers["2026-03-15"]["routes"][0]["totals"]
        targets = {e["target"] for e in answers["2026-03-15"]["dated_events"]}
        assert "border:AM-IR" in targets and "border:AM-IR" not in {e["target"] for e in answers["2025-06-01"]["dated_events"]}


def test_the_undated_route_is_kept_per_question_without_its_quantity(network, costing, monkeypatch):
    """The search on the network without dates runs once for a pair asked for two quantities,
    again for another criterion, and the answers are those of a fresh search."""
    from dalan.identity_cache import IdentityCache
    from dalan.routing import as_of

    monkeypatch.setattr(as_of, "_UNDATED", IdentityCache(maxsize=8))
    searched = []
    real = as_of.find_routes
    monkeypatch.setattr(as_of, "find_routes", lambda *a, **k: searched.append(a[1]) or real(*a, **k))
    answers = []
    for quantity, by in ((1.0, "time"), (40.0, "time"), (40.0, "cost")):
        options = RouteOptions.build("PL_WAW", "IR_BND", quantity=quantity, by=by, date="2026-03-15")
        answers.append(as_of.dated_answer(network, options, find_routes(network, options, costing=costing), costing=costing))
    assert [(o.quantity, o.by) for o in searched] == [(1.0, "time"), (1.0, "cost")]
    assert answers[0] == answers[1] and answers[0].on_undated_route
    monkeypatch.setattr(as_of, "_UNDATED", IdentityCache(maxsize=8))
    assert as_of.dated_answer(network, options, find_routes(network, options, costing=costing), costing=costing) == answers[2]


def test_an_answer_names_the_years_levels_that_moved_it(network, costing):
    """A dated answer lists the year's market and service levels on its links: the deep-sea
    container market of the year (Drewry WCI index), a railway group's speed and container
    tariff of that year; none without a date, in a year with no index, or for a level the route
    does not use (bulk pays no container tariff)."""
    from dalan.reports.history_text import level_text, year_levels_text
    from dalan.routing.as_of import YearLevel, dated_answer

    def levels(origin, destination, date, **kw):
        options = RouteOptions.build(origin, destination, date=date, **kw)
        return dated_answer(network, options, find_routes(network, options, costing=costing), costing=costing).levels

    # June 2022's market on the lane to Rotterdam: Drewry's Shanghai–Rotterdam of 23 June 2022 (its
    # only assessment that month in dalan/data/sea_market.csv), USD 9,598 / the usual 3,527 = 2.72
    sea = YearLevel("sea_rate_index", "shanghai_rotterdam", 2022, 9598 / 3527, month=6)
    found = levels("Shanghai", "Rotterdam", "2022-06-01", modes="sea")
    assert [(lv.table, lv.group, lv.year, lv.month) for lv in found] == [("sea_rate_index", "shanghai_rotterdam", 2022, 6)]
    assert found[0].value == pytest.approx(sea.value)
    assert levels("Shanghai", "Rotterdam", None, modes="sea") == ()
    assert levels("Shanghai", "Rotterdam", "2026-06-01", modes="sea") == ()  # no index for 2026
    # to Jebel Ali, in neither lane's range: the lanes together
    gulf = levels("Shanghai", "Jebel Ali", "2022-06-01", modes="sea")
    assert [(lv.group, lv.month) for lv in gulf] == [("deep_sea", 6)] and gulf[0].value == pytest.approx((9598 + 11129) / 2 / 3527)
    rail = levels("Xi'an", "Almaty", "2022-06-01", modes="rail")
    assert YearLevel("rail_rate_index", "CN", 2022, 1.55) in rail
    assert all(level.value != 1.0 and level.year == 2022 for level in rail)
    assert not any(level.table == "rail_rate_index" for level in levels("Xi'an", "Almaty", "2022-06-01", modes="rail", cargo="bulk"))
    assert level_text(sea) == (
        "deep-sea container rates on the Shanghai–Rotterdam (North Europe) lane × 2.72 (Drewry WCI: the lane's average of June 2022 over the usual level)"
    )
    assert level_text(sea, "fa") == (
        "نرخ حمل کانتینر در دریای آزاد در مسیر دریایی شانگهای–روتردام (شمال اروپا) × ۲٫۷۲ (شاخص WCI دروری: میانگین ژوئن ۲۰۲۲ این مسیر دریایی نسبت به سطح معمول)"
    )
    assert level_text(YearLevel("sea_rate_index", "shanghai_genoa", 2022, 2.5)) == (
        "deep-sea container rates on the Shanghai–Genoa (the Mediterranean and the Black Sea) lane × 2.5 (Drewry WCI: the lane's average of the year over the usual level)"
    )
    pair = YearLevel("sea_rate_index", "deep_sea", 2022, 2.94, month=6)
    assert level_text(pair) == "deep-sea container rates × 2.94 (Drewry WCI: the average of June 2022 over the usual level)"
    assert level_text(pair, "fa") == "نرخ حمل کانتینر در دریای آزاد × ۲٫۹۴ (شاخص WCI دروری: میانگین ژوئن ۲۰۲۲ نسبت به سطح معمول)"
    assert pair.to_dict() == {"table": "sea_rate_index", "group": "deep_sea", "year": 2022, "factor": 2.94, "month": 6}
    year_level = YearLevel("sea_rate_index", "deep_sea", 2022, 2.42)  # a month without an assessment: the year's
    assert level_text(year_level) == "deep-sea container rates × 2.42 (Drewry WCI: the year's average over the usual level)"
    assert level_text(YearLevel("rail_speed_index", "KZ", 2022, 0.5), "fa") == "سرعت قطارهای بلوکی در راه‌آهن قزاقستان × ۰٫۵"
    # a congested port holds the trains that stop there (2022: Aktau and Kuryk), named in both languages
    held = lambda *args, **kw: [lv for lv in levels(*args, **kw) if lv.table == "rail_port_queue_h"]
    aktau = held("Dostyk", "Aktau", "2022-06-01", modes="rail")
    assert [(lv.group, lv.value, lv.in_hours) for lv in aktau] == [("KZ_AKT", 144.0, True)]
    assert aktau[0].to_dict() == {"table": "rail_port_queue_h", "group": "KZ_AKT", "year": 2022, "hours": 144.0}  # hours, not a factor
    assert level_text(aktau[0]) == "trains held 144 h at Aktau (seaport) / Mangyshlak rail hub (port congestion)"
    assert level_text(aktau[0], "fa") == "توقف قطارها ۱۴۴ ساعت در بندر آکتائو (ازدحام بندر)"
    assert held("Dostyk", "Aktau", "2023-06-01", modes="rail") == []
    assert [lv.group for lv in held("Dostyk", "Kuryk", "2022-06-01", modes="rail")] == ["KZ_KUR"]  # by Aktau, without stopping
    assert year_levels_text((pair,), "fa").startswith("سطح‌های سال ۲۰۲۲ در این مسیر: نرخ حمل کانتینر در دریای آزاد × ۲٫۹۴")
    cli = _cli_route_between("Shanghai", "Rotterdam", "2022-06-01", "--modes", "sea", "--json")
    assert json.loads(cli)["year_levels"] == [found[0].to_dict() | {"text": level_text(sea)}]
    assert "Levels of 2022 on this route: deep-sea container rates on the Shanghai–Rotterdam (North Europe) lane × 2.72" in " ".join(
        _cli_route_between("Shanghai", "Rotterdam", "2022-06-01", "--modes", "sea").split()
    )


def test_russias_trains_run_at_the_sections_speed_of_their_year(network, costing):
    """RZD's section speed of 2024 is 0.90 of 2021's (form 9d-5, costing [rail_speed_index]): a
    Trans-Siberian container train's time on the Russian line is 1 / 0.90 of 2021's; the
    answer names the level; Chinese lines keep theirs."""
    from dalan.routing.as_of import YearLevel, dated_answer

    def trip(date):
        options = RouteOptions.build("Moscow", "Vladivostok", date=date, modes="rail", avoid="CN")  # the line, not a detour
        found = find_routes(network, options, costing=costing)
        return found[0], dated_answer(network, options, found, costing=costing).levels

    (before, _), (after, named) = trip("2021-06-01"), trip("2024-06-01")
    assert after.link_ids == before.link_ids
    run_h = lambda r: sum(leg.time_h for leg in r.legs if leg.kind == "move")
    assert run_h(after) == pytest.approx(run_h(before) / 0.90, rel=1e-6)
    assert YearLevel("rail_speed_index", "CIS_TRANSIT", 2024, 0.90) in named
    # 2025: 38.8 km/h in February, November and December (RZD-Partner) over RZD's 40.7 and 40.9
    # of 2017 and 2018 (annual reports)
    later, _ = trip("2025-06-01")
    assert run_h(later) == pytest.approx(run_h(before) / round(38.8 / ((40.7 + 40.9) / 2), 3), rel=1e-6)
    china = lambda date: find_routes(network, RouteOptions.build("Xi'an", "Altynkol", date=date, modes="rail"), costing=costing)[0]
    assert china("2024-06-01").time_h == pytest.approx(china("2021-06-01").time_h)


def test_an_answer_names_the_backhaul_market_of_a_box_sailing_east(network, costing):
    """A box sailing east to East Asia names the backhaul lane's month (Drewry WCI Rotterdam –
    Shanghai, read from the shipped file) and nothing else: not the westbound lanes, and not again
    for its wait for the ship, which names the same link."""
    from dalan.costing.sea_market import read_sea_market
    from dalan.routing.as_of import dated_answer

    june = read_sea_market("sea_market.csv")["rotterdam_shanghai"][2022, 6] / 3527.0
    for origin in ("Rotterdam", "Nhava Sheva"):
        options = RouteOptions.build(origin, "Shanghai", date="2022-06-01", modes="sea")
        found = dated_answer(network, options, find_routes(network, options, costing=costing), costing=costing).levels
        assert [(lv.table, lv.group, lv.month) for lv in found] == [("sea_rate_index", "rotterdam_shanghai", 6)], origin
        assert found[0].value == pytest.approx(june)


def test_web_route_names_the_years_levels_in_both_languages(tmp_path):
    from fastapi.testclient import TestClient

    from dalan.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}"), base_url="http://localhost") as client:
        params = {"from": "Shanghai", "to": "Rotterdam", "modes": "sea", "date": "2022-06-01"}
        en, fa = (client.get("/api/route", params=params | {"lang": lang}).json() for lang in ("en", "fa"))
        undated = client.get("/api/route", params={k: v for k, v in params.items() if k != "date"}).json()
    assert [(lv["table"], lv["group"], lv["month"], round(lv["factor"], 2)) for lv in en["year_levels"]] == [("sea_rate_index", "shanghai_rotterdam", 6, 2.72)]
    assert en["year_levels_text"].startswith(
        "Levels of 2022 on this route: deep-sea container rates on the Shanghai–Rotterdam (North Europe) lane × 2.72 (Drewry WCI: the lane's average of June 2022"
    )
    assert fa["year_levels_text"].startswith("سطح‌های سال ۲۰۲۲ در این مسیر:") and "۲٫۷۲" in fa["year_levels_text"] and "ژوئن ۲۰۲۲" in fa["year_levels_text"]
    assert "شانگهای–روتردام" in fa["year_levels_text"]
    assert undated["year_levels"] == [] and undated["year_levels_text"] == ""

