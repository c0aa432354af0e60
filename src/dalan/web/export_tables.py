"""The tables and map features behind the page's downloads: routes (with alternatives or the
Pareto set), their legs, and a comparison of two scenarios.

Columns have stable English keys (what a script reads); names of places and legs are in the
requested language; numbers are the unrounded values the page shows rounded. The XLSX writer
labels the columns in the page language with :data:`COLUMN_LABELS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from dalan.network.io import load_embedded_network, network_to_geojson
from dalan.network.model import Network
from dalan.reports._assets import plain_json
from dalan.reports.itinerary_text import leg_label, route_summary
from dalan.routing.itinerary import Itinerary
from dalan.web.i18n import labels

#: Column key -> label key (of :func:`dalan.web.i18n.labels`) of the XLSX header row.
COLUMN_LABELS: dict[str, str] = {
    "route": "route", "leg": "legs", "kind": "col_kind", "mode": "col_mode", "summary": "route",
    "origin_id": "col_origin_id", "origin_name": "origin", "destination_id": "col_destination_id",
    "destination_name": "destination", "from_id": "col_from_id", "from_name": "col_from", "to_id": "col_to_id",
    "to_name": "col_to", "via_ids": "col_via_ids", "length_km": "km", "time_h": "col_hours", "time_p50_h": "col_p50_h",
    "time_p90_h": "col_p90_h", "time_days": "days", "time_p50_days": "col_p50_days", "time_p90_days": "col_p90_days",
    "planned_days": "col_planned_days", "queue_h": "col_queue_h",
    "cost_usd": "usd", "cost_p10_usd": "col_p10_usd", "cost_p90_usd": "col_p90_usd", "co2_kg": "col_kg_co2e", "t_co2e": "t_co2e", "criterion": "optimise", "cargo": "cargo",
    "quantity": "quantity", "unit": "col_unit", "days_a": "col_days_a", "days_b": "col_days_b", "usd_a": "col_usd_a",
    "usd_b": "col_usd_b", "t_co2e_a": "col_t_co2e_a", "t_co2e_b": "col_t_co2e_b", "corridor_a": "col_corridor_a",
    "corridor_b": "col_corridor_b", "delta_days": "col_delta_days", "delta_usd": "col_delta_usd",
    "delta_t_co2e": "col_delta_t_co2e", "route_changed": "col_route_changed", "corridor": "col_corridor",
    "share_a": "col_share_a", "share_b": "col_share_b",
}  # fmt: skip


def column_label(key: str, lang: str) -> str:
    """The header of column ``key`` in ``lang`` (the key itself when it has no label)."""
    return labels(lang).get(COLUMN_LABELS.get(key, ""), key)


def routes_frame(routes: Sequence[Itinerary], network: Network, lang: str) -> pd.DataFrame:
    """One row per route (1 = best): its totals and summary."""
    name = place_namer(network, lang)
    return pd.DataFrame(
        [
            {
                "route": n, "origin_id": it.origin_id, "origin_name": name(it.origin_id),
                "destination_id": it.destination_id, "destination_name": name(it.destination_id),
                "time_days": it.time_days, "time_p50_days": it.time_p50_h / 24.0, "time_p90_days": it.time_p90_h / 24.0,
                "planned_days": it.planned_time_h / 24.0, "cost_usd": it.cost_usd,
                "cost_p10_usd": it.cost_p10_usd, "cost_p90_usd": it.cost_p90_usd, "t_co2e": it.co2_kg / 1000.0, "length_km": it.length_km,
                "summary": route_summary(it, network, lang), "criterion": it.criterion, "cargo": it.cargo,
                "quantity": it.quantity, "unit": it.unit,
            }
            for n, it in enumerate(routes, start=1)
        ]
    )


def legs_frame(routes: Sequence[Itinerary], network: Network, lang: str) -> pd.DataFrame:
    """One row per leg of every route, numbered as in the page's leg table."""
    name = place_namer(network, lang)
    return pd.DataFrame(
        [
            {
                "route": n, "leg": k, "kind": leg_label(leg, lang), "mode": leg.mode,
                "from_id": leg.from_id, "from_name": name(leg.from_id), "to_id": leg.to_id, "to_name": name(leg.to_id),
                "via_ids": ";".join(leg.via_ids), "length_km": leg.length_km, "time_h": leg.time_h,
                "time_p50_h": leg.time_p50_h if leg.time_p50_h is not None else leg.time_h,
                "time_p90_h": leg.time_p90_h if leg.time_p90_h is not None else leg.time_h,
                "queue_h": leg.queue_h, "cost_usd": leg.cost_usd, "co2_kg": leg.co2_kg,
            }
            for n, it in enumerate(routes, start=1)
            for k, leg in enumerate(it.legs, start=1)
        ]
    )


