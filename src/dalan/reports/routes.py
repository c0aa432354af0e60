"""Itineraries on the map: one layer per route, one feature per leg, tooltips in en/fa."""

from __future__ import annotations

from dalan.reports.i18n import t
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
    what = t(leg.mode, lang) + (f" {leg.gauge_mm} mm" if leg.gauge_mm else "") if leg.kind == "move" else t(leg.kind, lang)
    where = _place_name(it, leg.from_id, lang)
    if leg.kind == "move":
        where += " → " + _place_name(it, leg.to_id, lang)
    return f"{what}: {where}"


def itinerary_layer(it: Itinerary, name: str, colour: str, *, lang: str = "en", dashed: bool = False) -> MapLayer:
    """A map layer with a line per move leg and a point per stop (border, transfer, …)."""
    features = []
    for feature, leg in zip(it.to_geojson()["features"], it.legs, strict=True):
        tip = {
            t("km", lang): round(leg.length_km),
            t("hours", lang): round(leg.time_h, 1),
            t("usd", lang): round(leg.cost_usd),
            t("kg_co2e", lang): round(leg.co2_kg),
        }
        if leg.kind != "move":
            del tip[t("km", lang)]
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
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
