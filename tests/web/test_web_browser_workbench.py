"""The analyst's tools of the page in Chromium, in English and Persian: compare with its criterion,
dispersion, uploaded OD file and date, and a pair clicked through to its routes in A and B; yearly
flows drawn on the map with the top bottlenecks; the stress test's heat maps; the time slider over
the dated history. Each checks what a user would see against the API or the library.
Screenshots: out/test-artifacts/{compare_pair,flows,stress,time_slider}_<lang>.png."""

from __future__ import annotations

import json
import re

import pytest
from test_web_browser import TIMEOUT_MS, open_page, shot, wait_until
from test_web_browser_jobs import wait_job
from web_support import LIVE

from dalan.network.history import load_history, today
from dalan.scenarios import load_scenario
from dalan.scenarios.stress import stress

LANGS = ["en", "fa"]
PERSIAN_DIGIT = re.compile("[۰-۹]")
LATIN_DIGIT = re.compile("[0-9]")
OD_CSV = "origin,destination\n# two pairs, names in both languages\nMoscow,Tehran\nرشت,Warsaw\n"
VC_COLOURS = {"rgb(43, 138, 62)", "#2b8a3e", "#e0a800", "#e8590c", "#c92a2a"}


def upload(page, field: str, text: str, name: str = "od.csv") -> None:
    page.set_input_files(f"#{field}", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])


def job_posts(page) -> list[dict]:
    """The bodies of the jobs the page submits, as they are sent."""
    posts: list[dict] = []
    page.on("request", lambda r: posts.append(json.loads(r.post_data)) if r.method == "POST" and r.url.split("?")[0].endswith("/api/jobs") else None)
    return posts


