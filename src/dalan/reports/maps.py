"""Map layers as plain data, and their preparation for the page's map script."""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import escape

from dalan.errors import InputError
from dalan.reports.i18n import direction, format_value, t

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))
#: Map window when there is nothing to fit to: the corridors from Europe to the Gulf.
DEFAULT_BOUNDS: Bounds = ((22.0, 10.0), (62.0, 65.0))

_MODE_COLOURS = {"rail": "#5b5b5b", "road": "#9c8f80", "sea": "#6d9dc5", "ferry": "#6d9dc5"}


@dataclass(frozen=True)
class MapLayer:
    """One toggleable map layer: a GeoJSON FeatureCollection of lines and points.

    Tooltips come from each feature's ``name`` property (shown as a heading) and its
    ``tooltip`` property: a text, or a mapping of label to value shown as a small table.
    A ``label`` property on a point draws it as a permanent map label.

    ``width`` is a line width in pixels, or the name of a numeric property to scale widths
    by (flow maps): the value ``width_max`` (default: the largest in the layer) is drawn
    ``width_range[1]`` pixels wide, zero ``width_range[0]``.
    """

    name: str
    colour: str
    geojson: Mapping
    width: float | str = 4.0
    width_range: tuple[float, float] = (1.5, 14.0)
    width_max: float | None = None
    dashed: bool = False
    visible: bool = True
    point_radius: float = 5.0

    def __post_init__(self) -> None:
        if not isinstance(self.geojson, Mapping) or self.geojson.get("type") != "FeatureCollection":
            raise InputError.of("map_layer_geojson", name=self.name)
        if not isinstance(self.width, str) and not self.width > 0:
            raise InputError.of("map_layer_width", name=self.name, width=self.width)


@lru_cache(maxsize=4096)
def _escaped_text(text: str, lang: str) -> str:
    """A tooltip text in ``lang``, escaped."""
    return str(escape(format_value(text, lang)))


def tooltip_html(properties: Mapping, lang: str) -> str:
    """Escaped tooltip HTML of a feature from its ``name`` and ``tooltip`` properties.

    Values are escaped with :func:`markupsafe.escape` and joined as plain strings (what
    ``Markup.format`` does, at a fraction of its cost: a route answer draws one tooltip per leg);
    texts (labels, place names) are escaped once and kept, numbers need no escaping."""

    def shown(value: object) -> str:
        kind = type(value)
        if kind is str:
            return _escaped_text(value, lang)
        if kind is int or kind is float:  # digits, separators, signs, "∞" or "–": nothing to escape
            return format_value(value, lang)
        return str(escape(format_value(value, lang)))

    parts: list[str] = []
    if properties.get("name") not in (None, ""):
        parts.append(f"<strong>{shown(properties['name'])}</strong>")
    tip = properties.get("tooltip")
    if isinstance(tip, Mapping):
        rows = "".join(f"<tr><th>{shown(key)}</th><td>{shown(value)}</td></tr>" for key, value in tip.items())
        parts.append(f'<table class="dalan-tip">{rows}</table>')
    elif tip not in (None, ""):
        parts.append(f"<div>{shown(tip)}</div>")
    if not parts:
        return ""
    return f'<div dir="{escape(direction(lang))}">{"".join(parts)}</div>'


def _scaled_widths(layer: MapLayer, features: list[Mapping]) -> list[float]:
    low, high = layer.width_range
    if not isinstance(layer.width, str):
        return [float(layer.width)] * len(features)
    values = []
    for feature in features:
        value = (feature.get("properties") or {}).get(layer.width)
        values.append(float(value) if isinstance(value, numbers.Real) else 0.0)
    top = layer.width_max if layer.width_max is not None else max(values, default=0.0)
    if top <= 0:
        return [low] * len(features)
    return [round(low + (high - low) * min(max(v, 0.0), top) / top, 2) for v in values]


def _place_name(properties: Mapping, lang: str) -> str:
    name = properties.get("name_fa") if lang == "fa" else None
    return name or str(properties.get("name_en") or properties.get("id") or "").split(" (")[0]


