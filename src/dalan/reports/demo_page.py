"""The demo report: routes today and with the Rasht–Astara railway, on one offline map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dalan.demo import DemoResult
from dalan.network.io import network_to_geojson
from dalan.network.model import Network
from dalan.reports.history_text import as_of_text
from dalan.reports.i18n import t
from dalan.reports.page import render_map_html
from dalan.reports.routes import ROUTE_COLOURS, itinerary_layer, tint
from dalan.reports.tables import table_html


def result_label(result: DemoResult, lang: str) -> str:
    """'best route by generalised cost' or 'rail only', in the chosen language."""
    return t("rail_only", lang) if result.modes == ("rail",) else t(f"best_by_{result.criterion}", lang)


def comparison_frame(result: DemoResult, network: Network, lang: str):
    """The demo's comparison table with translated headers, and the decimals of each column."""
    import pandas as pd

    frame = result.to_frame()
    today, built, diff = t("today", lang), t("with_rasht_astara", lang), t("difference", lang)
    columns = {t("origin", lang): [network.place(o).display_name(lang) for o in frame["origin"]]}
    decimals: dict[str, int] = {}
    for key, places in (("days", 1), ("usd", 0), ("t_co2e", 2)):
        for when, column in ((today, f"{key}_today"), (built, f"{key}_built"), (diff, f"delta_{key}")):
            header = f"{when} ({t(key, lang)})"
            columns[header] = frame[column]
            decimals[header] = places
    return pd.DataFrame(columns), decimals


def demo_html(results: Sequence[DemoResult], network: Network, lang: str = "en") -> str:
    """A page with both routes per origin and result set (today solid, with the line dashed)."""
    layers = []
    for k, result in enumerate(results):
        label = result_label(result, lang)
        for pair, colour in zip(result.pairs, ROUTE_COLOURS, strict=False):
            origin = network.place(pair.origin_id).display_name(lang)
            if pair.today is not None:  # None: no route on the date asked
                today = itinerary_layer(pair.today, f"{origin}, {label} — {t('today', lang)}", colour, lang=lang)
                layers.append(replace(today, visible=k == 0))
            if pair.built is not None:
                built = itinerary_layer(
                    pair.built, f"{origin}, {label} — {t('with_rasht_astara', lang)}", tint(colour), lang=lang, dashed=True
                )
                layers.append(replace(built, visible=k == 0))
    sections = []
    for result in results:
        frame, decimals = comparison_frame(result, network, lang)
        sections.append(table_html(frame, lang, decimals=decimals, caption=result_label(result, lang)))
    destination = network.place(results[0].destination_id).display_name(lang)
    return render_map_html(
        layers,
        title=t("demo_title", lang).format(destination=destination),
        subtitle=t("demo_subtitle", lang)
        + (f" — {as_of_text(results[0].as_of, lang)}" if results[0].as_of else ""),
        lang=lang,
        base_network=network_to_geojson(network),
        sections_html=sections,
    )
