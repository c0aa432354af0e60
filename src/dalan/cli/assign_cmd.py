"""``dalan assign``: yearly freight demand assigned on the corridor, with capacities."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalan.choices import Lang
from dalan.demand import read_demand
from dalan.files import check_outputs, write_frame_csv
from dalan.messages import display_name, render, text
from dalan.options import check_numbers, parse_date
from dalan.reports.i18n import format_number, format_scientific, t
from dalan.reports.itinerary_text import route_title
from dalan.reports.page import write_report
from dalan.routing.choice import DEFAULT_DISPERSION, check_dispersion
from dalan.scenarios import load_scenario


class Loading(str, Enum):
    equilibrium = "equilibrium"
    logit = "logit"


def assign_command(
    scenario: Annotated[str, typer.Option(help="Scenario name or .toml path.")] = "baseline",
    demand: Annotated[Path | None, typer.Option(help="Demand CSV: origin,destination,class,quantity_per_year.")] = None,
    loading: Annotated[Loading, typer.Option(help="User equilibrium, or logit over alternatives at free flow.")] = Loading.equilibrium,
    algorithm: Annotated[str, typer.Option(help="msa, fw, cfw, bfw, b (bush-based, for tight gaps) or auto.")] = "bfw",
    gap: Annotated[float, typer.Option(help="Target true relative gap.")] = 1e-4,
    dispersion: Annotated[float, typer.Option(help="Logit θ for --loading logit.")] = DEFAULT_DISPERSION,
    top: Annotated[int, typer.Option(help="How many bottlenecks and links to list.", min=1)] = 10,
    report: Annotated[Path | None, typer.Option(help="Write an HTML flow map with bottlenecks and shares.")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write per-link volumes as CSV.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print links, places, bottlenecks and shares as JSON.")] = False,
    date: Annotated[
        str | None,
        typer.Option(help="The network as it stood that day (dated closures and delays; default: today) and that year's deep-sea market."),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the tables and report.")] = Lang.en,
) -> None:
    """Assign yearly demand (default: the shipped file, from published volumes) on a scenario."""
    from dalan.assignment.corridor import assign_corridor  # numba: only when needed

    check_numbers("assign", ("gap", gap, 0.0, 1.0, True))
    if loading is Loading.logit:
        check_dispersion(dispersion, "assign", "dispersion")

    check_outputs(report, csv_out)
    when = parse_date(date, "assign")
    sc = load_scenario(scenario)
    dem = read_demand(demand, sc.network)
    flows = assign_corridor(
        sc.network, sc.costing, dem, loading=loading.value, algorithm=algorithm, gap=gap, dispersion=dispersion, date=when
    )
    links, places = flows.link_frame(sc.costing), flows.place_frame(sc.costing)
    bottlenecks, shares = flows.bottlenecks(top), flows.corridor_shares(sc.costing)
    if csv_out is not None:
        write_frame_csv(csv_out, links, index=False)
    if as_json:
        data = {
            "scenario": sc.name,
            "loading": loading.value,
            "relative_gap": flows.assignment.relative_gap if flows.assignment else None,
            "links": links.to_dict(orient="records"),
            "places": places.to_dict(orient="records"),
            "bottlenecks": bottlenecks.to_dict(orient="records"),
            "corridor_shares": shares.to_dict(orient="records"),
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=float))
        return
    lg = lang.value
    n = lambda x, d=0: format_number(x, lg, d)
    name = lambda pid: escape(sc.network.place(pid).display_name(lg))
    console = Console()
    if flows.assignment is not None:
        a = flows.assignment
        console.print(escape(render("cli.assign_summary", lg, scenario=sc.title(lg), algorithm=a.algorithm if lg == "en" else display_name("algorithm", a.algorithm, lg), iterations=a.iterations, gap=format_scientific(a.relative_gap, lg, ".2e"), seconds=n(a.seconds, 2))))
    table = Table(title=t("bottlenecks", lg))
    for column in ("cli.kind", "cli.where", "cli.shipments_yr", "cli.capacity_yr", "cli.vc", "cli.free_loaded_h"):
        table.add_column(text(column, lg))
    for row in bottlenecks.itertuples():
        table.add_row(
            t(row.kind, lg), f"{escape(str(row.element))} {name(row[3])}", n(row.shipments_per_year), n(row.capacity_per_year),
            n(row.vc, 2), route_title(n(row.free_time_h, 1), n(row.time_h, 1), lg),
        )  # fmt: skip
    console.print(table)
    busiest = Table(title=t("place_volumes", lg))
    for column in ("cli.place", "cli.t_yr", "cli.shipments_yr"):
        busiest.add_column(text(column, lg))
    for row in places.head(top).itertuples():
        busiest.add_row(name(row.place), n(row.tonnes_per_year), n(row.shipments_per_year))
    console.print(busiest)
    share_table = Table(title=t("corridor_share_tkm", lg))
    share_table.add_column(t("corridor", lg))
    share_table.add_column("%", justify="right")
    for row in shares.itertuples():
        share_table.add_row(escape(display_name("corridor", str(row.corridor), lg)), n(100 * row.share, 1))
    console.print(share_table)
    if report is not None:
        from dalan.reports.flows_page import flows_html

        write_report(report, flows_html(flows, sc.costing, title=t("flows_title", lg).format(scenario=sc.title(lg)), lang=lg))
        console.print(f"{t('map', lg)}: {escape(str(report))}")
