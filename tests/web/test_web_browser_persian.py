"""The Persian page in Chromium as a Persian-speaking planner walks it, in one session: place
suggestions, an unknown place and a bad number refused, a route with alternatives and the Pareto
set, its legs and cost breakdown, a map tooltip and popups, a scenario edited on the map (a value
refused, a link closed, the diff and the versions), a comparison run as a job on an uploaded OD
file with Persian column names and a pair's routes, the back-test's calibration plot and "My
jobs". After each step every visible text (the page's text, SVG titles, options, and the title,
placeholder, aria-label and alt of visible elements) is collected; no Latin word may appear but
the allow-list: units and formats Iranian practice writes in Latin, proper names of sources, and
ids a user types. Screenshots: out/test-artifacts/persian_*.png."""

from __future__ import annotations

import re

from test_web_browser import TIMEOUT_MS, choose_place, open_page, shot, wait_until
from test_web_browser_editor import click_element, shown_version
from test_web_browser_workbench import upload

#: Latin words a Persian page may show: units and formats Iranian practice writes in Latin, proper
#: names (of sources, standards and map software) and the language switch's «English».
ALLOWED = {
    "TEU", "FEU", "CO₂e", "CSV", "XLSX", "GeoJSON", "HTML", "TOML", "GLEC", "ISO", "DEFRA", "DESNZ",
    "CE", "Delft", "Leaflet", "Natural", "Earth", "BSD", "English",
}  # fmt: skip
#: Ids a user types: places (IR_RAS), links (L011), observations (OBS-001), scenarios (my-baseline;
#: a scenario's tooltip gives its id, as the CLI takes it).
ID = re.compile(r"[A-Z]{2}_[A-Z0-9_]+|[LX]\d+|[A-Z]+-\d+|[a-z0-9]+(?:-[a-z0-9]+)+|baseline")
#: A parameter's key after its Persian label in an error, for finding it in a file or a command
#: («مقدار («quantity») = …»), addresses and the user's own file names: not words a reader meets.
KEY_OR_URL = re.compile(r"\(«[a-z_]+»\)|https?://\S+|\S+\.csv\b")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_₂]*(?:-[A-Za-z0-9]+)*")

#: Two pairs, the columns named in Persian.
OD_CSV = "مبدأ,مقصد\nرشت,ورشو\nمسکو,بندرعباس\n"
#: Every visible text of the page: innerText, SVG titles, and the attributes a user meets.
VISIBLE_TEXT = """() => {
  const out = [document.title, document.body.innerText];
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 || r.height > 0; };
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label], [alt]')) {
    if (!shown(el)) continue;
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  for (const el of document.querySelectorAll('svg title')) out.push(el.textContent);
  for (const el of document.querySelectorAll('select')) {
    if (shown(el)) for (const o of el.options) out.push(o.textContent);
  }
  return out.join('\\n');
}"""


def english_words(page) -> dict[str, str]:
    """The Latin words of the page's visible text that are neither allowed nor ids, each with the
    first line it is on."""
    words: dict[str, str] = {}
    for line in page.evaluate(VISIBLE_TEXT).splitlines():
        for word in LATIN_WORD.findall(KEY_OR_URL.sub(" ", line)):
            if word not in ALLOWED and not ID.fullmatch(word):
                words.setdefault(word, line.strip()[:160])
    return words


def test_a_persian_planner_meets_no_english_word(page, live_server):
    found: dict[str, str] = {}

    def collect(step: str) -> None:
        for word, line in english_words(page).items():
            found.setdefault(word, f"{step}: {line}")

    open_page(page, live_server + "/?lang=fa")
    for details in ("#more-options", "#co2-factors"):
        page.eval_on_selector(details, "el => { el.open = true; }")
    collect("page")

    # place suggestions; an unknown place and a bad number are refused in Persian
    page.fill("#from", "رشت")
    page.locator("#from-list li").first.wait_for(timeout=TIMEOUT_MS)
    collect("suggestions")
    page.keyboard.press("Escape")
    page.fill("#to", "آتلانتیس")
    page.click("#route-button")
    page.wait_for_selector("#route-message.error", timeout=TIMEOUT_MS)
    collect("unknown place")
    choose_place(page, "from", "رشت", "IR_RAS")
    choose_place(page, "to", "ورشو", "PL_WAW")
    page.fill("#quantity", "ده")
    page.click("#route-button")
    wait_until(page, "() => document.getElementById('route-message').textContent.includes('ده')")
    collect("bad number")

    # a route with alternatives and the Pareto set, its legs and breakdown; a tooltip and a popup
    page.fill("#quantity", "۶۰")
    page.fill("#alternatives", "۳")
    page.check("#pareto")
    page.click("#route-button")
    wait_until(page, "() => document.getElementById('route-message').textContent.includes('۳')")
    collect("alternatives with Pareto")
    page.fill("#alternatives", "۱")
    page.click("#route-button")
    page.wait_for_selector("#pareto-chart svg", timeout=TIMEOUT_MS)
    collect("Pareto")
    page.uncheck("#pareto")
    page.fill("#alternatives", "۳")
    page.click("#route-button")
    page.wait_for_selector("#alternatives-table tbody tr:nth-child(3)", timeout=TIMEOUT_MS)
    page.locator("#map path.dalan-route").first.dispatch_event("mouseover")
    page.wait_for_selector(".leaflet-tooltip", timeout=TIMEOUT_MS)
    collect("route")
    shot(page, "persian_route")

    # a scenario of one's own, edited on the map: a value refused, a link closed, diff and versions
    page.click("#scenario-new")
    page.fill("#scenario-toml", page.input_value("#scenario-toml").replace('name = "my-baseline"', 'name = "persian-planner"'))
    page.click("#scenario-save")
    shown_version(page, "persian-planner", 1)
    wait_until(page, "() => document.getElementById('map').dataset.networkScenario === 'persian-planner'")
    click_element(page, "AZ_AST")
    collect("place popup")
    click_element(page, "L011")
    collect("link popup")
    edit = page.locator(".app-popup .popup-edit")
    edit.wait_for(state="visible")
    edit.dispatch_event("click")  # not by coordinates: the map may still pan to the popup
    page.fill("#edit-speed_factor", "۷")
    page.click("#edit-apply")
    wait_until(page, "() => document.getElementById('edit-message').classList.contains('error')")
    collect("refused edit")
    page.fill("#edit-speed_factor", "")
    page.select_option("#edit-close", "close")
    page.click("#edit-apply")
    shown_version(page, "persian-planner", 2)
    collect("diff")

    # a comparison as a job, a pair's routes on the map; the back-test; my jobs
    page.select_option("#compare-b", "persian-planner")
    upload(page, "compare-od", OD_CSV, "جفت‌ها.csv")
    wait_until(page, "() => document.getElementById('compare-od-info').textContent.length > 0")
    page.click("#compare-button")
    page.wait_for_selector("#compare-result tbody tr[data-pair]", timeout=60_000)
    assert page.locator("#compare-result tbody tr").count() == 2
    page.locator("#compare-result tbody tr[data-pair]").first.click()
    wait_until(page, "() => document.getElementById('map').dataset.pair !== undefined")
    collect("comparison")
    page.click("#backtest-button")
    page.wait_for_selector("#backtest-plot svg", timeout=60_000)
    collect("back-test")
    shot(page, "persian_all")
    assert found == {}
    assert page.script_errors == [] and page.external_requests == []
