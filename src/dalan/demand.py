"""Freight demand between places: read and validate ``origin,destination,class,quantity_per_year``.

A demand file is CSV with a header row and those four columns. Places are given by id or by
name (English, Persian or alias, as :class:`~dalan.network.search.PlaceIndex` resolves them);
``class`` is one of :data:`CARGO_CLASSES`; quantities are per year in the class's unit (TEU,
tonnes, cars, trucks). Lines starting with ``#`` are comments. Every row is checked in one pass and all
problems are raised together as one :class:`~dalan.errors.InputError`.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dalan.choices import CARGO_CLASSES
from dalan.data import read_text
from dalan.errors import InputError, Problem, UnknownPlaceError
from dalan.messages import both
from dalan.network.model import Network
from dalan.network.search import PlaceIndex

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: tuple[str, ...] = ("origin", "destination", "class", "quantity_per_year")
DEFAULT_DEMAND = "demand_default.csv"
#: Largest yearly quantity of one row (units per year): above any corridor's published volume by
#: orders of magnitude, and small enough that assignment and simulation stay bounded.
MAX_QUANTITY_PER_YEAR = 1e9


@dataclass(frozen=True)
class DemandRow:
    """Yearly quantity of one cargo class from one place to another (place ids)."""

    origin_id: str
    destination_id: str
    cargo: str
    quantity_per_year: float


@dataclass(frozen=True)
class Demand:
    """The rows of a demand file, in file order."""

    rows: tuple[DemandRow, ...]
    source: str = ""

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[DemandRow]:
        return iter(self.rows)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [(r.origin_id, r.destination_id, r.cargo, r.quantity_per_year) for r in self.rows],
            columns=["origin", "destination", "class", "quantity_per_year"],
        )


def _quantity(text: str) -> float | None:
    try:
        value = float(text.replace("_", "x"))  # float() accepts "1_000"; a CSV should not
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def demand_from_records(records: Iterable[tuple[str, Mapping[str, str]]], network: Network, file: str = "") -> Demand:
    """Validate ``(record label, row)`` pairs into a :class:`Demand`; raise InputError listing all problems."""
    index = PlaceIndex.of(network)
    problems: list[Problem] = []
    rows: list[DemandRow] = []
    seen: dict[tuple[str, str, str], str] = {}

    def problem(record: str, field: str, value: object, message_id: str, hint_id: str, **params: object) -> None:
        problems.append(Problem.of(record, field, value, message_id, hint_id, file, **params))

    for record, raw in records:
        ids: dict[str, str] = {}
        for field in ("origin", "destination"):
            text = (raw.get(field) or "").strip()
            if not text:
                problem(record, field, text, "missing_place", "place_id_or_name")
                continue
            try:
                ids[field] = index.find(text).id
            except UnknownPlaceError as error:
                problem(record, field, text, "unknown_place", "did_you_mean" if error.close else "see_places", suggestions=error.close)
        cargo = (raw.get("class") or "").strip().lower()
        if cargo not in CARGO_CLASSES:
            problem(record, "class", raw.get("class"), "unknown_cargo", "choices", choices=CARGO_CLASSES)
        quantity_text = (raw.get("quantity_per_year") or "").strip()
        quantity = _quantity(quantity_text)
        if quantity is None:
            problem(record, "quantity_per_year", quantity_text, "not_finite_number", "units_per_year")
        elif quantity <= 0:
            problem(record, "quantity_per_year", quantity_text, "negative_quantity" if quantity < 0 else "zero_quantity", "positive_quantity")
            quantity = None
        elif quantity > MAX_QUANTITY_PER_YEAR:
            problem(record, "quantity_per_year", quantity_text, "too_much_per_year", "check_unit_per_year", limit=f"{MAX_QUANTITY_PER_YEAR:.0e}")
            quantity = None
        if len(ids) < 2 or cargo not in CARGO_CLASSES or quantity is None:
            continue
        if ids["origin"] == ids["destination"]:
            problem(record, "destination", raw.get("destination"), "same_as_origin", "remove_row")
            continue
        key = (ids["origin"], ids["destination"], cargo)
        if key in seen:
            problem(record, "origin,destination,class", "/".join(key), "duplicate_of", "merge_rows", other=seen[key])
            continue
        seen[key] = record
        rows.append(DemandRow(ids["origin"], ids["destination"], cargo, quantity))
    if problems:
        raise InputError(problems)
    return Demand(tuple(rows), file)


def _csv_records(text: str, file: str) -> Iterator[tuple[str, dict[str, str]]]:
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise InputError(Problem.of("file", "header", "", "empty_demand", "header", file, columns=",".join(COLUMNS)))
    rows = []
    for line_no, line in numbered:
        try:
            rows.append((line_no, next(csv.reader([line]))))
        except (csv.Error, StopIteration) as error:
            raise InputError(
                Problem.of(f"line {line_no}", "row", line[:80], "not_csv_row", "row_per_line", file, error=str(error), columns=",".join(COLUMNS))
            ) from None
    header = [name.strip() for name in rows[0][1]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise InputError(
            Problem.of(f"line {numbered[0][0]}", "header", ",".join(header), "missing_columns", "header", file, missing=", ".join(missing), columns=",".join(COLUMNS))
        )
    for line_no, values in rows[1:]:
        if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
            raise InputError(
                Problem.of(f"line {line_no}", "row", ",".join(values), "values_for_columns", "quote_commas", file, values=len(values), columns=len(header))
            )
        yield f"line {line_no}", dict(zip(header, values))


def read_demand(path: str | Path | None = None, network: Network | None = None) -> Demand:
    """Read a demand CSV (default: the embedded ``demand_default.csv``) against ``network``.

    ``network`` defaults to the embedded corridor network.
    """
    text, name = read_text(path, DEFAULT_DEMAND, both("file_kind.demand"))
    if network is None:
        from dalan.network.io import load_embedded_network

        network = load_embedded_network()
    return demand_from_records(_csv_records(text, name), network, name)


__all__ = ["CARGO_CLASSES", "Demand", "DemandRow", "demand_from_records", "read_demand"]
