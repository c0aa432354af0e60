"""``dalan stress``: every OD pair under every disruption scenario — survives? extra days, USD, CO2e?"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from dalan.choices import By, Cargo, Lang, Metric
from dalan.files import check_outputs, write_frame_csv, write_text_atomic
from dalan.reports.i18n import format_date, format_number, t
from dalan.reports.page import write_report
from dalan.reports.stress_text import cell_text, pair_label
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import read_od_pairs
from dalan.scenarios.stress import (
    BASELINE,
    StressMatrix,
    default_scenarios,
    load_scenarios,
    stress,
)


def stress_command(
    od: Annotated[Path | None, typer.Option("--od", help="CSV of origin,destination pairs (default: the shipped set).")] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Scenario name or .toml path (repeatable; default: every shipped one but the baseline)."),
    ] = None,
    baseline: Annotated[str, typer.Option(help="The scenario every other one is measured against.")] = BASELINE,
    by: Annotated[By, typer.Option(help="What the best route minimises.")] = By.generalized,
    cargo: Annotated[Cargo, typer.Option(help="Cargo class of every pair.")] = Cargo.container,
    date: Annotated[
        str | None, typer.Option(help="Route on the network as it stood that day, YYYY-MM-DD (default: today).")
    ] = None,
    metric: Annotated[Metric, typer.Option(help="What the table's cells show: extra days, USD or t CO2e.")] = Metric.days,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report with heat maps.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the table and the report.")] = Lang.en,
    as_json: Annotated[bool, typer.Option("--json", help="Print every cell as JSON instead of the table.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json-out", help="Write every cell as JSON to this file.")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write one row per pair and scenario as CSV.")] = None,
) -> None:
    """Route every origin–destination pair on the baseline and under each disruption scenario:
    does a route survive, at what extra days, USD and CO2e, and which corridor takes over."""
    check_outputs(report, json_out, csv_out)
    scenarios = load_scenarios(scenario or default_scenarios())  # unknown names fail before routing
    base = load_scenario(baseline)
    pairs = read_od_pairs(od, base.network)
    console = Console(stderr=as_json)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(t("sim.routing", lang.value), total=len(pairs) * (1 + len(scenarios)))
        matrix = stress(
            scenarios, pairs, baseline=base, by=by.value, cargo=cargo.value, date=date, progress=lambda: bar.advance(task)
        )
    lg = lang.value
    if as_json:
        typer.echo(json.dumps(matrix.to_dict(), ensure_ascii=False, indent=2, allow_nan=False))
    else:
        console.print(_table(matrix, metric.value, lg))
        console.print(_key(matrix, lg))
    if json_out is not None:
        write_text_atomic(json_out, json.dumps(matrix.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    if csv_out is not None:
        write_frame_csv(csv_out, matrix.to_frame(), index=False)
    if report is not None:
        from dalan.reports.stress_page import stress_html

        path = write_report(report, stress_html(matrix, lg))
        console.print(f"{t('report', lg)}: {escape(str(path))}")


def _table(matrix: StressMatrix, metric: str, lang: str) -> Table:
    """Rows = OD pairs, columns = scenarios (numbered: see :func:`_key`), cells = the extra
    ``metric`` (or ✗ no route); the footer counts the pairs that keep a route."""
    n = lambda x: format_number(x, lang)
    title = t("stress_title", lang).format(scenarios=n(len(matrix.scenarios)), pairs=n(len(matrix.pairs)))
    heading = f"{title} · {t(f'stress_heat_{metric}', lang)} · {t('as_of', lang).format(date=format_date(matrix.as_of, lang))}"
    table = Table(title=escape(heading), show_footer=True)
    table.add_column(t("pair", lang), footer=t("survivors", lang))
    for k, info in enumerate(matrix.scenarios):
        footer = f"{n(matrix.survivors(info.name))}/{n(len(matrix.pairs))}"
        table.add_column(n(k + 1), justify="right", footer=footer)
    for origin, destination in matrix.pairs:
        cells = [matrix.cell(origin, destination, s.name) for s in matrix.scenarios]
        texts = [cell_text(c, metric, lang, bidi=False) for c in cells]
        styled = [f"[red]{escape(x)}[/red]" if c.outcome == "no_route" else escape(x) for c, x in zip(cells, texts, strict=True)]
        table.add_row(escape(pair_label(matrix, origin, destination, lang, bidi=False)), *styled)
    return table


def _key(matrix: StressMatrix, lang: str) -> Table:
    """The numbered scenarios: name and title."""
    key = Table(title=t("stress_sources", lang), title_justify="left", show_header=False, box=None)
    for k, info in enumerate(matrix.scenarios):
        key.add_row(format_number(k + 1, lang), escape(info.name), escape(info.title(lang)))
    return key