def routes_geojson(routes: Sequence[Itinerary], network: Network, lang: str) -> dict[str, Any]:
    """Every route's legs (lines along the links' shapes, points at stops), tagged ``route``;
    the collection's ``routes`` hold each route's totals."""
    features = [
        feature | {"properties": feature["properties"] | {"route": n}}
        for n, it in enumerate(routes, start=1)
        for feature in it.to_geojson()["features"]
    ]
    summary = plain_json(routes_frame(routes, network, lang).to_dict("records"))
    return {"type": "FeatureCollection", "features": features, "properties": {"routes": summary}}


def comparison_frames(result: dict, lang: str) -> dict[str, pd.DataFrame]:
    """The OD pairs of a comparison (changed routes first, as the page lists them) and the
    corridor shares in A and B."""
    name = place_namer(load_embedded_network(), lang)
    pairs = pd.DataFrame(result["pairs"])
    pairs.insert(1, "origin_name", [name(p) for p in pairs["origin"]])
    pairs.insert(3, "destination_name", [name(p) for p in pairs["destination"]])
    pairs = pairs.rename(columns={"origin": "origin_id", "destination": "destination_id"})
    pairs = pairs.sort_values("route_changed", ascending=False, kind="stable").reset_index(drop=True)
    return {"pairs": pairs, "shares": pd.DataFrame(result["shares"])}


def records_frames(result: dict, *keys: str) -> dict[str, pd.DataFrame]:
    """The lists of records ``keys`` of a job result as frames (flows, links, bottlenecks …)."""
    return {key: pd.DataFrame(result[key]) for key in keys if key in result}


def comparison_geojson(result: dict, lang: str) -> dict[str, Any]:
    """A straight line per OD pair (origin to destination) carrying its row of the table, and the
    links whose use changed (``changed: true``) with their shapes."""
    network = load_embedded_network()
    features: list[dict[str, Any]] = []
    for row in comparison_frames(result, lang)["pairs"].to_dict("records"):
        ends = [network.place(row[k]) for k in ("origin_id", "destination_id") if network.has_place(row[k])]
        geometry = {"type": "LineString", "coordinates": [[p.lon, p.lat] for p in ends]} if len(ends) == 2 else None
        features.append({"type": "Feature", "geometry": geometry, "properties": plain_json(row) | {"feature_type": "od_pair"}})
    changed = set(result["changed_links"])
    links: list[dict[str, Any]] = network_to_geojson(network)["features"]  # type: ignore[assignment]
    features += [
        f | {"properties": f["properties"] | {"changed": True}}
        for f in links
        if f["properties"].get("feature_type") == "link" and f["properties"]["id"] in changed
    ]
    return {"type": "FeatureCollection", "features": features, "properties": {"a": result["a"], "b": result["b"]}}


def place_namer(network: Network, lang: str) -> Callable[[str], str]:
    """Place id -> display name in ``lang`` (unknown ids stay ids)."""
    return lambda pid: network.place(pid).display_name(lang) if network.has_place(pid) else pid


__all__ = ["column_label", "comparison_frames", "comparison_geojson", "legs_frame", "place_namer", "records_frames", "routes_frame", "routes_geojson"]
