"""Render itineraries and comparisons as Rich tables, in English or Persian."""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.markup import escape
from rich.table import Table

from dalan.messages import render
from dalan.network.model import Network
from dalan.reports.history_text import event_rows
from dalan.reports.i18n import format_number, t
from dalan.reports.itinerary_text import leg_label, route_summary, route_title
from dalan.routing.as_of import DatedAnswer
from dalan.routing.itinerary import Itinerary


def place_name(network: Network, place_id: str, lang: str) -> str:
    """A place's display name, escaped for Rich (a name such as "[/red]" prints as itself)."""
    return escape(network.place(place_id).display_name(lang))


def itinerary_table(it: Itinerary, network: Network, lang: str = "en") -> Table:
    """One row per leg, then the totals as the footer."""
    table = Table(title=route_title(place_name(network, it.origin_id, lang), place_name(network, it.destination_id, lang), lang), show_footer=True)
    n = lambda x, d=0: format_number(x, lang, d)
    table.add_column("#", justify="right")
    table.add_column(t("leg", lang), footer=t("total", lang))
    table.add_column(t("from", lang))
    table.add_column(t("to", lang), footer=f"{n(it.time_days, 1)} {t('days', lang)}")
    table.add_column(t("km", lang), justify="right", footer=n(it.length_km))
    table.add_column(t("hours", lang), justify="right", footer=n(it.time_h, 1))
    table.add_column(t("usd", lang), justify="right", footer=n(it.cost_usd))
    table.add_column(t("kg_co2e", lang), justify="right", footer=n(it.co2_kg))
    for i, leg in enumerate(it.legs, start=1):
        via = f" ({n(len(leg.via_ids))} {t('via', lang)})" if leg.via_ids else ""
        table.add_row(
            n(i),
            escape(leg_label(leg, lang)),
            place_name(network, leg.from_id, lang),
            place_name(network, leg.to_id, lang) + via if leg.kind == "move" else "",
            n(leg.length_km) if leg.length_km else "",
            n(leg.time_h, 1),
            n(leg.cost_usd),
            n(leg.co2_kg),
        )
    return table


def alternatives_table(routes: list[Itinerary], network: Network, lang: str = "en", title: str = "") -> Table:
    """One row per route: days, USD, t CO2e, km, transfers and the countries it crosses."""
    n = lambda x, d=0: format_number(x, lang, d)
    table = Table(title=escape(title))
    columns: tuple[tuple[str, JustifyMethod], ...] = (("#", "right"), ("days", "right"), ("usd", "right"), ("t_co2e", "right"), ("km", "right"), ("transfer", "right"), ("route", "left"))
    for column, justify in columns:
        table.add_column(t(column, lang) if column != "#" else "#", justify=justify)
    for i, it in enumerate(routes, start=1):
        transfers = sum(1 for leg in it.legs if leg.kind in ("transfer", "gauge_change"))
        table.add_row(
            n(i), n(it.time_days, 1), n(it.cost_usd), n(it.co2_kg / 1000, 2), n(it.length_km), n(transfers),
            escape(route_summary(it, network, lang)),
        )  # fmt: skip
    return table


def dated_table(dated: DatedAnswer, network: Network, lang: str = "en") -> Table:
    """The dated events in force that bear on a route: date, element, action, note, and whether
    it acts on a link of this route or of the best route without dates."""
    table = Table(title=render("as_of_events", lang, count=len(dated.events)), title_justify="left")
    for column in ("date", "element", "action", "on_route", "note"):
        table.add_column(t(column, lang))
    for event, row in zip(dated.events, event_rows(network, dated.events, lang)):
        where = (
            t("on_this_route", lang)
            if event in dated.on_route
            else t("on_undated_route", lang)
            if event in dated.on_undated_route
            else ""
        )
        table.add_row(*(escape(v) for v in (row["date"], row["element"], row["action"], where, row["note"])))
    return table
