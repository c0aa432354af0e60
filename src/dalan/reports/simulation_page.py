"""The simulation report: facility use on the map, OD transit tables, queue time series and
transit-time histograms drawn as inline SVG (offline, English or Persian)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from markupsafe import Markup

from dalan import messages
from dalan.network.geo import link_coordinates
from dalan.network.io import network_to_geojson
from dalan.network.model import Network
from dalan.reports.history_text import as_of_text
from dalan.reports.i18n import check_lang, format_number, t
from dalan.reports.itinerary_text import route_title
from dalan.reports.maps import MapLayer
from dalan.reports.page import render_map_html
from dalan.reports.svg import fitted, svg_open, svg_text
from dalan.reports.tables import table_html
from dalan.simulation.results import PLACE_KINDS, SimulationResult


def facility_title(network: Network, element_id: str, kind: str, direction: str, lang: str) -> str:
    """'Rail border: Astara', 'Sailings: Makhachkala → Nowshahr' — a facility named for people."""
    what = label(f"kind_{kind}", lang) if f"sim.kind_{kind}" in messages.MESSAGES else kind
    if network.has_place(element_id):
        return f"{what}: {network.place(element_id).display_name(lang)}"
    if ">" in direction:
        a, b = direction.split(">", 1)
        if network.has_place(a) and network.has_place(b):
            return f"{what}: {route_title(network.place(a).display_name(lang), network.place(b).display_name(lang), lang)}"
    links = [network.link(i) for i in element_id.split("+") if network.has_link(i)]
    if links:
        ends = network.place(links[0].from_id).display_name(lang), network.place(links[-1].to_id).display_name(lang)
        return f"{what}: {ends[0]} – {ends[1]}"
    return f"{what}: {element_id}"


def label(key: str, lang: str) -> str:
    """The simulation report's label ``key`` (``sim.<key>`` in :mod:`dalan.messages`)."""
    check_lang(lang)
    return messages.text(f"sim.{key}", lang)


def _frame_box(width: int, height: int, margins: tuple[int, int, int, int], title: str) -> list[str]:
    left, right, top, bottom = margins
    return [
        svg_open(width, height, title, font_size=11),
        f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" fill="#fafafa" stroke="#999"/>',
        svg_text(width / 2, 14, fitted(title, width - 8), "middle", ' font-weight="bold"', css_class="dalan-title"),
    ]


def _axes(margins: tuple[int, int, int, int], width: int, height: int, y_top: str, x_ends: tuple[str, str], x_label: str, lang: str) -> list[str]:
    """The y axis's top and zero, the x axis's two ends and its title."""
    left, right, top, bottom = margins
    return [
        svg_text(left - 4, top + 8, y_top, "end"),
        svg_text(left - 4, height - bottom, format_number(0, lang), "end"),
        svg_text(left, height - bottom + 14, x_ends[0], "start"),
        svg_text(width - right, height - bottom + 14, x_ends[1], "end"),
        svg_text((left + width - right) / 2, height - 4, x_label, "middle", css_class="dalan-axis-title"),
    ]


def line_chart_svg(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray, *, title: str, x_label: str, lang: str = "en", width: int = 420, height: int = 200) -> str:
    """A single line chart with min/max axis labels."""
    margins = left, right, top, bottom = 44, 10, 22, 30
    x0, x1 = float(min(x)), float(max(x)) if len(x) > 1 else float(min(x)) + 1.0
    y1 = max(float(max(y)), 1.0)
    sx = lambda v: left + (v - x0) / ((x1 - x0) or 1.0) * (width - left - right)
    sy = lambda v: height - bottom - v / y1 * (height - top - bottom)
    points = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(x, y))
    parts = _frame_box(width, height, margins, title)
    parts.append(f'<polyline points="{points}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>')
    parts += _axes(margins, width, height, format_number(y1, lang, 1), (format_number(x0, lang), format_number(x1, lang)), x_label, lang)
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram_svg(values: np.ndarray, *, title: str, x_label: str, lang: str = "en", bins: int = 30, width: int = 420, height: int = 200) -> str:
    """A histogram of ``values`` with the bin range on the x axis."""
    margins = left, right, top, bottom = 44, 10, 22, 30
    counts, edges = np.histogram(values, bins=bins)
    top_count = max(int(counts.max()), 1) if counts.size else 1
    bar_w = (width - left - right) / max(len(counts), 1)
    parts = _frame_box(width, height, margins, title)
    for i, count in enumerate(counts):
        h = count / top_count * (height - top - bottom)
        parts.append(f'<rect x="{left + i * bar_w:.1f}" y="{height - bottom - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" fill="#2ca02c"/>')
    ends = (format_number(float(edges[0]), lang, 1), format_number(float(edges[-1]), lang, 1))
    parts += _axes(margins, width, height, format_number(top_count, lang), ends, x_label, lang)
    parts.append("</svg>")
    return Markup("".join(parts))


def _section(title: str, body: Sequence[str]) -> str:
    return Markup('<section class="dalan-section"><h2>{}</h2><div style="display:flex;flex-wrap:wrap;gap:1rem">{}</div></section>').format(
        title, Markup("").join(Markup(b) for b in body)
    )


