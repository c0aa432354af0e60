"""Map layers: validation, tooltips, width scaling and bounds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.errors import InputError
from dalan.reports import MapLayer
from dalan.reports._assets import plain_json
from dalan.reports.maps import bounds, layer_spec, tooltip_html

EMPTY = {"type": "FeatureCollection", "features": []}


def test_layer_needs_a_feature_collection() -> None:
    with pytest.raises(InputError, match="FeatureCollection"):
        MapLayer("bad", "red", {"type": "Feature"})
    with pytest.raises(InputError, match="width"):
        MapLayer("bad", "red", EMPTY, width=0)


def test_tooltip_escapes_and_formats() -> None:
    html = tooltip_html({"name": "<script>x</script>", "tooltip": {"Days & nights": 12.25}}, "en")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "Days &amp; nights" in html
    assert "<td>12.2</td>" in html  # floats get one decimal
    assert tooltip_html({}, "en") == ""


def test_tooltip_in_persian_is_rtl_with_persian_digits() -> None:
    html = tooltip_html({"name": "آستارا", "tooltip": {"ساعت": 40, "متن": "M-12"}}, "fa")
    assert html.startswith('<div dir="rtl">')
    assert "<td>۴۰</td>" in html and "M-۱۲" in html


def test_widths_scale_with_a_property(route_layers: list[MapLayer]) -> None:
    flows = {"type": "FeatureCollection", "features": route_layers[0].geojson["features"]}
    spec = layer_spec(MapLayer("flow", "blue", flows, width="flow_t", width_range=(2, 12)), "en")
    widths = [f["properties"]["_w"] for f in spec["geojson"]["features"]]
    # no flow -> thinnest; 5000 of 20000 -> a quarter of the way; the largest -> thickest
    assert widths == [2.0, 4.5, 12.0]
    fixed_top = layer_spec(
        MapLayer("flow", "blue", flows, width="flow_t", width_range=(2, 12), width_max=10000), "en"
    )
    assert [f["properties"]["_w"] for f in fixed_top["geojson"]["features"]] == [2.0, 7.0, 12.0]


def test_layer_spec_keeps_the_data(route_layers: list[MapLayer]) -> None:
    spec = layer_spec(route_layers[0], "en")
    assert spec["name"] == "Today via Astara" and spec["colour"] == "#d1495b"
    features = spec["geojson"]["features"]
    original = route_layers[0].geojson["features"]
    assert [f["geometry"] for f in features] == [f["geometry"] for f in original]
    assert features[1]["properties"]["flow_t"] == 5000.0
    assert "_tip" not in original[0]["properties"]  # input left untouched
    assert layer_spec(route_layers[2], "en")["points_only"] is True


def test_base_network_styled_by_mode() -> None:
    network = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": None, "properties": {"mode": "ferry"}},
            {
                "type": "Feature",
                "geometry": None,
                "properties": {"mode": "rail", "status": "planned"},
            },
            {"type": "Feature", "geometry": None, "properties": {"mode": "rail"}},
        ],
    }
    spec = layer_spec(MapLayer("network", "#777", network), "en", base=True)
    dashes = [f["properties"]["_dash"] for f in spec["geojson"]["features"]]
    assert dashes == [True, True, False]


def test_bounds(route_layers: list[MapLayer]) -> None:
    (south, west), (north, east) = bounds(route_layers)
    assert (south, west, north, east) == (27.18, 21.01, 55.76, 56.27)
    assert bounds([MapLayer("empty", "red", EMPTY)]) is None


def test_base_network_tooltips_name_links_by_their_places() -> None:
    network = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [49.58, 37.28]},
                "properties": {"id": "IR_RASHT", "name_en": "Rasht (station)", "name_fa": "رشت"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[49.58, 37.28], [48.87, 38.43]]},
                "properties": {
                    "id": "L9",
                    "from_id": "IR_RASHT",
                    "to_id": "IR_ASTARA",
                    "mode": "rail",
                    "status": "under_construction",
                    "length_km": 162.4,
                },
            },
        ],
    }
    english = layer_spec(MapLayer("network", "#777", network), "en", base=True)
    place, link = (f["properties"]["_tip"] for f in english["geojson"]["features"])
    assert place == '<div dir="ltr"><strong>Rasht</strong></div>'
    assert "<strong>Rasht – IR_ASTARA</strong>" in link
    assert (
        "<td>Rail</td>" in link and "<td>under construction</td>" in link and "<td>162</td>" in link
    )
    persian = layer_spec(MapLayer("network", "#777", network), "fa", base=True)
    assert "<strong>رشت</strong>" in persian["geojson"]["features"][0]["properties"]["_tip"]
    assert "در دست ساخت" in persian["geojson"]["features"][1]["properties"]["_tip"]


def _markup_tooltip(properties: dict, lang: str) -> str:
    """The oracle: the tooltip as ``Markup.format`` composes it (the former implementation)."""
    from markupsafe import Markup

    from dalan.reports.i18n import direction, format_value

    parts = []
    if properties.get("name") not in (None, ""):
        parts.append(Markup("<strong>{}</strong>").format(format_value(properties["name"], lang)))
    tip = properties.get("tooltip")
    if isinstance(tip, dict):
        rows = Markup("").join(
            Markup("<tr><th>{}</th><td>{}</td></tr>").format(format_value(k, lang), format_value(v, lang)) for k, v in tip.items()
        )
        parts.append(Markup('<table class="dalan-tip">{}</table>').format(rows))
    elif tip not in (None, ""):
        parts.append(Markup("<div>{}</div>").format(format_value(tip, lang)))
    return str(Markup('<div dir="{}">{}</div>').format(direction(lang), Markup("").join(parts))) if parts else ""


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.sampled_from("<>&\"'ab ۱رشت\u200c"), max_size=12),
)  # fmt: skip


@given(
    name=_VALUES,
    tip=st.one_of(_VALUES, st.dictionaries(st.text(alphabet="<>&\"'ab", max_size=6), _VALUES, max_size=4)),
    lang=st.sampled_from(["en", "fa"]),
)
def test_tooltip_html_is_what_markup_format_gives(name, tip, lang):
    properties = {"name": name, "tooltip": tip}
    assert tooltip_html(properties, lang) == _markup_tooltip(properties, lang)


@given(
    st.recursive(
        st.one_of(_VALUES, st.integers(-(2**63), 2**63 - 1).map(np.int64), st.floats(width=32).map(np.float32), st.booleans().map(np.bool_)),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner), st.dictionaries(st.text(max_size=3), inner, max_size=3)),
        max_leaves=12,
    )
)
def test_plain_json_fast_path_agrees_with_the_general_one(value):
    """Plain ``str``/``int``/``bool``/``float`` take a fast path; the answer is the general one's."""
    import math
    import numbers

    def general(v):
        if isinstance(v, dict):
            return {str(k): general(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [general(x) for x in v]
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, numbers.Integral):
            return int(v)
        if isinstance(v, numbers.Real):
            return float(v) if math.isfinite(float(v)) else None
        return plain_json(v)

    out, expected = plain_json(value), general(value)
    assert json.dumps(out) == json.dumps(expected)
