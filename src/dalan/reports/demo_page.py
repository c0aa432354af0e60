"""The demo report: routes today and with the Rasht–Astara railway, on one offline map."""

from __future__ import annotations

from dalan.demo import DemoResult
from dalan.network.io import network_to_geojson
from dalan.network.model import Network
from dalan.reports.i18n import t
from dalan.reports.page import render_map_html
from dalan.reports.routes import ROUTE_COLOURS, itinerary_layer
from dalan.reports.tables import table_html


def _name(network: Network, place_id: str, lang: str) -> str:
    place = network.place(place_id)
    return place.name_fa if lang == "fa" and place.name_fa else place.name_en.split(" (")[0]


def demo_html(result: DemoResult, network: Network, lang: str = "en") -> str:
    """A page with both routes per origin (today solid, with the line dashed) and the table."""
    import pandas as pd

    layers = []
    for pair, colour in zip(result.pairs, ROUTE_COLOURS, strict=False):
        origin = _name(network, pair.origin_id, lang)
        layers.append(itinerary_layer(pair.today, f"{origin} — {t('today', lang)}", colour, lang=lang))
        layers.append(
            itinerary_layer(pair.built, f"{origin} — {t('with_rasht_astara', lang)}", colour, lang=lang, dashed=True)
        )
    frame = result.to_frame()
    table = pd.DataFrame(
        {
            t("origin", lang): [_name(network, o, lang) for o in frame["origin"]],
            f"{t('today', lang)} ({t('days', lang)})": frame["days_today"],
            f"{t('with_rasht_astara', lang)} ({t('days', lang)})": frame["days_built"],
            f"{t('difference', lang)} ({t('days', lang)})": frame["delta_days"],
            f"{t('today', lang)} ({t('usd', lang)})": frame["usd_today"].round().astype(int),
            f"{t('with_rasht_astara', lang)} ({t('usd', lang)})": frame["usd_built"].round().astype(int),
            f"{t('difference', lang)} ({t('usd', lang)})": frame["delta_usd"].round().astype(int),
            f"{t('today', lang)} ({t('t_co2e', lang)})": frame["t_co2e_today"],
            f"{t('with_rasht_astara', lang)} ({t('t_co2e', lang)})": frame["t_co2e_built"],
            f"{t('difference', lang)} ({t('t_co2e', lang)})": frame["delta_t_co2e"],
        }
    )
    destination = _name(network, result.destination_id, lang)
    return render_map_html(
        layers,
        title=t("demo_title", lang).format(destination=destination),
        subtitle=t("demo_subtitle", lang),
        lang=lang,
        base_network=network_to_geojson(network),
        sections_html=[table_html(table, lang, decimals=2)],
    )
