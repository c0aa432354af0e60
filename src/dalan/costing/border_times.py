"""Measured border-crossing times: the hours to clear one side of a border-crossing point (BCP),
by mode, direction and year, as the CAREC Corridor Performance Measurement and Monitoring (CPMM)
publishes them; read from a CSV (``dalan/data/border_times.csv``, its sources in
``reference/cpmm/README.md``).

The times apply in the years they were measured in (a year's state, like a congested port's hold):
a place's measured dwell for a crossing in such a year is, for each side measured there (the
country whose BCP it is), its time in the crossing's direction that year, summed over the sides;
in other years, and undated, the place keeps its reference dwell (a year's time is a poor guide to
another's: congestion comes and goes). A measured side is
its own stop, not a share of the crossing's: the reference's dwell of a place is the whole
crossing's, which a pair of border stations splits (``graph.compile.paired_borders``).
"""

from __future__ import annotations

import csv
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from dalan.data import companion_path, read_text
from dalan.errors import InputError, Problem
from dalan.messages import both
from dalan.network.model import is_country_code

COLUMNS: tuple[str, ...] = ("place_id", "country", "bcp_name", "mode", "direction", "year", "hours", "source", "table")
MODES: tuple[str, ...] = ("road", "rail")
DIRECTIONS: tuple[str, ...] = ("outbound", "inbound")
MAX_HOURS = 720.0  # 30 days: a published time above it is a unit slip
YEARS = (1990, 2100)


@dataclass(frozen=True)
class Heading:
    """Which way a published border figure was measured: ``direction`` (``outbound``/``inbound``)
    of the side it names, or ``crossing``, the countries left and entered; ``side``, the country
    whose border-crossing point it is, where stated. Empty: not stated."""

    direction: str = ""
    side: str = ""
    crossing: tuple[str, str] | None = None

    @property
    def entering(self) -> str | None:
        """The country the figure's traffic entered, where the heading says (its crossing, or an
        inbound figure of a named side); None where it does not."""
        if self.crossing is not None:
            return self.crossing[1]
        return self.side if self.direction == "inbound" and self.side else None

    def direction_of(self, side: str) -> str:
        """The direction at ``side``'s BCP: from the crossing where the side is one of its
        countries, else the stated direction."""
        if self.crossing is not None and side in self.crossing:
            return "outbound" if side == self.crossing[0] else "inbound"
        return self.direction


@dataclass(frozen=True)
class BorderTimes:
    """One place's measured times in one mode: side (the country whose BCP it is) → direction
    (``outbound``: leaving that country; ``inbound``) → year → hours, and the BCP names of each
    side (casefolded)."""

    sides: Mapping[str, Mapping[str, Mapping[int, float]]]
    names: Mapping[str, frozenset[str]]

    @cached_property
    def years(self) -> frozenset[int]:
        """Every year with a figure (asked on each ``Costing.period_of``: computed once)."""
        return frozenset(y for by_direction in self.sides.values() for by_year in by_direction.values() for y in by_year)

    def measured_in(self, year: int | None) -> bool:
        """Whether a side of the place has a figure of ``year`` (the times apply in such years)."""
        return year is not None and year in self.years

    def side_h(self, side: str, year: int | None, direction: str = "") -> float:
        """The side's hours in ``year`` in ``direction`` (the other direction's that year where this
        one has no figure), or without a direction the mean of the directions that year; for a side
        without a figure that year (another side of the place has one), its usual level: the median
        of its years."""
        by_direction = self.sides[side]
        that_year = {d: by_year[year] for d, by_year in by_direction.items() if year is not None and year in by_year}
        if that_year:
            return that_year[direction] if direction in that_year else statistics.fmean(that_year.values())
        usual = {d: statistics.median(by_year.values()) for d, by_year in by_direction.items()}
        return usual[direction] if direction in usual else statistics.fmean(usual.values())

    def names_side(self, name: str) -> bool:
        """Whether one of the sides measured here is the border-crossing point ``name``."""
        return any(name.strip().casefold() in names for names in self.names.values())

    def hours(self, year: int | None, name: str = "", heading: Heading | None = None) -> float:
        """The place's measured dwell in ``year``: the side whose BCP is called ``name`` (or the
        ``heading``'s side), else the sum over its sides; one side in the ``heading``'s direction
        where it states one, else (and for several sides) the mean of the directions."""
        heading = heading or Heading()
        named = [s for s in sorted(self.sides) if name.strip().casefold() in self.names[s]]
        chosen = [heading.side] if heading.side in named or (not named and heading.side in self.sides) else named or sorted(self.sides)
        return sum(self.side_h(s, year, heading.direction_of(s) if len(chosen) == 1 else "") for s in chosen)

    def crossing_h(self, year: int | None, from_country: str, to_country: str) -> float:
        """The place's measured dwell for a crossing from ``from_country`` into ``to_country``: each
        side's outbound time if it is the country left, its inbound time if the country entered,
        else the mean of its directions; summed over the sides."""
        direction = {from_country: "outbound", to_country: "inbound"}
        return sum(self.side_h(s, year, direction.get(s, "")) for s in sorted(self.sides))


