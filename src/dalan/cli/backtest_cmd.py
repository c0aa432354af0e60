"""``dalan backtest [FILE.csv]``: the model against published figures, row by row."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from dalan.choices import Lang
from dalan.reports.i18n import format_number
from dalan.reports.page import write_report
from dalan.validation.backtest import (
    DEFAULT_PRICE_BAND,
    DEFAULT_TIME_BAND,
    NOT_MAPPABLE,
    NOT_RUNNABLE,
    OK,
    Backtest,
    check_band,
    published_range,
    run_backtest,
)
from dalan.validation.queries import SHIPPED_NAME, read_queries


def backtest_command(
    file: Annotated[
        Path | None, typer.Argument(help="Queries CSV (calibration_queries.csv format; default: the shipped file).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every row and the summary as JSON.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report (calibration plot, errors by corridor, tables).")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the report and tables.")] = Lang.en,
    time_band: Annotated[float, typer.Option(help="Band for times, hours, speeds, distances (0.25 = ±25 %).")] = DEFAULT_TIME_BAND,
    price_band: Annotated[float, typer.Option(help="Band for prices (0.30 = ±30 %).")] = DEFAULT_PRICE_BAND,
) -> None:
    """Run every mappable published figure's query on the model; print the model's figure, the
    relative error and whether it is in band, a summary by corridor, metric and kind, and the rows
    that could not be run with the reason."""
    check_band(time_band, "time_band")
    check_band(price_band, "price_band")
    rows = read_queries(file)
    source = str(file) if file is not None else SHIPPED_NAME
    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("backtest", total=len(rows))
        result = run_backtest(
            rows, time_band=time_band, price_band=price_band, source=source,
            progress=lambda done, total: bar.update(task, completed=done),
        )  # fmt: skip
    if report is not None:
        from dalan.reports.backtest_page import backtest_html

        write_report(report, backtest_html(result, lang.value))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, allow_nan=False))
        return
    console = Console()
    for table in (rows_table(result, lang.value), *summary_tables(result, lang.value), not_runnable_table(result)):
        console.print(table)
    summary = result.summary()
    console.print(
        f"{summary.total} rows: {summary.ok} ok, {summary.counts[NOT_RUNNABLE]} not runnable, "
        f"{summary.counts[NOT_MAPPABLE]} not mappable; in band {summary.in_band}/{summary.ok}, "
        f"median |error| {_pct(summary.median_abs_error, lang.value)}"
    )
    if report is not None:
        console.print(f"Report: {report}")


def _pct(x: float | None, lang: str, signed: bool = False) -> str:
    if x is None or math.isnan(x):
        return "–"
    if math.isinf(x):
        return "∞"
    text = format_number(100 * x, lang, 1)
    return f"{'+' if signed and x > 0 else ''}{text} %"


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
    ok = sorted(result.with_status(OK), key=lambda r: (-(r.abs_error or 0.0), r.row.id))
    table = Table(title=f"Back-test: model vs published ({len(ok)} rows; bands ±{result.time_band:.0%} time, ±{result.price_band:.0%} price)")
    for column, justify in (("id", "left"), ("metric", "left"), ("from → to", "left"), ("published", "right"),
                            ("model", "right"), ("error", "right"), ("in band", "center")):  # fmt: skip
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for r in ok:
        row = r.row
        where = row.place if row.scope == "border" or not row.origin else f"{row.origin} → {row.destination}"
        if row.scenario:
            where += f" [{row.scenario}]"
        table.add_row(
            row.id, row.metric, where, published_text(r, lang), _num(r.model_value, lang), _pct(r.error, lang, signed=True),
            "[green]✓[/green]" if r.in_band else "[red]✗[/red]",
        )  # fmt: skip
    return table


def summary_tables(result: Backtest, lang: str = "en") -> list[Table]:
    """One table each by corridor, metric and kind: n, in band, median |error|."""
    summary = result.summary()
    tables = []
    for what in ("corridor", "metric", "kind"):
        table = Table(title=f"By {what}")
        for column in (what, "n", "in band", "median |error|"):
            table.add_column(column, justify="left" if column == what else "right")
        for g in summary.by(what):
            table.add_row(g.key, format_number(g.n, lang), f"{format_number(g.in_band, lang)} ({_pct(g.share_in_band, lang)})", _pct(g.median_abs_error, lang))
        table.add_row(
            "all", format_number(summary.ok, lang), f"{format_number(summary.in_band, lang)} ({_pct(summary.share_in_band, lang)})",
            _pct(summary.median_abs_error, lang), style="bold",
        )  # fmt: skip
        tables.append(table)
    return tables


def not_runnable_table(result: Backtest) -> Table:
    """The rows that could not be run, with the reason."""
    rows = result.with_status(NOT_RUNNABLE)
    table = Table(title=f"Not runnable ({len(rows)} rows; {len(result.with_status(NOT_MAPPABLE))} more are not mappable)")
    for column in ("id", "metric", "why", "reason"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(r.row.id, r.row.metric, r.reason_kind, r.reason)
    return table
