"""Whole pages: data embedded, nothing fetched, valid markup, Persian mode."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dalan.reports import MapLayer, render_map_html, table_html, write_report
from dalan.reports.maps import DEFAULT_BOUNDS

STATIC = Path(__file__).parents[2] / "src" / "dalan" / "reports" / "static"
PERSIAN_NUMBER = re.compile("[۰-۹][۰-۹٬٫]*")
DATE = dt.date(2026, 11, 27)
Checker = Callable[[str], Any]


@pytest.fixture
def english_page(route_layers: list[MapLayer]) -> str:
    return render_map_html(
        route_layers, title="Warsaw → Bandar Abbas", subtitle="Today & tomorrow", date=DATE
    )


def test_page_embeds_layers_and_names(
    english_page: str, route_layers: list[MapLayer], checked_page: Checker
) -> None:
    page = checked_page(english_page)
    data = page.json_block("dalan-map-data")
    assert [layer["name"] for layer in data["layers"]] == [layer.name for layer in route_layers]
    assert [layer["visible"] for layer in data["layers"]] == [True, True, False]
    assert data["layers"][1]["dashed"] is True
    for spec, layer in zip(data["layers"], route_layers, strict=True):
        coordinates = [f["geometry"]["coordinates"] for f in spec["geojson"]["features"]]
        assert coordinates == [f["geometry"]["coordinates"] for f in layer.geojson["features"]]
    assert data["bounds"] == [[27.18, 21.01], [55.76, 56.27]]
    text = "".join(page.text)
    assert (
        "Warsaw → Bandar Abbas" in text
        and "Today & tomorrow" in text
        and "27 November 2026" in text
    )


def test_page_embeds_country_outlines(english_page: str, checked_page: Checker) -> None:
    countries = checked_page(english_page).json_block("dalan-countries")
    names = {f["properties"]["name"] for f in countries["features"]}
    assert {"Iran", "Russia", "Azerbaijan", "Poland", "Kazakhstan", "Turkey"} <= names
    assert countries["bbox"] == [-25.0, -5.0, 100.0, 75.0]


def test_page_loads_nothing_external(english_page: str, checked_page: Checker) -> None:
    page = checked_page(english_page)  # checks src/href attributes and CSS url()
    assert all(not attributes.get("src") for attributes, _ in page.scripts)
    assert (
        len([1 for _, body in page.scripts if "L.geoJSON" in body or "leaflet" in body.lower()])
        >= 2
    )


def test_text_is_escaped_and_sections_are_trusted(
    route_layers: list[MapLayer], checked_page: Checker
) -> None:
    html = render_map_html(
        route_layers, title="<b>x</b>", sections_html=["<h2>Table</h2>"], date=DATE
    )
    checked_page(html)
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<h2>Table</h2>" in html


def test_embedded_json_cannot_close_the_script(checked_page: Checker) -> None:
    evil = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [50, 30]},
                "properties": {"name": "</script><script>alert(1)</script>", "bad": float("nan")},
            }
        ],
    }
    html = render_map_html([MapLayer("evil </script>", "red", evil)], title="t", date=DATE)
    page = checked_page(html)
    data = page.json_block("dalan-map-data")
    feature = data["layers"][0]["geojson"]["features"][0]
    assert feature["properties"]["name"] == "</script><script>alert(1)</script>"
    assert feature["properties"]["bad"] is None
    assert data["layers"][0]["name"] == "evil </script>"


def test_empty_map_uses_default_window(checked_page: Checker) -> None:
    page = checked_page(render_map_html([], title="empty", date=DATE))
    assert page.json_block("dalan-map-data")["bounds"] == [list(p) for p in DEFAULT_BOUNDS]


def test_base_network_is_a_layer_below_the_routes(
    route_layers: list[MapLayer], checked_page: Checker
) -> None:
    network = {"type": "FeatureCollection", "features": route_layers[0].geojson["features"][:1]}
    page = checked_page(
        render_map_html(route_layers[1:], title="t", base_network=network, date=DATE)
    )
    layers = page.json_block("dalan-map-data")["layers"]
    assert [layer["base"] for layer in layers] == [True, False, False]
    assert layers[0]["name"] == "Network"


def test_persian_page(route_layers: list[MapLayer], checked_page: Checker) -> None:
    table = table_html(pd.DataFrame({"کیلومتر": [4869.25], "روز": [12]}), "fa", decimals=1)
    html = render_map_html(
        route_layers, title="ورشو ← بندرعباس", lang="fa", sections_html=[table], date=DATE
    )
    page = checked_page(html)
    assert '<html lang="fa" dir="rtl">' in html
    assert ("div", {"id": "dalan-map", "dir": "ltr"}) in page.tags  # the map stays LTR
    assert "۶ آذر ۱۴۰۵" in html and '<time datetime="2026-11-27">' in html
    assert "تاریخ تهیه" in html and "Vazirmatn" in html and "data:font/woff2;base64," in html
    assert '<td class="num">۴٬۸۶۹٫۲</td>' in html
    data = page.json_block("dalan-map-data")
    assert data["dir"] == "rtl" and data["labels"]["legend"] == "راهنما"
    # the scale bar's words and digits (dalan_map.js rewrites Leaflet's "500 km" with them)
    assert data["labels"]["km"] == "کیلومتر" and data["labels"]["digits"] == "۰۱۲۳۴۵۶۷۸۹"
    tips = [f["properties"]["_tip"] for f in data["layers"][0]["geojson"]["features"]]
    assert "<td>۱٬۲۳۴٬۵۶۷</td>" in tips[0] and "۶۲٫۲" in tips[2] and "۴۰" in tips[1]
    # every number shown in the tooltips and the table is in Persian digits
    visible = "".join(tips) + table
    assert PERSIAN_NUMBER.search(visible)
    assert not re.search(r"(?<![#\w-])[0-9]", re.sub(r"<[^>]*>", "", visible))


def test_english_page_has_no_persian_font_embedded(english_page: str) -> None:
    assert '<html lang="en" dir="ltr">' in english_page
    assert "data:font/woff2" not in english_page


def test_write_report_creates_parent_directories(tmp_path: Path) -> None:
    path = write_report(tmp_path / "out" / "deep" / "demo.html", "<!DOCTYPE html>\nسلام")
    assert path.read_text(encoding="utf-8") == "<!DOCTYPE html>\nسلام"


def test_vendored_assets_are_small_and_licensed() -> None:
    sizes = {p.name: p.stat().st_size for p in STATIC.iterdir()}
    assert sum(sizes.values()) < 1_500_000
    assert {"LICENSE-leaflet.txt", "LICENSE-world-atlas.txt", "LICENSE-vazirmatn-OFL.txt"} <= set(
        sizes
    )
    assert all(p.is_file() for p in STATIC.iterdir())  # package data is a flat directory
    assert "sourceMappingURL" not in (STATIC / "leaflet.js").read_text(encoding="utf-8")
