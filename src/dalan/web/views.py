"""Library results shaped for the API: itineraries with display rows, places, the styled network.

Labels, numbers (Persian digits and separators), map styles and tooltips all come from
:mod:`dalan.reports`, so the page shows what the CLI and the HTML
reports show.
"""

from __future__ import annotations

from collections.abc import Sequence

from dalan.messages import display_name, render, text
from dalan.network.countries import country_name
from dalan.network.io import network_to_geojson
from dalan.network.model import Network, Place
from dalan.reports.charts import scatter_svg
from dalan.reports.i18n import format_number, t
from dalan.reports.itinerary_text import (
    leg_label,
    route_summary,
    route_title,
    totals_line,
    two_figures,
)
from dalan.reports.maps import base_layer, layer_spec
from dalan.reports.routes import ROUTE_COLOURS, itinerary_layer
from dalan.routing.breakdown import CATEGORIES, category_totals, cost_breakdown
from dalan.routing.itinerary import Itinerary

#: Column labels of the leg and alternatives tables (keys of :func:`dalan.reports.t`).
HEADER_KEYS = ("leg", "from", "to", "km", "hours", "usd", "kg_co2e", "days", "t_co2e", "route", "total")


def headers(lang: str) -> dict[str, str]:
    return {key: t(key, lang) for key in HEADER_KEYS}


def kinds_text(kinds: Sequence[str], lang: str) -> str:
    """A place's kinds in ``lang`` ("rail terminal, port"; Persian with «،»)."""
    return text("comma", lang).join(display_name("place_kind", kind, lang) for kind in kinds)


def place_out(place: Place, lang: str, score: float | None = None) -> dict:
    return {
        "id": place.id, "name": place.display_name(lang), "name_en": place.name_en, "name_fa": place.name_fa,
        "country": place.country, "country_name": country_name(place.country, lang), "kinds": list(place.kinds),
        "kinds_text": kinds_text(place.kinds, lang), "lat": place.lat, "lon": place.lon, "score": score,
    }  # fmt: skip


def _range(low: str, high: str, lang: str) -> str:
    """'low–high' (Persian: 'low تا high')."""
    return f"{low}{' تا ' if lang == 'fa' else '–'}{high}"


def day_range(low: float, high: float, lang: str) -> str:
    """'26.7–29.9' (Persian: '۲۶٫۷ تا ۲۹٫۹'), one decimal."""
    return _range(format_number(low, lang, 1), format_number(high, lang, 1), lang)


def usd_range(low: float, high: float, lang: str) -> str:
    """'2,600–4,500' (Persian: '۲٬۶۰۰ تا ۴٬۵۰۰'), each to two significant figures."""
    return _range(format_number(two_figures(low), lang), format_number(two_figures(high), lang), lang)


def _rows(it: Itinerary, network: Network, lang: str) -> list[dict]:
    def n(x: float, decimals: int = 0) -> str:
        return format_number(x, lang, decimals)

    rows = []
    for i, leg in enumerate(it.legs, start=1):
        via = f" ({n(len(leg.via_ids))} {t('via', lang)})" if leg.via_ids else ""
        to_name = network.place(leg.to_id).display_name(lang) + via if leg.kind == "move" else ""
        rows.append(
            {
                "number": n(i),
                "leg": leg_label(leg, lang),
                "from_name": network.place(leg.from_id).display_name(lang),
                "to_name": to_name,
                "km": n(leg.length_km) if leg.length_km else "",
                "hours": n(leg.time_h, 1),
                "usd": n(leg.cost_usd),
                "kg_co2e": n(leg.co2_kg),
            }
        )
    return rows


#: The page labels (``ui.col_*``) of the breakdown's columns: the categories, then the time cost.
BREAKDOWN_LABELS = {"freight": "col_freight", "handling": "col_handling", "border": "col_border",
                    "gauge_change": "col_gauge", "waiting": "col_waiting", "time_cost": "col_time_cost"}  # fmt: skip


