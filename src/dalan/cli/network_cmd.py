"""``dalan network ...``: inspect, validate and search networks. Thin: the work is in dalan.network."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalan.choices import Lang
from dalan.cli.errors import friendly_errors
from dalan.messages import display_name, render, text
from dalan.network import (
    Network,
    PlaceIndex,
    Records,
    load_embedded_network,
    read_geojson,
    read_geojson_records,
    read_reference_csv_records,
    summarize,
    validate_records,
)
from dalan.network.countries import country_name
from dalan.network.history import checked_history, load_history, read_history
from dalan.network.model import CHOKEPOINTS
from dalan.options import latin_digits
from dalan.reports.history_text import event_rows
from dalan.reports.i18n import format_number, t, to_persian_digits

network_app = typer.Typer(
    help="Inspect, validate and search the physical network (places and links)."
)


def _console() -> Console:
    """A console made at call time, so that it takes the width of the terminal (or ``COLUMNS``) then."""
    return Console()


#: ``--lang``: the language of a network command's tables and messages.
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of the tables and messages.")]


def _table(title: str, columns: list[str], rows: Sequence[tuple[object, ...]], lang: str = "en") -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(
            *(
                ""
                if value is None
                else format_number(value, lang)
                if isinstance(value, int | float)
                else escape(str(value))
                for value in row
            )
        )
    return table


FileOption = Annotated[
    Path | None,
    typer.Option("--file", "-f", help="GeoJSON network (default: embedded)"),
]


def _network(file: Path | None) -> Network:
    return read_geojson(file) if file else load_embedded_network()


def _code(key: str, lang: str) -> str:
    """A mode or status code in English, its name in Persian."""
    return key if lang == "en" else t(key, lang)


@network_app.command()
@friendly_errors
def info(file: FileOption = None, lang: LangOption = Lang.en) -> None:
    """Summarise a network: places by kind and country, links and km by mode and status, gauges."""
    lg = lang.value
    summary = summarize(_network(file))
    name = summary.name if file is not None or lg == "en" else text("scenario.embedded", lg)
    counts = render("cli.network_counts", lg, places=summary.place_count, links=summary.link_count)
    _console().print(f"[bold]{escape(name)}[/bold]: {escape(counts)}")
    kinds = [(display_name("place_kind", kind, lg) if lg == "fa" else kind, n) for kind, n in summary.places_by_kind]
    _console().print(_table(text("cli.places_by_kind", lg), [text("cli.kind", lg), text("cli.places_column", lg)], kinds, lg))
    countries = [(country_name(code, lg) if lg == "fa" else code, n) for code, n in summary.places_by_country]
    _console().print(_table(text("cli.places_by_country", lg), [text("cli.country", lg), text("cli.places_column", lg)], countries, lg))
    links = [(_code(mode, lg), _code(status, lg), n, km) for mode, status, n, km in summary.links_by_mode_status]
    columns = [text(f"cli.{c}", lg) for c in ("mode", "status", "links_column", "km")]
    _console().print(_table(text("cli.links_by_mode_status", lg), columns, links, lg))
    gauges = [(str(gauge) if lg == "en" else to_persian_digits(str(gauge)), km) for gauge, km in summary.km_by_gauge]
    _console().print(_table(text("cli.rail_km_by_gauge", lg), [text("cli.gauge", lg), text("cli.km", lg)], gauges, lg))


@network_app.command("validate")
@friendly_errors
def validate_command(
    file: Annotated[
        Path | None, typer.Argument(help="GeoJSON network (.geojson or .json)")
    ] = None,
    nodes: Annotated[
        Path | None, typer.Option("--nodes", help="reference nodes CSV")
    ] = None,
    links: Annotated[
        Path | None, typer.Option("--links", help="reference links CSV")
    ] = None,
    lang: LangOption = Lang.en,
) -> None:
    """Report every problem of a network file; exit 1 when there is any."""
    lg = lang.value
    if (file is None) == (nodes is None or links is None):
        _console().print(f"[red]{text('error.prefix', lg)}:[/red] {text('cli.validate_what', lg)}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    read: Callable[[], Records]
    if file is not None:
        geojson = file
        read = lambda: read_geojson_records(geojson)
    else:
        assert nodes is not None and links is not None  # checked above
        node_csv, link_csv = nodes, links
        read = lambda: read_reference_csv_records(node_csv, link_csv)
    records = read()
    problems = [
        *records.problems,
        *validate_records(records.places, records.links, records.file),
    ]
    if problems:
        _console().print(f"[red]{escape(render('error.problems', lg, count=len(problems)))}[/red]")
        for problem in problems:
            _console().print(f"  {problem.text(lg)}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)
    _console().print(render("cli.network_valid", lg, places=len(records.places), links=len(records.links)))


@network_app.command()
@friendly_errors
def places(
    query: Annotated[
        str | None, typer.Argument(help="name or id to search (English or Persian)")
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="name shown first: en or fa")] = Lang.en,
    file: FileOption = None,
    limit: Annotated[int, typer.Option("--limit", help="most matches shown")] = 10,
) -> None:
    """List the places, or those best matching QUERY."""
    lg = lang.value
    network = _network(file)
    found = (
        [place for place, _ in PlaceIndex(network).search(query, limit)]
        if query
        else list(network.places)
    )
    names = [text("cli.english", lg), text("cli.persian", lg)]
    rows = [
        (
            p.id,
            *((p.name_en, p.display_name("fa")) if lg == "en" else (p.display_name("fa"), p.name_en)),
            country_name(p.country, lg),
            text("comma", lg).join(display_name("place_kind", kind, lg) for kind in p.kinds),
        )
        for p in found
    ]
    headers = ["id", *(names if lg == "en" else names[::-1]), text("cli.country", lg), text("cli.kinds", lg)]
    _console().print(_table(render("cli.places", lg, count=len(rows)), [text("cli.id", lg) if h == "id" else h for h in headers], rows, lg))


@network_app.command("history")
@friendly_errors
def history_command(
    element: Annotated[
        str | None,
        typer.Argument(
            help="A place (id or name), link id, places:ID,ID, chokepoint (hormuz or chokepoint:hormuz), border:AA-BB or corridor:TAG"
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the table")] = Lang.en,
    as_json: Annotated[bool, typer.Option("--json", help="Print the events as JSON")] = False,
    history_file: Annotated[
        Path | None, typer.Option("--history", help="History TOML (default: the shipped one)")
    ] = None,
    file: FileOption = None,
) -> None:
    """The dated timeline of the network: what changed when (date, element, action, note, source).

    With ELEMENT, only the events about it and the chokepoints, borders and corridors covering it.
    """
    lg = lang.value
    network = _network(file)
    history = checked_history(read_history(history_file), network) if history_file else load_history()
    key = _history_element(network, element) if element else None
    events = list(history.about(network, key) if key else history.events)
    rows = event_rows(network, events, lg)
    if as_json:
        typer.echo(json.dumps({"element": key, "lang": lg, "events": [
            e.to_dict(lg) | {"element": row["element"]} for e, row in zip(events, rows)
        ]}, ensure_ascii=False, indent=2))  # fmt: skip
        return
    what = key if key else t("history_all", lg)
    table = Table(title=render("history_title", lg, what=what, count=len(events)), title_justify="left")
    for column in ("date", "element", "action", "note", "source"):
        table.add_column(t(column, lg))
    for row in rows:
        table.add_row(*(escape(row[c]) for c in ("date", "element", "action", "note", "source")))
    _console().print(table)


def _history_element(network: Network, element: str) -> str:
    """A link id, ``places:…``/``chokepoint:…``/``border:…``/``corridor:…``, a chokepoint name, or a place id
    found by name (English or Persian)."""
    element = latin_digits(element)  # «L۰۱۳», as Persian reports print it, is L013
    if network.has_link(element) or network.has_place(element) or ":" in element or element in CHOKEPOINTS:
        return element
    return PlaceIndex.of(network).find(element).id
