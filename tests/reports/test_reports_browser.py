"""Render a page in headless Chromium and check that the map draws (skipped without it)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from dalan.reports import MapLayer, render_map_html, write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def _rendered_dom(path: Path) -> str:
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--window-size=1200,900", "--virtual-time-budget=3000", "--dump-dom", path.as_uri(),
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, timeout=90, check=True)
    return result.stdout


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_map_draws_in_chromium(
    lang: str, route_layers: list[MapLayer], tmp_path: Path, checked_page: Callable[[str], object]
) -> None:
    html = render_map_html(route_layers, title="Map", lang=lang, date=dt.date(2026, 11, 27))
    dom = _rendered_dom(write_report(tmp_path / f"map_{lang}.html", html))
    assert 'data-ready="true"' in dom, "the map script did not finish"
    # three legs of the first layer and one of the second; the third layer starts hidden
    assert len(re.findall(r'<path class="leaflet-interactive"', dom)) == 4
    assert dom.count("<path") > 50  # country outlines
    assert dom.count('class="leaflet-control dalan-legend"') == 1
    assert len(re.findall(r'<input[^>]*type="checkbox"', dom)) == 3
    checked_page(dom)  # nothing the scripts added loads anything either
