"""The deep-sea container market by month: Drewry's World Container Index (WCI), USD per 40-ft box,
as its weekly assessments were published — the composite of eight lanes and the Asia–Europe lanes
(Shanghai–Rotterdam, Shanghai–Genoa); read from a CSV (``dalan/data/sea_market.csv``:
``date,series,usd_per_feu,source``, one assessment of one series per line).

A month's level of a set of series is the mean of each series' mean that month (the series that
have one); :mod:`dalan.costing.loading` divides it by the set's usual level
(``[general] sea_market_series``, ``sea_market_usual_usd_per_feu``) to give the factor on the
deep-sea container rate that a route of that month pays (``Costing.year_factor``). The market moves
within a year (Shanghai–Genoa went from USD 4,178 to 6,365 in January 2024; the composite from
about 9,500 to 2,100 over 2022), so a quote is priced at its month's level where the file has that
month, and at its year's (``[sea_rate_index]``) where it does not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import statistics
from collections import defaultdict

from dalan.data import companion_path, read_text
from dalan.errors import InputError, Problem
from dalan.messages import both

COLUMNS: tuple[str, ...] = ("date", "series", "usd_per_feu", "source")
#: The composite index and the lanes of Drewry's WCI the file may hold.
SERIES: tuple[str, ...] = (
    "composite", "shanghai_rotterdam", "shanghai_genoa", "shanghai_los_angeles", "shanghai_new_york",
    "rotterdam_shanghai", "los_angeles_shanghai", "rotterdam_new_york", "new_york_rotterdam",
)  # fmt: skip
MAX_USD_PER_FEU = 100_000.0  # above it a figure is a unit slip
YEARS = (1990, 2100)

Month = tuple[int, int]  # (year, month 1-12)


def sea_market_from_text(text: str, file: str = "<sea market>") -> dict[str, dict[Month, float]]:
    """Each series' mean (USD per FEU) by month from the CSV text; InputError naming the line,
    field and value of every bad record."""
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(Problem.of("line 1", "header", ",".join(reader.fieldnames or []), "missing_columns", "header", file, missing=", ".join(missing), columns=",".join(COLUMNS)))
    found: dict[str, dict[Month, list[float]]] = defaultdict(lambda: defaultdict(list))
    for raw in reader:
        record = _record(raw, f"line {reader.line_num}", file, problems)
        if record is not None:
            series, date, value = record
            found[series][date.year, date.month].append(value)
    if problems:
        raise InputError(problems)
    return {series: {month: statistics.fmean(v) for month, v in sorted(by_month.items())} for series, by_month in sorted(found.items())}


def monthly_level(market: dict[str, dict[Month, float]], series: tuple[str, ...]) -> dict[Month, float]:
    """The level of a set of series by month: the mean of the means of those that have the month."""
    months = sorted({m for name in series for m in market.get(name, {})})
    return {m: statistics.fmean(market[name][m] for name in series if m in market.get(name, {})) for m in months}


def _record(raw: dict[str, str | None], record: str, file: str, problems: list[Problem]) -> tuple[str, dt.date, float] | None:
    """One assessment (its series, date and value) checked field by field, or None when a field
    is bad."""
    count = len(problems)
    cell = {name: (raw.get(name) or "").strip() for name in COLUMNS}

    def bad(field: str, message_id: str, hint_id: str, **params: object) -> None:
        problems.append(Problem.of(record, field, raw.get(field), message_id, hint_id, file, **params))

    try:
        date: dt.date | None = dt.date.fromisoformat(cell["date"])
    except ValueError:
        date = None
    if date is None or not YEARS[0] <= date.year <= YEARS[1]:
        bad("date", "not_a_date", "not_a_date")
    if cell["series"] not in SERIES:
        bad("series", "unknown_value", "use_one_of", choices=SERIES)
    try:
        value = float(cell["usd_per_feu"])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        bad("usd_per_feu", "not_finite_number", "no_nan")
    elif not 0.0 < value <= MAX_USD_PER_FEU:
        bad("usd_per_feu", "at_most" if value > 0 else "not_positive", "magnitude", low=0.0, high=MAX_USD_PER_FEU)
    if not cell["source"]:
        bad("source", "empty", "assessment_source")
    if len(problems) > count or date is None:
        return None
    return cell["series"], date, value


def read_sea_market(name: str, costing_file: str = "") -> dict[str, dict[Month, float]]:
    """The monthly means of file ``name``: beside the costing file when it is there, else the
    embedded data file of that name, else ``name`` as a path (an error naming it when absent)."""
    text, file = read_text(companion_path(name, costing_file), name, both("file_kind.sea_market"))
    return sea_market_from_text(text, file)


__all__ = ["COLUMNS", "SERIES", "Month", "monthly_level", "read_sea_market", "sea_market_from_text"]
