"""The HTTP API in-process (TestClient): every endpoint, 4xx JSON errors, scenario CRUD, jobs."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from web_support import LOCAL, scenario_toml

from dalan.network.io import load_embedded_network
from dalan.network.search import PlaceIndex
from dalan.scenarios import shipped_names
from dalan.web import create_app
from dalan.web.db import jobs, open_database

ASCII_DIGIT = re.compile(r"[0-9]")
PERSIAN_DIGIT = re.compile(r"[۰-۹]")


def assert_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"error", "field", "hint"} and body["error"]
    if field is not None:
        assert body["field"] == field, body
    return body


def wait_for_job(client, job_id: str, timeout: float = 60.0, lang: str = "en") -> dict:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}", params={"lang": lang}).json()
        seen.append(job["progress"])
        if job["status"] in ("done", "failed"):
            job["seen_progress"] = seen
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


# --- places and network ---------------------------------------------------------------------------


def test_places_finds_persian_and_english_names(shared_client):
    rasht = shared_client.get("/api/places", params={"q": "رشت", "lang": "fa"}).json()["places"][0]
    assert rasht["id"] == "IR_RAS" and rasht["name"] == "رشت" and rasht["name_en"].startswith("Rasht")
    warsaw = shared_client.get("/api/places", params={"q": "warsaw"}).json()["places"][0]
    assert warsaw["id"] == "PL_WAW" and warsaw["country"] == "PL"
    # Arabic yeh/kaf and a ZWNJ are folded like the CLI does
    assert shared_client.get("/api/places", params={"q": "سن\u200cپترزبورگ"}).json()["places"][0]["country"] == "RU"


def test_places_limit_and_bad_input(shared_client):
    assert len(shared_client.get("/api/places", params={"q": "a", "limit": 3}).json()["places"]) <= 3
    assert_error(shared_client.get("/api/places", params={"q": ""}), 422, "q")
    assert_error(shared_client.get("/api/places", params={"q": "x", "limit": 500}), 422, "limit")
    assert_error(shared_client.get("/api/places", params={"q": "x", "lang": "de"}), 422, "lang")
    assert_error(shared_client.get("/api/places", params={"q": "x", "scenario": "nope"}), 404, "scenario")


def test_network_geojson_matches_the_embedded_network(shared_client):
    data = shared_client.get("/api/network").json()
    network = load_embedded_network()
    kinds = [f["properties"]["feature_type"] for f in data["features"]]
    assert kinds.count("place") == len(network.places) and kinds.count("link") == len(network.links)
    styled = shared_client.get("/api/network", params={"styled": "true", "lang": "fa"}).json()
    links = [f["properties"] for f in styled["features"] if f["properties"]["feature_type"] == "link"]
    assert all(p["_dash"] for p in links if p["status"] != "operational")
    assert all(PERSIAN_DIGIT.search(p["_tip"]) for p in links)


# --- routes ---------------------------------------------------------------------------------------


def test_route_legs_chain_from_origin_to_destination(shared_client):
    body = shared_client.get("/api/route", params={"from": "رشت", "to": "Warsaw"}).json()
    (route,) = body["routes"]
    legs = route["legs"]
    assert legs[0]["from_id"] == "IR_RAS" and legs[-1]["to_id"] == "PL_WAW"
    for before, after in itertools.pairwise(legs):
        assert before["to_id"] == after["from_id"]
    assert math.isclose(route["totals"]["time_h"], sum(leg["time_h"] for leg in legs))
    assert math.isclose(route["totals"]["length_km"], sum(leg["length_km"] for leg in legs))
    assert len(route["rows"]) == len(legs)
    lines = [f for f in route["geojson"]["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == sum(leg["kind"] == "move" for leg in legs)


def test_route_in_persian_has_persian_digits_only(shared_client):
    route = shared_client.get("/api/route", params={"from": "Moscow", "to": "Tehran", "lang": "fa"}).json()["routes"][0]
    shown = [route["totals_text"], *(v for row in route["rows"] for v in row.values())]
    assert any(PERSIAN_DIGIT.search(text) for text in shown)
    assert not any(ASCII_DIGIT.search(text) for text in shown if "mm" not in text)
    # the title reads right to left: the first-read place (the origin) then «←» to the destination
    assert route["title"] == "\u2068مسکو\u2069 ← \u2068تهران\u2069"


def test_route_options_are_honoured(shared_client):
    rail = shared_client.get("/api/route", params={"from": "Moscow", "to": "Bandar Abbas", "modes": "rail"}).json()
    assert {leg["mode"] for leg in rail["routes"][0]["legs"] if leg["kind"] == "move"} == {"rail"}
    three = shared_client.get("/api/route", params={"from": "Moscow", "to": "Bandar Abbas", "alternatives": 3}).json()
    assert len(three["routes"]) == 3
    times = [r["totals"]["time_h"] for r in three["routes"]]
    assert times == sorted(times)  # by time (the default): best first
    pareto = shared_client.get("/api/route", params={"from": "Moscow", "to": "Bandar Abbas", "pareto": "true"}).json()
    points = [(r["totals"]["time_h"], r["totals"]["cost_usd"], r["totals"]["co2_kg"]) for r in pareto["routes"]]
    for p in points:  # no route of a Pareto set beats another on all three criteria
        assert not any(q != p and all(qi <= pi for qi, pi in zip(q, p)) for q in points)
    assert pareto["pareto_chart_svg"].startswith("<svg")


def test_route_with_a_crew_of_two_drivers(shared_client):
    base = {"from": "Khorgos", "to": "Warsaw", "modes": "road"}
    one = shared_client.get("/api/route", params=base).json()["routes"][0]["totals"]
    two = shared_client.get("/api/route", params=base | {"drivers": "2"}).json()["routes"][0]["totals"]
    assert two["time_h"] < 0.8 * one["time_h"] and two["cost_usd"] > one["cost_usd"]
    assert_error(shared_client.get("/api/route", params=base | {"drivers": "3"}), 422, "drivers")


def test_route_as_a_whole_train(shared_client):
    base = {"from": "Almaty", "to": "Bandar Abbas", "modes": "rail", "cargo": "bulk"}
    wagonload = shared_client.get("/api/route", params=base).json()["routes"][0]["totals"]
    answer = shared_client.get("/api/route", params=base | {"whole_train": "true", "lang": "fa"}).json()["routes"][0]
    whole = answer["totals"]
    assert whole["time_h"] < 0.8 * wagonload["time_h"]
    assert answer["whole_train"] is True and "با قطار کامل" in answer["totals_text"]
    assert_error(shared_client.get("/api/route", params={"from": "Istanbul", "to": "Tehran", "cargo": "truck", "whole_train": "true"}), 422, "whole_train")


def test_route_numbers_in_persian_digits_are_the_same_question(shared_client):
    """quantity, alternatives and max_transfers go through the options layer: «۶۰», «۳», «۲» ask
    what 60, 3, 2 ask (FastAPI's float/int parameters used to refuse them)."""
    base = {"from": "Baku", "to": "Tehran"}
    latin = shared_client.get("/api/route", params=base | {"quantity": "60", "alternatives": "3", "max_transfers": "2"})
    persian = shared_client.get("/api/route", params=base | {"quantity": "۶۰", "alternatives": "۳", "max_transfers": "۲"})
    assert latin.status_code == persian.status_code == 200
    assert persian.json() == latin.json() and len(latin.json()["routes"]) == 3
    assert_error(shared_client.get("/api/route", params=base | {"max_transfers": "11"}), 422, "max_transfers")


def test_route_errors_are_4xx_json_with_field(shared_client):
    body = assert_error(shared_client.get("/api/route", params={"from": "Tehrn", "to": "Baku"}), 422, "from")
    assert "IR_THR" in body["hint"]
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Nowhereville"}), 422, "to")
    assert_error(shared_client.get("/api/route", params={"to": "Baku"}), 422, "from")
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Tehran", "alternatives": 21}), 422, "alternatives")
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Tehran", "quantity": "nan"}), 422, "quantity")
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Tehran", "quantity": -1}), 422, "quantity")
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Tehran", "modes": "rail,air"}), 422, "modes")
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Tehran", "by": "fun"}), 422, "by")
    assert_error(shared_client.get("/api/route", params={"from": "Baku", "to": "Tehran", "scenario": "../etc"}), 404, "scenario")
    no_route = assert_error(shared_client.get("/api/route", params={"from": "GE_ANA", "to": "GE_POT"}), 422)
    assert "planned" in no_route["hint"]


# --- scenarios ------------------------------------------------------------------------------------


def test_scenarios_list_and_get_shipped(shared_client):
    listed = shared_client.get("/api/scenarios", params={"lang": "fa"}).json()["scenarios"]
    assert [s["name"] for s in listed if s["shipped"]] == shipped_names()
    detail = shared_client.get("/api/scenarios/rasht-astara").json()
    assert detail["shipped"] and 'name = "rasht-astara"' in detail["toml"] and detail["edits"] == 2
    assert_error(shared_client.get("/api/scenarios/no-such"), 404)


def test_scenario_crud_round_trip(client):
    created = client.post("/api/scenarios", json={"toml": scenario_toml("astara-fast", 6.0)})
    assert created.status_code == 201 and created.headers["location"] == "/api/scenarios/astara-fast"
    assert created.json()["version"] == 1 and created.json()["base"] == "rasht-astara"
    assert client.get("/api/scenarios/astara-fast").json()["toml"] == scenario_toml("astara-fast", 6.0)

    def astara_dwell() -> float:
        network = client.get("/api/network", params={"scenario": "astara-fast"}).json()
        (astara,) = [f["properties"] for f in network["features"] if f["properties"]["id"] == "IR_AST"]
        return astara["rail_border_dwell_h"]

    assert astara_dwell() == 6.0
    assert created.headers["etag"] == '"1"'
    updated = client.put("/api/scenarios/astara-fast", json={"toml": scenario_toml("astara-fast", 3.0)}, headers={"If-Match": '"1"'})
    assert updated.status_code == 200 and updated.json()["version"] == 2 and updated.headers["etag"] == '"2"'
    assert astara_dwell() == 3.0  # the applied scenario is not served from a stale cache
    route = client.get("/api/route", params={"from": "Moscow", "to": "Tehran", "scenario": "astara-fast"})
    assert route.status_code == 200
    assert client.delete("/api/scenarios/astara-fast").status_code == 204
    assert_error(client.get("/api/scenarios/astara-fast"), 404)
    assert "astara-fast" not in [s["name"] for s in client.get("/api/scenarios").json()["scenarios"]]


def test_stored_scenario_can_be_the_base_of_another(client):
    assert client.post("/api/scenarios", json={"toml": scenario_toml("parent", 6.0)}).status_code == 201
    child = 'name = "child"\nbase = "parent"\n[costing]\nborder_dwell_factor = 0.5\n'
    assert client.post("/api/scenarios", json={"toml": child}).status_code == 201
    assert client.get("/api/route", params={"from": "Moscow", "to": "Tehran", "scenario": "child"}).status_code == 200
    assert_error(client.delete("/api/scenarios/parent"), 409)  # still the base of "child"
    looped = scenario_toml("parent", 6.0).replace('base = "rasht-astara"', 'base = "child"')
    assert_error(client.put("/api/scenarios/parent", json={"toml": looped}, headers={"If-Match": "1"}), 422)


@pytest.mark.parametrize(
    ("toml", "status", "field"),
    [
        ("this is not toml", 422, None),
        ('title_en = "no name"', 422, None),
        ('name = "Bad Name!"', 422, "name"),
        ('name = "baseline"', 409, "name"),
        ('name = "x1"\nbase = "/etc/passwd"', 422, "base"),
        ('name = "x2"\nbase = "../data/scenarios/baseline.toml"', 422, "base"),
        ('name = "x3"\nbase = "no-such-scenario"', 404, "scenario"),
        ('name = "x4"\nbase = "x4"', 422, None),
        ('name = "x5"\n[[edit]]\naction = "set"\nplace = "IR_NOPE"\nvalues = { notes = "x" }', 422, None),
        ('name = "x6"\n[[edit]]\naction = "set"\nlink = "L001"\nvalues = { speed_kmh = "fast" }', 422, None),
        ('name = "x7"\n[costing]\nborder_dwell_factor = "abc"', 422, None),
        ('name = "x8"\nedit = 5', 422, None),
    ],
)
def test_bad_scenarios_are_refused_with_a_message(client, toml, status, field):
    body = assert_error(client.post("/api/scenarios", json={"toml": toml}), status, field)
    assert len(body["error"]) > 10
    assert not any(s["name"].startswith("x") for s in client.get("/api/scenarios").json()["scenarios"])


def test_scenario_error_names_the_line(client):
    toml = 'name = "x9"\nbase = "baseline"\n\n[[edit]]\naction = "set"\nplace = "IR_NOPE"\nvalues = { notes = "x" }\n'
    body = assert_error(client.post("/api/scenarios", json={"toml": toml}), 422)
    assert "line 6" in body["error"] and "IR_NOPE" in body["error"]


def test_shipped_scenarios_are_read_only(client):
    assert_error(client.put("/api/scenarios/baseline", json={"toml": 'name = "baseline"'}), 403)
    assert_error(client.delete("/api/scenarios/rasht-astara"), 403)
    assert_error(client.put("/api/scenarios/not-there", json={"toml": 'name = "not-there"'}), 404)
    assert_error(client.put("/api/scenarios/a1", json={"toml": scenario_toml("a2")}), 404)
    client.post("/api/scenarios", json={"toml": scenario_toml("a1")})
    assert_error(client.put("/api/scenarios/a1", json={"toml": scenario_toml("a2")}, headers={"If-Match": "1"}), 422, "name")
    assert_error(client.post("/api/scenarios", json={"toml": scenario_toml("a1")}), 409, "name")


def test_a_stale_save_is_refused_not_overwritten(client):
    assert client.post("/api/scenarios", json={"toml": scenario_toml("shared", 6.0)}).status_code == 201
    read = client.get("/api/scenarios/shared")
    assert read.headers["etag"] == '"1"' and read.json()["version"] == 1
    mine = client.put("/api/scenarios/shared", json={"toml": scenario_toml("shared", 5.0)}, headers={"If-Match": read.headers["etag"]})
    assert mine.status_code == 200 and mine.headers["etag"] == '"2"'
    theirs = client.put("/api/scenarios/shared", json={"toml": scenario_toml("shared", 9.0)}, headers={"If-Match": '"1"'})
    body = assert_error(theirs, 412, "if-match")
    assert "version 2" in body["error"] and '"2"' in body["hint"]
    assert_error(client.put("/api/scenarios/shared", json={"toml": scenario_toml("shared", 9.0)}), 428, "if-match")
    assert_error(client.put("/api/scenarios/shared", json={"toml": scenario_toml("shared", 9.0)}, headers={"If-Match": "abc"}), 422, "if-match")
    stored = client.get("/api/scenarios/shared").json()
    assert stored["version"] == 2 and "= 5.0" in stored["toml"]  # the stale save changed nothing
    weak = client.put("/api/scenarios/shared", json={"toml": scenario_toml("shared", 4.0)}, headers={"If-Match": 'W/"2"'})
    assert weak.status_code == 200 and weak.json()["version"] == 3
    forced = client.put("/api/scenarios/shared", json={"toml": scenario_toml("shared", 3.0)}, headers={"If-Match": "*"})
    assert forced.status_code == 200 and forced.json()["version"] == 4


def test_concurrent_saves_of_one_version_let_exactly_one_through(client):
    assert client.post("/api/scenarios", json={"toml": scenario_toml("raced", 6.0)}).status_code == 201

    def save(hours: float) -> int:
        toml = scenario_toml("raced", hours)
        return client.put("/api/scenarios/raced", json={"toml": toml}, headers={"If-Match": '"1"'}).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(save, [2.0, 3.0, 4.0, 5.0]))
    assert statuses == [200, 412, 412, 412]
    assert client.get("/api/scenarios/raced").json()["version"] == 2


