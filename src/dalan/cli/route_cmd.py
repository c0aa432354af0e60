"""``dalan route FROM TO``: the best route, as a table of legs, JSON or GeoJSON."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console

from dalan.cli.output import itinerary_table, totals_line
from dalan.costing import load_costing
from dalan.network.io import load_embedded_network
from dalan.routing import route


class By(str, Enum):
    time = "time"
    cost = "cost"
    co2 = "co2"
    generalized = "generalized"


class Cargo(str, Enum):
    container = "container"
    bulk = "bulk"
    vehicle = "vehicle"


class Lang(str, Enum):
    en = "en"
    fa = "fa"


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
    include_planned: Annotated[bool, typer.Option("--include-planned", help="Use planned and under-construction links.")] = False,
    value_of_time: Annotated[float | None, typer.Option(help="USD per unit-hour for --by generalized.")] = None,
    carbon_price: Annotated[float | None, typer.Option(help="USD per t CO2e for --by generalized.")] = None,
    costing_file: Annotated[str | None, typer.Option("--costing", help="Costing TOML (default: embedded).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the itinerary as JSON.")] = False,
    as_geojson: Annotated[bool, typer.Option("--geojson", help="Print the itinerary as GeoJSON.")] = False,
    lang: Annotated[Lang, typer.Option(help="Language of the table.")] = Lang.en,
) -> None:
    """The best route between two places, with every leg, border, gauge change and transfer."""
    network = load_embedded_network()
    itinerary = route(
        network,
        origin,
        destination,
        by=by.value,
        cargo=cargo.value,
        quantity=quantity,
        via=via or (),
        modes=[m.strip() for item in modes for m in item.split(",") if m.strip()] if modes else None,
        include_planned=include_planned,
        value_of_time_usd_per_h=value_of_time,
        carbon_price_usd_per_t=carbon_price,
        costing=load_costing(costing_file),
    )
    if as_json or as_geojson:
        data = itinerary.to_geojson() if as_geojson else itinerary.to_dict()
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(itinerary_table(itinerary, network, lang.value))
    console.print(totals_line(itinerary, lang.value))
