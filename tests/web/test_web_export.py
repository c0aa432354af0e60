"""Downloads: a route (with alternatives or the Pareto set) and a comparison as CSV, XLSX and GeoJSON.

Each file is parsed back and checked against the JSON answer the page shows: the same routes,
legs and pairs, and numbers that round to the figures on screen."""

from __future__ import annotations

import csv
import io
import math

import pytest
from openpyxl import load_workbook
from test_web_api import assert_error, wait_for_job

from dalan.web.export_tables import column_label

ROUTE = {"from": "IR_RAS", "to": "PL_WAW"}


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _shown(number: float, decimals: int = 0) -> str:
    """A number as the page shows it in English (thousands separators)."""
    return f"{number:,.{decimals}f}"


@pytest.mark.parametrize("extra", [{"alternatives": 3}, {"pareto": "true"}])
def test_route_csv_carries_the_routes_and_legs_shown(shared_client, extra):
    answer = shared_client.get("/api/route", params=ROUTE | extra).json()
    routes = _csv(shared_client.get("/api/route", params=ROUTE | extra | {"format": "csv", "table": "routes"}))
    legs = _csv(shared_client.get("/api/route", params=ROUTE | extra | {"format": "csv", "table": "legs"}))
    assert len(routes) == len(answer["routes"]) > 1
    for row, shown in zip(routes, answer["routes"], strict=True):
        display = shown["totals_display"]
        assert _shown(float(row["time_days"]), 1) == display["days"]
        assert _shown(float(row["cost_usd"])) == display["usd"]
        assert _shown(float(row["t_co2e"]), 2) == display["t_co2e"]
        assert _shown(float(row["length_km"])) == display["km"]
        p50, p90 = float(row["time_p50_days"]), float(row["time_p90_days"])
        assert display["p50_p90_days"] == f"{_shown(p50, 1)}–{_shown(p90, 1)}"
        assert p50 <= p90 and math.isclose(p90 * 24, shown["totals"]["time_p90_h"])
        assert math.isclose(float(row["planned_days"]) * 24, shown["totals"]["planned_time_h"])
        p10_usd, p90_usd = float(row["cost_p10_usd"]), float(row["cost_p90_usd"])
        assert p10_usd < float(row["cost_usd"]) < p90_usd and math.isclose(p90_usd, shown["totals"]["cost_p90_usd"])
        assert display["p10_p90_usd"] == f"{_shown(float(f'{p10_usd:.2g}'))}–{_shown(float(f'{p90_usd:.2g}'))}"  # two figures
        assert row["summary"] == shown["summary"]
    for n, shown in enumerate(answer["routes"], start=1):
        mine = [row for row in legs if row["route"] == str(n)]
        assert [row["from_id"] for row in mine] == [leg["from_id"] for leg in shown["legs"]]
        assert [row["kind"] for row in mine] == [r["leg"] for r in shown["rows"]]
        assert [_shown(float(row["cost_usd"])) for row in mine] == [r["usd"] for r in shown["rows"]]
        assert math.isclose(sum(float(row["cost_usd"]) for row in mine), shown["totals"]["cost_usd"])  # legs sum to the total
        queued = sum(float(row["queue_h"]) for row in mine)  # the timetable's time is the total less the queues
        assert math.isclose(shown["totals"]["time_h"] - queued, shown["totals"]["planned_time_h"], abs_tol=1e-6)