# --- jobs -----------------------------------------------------------------------------------------


def test_compare_job_lifecycle(client):
    pairs = [["Moscow", "Tehran"], ["Warsaw", "Bandar Abbas"], ["Kyiv", "Tehran"]]
    submitted = client.post("/api/jobs", json={"kind": "compare", "params": {"a": "baseline", "b": "rasht-astara", "od_pairs": pairs}})
    assert submitted.status_code == 202
    job = submitted.json()
    assert job["status"] in ("queued", "running") and job["result"] is None
    done = wait_for_job(client, job["id"], lang="fa")
    assert done["status"] == "done" and done["progress"] == 1.0 and done["error"] is None
    assert done["seen_progress"] == sorted(done["seen_progress"])
    rows = done["result"]["pairs"]
    index = PlaceIndex(load_embedded_network())
    assert [(r["origin"], r["destination"]) for r in rows] == [(index.find(o).id, index.find(d).id) for o, d in pairs]
    for row in rows:  # deltas are B − A, and a route with a time change has changed
        assert math.isclose(row["delta_days"], row["days_b"] - row["days_a"])
        if abs(row["delta_days"]) > 1e-9:
            assert row["route_changed"]
    shares_a = sum(s["share_a"] for s in done["result"]["shares"])
    assert math.isclose(shares_a, 1.0, rel_tol=1e-9)
    assert "L" in "".join(done["result"]["changed_links"])  # Rasht–Astara changes links
    assert done["display"]["chart_svg"].startswith("<svg") and PERSIAN_DIGIT.search(done["display"]["table_html"])
    listed = client.get("/api/jobs").json()["jobs"]
    assert listed[0]["id"] == job["id"] and listed[0]["result"] is None


