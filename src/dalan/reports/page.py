"""Whole HTML pages: one self-contained file with the map, its data, scripts and styles."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from dalan.files import write_text_atomic
from dalan.reports._assets import script_json, static_data_uri, static_text
from dalan.reports.i18n import check_lang, direction, format_date, t
from dalan.reports.maps import DEFAULT_BOUNDS, MapLayer, base_layer, bounds, layer_spec
from dalan.reports.svg import standalone_svg

if TYPE_CHECKING:
    import jinja2

_PERSIAN_FONTS = '"Vazirmatn", "Noto Naskh Arabic", "Tahoma"'
_LATIN_FONTS = '"Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans"'
FONT_STACKS = {
    "fa": f"{_PERSIAN_FONTS}, {_LATIN_FONTS}, sans-serif",
    "en": f"{_LATIN_FONTS}, {_PERSIAN_FONTS}, sans-serif",
}


@functools.cache
def environment(package: str = "dalan.reports") -> jinja2.Environment:
    """The Jinja2 environment of a package's ``templates`` folder (autoescaping on)."""
    import jinja2  # imported when a page is first rendered, not by every command that can write one

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _font_css() -> str:
    """``@font-face`` rules embedding Vazirmatn's Arabic-script subset (SIL OFL 1.1)."""
    rules = []
    for weight in (400, 700):
        uri = static_data_uri(f"vazirmatn-arabic-{weight}-normal.woff2", "font/woff2")
        rules.append(
            '@font-face{font-family:"Vazirmatn";font-style:normal;font-display:swap;'
            f'font-weight:{weight};src:url({uri}) format("woff2");'
            "unicode-range:U+0600-06FF,U+0750-077F,U+200C-200F,U+2010-2011,U+204F,"
            "U+2E41,U+FB50-FDFF,U+FE70-FEFC;}"
        )
    return "".join(rules)


def render_map_html(
    layers: Sequence[MapLayer],
    *,
    title: str,
    lang: str = "en",
    base_network: Mapping | None = None,
    sections_html: Sequence[str] = (),
    subtitle: str = "",
    date: dt.date | None = None,
) -> str:
    """A complete, offline HTML page: header, interactive map with legend, then sections.

    ``layers`` are drawn in order above the optional ``base_network`` (a GeoJSON
    FeatureCollection of the physical network, styled by its ``mode`` property) and the
    built-in country outlines; the map opens fitted to the layers. ``sections_html`` is
    trusted, pre-rendered HTML (e.g. from :func:`table_html`) placed below the map.
    ``date`` (default today) is shown in the header, as a Jalali date in Persian.
    """
    check_lang(lang)
    date = date or dt.date.today()
    base = [base_layer(base_network, lang)] if base_network is not None else []
    specs = [layer_spec(layer, lang, base=True) for layer in base]
    specs += [layer_spec(layer, lang) for layer in layers]
    map_data = {
        "dir": direction(lang),
        "labels": {"legend": t("legend", lang), "km": t("km", lang), "metre": t("ui.metre", lang), "digits": "۰۱۲۳۴۵۶۷۸۹" if lang == "fa" else ""},
        "bounds": bounds(list(layers)) or bounds(base) or DEFAULT_BOUNDS,
        "layers": specs,
    }
    template = environment().get_template("report.html.j2")
    return template.render(
        **_page_context(lang, title, subtitle, date, sections_html),
        labels={key: t(key, lang) for key in ("generated", "map", "map_credits")},
        leaflet_css=Markup(static_text("leaflet.css")),
        leaflet_js=Markup(static_text("leaflet.js")),
        map_js=Markup(static_text("dalan_map.js")),
        countries_json=Markup(static_text("countries.geojson").replace("<", "\\u003c")),
        map_json=Markup(script_json(map_data)),
    )


def _page_context(lang: str, title: str, subtitle: str, date: dt.date, sections_html: Sequence[str]) -> dict:
    """What every page template needs: language, direction, fonts, titles, date and sections."""
    return {
        "lang": lang,
        "dir": direction(lang),
        "title": title,
        "subtitle": subtitle,
        "iso_date": date.isoformat(),
        "date_text": format_date(date, lang),
        "font_stack": Markup(FONT_STACKS[lang]),
        "font_css": Markup(_font_css() if lang == "fa" else ""),
        "report_css": Markup(static_text("report.css")),
        "sections": [Markup(html) for html in sections_html],
    }


def render_page_html(
    sections_html: Sequence[str],
    *,
    title: str,
    lang: str = "en",
    subtitle: str = "",
    date: dt.date | None = None,
) -> str:
    """A complete, offline HTML page without a map: header, then the trusted, pre-rendered
    ``sections_html`` (tables, inline-SVG charts), in ``lang``'s direction and fonts."""
    check_lang(lang)
    date = date or dt.date.today()
    template = environment().get_template("page.html.j2")
    return template.render(**_page_context(lang, title, subtitle, date, sections_html), labels={"generated": t("generated", lang)})


def write_report(path: str | Path, html: str) -> Path:
    """Write ``html`` to ``path`` as UTF-8, creating parent directories; returns the path."""
    return write_text_atomic(Path(path), html)  # a failed write leaves an existing report intact


def write_plots(directory: str | Path, charts: Mapping[str, str]) -> list[Path]:
    """Write each report chart (file name → inline SVG) into ``directory`` as an SVG file of its
    own (:func:`dalan.reports.svg.standalone_svg`), creating the folder; returns the paths."""
    return [write_text_atomic(Path(directory) / name, standalone_svg(chart)) for name, chart in charts.items()]
