"""The back-test report: calibration plot (model against published, log–log, with the bands),
errors by corridor, the table of rows, the summaries and the rows that could not be run.

Charts are inline SVG like :mod:`dalan.reports.charts` (no JavaScript, offline), built from
:mod:`dalan.reports.svg` so that they draw the same inside a right-to-left page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from markupsafe import Markup, escape

from dalan.errors import DalanError
from dalan.messages import display_name, localize
from dalan.network import load_embedded_network
from dalan.network.search import PlaceIndex
from dalan.reports.i18n import (
    check_lang,
    corridor_label,
    format_number,
    format_percent,
    isolate,
    t,
)
from dalan.reports.page import render_page_html
from dalan.reports.svg import svg_open as _svg_open
from dalan.reports.svg import svg_text as _text
from dalan.reports.tables import table_html
from dalan.validation.backtest import (
    NOT_MAPPABLE,
    NOT_RUNNABLE,
    OK,
    Backtest,
    BacktestSummary,
    RowResult,
    error_medians,
)
from dalan.validation.bands import FAMILIES, metric_family, published_range
from dalan.validation.queries import QueryRow

FAMILY_COLOURS = {
    "transit": "#1f77b4",
    "border": "#d62728",
    "speed": "#9467bd",
    "distance": "#2ca02c",
    "price": "#ff7f0e",
}
ERROR_CLIP = (-1.0, 3.0)  # the errors chart's x range: −100 % … +300 %


def _pct(x: float | None, lang: str, signed: bool = False, decimals: int = 1) -> str:
    return format_percent(x, lang, decimals, signed=signed)


def _num(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    return format_number(x, lang, 0 if abs(x) >= 100 else 2 if abs(x) < 10 else 1)


def place_text(query: str, lang: str) -> str:
    """A row's place as written in English; in Persian the Persian name of the place it names."""
    if lang != "fa" or not query:
        return query
    try:
        return PlaceIndex.of(load_embedded_network()).find(query).display_name("fa")
    except DalanError:
        return query


def where_text(row: QueryRow, lang: str) -> str:
    """The row's border place, or ``origin → destination`` (``←`` in Persian), with its scenario."""
    if row.scope == "border" or not row.origin:
        where = place_text(row.place, lang)
    else:
        arrow = "←" if lang == "fa" else "→"
        where = f"{place_text(row.origin, lang)} {arrow} {place_text(row.destination, lang)}"
    if row.scenario:
        where += f" [{display_name('scenario', row.scenario, lang) if lang == 'fa' else row.scenario}]"
    return where


def row_texts(r: RowResult, lang: str) -> dict[str, str]:
    """The coded fields of a row in ``lang``: metric, kind of figure, corridor, reason kind."""
    return {
        "metric": display_name("bt_metric", r.row.metric, lang),
        "kind": display_name("bt_kind", r.row.kind, lang),
        "corridor": display_name("corridor", r.corridor, lang) if r.corridor else "",
        "reason_kind": display_name("bt_reason", r.reason_kind, lang),
    }


#: each summary group's (:data:`dalan.validation.backtest.SUMMARY_GROUPS`) label message, which
#: also prefixes its keys' names
GROUP_LABELS = {"corridor": "corridor", "metric": "bt_metric", "kind": "bt_kind", "year": "bt_year"}


#: the columns of a summary table after the group's name (message ids)
SUMMARY_COLUMNS = ("bt_count", "bt_in_band", "bt_median_abs_error", "bt_median_error")


def summary_cells(summary: BacktestSummary, what: str, lang: str) -> list[tuple[str, int, str, str, str]]:
    """A summary table's rows by ``what`` (a group of :data:`GROUP_LABELS`), then the whole's:
    the group's name and :data:`SUMMARY_COLUMNS` — the count as a number (each table formats it),
    the rest as text in ``lang`` (the CLI's and the report's tables alike)."""
    rows = [(group_text(what, g.key, lang), g.n, g.in_band, g.share_in_band, g.median_abs_error, g.median_error) for g in summary.by(what)]
    rows.append((t("bt_all", lang), summary.ok, summary.in_band, summary.share_in_band, summary.median_abs_error, summary.median_error))
    return [
        (name, n, f"{format_number(in_band, lang)} ({_pct(share, lang)})", _pct(median_abs, lang), _pct(median, lang, signed=True))
        for name, n, in_band, share, median_abs, median in rows
    ]


