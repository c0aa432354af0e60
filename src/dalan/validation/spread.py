"""The spread of a trip's time and of its price, read from figures predicted out of sample.

A route's p10–p90 is its time times one lognormal factor of median 1 per trip, and its price times
another (``operations.toml`` ``[variability]``: ``trip_log_sd`` and ``price_log_sd`` by land,
``sea_trip_log_sd`` and ``sea_price_log_sd`` by sea). Each factor's log-sd is read from how far
published figures fall from the model's where the model never saw them: ``dalan calibrate``'s
leave-one-corridor-out predictions and, with ``--check``, the fitted costing's figures on a file
it was never fitted to (the calibration file's 36 land trips alone read 0.31, where the check
set's 250 hold 70 % in that p10–p90: a few dozen curated rows understate the scatter of figures
gathered apart). For each group (transit times or prices, of routes mostly
at sea by their moving hours or money, or not) it is the log-sd at which p10–p90 holds 80 % of the
group's published figures: ``q₀.₈(|log(published / model)|) / z₀.₉``. A quantile rather than
the standard deviation: a few figures far off (a week's border queue) don't widen every trip's
interval, and the interval holds what it says on the rows it was read from.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np

from dalan.costing.operations import DEFAULT_OPERATIONS, Operations, load_operations
from dalan.data import read_text, write_toml_text
from dalan.errors import InputError
from dalan.messages import both
from dalan.validation.backtest import OK, RowResult, spread_measure

if TYPE_CHECKING:
    from dalan.validation.calibrate import RowPlan

#: the interval the factor's log-sd is read for: p10–p90 holds this share of the published figures
COVERAGE = 0.8
#: a group with fewer rows gets no estimate
MIN_ROWS = 5
#: a route with at least this share of its moving hours (for a time) or money (for a price) at sea is by sea
SEA_MAJORITY = 0.5
#: (measure, land or sea) → its parameter in ``operations.toml`` ``[variability]``
PARAMETERS = {
    ("time", "land"): "trip_log_sd", ("time", "sea"): "sea_trip_log_sd",
    ("price", "land"): "price_log_sd", ("price", "sea"): "sea_price_log_sd",
}  # fmt: skip
_Z = NormalDist().inv_cdf(0.5 + COVERAGE / 2.0)


@dataclass(frozen=True)
class SpreadEstimate:
    """One group's estimate: its rows, the log-sd they give (None: fewer than :data:`MIN_ROWS`),
    the shipped value of its parameter and how many of the rows fall inside the shipped p10–p90."""

    measure: str  # "time" or "price"
    group: str  # "land" or "sea"
    rows: int
    log_sd: float | None
    shipped: float
    inside_shipped: int
    check_rows: int = 0  # of ``rows``, those of the --check file (figures never fitted)

    @property
    def parameter(self) -> str:
        return PARAMETERS[self.measure, self.group]

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure, "group": self.group, "parameter": self.parameter, "rows": self.rows, "log_sd": self.log_sd,
            "shipped": self.shipped, "inside_shipped": self.inside_shipped, "check_rows": self.check_rows,
        }  # fmt: skip


def coverage_log_sd(log_errors: Sequence[float]) -> float:
    """The log-sd of a median-1 lognormal factor whose p10–p90 holds :data:`COVERAGE` of the
    ``log_errors`` (log(published / model)): their |·|'s 0.8 quantile over z₀.₉."""
    return float(np.quantile(np.abs(np.asarray(log_errors, dtype=float)), COVERAGE)) / _Z


