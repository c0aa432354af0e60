"""``dalan demo``: Warsaw, Kyiv and Moscow to Bandar Abbas, today vs with Rasht–Astara built."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalan.choices import By, Lang
from dalan.cli.output import itinerary_table, place_name
from dalan.demo import DemoResult, run_demo
from dalan.errors import InputError, Problem
from dalan.files import check_outputs
from dalan.messages import render
from dalan.network.history import today as calendar_today
from dalan.network.model import Network
from dalan.reports.demo_page import demo_html, result_label
from dalan.reports.history_text import action_label, as_of_text, date_text, target_label
from dalan.reports.i18n import format_number, t
from dalan.reports.page import write_report
from dalan.routing.as_of import dated_events_of_network
from dalan.routing.itinerary import Itinerary
from dalan.scenarios import load_scenario


def summary_table(result: DemoResult, network: Network, lang: str) -> Table:
    """Per origin: days, USD and t CO2e today, with the line, and the difference."""
    n = lambda x, d=0: format_number(x, lang, d)
    title = t("demo_title", lang).format(destination=place_name(network, result.destination_id, lang))
    table = Table(title=f"{title} — {result_label(result, lang)}")
    for column in ("origin", "today", "with_rasht_astara", "difference"):
        table.add_column(t(column, lang), justify="left" if column == "origin" else "right")
    for pair in result.pairs:
        cells = [
            f"{n(days, 1)} {t('days', lang)}\n{n(usd)} {t('usd', lang)}\n{n(kg / 1000, 2)} {t('t_co2e', lang)}"
            if ok
            else t("no_route", lang)
            for ok, (days, usd, kg) in (
                (pair.today is not None, _totals(pair.today)),
                (pair.built is not None, _totals(pair.built)),
                (pair.today is not None and pair.built is not None, (pair.delta_days, pair.delta_usd, pair.delta_co2_kg)),
            )
        ]
        table.add_row(place_name(network, pair.origin_id, lang), *cells)
    for pair in result.pairs:
        if pair.closed_by:  # the route the network as drawn gives is closed that day: name the closures
            closures = t("comma", lang).join(
                f"{target_label(network, e, lang)} {action_label(e, lang)} ({date_text(e, lang)})" for e in pair.closed_by
            )
            why = t("closed_by_events", lang).format(events=closures)
        else:
            why = pair.why
        if why:
            table.caption = (table.caption + "\n" if table.caption else "") + escape(f"{place_name(network, pair.origin_id, lang)}: {why}")
    return table


def _totals(it: Itinerary | None) -> tuple[float, float, float]:
    return (it.time_days, it.cost_usd, it.co2_kg) if it is not None else (math.nan, math.nan, math.nan)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Problem.of("demo", "date", text, "not_a_date", "not_a_date")) from None


def demo_command(
    out: Annotated[Path, typer.Option(help="Where to write the HTML map.")] = Path("out/demo.html"),
    by: Annotated[By, typer.Option(help="What to minimise.")] = By.generalized,
    lang: Annotated[Lang, typer.Option(help="Language of the tables and the map.")] = Lang.en,
    legs: Annotated[bool, typer.Option("--legs/--no-legs", help="Also print every route leg by leg.")] = False,
    date: Annotated[
        str | None, typer.Option(help="Answer on the network as it stood that day (YYYY-MM-DD; default: today).")
    ] = None,
) -> None:
    """One container to Bandar Abbas from Warsaw, Kyiv and Moscow: today vs Rasht–Astara built.

    Two questions: the best route by any mode, and the best all-rail route.
    """
    check_outputs(out)
    console = Console()
    today, built = load_scenario("baseline"), load_scenario("rasht-astara")
    network = today.network
    lg = lang.value
    when = _date(date)
    results = [run_demo(today, built, by=by.value, date=when), run_demo(today, built, by=by.value, modes=("rail",), date=when)]
    as_of = results[0].as_of or calendar_today()
    console.print(escape(as_of_text(as_of, lg)))
    in_force = dated_events_of_network(network, as_of)
    if in_force:
        console.print(escape(render("demo_events", lg, count=len(in_force))))
    for result in results:
        if legs:
            for pair in result.pairs:
                for label, it in ((t("today", lg), pair.today), (t("with_rasht_astara", lg), pair.built)):
                    if it is None:
                        continue
                    table = itinerary_table(it, network, lg)
                    table.title = f"{table.title} — {result_label(result, lg)} — {label}"
                    console.print(table)
        console.print(summary_table(result, network, lg))
    path = write_report(out, demo_html(results, network, lg))
    console.print(f"{t('map', lg)}: {escape(str(path))}")
