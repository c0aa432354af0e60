"""The analyst's workbench in Chromium, in English and Persian, as a user walks it: a stored
scenario edited on the map (a link of the route closed through the form, a speed factor out of
range refused by the server with its range in the page language), the changes against the base
and the versions, the route on the edited scenario avoiding the closed link, a revert; the route's
cost breakdown by leg with the CO2e methodology note; the route's printable report; a finished
job run again from "My jobs" and its result shown again after a reload; the back-test's calibration plot.
Screenshots: out/test-artifacts/editor_<lang>.png, breakdown_<lang>.png, backtest_<lang>.png."""

from __future__ import annotations

import re

import pytest
from test_web_browser import TIMEOUT_MS, open_page, shot, wait_until
from web_support import ARTIFACTS, LIVE

PERSIAN_DIGIT = re.compile("[۰-۹]")
LATIN_DIGIT = re.compile("[0-9]")
ROUTE = {"from": "IR_RAS", "to": "PL_WAW"}


def click_element(page, element_id: str) -> None:
    """Click the map's line or dot of a link or place (as a user does), opening its popup."""
    page.evaluate(
        """(id) => dalanPage.map.eachLayer((layer) => {
             if (layer.feature && layer.feature.properties.id === id && layer.getElement && layer.getElement()) {
               const box = layer.getElement().getBoundingClientRect();
               layer.getElement().dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2}));
             }
           })""",
        element_id,
    )
    page.locator(".app-popup").wait_for(timeout=TIMEOUT_MS)


