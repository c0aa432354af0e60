"""The `dalan stress` report: heat maps of extra days, USD and CO2e (pairs × scenarios), a summary
per scenario and the scenarios' sources, in English or Persian."""

from __future__ import annotations

import statistics

from markupsafe import Markup, escape

from dalan.reports.charts import heatmap_html
from dalan.reports.i18n import Code, corridor_label, format_date, format_number, t
from dalan.reports.page import render_page_html
from dalan.reports.stress_text import (
    METRICS,
    cell_text,
    cell_tip,
    cell_value,
    pair_label,
    scenario_label,
)
from dalan.reports.tables import table_html
from dalan.scenarios.stress import StressMatrix


def _heat(matrix: StressMatrix, metric: str, lang: str) -> str:
    cells = [[matrix.cell(o, d, s.name) for s in matrix.scenarios] for o, d in matrix.pairs]
    return heatmap_html(
        [pair_label(matrix, o, d, lang) for o, d in matrix.pairs],
        [scenario_label(k, s, lang) for k, s in enumerate(matrix.scenarios)],
        [[cell_value(c, metric) for c in row] for row in cells],
        [[cell_text(c, metric, lang, unit=False) for c in row] for row in cells],
        [[cell_tip(c, matrix, lang) for c in row] for row in cells],
        corner=t("pair", lang),
        column_tips=[s.title(lang) for s in matrix.scenarios],
        lost=[[c.outcome == "no_route" for c in row] for row in cells],
        caption=t(f"stress_heat_{metric}", lang),
    )


def summary_frame(matrix: StressMatrix, lang: str):
    """Per scenario: pairs with and without a route, rerouted pairs, median extra days and the
    corridors that take over (most pairs first)."""
    import pandas as pd

    rows = []
    for k, info in enumerate(matrix.scenarios):
        cells = [matrix.cell(o, d, info.name) for o, d in matrix.pairs]
        extra = [c.extra_days for c in cells if c.outcome in ("same", "rerouted")]
        takers: dict[str, int] = {}
        for c in cells:
            if c.takes_over:
                takers[c.takes_over] = takers.get(c.takes_over, 0) + 1
        ranked = sorted(takers.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(
            {
                "#": k + 1,
                t("scenario", lang): info.title(lang),
                t("survivors", lang): matrix.survivors(info.name),
                t("lost", lang): sum(c.outcome == "no_route" for c in cells),
                t("rerouted_pairs", lang): sum(c.outcome == "rerouted" for c in cells),
                t("median_extra_days", lang): statistics.median(extra) if extra else None,
                t("takes_over", lang): t("comma", lang).join(f"{corridor_label(name, lang)} ({format_number(n, lang)})" for name, n in ranked),
            }
        )
    return pd.DataFrame(rows)


def sources_frame(matrix: StressMatrix, lang: str):
    """Per scenario: number, name, title and sources (the baseline first, numbered 0)."""
    import pandas as pd

    infos = [matrix.baseline, *matrix.scenarios]
    return pd.DataFrame(
        [
            {"#": k, t("scenario", lang): Code(info.name), t("title", lang): info.title(lang), t("source", lang): info.source_in(lang)}
            for k, info in enumerate(infos)
        ]
    )


def stress_html(matrix: StressMatrix, lang: str = "en") -> str:
    """The whole report as one offline HTML page."""
    subtitle = t("stress_subtitle", lang).format(
        date=format_date(matrix.as_of, lang),
        by=t(f"by_{matrix.by}", lang),
        cargo=t(f"cargo_{matrix.cargo}", lang),
        baseline=matrix.baseline.title(lang),
    )
    legend = Markup('<p class="dalan-note">{}</p>').format(escape(t("stress_legend", lang)))
    sections = [legend, *(_heat(matrix, metric, lang) for metric in METRICS)]
    sections.append(table_html(summary_frame(matrix, lang), lang, decimals=1, caption=t("stress_summary", lang)))
    sections.append(table_html(sources_frame(matrix, lang), lang, caption=t("stress_sources", lang)))
    title = t("stress_title", lang).format(scenarios=len(matrix.scenarios), pairs=len(matrix.pairs))
    if lang == "fa":
        from dalan.reports.i18n import to_persian_digits

        title = to_persian_digits(title)
    return render_page_html(sections, title=title, lang=lang, subtitle=subtitle)
