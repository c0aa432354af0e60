"""The API behind the page's scenario editor and its other workbench tools: form edits (checked
on the server, ranges in both languages), the diff against the base, the version history with
revert (and migration 0004 for scenarios stored before it), who may edit, the route's cost
breakdown, a job run again, the route and back-test reports."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from web_support import LOCAL, scenario_toml

from dalan.network.io import load_embedded_network
from dalan.scenarios import load_scenario
from dalan.web import create_app
from dalan.web.db import create_db_engine, upgrade
from dalan.web.users import add_user

MINE = 'name = "mine"\ntitle_en = "Mine"\nbase = "baseline"\n'


def _edit(client, body: dict, version: int, name: str = "mine", **headers):
    return client.post(f"/api/scenarios/{name}/edits", json=body, headers={"If-Match": f'"{version}"', **headers})


def _rail_link(network, mode: str = "rail") -> str:
    return next(link.id for link in network.links if link.mode == mode and link.status == "operational")


def test_form_edits_diff_history_and_revert(client):
    assert client.post("/api/scenarios", json={"toml": MINE}).status_code == 201
    base = load_scenario("baseline")
    link = base.network.link(_rail_link(base.network))
    # close and slow a link: appended to the TOML as [[edit]] tables, version 2
    saved = _edit(client, {"target": "link", "id": link.id, "close": True, "speed_factor": "۰٫۵"}, 1)
    assert saved.status_code == 200 and saved.headers["ETag"] == '"2"'
    edits = tomllib.loads(saved.json()["toml"])["edit"]
    assert edits[-1]["link"] == link.id and edits[-1]["values"]["status"] == "closed"
    countries = (base.network.place(link.from_id).country, base.network.place(link.to_id).country)
    run_h = base.costing.running_time_h(link, countries, base.costing.cargo_class("container"))
    assert edits[-1]["values"]["extra_delay_h"] == pytest.approx(link.extra_delay_h + run_h, abs=1e-3)  # half speed: the run again
    # a place's border dwell and fee, Persian digits
    assert _edit(client, {"target": "place", "id": "AZ_AST", "values": {"rail_border_dwell_h": "۱۲", "border_fee_usd": 80}}, 2).status_code == 200
    diff = client.get("/api/scenarios/mine/diff", params={"lang": "fa"}).json()
    got = {(c["target"], c["id"], c["field"]): (c["before"], c["after"]) for c in diff["changes"]}
    assert got == {
        ("link", link.id, "status"): ("operational", "closed"),
        ("link", link.id, "extra_delay_h"): (link.extra_delay_h, pytest.approx(link.extra_delay_h + run_h, abs=1e-3)),
        ("place", "AZ_AST", "rail_border_dwell_h"): (base.network.place("AZ_AST").rail_border_dwell_h, 12.0),
        ("place", "AZ_AST", "border_fee_usd"): (base.network.place("AZ_AST").border_fee_usd, 80.0),
    }
    row = next(c for c in diff["changes"] if c["field"] == "border_fee_usd")
    assert row["after_text"] == "۸۰" and row["field_text"] == "هزینهٔ مرزی (دلار)" and "AZ_AST" in row["element_text"]
    history = client.get("/api/scenarios/mine/history", params={"lang": "fa"}).json()["versions"]
    assert [(v["version"], v["note"], v["edits"]) for v in history] == [(3, "form", 2), (2, "form", 1), (1, "", 0)]
    assert history[0]["note_text"] == "ویرایش روی نقشه"
    assert client.get("/api/scenarios/mine/versions/2").json()["toml"] == saved.json()["toml"]
    # revert to version 1: version 4 with version 1's text, nothing left against the base
    reverted = client.post("/api/scenarios/mine/revert", json={"version": 1}, headers={"If-Match": '"3"'})
    assert reverted.json()["version"] == 4 and reverted.json()["toml"] == MINE
    assert client.get("/api/scenarios/mine/diff").json()["changes"] == []
    assert client.get("/api/scenarios/mine/history").json()["versions"][0]["note"] == "revert:1"
    # stale, missing or unknown versions
    assert _edit(client, {"target": "link", "id": link.id, "close": True}, 3).status_code == 412
    assert client.post("/api/scenarios/mine/edits", json={"target": "link", "id": link.id, "close": True}).status_code == 428
    assert client.post("/api/scenarios/mine/revert", json={"version": 9}, headers={"If-Match": '"4"'}).status_code == 404
    # a deleted scenario takes its history with it: the name starts again at version 1
    assert client.delete("/api/scenarios/mine").status_code == 204
    assert client.post("/api/scenarios", json={"toml": MINE}).status_code == 201
    assert [v["version"] for v in client.get("/api/scenarios/mine/history").json()["versions"]] == [1]


@pytest.mark.parametrize(
    ("body", "field", "fa"),
    [
        ({"target": "link", "speed_factor": "7"}, "speed_factor", "باید بیشتر از ۰٫۰۵ و حداکثر ۱ باشد"),
        ({"target": "link", "speed_factor": "0"}, "speed_factor", "باید بیشتر از ۰٫۰۵ و حداکثر ۱ باشد"),
        ({"target": "link", "values": {"load_limit_share": "1.5"}}, "load_limit_share", "باید بیشتر از ۰ و حداکثر ۱ باشد"),
        ({"target": "link", "values": {"extra_delay_h": "-1"}}, "extra_delay_h", "باید از ۰ تا ۸۷۶۰ باشد"),
        ({"target": "link", "values": {"extra_delay_h": "nan"}}, "extra_delay_h", "متناهی نیست"),
        ({"target": "link", "values": {"extra_delay_h": "abc"}}, "extra_delay_h", "عدد نیست"),
        ({"target": "link", "values": {"speed_kmh": "40"}}, "speed_kmh", "با فرم تغییر داده نمی‌شود"),
        ({"target": "link", "values": {"sailings_per_week": "2"}}, "sailings_per_week", "فقط پیوند دریایی یا فِری سفر دریایی دارد"),
        ({"target": "place", "id": "AZ_AST", "values": {"border_fee_usd": "-5"}}, "border_fee_usd", "باید از ۰ تا ۱۰۰۰۰۰۰۰ باشد"),
        ({"target": "place", "id": "AZ_AST", "speed_factor": "0.5"}, "speed_factor", "فقط پیوند ضریب سرعت دارد"),
        ({"target": "place", "id": "AZ_AST", "close": False}, "close", "مکانِ حذف‌شده این‌جا بازگشایی نمی‌شود"),
        ({"target": "link"}, "values", "چیزی برای تغییر نیست"),
        ({"target": "link", "id": "L_NOPE", "close": True}, "id", "در شبکهٔ این سناریو نیست"),
    ],
)
def test_form_edits_are_checked_on_the_server(shared_editor, body, field, fa):
    client, version = shared_editor
    body = {"id": _rail_link(load_embedded_network())} | body
    answer = _edit(client, body, version, name="checked")
    assert answer.status_code == 422, answer.json()
    error = answer.json()
    assert error["field"] == field and fa in error["error_fa"]
    assert client.get("/api/scenarios/checked").json()["version"] == version  # nothing saved


@pytest.fixture(scope="module")
def shared_editor(shared_client):
    shared_client.post("/api/scenarios", json={"toml": MINE.replace('"mine"', '"checked"')})
    return shared_client, shared_client.get("/api/scenarios/checked").json()["version"]


def test_only_the_owner_edits_and_reverts(db_url):
    engine = create_db_engine(db_url)
    upgrade(engine)
    alice, bob = add_user(engine, "alice"), add_user(engine, "bob")
    with TestClient(create_app(db_url), base_url=LOCAL) as client:
        as_alice, as_bob = {"Authorization": f"Bearer {alice}"}, {"Authorization": f"Bearer {bob}"}
        client.post("/api/scenarios", json={"toml": MINE, "shared": True}, headers=as_alice)
        client.post("/api/scenarios", json={"toml": MINE.replace('"mine"', '"private"')}, headers=as_alice)
        place = {"target": "place", "id": "AZ_AST", "values": {"border_fee_usd": "10"}}
        assert _edit(client, place, 1, **as_bob).status_code == 403  # shared: read-only to bob
        assert client.get("/api/scenarios/mine/diff", headers=as_bob).status_code == 200
        assert client.post("/api/scenarios/mine/revert", json={"version": 1}, headers={"If-Match": '"1"'} | as_bob).status_code == 403
        assert _edit(client, place, 1, name="private", **as_bob).status_code == 404  # private: unknown to bob
        assert client.get("/api/scenarios/private/history", headers=as_bob).status_code == 404
        assert _edit(client, place, 1, name="baseline", **as_alice).status_code == 403  # shipped
        assert client.get("/api/scenarios/baseline/history", headers=as_alice).json()["versions"] == []
        saved = _edit(client, place, 1, **as_alice).json()
        assert saved["version"] == 2
        assert client.get("/api/scenarios/mine/history", headers=as_bob).json()["versions"][0]["saved_by"] == "alice"


def test_migration_0004_starts_the_history_of_stored_scenarios(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(files("dalan.web") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(sa.text(
            "INSERT INTO scenarios (name, toml, title_en, title_fa, base, version, created_at, updated_at, owner, shared) "
            "VALUES ('old', :toml, 'Old', 'Old', 'baseline', 3, '2026-01-01', '2026-01-02', 'alice', 0)"
        ), {"toml": scenario_toml("old")})  # fmt: skip
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT name, version, saved_by FROM scenario_versions")).all()
    assert rows == [("old", 3, "alice")]


def test_route_breakdown_rerun_and_reports(shared_client):
    answer = shared_client.get("/api/route", params={"from": "IR_RAS", "to": "PL_WAW", "value_of_time": "2", "alternatives": 2})
    for route in answer.json()["routes"]:
        b = route["breakdown"]
        assert len(b["usd"]) == len(route["legs"]) == len(b["rows"])
        for leg, usd in zip(route["legs"], b["usd"], strict=True):  # each leg's money in one category
            assert sum(usd[k] for k in b["keys"][:-1]) == pytest.approx(leg["cost_usd"])
            assert usd["time_cost"] == pytest.approx(2.0 * leg["time_h"] * route["quantity"])
        assert sum(b["totals"][k] for k in b["keys"][:-1]) == pytest.approx(route["totals"]["cost_usd"])
        assert b["totals"]["border"] > 0 and b["totals"]["freight"] > 0
    report = shared_client.get("/api/route", params={"from": "IR_RAS", "to": "PL_WAW", "format": "html", "lang": "fa"})
    assert report.headers["content-type"].startswith("text/html")
    assert '<html lang="fa" dir="rtl">' in report.text and "dalan-route-IR_RAS-PL_WAW.html" in report.headers["content-disposition"]
    plot = shared_client.get("/api/backtest", params={"lang": "fa"}).json()
    assert plot["svg"].startswith("<svg") and 0 < plot["ok"] <= plot["rows"]
    assert shared_client.get("/api/backtest/report").text.startswith("<!DOCTYPE html>")
    params = {"a": "baseline", "b": "rasht-astara", "od_pairs": [["IR_RAS", "PL_WAW"]]}
    first = shared_client.post("/api/jobs", json={"kind": "compare", "params": params}).json()["id"]
    shared_client.delete(f"/api/jobs/{first}")
    again = shared_client.post(f"/api/jobs/{first}/rerun")
    assert again.status_code == 202 and again.json()["id"] != first and again.json()["status"] in ("queued", "running")
    assert again.json()["params"] == shared_client.get(f"/api/jobs/{first}").json()["params"]
    shared_client.delete(f"/api/jobs/{again.json()['id']}")
    assert shared_client.post("/api/jobs/nope/rerun").status_code == 404
