"""Import of the reference node/link tables (``corridor_nodes.csv``, ``corridor_links.csv``).

Columns are those documented in ``CORRIDOR_FACTS.md`` §1. Mapping rules:

Places (nodes)
  * ``node_type`` → kind: ``city``, ``rail terminal``→``rail_terminal``, ``port``,
    ``border crossing``→``border_crossing``, ``gauge-change point``→``gauge_change``,
    ``ferry terminal``→``ferry_terminal``; several types separated by ``;`` give several kinds
    (``border crossing;rail terminal``: a border station where goods are also transshipped).
  * ``gauge_change_code`` (``transshipment``, ``bogie_exchange+transshipment``, ...) →
    ``gauge_change_methods`` in the given order (dominant first); ``none`` or empty → ``()``.
  * A border crossing whose code is not ``none`` also gets ``gauge_change``; a gauge-change point
    that is a border station (``border`` in its English name, or a link to a place in another
    country) also gets ``border_crossing``. Kinds are listed in :data:`PLACE_KINDS` order.
  * ``gauges_mm`` ``1520;1435`` → ``(1520, 1435)``; ``corridors`` split on ``;``.
  * ``rail/road_border_dwell_h_mean`` → ``*_border_dwell_h``; ``*_range`` ``"10-14"`` → low/high.
  * ``gauge_change_capacity_wagons_per_day``: the first figure (mid-point of a range) unless the
    text counts something else (train pairs) → ``None``; the text goes to ``capacity_note``.
  * ``capacity`` → ``capacity_note``; ``notes``, ``dwell_h_typical``, ``gauge_change_method``,
    ``dwell_default_basis`` and ``coord_basis`` are folded, labelled, into ``notes``.

Links
  * ``link_id`` → ``id``; ``gauge_mm`` text (``1520 (rail ferry)``, ``1520;1435 (dual-gauge
    bridge)``, ``1520 (AM) / 1435 (TR)``) → the 4-digit gauges in order; qualifiers go to ``notes``.
  * ``status_code`` → ``status``; ``status_year`` → ``year`` (first 4-digit year, else ``None``);
    the status text (when it says more than the code) and the status-year text → ``status_note``.
  * ``transit_time_h`` is kept only when ``transit_time_basis`` says ``published/reported``
    (ferries, Lake Van, feeders); otherwise ``None`` (time = length / speed). The value and its basis
    always go to ``notes``.
  * ``speed_kmh``, ``sailings_per_week`` (empty → ``None``); ``tracks`` → ``single``/``double``
    when the text starts with it, else ``""``; ``electrified`` code kept; raw track and
    electrification texts go to ``notes``; ``corridor`` split on ``;``; the optional
    ``chokepoints`` column (names of :data:`~dalan.network.model.CHOKEPOINTS`) and the optional
    ``carries`` column (cargo classes, for a service that takes only some) split on ``;``; ``capacity`` →
    ``capacity_note``; ``length_basis``, ``speed_basis``, ``frequency`` and ``sailings_basis`` →
    ``notes``. ``source`` and ``confidence`` are kept.

Bad rows become problems naming file, row (the header is row 1), field, value and a hint.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dalan.errors import InputError, Problem
from dalan.network._convert import FieldValueError, to_float
from dalan.network.model import PLACE_KINDS, Link, Network, Place
from dalan.network.records import Records

NODE_KINDS: dict[str, str] = {
    "city": "city",
    "rail terminal": "rail_terminal",
    "port": "port",
    "border crossing": "border_crossing",
    "gauge-change point": "gauge_change",
    "ferry terminal": "ferry_terminal",
}
NODE_COLUMNS = (
    "id",
    "name_en",
    "name_fa",
    "country_iso",
    "lat",
    "lon",
    "node_type",
    "gauges_mm",
    "corridors",
    "dwell_h_typical",
    "gauge_change_method",
    "gauge_change_code",
    "gauge_change_capacity_wagons_per_day",
    "rail_border_dwell_h_mean",
    "rail_border_dwell_h_range",
    "road_border_dwell_h_mean",
    "road_border_dwell_h_range",
    "dwell_default_basis",
    "capacity",
    "notes",
    "coord_basis",
    "source",
    "confidence",
)
LINK_COLUMNS = (
    "link_id",
    "from_id",
    "to_id",
    "mode",
    "corridor",
    "length_km",
    "length_basis",
    "gauge_mm",
    "tracks",
    "electrification",
    "electrified",
    "status",
    "status_code",
    "status_year",
    "speed_kmh",
    "speed_basis",
    "transit_time_h",
    "transit_time_basis",
    "frequency",
    "sailings_per_week",
    "sailings_basis",
    "capacity",
    "notes",
    "source",
    "confidence",
)
_GAUGE = re.compile(r"\b\d{4}\b")
_YEAR = re.compile(r"\b\d{4}\b")
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$")
_LEADING_FIGURE = re.compile(r"^~?\s*(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+(?:\.\d+)?))?")
_TRACKS = re.compile(r"^(single|double)\b")


def _split(text: str, separator: str = ";") -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())


def _labelled(*parts: tuple[str, str]) -> str:
    """``label: text`` parts joined by `` | `` (unlabelled when the label is empty)."""
    return " | ".join(
        f"{label}: {text}" if label else text for label, text in parts if text
    )


def _optional_float(text: str) -> float | None:
    return to_float(text) if text.strip() else None


def _dwell_range(text: str) -> tuple[float | None, float | None]:
    if not text.strip():
        return None, None
    match = _RANGE.match(text)
    if match:
        return float(match[1]), float(match[2])
    value = to_float(text)
    return value, value


def _gauges(text: str) -> tuple[int, ...]:
    gauges = tuple(dict.fromkeys(int(g) for g in _GAUGE.findall(text)))
    if text.strip() and not gauges:
        raise FieldValueError("no_gauge", "gauges")
    return gauges


def _methods(code: str) -> tuple[str, ...]:
    return () if code.strip() in ("", "none") else _split(code, "+")


def _node_kinds(text: str) -> tuple[str, ...]:
    types = _split(text) or ("",)
    unknown = [t for t in types if t not in NODE_KINDS]
    if unknown:
        raise FieldValueError("unknown_node_type", "node_types", kinds=tuple(NODE_KINDS))
    return tuple(NODE_KINDS[t] for t in types)


def _wagons_per_day(text: str) -> float | None:
    match = _LEADING_FIGURE.match(text.strip())
    if not match or "train" in text:
        return None
    return (float(match[1]) + float(match[2])) / 2 if match[2] else float(match[1])


class _Table:
    """Rows of one CSV file, and the problems found while converting them."""

    def __init__(self, path: Path, columns: tuple[str, ...], problems: list[Problem]):
        self.file = path.name
        self.problems = problems
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                self.rows = [
                    {k: (v or "").strip() for k, v in row.items() if k is not None}
                    for row in reader
                ]
                header = reader.fieldnames or []
        except FileNotFoundError:
            raise InputError.of("no_such_file", path=str(path)) from None
        except UnicodeDecodeError:
            raise InputError.of("not_utf8_csv", name=path.name) from None
        self.missing = [c for c in columns if c not in header]
        for column in self.missing:
            problems.append(
                Problem.of("header", column, None, "missing_column", "corridor_facts", self.file)
            )

    def convert(
        self,
        row_number: int,
        row: dict[str, str],
        key: str,
        column: str,
        convert: Callable[[str], object],
    ) -> object:
        """``convert(row[column])``, or ``_BAD`` after recording the problem."""
        raw = row.get(column, "")
        try:
            return convert(raw)
        except FieldValueError as error:
            record = f"row {row_number} (id {row.get(key, '')!r})"
            self.problems.append(
                error.said.problem(record, column, raw, self.file)
            )
            return _BAD


_BAD = object()


def _place_values(
    table: _Table, number: int, row: dict[str, str]
) -> dict[str, Any] | None:
    def get(column: str, convert: Callable[[str], object]) -> Any:
        return table.convert(number, row, "id", column, convert)

    rail_low_high = get("rail_border_dwell_h_range", _dwell_range)
    road_low_high = get("road_border_dwell_h_range", _dwell_range)
    kinds = get("node_type", _node_kinds)
    capacity_text = row["gauge_change_capacity_wagons_per_day"]
    values = {
        "id": row["id"],
        "name_en": row["name_en"],
        "name_fa": row["name_fa"],
        "country": row["country_iso"],
        "lat": get("lat", to_float),
        "lon": get("lon", to_float),
        "kinds": kinds,
        "gauges_mm": get("gauges_mm", _gauges),
        "corridors": _split(row["corridors"]),
        "rail_border_dwell_h": get("rail_border_dwell_h_mean", _optional_float),
        "road_border_dwell_h": get("road_border_dwell_h_mean", _optional_float),
        "gauge_change_methods": _methods(row["gauge_change_code"]),
        "gauge_change_capacity_wagons_per_day": _wagons_per_day(capacity_text),
        "capacity_note": _labelled(
            ("", row["capacity"]), ("gauge change, wagons/day", capacity_text)
        ),
        "notes": _labelled(
            ("", row["notes"]),
            ("published dwell", row["dwell_h_typical"]),
            ("gauge change", row["gauge_change_method"]),
            ("dwell default basis", row["dwell_default_basis"]),
            ("coordinates", row["coord_basis"]),
        ),
        "source": row["source"],
        "confidence": row["confidence"],
    }
    if _BAD in values.values() or rail_low_high is _BAD or road_low_high is _BAD:
        return None
    values["rail_border_dwell_low_h"], values["rail_border_dwell_high_h"] = (
        rail_low_high
    )
    values["road_border_dwell_low_h"], values["road_border_dwell_high_h"] = (
        road_low_high
    )
    return values


def _status_note(status_text: str, status_code: str, year_text: str) -> str:
    says_more = status_text.replace(" ", "_") != status_code
    bare_year = _YEAR.fullmatch(year_text) is not None
    return "; ".join(
        t
        for t in (status_text if says_more else "", "" if bare_year else year_text)
        if t
    )


def _link(table: _Table, number: int, row: dict[str, str]) -> Link | None:
    def get(column: str, convert: Callable[[str], object]) -> Any:
        return table.convert(number, row, "link_id", column, convert)

    tracks_text, gauge_text = row["tracks"], row["gauge_mm"]
    tracks = _TRACKS.match(tracks_text)
    basis = row["transit_time_basis"]
    transit_text = row["transit_time_h"]
    year = _YEAR.search(row["status_year"])
    values = {
        "id": row["link_id"],
        "from_id": row["from_id"],
        "to_id": row["to_id"],
        "mode": row["mode"],
        "length_km": get("length_km", to_float),
        "gauges_mm": get("gauge_mm", _gauges),
        "tracks": tracks[1] if tracks else "",
        "electrified": row["electrified"],
        "speed_kmh": get("speed_kmh", _optional_float),
        "transit_time_h": get("transit_time_h", _optional_float)
        if basis.startswith("published/reported")
        else None,
        "sailings_per_week": get("sailings_per_week", _optional_float),
        "capacity_note": row["capacity"],
        "status": row["status_code"],
        "year": int(year[0]) if year else None,
        "status_note": _status_note(
            row["status"], row["status_code"], row["status_year"]
        ),
        "corridors": _split(row["corridor"]),
        "chokepoints": _split(row.get("chokepoints", "")),
        "carries": _split(row.get("carries", "")),
        "notes": _labelled(
            ("", row["notes"]),
            ("length", row["length_basis"]),
            ("speed", row["speed_basis"]),
            ("transit time", f"{transit_text} h ({basis})" if transit_text else basis),
            (
                "gauge",
                gauge_text
                if gauge_text != ";".join(_GAUGE.findall(gauge_text))
                else "",
            ),
            (
                "tracks",
                tracks_text if tracks_text != (tracks[1] if tracks else "") else "",
            ),
            ("electrification", row["electrification"]),
            ("frequency", row["frequency"]),
            ("sailings", row["sailings_basis"]),
        ),
        "source": row["source"],
        "confidence": row["confidence"],
    }
    return None if _BAD in values.values() else Link(**values)


def _kinds(values: dict[str, Any], foreign_link: bool) -> tuple[str, ...]:
    kinds = set(values["kinds"])
    if "border_crossing" in kinds and values["gauge_change_methods"]:
        kinds.add("gauge_change")
    if "gauge_change" in kinds and (
        "border" in str(values["name_en"]).lower() or foreign_link
    ):
        kinds.add("border_crossing")
    return tuple(k for k in PLACE_KINDS if k in kinds) + tuple(
        sorted(kinds - set(PLACE_KINDS))
    )


def read_reference_csv_records(nodes_csv: str | Path, links_csv: str | Path) -> Records:
    """Places, links and row problems of the reference tables (see the module docstring)."""
    problems: list[Problem] = []
    nodes = _Table(Path(nodes_csv), NODE_COLUMNS, problems)
    links_table = _Table(Path(links_csv), LINK_COLUMNS, problems)
    if nodes.missing or links_table.missing:
        return Records((), (), tuple(problems), "reference", nodes.file)
    place_values = [
        _place_values(nodes, i, row) for i, row in enumerate(nodes.rows, start=2)
    ]
    maybe_links = [
        _link(links_table, i, row) for i, row in enumerate(links_table.rows, start=2)
    ]
    links = [link for link in maybe_links if link is not None]
    country = {row["id"]: row["country_iso"] for row in nodes.rows}
    foreign = {
        end
        for link in links
        if country.get(link.from_id) != country.get(link.to_id)
        for end in (link.from_id, link.to_id)
    }
    places = [
        Place(**(v | {"kinds": _kinds(v, v["id"] in foreign)}))
        for v in place_values
        if v is not None
    ]
    return Records(
        tuple(places),
        tuple(links),
        tuple(problems),
        "reference",
        f"{nodes.file}, {links_table.file}",
    )


def read_reference_csv(nodes_csv: str | Path, links_csv: str | Path) -> Network:
    """The network of the reference tables; :class:`InputError` lists every bad row."""
    return read_reference_csv_records(nodes_csv, links_csv).to_network()