def test_simulate_job_lifecycle(client):
    params = {"scenario": "baseline", "days": 10, "warmup_days": 2, "replications": 2, "seed": 7, "date": "2024-06-01"}
    job = client.post("/api/jobs", json={"kind": "simulate", "params": params}).json()
    done = wait_for_job(client, job["id"], lang="fa")
    assert done["status"] == "done", done["error"]
    result = done["result"]
    assert result["replications"] == 2 and result["seed"] == 7 and result["flows"]
    assert result["as_of"] == "2024-06-01" and "۲۰۲۴-۰۶-۰۱" in done["display"]["summary"]
    for flow in result["flows"]:  # a simulated transit time, where goods arrived, is positive
        assert flow["transit_mean_h"] is None or flow["transit_mean_h"] > 0
    assert PERSIAN_DIGIT.search(done["display"]["table_html"])
    assert_error(client.post("/api/jobs", json={"kind": "simulate", "params": {"replications": 1001}}), 422)
    assert_error(client.post("/api/jobs", json={"kind": "simulate", "params": {"scenario": "nope"}}), 422, "params.scenario")
    assert_error(client.post("/api/jobs", json={"kind": "simulate", "params": {"date": "2024-13-01"}}), 422, "simulate.params.date")


def test_assign_job_lifecycle(client):
    job = client.post("/api/jobs", json={"kind": "assign", "params": {"scenario": "rasht-astara", "date": "2024-06-01"}}).json()
    done = wait_for_job(client, job["id"], lang="fa")
    assert done["status"] == "done", done["error"]
    result = done["result"]
    assert result["as_of"] == "2024-06-01" and "۲۰۲۴-۰۶-۰۱" in done["display"]["summary"]
    assert result["relative_gap"] <= 1e-4
    assert math.isclose(sum(s["share"] for s in result["shares"]), 1.0, rel_tol=1e-9)
    assert done["display"]["chart_svg"].startswith("<svg") and PERSIAN_DIGIT.search(done["display"]["table_html"])
    assert_error(client.post("/api/jobs", json={"kind": "assign", "params": {"scenario": "nope"}}), 422, "params.scenario")
    assert_error(client.post("/api/jobs", json={"kind": "assign", "params": {"loading": "magic"}}), 422)
    assert_error(client.post("/api/jobs", json={"kind": "assign", "params": {"date": "2024-02-30"}}), 422, "assign.params.date")


