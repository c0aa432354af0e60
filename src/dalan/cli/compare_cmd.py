"""``dalan compare A B``: two scenarios over an OD set — deltas, changed routes, corridor shares."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from dalan.choices import By, Cargo, Lang
from dalan.cli.params import SchedulerOption
from dalan.files import check_outputs, write_frame_csv
from dalan.messages import display_name
from dalan.options import parse_date, parse_scheduler
from dalan.reports.i18n import format_number, format_percent, t
from dalan.reports.itinerary_text import route_title
from dalan.reports.page import write_report
from dalan.routing.choice import check_dispersion
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import DEFAULT_DISPERSION, compare, read_od_pairs


def compare_command(
    scenario_a: Annotated[str, typer.Argument(help="Scenario A (name or .toml path).")],
    scenario_b: Annotated[str, typer.Argument(help="Scenario B.")],
    od: Annotated[Path | None, typer.Option("--od", help="CSV of origin,destination pairs (default: shipped set).")] = None,
    by: Annotated[By, typer.Option(help="What the best route minimises.")] = By.generalized,
    alternatives: Annotated[int, typer.Option(help="Routes per pair for the logit shares.", min=1)] = 3,
    dispersion: Annotated[float, typer.Option(help="Logit dispersion θ (relative generalised cost).")] = DEFAULT_DISPERSION,
    cargo: Annotated[Cargo, typer.Option(help="Cargo class of every pair.")] = Cargo.container,
    modes: Annotated[str | None, typer.Option(help="Only these modes, comma-separated: rail, road, sea, ferry.")] = None,
    avoid: Annotated[
        list[str] | None, typer.Option(help="Avoid a country (ISO code or name), place, link id or chokepoint (repeatable).")
    ] = None,
    max_transfers: Annotated[int | None, typer.Option(help="At most this many mode or gauge changes.", min=0)] = None,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report (map, charts, tables).")] = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the per-pair table as CSV.")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            help="Both scenarios as they stood that day (dated closures and sanction rules per pair; default: "
            "today) and that year's deep-sea market."
        ),
    ] = None,
    scheduler: SchedulerOption = None,
    lang: Annotated[Lang, typer.Option(help="Language of the report and tables.")] = Lang.en,
) -> None:
    """Route every OD pair in both scenarios; print Δ days, Δ USD, Δ CO2e, changes and corridor shares."""
    check_dispersion(dispersion, "compare", "--dispersion")  # before the slow work
    check_outputs(report, csv_out)
    when = parse_date(date, "compare")
    scheduler = parse_scheduler(scheduler, "compare")
    a, b = load_scenario(scenario_a), load_scenario(scenario_b)
    pairs = read_od_pairs(od, a.network)
    console = Console()
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(t("sim.routing", lang.value), total=2 * len(pairs))
        result = compare(
            a, b, pairs, by=by.value, alternatives=alternatives, dispersion=dispersion, cargo=cargo.value,
            modes=modes, avoid=avoid or (), max_transfers=max_transfers, date=when, progress=lambda: bar.advance(task),
            scheduler=scheduler,
        )  # fmt: skip
    lg = lang.value
    frame = result.to_frame()
    n = lambda x, d=0: format_number(x, lg, d)
    names = route_title(display_name("scenario", a.name, lg), display_name("scenario", b.name, lg), lg)
    changed = t("of_total", lg).format(part=n(int(frame["route_changed"].sum())), total=n(len(frame)))
    table = Table(title=f"{escape(names)}: {changed} {t('routes_changed', lg)}")
    for column in (t("origin", lg), t("destination", lg), f"Δ {t('days', lg)}", f"Δ {t('usd', lg)}", f"Δ {t('t_co2e', lg)}", t("corridor", lg)):
        table.add_column(column)
    for row in frame[frame["route_changed"]].itertuples():
        table.add_row(
            escape(a.network.place(row.origin).display_name(lg)), escape(a.network.place(row.destination).display_name(lg)),
            n(row.delta_days, 1), n(row.delta_usd), n(row.delta_t_co2e, 2), escape(route_title(display_name("corridor", row.corridor_a, lg), display_name("corridor", row.corridor_b, lg), lg)),
        )  # fmt: skip
    console.print(table)
    shares = result.shares_frame()
    share_table = Table(title=t("corridor_share", lg))
    for column in (t("corridor", lg), escape(display_name("scenario", result.label_a, lg)), escape(display_name("scenario", result.label_b, lg)), "Δ"):
        share_table.add_column(column, justify="left" if column == t("corridor", lg) else "right")
    for corridor, row in shares.iterrows():
        share_table.add_row(escape(display_name("corridor", str(corridor), lg)), *(format_percent(v, lg) for v in row))
    console.print(share_table)
    if csv_out is not None:
        write_frame_csv(csv_out, frame, index=False)
    if report is not None:
        from dalan.reports.compare_page import compare_html

        path = write_report(report, compare_html(result, title_a=a.title(lg), title_b=b.title(lg), lang=lg))
        console.print(f"{t('map', lg)}: {escape(str(path))}")
