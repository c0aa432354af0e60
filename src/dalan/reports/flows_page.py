"""The `dalan assign` report: yearly flows on the corridor map (width by tonnes), bottlenecks, shares."""

from __future__ import annotations

from dalan.assignment.corridor import CorridorFlows
from dalan.costing import Costing
from dalan.messages import display_name
from dalan.network.geo import link_coordinates
from dalan.network.io import network_to_geojson
from dalan.reports.charts import bars_svg
from dalan.reports.i18n import t
from dalan.reports.maps import MapLayer
from dalan.reports.page import render_map_html
from dalan.reports.tables import table_html

MODE_COLOURS = {"rail": "#8e44ad", "road": "#d35400", "sea": "#2471a3", "ferry": "#17a589"}


def flow_layers(flows: CorridorFlows, costing: Costing, lang: str) -> list[MapLayer]:
    """One layer per mode: each link a line as wide as its tonnes per year (one scale for all)."""
    frame = flows.link_frame(costing)
    frame = frame[frame["tonnes_per_year"] > 0]
    top = float(frame["tonnes_per_year"].max()) if len(frame) else 1.0
    layers = []
    for mode, colour in MODE_COLOURS.items():
        features = []
        for row in frame[frame["mode"] == mode].itertuples():
            a, b = flows.network.place(row[2]), flows.network.place(row[3])
            shape = link_coordinates(flows.network, flows.network.link(row.link))
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": shape},
                    "properties": {
                        "name": f"{row.link}: {a.display_name(lang)} – {b.display_name(lang)}",
                        "tonnes": row.tonnes_per_year,
                        "tooltip": {
                            t("tonnes_per_year", lang): round(row.tonnes_per_year),
                            t("shipments_per_year", lang): round(row.shipments_per_year),
                            t("vc", lang): round(row.max_vc, 2),
                        },
                    },
                }
            )
        if features:
            layers.append(
                MapLayer(t(mode, lang), colour, {"type": "FeatureCollection", "features": features}, width="tonnes", width_max=top)
            )
    return layers


def flows_html(flows: CorridorFlows, costing: Costing, *, title: str, lang: str = "en") -> str:
    network = flows.network
    name = lambda pid: network.place(pid).display_name(lang)
    bottlenecks = flows.bottlenecks(10)
    bottlenecks = bottlenecks.assign(
        where=[name(p) for p in bottlenecks["from"]], kind=[t(k, lang) for k in bottlenecks["kind"]]
    )[["kind", "element", "where", "shipments_per_year", "capacity_per_year", "vc", "free_time_h", "time_h"]]
    headers = {
        "kind": t("stop_kind", lang), "element": t("cli.id", lang), "where": t("place", lang),
        "shipments_per_year": t("shipments_per_year", lang), "capacity_per_year": f"{t('capacity', lang)} ({t('shipments_per_year', lang)})",
        "vc": t("vc", lang), "free_time_h": t("free_time_h", lang), "time_h": t("loaded_time_h", lang),
        "place": t("place", lang), "tonnes_per_year": t("tonnes_per_year", lang),
    }  # fmt: skip
    places = flows.place_frame(costing).head(15)
    places = places.assign(place=[name(p) for p in places["place"]])
    shares = flows.corridor_shares(costing)
    chart = bars_svg([display_name("corridor", c, lang) for c in shares["corridor"]], {t("corridor_share_tkm", lang): list(shares["share"])}, value_label="", lang=lang)
    return render_map_html(
        flow_layers(flows, costing, lang),
        title=title,
        subtitle=t("flows_subtitle", lang),
        lang=lang,
        base_network=network_to_geojson(network),
        sections_html=[
            chart,
            table_html(
                bottlenecks.rename(columns=headers),
                lang,
                decimals={headers["vc"]: 2, headers["free_time_h"]: 1, headers["time_h"]: 1},
                caption=t("bottlenecks", lang),
            ),
            table_html(places.rename(columns=headers), lang, decimals=0, caption=t("place_volumes", lang)),
        ],
    )