def network_tooltip(properties: Mapping, lang: str, names: Mapping[str, str]) -> dict:
    """``name`` and ``tooltip`` for a feature of a dalan network GeoJSON, if it has none.

    Places are named by ``name_fa``/``name_en`` (or ``id``); links by their end places
    (``names``: place id to name) and get their mode, status and length.
    """
    if "name" in properties or "tooltip" in properties:
        return {}
    if "mode" not in properties:
        name = _place_name(properties, lang)
        return {"name": name} if name else {}
    ends = [properties.get(k) for k in ("from_id", "to_id")]
    name = " – ".join(str(names.get(e, e)) for e in ends if e) or str(properties.get("id", ""))
    keys = ("mode", "status")
    tip = {t(k, lang): t(str(properties[k]), lang) for k in keys if _known(properties.get(k))}
    if isinstance(properties.get("length_km"), numbers.Real):
        tip[t("km", lang)] = round(properties["length_km"])
    return {"name": name, "tooltip": tip}


def _known(value: object) -> bool:
    try:
        t(str(value))
    except KeyError:
        return False
    return True


def layer_spec(layer: MapLayer, lang: str, *, base: bool = False) -> dict:
    """The layer as the map script reads it: features with ``_tip`` and ``_w`` added.

    With ``base`` (the physical network), features are coloured by their ``mode``
    property, drawn dashed when by sea or ferry or not operational, and get tooltips from
    :func:`network_tooltip`.
    """
    features = list(layer.geojson.get("features", []))
    names = {
        p["id"]: _place_name(p, lang)
        for p in (f.get("properties") or {} for f in features)
        if base and "id" in p and "mode" not in p
    }
    out = []
    for feature, width in zip(features, _scaled_widths(layer, features), strict=True):
        properties = dict(feature.get("properties") or {})
        shown = {**properties, **network_tooltip(properties, lang, names)} if base else properties
        style: dict[str, object] = {"_w": width, "_tip": tooltip_html(shown, lang)}
        if "label" in properties:
            style["_label"] = format_value(properties["label"], lang)
        if base:
            mode = properties.get("mode")
            style["_c"] = _MODE_COLOURS.get(mode, layer.colour) if isinstance(mode, str) else layer.colour
            status = properties.get("status", "operational")
            style["_dash"] = mode in ("sea", "ferry") or status != "operational"
        out.append({**feature, "properties": {**properties, **style}})
    return {
        "name": layer.name,
        "colour": layer.colour,
        "dashed": layer.dashed,
        "visible": layer.visible,
        "radius": layer.point_radius,
        "points_only": all(_is_point(f) for f in features) and bool(features),
        "base": base,
        "geojson": {"type": "FeatureCollection", "features": out},
    }


def base_layer(base_network: Mapping, lang: str) -> MapLayer:
    """The physical network drawn thin and grey under the route layers."""
    return MapLayer(
        name=t("network", lang), colour="#777777", geojson=base_network, width=1.5, point_radius=3.0
    )


def _is_point(feature: Mapping) -> bool:
    return (feature.get("geometry") or {}).get("type") in ("Point", "MultiPoint")


def _positions(coordinates: object) -> Iterator[tuple[float, float]]:
    if isinstance(coordinates, (list, tuple)) and coordinates:
        if isinstance(coordinates[0], numbers.Real):
            yield float(coordinates[0]), float(coordinates[1])
        else:
            for part in coordinates:
                yield from _positions(part)


def _geometry_positions(geometry: Mapping | None) -> Iterator[tuple[float, float]]:
    if not geometry:
        return
    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _geometry_positions(part)
    else:
        yield from _positions(geometry.get("coordinates"))


def bounds(layers: list[MapLayer]) -> Bounds | None:
    """((south, west), (north, east)) of all features in ``layers``; None when empty."""
    points = [
        p
        for layer in layers
        for feature in layer.geojson.get("features", [])
        for p in _geometry_positions(feature.get("geometry"))
    ]
    if not points:
        return None
    lons, lats = zip(*points, strict=True)
    return (min(lats), min(lons)), (max(lats), max(lons))
