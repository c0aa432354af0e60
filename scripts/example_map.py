"""Render an example report from two hand-written routes, in English and Persian.

Moscow -> Bandar Abbas on the western INSTC branch, today (trucks between Astara and
Rasht) and with the Rasht–Astara railway. Figures are illustrative, not model output.

    .venv/bin/python scripts/example_map.py --out out
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from dalan.reports import MapLayer, render_map_html, t, table_html, write_report

# id: (English, Persian, lon, lat)
PLACES = {
    "moscow": ("Moscow", "مسکو", 37.62, 55.76),
    "makhachkala": ("Makhachkala", "ماخاچ‌قلعه", 47.50, 42.98),
    "samur": ("Samur–Yalama", "سامور–یالاما", 48.49, 41.86),
    "baku": ("Baku", "باکو", 49.87, 40.41),
    "astara": ("Astara", "آستارا", 48.87, 38.43),
    "rasht": ("Rasht", "رشت", 49.58, 37.28),
    "qazvin": ("Qazvin", "قزوین", 50.00, 36.27),
    "tehran": ("Tehran", "تهران", 51.39, 35.69),
    "bandar_abbas": ("Bandar Abbas", "بندرعباس", 56.27, 27.18),
}
# (from, to, mode, km, hours)
COMMON = [
    ("moscow", "makhachkala", "rail", 2230, 96),
    ("makhachkala", "samur", "rail", 210, 8),
    ("samur", "baku", "rail", 210, 30),
    ("baku", "astara", "rail", 250, 14),
]
SOUTH = [
    ("rasht", "qazvin", "rail", 164, 6),
    ("qazvin", "tehran", "rail", 150, 8),
    ("tehran", "bandar_abbas", "rail", 1480, 60),
]
TODAY = COMMON + [("astara", "rasht", "road", 175, 40)] + SOUTH
WITH_RAILWAY = COMMON + [("astara", "rasht", "rail", 162, 5)] + SOUTH


def route_geojson(legs: list[tuple[str, str, str, float, float]], lang: str) -> dict:
    """One LineString feature per leg, with a tooltip table."""
    name = 1 if lang == "fa" else 0
    features = []
    for start, end, mode, km, hours in legs:
        a, b = PLACES[start], PLACES[end]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[a[2], a[3]], [b[2], b[3]]]},
                "properties": {
                    "name": f"{a[name]} – {b[name]}",
                    "tooltip": {
                        t("mode", lang): t(mode, lang),
                        f"{t('distance', lang)} ({t('km', lang)})": km,
                        f"{t('time', lang)} ({t('hours', lang)})": hours,
                    },
                    "mode": mode,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def places_geojson(lang: str) -> dict:
    """The places as labelled points."""
    name = 1 if lang == "fa" else 0
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p[2], p[3]]},
                "properties": {"name": p[name], "label": p[name], "id": key},
            }
            for key, p in PLACES.items()
        ],
    }


def comparison(lang: str) -> pd.DataFrame:
    """Totals of both routes and their difference."""
    columns = {}
    for key, legs in ((t("today", lang), TODAY), (t("with", lang), WITH_RAILWAY)):
        columns[key] = {
            distance_label(lang): sum(leg[3] for leg in legs),
            time_label(lang): sum(leg[4] for leg in legs) / 24,
        }
    frame = pd.DataFrame(columns)
    frame[t("difference", lang)] = frame.iloc[:, 1] - frame.iloc[:, 0]
    return frame


def distance_label(lang: str) -> str:
    return f"{t('distance', lang)} ({t('km', lang)})"


def time_label(lang: str) -> str:
    return f"{t('time', lang)} ({t('days', lang)})"


def render(lang: str) -> str:
    """The example page in ``lang``."""
    with_label = f"{t('with', lang)} Rasht–Astara" if lang == "en" else "با راه‌آهن رشت–آستارا"
    layers = [
        MapLayer(t("today", lang), "#d1495b", route_geojson(TODAY, lang), width=5),
        MapLayer(with_label, "#00798c", route_geojson(WITH_RAILWAY, lang), width=3, dashed=True),
        MapLayer(t("place", lang), "#30343f", places_geojson(lang), point_radius=5),
    ]
    title = "Moscow → Bandar Abbas" if lang == "en" else "مسکو ← بندرعباس"
    decimals = {distance_label(lang): 0, time_label(lang): 1}
    table = table_html(comparison(lang), lang, decimals=decimals, caption=t("comparison", lang))
    subtitle = (
        "Western INSTC branch, illustrative figures"
        if lang == "en"
        else "شاخهٔ غربی کریدور شمال–جنوب، ارقام نمونه"
    )
    return render_map_html(layers, title=title, subtitle=subtitle, lang=lang, sections_html=[table])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args()
    for lang in ("en", "fa"):
        path = write_report(args.out / f"example_{lang}.html", render(lang))
        print(path)


if __name__ == "__main__":
    main()