def breakdown_out(it: Itinerary, lang: str) -> dict:
    """The route's money per leg and category and its time cost (:mod:`dalan.routing.breakdown`):
    plain numbers and display rows in ``lang`` (a blank where a leg has no money in a category)."""
    costs = cost_breakdown(it)
    keys = (*CATEGORIES, "time_cost")

    def shown(x: float) -> str:
        return format_number(x, lang) if round(x) else ""

    totals = category_totals(costs)
    usd = [c.by_category() | {"time_cost": c.time_cost_usd} for c in costs]
    return {
        "columns": [render(f"ui.{BREAKDOWN_LABELS[k]}", lang) for k in keys],
        "keys": list(keys),
        "usd": usd,
        "rows": [[shown(row[k]) for k in keys] for row in usd],
        "totals": totals,
        "totals_display": [format_number(totals[k], lang) for k in keys],
        "note": render("ui.breakdown_note", lang, vot=format_number(it.value_of_time_usd_per_h, lang, 1)),
    }


def itinerary_out(it: Itinerary, network: Network, lang: str, index: int = 0) -> dict:
    """The itinerary's data, its display rows and totals in ``lang``, and its map features: plain
    data as built (str, int and the library's finite floats; the map's float coordinates and
    rounded numbers), which :class:`~dalan.web.schemas.RouteOut` checks, so not copied again."""
    colour = ROUTE_COLOURS[index % len(ROUTE_COLOURS)]
    name = f"{t('route', lang)} {format_number(index + 1, lang)}"
    title = route_title(network.place(it.origin_id).display_name(lang), network.place(it.destination_id).display_name(lang), lang)
    data = it.to_dict() | {
        "title": title,
        "origin_name": network.place(it.origin_id).display_name(lang),
        "destination_name": network.place(it.destination_id).display_name(lang),
        "summary": route_summary(it, network, lang),
        "totals_text": totals_line(it, lang),
        "number": format_number(index + 1, lang),
        "totals_display": {
            "days": format_number(it.time_days, lang, 1),
            "p50_p90_days": day_range(it.time_p50_h / 24.0, it.time_p90_h / 24.0, lang),
            "usd": format_number(it.cost_usd, lang),
            "p10_p90_usd": usd_range(it.cost_p10_usd, it.cost_p90_usd, lang),
            "t_co2e": format_number(it.co2_kg / 1000, lang, 2),
            "km": format_number(it.length_km, lang),
        },
        "rows": _rows(it, network, lang),
        "breakdown": breakdown_out(it, lang),
        "colour": colour,
    }
    data["geojson"] = layer_spec(itinerary_layer(it, name, colour, lang=lang), lang)["geojson"]
    return data


def pareto_chart(routes: Sequence[Itinerary], lang: str) -> str:
    """Days against USD, one numbered dot per route coloured by t CO2e (inline SVG)."""
    return str(
        scatter_svg(
            [it.time_days for it in routes],
            [it.cost_usd for it in routes],
            [it.co2_kg / 1000 for it in routes],
            [
                f"{format_number(i, lang)}: {format_number(it.time_days, lang, 1)} {t('days', lang)}, "
                f"{format_number(it.cost_usd, lang)} {t('usd', lang)}"
                for i, it in enumerate(routes, start=1)
            ],
            x_label=t("days", lang),
            y_label=t("usd", lang),
            colour_label=t("t_co2e", lang),
            lang=lang,
        )
    )


def styled_network(network: Network, lang: str) -> dict:
    """The network's GeoJSON with the report map styles added to each feature's properties:
    ``_c`` colour by mode, ``_dash`` for sea/ferry or non-operational links, ``_w`` width,
    ``_tip`` tooltip HTML (escaped) in ``lang``, and ``_text``: the country, kinds, status,
    confidence and a link's end places in ``lang`` for the page's popup."""
    geojson = layer_spec(base_layer(network_to_geojson(network), lang), lang, base=True)["geojson"]
    for feature in geojson["features"]:
        p = feature["properties"]
        shown = {"confidence": display_name("confidence", p.get("confidence") or "", lang)}
        if "mode" in p:
            ends = (network.place(p[key]).display_name(lang) for key in ("from_id", "to_id"))
            shown |= {"status": t(p.get("status") or "operational", lang), "ends": " – ".join(ends)}
        else:
            shown |= {"country": country_name(p.get("country", ""), lang), "kinds": kinds_text(p.get("kinds") or [], lang)}
        p["_text"] = shown
    return geojson
