"""``dalan simulate [SCENARIO]``: replicated discrete-event simulation of corridor operations."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from dalan.choices import Lang
from dalan.cli.errors import friendly_errors
from dalan.cli.output import place_name
from dalan.cli.params import SchedulerOption
from dalan.demand import read_demand
from dalan.files import check_outputs
from dalan.messages import display_name, render, text
from dalan.network.model import Network
from dalan.options import parse_date, parse_scheduler
from dalan.reports.history_text import as_of_text
from dalan.reports.i18n import format_number, t

if TYPE_CHECKING:
    from dalan.simulation import SimulationResult


def _flows_table(result: SimulationResult, network: Network, lang: str) -> Table:
    n = lambda x, d=1: format_number(x, lang, d)
    title = render("cli.sim_flows_title", lang, scenario=display_name("scenario", result.plan.name, lang), reps=len(result.replications))
    table = Table(title=escape(title))
    left = (t("origin", lang), t("destination", lang), text("cli.class", lang))
    for column in (*left, text("cli.routing", lang), text("cli.mean", lang), text("cli.ci95", lang), "p50", "p90", "p95"):
        table.add_column(column, justify="left" if column in left else "right")
    for row in result.flows_frame().itertuples(index=False):
        ci = f"{n(row.transit_mean_h_lo / 24)}–{n(row.transit_mean_h_hi / 24)}"
        table.add_row(
            place_name(network, row.origin, lang),
            place_name(network, row.destination, lang),
            escape(t(str(row[2]), lang)),
            n(row.routing_time_h / 24),
            n(row.transit_mean_h / 24),
            ci,
            *(n(getattr(row, f"transit_p{p}_h") / 24) for p in (50, 90, 95)),
        )
    return table


def _busiest_table(result: SimulationResult, network: Network, lang: str, count: int = 10) -> Table:
    # the simulation report module brings scipy.stats: not needed for `dalan simulate --help`
    from dalan.reports.simulation_page import facility_title

    frame = result.busiest(count)
    table = Table(title=render("cli.sim_busiest_title", lang, count=count))
    for key in ("facility", "utilisation", "served_per_day", "wait_h", "mean_queue"):
        table.add_column(text(f"cli.{key}", lang), justify="left" if key == "facility" else "right")
    for row in frame.itertuples(index=False):
        table.add_row(
            escape(facility_title(network, row.element_id, row.kind, row.direction, lang)),
            format_number(row.utilisation, lang, 2), format_number(row.served_per_day, lang, 1),
            format_number(row.mean_wait_h, lang, 1), format_number(row.mean_queue, lang, 1),
        )  # fmt: skip
    return table


def _unroutable_table(result: SimulationResult, network: Network, lang: str) -> Table:
    """The demand rows not simulated for want of a route that day, with the reason."""
    table = Table(title=escape(render("cli.sim_unroutable_title", lang, count=len(result.plan.unroutable))))
    for column in (t("origin", lang), t("destination", lang), text("cli.class", lang), text("cli.reason", lang)):
        table.add_column(column)
    for row in result.plan.unroutable:
        table.add_row(
            place_name(network, row.origin_id, lang), place_name(network, row.destination_id, lang),
            escape(t(row.cargo, lang)), escape(row.reason.in_lang(lang)),
        )  # fmt: skip
    return table


@friendly_errors
def simulate_command(
    scenario: Annotated[str, typer.Argument(help="Scenario name or TOML file.")] = "baseline",
    days: Annotated[float, typer.Option(help="Simulated days measured (after the warm-up).", min=1.0)] = 365.0,
    warmup_days: Annotated[float, typer.Option(help="Days simulated first and not measured.", min=0.0)] = 30.0,
    replications: Annotated[int, typer.Option(help="Independent replications.", min=1)] = 30,
    seed: Annotated[int, typer.Option(help="Master seed; same seed, same results.")] = 1,
    workers: Annotated[int, typer.Option(help="Local worker processes.", min=1)] = os.cpu_count() or 1,
    scheduler: SchedulerOption = None,
    report: Annotated[Path | None, typer.Option(help="Where to write the HTML report.")] = Path("out/simulation.html"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    demand: Annotated[Path | None, typer.Option(help="Demand CSV (default: the embedded one).")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            help="Simulate the network as it stood that day (dated closures, delays, surcharges; default: today) "
            "and that year's deep-sea market; demand with no route that day is listed, not simulated."
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the tables and the report.")] = Lang.en,
) -> None:
    """Simulate trains, trucks, ferries, borders and terminals; transit times and bottlenecks."""
    from dalan.scenarios import (
        load_scenario,  # lazy: scenarios pull in the whole network stack
    )
    from dalan.simulation.runner import check_settings

    check_settings(days, warmup_days, replications, workers, "simulate")  # inf or 1e9 days: refused at once
    check_outputs(report)
    scheduler = parse_scheduler(scheduler, "simulate")
    when = parse_date(date, "simulate")
    loaded = load_scenario(scenario)
    flows = read_demand(demand, loaded.network)
    console = Console(stderr=as_json)
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=as_json
    ) as bar:
        task = bar.add_task(escape(render("cli.simulating", lang.value, scenario=loaded.title(lang.value))), total=replications)
        from dalan.simulation import simulate  # SimPy and friends: only when needed

        result = simulate(
            loaded.network, loaded.costing, flows, days=days, warmup_days=warmup_days, replications=replications,
            seed=seed, workers=workers, scheduler=scheduler, progress=lambda _: bar.advance(task), name=loaded.name,
            date=when,
        )  # fmt: skip
    if report is not None:
        from dalan.reports.page import write_report
        from dalan.reports.simulation_page import simulation_html

        path = write_report(report, simulation_html(result, loaded.network, lang.value))
        console.print(escape(render("cli.report", lang.value, path=str(path))))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console.print(escape(as_of_text(result.plan.as_of, lang.value)))
    console.print(_flows_table(result, loaded.network, lang.value))
    console.print(_busiest_table(result, loaded.network, lang.value))
    if result.plan.unroutable:
        console.print(_unroutable_table(result, loaded.network, lang.value))
