"""The page in a real browser (Debian's Chromium via Playwright): search, route, map, table,
Persian layout, scenario save and reload, a comparison run as a job. Screenshots go to
out/test-artifacts/."""

from __future__ import annotations

import re

import pytest
from web_support import ARTIFACTS, LIVE

PERSIAN_DIGIT = re.compile(r"[۰-۹]")
#: How long a wait for the page may take: generous, as a wait ends when its condition holds and a
#: loaded CI machine (two test workers on two cores) draws the map slowly.
TIMEOUT_MS = 45_000


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)


def choose_place(page, field: str, text: str, expected_id: str) -> None:
    page.fill(f"#{field}", text)
    option = page.locator(f"#{field}-list li").first
    option.wait_for(timeout=TIMEOUT_MS)
    option.click()
    assert page.eval_on_selector(f"#{field}", "el => el.dataset.id") == expected_id


def wait_until(page, script: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Poll ``script`` (a function of no argument) until it is truthy; the page's CSP forbids
    the string evaluation that ``page.wait_for_function`` uses."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {script}")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def routed(page, live_server):
    """The page after searching "رشت" and "Warsaw" and asking for the route."""
    open_page(page, live_server + "/")
    choose_place(page, "from", "رشت", "IR_RAS")
    choose_place(page, "to", "Warsaw", "PL_WAW")
    page.click("#route-button")
    page.wait_for_selector("#legs tbody tr", timeout=TIMEOUT_MS)
    return page


def test_route_is_drawn_on_the_map_and_listed_in_the_table(routed, live_server):
    page = routed
    expected = LIVE.get(f"{live_server}/api/route", params={"from": "IR_RAS", "to": "PL_WAW"}).json()["routes"][0]
    assert page.locator("#legs tbody tr").count() == len(expected["legs"])
    moves = sum(leg["kind"] == "move" for leg in expected["legs"])
    assert page.locator("#map path.dalan-route").count() == moves  # one line per leg on the move
    assert page.locator("#map path.dalan-link").count() > 100  # the network under it
    assert page.locator("#route-title").inner_text() == expected["title"]
    assert page.locator("#legs tbody tr").first.locator("td").nth(1).inner_text() == expected["rows"][0]["leg"]
    assert page.external_requests == [] and page.script_errors == []
    shot(page, "route_en")


def test_persian_layout_flips_right_to_left(routed, live_server):
    page = routed
    panel, main = page.locator(".app-panel").bounding_box(), page.locator(".app-main").bounding_box()
    assert panel["x"] < main["x"]  # English: the form on the left of the map
    page.click("#lang-switch")
    page.wait_for_selector("html[dir=rtl]", timeout=TIMEOUT_MS)
    page.wait_for_selector("#legs tbody tr", timeout=TIMEOUT_MS)  # the route is asked again, in Persian
    assert page.get_attribute("html", "lang") == "fa"
    panel, main = page.locator(".app-panel").bounding_box(), page.locator(".app-main").bounding_box()
    assert panel["x"] > main["x"]  # Persian: the form moved to the right of the map
    assert page.input_value("#from") == "رشت"
    first_row = page.locator("#legs tbody tr").first.inner_text()
    assert PERSIAN_DIGIT.search(first_row) and not re.search(r"[0-9]", first_row)
    assert PERSIAN_DIGIT.search(page.locator("#today").inner_text())  # the Jalali date
    assert page.external_requests == [] and page.script_errors == []
    shot(page, "route_fa")


def test_scenario_is_saved_and_found_again_after_reload(page, live_server):
    open_page(page, live_server + "/")
    page.select_option("#scenario", "rasht-astara")
    wait_until(page, "() => document.getElementById('scenario-toml').value.includes('rasht-astara')")
    page.click("#scenario-new")
    toml = page.input_value("#scenario-toml").replace('name = "my-rasht-astara"', 'name = "browser-test"')
    toml += '\n[[edit]]\naction = "set"\nplace = "IR_AST"\nvalues = { rail_border_dwell_h = 7.5 }\n'
    page.fill("#scenario-toml", toml)
    page.click("#scenario-save")
    page.wait_for_selector("#scenario-message:has-text('browser-test')", timeout=TIMEOUT_MS)
    assert "error" not in (page.get_attribute("#scenario-message", "class") or "")

    open_page(page, live_server + "/")  # reload: the stored scenario comes back from the database
    page.select_option("#scenario", "browser-test")
    wait_until(page, "() => document.getElementById('scenario-toml').value.includes('browser-test')")
    assert "rail_border_dwell_h = 7.5" in page.input_value("#scenario-toml")
    stored = LIVE.get(f"{live_server}/api/scenarios/browser-test").json()
    assert stored["base"] == "rasht-astara" and not stored["shipped"]

    page.fill("#scenario-toml", page.input_value("#scenario-toml").replace('base = "rasht-astara"', 'base = "nowhere"'))
    page.click("#scenario-save")  # an invalid edit is refused with the server's message
    page.wait_for_selector("#scenario-message.error", timeout=TIMEOUT_MS)
    assert "nowhere" in page.inner_text("#scenario-message")
    shot(page, "scenario_saved")


def test_comparison_runs_as_a_job_with_progress(page, live_server):
    open_page(page, live_server + "/?lang=fa")
    scale = page.inner_text(".leaflet-control-scale-line")  # Leaflet writes "500 km": Persian here
    assert re.fullmatch(r"[۰-۹٬]+ (کیلومتر|متر)", scale), scale
    assert page.input_value("#quantity") == page.input_value("#alternatives") == "۱"  # the page's digits
    baseline = page.inner_text("#compare-a option[value=baseline]")  # the scenario's Persian title
    assert not re.search(r"[A-Za-z]", baseline), baseline
    page.select_option("#compare-a", "baseline")
    page.select_option("#compare-b", "rasht-astara")
    page.click("#compare-button")
    wait_until(page, "() => document.getElementById('compare-progress').value > 0")
    page.wait_for_selector("#compare-result table", timeout=60_000)
    assert page.locator("#compare-result svg").count() == 1
    assert page.locator("#compare-result tbody tr").count() > 10
    assert page.locator("#map path.dalan-changed").count() >= 1  # the changed links, highlighted
    assert page.is_hidden("#compare-progress")
    assert page.script_errors == []
    shot(page, "compare_fa")


def test_yearly_flows_run_as_a_job(page, live_server):
    open_page(page, live_server + "/")
    page.select_option("#flows-scenario", "rasht-astara")
    page.fill("#flows-date", "2024-06-01")
    page.click("#assign-button")
    page.wait_for_selector("#flows-result table", timeout=60_000)
    assert "As of 2024-06-01" in page.inner_text("#flows-result")  # the network and market of that day
    assert page.locator("#flows-result svg").count() == 1  # corridor shares
    assert page.locator("#flows-result tbody tr").count() >= 5  # busiest links
    assert page.is_hidden("#flows-progress")
    assert page.script_errors == []
    shot(page, "flows_en")
