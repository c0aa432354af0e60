"""The page at phone, tablet and desktop sizes in English and Persian (Chromium via Playwright):
the map has a real size, no control is clipped by the window or its panel, the page never scrolls
sideways, and a route draws. Then the keyboard and form behaviour a user meets: the skip link,
Escape, a suggestion list that closes when focus leaves, no modes ticked, via places, swap, the
advanced options, downloads and map clicks. Screenshots go to out/test-artifacts/."""

from __future__ import annotations

import csv
import io

import pytest
from test_web_browser import TIMEOUT_MS, choose_place, open_page, shot, wait_until

SIZES = [(390, 844), (800, 900), (1440, 900)]
ROUTE_URL = "/?lang={lang}&from=IR_RAS&to=PL_WAW&alternatives=3"

#: Every visible form control outside the map, with its box, the box of its panel and the window.
CLIPPED = """() => {
  const out = [];
  const W = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('.app-panel input, .app-panel select, .app-panel button, .app-panel textarea, .app-panel summary, #route-result button')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not shown (closed details, hidden rows)
    const box = el.closest('.app-box, .dalan-section').getBoundingClientRect();
    const inside = r.left >= Math.max(0, box.left) - 1 && r.right <= Math.min(W, box.right) + 1;
    if (!inside) out.push(`${el.id || el.name || el.textContent.trim()}: ${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(box.left)}..${Math.round(box.right)} (window ${W})`);
  }
  return out;
}"""


@pytest.fixture
def sized_page(browser, live_server, request):
    """A fresh page of the size and language of the test's parameters."""
    (width, height), lang = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    tab = context.new_page()
    tab.script_errors = []
    tab.on("pageerror", lambda error: tab.script_errors.append(str(error)))
    yield tab, width, height, lang
    context.close()


@pytest.mark.parametrize(
    "sized_page", [(size, lang) for lang in ("en", "fa") for size in SIZES], indirect=True,
    ids=[f"{lang}-{w}x{h}" for lang in ("en", "fa") for w, h in SIZES],
)  # fmt: skip
def test_layout_fits_and_the_route_draws(sized_page, live_server):
    page, width, _height, lang = sized_page
    open_page(page, live_server + ROUTE_URL.format(lang=lang))
    page.wait_for_selector("#legs tbody tr", timeout=TIMEOUT_MS)
    page.locator("#more-options summary").click()  # the advanced options must fit too
    page.wait_for_timeout(300)
    box = page.locator("#map").bounding_box()
    assert box["width"] >= min(width - 40, 600) and box["height"] >= 250, box  # a real map, not 2 px
    if width <= 900:
        form = page.locator("#route-form").bounding_box()
        assert box["y"] < form["y"], "the map comes first on narrow screens"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    assert page.evaluate(CLIPPED) == []
    for control in ("#compare-b", "#quantity", "#carbon_price", "#route-button"):
        page.locator(control).scroll_into_view_if_needed()
        assert page.locator(control).is_visible()
    assert page.locator("#map path.dalan-route").count() > 0
    assert page.locator("#alternatives-table tbody tr").count() == 3
    scroller = page.locator("#legs").locator("xpath=..").bounding_box()
    assert scroller["x"] >= 0 and scroller["x"] + scroller["width"] <= width + 1  # a wide table scrolls in its box
    assert page.script_errors == []
    shot(page, f"layout_{lang}_{width}")


