"""Sample layers and an HTML checker for the report tests."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from dalan.reports import MapLayer

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
URL_ATTRIBUTES = {
    "src",
    "href",
    "srcset",
    "poster",
    "data",
    "action",
    "formaction",
    "background",
    "xlink:href",
}


class PageChecker(HTMLParser):
    """Parses a page, checking that tags nest; collects URL attributes, styles and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self.urls += [v or "" for k, v in attrs if k in URL_ATTRIBUTES]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.urls += [v or "" for k, v in attrs if k in URL_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        current = self.stack[-1] if self.stack else ""
        if current == "style":
            self.styles.append(data)
        elif current == "script":
            self.scripts.append((dict(self.tags[-1][1]), data))
        else:
            self.text.append(data)

    def json_block(self, element_id: str) -> object:
        for attributes, body in self.scripts:
            if attributes.get("id") == element_id:
                assert attributes.get("type") == "application/json"
                return json.loads(body)
        raise AssertionError(f"no script #{element_id}")


def check_page(html: str) -> PageChecker:
    """Parse ``html``; assert well-nested tags and that nothing would be fetched."""
    checker = PageChecker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, checker.problems[:5]
    assert not checker.stack, f"unclosed: {checker.stack}"
    assert html.startswith("<!DOCTYPE html>")
    for url in checker.urls:
        assert url.startswith(("data:", "#")), f"page would load {url!r}"
    for css in checker.styles:
        assert "@import" not in css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            assert url.startswith(("data:", "#")), f"stylesheet would load {url!r}"
    assert not any(tag == "link" for tag, _ in checker.tags)
    assert not any(tag in ("iframe", "img", "object", "embed") for tag, _ in checker.tags)
    return checker


@pytest.fixture
def checked_page() -> Callable[[str], PageChecker]:
    """``check_page`` as a fixture, for the test modules."""
    return check_page


def _leg(a: tuple[float, float], b: tuple[float, float], name: str, **extra: object) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [list(a), list(b)]},
        "properties": {"name": name, **extra},
    }


WARSAW, BREST, MOSCOW = (21.01, 52.23), (23.69, 52.10), (37.62, 55.76)
ASTARA, RASHT, BANDAR_ABBAS = (48.87, 38.43), (49.58, 37.28), (56.27, 27.18)


@pytest.fixture
def route_layers() -> list[MapLayer]:
    today = {
        "type": "FeatureCollection",
        "features": [
            _leg(
                WARSAW, BREST, "Warsaw – Brest", tooltip={"Mode": "Rail", "Distance (km)": 1234567}
            ),
            _leg(ASTARA, RASHT, "Astara – Rasht", tooltip="Road, 40 hours", flow_t=5000.0),
            _leg(
                RASHT,
                BANDAR_ABBAS,
                "Rasht – Bandar Abbas",
                tooltip={"Hours": 62.25},
                flow_t=20000.0,
            ),
        ],
    }
    new_railway = {
        "type": "FeatureCollection",
        "features": [_leg(ASTARA, RASHT, "Rasht–Astara railway", flow_t=15000.0)],
    }
    places = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(MOSCOW)},
                "properties": {"name": "Moscow", "label": "Moscow"},
            }
        ],
    }
    return [
        MapLayer("Today via Astara", "#d1495b", today, width=5),
        MapLayer("With Rasht–Astara railway", "#00798c", new_railway, width="flow_t", dashed=True),
        MapLayer("Places", "#30343f", places, visible=False),
    ]