@pytest.mark.parametrize("lang", LANGS)
def test_compare_options_upload_and_a_pair_on_the_map(page, live_server, lang):
    posts = job_posts(page)
    open_page(page, f"{live_server}/?lang={lang}")
    page.select_option("#compare-b", "rasht-astara")
    page.select_option("#compare-by", "time")
    page.fill("#compare-dispersion", "۵" if lang == "fa" else "5")  # Persian digits are numbers too
    upload(page, "compare-od", OD_CSV)
    wait_until(page, "() => document.getElementById('compare-od-info').textContent.length > 0")
    assert ("۲" if lang == "fa" else "2") in page.inner_text("#compare-od-info")
    page.fill("#compare-date", "2024-03-01")
    page.click("#compare-button")
    rows = page.locator("#compare-result tbody tr")
    page.wait_for_selector("#compare-result tbody tr[data-pair]", timeout=60_000)
    assert rows.count() == 2
    params = posts[-1]["params"]
    assert params["by"] == "time" and float(params["dispersion"]) == 5 and params["date"] == "2024-03-01"
    assert params["od_csv"] == OD_CSV and "od_pairs" not in params
    jobs = LIVE.get(f"{live_server}/api/jobs?limit=1").json()["jobs"]
    result = LIVE.get(f"{live_server}/api/jobs/{jobs[0]['id']}").json()["result"]
    assert {(p["origin"], p["destination"]) for p in result["pairs"]} == {("RU_MOW", "IR_THR"), ("IR_RAS", "PL_WAW")}
    assert result["date"] == "2024-03-01" and result["by"] == "time" and result["dispersion"] == 5

    first = rows.first
    origin, destination = first.get_attribute("data-pair").split(">")
    first.click()
    wait_until(page, "() => document.getElementById('map').dataset.pair !== undefined")
    assert page.get_attribute("#map", "data-pair") == f"{origin}>{destination}"
    assert page.locator("#map path.dalan-pair-a").count() > 0 and page.locator("#map path.dalan-pair-b").count() > 0
    assert page.locator("#map path.dalan-pair-b").first.get_attribute("stroke-dasharray")  # B is dashed
    assert page.locator("#map path.dalan-pair-a").first.get_attribute("stroke-dasharray") is None
    assert "selected" in (first.get_attribute("class") or "")
    # the routes drawn are the comparison's own: A's and B's days as the table has them
    row = next(p for p in result["pairs"] if (p["origin"], p["destination"]) == (origin, destination))
    lines = page.locator("#pair-routes p")
    assert lines.count() == 2
    for k, key in enumerate(("days_a", "days_b")):
        days = f"{row[key]:.1f}"
        shown = lines.nth(k).inner_text()
        assert (days.translate(str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫")) if lang == "fa" else days) in shown
        assert not (LATIN_DIGIT if lang == "fa" else PERSIAN_DIGIT).search(shown.split("—", 1)[1])
    shot(page, f"compare_pair_{lang}")

    upload(page, "compare-od", "origin,destination\nMoscow,Atlantis\n")  # a bad line: the CLI's message
    wait_until(page, "() => !document.getElementById('compare-od-clear').hidden")
    page.click("#compare-button")
    wait_until(page, "() => document.getElementById('compare-message').classList.contains('error')")
    message = page.inner_text("#compare-message")
    assert ("پروندهٔ جفت‌های مبدأ–مقصد بارگذاری‌شده" if lang == "fa" else "OD upload") in message and "Atlantis" in message
    assert ("سطر ۲" if lang == "fa" else "line 2") in message
    page.click("#compare-od-clear")
    assert page.inner_text("#compare-od-info") == "" and page.is_hidden("#compare-od-clear")
    assert page.script_errors == [] and page.external_requests == []


@pytest.mark.parametrize("lang", LANGS)
def test_yearly_flows_drawn_by_width_and_colour_with_bottlenecks(page, live_server, lang):
    open_page(page, f"{live_server}/?lang={lang}")
    page.click("#assign-button")
    page.wait_for_selector("#flows-result .app-bottlenecks tbody tr", timeout=120_000)
    wait_until(page, "() => Number(document.getElementById('map').dataset.flows) > 0")
    drawn = int(page.get_attribute("#map", "data-flows"))
    paths = page.locator("#map path.dalan-flow")
    assert paths.count() == drawn
    widths = [float(paths.nth(i).get_attribute("stroke-width")) for i in range(drawn)]
    assert max(widths) > 3 * min(widths)  # width follows tonnes
    assert {paths.nth(i).get_attribute("stroke") for i in range(drawn)} <= VC_COLOURS
    jobs = LIVE.get(f"{live_server}/api/jobs?limit=1").json()["jobs"]
    result = LIVE.get(f"{live_server}/api/jobs/{jobs[0]['id']}").json()["result"]
    assert drawn == sum(1 for link in result["links"] if link["tonnes_per_year"] > 0)
    # the widest line is the link with the most tonnes
    widest = max(range(drawn), key=lambda i: widths[i])
    paths.nth(widest).dispatch_event("mouseover")  # its line may be short and under a neighbour's end
    most = max(link["tonnes_per_year"] for link in result["links"])
    busiest = {link["link"] for link in result["links"] if link["tonnes_per_year"] == most}  # ties: links in a row
    page.wait_for_selector(".leaflet-tooltip", timeout=TIMEOUT_MS)
    assert page.inner_text(".leaflet-tooltip").split(":")[0] in busiest
    bottlenecks = page.locator("#flows-result .app-bottlenecks tbody tr")
    assert 1 <= bottlenecks.count() <= 10 and bottlenecks.count() == len(result["bottlenecks"])
    legend = page.inner_text("#flows-result .app-flow-legend")
    assert ("حجم به ظرفیت" if lang == "fa" else "volume/capacity") in legend
    if lang == "fa":
        assert PERSIAN_DIGIT.search(page.inner_text("#flows-result .app-bottlenecks tbody"))
    shot(page, f"flows_{lang}")
    page.click("#flows-result .flows-toggle")
    assert page.locator("#map path.dalan-flow").count() == 0
    page.click("#flows-result .flows-toggle")
    assert page.locator("#map path.dalan-flow").count() == drawn
    assert page.script_errors == [] and page.external_requests == []


STRESSED = ["azerbaijan-iran-border-closed", "hormuz-closure-2026"]  # in the order the page lists them
STRESS_CSV = "origin,destination\nWarsaw,Bandar Abbas\nMoscow,Tehran\nBaku,Tehran\n"


@pytest.fixture(scope="module")
def stress_oracle():
    """The library's answer to the same stress question."""
    base = load_scenario("baseline")
    pairs = [("PL_WAW", "IR_BND"), ("RU_MOW", "IR_THR"), ("AZ_BAK", "IR_THR")]
    return stress([load_scenario(n) for n in STRESSED], pairs, baseline=base)


@pytest.mark.parametrize("lang", LANGS)
def test_stress_matrix_heat_map(page, live_server, lang, stress_oracle):
    open_page(page, f"{live_server}/?lang={lang}")
    # the scenario list arrives after the page (a request of its own): wait for it as for a job,
    # not the locator's default 30 s, which a loaded machine running two test workers can exceed
    page.wait_for_selector("#stress-scenarios input[value=baseline]", state="attached", timeout=6 * TIMEOUT_MS)
    assert page.locator("#stress-scenarios input[value=baseline]").is_disabled()  # the baseline is not stressed against itself
    for name in STRESSED:
        page.check(f"#stress-scenarios input[value='{name}']")
    upload(page, "stress-od", STRESS_CSV)
    page.click("#stress-button")
    page.wait_for_selector("#stress-heat table.dalan-heat tbody tr", timeout=120_000)
    heat = page.locator("#stress-heat table")
    assert heat.locator("tbody tr").count() == 3 and heat.locator("thead th").count() == 1 + len(STRESSED)
    headers = heat.locator("thead th").all_inner_texts()[1:]
    assert headers == (STRESSED if lang == "en" else ["۱", "۲"])
    cells = heat.locator("tbody td")
    for i, (o, d) in enumerate(stress_oracle.pairs):
        for j, name in enumerate(STRESSED):
            cell = stress_oracle.cell(o, d, name)
            text = cells.nth(i * len(STRESSED) + j).inner_text()
            assert ("✗" in text) == (cell.outcome == "no_route"), (o, d, name, text)
            if cell.outcome == "rerouted" and round(cell.extra_days, 1) != 0:
                assert text.strip() not in ("=", "–")
    before = heat.locator("caption").inner_text()
    page.select_option("#stress-metric", "usd")
    assert page.locator("#stress-heat caption").inner_text() != before
    assert page.locator("#stress-result .app-downloads button").count() == 2
    if lang == "fa":
        assert page.get_attribute("html", "dir") == "rtl" and PERSIAN_DIGIT.search(page.inner_text("#stress-result h2"))
        assert not LATIN_DIGIT.search(page.inner_text("#stress-heat tbody"))
    shot(page, f"stress_{lang}")
    assert page.script_errors == [] and page.external_requests == []


@pytest.mark.parametrize("lang", LANGS)
def test_time_slider_reroutes_on_a_dated_network(page, live_server, lang):
    open_page(page, f"{live_server}/?lang={lang}&from=PL_WAW&to=IR_BND")
    page.wait_for_selector("#legs tbody tr", timeout=TIMEOUT_MS)
    assert page.is_visible("#time-box")
    days = sorted({e.date for e in load_history().events} | {today()})  # the tests' today: 2022-01-01
    slider = page.locator("#time-slider")
    assert int(slider.get_attribute("max")) == len(days) - 1 and int(slider.input_value()) == days.index(today())
    assert ("امروز" if lang == "fa" else "today") in page.inner_text("#time-value")
    on_today = page.inner_text("#route-summary")
    now = LIVE.get(f"{live_server}/api/route", params={"from": "PL_WAW", "to": "IR_BND", "lang": lang}).json()
    assert page.locator("#events-list li").count() == len(now["dated_events"])  # today: at most services still to come
    assert all(e["action"] == "open" for e in now["dated_events"]) and page.is_visible("#no-events") == (not now["dated_events"])
    stop = len(days) - 1  # the latest dated change
    with page.expect_response(lambda r: "/api/route" in r.url and f"date={days[stop].isoformat()}" in r.url):
        slider.fill(str(stop))
    wait_until(page, f"() => location.search.includes('date={days[stop].isoformat()}')")
    assert page.input_value("#date") == days[stop].isoformat()
    then = LIVE.get(f"{live_server}/api/route", params={"from": "PL_WAW", "to": "IR_BND", "date": days[stop].isoformat(), "lang": lang}).json()
    wait_until(page, "() => document.getElementById('events-list').children.length > 0")
    assert page.inner_text("#route-summary") == f"{then['routes'][0]['summary']} — {then['routes'][0]['totals_text']}"
    assert page.inner_text("#route-summary") != on_today  # another network, another route
    events = page.locator("#events-list li")
    assert events.count() == len(then["dated_events"]) > 0 and page.is_hidden("#no-events")
    assert [events.nth(i).get_attribute("data-target") for i in range(events.count())] == [e["target"] for e in then["dated_events"]]
    assert ("۱۴۰۵" if lang == "fa" else "2026") in page.inner_text("#dated-events h3")
    if lang == "fa":
        assert not LATIN_DIGIT.search(page.inner_text("#time-value"))
    shot(page, f"time_slider_{lang}")
    with page.expect_response(lambda r: "/api/route" in r.url):
        slider.fill(str(days.index(today())))  # back to today: no date in the question
    wait_until(page, "() => !location.search.includes('date=')")
    assert page.input_value("#date") == ""
    assert page.script_errors == [] and page.external_requests == []


def test_simulation_percentiles_in_both_languages(page, live_server):
    params = {"scenario": "baseline", "days": 30, "warmup_days": 5, "replications": 3, "seed": 3}
    job_id = LIVE.post(f"{live_server}/api/jobs", json={"kind": "simulate", "params": params}).json()["id"]
    flows = wait_job(live_server, job_id, ("done",), timeout_s=120)["result"]["flows"]
    for lang, to_latin in (("en", {}), ("fa", str.maketrans("۰۱۲۳۴۵۶۷۸۹٫٬", "0123456789.,"))):
        open_page(page, f"{live_server}/?lang={lang}")
        page.locator(f"#jobs-table tr[data-job-id='{job_id}'] a.job-result").click()
        page.wait_for_selector("#flows-result table tbody tr", timeout=TIMEOUT_MS)
        headers = page.locator("#flows-result thead th").all_inner_texts()
        assert headers[-3:] == (["Median (p50)", "90th percentile (p90)", "95th percentile (p95)"] if lang == "en"
                                else ["میانه (صدک ۵۰)", "صدک ۹۰", "صدک ۹۵"])  # fmt: skip
        rows = page.locator("#flows-result tbody tr")
        assert rows.count() == len(flows)
        for i, flow in enumerate(flows):
            shown = rows.nth(i).locator("td").all_inner_texts()
            if lang == "fa":
                assert not LATIN_DIGIT.search("".join(shown))
            if flow["transit_p90_h"] is None:  # nothing arrived inside the window (a fortnightly sailing)
                assert shown[-3:] == ["–", "–", "–"]
                continue
            p50, p90, p95 = (float(x.translate(to_latin).replace(",", "")) for x in shown[-3:])
            assert p50 <= p90 <= p95  # percentiles in order
            assert p90 == round(flow["transit_p90_h"] / 24, 1)  # the simulation's own numbers, in days
        assert any(flow["transit_p90_h"] is not None for flow in flows)
        shot(page, f"simulation_{lang}")
    assert page.script_errors == [] and page.external_requests == []
