"""``dalan calibrate``: fit the free costing parameters to published figures and cross-validate."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from dalan.choices import CvFolds, Lang
from dalan.errors import InputError
from dalan.files import check_outputs, ensure_folder, write_frame_csv
from dalan.messages import display_name, render
from dalan.reports.i18n import format_number, t
from dalan.reports.page import write_plots, write_report
from dalan.validation.backtest import DEFAULT_PRICE_BAND, DEFAULT_TIME_BAND, check_band
from dalan.validation.calibrate import (
    Calibration,
    calibrate,
    write_fitted_costing,
)
from dalan.validation.queries import SHIPPED_NAME, read_queries
from dalan.validation.spread import write_spread_operations


def calibrate_command(
    observations: Annotated[
        Path | None,
        typer.Option(help="Observations CSV (calibration_queries.csv format; default: the shipped file)."),
    ] = None,
    costing_file: Annotated[
        Path | None,
        typer.Option("--costing", help="Costing TOML to start from (default: the shipped one)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Write the costing TOML with the fitted values here (default: print only)."),
    ] = None,
    operations_out: Annotated[
        Path | None,
        typer.Option(help="Write the shipped operations TOML with the spreads read from the cross-validation (and the --check file's figures, never fitted) here (its variability table: trip_log_sd, sea_trip_log_sd, price_log_sd, sea_price_log_sd)."),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(help="Write an HTML report (parameters, calibration plots, tables)."),
    ] = None,
    plots: Annotated[Path | None, typer.Option(help="Write the charts as SVG files into this folder (in sample, cross-validated and on the --check file: model against published, errors by corridor).")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write every fitted row (published; the sourced, in-sample and cross-validated figures and errors) as CSV.")] = None,
    check: Annotated[
        Path | None,
        typer.Option(help="A queries CSV of figures never fitted (e.g. reference/check/queries.csv): run with the fitted costing and summarised after the fit."),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the report, plots and tables.")] = Lang.en,
    no_cv: Annotated[
        bool,
        typer.Option("--no-cv", help="Skip the leave-one-corridor-out cross-validation."),
    ] = False,
    cv_folds: Annotated[
        CvFolds,
        typer.Option(help="How the cross-validation splits the rows: corridor (leave one corridor out) or rows (ten random folds of rows: unseen rows of corridors the fit has seen)."),
    ] = CvFolds.corridor,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the parameters, summaries and rows as JSON."),
    ] = False,
    time_band: Annotated[
        float,
        typer.Option(help="Band for times, hours, speeds, distances (0.25 = ±25 %)."),
    ] = DEFAULT_TIME_BAND,
    price_band: Annotated[float, typer.Option(help="Band for prices (0.30 = ±30 %).")] = DEFAULT_PRICE_BAND,
    jobs: Annotated[
        int,
        typer.Option(help="Worker processes for the cross-validation's folds (they run beside the fit).", min=1),
    ] = os.cpu_count() or 1,
) -> None:
    """Fit the free parameters of the costing (inside their bounds, with weak priors toward the
    sourced values) to the runnable published figures by robust least squares on log errors;
    cross-validate leaving one corridor out; print the parameters and the in-sample and
    cross-validated errors; optionally write the fitted costing and an HTML report."""
    check_band(time_band, "time_band")
    check_band(price_band, "price_band")
    if operations_out is not None and no_cv:
        raise InputError.of("no_spread_to_write")
    rows = read_queries(observations)
    check_rows = read_queries(check) if check is not None else None  # a bad file fails before the fit
    source = str(observations) if observations is not None else SHIPPED_NAME
    check_outputs(out, operations_out, report, csv_out)
    if plots is not None:
        ensure_folder(plots)
    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(t("cal_progress", lang.value), total=None)

        def progress(done: int, total: int, fold: str) -> None:
            bar.update(
                task,
                completed=done,
                total=total,
                description=f"{t('cal_progress', lang.value)} {fold}",
            )

        result = calibrate(
            rows, costing_path=costing_file, cross_validate=not no_cv, cv_folds=cv_folds.value, time_band=time_band,
            price_band=price_band, progress=progress, source=source, jobs=jobs, check=check_rows, check_source=str(check),
        )  # fmt: skip
    if out is not None:
        write_fitted_costing(result, costing_file, out, Path(source).name)
    if operations_out is not None:
        write_spread_operations(result.spread, operations_out, " and ".join(Path(f).name for f in (source, check) if f is not None))
    if report is not None:
        from dalan.reports.calibration_page import calibration_html

        write_report(report, calibration_html(result, lang.value))
    if plots is not None:
        from dalan.reports.calibration_page import calibration_plots

        written = write_plots(plots, calibration_plots(result, lang.value))
    if csv_out is not None:
        write_frame_csv(csv_out, result.rows_frame(), index=False)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=_json_default))
        return
    console = Console()
    console.print(parameter_table(result, lang.value))
    for table in summary_tables(result, lang.value):
        console.print(table)
    if result.spread:
        console.print(spread_table(result, lang.value))
    if result.check is not None:
        console.print(check_table(result, lang.value))
    if result.left_out:
        left_out = t("comma", lang.value).join(f"{r.row.id} ({display_name('bt_reason', r.reason_kind, lang.value)})" for r in result.left_out)
        console.print(f"{t('cal_left_out', lang.value)}: {left_out}")
    console.print(t("cal_written", lang.value).format(path=out) if out is not None else t("cal_not_written", lang.value))
    if operations_out is not None:
        console.print(escape(t("cal_operations_written", lang.value).format(path=operations_out)))
    if report is not None:
        console.print(t("cal_report", lang.value).format(path=report))
    if plots is not None:
        console.print(escape(render("cli.plots_written", lang.value, paths=t("comma", lang.value).join(str(p) for p in written))))


def _json_default(x):
    import math

    if isinstance(x, float) and not math.isfinite(x):
        return
    raise TypeError(type(x).__name__)


def parameter_table(result: Calibration, lang: str = "en") -> Table:
    """Name, sourced value, fitted value, change, bounds and the at-bound flag."""
    from dalan.reports.backtest_page import _num, _pct
    from dalan.reports.calibration_page import bound_label

    table = Table(title=t("cal_parameters", lang))
    for column, justify in (("cal_parameter", "left"), ("cal_unit", "left"), ("cal_source_value", "right"), ("cal_fitted", "right"),
                            ("cal_change", "right"), ("cal_bounds", "right"), ("cal_at_bound", "center")):  # fmt: skip
        table.add_column(t(column, lang), justify=justify, no_wrap=column == "cal_parameter")  # type: ignore[arg-type]
    for p in result.parameters:
        flag = bound_label(p.at_bound, lang)
        table.add_row(
            p.name, p.unit, _num(p.source_value, lang), _num(p.fitted, lang), _pct(p.change, lang, True),
            f"{_num(p.low, lang)} – {_num(p.high, lang)}", f"[yellow]{flag}[/yellow]" if flag else "",
        )  # fmt: skip
    return table


def check_table(result: Calibration, lang: str = "en") -> Table:
    """The fitted costing on the ``--check`` file's figures, never fitted: each group's median
    |error| · share in band, the median signed error below."""
    from dalan.reports.calibration_page import (
        CHECK_COLUMNS,
        cell_legend,
        check_rows,
        check_title,
    )

    table = Table(title=escape(check_title(result, lang, "cal_check_table")), caption=cell_legend(lang))
    for column in CHECK_COLUMNS:
        table.add_column(t(column, lang), justify="left" if column == "cal_group" else "right")
    for row in check_rows(result, lang, signed_apart="\n"):  # the signed median below
        table.add_row(*row)
    return table


def spread_table(result: Calibration, lang: str = "en") -> Table:
    """The spread of a trip's time and price by land and by sea, read from the cross-validated figures."""
    from dalan.reports.calibration_page import (
        SPREAD_COLUMNS,
        spread_rows,
        spread_table_note,
    )

    table = Table(title=t("cal_spread", lang), caption=escape(spread_table_note(lang)))  # "[variability]" is no markup
    for column in SPREAD_COLUMNS:
        table.add_column(t(column, lang), justify="left" if column in ("cal_spread_group", "cal_spread_parameter") else "right")
    for row in spread_rows(result, lang):
        table.add_row(*row)
    return table


def summary_tables(result: Calibration, lang: str = "en") -> list[Table]:
    """Sourced, in-sample and cross-validated median |error| · share in band · median signed
    error, per grouping."""
    from dalan.reports.calibration_page import (
        GROUPINGS,
        _cell,
        cell_legend,
        cv_message,
        group_label,
        summary_rows,
    )

    tables = []
    for by in GROUPINGS:
        table = Table(title=t("cal_summary", lang).format(by=t(f"cal_by_{by}", lang)), caption=cell_legend(lang))
        for column in (
            "cal_group",
            "bt_count",
            "cal_sourced",
            "cal_in_sample",
            cv_message("cal_cross_validated", result),
        ):
            table.add_column(t(column, lang), justify="left" if column == "cal_group" else "right")
        for key, sourced, fitted, cv in summary_rows(result, by):
            table.add_row(
                group_label(key, lang),
                format_number(fitted.n if fitted else 0, lang),
                *(_cell(g, lang, signed_apart="\n") for g in (sourced, fitted, cv)),  # the signed median below
            )
        tables.append(table)
    return tables
