"""``dalan backtest [FILE.csv]``: the model against published figures, row by row."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from dalan.choices import Lang
from dalan.cli.output import itinerary_table
from dalan.costing import load_costing
from dalan.errors import InputError, Problem
from dalan.files import check_outputs, ensure_folder, write_frame_csv
from dalan.messages import render, text
from dalan.reports.i18n import format_number, format_percent
from dalan.reports.itinerary_text import totals_line
from dalan.reports.page import write_plots, write_report
from dalan.validation.backtest import (
    DEFAULT_PRICE_BAND,
    DEFAULT_TIME_BAND,
    NOT_MAPPABLE,
    NOT_RUNNABLE,
    OK,
    Backtest,
    RowResult,
    check_band,
    counted_scope,
    is_planned,
    run_backtest,
)
from dalan.validation.bands import published_range
from dalan.validation.queries import SHIPPED_NAME, QueryRow, read_queries


def backtest_command(
    file: Annotated[
        Path | None, typer.Argument(help="Queries CSV (calibration_queries.csv format; default: the shipped file).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every row and the summary as JSON.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report (calibration plot, errors by corridor, tables).")] = None,
    plots: Annotated[Path | None, typer.Option(help="Write the charts as SVG files into this folder (model against published, errors by corridor).")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write every row (published, model, error, in band, corridor, route, reason) as CSV.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the report, plots and tables.")] = Lang.en,
    time_band: Annotated[float, typer.Option(help="Band for times, hours, speeds, distances (0.25 = ±25 %).")] = DEFAULT_TIME_BAND,
    price_band: Annotated[float, typer.Option(help="Band for prices (0.30 = ±30 %).")] = DEFAULT_PRICE_BAND,
    explain: Annotated[
        list[str] | None, typer.Option("--explain", help="A row id whose route to print leg by leg, and what its figure counts (repeat for more).")
    ] = None,
    costing_file: Annotated[
        Path | None, typer.Option("--costing", help="Costing TOML to judge (default: the shipped one), e.g. one written by dalan calibrate --out.")
    ] = None,
) -> None:
    """Run every mappable published figure's query on the model; print the model's figure, the
    relative error and whether it is in band, a summary by corridor, metric and kind, and the rows
    that could not be run with the reason."""
    check_band(time_band, "time_band")
    check_band(price_band, "price_band")
    rows = read_queries(file)
    source = str(file) if file is not None else SHIPPED_NAME
    explained = check_row_ids(explain or [], rows, source)
    costing = load_costing(costing_file) if costing_file is not None else None
    check_outputs(report, csv_out)
    if plots is not None:
        ensure_folder(plots)
    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(text("record.backtest", lang.value), total=len(rows))

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done)

        if costing is None:
            result = run_backtest(rows, time_band=time_band, price_band=price_band, source=source, progress=progress)
        else:
            from dalan.validation.calibrate import judge

            result = judge(rows, costing, time_band=time_band, price_band=price_band, source=source, progress=progress)
    if report is not None:
        from dalan.reports.backtest_page import backtest_html

        write_report(report, backtest_html(result, lang.value))
    if plots is not None:
        from dalan.reports.backtest_page import backtest_plots

        written = write_plots(plots, backtest_plots(result, lang.value))
    if csv_out is not None:
        write_frame_csv(csv_out, result.to_frame(), index=False)
    if as_json:
        data = result.to_dict()
        for row in data["rows"]:
            found = result_of(result, row["id"]).explained if row["id"] in explained else None
            if found is not None:
                row["itinerary"] = found[0].to_dict()
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))
        return
    console = Console()
    lg = lang.value
    for table in (rows_table(result, lg), *summary_tables(result, lg), not_runnable_table(result, lg)):
        console.print(table)
    summary = result.summary()
    console.print(render(
        "cli.bt_totals", lg, total=summary.total, ok=summary.ok, not_runnable=summary.counts[NOT_RUNNABLE],
        not_mappable=summary.counts[NOT_MAPPABLE], in_band=summary.in_band, median=_pct(summary.median_abs_error, lg),
    ))  # fmt: skip
    for row_id in explained:
        print_explained(console, result_of(result, row_id), lg)
    if report is not None:
        console.print(render("cal_report", lg, path=str(report)))
    if plots is not None:
        console.print(escape(render("cli.plots_written", lg, paths=text("comma", lg).join(str(p) for p in written))))


def check_row_ids(ids: list[str], rows: Sequence[QueryRow], source: str) -> list[str]:
    """The ``--explain`` ids, each a row of the file (else a clear error naming the file and id)."""
    known = [r.id for r in rows]
    for row_id in ids:
        if row_id not in known:
            raise InputError(Problem.of("--explain", "id", row_id, "unknown_row_id", "row_ids", source, ids=", ".join(known[:3])))
    return list(dict.fromkeys(ids))


def result_of(result: Backtest, row_id: str) -> RowResult:
    return next(r for r in result.results if r.row.id == row_id)


def print_explained(console: Console, r: RowResult, lang: str) -> None:
    """A row's figures, then its route leg by leg and what the figure counts of it (``--explain``)."""
    from dalan.reports.backtest_page import row_texts, where_text

    texts = row_texts(r, lang)
    head = render(
        "cli.bt_explain", lang, id=r.row.id, metric=texts["metric"], where=where_text(r.row, lang), kind=texts["kind"],
        published=published_text(r, lang), model=_num(r.model_value, lang), error=_pct(r.error, lang, signed=True),
    )  # fmt: skip
    console.print(escape(head))
    if r.explained is None:  # a facility figure, or a row the model could not run
        console.print(escape(render("cli.bt_no_route_shown", lang, why=r.why(lang) or text("bt_facility", lang))))
        return
    itinerary, network = r.explained
    console.print(itinerary_table(itinerary, network, lang))
    console.print(escape(totals_line(itinerary, lang)))
    scope = counted_scope(r.row.metric, r.row.scope, (g.mode for g in itinerary.legs if g.kind == "move")) or "door-to-door"
    timing = text("bt_timing.planned" if is_planned(r.row) else "bt_timing.expected", lang)
    console.print(escape(render("cli.bt_counts", lang, scope=text(f"bt_scope.{scope}", lang), timing=timing)))


