"""``dalan route FROM TO``: the best route, as a table of legs, JSON or GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from dalan.choices import By, Cargo, Lang
from dalan.cli.output import alternatives_table, itinerary_table
from dalan.costing import load_costing
from dalan.options import RouteOptions
from dalan.reports.i18n import t
from dalan.reports.itinerary_text import totals_line
from dalan.reports.page import write_report
from dalan.reports.routes import alternatives_html
from dalan.routing import find_routes
from dalan.scenarios import load_scenario


def route_command(
    origin: Annotated[str, typer.Argument(help="Origin: id, English or Persian name, alias.")],
    destination: Annotated[str, typer.Argument(help="Destination.")],
    by: Annotated[By, typer.Option(help="What to minimise.")] = By.time,
    cargo: Annotated[Cargo, typer.Option(help="Cargo class: per TEU, per tonne or per car.")] = Cargo.container,
    quantity: Annotated[float, typer.Option(help="How many units (TEU, t or cars).", min=0.0)] = 1.0,
    via: Annotated[list[str] | None, typer.Option(help="Pass through this place (repeatable, in order).")] = None,
    modes: Annotated[
        list[str] | None, typer.Option("--modes", help="Only these modes: rail, road, sea, ferry (repeat or comma-separate).")
    ] = None,
    leg_modes: Annotated[
        str | None,
        typer.Option(
            "--leg-modes",
            help="Modes per segment between origin, vias and destination, ';'-separated, e.g. 'rail;sea' ('*' = any).",
        ),
    ] = None,
    avoid: Annotated[
        list[str] | None, typer.Option(help="Avoid a country (ISO code or name), place, link id or chokepoint (repeatable).")
    ] = None,
    max_transfers: Annotated[
        int | None, typer.Option(help="At most this many mode or gauge changes (transfers).", min=0)
    ] = None,
    alternatives: Annotated[int, typer.Option(help="Show the K best physically different routes.", min=1)] = 1,
    pareto: Annotated[bool, typer.Option("--pareto", help="Show every route not beaten on time, cost and CO2e.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write an HTML map (and Pareto chart) of the routes.")] = None,
    include_planned: Annotated[bool, typer.Option("--include-planned", help="Use planned and under-construction links.")] = False,
    value_of_time: Annotated[float | None, typer.Option(help="USD per unit-hour for --by generalized.")] = None,
    carbon_price: Annotated[float | None, typer.Option(help="USD per t CO2e for --by generalized.")] = None,
    scenario: Annotated[str, typer.Option(help="Scenario name or .toml path (its network and costing).")] = "baseline",
    date: Annotated[
        str | None, typer.Option(help="Price in that date's market (YYYY-MM-DD; deep-sea rates by year). Default: the average.")
    ] = None,
    costing_file: Annotated[str | None, typer.Option("--costing", help="Costing TOML (default: the scenario's).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the itinerary as JSON.")] = False,
    as_geojson: Annotated[bool, typer.Option("--geojson", help="Print the itinerary as GeoJSON.")] = False,
    lang: Annotated[Lang, typer.Option(help="Language of the table.")] = Lang.en,
) -> None:
    """The best route between two places, with every leg, border, gauge change and transfer.

    With --alternatives K or --pareto: a table of alternative routes (and --report FILE.html for
    a map and, for --pareto, a chart of time against cost with CO2e as colour).
    """
    options = RouteOptions.build(
        origin,
        destination,
        via=via or (),
        leg_modes=leg_modes,
        modes=modes,
        avoid=avoid or (),
        max_transfers=max_transfers,
        cargo=cargo.value,
        quantity=quantity,
        by=by.value,
        include_planned=include_planned,
        value_of_time_usd_per_h=value_of_time,
        carbon_price_usd_per_t=carbon_price,
        alternatives=alternatives,
        pareto=pareto,
        scenario=scenario,
        date=date,
    )
    chosen = load_scenario(scenario)
    network = chosen.network
    costing = load_costing(costing_file) if costing_file else chosen.costing
    routes = find_routes(network, options, costing=costing)
    title = f"{routes[0].places[routes[0].origin_id].display_name(lang.value)} → " + routes[0].places[
        routes[0].destination_id
    ].display_name(lang.value)
    if report is not None:
        write_report(report, alternatives_html(routes, network, title=title, lang=lang.value, pareto=pareto))
    if as_json or as_geojson:
        data = [it.to_geojson() if as_geojson else it.to_dict() for it in routes]
        typer.echo(json.dumps(data[0] if len(data) == 1 else {"routes": data}, ensure_ascii=False, indent=2))
        return
    console = Console()
    if len(routes) > 1:
        console.print(alternatives_table(routes, network, lang.value, title))
    else:
        console.print(itinerary_table(routes[0], network, lang.value))
        console.print(escape(totals_line(routes[0], lang.value)))
    if report is not None:
        console.print(f"{t('map', lang.value)}: {escape(str(report))}")