@dataclass(frozen=True)
class _Record:
    place_id: str
    side: str
    bcp_name: str
    mode: str
    direction: str
    year: int
    hours: float


def border_times_from_text(text: str, file: str) -> dict[tuple[str, str], BorderTimes]:
    """Parse the CSV; raise InputError naming the line, field and value of every bad record.
    Records without a ``place_id`` (a BCP the network has no place for) are kept in the file for
    the record and skipped here."""
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(Problem.of("line 1", "header", ",".join(reader.fieldnames or []), "missing_columns", "header", file, missing=", ".join(missing), columns=",".join(COLUMNS)))
    found: dict[tuple[str, str, str, str, int], list[float]] = defaultdict(list)
    names: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for raw in reader:
        record = _record(raw, f"line {reader.line_num}", file, problems)
        if record is not None and record.place_id:
            found[record.place_id, record.mode, record.side, record.direction, record.year].append(record.hours)
            names[record.place_id, record.mode, record.side].update(_name_parts(record.bcp_name))
    if problems:
        raise InputError(problems)
    sides: dict[tuple[str, str], dict[str, dict[str, dict[int, float]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    for (place_id, mode, side, direction, year), values in sorted(found.items()):
        sides[place_id, mode][side][direction][year] = statistics.fmean(values)  # two reports of one figure: their mean
    return {
        key: BorderTimes({c: {d: dict(y) for d, y in by_d.items()} for c, by_d in by_side.items()}, {c: frozenset(names[(*key, c)]) for c in by_side})
        for key, by_side in sorted(sides.items())
    }


def _record(raw: dict[str, str | None], record: str, file: str, problems: list[Problem]) -> _Record | None:
    """One row checked field by field (each problem appended), or None when a field is bad."""
    count = len(problems)

    def bad(field: str, message_id: str, hint_id: str, **params: object) -> None:
        problems.append(Problem.of(record, field, raw.get(field), message_id, hint_id, file, **params))

    cell = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    if cell["mode"] not in MODES:
        bad("mode", "unknown_mode", "use_one_of", choices=MODES)
    if cell["direction"] not in DIRECTIONS:
        bad("direction", "unknown_value", "use_one_of", choices=DIRECTIONS)
    if not is_country_code(cell["country"]):
        bad("country", "not_country_code", "country_code")
    year = _number(cell["year"])
    if year is None or year != int(year) or not YEARS[0] <= year <= YEARS[1]:
        bad("year", "not_a_year", "year_value", low=YEARS[0], high=YEARS[1])
    hours = _number(cell["hours"])
    if hours is None:
        bad("hours", "not_finite_number", "no_nan")
    elif not 0.0 <= hours <= MAX_HOURS:
        bad("hours", "at_most" if hours > 0 else "at_least", "magnitude", low=0.0, high=MAX_HOURS)
    if len(problems) > count or year is None or hours is None:
        return None
    return _Record(cell["place_id"], cell["country"], cell["bcp_name"], cell["mode"], cell["direction"], int(year), hours)


def _name_parts(name: str) -> set[str]:
    """The names a BCP answers to, casefolded: ``Qirmizi Korpu (Red Bridge)`` → itself,
    ``qirmizi korpu`` and ``red bridge``."""
    whole = name.strip().casefold()
    outer, _, inner = whole.partition(" (")
    return {part for part in (whole, outer.strip(), inner.rstrip(")").strip()) if part}


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_border_times(name: str, costing_file: str = "") -> dict[tuple[str, str], BorderTimes]:
    """The measured times of file ``name``: beside the costing file when it is there, else the
    embedded data file of that name, else ``name`` as a path (an error naming it when absent)."""
    text, file = read_text(companion_path(name, costing_file), name, both("file_kind.border_times"))
    return border_times_from_text(text, file)


__all__ = ["COLUMNS", "BorderTimes", "Heading", "border_times_from_text", "read_border_times"]
