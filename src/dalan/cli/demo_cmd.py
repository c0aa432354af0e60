"""``dalan demo``: Warsaw, Kyiv and Moscow to Bandar Abbas, today vs with Rasht–Astara built."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dalan.cli.output import itinerary_table, place_name
from dalan.cli.route_cmd import By, Lang
from dalan.costing import load_costing
from dalan.demo import run_demo
from dalan.network.io import load_embedded_network
from dalan.reports.demo_page import demo_html
from dalan.reports.i18n import format_number, t
from dalan.reports.page import write_report


def demo_command(
    out: Annotated[Path, typer.Option(help="Where to write the HTML map.")] = Path("out/demo.html"),
    by: Annotated[By, typer.Option(help="What to minimise.")] = By.time,
    lang: Annotated[Lang, typer.Option(help="Language of the table and the map.")] = Lang.en,
    legs: Annotated[bool, typer.Option("--legs/--no-legs", help="Also print every route leg by leg.")] = True,
) -> None:
    """One container to Bandar Abbas from Warsaw, Kyiv and Moscow: today vs Rasht–Astara built."""
    console = Console()
    network = load_embedded_network()
    result = run_demo(network, load_costing(), by=by.value)
    lg = lang.value
    n = lambda x, d=0: format_number(x, lg, d)  # noqa: E731
    if legs:
        for pair in result.pairs:
            for label, it in ((t("today", lg), pair.today), (t("with_rasht_astara", lg), pair.built)):
                table = itinerary_table(it, network, lg)
                table.title = f"{table.title} — {label}"
                console.print(table)
    summary = Table(title=t("demo_title", lg).format(destination=place_name(network, result.destination_id, lg)))
    for column in ("origin", "today", "with_rasht_astara", "difference"):
        summary.add_column(t(column, lg), justify="left" if column == "origin" else "right")
    for pair in result.pairs:
        cells = []
        for it in (pair.today, pair.built):
            cells.append(f"{n(it.time_days, 1)} {t('days', lg)}\n{n(it.cost_usd)} {t('usd', lg)}\n{n(it.co2_kg / 1000, 2)} {t('t_co2e', lg)}")
        cells.append(
            f"{n(pair.delta_days, 1)} {t('days', lg)}\n{n(pair.delta_usd)} {t('usd', lg)}\n{n(pair.delta_co2_kg / 1000, 2)} {t('t_co2e', lg)}"
        )
        summary.add_row(place_name(network, pair.origin_id, lg), *cells)
    console.print(summary)
    path = write_report(out, demo_html(result, network, lg))
    console.print(f"{t('map', lg)}: {path}")
