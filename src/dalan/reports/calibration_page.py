"""The calibration report: the fitted parameters, the in-sample and cross-validated calibration
plots (the back-test's plot, :func:`dalan.reports.backtest_page.calibration_svg`) and the
summary tables (overall, by metric family, claims apart, by corridor), in English or Persian."""

from __future__ import annotations

from markupsafe import Markup

from dalan.reports.backtest_page import (
    _num,
    _pct,
    _reasons_table,
    _section,
    backtest_plots,
    calibration_svg,
    errors_by_corridor_svg,
)
from dalan.reports.i18n import check_lang, corridor_label, format_number, isolate, t
from dalan.reports.page import render_page_html
from dalan.reports.tables import table_html
from dalan.validation.backtest import GroupSummary
from dalan.validation.calibrate import Calibration, summarize
from dalan.validation.spread import MIN_ROWS, SpreadEstimate

GROUPINGS = ("all", "family", "evidence", "family_evidence", "computed_evidence", "corridor")
_KEY_LABELS = {
    "all": "cal_all",
    "time": "cal_time",
    "price": "cal_price",
    "claims": "cal_claims",
    "observations": "cal_observations",
}


def group_label(key: str, lang: str = "en") -> str:
    """A summary group's name in ``lang``; a corridor (or the fold of small ones, ``other``) as
    the charts name it (:func:`corridor_label`: its code in English, its name in Persian)."""
    return " · ".join(t(_KEY_LABELS[k], lang) if k in _KEY_LABELS else corridor_label(k, lang) for k in key.split(" · "))


def bound_label(flag: str, lang: str = "en") -> str:
    return t(f"cal_at_{flag}", lang) if flag else ""


def parameters_frame(calibration: Calibration, lang: str = "en"):
    import pandas as pd

    ps = calibration.parameters
    return pd.DataFrame(
        {
            t("cal_parameter", lang): [p.name for p in ps],
            t("cal_unit", lang): [p.unit for p in ps],
            t("cal_source_value", lang): [_num(p.source_value, lang) for p in ps],
            t("cal_fitted", lang): [_num(p.fitted, lang) for p in ps],
            t("cal_change", lang): [_pct(p.change, lang, True) for p in ps],
            t("cal_bounds", lang): [f"\u2066{_num(p.low, lang)} – {_num(p.high, lang)}\u2069" for p in ps],
            t("cal_at_bound", lang): [bound_label(p.at_bound, lang) for p in ps],
        }
    )


def summary_rows(calibration: Calibration, by: str) -> list[tuple[str, GroupSummary | None, GroupSummary, GroupSummary | None]]:
    """(key, sourced, in-sample, cross-validated) per group of one grouping (the in-sample groups)."""
    columns = [calibration.sourced, calibration.in_sample, calibration.cross_validated]
    sourced, in_sample, cross_validated = (
        {g.key: g for g in summarize(bt.results) if g.by == by} if bt is not None else {} for bt in columns
    )
    return [(k, sourced.get(k), g, cross_validated.get(k)) for k, g in in_sample.items()]


def _cell(g: GroupSummary | None, lang: str, signed_apart: str = " · ") -> str:
    """``median |error| · share in band``, then ``signed_apart`` and the median signed error."""
    if g is None:
        return "–"
    return f"{_pct(g.median_abs_error, lang)} · {_pct(g.share_in_band, lang, decimals=0)}{signed_apart}{_pct(g.median_error, lang, signed=True)}"


def cell_legend(lang: str = "en") -> str:
    """What a summary cell holds: median |error| · share in band · median signed error."""
    return " · ".join(t(key, lang) for key in ("bt_median_abs_error", "bt_in_band", "bt_median_error"))


