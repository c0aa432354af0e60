"""Itineraries on the map: one layer per route, one feature per leg, tooltips in en/fa."""

from __future__ import annotations

from dataclasses import replace

from dalan.reports.i18n import format_number, t
from dalan.reports.itinerary_text import leg_label, route_title, totals_line
from dalan.reports.maps import MapLayer
from dalan.routing.itinerary import Itinerary, Leg

ROUTE_COLOURS: tuple[str, ...] = ("#c0392b", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf")


def tint(colour: str, amount: float = 0.5) -> str:
    """``colour`` (#rrggbb) mixed with white by ``amount`` (0 = unchanged, 1 = white)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _place_name(it: Itinerary, place_id: str, lang: str) -> str:
    return it.places[place_id].display_name(lang)


def _leg_title(it: Itinerary, leg: Leg, lang: str) -> str:
    """'Rail 1520 mm: Warsaw → Brest' (a move), 'Border crossing: Brest' (a stop), in ``lang``."""
    where = _place_name(it, leg.from_id, lang)
    if leg.kind == "move":
        where = route_title(where, _place_name(it, leg.to_id, lang), lang)
    return f"{leg_label(leg, lang)}: {where}"


def itinerary_layer(it: Itinerary, name: str, colour: str, *, lang: str = "en", dashed: bool = False) -> MapLayer:
    """A map layer with a line per move leg and a point per stop (border, transfer, …)."""
    km, hours, usd, kg = (t(key, lang) for key in ("km", "hours", "usd", "kg_co2e"))
    features = []
    for leg in it.legs:
        tip: dict[str, float] = {km: round(leg.length_km)} if leg.kind == "move" else {}
        tip |= {hours: round(leg.time_h, 1), usd: round(leg.cost_usd), kg: round(leg.co2_kg)}
        features.append(
            {
                "type": "Feature",
                "geometry": it.leg_geometry(leg),
                "properties": {"name": _leg_title(it, leg, lang), "tooltip": tip, "mode": leg.mode},
            }
        )
    return MapLayer(
        name=name,
        colour=colour,
        geojson={"type": "FeatureCollection", "features": features},
        dashed=dashed,
        width=5.0 if not dashed else 3.5,
    )


def alternatives_html(routes, network, *, title: str, lang: str = "en", pareto: bool = False) -> str:
    """A page with every alternative route on the map, their table and, for a Pareto set, a chart."""
    import pandas as pd

    from dalan.network.io import network_to_geojson
    from dalan.reports.charts import scatter_svg
    from dalan.reports.page import render_map_html
    from dalan.reports.tables import table_html

    layers = [
        replace(itinerary_layer(it, f"{format_number(i, lang)}: {t('route', lang)} {format_number(i, lang)}", ROUTE_COLOURS[(i - 1) % len(ROUTE_COLOURS)], lang=lang), visible=i <= 3)
        for i, it in enumerate(routes, start=1)
    ]
    frame = pd.DataFrame(
        {
            "#": list(range(1, len(routes) + 1)),
            t("days", lang): [it.time_days for it in routes],
            t("usd", lang): [round(it.cost_usd) for it in routes],
            t("t_co2e", lang): [it.co2_kg / 1000 for it in routes],
            t("km", lang): [round(it.length_km) for it in routes],
        }
    )
    sections = [table_html(frame, lang, decimals={t("days", lang): 1, t("t_co2e", lang): 2})]
    if pareto and len(routes) > 1:
        sections.insert(
            0,
            scatter_svg(
                [it.time_days for it in routes],
                [it.cost_usd for it in routes],
                [it.co2_kg / 1000 for it in routes],
                [f"{t('route', lang)} {format_number(i, lang)}: {totals_line(it, lang)}" for i, it in enumerate(routes, start=1)],
                x_label=t("days", lang),
                y_label=t("usd", lang),
                colour_label=t("t_co2e", lang),
                lang=lang,
            ),
        )
    return render_map_html(layers, title=title, lang=lang, base_network=network_to_geojson(network), sections_html=sections)
