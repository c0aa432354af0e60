"""Reading and writing networks as GeoJSON, and the embedded default network.

File layout: a ``FeatureCollection`` with top-level ``"dalan_schema": 1`` and ``"name"``.

* Places are ``Point`` features (coordinates ``[lon, lat]``) whose ``properties`` hold
  ``feature_type: "place"`` and every other :class:`Place` field (tuples as lists).
* Links are ``LineString`` features whose ``properties`` hold ``feature_type: "link"`` and every
  :class:`Link` field except ``geometry``. The coordinates are ``link.geometry`` (``(lon, lat)``
  pairs, as in GeoJSON) when it is set, else the straight line between the two places; a line that
  is exactly that straight line reads back as ``geometry=None``, so write → read is lossless.

Readers report every problem of a file at once (:class:`InputError` with one :class:`Problem` per
bad field); a file that is not JSON, or not a FeatureCollection, gets one clear line. The CSV import
of the reference tables is :func:`dalan.network.reference_csv.read_reference_csv`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dalan.errors import InputError, Problem, Said
from dalan.files import write_text_atomic
from dalan.network._convert import (
    FieldValueError,
    converters,
    required_fields,
    to_float,
)
from dalan.network.model import Link, Network, Place
from dalan.network.records import Records
from dalan.network.reference_csv import read_reference_csv, read_reference_csv_records

SCHEMA_VERSION = 1
_PLACE_FIELDS = converters(Place, skip=("lat", "lon"))
_LINK_FIELDS = converters(Link, skip=("geometry",))
_FEATURE_FIELDS = {"place": _PLACE_FIELDS, "link": _LINK_FIELDS}
_REQUIRED = {
    "place": required_fields(Place) - {"lat", "lon"},
    "link": required_fields(Link),
}


# --- writing -------------------------------------------------------------------------------------


def _json_value(value: object) -> object:
    return [_json_value(item) for item in value] if isinstance(value, tuple) else value


def _properties(
    record: Place | Link, feature_type: str, names: Mapping[str, object]
) -> dict[str, object]:
    return {"feature_type": feature_type} | {
        name: _json_value(getattr(record, name)) for name in names
    }


def _straight_line(network: Network, link: Link) -> list[list[float]]:
    ends = (network.place(link.from_id), network.place(link.to_id))
    return [[place.lon, place.lat] for place in ends]


def network_to_geojson(network: Network) -> dict[str, object]:
    """The GeoJSON FeatureCollection of ``network`` (see the module docstring)."""
    places = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": _properties(place, "place", _PLACE_FIELDS),
        }
        for place in network.places
    ]
    links = [
        {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": _json_value(link.geometry)
                if link.geometry
                else _straight_line(network, link),
            },
            "properties": _properties(link, "link", _LINK_FIELDS),
        }
        for link in network.links
    ]
    return {
        "type": "FeatureCollection",
        "dalan_schema": SCHEMA_VERSION,
        "name": network.name,
        "features": places + links,
    }


def write_geojson(network: Network, path: str | Path) -> None:
    """Write ``network`` as compact UTF-8 GeoJSON (non-ASCII names kept readable)."""
    text = json.dumps(
        network_to_geojson(network), ensure_ascii=False, separators=(",", ":")
    )
    write_text_atomic(path, text + "\n")


# --- reading -------------------------------------------------------------------------------------


class _FeatureReader:
    """Collects the places, links and problems of one FeatureCollection."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, record: str, field: str, value: object, said: Said) -> None:
        self.problems.append(said.problem(record, field, value, self.file))

    def fields(
        self, record: str, feature_type: str, properties: Mapping[str, object]
    ) -> dict[str, Any] | None:
        """Converted field values, or None when any field is bad (each reported)."""
        known = _FEATURE_FIELDS[feature_type]
        values: dict[str, Any] = {}
        ok = True
        for name in sorted(_REQUIRED[feature_type] - properties.keys()):
            self.problem(record, name, None, Said.of("missing_field", "needs_field", kind=feature_type, name=name))
            ok = False
        for name, raw in properties.items():
            if name == "feature_type":
                continue
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = ("did_you_mean", {"suggestions": close[0]}) if close else ("remove_unknown_field", {"known": tuple(known)})
                self.problem(record, name, raw, Said.of("unknown_feature_field", hint[0], kind=feature_type, **hint[1]))
                ok = False
                continue
            try:
                values[name] = known[name](raw)
            except FieldValueError as error:
                self.problem(record, name, raw, error.said)
                ok = False
        return values if ok else None

    def coordinates(
        self, record: str, geometry: object, geometry_type: str
    ) -> list[tuple[float, float]] | None:
        """The (lon, lat) positions of a Point or LineString geometry, or None (reported)."""
        if not isinstance(geometry, Mapping) or geometry.get("type") != geometry_type:
            found = geometry.get("type") if isinstance(geometry, Mapping) else geometry
            self.problem(record, "geometry", found, Said.of("expected_geometry", "geometry", kind=geometry_type))
            return None
        raw = geometry.get("coordinates")
        positions = [raw] if geometry_type == "Point" else raw
        try:
            if not isinstance(positions, list) or len(positions) < (
                1 if geometry_type == "Point" else 2
            ):
                raise FieldValueError("too_few_positions", "geometry")
            points = []
            for position in positions:
                if not isinstance(position, list) or len(position) < 2:
                    raise FieldValueError("not_a_position", "geometry")
                points.append((to_float(position[0]), to_float(position[1])))
        except FieldValueError as error:
            self.problem(record, "geometry.coordinates", raw, error.said)
            return None
        return points

    def features(
        self, collection: Mapping[str, object]
    ) -> Iterator[tuple[str, str, dict[str, object], object]]:
        """(record label, feature type, properties, geometry) per well-formed feature."""
        features = collection.get("features")
        if not isinstance(features, list):
            self.problem("collection", "features", type(features).__name__, Said.of("not_a_list", "list_of_features"))
            return
        for index, feature in enumerate(features):
            properties = (
                feature.get("properties") if isinstance(feature, Mapping) else None
            )
            if not isinstance(properties, Mapping):
                self.problem(f"feature {index}", "properties", None, Said.of("no_properties", "properties"))
                continue
            record = (
                f"feature {index} (id {properties['id']!r})"
                if "id" in properties
                else f"feature {index}"
            )
            feature_type = properties.get("feature_type")
            if feature_type not in _FEATURE_FIELDS:
                self.problem(record, "feature_type", feature_type, Said.of("unknown_feature_type", "feature_type"))
                continue
            yield record, str(feature_type), dict(properties), feature.get("geometry")