def _pct(x: float | None, lang: str, signed: bool = False, decimals: int = 1) -> str:
    return format_percent(x, lang, decimals, signed=signed)


def _num(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    return format_number(x, lang, 0 if abs(x) >= 100 else 2 if abs(x) < 10 else 1)


def published_text(r, lang: str) -> str:
    """``25`` or ``25 (20–30)``."""
    row = r.row
    text = _num(row.value, lang)
    if row.value_low is not None or row.value_high is not None:
        low, high = published_range(row.value, row.value_low, row.value_high)
        text += f" ({_num(low, lang)}–{_num(high, lang)})"
    return text


def rows_table(result: Backtest, lang: str = "en") -> Table:
    """The runnable rows, worst |error| first."""
    from dalan.reports.backtest_page import row_texts, rows_note, where_text

    ok = sorted(result.with_status(OK), key=lambda r: (-(r.abs_error or 0.0), r.row.id))
    table = Table(title=render(
        "cli.bt_rows_title", lang, count=len(ok), time_band=_pct(result.time_band, lang, decimals=0),
        price_band=_pct(result.price_band, lang, decimals=0),
    ))  # fmt: skip
    for column, justify in ((text("cli.id", lang), "left"), (text("bt_metric", lang), "left"), (text("pair", lang), "left"),
                            (text("bt_published", lang), "right"), (text("bt_model", lang), "right"),
                            (text("bt_error", lang), "right"), (text("bt_in_band", lang), "center")):  # fmt: skip
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for r in ok:
        table.add_row(
            r.row.id, escape(row_texts(r, lang)["metric"]), escape(where_text(r.row, lang)), published_text(r, lang),
            _num(r.model_value, lang) + (" †" if r.measured else ""), _pct(r.error, lang, signed=True),
            "[green]✓[/green]" if r.in_band else "[red]✗[/red]",
        )  # fmt: skip
    note = rows_note(result.summary(), lang)
    if note:
        table.caption = escape(note)
    return table


def summary_tables(result: Backtest, lang: str = "en") -> list[Table]:
    """One table each by corridor, metric, kind and year: n, in band, median |error|, median
    signed error (:func:`dalan.reports.backtest_page.summary_cells`)."""
    from dalan.reports.backtest_page import GROUP_LABELS, SUMMARY_COLUMNS, summary_cells

    summary = result.summary()
    tables = []
    for what, message in GROUP_LABELS.items():
        label = text(message, lang)
        table = Table(title=render("cli.bt_by", lang, what=label if lang == "fa" else label.lower()))
        table.add_column(label, justify="left")
        for column in SUMMARY_COLUMNS:
            table.add_column(text(column, lang), justify="right")
        *groups, (whole, n, *cells) = summary_cells(summary, what, lang)
        for name, count, *rest in groups:
            table.add_row(escape(name), format_number(count, lang), *rest)
        table.add_row(whole, format_number(n, lang), *cells, style="bold")
        tables.append(table)
    return tables


def not_runnable_table(result: Backtest, lang: str = "en") -> Table:
    """The rows that could not be run, with the reason."""
    from dalan.reports.backtest_page import row_texts

    rows = result.with_status(NOT_RUNNABLE)
    table = Table(title=render("cli.bt_not_runnable_title", lang, count=len(rows), more=len(result.with_status(NOT_MAPPABLE))))
    for column in ("cli.id", "bt_metric", "bt_why", "bt_reason"):
        table.add_column(text(column, lang), overflow="fold")
    for r in rows:
        texts = row_texts(r, lang)
        table.add_row(r.row.id, escape(texts["metric"]), escape(texts["reason_kind"]), escape(r.why(lang)))
    return table