def test_job_errors(client):
    assert_error(client.post("/api/jobs", json={"kind": "teleport", "params": {}}), 422, "kind")
    assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"a": "nope"}}), 422, "params.a")
    bad_pair = {"kind": "compare", "params": {"od_pairs": [["Moscow", "Atlantis"]]}}
    assert_error(client.post("/api/jobs", json=bad_pair), 422, "params.od_pairs")
    assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"alternatives": 50}}), 422)
    assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"extra": 1}}), 422)
    assert_error(client.post("/api/jobs", content=b"{not json", headers={"content-type": "application/json"}), 422)
    assert_error(client.get("/api/jobs/doesnotexist"), 404, "id")


def test_jobs_cut_off_by_a_restart_are_marked_failed(db_url):
    engine = open_database(db_url)
    with engine.begin() as connection:
        row = {"id": "j1", "kind": "compare", "params": {}, "status": "running", "progress": 0.5, "created_at": dt.datetime.now()}
        connection.execute(jobs.insert().values(**row))
    engine.dispose()
    with TestClient(create_app(db_url), base_url=LOCAL) as client:
        job = client.get("/api/jobs/j1").json()
    assert job["status"] == "failed" and "interrupted" in job["error"]["error"]


# --- page, health, schema -------------------------------------------------------------------------