def _straight(
    geometry: list[tuple[float, float]], ends: tuple[Place | None, Place | None]
) -> bool:
    return len(geometry) == 2 and all(
        p is not None and pos == (p.lon, p.lat) for pos, p in zip(geometry, ends)
    )


def geojson_records(data: object, source_name: str) -> Records:
    """Places, links and read problems of a parsed GeoJSON document (no semantic validation)."""
    if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, Mapping) else type(data).__name__
        raise InputError.of("not_feature_collection", name=source_name, found=repr(found))
    reader = _FeatureReader(source_name)
    places: list[Place] = []
    link_rows: list[tuple[dict[str, Any], list[tuple[float, float]]]] = []
    for record, feature_type, properties, geometry in reader.features(data):
        values = reader.fields(record, feature_type, properties)
        coordinates = reader.coordinates(
            record, geometry, "Point" if feature_type == "place" else "LineString"
        )
        if values is None or coordinates is None:
            continue
        if feature_type == "place":
            places.append(Place(**values, lon=coordinates[0][0], lat=coordinates[0][1]))
        else:
            link_rows.append((values, coordinates))
    by_id = {place.id: place for place in places}
    links = []
    for values, line in link_rows:
        ends = (by_id.get(str(values["from_id"])), by_id.get(str(values["to_id"])))
        links.append(
            Link(**values, geometry=None if _straight(line, ends) else tuple(line))
        )
    name = data.get("name")
    return Records(
        tuple(places),
        tuple(links),
        tuple(reader.problems),
        name if isinstance(name, str) else source_name,
        source_name,
    )


def network_from_geojson(data: object, source_name: str) -> Network:
    """The network of a parsed GeoJSON document; :class:`InputError` lists every read problem."""
    return geojson_records(data, source_name).to_network()


def _load_json(text: str, source_name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError.of("not_json", name=source_name, line=error.lineno, column=error.colno, error=error.msg) from None


def read_geojson_records(path: str | Path) -> Records:
    """Places, links and read problems of a GeoJSON file (see :func:`geojson_records`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.of("no_such_file", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError.of("not_utf8_geojson", name=path.name) from None
    return geojson_records(_load_json(text, path.name), path.name)


def read_geojson(path: str | Path) -> Network:
    """The network stored in a GeoJSON file."""
    return read_geojson_records(path).to_network()


@lru_cache(maxsize=1)
def load_embedded_network() -> Network:
    """The default corridor network shipped with dalan (``dalan/data/network.geojson``)."""
    text = (
        resources.files("dalan")
        .joinpath("data/network.geojson")
        .read_text(encoding="utf-8")
    )
    return network_from_geojson(_load_json(text, "network.geojson"), "network.geojson")


__all__ = [
    "SCHEMA_VERSION",
    "geojson_records",
    "load_embedded_network",
    "network_from_geojson",
    "network_to_geojson",
    "read_geojson",
    "read_geojson_records",
    "read_reference_csv",
    "read_reference_csv_records",
    "write_geojson",
]
