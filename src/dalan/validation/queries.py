"""Published figures as route queries: read and validate ``calibration_queries.csv``.

The format (``shared/reference/observations/README.md``) has one published figure per line::

    id, metric, origin, destination, via, leg_modes, modes, avoid, cargo, quantity, unit,
    scope, scenario, place, value, value_low, value_high, year, kind, mappable, mapping_note

:func:`read_queries` checks every cell once, where the file enters, and returns typed
:class:`QueryRow` objects; every problem in the file is reported together in one
:class:`~dalan.errors.InputError`, each naming the file, the line, the field, the value and a fix.
Whether a valid row can be *run* (a known place, a modelled metric or unit, a shipped scenario)
is not a parsing question: :mod:`dalan.validation.backtest` reports that per row.

Numbers may be written with Latin, Persian or Arabic-Indic digits (``۱۲٫۵``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from dalan.costing.border_times import Heading
from dalan.errors import InputError, Problem, os_reason
from dalan.messages import both
from dalan.options import CARGO_CLASSES, parse_leg_modes, parse_modes, split_items

COLUMNS: tuple[str, ...] = (
    "id", "metric", "origin", "destination", "via", "leg_modes", "modes", "avoid", "cargo",
    "quantity", "unit", "scope", "scenario", "place", "value", "value_low", "value_high", "year",
    "kind", "mappable", "mapping_note",
)  # fmt: skip
#: Columns a file may add: ``direction`` of a border figure (``inbound``/``outbound`` at the side
#: it names); ``month`` of the figure's year (1-12) it was quoted or measured in.
OPTIONAL_COLUMNS: tuple[str, ...] = ("direction", "month")
DIRECTIONS: tuple[str, ...] = ("inbound", "outbound")
MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: A month named with a year after it: ``Jan 2024``, ``04 Jan 2024``, ``mid-Feb 2025``, ``June 2024``.
_NOTE_MONTH = re.compile(
    r"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+(\d{4})\b",
    re.IGNORECASE,
)
#: A quarter: ``Q3 2024`` (its middle month stands for it).
_NOTE_QUARTER = re.compile(r"\bQ([1-4]) ?(\d{4})\b")
#: An ISO date or month: ``2024-10-31``, ``2022-11`` (most often the source's date, near the figure's).
_NOTE_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})(?:-\d{2})?\b")
_NOTE_DIRECTION = re.compile(r"\b(inbound|outbound)\b", re.IGNORECASE)
_NOTE_CROSSING = re.compile(r"\b([A-Z]{2}) ?-> ?([A-Z]{2})\b")
_NOTE_SIDE = re.compile(r"\b([A-Z]{2})-side\b")
SCOPES: tuple[str, ...] = ("door-to-door", "terminal-to-terminal", "line-haul", "border")
MAPPABLE: dict[str, bool] = {"yes": True, "no": False}
SHIPPED = "calibration_queries.csv"
#: How the shipped observations file is named in messages and reports.
SHIPPED_NAME = f"dalan/data/observations/{SHIPPED}"
YEAR_RANGE = (1900, 2100)

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫", "0123456789" * 2 + ".")


@dataclass(frozen=True)
class QueryRow:
    """One published figure and the route query (or facility) it describes.

    ``via`` and ``avoid`` are ``;``-lists split into tuples; ``leg_modes`` (one entry per segment,
    None for any mode) and ``modes`` (None for every mode) are parsed like the CLI's options.
    ``value_low``/``value_high`` give the published range when there is one.
    """

    id: str
    metric: str
    origin: str = ""
    destination: str = ""
    via: tuple[str, ...] = ()
    leg_modes: tuple[tuple[str, ...] | None, ...] = ()
    modes: tuple[str, ...] | None = None
    avoid: tuple[str, ...] = ()
    cargo: str = ""
    quantity: float | None = None
    unit: str = ""
    scope: str = ""
    scenario: str = ""
    place: str = ""
    value: float = 0.0
    value_low: float | None = None
    value_high: float | None = None
    year: int | None = None
    kind: str = ""
    mappable: bool = True
    mapping_note: str = ""
    direction: str = ""
    month: int | None = None
    file: str = ""
    line: int = 0

    @property
    def record(self) -> str:
        """``file:line id``: where the row came from, for messages."""
        return f"{self.file}:{self.line} {self.id}"

    @property
    def heading(self) -> Heading:
        """Which way a border figure was measured: the ``direction`` column, else the note's first
        ``inbound``/``outbound``; the crossing's countries where the note has them (``TR->GE``);
        the side where it names one (``AZ-side``)."""
        found = _NOTE_DIRECTION.search(self.mapping_note)
        crossing = _NOTE_CROSSING.search(self.mapping_note)
        side = _NOTE_SIDE.search(self.mapping_note)
        return Heading(
            self.direction or (found.group(1).lower() if found else ""),
            side.group(1) if side else "",
            (crossing.group(1), crossing.group(2)) if crossing else None,
        )

    @property
    def quoted_month(self) -> int | None:
        """The month of :attr:`year` the figure is of: the ``month`` column, else the note's first
        month named with that year after it (``Jan 2024``, ``week of 13 Feb 2025``), else the
        middle month of its first quarter of that year (``Q3 2024``: August), else its first ISO
        date of that year (``2024-10-31``: a source's date, the nearest month known); None when
        none says (a sea price is then priced at its year's market)."""
        if self.month is not None or self.year is None:
            return self.month
        for found in _NOTE_MONTH.finditer(self.mapping_note):
            if int(found.group(2)) == self.year:
                return MONTHS.index(found.group(1)[:3].lower()) + 1
        for found in _NOTE_QUARTER.finditer(self.mapping_note):
            if int(found.group(2)) == self.year:
                return 3 * int(found.group(1)) - 1
        for found in _NOTE_ISO_MONTH.finditer(self.mapping_note):
            if int(found.group(1)) == self.year and 1 <= int(found.group(2)) <= 12:
                return int(found.group(2))
        return None

    @property
    def is_delta(self) -> bool:
        """The figure is a difference: this query minus the same query without a scenario."""
        return self.mapping_note.strip().upper().startswith("DELTA:")

    def to_csv_dict(self) -> dict[str, str]:
        """The row as CSV cells (the inverse of parsing)."""

        def num(x: float | None) -> str:
            return "" if x is None else repr(float(x))

        return {
            "id": self.id,
            "metric": self.metric,
            "origin": self.origin,
            "destination": self.destination,
            "via": ";".join(self.via),
            "leg_modes": ";".join("*" if leg is None else ",".join(leg) for leg in self.leg_modes),
            "modes": "" if self.modes is None else ",".join(self.modes),
            "avoid": ";".join(self.avoid),
            "cargo": self.cargo,
            "quantity": num(self.quantity),
            "unit": self.unit,
            "scope": self.scope,
            "scenario": self.scenario,
            "place": self.place,
            "value": num(self.value),
            "value_low": num(self.value_low),
            "value_high": num(self.value_high),
            "year": "" if self.year is None else str(self.year),
            "kind": self.kind,
            "mappable": "yes" if self.mappable else "no",
            "mapping_note": self.mapping_note,
            "direction": self.direction,
            "month": "" if self.month is None else str(self.month),
        }


def shipped_queries_text() -> tuple[str, str]:
    """The text of the shipped calibration queries and the name to use in messages."""
    path = resources.files("dalan.data").joinpath("observations", SHIPPED)
    return path.read_text(encoding="utf-8"), SHIPPED_NAME


def read_queries(path: str | Path | None = None) -> tuple[QueryRow, ...]:
    """The rows of a queries CSV (default: the shipped calibration file), validated.

    Raises InputError for a missing or unreadable file, a file that is not such a CSV (missing
    columns) and every bad cell (naming file, line, field, value and a hint).
    """
    if path is None:
        text, name = shipped_queries_text()
    else:
        name = str(path)
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError.of("no_queries_file", name=name) from None
        except OSError as exc:
            raise InputError.of("cannot_read", path=name, what=both("file_kind.queries"), reason=os_reason(exc)) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError.of("queries_not_utf8", name=name, columns=COLUMNS) from None
        if "\0" in text:
            raise InputError.of("queries_binary", name=name, columns=COLUMNS)
    return parse_queries(text, name)


def parse_queries(text: str, name: str = "<queries>") -> tuple[QueryRow, ...]:
    """Parse CSV text in the query format; InputError listing every problem."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Problem.of("line 1", "header", "", "file_empty", "first_line", name, columns=",".join(COLUMNS))) from None
    except csv.Error as exc:
        raise InputError(Problem.of("line 1", "header", "", "not_csv", "save_csv", name, error=str(exc))) from None
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(Problem.of("line 1", "header", ",".join(header)[:120], "missing_columns", "first_line", name, missing=", ".join(missing), columns=",".join(COLUMNS)))
    rows: list[QueryRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if len(cells) != len(header):
                problems.append(Problem.of(f"line {start}", "row", len(cells), "cells_for_header", "quote_cells", name, cells=len(cells), columns=len(header)))
                continue
            record = dict(zip(header, cells, strict=True))
            row = parse_row(record, start, name, problems)
            if row is None:
                continue
            if row.id in seen:
                problems.append(Problem.of(f"line {start}", "id", row.id, "repeated_id", "own_row_id", name, line=seen[row.id]))
                continue
            seen[row.id] = start
            rows.append(row)
    except csv.Error as exc:
        problems.append(Problem.of(f"line {line}", "row", "", "not_csv", "csv_quotes", name, error=str(exc)))
    if problems:
        raise InputError(problems)
    return tuple(rows)


def parse_row(record: Mapping[str, str], line: int, file: str, problems: list[Problem]) -> QueryRow | None:
    """One CSV record → QueryRow; problems are appended (and None returned) instead of raised."""
    where = f"line {line}"
    before = len(problems)

    def cell(column: str) -> str:
        return (record.get(column) or "").strip()

    def add(column: str, value: object, message_id: str, hint_id: str, **params: object) -> None:
        problems.append(Problem.of(where, column, value, message_id, hint_id, file, **params))

    def number(column: str, *, required: bool = False, positive: bool = False, signed: bool = True) -> float | None:
        text = cell(column)
        if not text:
            if required:
                add(column, text, "missing_number", "number_such_as")
            return None
        try:
            value = float(text.translate(_DIGITS))
        except ValueError:
            add(column, text, "not_a_number", "number_no_units")
            return None
        if not math.isfinite(value):
            add(column, text, "not_finite", "not_finite")
            return None
        if (value < 0 and not signed) or (positive and value <= 0):
            add(column, text, "not_positive" if positive else "negative", "above_zero")
            return None
        return value

    def modes(column: str, parse):
        try:
            return parse(cell(column), where)
        except InputError as error:
            problems.extend(replace(p, record=where, field=column, file=file) for p in error.problems)
            return None

    row_id = cell("id")
    if not row_id:
        add("id", row_id, "empty", "row_id")
    metric = cell("metric")
    if not metric:
        add("metric", metric, "empty", "name_metric")
    cargo = cell("cargo").lower()
    if cargo and cargo not in CARGO_CLASSES:
        add("cargo", cell("cargo"), "unknown_cargo", "cargo_or_empty", choices=CARGO_CLASSES)
    scope = cell("scope").lower()
    if scope and scope not in SCOPES:
        add("scope", cell("scope"), "unknown_scope", "choices", choices=tuple(SCOPES))
    mappable_text = cell("mappable").lower()
    if mappable_text not in MAPPABLE:
        add("mappable", cell("mappable"), "yes_or_no", "mappable")
    quantity = number("quantity", positive=True)
    value = number("value", required=True)
    low, high = number("value_low"), number("value_high")
    if low is not None and high is not None and low > high:
        add("value_low", cell("value_low"), "above_high", "swap_bounds", high=cell("value_high"))
    year = None
    if cell("year"):
        year_value = number("year", signed=False)
        if year_value is not None:
            if year_value != int(year_value) or not YEAR_RANGE[0] <= year_value <= YEAR_RANGE[1]:
                add("year", cell("year"), "year_between", "four_digit_year", low=YEAR_RANGE[0], high=YEAR_RANGE[1])
            else:
                year = int(year_value)
    direction = cell("direction").lower()
    if direction and direction not in DIRECTIONS:
        add("direction", cell("direction"), "unknown_value", "use_one_of", choices=DIRECTIONS)
    month = None
    if cell("month"):
        month_value = number("month", signed=False)
        if month_value is not None and (month_value != int(month_value) or not 1 <= month_value <= 12):
            add("month", cell("month"), "month_between", "month_number")
        elif month_value is not None:
            month = int(month_value)
    legs = modes("leg_modes", parse_leg_modes)
    trip = modes("modes", parse_modes)
    if len(problems) > before:
        return None
    return QueryRow(
        id=row_id,
        metric=metric,
        origin=cell("origin"),
        destination=cell("destination"),
        via=tuple(split_items(cell("via"), ";")),
        leg_modes=tuple(legs or ()),
        modes=trip,
        avoid=tuple(split_items(cell("avoid"), ";")),
        cargo=cargo,
        quantity=quantity,
        unit=cell("unit"),
        scope=scope,
        scenario=cell("scenario"),
        place=cell("place"),
        value=float(value),  # type: ignore[arg-type]
        value_low=low,
        value_high=high,
        year=year,
        kind=cell("kind"),
        mappable=MAPPABLE[mappable_text],
        mapping_note=cell("mapping_note"),
        direction=direction,
        month=month,
        file=file,
        line=line,
    )


def write_queries(rows: Iterable[QueryRow]) -> str:
    """Rows as CSV text in the query format (header first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS + OPTIONAL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.to_csv_dict())
    return out.getvalue()


__all__ = ["COLUMNS", "DIRECTIONS", "OPTIONAL_COLUMNS", "SCOPES", "QueryRow", "parse_queries", "read_queries", "shipped_queries_text", "write_queries"]
