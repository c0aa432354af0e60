"""The `dalan compare` report: changed routes and links on the map, corridor shares, OD deltas."""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup, escape

from dalan.messages import display_name, localize
from dalan.network.geo import link_coordinates
from dalan.network.io import network_to_geojson
from dalan.reports.charts import bars_svg
from dalan.reports.i18n import format_number, isolate, t
from dalan.reports.itinerary_text import route_title
from dalan.reports.maps import MapLayer
from dalan.reports.page import render_map_html
from dalan.reports.routes import ROUTE_COLOURS, itinerary_layer, tint
from dalan.reports.tables import table_html
from dalan.scenarios.compare import Comparison

MAX_ROUTE_LAYERS = 8


def changed_links_layer(comparison: Comparison, lang: str) -> MapLayer:
    """The links that differ between the scenarios, drawn wide in yellow."""
    network = comparison.network_b
    features = []
    for link_id in comparison.changed_links():
        source = network if network.has_link(link_id) else comparison.network_a
        link = source.link(link_id)
        a, b = source.place(link.from_id), source.place(link.to_id)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": link_coordinates(source, link)},
                "properties": {
                    "name": f"{link_id}: {a.display_name(lang)} – {b.display_name(lang)}",
                    "tooltip": {t("mode", lang): t(link.mode, lang), t("status", lang): t(link.status, lang)},
                },
            }
        )
    return MapLayer(t("changed_links", lang), "#f1c40f", {"type": "FeatureCollection", "features": features}, width=12.0)


def compare_html(comparison: Comparison, *, title_a: str, title_b: str, lang: str = "en") -> str:
    frame = comparison.to_frame()
    network = comparison.network_b
    name = lambda pid: network.place(pid).display_name(lang)
    layers = [changed_links_layer(comparison, lang)]
    changed = frame[frame["route_changed"]]
    for i, row in enumerate(changed.head(MAX_ROUTE_LAYERS).itertuples()):
        colour = ROUTE_COLOURS[i % len(ROUTE_COLOURS)]
        label = route_title(name(row.origin), name(row.destination), lang)
        for tag, result, dashed in (("A", comparison.a[row.origin, row.destination], False), ("B", comparison.b[row.origin, row.destination], True)):
            if result is None:
                continue
            layer = itinerary_layer(result.best, f"{label} ({tag})", tint(colour) if dashed else colour, lang=lang, dashed=dashed)
            layers.append(replace(layer, visible=i < 3))
    shares = comparison.shares_frame()
    chart = bars_svg(
        [display_name("corridor", c, lang) for c in shares.index],
        {
            f"A: {display_name('scenario', comparison.name_a, lang)}": list(shares[comparison.label_a]),
            f"B: {display_name('scenario', comparison.name_b, lang)}": list(shares[comparison.label_b]),
        },
        value_label=t("corridor_share", lang),
        lang=lang,
    )
    table = frame.assign(
        origin=[name(p) for p in frame["origin"]], destination=[name(p) for p in frame["destination"]],
        corridor_a=[display_name("corridor", c, lang) for c in frame["corridor_a"]],
        corridor_b=[display_name("corridor", c, lang) for c in frame["corridor_b"]],
    )[["origin", "destination", "days_a", "days_b", "delta_days", "usd_a", "usd_b", "delta_usd", "delta_t_co2e", "corridor_a", "corridor_b", "route_changed"]]
    headers = {
        "origin": t("origin", lang), "destination": t("destination", lang),
        "days_a": f"A ({t('days', lang)})", "days_b": f"B ({t('days', lang)})", "delta_days": f"Δ {t('days', lang)}",
        "usd_a": f"A ({t('usd', lang)})", "usd_b": f"B ({t('usd', lang)})", "delta_usd": f"Δ {t('usd', lang)}",
        "delta_t_co2e": f"Δ {t('t_co2e', lang)}", "corridor_a": f"A: {t('corridor', lang)}",
        "corridor_b": f"B: {t('corridor', lang)}", "route_changed": t("route_changed", lang),
    }  # fmt: skip
    table = table.rename(columns=headers)
    table[headers["route_changed"]] = [t("yes" if v else "no", lang) for v in table[headers["route_changed"]]]
    decimals = {headers[k]: 1 for k in ("days_a", "days_b", "delta_days")} | {headers["delta_t_co2e"]: 2} | {
        headers[k]: 0 for k in ("usd_a", "usd_b", "delta_usd")
    }
    intro = Markup("<p><b>A</b>: {}<br><b>B</b>: {}<br>{}</p>").format(
        escape(title_a), escape(title_b), escape(t("logit_note", lang).format(theta=localize(comparison.dispersion, lang)))
    )
    return render_map_html(
        layers,
        title=f"{t('comparison', lang)}: {isolate(display_name('scenario', comparison.name_a, lang), lang)} ↔ {isolate(display_name('scenario', comparison.name_b, lang), lang)}",
        subtitle=f"{format_number(len(frame), lang)} {t('od_pairs', lang)}{t('comma', lang)}{format_number(int(frame['route_changed'].sum()), lang)} {t('routes_changed', lang)}",
        lang=lang,
        base_network=network_to_geojson(network),
        sections_html=[intro, chart, table_html(table, lang, decimals=decimals)],
    )