def test_skip_link_leads_past_the_map(page, live_server):
    open_page(page, live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "from"


def test_escape_closes_suggestions_and_keeps_the_text(page, live_server):
    open_page(page, live_server + "/?lang=fa")
    page.fill("#from", "رشت")
    page.locator("#from-list li").first.wait_for(timeout=TIMEOUT_MS)
    page.keyboard.press("Escape")
    assert page.is_hidden("#from-list") and page.input_value("#from") == "رشت"
    assert page.get_attribute("#from", "aria-expanded") == "false"


def test_a_late_suggestion_list_does_not_open_after_focus_left(page, live_server):
    open_page(page, live_server + "/")
    page.route("**/api/places?*", lambda route: (page.wait_for_timeout(600), route.continue_()))
    page.locator("#from").type("Tehr")
    page.locator("#to").focus()  # leave before the answer arrives
    page.wait_for_timeout(1500)
    assert page.is_hidden("#from-list")


def test_no_mode_ticked_says_so_and_does_not_route(page, live_server):
    open_page(page, live_server + "/?lang=fa")
    choose_place(page, "from", "رشت", "IR_RAS")
    choose_place(page, "to", "Warsaw", "PL_WAW")
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/route" in r.url else None)
    for box in page.locator("input[name=modes]").all():
        box.uncheck()
    page.click("#route-button")
    page.wait_for_timeout(300)
    assert "شیوهٔ حمل" in page.inner_text("#route-message") and "error" in page.get_attribute("#route-message", "class")
    assert asked == [] and page.is_hidden("#route-result")


def test_stale_scenario_link_is_not_silently_replaced(page, live_server):
    open_page(page, live_server + "/?from=IR_RAS&to=PL_WAW&scenario=gone-away")
    assert "gone-away" in page.inner_text("#route-message")
    assert page.is_hidden("#route-result")


def test_via_places_segment_modes_swap_and_options_reach_the_route(page, live_server):
    open_page(page, live_server + "/")
    choose_place(page, "from", "رشت", "IR_RAS")
    choose_place(page, "to", "Warsaw", "PL_WAW")
    page.click("#add-via")
    choose_place(page, "via-1", "Baku", "AZ_BAK")
    page.click("#add-via")
    choose_place(page, "via-2", "Moscow", "RU_MOW")
    page.select_option("#last-leg-mode", "rail")
    page.locator("#more-options summary").click()
    page.fill("#avoid", "Georgia")
    page.check("input[name=avoid_chokepoint][value=bosphorus]")
    page.fill("#max_transfers", "6")
    page.select_option("#reliability", "p90")
    with page.expect_request("**/api/route?*") as sent:
        page.click("#route-button")
    page.wait_for_selector("#legs tbody tr", timeout=TIMEOUT_MS)
    url = sent.value.url
    for part in ("via=AZ_BAK%3BRU_MOW", "leg_modes=*%3B*%3Brail", "avoid=Georgia%3Bbosphorus", "max_transfers=6", "reliability=p90"):
        assert part in url, url
    assert "Georgia" not in page.inner_text("#route-summary")
    assert "via=AZ_BAK" in page.url  # a shareable link keeps the options
    page.click("#swap")
    assert page.input_value("#from") == "Warsaw" and page.input_value("#to") == "Rasht"
    assert [page.input_value(f"#vias li:nth-child({k}) input") for k in (1, 2)] == ["Moscow", "Baku"]
    assert page.input_value("#vias li:nth-child(1) select") == "rail"  # the last segment is now the first
    open_page(page, page.url)  # the shared link restores the form
    assert page.locator("#vias li").count() == 2 and page.input_value("#reliability") == "p90"
    assert page.is_checked("input[name=avoid_chokepoint][value=bosphorus]") and page.input_value("#avoid") == "Georgia"


def test_route_downloads_from_the_page(page, live_server):
    open_page(page, live_server + ROUTE_URL.format(lang="fa"))
    page.wait_for_selector("#legs tbody tr", timeout=TIMEOUT_MS)
    with page.expect_download() as waiting:
        page.click("#route-downloads button[data-table=legs]")
    download = waiting.value
    assert download.suggested_filename == "dalan-route-IR_RAS-PL_WAW-legs.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    shown = page.locator("#legs tbody tr").count()
    assert len([r for r in rows if r["route"] == "1"]) == shown
    assert rows[0]["from_name"] == "رشت"


def test_clicking_a_place_sets_origin_and_shows_its_source(page, live_server):
    open_page(page, live_server + "/")
    wait_until(page, "() => document.getElementById('map').dataset.network === 'ready'")
    page.evaluate("() => { const m = document.querySelector('path.dalan-place'); m.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 1, clientY: 1})); }")
    popup = page.locator(".app-popup")
    popup.wait_for(timeout=TIMEOUT_MS)
    text = popup.inner_text()
    assert "Source" in text and "Confidence" in text
    # the popup pans the map into view: a click by coordinates can land on the moving map under load,
    # so the button is checked visible and its click dispatched to it
    button = popup.locator(".popup-set_origin")
    assert button.is_visible()
    button.dispatch_event("click")
    assert page.input_value("#from") and page.eval_on_selector("#from", "el => el.dataset.id")
