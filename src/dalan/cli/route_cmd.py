"""``dalan route FROM TO``: the best route, as a table of legs, JSON or GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from dalan.choices import By, Cargo, Lang
from dalan.cli.output import alternatives_table, dated_table, itinerary_table
from dalan.costing import load_costing
from dalan.errors import NoRouteError
from dalan.files import check_outputs
from dalan.network.model import Network
from dalan.network.rules import binding_rules, load_rules
from dalan.options import RouteOptions
from dalan.reports.history_text import (
    as_of_text,
    iso_date_text,
    level_rows,
    year_levels_text,
)
from dalan.reports.i18n import t
from dalan.reports.itinerary_text import route_title, totals_line
from dalan.routing import find_routes
from dalan.routing.as_of import DatedAnswer, dated_answer
from dalan.scenarios import load_scenario


def route_command(
    origin: Annotated[str, typer.Argument(help="Origin: id, English or Persian name, alias.")],
    destination: Annotated[str, typer.Argument(help="Destination.")],
    by: Annotated[By, typer.Option(help="What to minimise.")] = By.time,
    cargo: Annotated[Cargo, typer.Option(help="Cargo class: per TEU, per tonne, per car or per truck.")] = Cargo.container,
    quantity: Annotated[str, typer.Option(help="How many units (TEU, t, cars or trucks); Latin or Persian digits.")] = "1",
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
    value_of_time: Annotated[str | None, typer.Option(help="USD per unit-hour for --by generalized.")] = None,
    carbon_price: Annotated[str | None, typer.Option(help="USD per t CO2e for --by generalized.")] = None,
    scenario: Annotated[str, typer.Option(help="Scenario name or .toml path (its network and costing).")] = "baseline",
    date: Annotated[
        str | None,
        typer.Option(
            help="Route on the network as it stood that day (dated closures, restrictions, surcharges; default: "
            "today) and price in that year's deep-sea market (default: the average)."
        ),
    ] = None,
    reliability: Annotated[
        str,
        typer.Option(
            help="Choose by the mean time, or by a percentile: p90 weighs every stop at its 90th-percentile time "
            "(a buffer for unreliable borders and sailings; p50 … p99)."
        ),
    ] = "mean",
    drivers: Annotated[
        str,
        typer.Option(
            help="Drivers per truck: 1, or 2 taking turns (multi-manning under EU 561/2006 / AETR: up to 20 h at the "
            "wheel a day, a 9-h rest within 30 h)."
        ),
    ] = "1",
    whole_train: Annotated[
        bool,
        typer.Option(
            "--whole-train",
            help="The shipment fills its own train: bulk or cars run as a block train (the railway's block-train "
            "speed, leaving when loaded), not as wagonload.",
        ),
    ] = False,
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
        reliability=reliability,
        drivers=drivers,
        whole_train=whole_train,
    )
    check_outputs(report)
    chosen = load_scenario(scenario)
    network = chosen.network
    costing = load_costing(costing_file) if costing_file else chosen.costing
    try:
        routes = find_routes(network, options, costing=costing, scenario_rules=chosen.rules)
    except NoRouteError:  # say which dated closures are in force before the reason
        if not (as_json or as_geojson):
            print_dated(Console(), dated_answer(network, options, [], costing=costing), network, lang.value)
        raise
    dated = dated_answer(network, options, routes, costing=costing)
    places = routes[0].places
    title = route_title(places[routes[0].origin_id].display_name(lang.value), places[routes[0].destination_id].display_name(lang.value), lang.value)
    if report is not None:  # the page modules (markupsafe …) only when a page is written
        from dalan.reports.page import write_report
        from dalan.reports.routes import alternatives_html

        write_report(report, alternatives_html(routes, network, title=title, lang=lang.value, pareto=pareto))
    if as_json or as_geojson:
        data = [it.to_geojson() if as_geojson else it.to_dict() for it in routes]
        out = data[0] if len(data) == 1 else {"routes": data}
        out |= {
            "as_of": dated.as_of.isoformat(),
            "dated_events": [e.to_dict(lang.value) for e in dated.events],
            "year_levels": level_rows(dated.levels, lang.value),
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console = Console()
    if len(routes) > 1:
        console.print(alternatives_table(routes, network, lang.value, title))
    else:
        console.print(itinerary_table(routes[0], network, lang.value))
        console.print(escape(totals_line(routes[0], lang.value)))
    print_dated(console, dated, network, lang.value)
    first = routes[0]
    for rule in binding_rules((*load_rules(), *chosen.rules), first.places[first.origin_id], first.places[first.destination_id], dated.as_of):
        console.print(escape(f"{t('rule_in_force', lang.value)} ({iso_date_text(rule.date, lang.value)}): {rule.note(lang.value)} — {rule.source}"))
    if report is not None:
        console.print(f"{t('map', lang.value)}: {escape(str(report))}")


def print_dated(console: Console, dated: DatedAnswer, network: Network, lang: str) -> None:
    """"As of DATE" and the dated events in force that bear on the route (if any)."""
    console.print(escape(as_of_text(dated.as_of, lang)))
    if dated.levels:
        console.print(escape(year_levels_text(dated.levels, lang)))
    if dated.events:
        console.print(dated_table(dated, network, lang))
    else:
        console.print(t("as_of_none", lang))
