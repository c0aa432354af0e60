"""A stored stress-test result (:meth:`dalan.scenarios.stress.StressMatrix.to_dict` plus the
cells' hover tips in both languages) rendered for the page: the heat maps of extra days, USD and
t CO2e (the report's :func:`~dalan.reports.charts.heatmap_html` with the report's cell texts) and
the numbered scenarios with how many pairs keep a route, in English or Persian."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dalan.network.io import load_embedded_network
from dalan.reports.charts import heatmap_html
from dalan.reports.i18n import Code, format_date, format_number, t
from dalan.reports.itinerary_text import route_title
from dalan.reports.stress_text import METRICS, cell_text, cell_value, scenario_label
from dalan.reports.tables import table_html
from dalan.scenarios.stress import ScenarioInfo
from dalan.web.export_tables import place_namer


@dataclass(frozen=True)
class StoredCell:
    """A stress cell read back from its JSON (enough for its text and colour)."""

    outcome: str
    takes_over: str
    extra_days: float
    extra_usd: float
    extra_t_co2e: float

    @classmethod
    def of(cls, row: dict[str, Any]) -> StoredCell:
        def number(key: str) -> float:
            return math.nan if row.get(key) is None else float(row[key])

        return cls(row["outcome"], row.get("takes_over") or "", number("extra_days"), number("extra_usd"), number("extra_t_co2e"))


def _info(row: dict[str, Any]) -> ScenarioInfo:
    return ScenarioInfo(row["name"], row["title_en"], row["title_fa"], row["source"], row.get("source_fa", ""))


def display_stress(result: dict, lang: str) -> dict:
    """Summary, one heat map per metric (``heat_html``: days, usd, t_co2e) and the scenario key."""
    name = place_namer(load_embedded_network(), lang)
    scenarios = [_info(s) for s in result["scenarios"]]
    pairs = [tuple(p) for p in result["pairs"]]
    width = len(scenarios)
    cells = [StoredCell.of(c) for c in result["cells"]]
    tips = result["tips"][lang]
    grid = [cells[i * width : (i + 1) * width] for i in range(len(pairs))]
    tip_grid = [tips[i * width : (i + 1) * width] for i in range(len(pairs))]
    rows = [route_title(name(o), name(d), lang) for o, d in pairs]
    columns = [scenario_label(k, s, lang) for k, s in enumerate(scenarios)]
    heat = {
        metric: str(
            heatmap_html(
                rows, columns,
                [[cell_value(c, metric) for c in row] for row in grid],
                [[cell_text(c, metric, lang, unit=False) for c in row] for row in grid],
                tip_grid,
                corner=t("pair", lang),
                column_tips=[s.title(lang) for s in scenarios],
                lost=[[c.outcome == "no_route" for c in row] for row in grid],
                caption=t(f"stress_heat_{metric}", lang),
            )
        )
        for metric in METRICS
    }  # fmt: skip
    n = lambda x: format_number(x, lang)
    key = pd.DataFrame(
        {
            "#": [n(k + 1) for k in range(width)],
            t("scenario", lang): [Code(s.name) for s in scenarios],
            t("title", lang): [s.title(lang) for s in scenarios],
            t("survivors", lang): [f"{n(s['survivors'])}/{n(len(pairs))}" for s in result["scenarios"]],
        }
    )
    title = t("stress_title", lang).format(scenarios=n(width), pairs=n(len(pairs)))
    as_of = t("as_of", lang).format(date=format_date(dt.date.fromisoformat(result["as_of"]), lang))
    return {
        "summary": f"{title} · {as_of}",
        "legend": t("stress_legend", lang),
        "heat_html": heat,
        "key_html": str(table_html(key, lang, caption=t("stress_sources", lang))),
    }