def group_text(what: str, key: str, lang: str) -> str:
    """A summary group's key (a corridor, metric or kind code, a year) in ``lang``."""
    if what == "year":
        return str(localize(int(key), lang)) if key.isdigit() else key
    return display_name(GROUP_LABELS[what], key, lang)


def _family_legend(families: Sequence[str], lang: str, x: float, y: float) -> list[str]:
    parts = []
    for k, family in enumerate(families):
        yy = y + 16 * k
        parts.append(
            f'<circle cx="{x + 5}" cy="{yy - 4}" r="5" fill="{FAMILY_COLOURS[family]}" stroke="#333" stroke-width="0.5"/>'
            + _text(x + 14, yy, t("bt_family_" + family, lang))
        )
    return parts


def calibration_svg(result: Backtest, lang: str = "en", size: int = 560) -> str:
    """Model (y) against published (x) on log–log axes: one dot per row, coloured by metric
    family, a bar for a published range, a whisker for the model's p10–p90 of a transit time or a
    price (``RowResult.spread``), the diagonal and the ±bands shaded around it."""
    check_lang(lang)
    points = [
        (r, r.model_value)
        for r in result.with_status(OK)
        if r.model_value is not None and r.model_value > 0 and r.row.value > 0
    ]
    left, right, top, bottom = 64, 150, 16, 48
    width, height = size + left + right - 64, size
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for r, model in points for v in (model, *published_range(r.row.value, r.row.value_low, r.row.value_high), *(r.spread or ()))]
    lo = math.floor(math.log10(min(values))) if values else 0
    hi = math.ceil(math.log10(max(values))) if values else 1
    hi = max(hi, lo + 1)

    def sx(v: float) -> float:
        return left + (math.log10(v) - lo) / (hi - lo) * plot_w

    def sy(v: float) -> float:
        return top + plot_h - (math.log10(v) - lo) / (hi - lo) * plot_h

    a, b = 10.0**lo, 10.0**hi
    parts = [
        _svg_open(width, height, t("bt_calibration_plot", lang)),
        f'<defs><clipPath id="bt-plot"><rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}"/></clipPath></defs>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#999"/>',
    ]
    for band, fill in ((result.price_band, "#eeeeee"), (result.time_band, "#dddddd")):
        lower, upper = max(1.0 - band, 1e-3), 1.0 + band
        poly = [(sx(a), sy(a * lower)), (sx(b), sy(b * lower)), (sx(b), sy(b * upper)), (sx(a), sy(a * upper))]
        parts.append(f'<polygon clip-path="url(#bt-plot)" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in poly)}" fill="{fill}"/>')
    parts.append(f'<line clip-path="url(#bt-plot)" x1="{sx(a):.1f}" y1="{sy(a):.1f}" x2="{sx(b):.1f}" y2="{sy(b):.1f}" stroke="#777" stroke-dasharray="4 3"/>')
    for k in range(lo, hi + 1):
        v = 10.0**k
        label = format_number(v, lang, 0 if k >= 0 else -k)
        parts.append(f'<line x1="{sx(v):.1f}" y1="{top + plot_h}" x2="{sx(v):.1f}" y2="{top + plot_h + 4}" stroke="#999"/>')
        parts.append(_text(sx(v), top + plot_h + 17, label, "middle"))
        parts.append(f'<line x1="{left - 4}" y1="{sy(v):.1f}" x2="{left}" y2="{sy(v):.1f}" stroke="#999"/>')
        parts.append(_text(left - 7, sy(v) + 4, label, "end"))
    parts.append(_text(left + plot_w / 2, height - 8, t("bt_published", lang), "middle"))
    mid = top + plot_h / 2
    parts.append(_text(16, mid, t("bt_model", lang), "middle", f' transform="rotate(-90 16 {mid:.1f})"'))
    for r, model in points:
        colour = FAMILY_COLOURS[metric_family(r.row.metric)]
        low, high = published_range(r.row.value, r.row.value_low, r.row.value_high)
        y = sy(model)
        tip = f"{r.row.id} {row_texts(r, lang)['metric']}: {t('bt_published', lang)} {_num(r.row.value, lang)}{t('comma', lang)}{t('bt_model', lang)} {_num(model, lang)} ({_pct(r.error, lang, True)})"
        if r.spread is not None:
            tip += f"{t('comma', lang)}{t('bt_p10_p90', lang)} {_num(r.spread[0], lang)}–{_num(r.spread[1], lang)}"
        parts.append(f"<g><title>{escape(tip)}</title>")
        if r.spread is not None:  # the model's p10–p90: a vertical whisker through the dot
            x = sx(r.row.value)
            parts.append(f'<line x1="{x:.1f}" y1="{sy(r.spread[0]):.1f}" x2="{x:.1f}" y2="{sy(r.spread[1]):.1f}" stroke="{colour}" stroke-width="1.5" opacity="0.45"/>')
        if high > low:
            parts.append(f'<line x1="{sx(low):.1f}" y1="{y:.1f}" x2="{sx(high):.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="2" opacity="0.6"/>')
        parts.append(f'<circle cx="{sx(r.row.value):.1f}" cy="{y:.1f}" r="5" fill="{colour}" fill-opacity="0.85" stroke="#333" stroke-width="0.5"/>')
        parts.append("</g>")
    families = [f for f in FAMILIES if any(metric_family(r.row.metric) == f for r, _ in points)]
    legend_x = left + plot_w + 14
    parts += _family_legend(families, lang, legend_x, top + 12)
    y0 = top + 12 + 16 * len(families) + 10
    for k, (band, fill, what) in enumerate(((result.time_band, "#dddddd", "bt_family_transit"), (result.price_band, "#eeeeee", "bt_family_price"))):
        yy = y0 + 16 * k
        parts.append(
            f'<rect x="{legend_x}" y="{yy - 10}" width="10" height="10" fill="{fill}" stroke="#999"/>'
            + _text(legend_x + 14, yy, f"\u2066±{_pct(band, lang, decimals=0)}\u2069 {t(what, lang)}")
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def errors_by_corridor_svg(result: Backtest, lang: str = "en", width: int = 720) -> str:
    """One line per corridor: each row's signed relative error as a dot (clipped to −100 % …
    +300 %, an arrow beyond), the median as a bar, the bands shaded around zero."""
    check_lang(lang)
    groups: dict[str, list[RowResult]] = defaultdict(list)
    for r in result.with_status(OK):
        if r.error is not None:
            groups[r.corridor].append(r)
    names = sorted(groups)
    longest = max((len(corridor_label(n, lang)) + 5 for n in names), default=0)  # "name (12)"
    left, right, top, row_h = max(110, 7 * longest + 12), 40, 26, 30
    width = max(width, left + right + 110 * len(FAMILIES))  # long (Persian) names: wider, the plot keeps room for the legend
    height = top + row_h * max(len(names), 1) + 40
    x0, x1 = ERROR_CLIP
    plot_w = width - left - right

    def sx(e: float) -> float:
        return left + (min(max(e, x0), x1) - x0) / (x1 - x0) * plot_w

    bottom = top + row_h * max(len(names), 1)
    parts = [
        _svg_open(width, height, t("bt_errors_by_corridor", lang)),
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{bottom - top}" fill="#fafafa" stroke="#999"/>',
    ]
    for band, fill in ((result.price_band, "#eeeeee"), (result.time_band, "#dddddd")):
        parts.append(f'<rect x="{sx(-band):.1f}" y="{top}" width="{sx(band) - sx(-band):.1f}" height="{bottom - top}" fill="{fill}"/>')
    ticks = [-1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0]
    for tick in ticks:
        parts.append(f'<line x1="{sx(tick):.1f}" y1="{top}" x2="{sx(tick):.1f}" y2="{bottom}" stroke="{"#555" if tick == 0 else "#ccc"}"/>')
        parts.append(_text(sx(tick), bottom + 16, _pct(tick, lang, True, decimals=0), "middle"))
    parts.append(_text(left + plot_w / 2, height - 6, t("bt_error_pct", lang), "middle"))
    for i, name in enumerate(names):
        y = top + row_h * i + row_h / 2
        rows = sorted(groups[name], key=lambda r: r.row.id)
        parts.append(_text(left - 8, y + 4, f"{corridor_label(name, lang)} ({format_number(len(rows), lang)})", "end"))
        for j, r in enumerate(rows):
            colour = FAMILY_COLOURS[metric_family(r.row.metric)]
            jitter = ((j * 7) % 11 - 5) * 1.6
            tip = f"{r.row.id} {row_texts(r, lang)['metric']}: {_pct(r.error, lang, True)}"
            e = r.error
            assert e is not None  # only rows with an error are grouped
            if e > x1 or e < x0:
                tip_x = sx(e)
                d = 1 if e > x1 else -1
                shape = (f'<polygon points="{tip_x:.1f},{y + jitter:.1f} {tip_x - 9 * d:.1f},{y + jitter - 5:.1f} '
                         f'{tip_x - 9 * d:.1f},{y + jitter + 5:.1f}" fill="{colour}" stroke="#333" stroke-width="0.5"/>')  # fmt: skip
            else:
                shape = f'<circle cx="{sx(e):.1f}" cy="{y + jitter:.1f}" r="4.5" fill="{colour}" fill-opacity="0.85" stroke="#333" stroke-width="0.5"/>'
            parts.append(f"<g><title>{escape(tip)}</title>{shape}</g>")
        median = error_medians(rows)[1]
        parts.append(f'<line x1="{sx(median):.1f}" y1="{y - 11:.1f}" x2="{sx(median):.1f}" y2="{y + 11:.1f}" stroke="#000" stroke-width="2.5"/>')
    families = [f for f in FAMILIES if any(metric_family(r.row.metric) == f for rs in groups.values() for r in rs)]
    for k, family in enumerate(families):
        x = left + 110 * k
        parts.append(
            f'<circle cx="{x + 5}" cy="{top - 12}" r="5" fill="{FAMILY_COLOURS[family]}" stroke="#333" stroke-width="0.5"/>'
            + _text(x + 14, top - 8, t("bt_family_" + family, lang))
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def backtest_plots(result: Backtest, lang: str = "en") -> dict[str, str]:
    """The report's charts by file name (``--plots DIR``): model against published, errors by corridor."""
    return {"model_vs_published.svg": calibration_svg(result, lang), "errors_by_corridor.svg": errors_by_corridor_svg(result, lang)}


def _section(title: str, body: str, note: str = "") -> str:
    note_html = Markup('<p class="dalan-note">{}</p>').format(note) if note else Markup("")
    return Markup("<h2>{}</h2>{}{}").format(title, note_html, Markup(body))


def _rows_table(result: Backtest, lang: str) -> str:
    import pandas as pd

    ok = sorted(result.with_status(OK), key=lambda r: (-(r.abs_error or 0.0), r.row.id))
    frame = pd.DataFrame(
        {
            t("cli.id", lang): [r.row.id for r in ok],
            t("bt_metric", lang): [row_texts(r, lang)["metric"] for r in ok],
            t("pair", lang): [where_text(r.row, lang) for r in ok],
            t("bt_published", lang): [_published_text(r, lang) for r in ok],
            t("bt_model", lang): [_num(r.model_value, lang) + (" †" if r.measured else "") for r in ok],
            t("bt_error", lang): [_pct(r.error, lang, True) for r in ok],
            t("bt_in_band", lang): ["✓" if r.in_band else "✗" for r in ok],
            t("corridor", lang): [row_texts(r, lang)["corridor"] for r in ok],
            t("bt_kind", lang): [row_texts(r, lang)["kind"] for r in ok],
        }
    )
    return table_html(frame, lang)


def rows_note(summary: BacktestSummary, lang: str) -> str:
    """What the † of a measured figure means, and how many are in band; how many published times
    and prices fall inside the model's p10–p90 (:func:`spread_note`); and how far figures that ask
    the same question agree (:mod:`dalan.validation.agreement`). Empty without any."""
    notes = []
    if summary.measured:
        notes.append(t("bt_measured_note", lang).format(count=format_number(summary.measured, lang), in_band=format_number(summary.measured_in_band, lang)))
    if summary.spread_rows or summary.price_spread_rows:
        notes.append(spread_note(summary, lang))
    if summary.agreement.figures:
        found = summary.agreement
        notes.append(
            t("bt_agreement_note", lang).format(
                in_band=format_number(found.in_band, lang),
                count=format_number(found.figures, lang),
                questions=format_number(found.questions, lang),
                share=_pct(found.in_band / found.figures, lang, decimals=0),
            )
        )
    return " ".join(f"{note}." for note in notes)  # each a sentence


def spread_note(summary: BacktestSummary, lang: str) -> str:
    """How many published times, and prices, fall inside the model's p10–p90 (the trip's and the
    price's own spread)."""
    notes = []
    for key, inside, count in (("bt_spread_note", summary.inside_spread, summary.spread_rows),
                               ("bt_price_spread_note", summary.price_inside_spread, summary.price_spread_rows)):  # fmt: skip
        if count:
            notes.append(t(key, lang).format(inside=format_number(inside, lang), count=format_number(count, lang), share=_pct(inside / count, lang, decimals=0)))
    return t("semicolon", lang).join(notes)


def _published_text(r: RowResult, lang: str) -> str:
    text = _num(r.row.value, lang)
    if r.row.value_low is not None or r.row.value_high is not None:
        low, high = published_range(r.row.value, r.row.value_low, r.row.value_high)
        text += f" ({_num(low, lang)}–{_num(high, lang)})"
    return text


def _summary_tables(result: Backtest, lang: str) -> str:
    import pandas as pd

    summary = result.summary()
    html = []
    for what, message in GROUP_LABELS.items():
        label = t(message, lang)
        frame = pd.DataFrame(summary_cells(summary, what, lang), columns=[label, *(t(c, lang) for c in SUMMARY_COLUMNS)])
        html.append(table_html(frame, lang, caption=t("bt_summary", lang).format(by=label)))
    return Markup('<div style="display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start">{}</div>').format(
        Markup("").join(Markup(h) for h in html)
    )


def _reasons_table(rows: Sequence[RowResult], lang: str, with_kind: bool) -> str:
    import pandas as pd

    data = {t("cli.id", lang): [r.row.id for r in rows], t("bt_metric", lang): [row_texts(r, lang)["metric"] for r in rows]}
    if with_kind:
        data[t("bt_why", lang)] = [row_texts(r, lang)["reason_kind"] for r in rows]
    data[t("bt_reason", lang)] = [r.why(lang) for r in rows]
    return table_html(pd.DataFrame(data), lang)


def backtest_html(result: Backtest, lang: str = "en") -> str:
    """The whole report page in ``lang`` (English or Persian)."""
    check_lang(lang)
    summary = result.summary()
    subtitle = t("bt_subtitle", lang).format(
        ok=format_number(summary.ok, lang), total=format_number(summary.total, lang),
        not_runnable=format_number(summary.counts[NOT_RUNNABLE], lang),
        not_mappable=format_number(summary.counts[NOT_MAPPABLE], lang),
        in_band=format_number(summary.in_band, lang), time_band=_pct(result.time_band, lang),
        price_band=_pct(result.price_band, lang), median=_pct(summary.median_abs_error, lang),
        source=isolate(result.source or "–", lang),
    )  # fmt: skip
    band_text = f"\u2066{_pct(result.time_band, lang, decimals=0)} / {_pct(result.price_band, lang, decimals=0)}\u2069"
    clip = f"\u2066{_pct(ERROR_CLIP[0], lang, decimals=0)} … {_pct(ERROR_CLIP[1], lang, True, decimals=0)}\u2069"
    sections = [
        _section(t("bt_calibration_plot", lang), calibration_svg(result, lang), t("bt_calibration_note", lang).format(band=band_text)),
        _section(
            t("bt_errors_by_corridor", lang),
            errors_by_corridor_svg(result, lang),
            t("bt_errors_note", lang).format(clip=clip, band=band_text),
        ),
        _summary_tables(result, lang),
        _section(t("bt_rows", lang), _rows_table(result, lang), rows_note(summary, lang)),
        _section(t("bt_not_runnable", lang), _reasons_table(result.with_status(NOT_RUNNABLE), lang, with_kind=True)),
        _section(t("bt_not_mappable", lang), _reasons_table(result.with_status(NOT_MAPPABLE), lang, with_kind=False)),
    ]
    return render_page_html(sections, title=t("bt_title", lang), subtitle=subtitle, lang=lang)


__all__ = ["backtest_html", "calibration_svg", "errors_by_corridor_svg", "group_text", "place_text", "row_texts", "rows_note", "spread_note", "where_text"]