def summary_frame(calibration: Calibration, by: str, lang: str = "en"):
    import pandas as pd

    rows = summary_rows(calibration, by)
    return pd.DataFrame(
        {
            t("cal_group", lang): [group_label(k, lang) for k, *_ in rows],
            t("bt_count", lang): [format_number(s.n, lang) for _, _, s, _ in rows],
            t("cal_sourced", lang): [_cell(g, lang) for _, g, _, _ in rows],
            t("cal_in_sample", lang): [_cell(g, lang) for _, _, g, _ in rows],
            t(cv_message("cal_cross_validated", calibration), lang): [_cell(g, lang) for _, _, _, g in rows],
        }
    )


def spread_rows(calibration: Calibration, lang: str = "en") -> list[tuple[str, str, str, str, str, str]]:
    """Per group (times or prices, by land or by sea): its name, rows, parameter, log-sd read,
    shipped value, rows inside the shipped p10–p90 (:attr:`Calibration.spread`)."""
    return [
        (
            f"{t(f'cal_spread_{e.measure}', lang)} · {t(f'cal_spread_{e.group}', lang)}", _spread_count(e, lang), e.parameter,
            "–" if e.log_sd is None else format_number(e.log_sd, lang, 3), format_number(e.shipped, lang, 2),
            f"{format_number(e.inside_shipped, lang)} ({_pct(e.inside_shipped / e.rows, lang, decimals=0)})" if e.rows else "–",
        )
        for e in calibration.spread
    ]


def _spread_count(e: SpreadEstimate, lang: str) -> str:
    """A group's rows; with a --check file's, the cross-validated + the check file's."""
    if not e.check_rows:
        return format_number(e.rows, lang)
    return f"{format_number(e.rows, lang)} ({format_number(e.rows - e.check_rows, lang)} + {format_number(e.check_rows, lang)})"


SPREAD_COLUMNS = ("cal_spread_group", "bt_count", "cal_spread_parameter", "cal_spread_estimate", "cal_spread_shipped", "cal_spread_inside")


def spread_table_note(lang: str = "en") -> str:
    """How the spreads' table was read (under it)."""
    return t("cal_spread_note", lang).format(min_rows=format_number(MIN_ROWS, lang))


#: the groupings of the ``--check`` file's summary, in order
CHECK_GROUPINGS = ("all", "family", "evidence", "computed_evidence")


def check_groups(calibration: Calibration) -> list[GroupSummary]:
    """The ``--check`` file's summary groups (:data:`CHECK_GROUPINGS`), in order; none without it."""
    if calibration.check is None:
        return []
    groups = summarize(calibration.check.results)
    return [g for by in CHECK_GROUPINGS for g in groups if g.by == by]


def check_group_label(g: GroupSummary, lang: str = "en") -> str:
    """A ``--check`` group's name; the computed figures' groups (the measured look-ups apart) say so."""
    label = group_label(g.key, lang)
    return f"{label} ({t('cal_computed_only', lang)})" if g.by == "computed_evidence" else label


#: the ``--check`` summary's columns (message ids), as :func:`check_rows` fills them
CHECK_COLUMNS = ("cal_group", "bt_count", "cal_fitted_costing")


def check_rows(calibration: Calibration, lang: str = "en", signed_apart: str = " · ") -> list[tuple[str, str, str]]:
    """The ``--check`` summary's rows (:data:`CHECK_COLUMNS`): group, rows, the fitted costing's
    cell (:func:`_cell`, the signed median after ``signed_apart``)."""
    return [(check_group_label(g, lang), format_number(g.n, lang), _cell(g, lang, signed_apart)) for g in check_groups(calibration)]


def check_title(calibration: Calibration, lang: str = "en", key: str = "cal_check") -> str:
    """The ``--check`` section's title (message ``key``), naming its file."""
    source = calibration.check.source if calibration.check is not None else "–"
    return t(key, lang).format(source=isolate(source, lang))


def cv_message(key: str, calibration: Calibration) -> str:
    """The message id that names ``calibration``'s cross-validation: ``key`` for leaving one
    corridor out, ``key_rows`` for random folds of rows."""
    return f"{key}_rows" if calibration.cv_folds == "rows" else key


