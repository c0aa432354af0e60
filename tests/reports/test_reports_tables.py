"""HTML tables from DataFrames."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from dalan.reports import render_map_html, table_html


def _cells(html: str) -> list[str]:
    return re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html)


def test_english_table() -> None:
    frame = pd.DataFrame(
        {"Route": ["via <Astara>", "via Baku"], "km": [4869, 12345], "days": [10.94, np.nan]}
    )
    html = table_html(frame, "en", caption="Totals")
    assert "<caption>Totals</caption>" in html
    assert _cells(html) == [
        "Route",
        "km",
        "days",
        "via &lt;Astara&gt;",
        "4,869",
        "10.9",
        "via Baku",
        "12,345",
        "–",
    ]
    assert html.count('class="num"') == 4  # km and days cells, NaN included


def test_index_and_decimals_by_row_or_column() -> None:
    frame = pd.DataFrame({"today": [4869.0, 10.94], "with": [4856.0, 9.52]}, index=["km", "days"])
    html = table_html(frame, "en", decimals={"km": 0, "days": 2})
    assert _cells(html) == ["", "today", "with", "km", "4,869", "4,856", "days", "10.94", "9.52"]
    assert '<th scope="row">km</th>' in html


def test_persian_table_has_only_persian_digits() -> None:
    frame = pd.DataFrame({"مسیر 2": ["آستارا"], "کیلومتر": [4869], "روز": [-1.5]})
    html = table_html(frame, "fa")
    cells = _cells(html)
    assert cells == ["مسیر ۲", "کیلومتر", "روز", "آستارا", "۴٬۸۶۹", "\u200e\u2212۱٫۵"]
    assert not any(re.search("[0-9]", c) for c in cells)


def test_table_html_in_a_page_is_valid(checked_page: Callable[[str], object]) -> None:

    table = table_html(pd.DataFrame({"a": [1, 2]}), "en")
    page = render_map_html([], title="t", sections_html=[table])
    checked_page(page)
    assert table in page