def test_page_and_assets_are_served_by_the_app(shared_client):
    english = shared_client.get("/")
    assert english.status_code == 200 and '<html lang="en" dir="ltr">' in english.text
    persian = shared_client.get("/", params={"lang": "fa"}).text
    assert '<html lang="fa" dir="rtl">' in persian and PERSIAN_DIGIT.search(persian.split("<time")[1][:80])
    references = re.findall(r'(?:src|href)="([^"]+)"', english.text)
    assert all(ref.startswith(("/", "data:", "#")) for ref in references)  # nothing from elsewhere (# : skip links)
    for asset in (ref for ref in references if ref.startswith("/") and not ref.startswith("/?")):
        assert shared_client.get(asset).status_code == 200, asset
    assert "'self'" in english.headers["content-security-policy"]


def test_health_and_openapi_examples(shared_client):
    assert shared_client.get("/api/health").json()["status"] == "ok"
    schema = shared_client.get("/openapi.json").json()
    assert {"/api/places", "/api/route", "/api/scenarios", "/api/scenarios/{name}", "/api/network", "/api/jobs", "/api/jobs/{job_id}"} <= set(schema["paths"])
    for name in ("ErrorOut", "PlaceOut", "ScenarioIn", "CompareJobIn", "JobStateOut"):
        assert schema["components"]["schemas"][name].get("examples"), name