def estimate_spread(
    plans: Sequence[RowPlan],
    results: Sequence[RowResult],
    operations: Operations | None = None,
    check: Sequence[RowResult] = (),
) -> tuple[SpreadEstimate, ...]:
    """The four groups' estimates (time and price, by land and by sea) from the rows of
    ``results`` (a calibration's cross-validated ones) whose plans carry a ``sea_share`` and from
    ``check``'s (a back-test of figures never fitted: each carries its ``sea_share``), against
    ``operations`` (default: shipped)."""
    if operations is None:
        from dalan.routing.reliability import default_operations

        operations = default_operations()
    by_id = {r.row.id: r for r in results}
    samples = [(plan.sea_share, by_id.get(plan.row.id), False) for plan in plans]
    samples += [(r.sea_share, r, True) for r in check]
    errors: dict[tuple[str, str], list[float]] = {key: [] for key in PARAMETERS}
    from_check: dict[tuple[str, str], int] = dict.fromkeys(PARAMETERS, 0)
    for at_sea, result, checked in samples:
        if at_sea is None or result is None or result.status != OK:
            continue
        measure, model, published = spread_measure(result.row), result.model_value, result.row.value
        if measure is None or model is None or not model > 0.0 or not published > 0.0:
            continue
        key = (measure, "sea" if at_sea >= SEA_MAJORITY else "land")
        errors[key].append(math.log(published / model))
        from_check[key] += checked
    estimates = []
    for (measure, group), e in errors.items():
        shipped = float(getattr(operations, PARAMETERS[measure, group]))
        log_sd = coverage_log_sd(e) if len(e) >= MIN_ROWS else None
        inside = sum(abs(x) <= shipped * _Z for x in e)
        estimates.append(SpreadEstimate(measure, group, len(e), log_sd, shipped, inside, from_check[measure, group]))
    return tuple(estimates)


_VARIABILITY = "[variability]"
_VALUE_LINE = re.compile(r"^(?P<head>\s*(?P<key>[A-Za-z_]+)\s*=\s*)(?P<value>[0-9.eE+-]+)(?P<tail>.*)$", re.DOTALL)


def spread_operations_text(text: str, estimates: Sequence[SpreadEstimate], note: str) -> str:
    """An operations file's text with each estimated spread (to two decimals) as its
    ``[variability]`` value; a key the section lacks is added at its end with ``note`` as its
    comment; a group without an estimate, and every other line, left as they were."""
    values = {e.parameter: f"{e.log_sd:.2f}" for e in estimates if e.log_sd is not None}
    lines = text.splitlines(keepends=True)
    section, last, done = "", None, set()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.split("#")[0].strip()
            if section == _VARIABILITY:
                last = i  # a key the section lacks goes after its last entry (or its header)
            continue
        if section != _VARIABILITY:
            continue
        if stripped and not stripped.startswith("#"):
            last = i
        m = _VALUE_LINE.match(line)
        if m is not None and m.group("key") in values:
            lines[i] = f"{m.group('head')}{values[m.group('key')]}{m.group('tail')}"
            done.add(m.group("key"))
    added = "".join(f"{key} = {value}  # {note}\n" for key, value in values.items() if key not in done)
    if not added:
        return "".join(lines)
    if last is None:  # no [variability] section: a new one at the end
        return "".join(lines).rstrip("\n") + f"\n\n{_VARIABILITY}\n{added}"
    lines[last] += ("" if lines[last].endswith("\n") else "\n") + added
    return "".join(lines)


def write_spread_operations(estimates: Sequence[SpreadEstimate], out: str | Path, observations: str, source_path: str | Path | None = None) -> Operations:
    """Write the operations file (``source_path``, default: the shipped one) with the estimated
    spreads to ``out``, atomically; read it back and check it; return it."""
    if not any(e.log_sd is not None for e in estimates):
        raise InputError.of("no_spread_to_write")
    text, _ = read_text(source_path, DEFAULT_OPERATIONS, both("file_kind.operations"))
    note = f"read by dalan calibrate {dt.date.today().isoformat()} from {observations}"
    out = write_toml_text(out, spread_operations_text(text, estimates, note))
    written = load_operations(out)
    for e in estimates:
        if e.log_sd is not None and not math.isclose(getattr(written, e.parameter), round(e.log_sd, 2), abs_tol=1e-9):
            raise InputError.of("reads_back", out=str(out), name=e.parameter, read=getattr(written, e.parameter), expected=round(e.log_sd, 2))
    return written