def calibration_plots(calibration: Calibration, lang: str = "en") -> dict[str, str]:
    """The charts by file name (``--plots DIR``): model against published and errors by corridor,
    in sample and, when run, cross-validated and on the ``--check`` file."""
    charts = {f"in_sample_{name}": chart for name, chart in backtest_plots(calibration.in_sample, lang).items()}
    if calibration.cross_validated is not None:
        charts |= {f"cross_validated_{name}": chart for name, chart in backtest_plots(calibration.cross_validated, lang).items()}
    if calibration.check is not None:
        charts |= {f"check_{name}": chart for name, chart in backtest_plots(calibration.check, lang).items()}
    return charts


def calibration_html(calibration: Calibration, lang: str = "en") -> str:
    """The whole report page in ``lang`` (English or Persian)."""
    check_lang(lang)
    subtitle = t("cal_subtitle", lang).format(
        rows=format_number(calibration.n_rows, lang), source=isolate(calibration.source or "–", lang),
        left_out=format_number(len(calibration.left_out), lang), parameters=format_number(len(calibration.parameters), lang),
        start=format_number(calibration.start_cost, lang, 3), cost=format_number(calibration.cost, lang, 3),
        rounds=format_number(calibration.rounds, lang),
    )  # fmt: skip
    band = calibration.in_sample
    band_text = f"\u2066{_pct(band.time_band, lang, decimals=0)} / {_pct(band.price_band, lang, decimals=0)}\u2069"
    note = t("bt_calibration_note", lang).format(band=band_text)
    sections = [
        _section(
            t("cal_parameters", lang),
            table_html(parameters_frame(calibration, lang), lang),
        ),
        _section(
            t("cal_in_sample_plot", lang),
            calibration_svg(calibration.in_sample, lang),
            note,
        ),
    ]
    if calibration.cross_validated is not None:
        sections.append(
            _section(
                t(cv_message("cal_cv_plot", calibration), lang),
                calibration_svg(calibration.cross_validated, lang),
                t(cv_message("cal_cv_note", calibration), lang),
            )
        )
        sections.append(  # where a corridor's predictions lean one way
            _section(t("cal_cv_errors", lang), errors_by_corridor_svg(calibration.cross_validated, lang), t(cv_message("cal_cv_errors_note", calibration), lang))
        )
    import pandas as pd

    if calibration.check is not None:
        frame = pd.DataFrame.from_records(check_rows(calibration, lang), columns=[t(c, lang) for c in CHECK_COLUMNS])
        sections.append(_section(check_title(calibration, lang), calibration_svg(calibration.check, lang), t("cal_check_note", lang)))
        sections.append(_section(t("cal_check_errors", lang), errors_by_corridor_svg(calibration.check, lang), t("cal_check_errors_note", lang)))
        sections.append(_section(check_title(calibration, lang, "cal_check_table"), table_html(frame, lang), cell_legend(lang)))
    if calibration.spread:
        frame = pd.DataFrame.from_records(spread_rows(calibration, lang), columns=[t(c, lang) for c in SPREAD_COLUMNS])
        sections.append(_section(t("cal_spread", lang), table_html(frame, lang), spread_table_note(lang)))
    for by in GROUPINGS:
        title = t("cal_summary", lang).format(by=t(f"cal_by_{by}", lang))
        sections.append(
            _section(
                title,
                table_html(summary_frame(calibration, by, lang), lang),
                cell_legend(lang),
            )
        )
    sections.append(
        _section(
            t("cal_left_out", lang),
            _reasons_table(calibration.left_out, lang, with_kind=True),
        )
    )
    return render_page_html(
        [Markup(s) for s in sections],
        title=t("cal_title", lang),
        subtitle=subtitle,
        lang=lang,
    )


__all__ = [
    "calibration_html",
    "group_label",
    "parameters_frame",
    "spread_rows",
    "spread_table_note",
    "summary_frame",
    "summary_rows",
]