def shown_version(page, name: str, version: int) -> None:
    wait_until(page, f"() => document.getElementById('map-editor').dataset.shown === '{name}@{version}'")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_workbench_editor_breakdown_report_rerun_backtest(page, live_server, lang):
    name = f"editor-{lang}"
    before = LIVE.get(f"{live_server}/api/route", params=ROUTE).json()["routes"][0]
    closed = next(leg["element_ids"][0] for leg in before["legs"] if leg["kind"] == "move")  # the first link run
    params = {"a": "baseline", "b": "baseline", "od_pairs": [["IR_RAS", "PL_WAW"]], "alternatives": 1}
    first = LIVE.post(f"{live_server}/api/jobs", json={"kind": "compare", "params": params}).json()["id"]
    LIVE.delete(f"{live_server}/api/jobs/{first}")  # cancelled: nothing to compute, and it can be run again
    open_page(page, f"{live_server}/?lang={lang}")

    # a scenario of one's own from the baseline: "New from", rename, save
    page.click("#scenario-new")
    page.fill("#scenario-toml", page.input_value("#scenario-toml").replace('name = "my-baseline"', f'name = "{name}"'))
    page.click("#scenario-save")
    shown_version(page, name, 1)
    assert page.locator("#scenario-diff").is_hidden() and page.locator("#diff-empty").is_visible()

    # a speed factor out of range: the server refuses it, saying the range in the page language
    wait_until(page, f"() => document.getElementById('map').dataset.networkScenario === '{name}'")
    click_element(page, closed)
    edit = page.locator(".app-popup .popup-edit")
    edit.wait_for(state="visible")
    edit.dispatch_event("click")  # not by coordinates: the map may still pan to the popup
    page.fill("#edit-speed_factor", "۷" if lang == "fa" else "7")
    page.click("#edit-apply")
    wait_until(page, "() => document.getElementById('edit-message').classList.contains('error')")
    message = page.inner_text("#edit-message")
    assert "speed_factor" in message and ("۰٫۰۵" if lang == "fa" else "0.05") in message
    assert LIVE.get(f"{live_server}/api/scenarios/{name}").json()["version"] == 1  # nothing saved

    # close the link: version 2, the diff says so, the history has both versions
    page.fill("#edit-speed_factor", "")
    page.select_option("#edit-close", "close")
    page.click("#edit-apply")
    shown_version(page, name, 2)
    diff = LIVE.get(f"{live_server}/api/scenarios/{name}/diff", params={"lang": lang}).json()["changes"]
    assert [(c["id"], c["field"], c["after"]) for c in diff] == [(closed, "status", "closed")]
    cells = page.locator("#scenario-diff tbody tr").first.locator("td")
    assert cells.nth(0).inner_text() == diff[0]["element_text"] and cells.nth(3).inner_text() == diff[0]["after_text"]
    assert page.locator("#scenario-history tbody tr").count() == 2
    page.locator("#map-editor").screenshot(path=str(ARTIFACTS / f"editor_{lang}.png"))

    # the route on the edited scenario leaves the closed link out; its cost breakdown by leg
    page.select_option("#scenario", name)
    page.fill("#from", "IR_RAS")
    page.fill("#to", "PL_WAW")
    page.click("#route-button")
    page.wait_for_selector("#breakdown tbody tr", timeout=TIMEOUT_MS)
    after = LIVE.get(f"{live_server}/api/route", params=ROUTE | {"scenario": name, "lang": lang}).json()["routes"][0]
    assert closed not in [e for leg in after["legs"] if leg["kind"] == "move" for e in leg["element_ids"]]
    assert page.locator("#breakdown tbody tr").count() == page.locator("#legs tbody tr").count() == len(after["legs"])
    assert page.locator("#breakdown tfoot td").all_inner_texts()[2:] == after["breakdown"]["totals_display"]
    assert after["breakdown"]["note"] in page.inner_text("#breakdown-note")
    method = page.inner_text("#co2-method")
    assert "GLEC" in method and "ISO 14083" in method
    body = page.inner_text("#breakdown tbody")
    assert not (LATIN_DIGIT if lang == "fa" else PERSIAN_DIGIT).search(body)
    page.locator("#cost-breakdown").screenshot(path=str(ARTIFACTS / f"breakdown_{lang}.png"))

    # the printable report of the route: the CLI's HTML page, in the page's language
    with page.expect_download() as waiting:
        page.click("#route-report")
    report = waiting.value
    assert report.suggested_filename == "dalan-route-IR_RAS-PL_WAW.html"
    html = report.path().read_text(encoding="utf-8")
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "fa" else "ltr"}">' in html

    # revert to version 1: version 3, no change left against the base
    page.locator("#scenario-history tbody tr[data-version='1'] .history-revert").click()
    shown_version(page, name, 3)
    assert page.locator("#diff-empty").is_visible()
    assert LIVE.get(f"{live_server}/api/scenarios/{name}/diff").json()["changes"] == []

    # a job run again from "My jobs" (a cancelled one, submitted before the page was opened): a new
    # job with the same parameters, listed first; its result link, and the result shown again after
    # a reload
    page.locator(f"#jobs-table tr[data-job-id='{first}'] .job-rerun").click()
    wait_until(page, f"() => document.querySelector('#jobs-table tbody tr').dataset.jobId !== '{first}'")
    again = page.get_attribute("#jobs-table tbody tr", "data-job-id")
    assert LIVE.get(f"{live_server}/api/jobs/{again}").json()["params"] == LIVE.get(f"{live_server}/api/jobs/{first}").json()["params"]
    page.locator(f"#jobs-table tr[data-job-id='{again}'] .job-result").click(timeout=60_000)
    page.wait_for_selector("#compare-result table", timeout=TIMEOUT_MS)
    page.reload()  # the whole page again (network, scenario, route, jobs) before the job's result: a minute
    page.wait_for_selector("#compare-result table", timeout=60_000)
    assert page.url.endswith(f"#job-{again}")

    # the back-test's calibration plot
    page.click("#backtest-button")
    page.wait_for_selector("#backtest-plot svg", timeout=60_000)
    expected = LIVE.get(f"{live_server}/api/backtest", params={"lang": lang}).json()
    title = page.inner_text("#backtest-title")
    assert title.startswith(expected["title"])
    assert (str(expected["ok"]).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if lang == "fa" else str(expected["ok"])) in title
    shot(page, f"backtest_{lang}")
    assert page.external_requests == [] and page.script_errors == []