def test_route_xlsx_has_both_tables_in_persian_right_to_left(shared_client):
    answer = shared_client.get("/api/route", params=ROUTE | {"alternatives": 2, "lang": "fa"}).json()
    response = shared_client.get("/api/route", params=ROUTE | {"alternatives": 2, "lang": "fa", "format": "xlsx"})
    assert response.status_code == 200 and response.headers["content-disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["routes", "legs"] and book["routes"].sheet_view.rightToLeft
    routes = _sheet(book, "routes")
    usd, name = column_label("cost_usd", "fa"), column_label("origin_name", "fa")
    assert usd == "دلار" and name == "مبدأ"
    assert [r[usd] for r in routes] == pytest.approx([r["totals"]["cost_usd"] for r in answer["routes"]])  # numbers, not text
    assert routes[0][name] == answer["routes"][0]["origin_name"] == "رشت"
    assert len(_sheet(book, "legs")) == sum(len(r["legs"]) for r in answer["routes"])


def test_route_geojson_draws_every_route(shared_client):
    answer = shared_client.get("/api/route", params=ROUTE | {"alternatives": 2}).json()
    response = shared_client.get("/api/route", params=ROUTE | {"alternatives": 2, "format": "geojson"})
    assert response.headers["content-type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    for n, shown in enumerate(answer["routes"], start=1):
        lines = [f for f in collection["features"] if f["properties"]["route"] == n and f["geometry"]["type"] == "LineString"]
        assert len(lines) == sum(leg["kind"] == "move" for leg in shown["legs"])
        assert all(len(f["geometry"]["coordinates"]) >= 2 for f in lines)
        assert math.isclose(collection["properties"]["routes"][n - 1]["cost_usd"], shown["totals"]["cost_usd"])


def test_route_download_errors_are_json(shared_client):
    assert_error(shared_client.get("/api/route", params=ROUTE | {"format": "pdf"}), 422, "format")
    assert_error(shared_client.get("/api/route", params={"from": "Tehrn", "to": "Warsaw", "format": "csv"}), 422)
    assert_error(shared_client.get("/api/route", params=ROUTE | {"format": "csv", "table": "nope"}), 422, "table")


def test_route_options_of_the_cli_reach_the_api(shared_client):
    """via (several, ';'-separated), per-segment modes, avoid, reliability, value of time and
    carbon price, in Persian digits too; bad values are one 422 naming each field."""
    asked = ROUTE | {"via": "AZ_BAK;RU_MOW", "leg_modes": "*;*;rail", "avoid": "GE;bosphorus", "reliability": "p90",
                     "by": "generalized", "value_of_time": "۶۰", "carbon_price": "100"}  # fmt: skip
    route = shared_client.get("/api/route", params=asked).json()["routes"][0]
    places = [p for leg in route["legs"] for p in (leg["from_id"], *leg["via_ids"], leg["to_id"])]
    assert places.index("AZ_BAK") < places.index("RU_MOW")
    moscow = next(k for k, leg in enumerate(route["legs"]) if leg["to_id"] == "RU_MOW" or "RU_MOW" in leg["via_ids"])
    assert {leg["mode"] for leg in route["legs"][moscow + 1:] if leg["kind"] == "move"} == {"rail"}  # the last segment
    assert not any(p.startswith("GE_") for p in places)
    assert route["criterion"] == "generalized"
    body = assert_error(shared_client.get("/api/route", params=ROUTE | {"reliability": "p9", "value_of_time": "x"}), 422)
    assert {p["field"] for p in body["problems"]} == {"reliability", "value_of_time_usd_per_h"}
    assert body["error_fa"] and "عدد نیست" in body["error_fa"]  # the library's Persian text


def test_comparison_downloads(client):
    pairs = [["Moscow", "Tehran"], ["Warsaw", "Bandar Abbas"], ["Kyiv", "Tehran"]]
    job = client.post("/api/jobs", json={"kind": "compare", "params": {"a": "baseline", "b": "rasht-astara", "od_pairs": pairs}}).json()
    url = f"/api/jobs/{job['id']}/export"
    done = wait_for_job(client, job["id"])
    rows = _csv(client.get(url, params={"format": "csv"}))
    result = {(r["origin"], r["destination"]): r for r in done["result"]["pairs"]}
    assert len(rows) == len(result) == 3
    for row in rows:
        mine = result[(row["origin_id"], row["destination_id"])]
        assert math.isclose(float(row["delta_days"]), mine["delta_days"]) and math.isclose(float(row["delta_usd"]), mine["delta_usd"])
        assert row["route_changed"] == str(mine["route_changed"])
    assert [r["route_changed"] for r in rows] == sorted((r["route_changed"] for r in rows), reverse=True)  # changed first, as shown
    shown = done["display"]["table_html"]
    for row in rows:  # the page's table shows the same Δ USD, rounded
        assert _shown(float(row["delta_usd"])).replace("-", "−") in shown or _shown(float(row["delta_usd"])) in shown
    shares = _csv(client.get(url, params={"format": "csv", "table": "shares"}))
    assert math.isclose(sum(float(s["share_a"]) for s in shares), 1.0, rel_tol=1e-9)
    book = load_workbook(io.BytesIO(client.get(url, params={"format": "xlsx"}).content))
    assert book.sheetnames == ["pairs", "shares"] and len(_sheet(book, "pairs")) == 3
    collection = client.get(url, params={"format": "geojson"}).json()
    od = [f for f in collection["features"] if f["properties"]["feature_type"] == "od_pair"]
    changed = [f for f in collection["features"] if f["properties"].get("changed")]
    assert len(od) == 3 and all(len(f["geometry"]["coordinates"]) == 2 for f in od)
    assert {f["properties"]["id"] for f in changed} == set(done["result"]["changed_links"])
    assert_error(client.get(url, params={"format": "csv", "table": "nope"}), 422, "table")
    assert_error(client.get("/api/jobs/nope/export"), 404)


def test_unfinished_and_unexportable_jobs_are_refused(client):
    job = client.post("/api/jobs", json={"kind": "assign", "params": {"scenario": "baseline"}}).json()
    early = client.get(f"/api/jobs/{job['id']}/export", params={"format": "csv"})
    if early.status_code != 200:  # the job may already be done on a fast machine
        body = assert_error(early, 409, "id")
        assert body["error_fa"]
    wait_for_job(client, job["id"])
    links = _csv(client.get(f"/api/jobs/{job['id']}/export", params={"format": "csv", "table": "links"}))
    assert links and float(links[0]["tonnes_per_year"]) >= 0
    assert_error(client.get(f"/api/jobs/{job['id']}/export", params={"format": "geojson"}), 422, "format")
