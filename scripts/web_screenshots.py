"""The screenshots of docs/web.md: the page at 1440×900, 800×900 and 390×844, in English and
Persian, with a scenario edited on the map and the route found on it (Debian's Chromium via
Playwright; a throw-away server and database).

    python scripts/web_screenshots.py            # writes docs/img/web_<lang>_<width>.png

At 1440 the side panel is scrolled to the map editor (the change, the diff and the versions) beside
the map with the route; at 800 the page is scrolled to the route's cost breakdown; at 390 the map
and the route form come first, as a phone shows them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from dalan.web.local_server import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
SIZES = ((1440, 900), (800, 900), (390, 844))
SCENARIO = """name = "astara-12h"
title_en = "Astara border at 12 h, Alat–Astara railway closed"
title_fa = "مرز آستارا ۱۲ ساعت، راه‌آهن آلات–آستارا بسته"
base = "baseline"
"""


def prepare(base: str) -> None:
    """The example scenario: the Astara border at 12 h, then a link closed, through the editor's API."""
    httpx.post(f"{base}/api/scenarios", json={"toml": SCENARIO}).raise_for_status()
    edits = [
        {"target": "place", "id": "AZ_AST", "values": {"rail_border_dwell_h": "12"}},
        {"target": "link", "id": "L011", "close": True},
    ]
    for version, edit in enumerate(edits, start=1):
        httpx.post(f"{base}/api/scenarios/astara-12h/edits", json=edit, headers={"If-Match": f'"{version}"'}).raise_for_status()


def shoot(browser, base: str, lang: str, width: int, height: int) -> Path:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(f"{base}/?lang={lang}&from=IR_RAS&to=PL_WAW&scenario=astara-12h&alternatives=2")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#breakdown tbody tr", timeout=60_000)
    page.wait_for_selector("#scenario-history tbody tr")
    page.wait_for_timeout(800)  # map tiles of the outlines and the route drawn
    if width == 1440:
        page.evaluate("() => { const panel = document.querySelector('.app-panel'); panel.scrollTop = document.getElementById('map-editor').offsetTop - panel.offsetTop - 8; }")
    elif width == 800:
        page.evaluate("() => document.getElementById('cost-breakdown').scrollIntoView()")
    path = OUT / f"web_{lang}_{width}.png"
    page.screenshot(path=str(path))
    page.close()
    return path


def main() -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(f"sqlite:///{folder}/dalan.sqlite3", port, log=Path(folder) / "server.log")
        try:
            base = f"http://127.0.0.1:{port}"
            prepare(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
                for lang in ("en", "fa"):
                    for width, height in SIZES:
                        print(shoot(browser, base, lang, width, height))
                browser.close()
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
