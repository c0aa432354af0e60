"""The API behind the page's analyst tools: compare with an uploaded OD file (read by the CLI's
reader) and a date, the stress job kind (against the library's ``stress``), the flows and
bottlenecks an assignment shows on the map, the dated events of a route in the page language and
the time slider's stops."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pytest
from test_web_api import PERSIAN_DIGIT, assert_error, wait_for_job

from dalan.network.history import load_history, today
from dalan.network.io import load_embedded_network
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import read_od_pairs
from dalan.scenarios.stress import stress

OD_CSV = "origin,destination\n# a comment line\nMoscow,Tehran\nرشت,Warsaw\nMoscow,Tehran\n"


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_compare_reads_an_uploaded_od_file_as_the_cli_does(client, tmp_path):
    path = tmp_path / "od.csv"
    path.write_text(OD_CSV, encoding="utf-8")
    expected = read_od_pairs(path, load_embedded_network())  # the CLI's reader is the oracle
    params = {"a": "baseline", "b": "rasht-astara", "od_csv": OD_CSV, "by": "time", "dispersion": 4, "date": "2024-03-01"}
    job = client.post("/api/jobs", json={"kind": "compare", "params": params}).json()
    done = wait_for_job(client, job["id"], lang="fa")
    assert done["status"] == "done", done["error"]
    result = done["result"]
    assert [(p["origin"], p["destination"]) for p in result["pairs"]] == list(expected)
    assert result["by"] == "time" and result["date"] == "2024-03-01" and result["dispersion"] == 4
    # each pair's A and B are the routes the route endpoint gives on that date, by that criterion
    for pair in result["pairs"]:
        for scenario, key in (("baseline", "days_a"), ("rasht-astara", "days_b")):
            asked = {"from": pair["origin"], "to": pair["destination"], "scenario": scenario, "by": "time", "date": "2024-03-01"}
            route = client.get("/api/route", params=asked).json()["routes"][0]
            assert math.isclose(route["totals"]["time_days"], pair[key], rel_tol=1e-9)
    # the page's clickable pairs are in the order of its table and of the download
    rows = _csv(client.get(f"/api/jobs/{job['id']}/export", params={"format": "csv"}))
    assert done["display"]["pairs"] == [[r["origin_id"], r["destination_id"]] for r in rows]
    assert done["display"]["date"] == "2024-03-01" and done["display"]["by"] == "time"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("origin,destination\nMoscow,Atlantis\n", ["OD upload", "line 2", "Atlantis"]),
        ("from,to\nMoscow,Tehran\n", ["OD upload", "origin,destination"]),
        ("origin,destination\nKyiv,Kyiv\n,Tehran\n", ["line 2", "same place", "line 3", "missing place"]),
    ],
)
def test_a_bad_od_upload_is_a_422_naming_the_line(client, text, needles):
    body = assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"od_csv": text}}), 422)
    assert all(needle in body["error"] for needle in needles), body["error"]
    assert "/tmp" not in json.dumps(body)  # the server's temporary file never shows


def test_od_limits_and_both_forms_refused(client):
    both = {"od_csv": "origin,destination\nMoscow,Tehran\n", "od_pairs": [["Moscow", "Tehran"]]}
    assert_error(client.post("/api/jobs", json={"kind": "compare", "params": both}), 422, "params.od_csv")
    places = [p.id for p in load_embedded_network().places][:16]
    many = "origin,destination\n" + "".join(f"{o},{d}\n" for o in places for d in places if o != d)  # 240 pairs
    body = assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"od_csv": many}}), 422, "params.od_csv")
    assert "240" in body["error"] and "200" in body["error"] and "۲۴۰" in body["error_fa"]
    assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"od_csv": "x" * 100_001}}), 422, "compare.params.od_csv")
    assert_error(client.post("/api/jobs", json={"kind": "compare", "params": {"date": "2024-13-01"}}), 422, "compare.params.date")


STRESSED = ["hormuz-closure-2026", "azerbaijan-iran-border-closed"]
PAIRS = [["Warsaw", "Bandar Abbas"], ["Baku", "Tehran"]]


def test_stress_job_matches_the_library(client):
    job = client.post("/api/jobs", json={"kind": "stress", "params": {"scenarios": STRESSED, "od_pairs": PAIRS, "date": "2023-06-01"}})
    assert job.status_code == 202, job.text
    done = wait_for_job(client, job.json()["id"], lang="fa", timeout=120)
    assert done["status"] == "done", done["error"]
    matrix = stress([load_scenario(n) for n in STRESSED], [("PL_WAW", "IR_BND"), ("AZ_BAK", "IR_THR")], date="2023-06-01")
    assert done["result"]["cells"] == matrix.to_dict()["cells"]
    assert [s["survivors"] for s in done["result"]["scenarios"]] == [matrix.survivors(n) for n in STRESSED]
    assert any(c["outcome"] != "same" for c in done["result"]["cells"])  # the question has an answer to show
    display = done["display"]
    assert set(display["heat_html"]) == {"days", "usd", "t_co2e"}
    for html in display["heat_html"].values():
        assert html.count("<tr>") == 1 + len(PAIRS) and not re.search(r">[^<]*[0-9][^<]*</td>", html)  # Persian digits
    assert PERSIAN_DIGIT.search(display["summary"]) and "hormuz-closure-2026" in display["key_html"].replace("۲۰۲۶", "2026")
    english = client.get(f"/api/jobs/{done['id']}").json()["display"]
    assert "Stress test: 2 scenarios × 2" in english["summary"] and "hormuz-closure-2026" in english["heat_html"]["days"]
    rows = _csv(client.get(f"/api/jobs/{done['id']}/export", params={"format": "csv"}))
    assert len(rows) == len(PAIRS) * len(STRESSED) and rows[0]["outcome"] == matrix.to_dict()["cells"][0]["outcome"]


def test_stress_job_errors(client):
    def post(params: dict):
        return client.post("/api/jobs", json={"kind": "stress", "params": params})

    body = assert_error(post({"scenarios": ["baseline"]}), 422, "params.scenarios")
    assert body["error_fa"]
    assert_error(post({"scenarios": ["nope"]}), 422, "params.scenarios")
    assert_error(post({"baseline": "nope"}), 422, "params.baseline")
    assert_error(post({"scenarios": []}), 422, "stress.params.scenarios")  # request validation names the kind
    assert_error(post({"cargo": "gold"}), 422, "stress.params.cargo")
    assert_error(post({"od_pairs": [["Moscow", "Atlantis"]]}), 422, "params.od_pairs")


def test_assign_display_has_link_flows_and_bottlenecks(client):
    job = client.post("/api/jobs", json={"kind": "assign", "params": {"scenario": "baseline"}}).json()
    done = wait_for_job(client, job["id"], lang="fa", timeout=120)
    assert done["status"] == "done", done["error"]
    links = {row["link"]: row for row in done["result"]["links"]}
    flows = done["display"]["link_flows"]
    assert flows and all(links[link]["tonnes_per_year"] == tonnes > 0 and links[link]["max_vc"] == vc for link, tonnes, vc in flows)
    assert len(flows) == sum(1 for row in links.values() if row["tonnes_per_year"] > 0)
    network = load_embedded_network()
    assert all(network.has_link(link) for link, _, _ in flows)
    html = done["display"]["bottlenecks_html"]
    assert html.count("<tr>") == 1 + len(done["result"]["bottlenecks"]) and PERSIAN_DIGIT.search(html)
    vcs = [b["vc"] for b in done["result"]["bottlenecks"]]
    assert vcs == sorted(vcs, reverse=True)


def test_dated_events_in_the_page_language_and_the_slider_stops(client):
    answer = client.get("/api/route", params={"from": "PL_WAW", "to": "IR_BND", "date": "2026-04-18", "lang": "fa"}).json()
    events = answer["dated_events"]
    assert events and all(PERSIAN_DIGIT.search(e["date_text"]) and e["action_text"] for e in events)
    assert all(e["action_text"].startswith(("بسته", "بازگشایی", "محدود", "هزینهٔ اضافی")) for e in events)
    page = client.get("/?lang=fa").text
    config = json.loads(re.search(r'<script type="application/json" id="dalan-config">(.*?)</script>', page, re.DOTALL).group(1))
    stops = config["history"]
    assert [s["date"] for s in stops] == sorted({e.date.isoformat() for e in load_history().events} | {today().isoformat()})
    assert [s["date"] for s in stops if s["today"]] == [today().isoformat()]
    assert all(PERSIAN_DIGIT.search(s["text"]) for s in stops)