def _map_layers(result: SimulationResult, network: Network, lang: str) -> list[MapLayer]:
    """Links by shipments per day (width) and places by their highest utilisation."""
    frame = result.facilities_frame()
    link_units: dict[str, float] = defaultdict(float)
    for row in frame[~frame["kind"].isin(PLACE_KINDS)].itertuples(index=False):
        for link_id in row.element_id.split("+"):
            link_units[link_id] += row.units_per_day
    lines = []
    for link_id, units in link_units.items():
        link = network.link(link_id)
        coords = link_coordinates(network, link)
        name = f"{network.place(link.from_id).display_name(lang)} – {network.place(link.to_id).display_name(lang)}"
        tip = {f"{label('shipments', lang)} {label('per_day', lang)}": round(units, 1)}
        lines.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}, "properties": {"name": name, "tooltip": tip, "units": units}})
    points = []
    places = frame[frame["kind"].isin(PLACE_KINDS)].groupby("element_id")
    for place_id, rows in places:
        place = network.place(place_id)
        tip = {f"{r.kind}": round(r.utilisation, 2) for r in rows.itertuples(index=False) if np.isfinite(r.utilisation)}
        points.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}, "properties": {"name": place.display_name(lang), "tooltip": tip}})
    return [
        MapLayer(label("link_use", lang), "#c0392b", {"type": "FeatureCollection", "features": lines}, width="units"),
        MapLayer(label("place_use", lang), "#1f77b4", {"type": "FeatureCollection", "features": points}),
    ]


def _flows_table(result: SimulationResult, network: Network, lang: str) -> str:
    import pandas as pd

    frame = result.flows_frame()
    table = pd.DataFrame(
        {
            t("origin", lang): [network.place(p).display_name(lang) for p in frame["origin"]],
            t("destination", lang): [network.place(p).display_name(lang) for p in frame["destination"]],
            label("class", lang): [t(c, lang) for c in frame["class"]],
            label("routing", lang): frame["routing_time_h"] / 24,
            label("mean", lang): frame["transit_mean_h"] / 24,
            label("low", lang): frame["transit_mean_h_lo"] / 24,
            label("high", lang): frame["transit_mean_h_hi"] / 24,
            **{f"p{p}": frame[f"transit_p{p}_h"] / 24 for p in (50, 90, 95)},
        }
    )
    return table_html(table, lang, decimals=1, caption=label("flows", lang))


def unroutable_html(rows: Sequence[Mapping[str, Any]], place_name: Callable[[str], str], lang: str) -> str:
    """The demand rows not simulated for want of a route on the plan's date (``Unroutable.to_dict``
    rows: the report's and the web job's table), empty when there are none."""
    import pandas as pd

    if not rows:
        return ""
    table = pd.DataFrame(
        {
            t("origin", lang): [place_name(r["origin"]) for r in rows],
            t("destination", lang): [place_name(r["destination"]) for r in rows],
            label("class", lang): [t(r["class"], lang) for r in rows],
            messages.text("cli.reason", lang): [r["reason"][lang] for r in rows],
        }
    )
    return table_html(table, lang, caption=messages.render("cli.sim_unroutable_title", lang, count=len(rows)))


def _facilities_table(result: SimulationResult, network: Network, lang: str, count: int = 15) -> str:
    import pandas as pd

    frame = result.busiest(count).reset_index(drop=True)  # ranked 1, 2, … (not the facility index)
    frame.index += 1
    table = pd.DataFrame(
        {
            t("place", lang): [
                facility_title(network, r.element_id, r.kind, r.direction, lang) for r in frame.itertuples(index=False)
            ],
            label("utilisation", lang): frame["utilisation"],
            f"{label('shipments', lang)} {label('per_day', lang)}": frame["units_per_day"],
            label("wait_h", lang): frame["mean_wait_h"],
            label("queue", lang): frame["mean_queue"],
        }
    )
    return table_html(table, lang, decimals=2, caption=label("facilities", lang))


def simulation_html(result: SimulationResult, network: Network, lang: str = "en", charts: int = 8) -> str:
    """The whole report page; ``charts`` caps the queue charts and the histograms shown."""
    frame = result.facilities_frame()
    busiest = frame.sort_values("mean_queue", ascending=False).head(charts)
    queues = []
    for row in busiest.itertuples():
        days, series = result.queue_series(row.Index)
        title = facility_title(network, row.element_id, row.kind, row.direction, lang)
        queues.append(line_chart_svg(days, series, title=title, x_label=label("day", lang), lang=lang))
    histograms = []
    for k, flow in enumerate(result.plan.flows[:charts]):
        values = result.transit_times(k) / 24.0
        if values.size:
            ends = route_title(network.place(flow.origin_id).display_name(lang), network.place(flow.destination_id).display_name(lang), lang)
            title = f"{ends} ({t(flow.cargo, lang)})"
            histograms.append(histogram_svg(values, title=title, x_label=t("days", lang), lang=lang))
    subtitle = label("subtitle", lang).format(
        scenario=messages.display_name("scenario", result.plan.name, lang), days=format_number(result.days, lang), warmup=format_number(result.warmup_days, lang),
        reps=format_number(len(result.replications), lang), seed=format_number(result.seed, lang),
    ) + " · " + as_of_text(result.plan.as_of, lang)  # fmt: skip
    return render_map_html(
        _map_layers(result, network, lang),
        title=label("title", lang),
        subtitle=subtitle,
        lang=lang,
        base_network=network_to_geojson(network),
        sections_html=[
            html
            for html in (
                _flows_table(result, network, lang),
                unroutable_html([row.to_dict() for row in result.plan.unroutable], lambda pid: network.place(pid).display_name(lang), lang),
                _facilities_table(result, network, lang),
                _section(label("queues", lang), queues),
                _section(label("histograms", lang), histograms),
            )
            if html  # no unroutable rows: no section
        ],
    )
