"""Self-contained, offline, bilingual (English/Persian) HTML maps and reports.

Plain-data API: map layers are GeoJSON dicts, tables are pandas DataFrames, and the
result is one HTML file that loads nothing from the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dalan._lazy import lazy_exports

if TYPE_CHECKING:
    from dalan.reports.i18n import (
        direction,
        format_date,
        format_number,
        format_value,
        t,
        to_persian_digits,
    )
    from dalan.reports.maps import MapLayer
    from dalan.reports.page import render_map_html, write_report
    from dalan.reports.tables import table_html

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "MapLayer",
    "direction",
    "format_date",
    "format_number",
    "format_value",
    "render_map_html",
    "t",
    "table_html",
    "to_persian_digits",
    "write_report",
]
