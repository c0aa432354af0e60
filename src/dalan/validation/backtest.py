"""Back-test: run every published figure's query on the model and compare.

Each mappable :class:`~dalan.validation.queries.QueryRow` becomes a route question (or a facility
look-up); the model's figure is set next to the published one with its relative error and whether
it is within the band. Rows that cannot be run are kept with the reason; nothing is skipped.

Mapping rules (also in ``docs/backtest.md``):

* **Options.** ``RouteOptions.build(origin, destination, via=, leg_modes=, modes=, avoid=, cargo=,
  quantity=, by="time", scenario=, record="FILE:LINE ID")`` and the first route of
  :func:`dalan.routing.constrained.find_routes`. One virtual graph is compiled per (scenario, cargo) with
  the operational links only and reused for every row.
* **Cargo and quantity.** ``cargo`` empty → from the unit (TEU/FEU → container, car →
  vehicle, truck → truck, t → bulk). The route is asked for ``quantity`` units (an FEU is 2 TEU); money is the
  itinerary's cost for the whole quantity. A truck is one unit of the truck class (a row whose
  cargo says ``vehicle`` with the unit ``truck`` too: ``CARGO_ALIASES``). Bulk runs as a whole
  train (``TRAIN_CARGO``): the published trips of bulk by rail are trains' — a scheduled train,
  a first train — while a row's quantity (1 t) only sets the unit of its price.
* **Scenario.** Empty → ``baseline``; a name → the shipped scenario (its network and costing);
  unknown → not runnable. The links the dated history kept shut all through the row's year are
  avoided (``closed_through``: a service that opened later — history action ``open``: a line, a
  direct sailing — or a land or port closure, a war's border); a chokepoint's closure comes only
  from the scenario (the main lines' diversion, not every ship's).
* **Scope.** ``line-haul`` drops the load leg at the start and the unload leg at the end (their
  time and money); ``terminal-to-terminal`` and ``door-to-door`` keep them; ``border`` rows are
  facility figures at ``place``.
* **Metrics.** ``transit_days`` = hours / 24, ``transit_hours`` = hours; ``distance_km`` = km;
  ``distance_nm``, ``distance_nm_added`` = km / 1.852; ``speed_km_per_h`` = km / hours,
  ``speed_km_per_day`` = km / days; ``price_<currency>[_per_<unit>][_km]`` (``price_usd``,
  ``price_usd_per_feu``, ``price_chf_per_t``, ``price_eur_per_teu_km`` ...) = the cost for the row's
  quantity (the ``per`` unit is the row's ``unit``), in USD or converted at the row year's annual
  average rate (``dalan/data/exchange_rates.toml``: CHF, EUR), divided by km with ``_km``.
  Anything else is "not modelled".
* **Facilities.** ``border_hours``: the place's full border dwell for the mode the cargo crosses
  in (container and bulk → rail, vehicle and truck → road) × ``border_dwell_factor``, or its
  time measured in the row's year where CAREC CPMM measured one (``Costing.measured_border_h``:
  the side the row names, the mean of its directions; a measurement, which the factor does not
  scale) (a container at a border
  with a published block-train stop, ``[block_train_border_h]``: that stop, after the dwell ×
  ``border_dwell_factor`` where the train waits it for a slot, ``block_train_waits_at``, unless the
  row is a timetable's). (In a route, a border
  paired with the neighbour's station counts half its dwell on each side; a facility figure
  is the whole stop, so the full dwell is used.) ``price_usd_per_teu`` at a place: the costing's
  port handling per unit × quantity.
* **Kind.** A ``schedule`` or a ``claim`` (a promise) states a timetable's time: it is compared
  with the route's time without its queues known apart (``Leg.queue_h``: a block train's wait
  for its slot at a border, ``block_train_waits_at``; a congested port's hold on its trains,
  ``[rail_port_queue_h]``). An ``observation`` (and a ``price``) is compared with the expected time.
* **DELTA rows** (``mapping_note`` starts ``DELTA:``): this query minus the same query in the
  baseline.
* **Error.** Relative to the published value; against a published range it is zero inside the
  range, else relative to the nearest bound. One-sided ranges use ``value`` as the other bound.
  In band: |error| ≤ the time band (times, hours, speeds, distances) or the price band (prices).
* **Corridor.** The corridor tag carrying most of the route's km
  (:func:`dalan.scenarios.compare.corridor_of`); for a facility the place's first corridor.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import re
import statistics
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple, TypeVar

from dalan.costing import Costing, load_costing
from dalan.costing.operations import sea_share
from dalan.errors import (
    DalanError,
    InputError,
    NoRouteError,
    ScenarioError,
    UnknownPlaceError,
)
from dalan.graph import OPERATIONAL, VirtualGraph, compile_graph
from dalan.messages import Text, display_name, render, text
from dalan.network.history import History, load_history, network_as_of
from dalan.network.model import Link, Network, Place
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions
from dalan.routing.constrained import find_routes
from dalan.routing.itinerary import Itinerary
from dalan.routing.reliability import trip_factor
from dalan.scenarios.compare import corridor_of
from dalan.validation.agreement import Agreement, agreement
from dalan.validation.bands import (
    band_for,
    in_band,
    metric_family,
    relative_error,
)
from dalan.validation.queries import QueryRow

log = logging.getLogger(__name__)
T = TypeVar("T")

OK, NOT_RUNNABLE, NOT_MAPPABLE = "ok", "not_runnable", "not_mappable"
#: a route's time figures, which carry the model's p10–p90 (``RowResult.spread``)
TRIP_TIME_METRICS = frozenset({"transit_days", "transit_hours"})
#: kinds of figure that state a timetable's time (:func:`is_planned`)
PLANNED_KINDS = frozenset({"schedule", "claim"})
STATUSES = (OK, NOT_RUNNABLE, NOT_MAPPABLE)
BASELINE = "baseline"
DEFAULT_TIME_BAND = 0.25
DEFAULT_PRICE_BAND = 0.30
KM_PER_NM = 1.852

#: route metrics other than prices → (hours, km) → the figure
PLAIN_ROUTE_METRICS: dict[str, Callable[[float, float], float]] = {
    "transit_days": lambda h, km: h / 24.0,
    "transit_hours": lambda h, km: h,
    "distance_km": lambda h, km: km,
    "distance_nm": lambda h, km: km / KM_PER_NM,
    "distance_nm_added": lambda h, km: km / KM_PER_NM,
    "speed_km_per_h": lambda h, km: km / h,
    "speed_km_per_day": lambda h, km: km / (h / 24.0),
}
#: a price metric: ``price_<currency>``, then ``_per_<unit>`` (a unit of UNITS), then ``_km``
PRICE_METRIC = re.compile(r"price_(?P<currency>[a-z]{3})(?:_per_(?P<unit>[a-z]+?))?(?P<per_km>_km)?")
FACILITY_METRICS: tuple[str, ...] = ("border_hours", "price_usd_per_teu")
#: a row's cargo that a unit's class also answers: a truck is a road vehicle (the observations
#: file writes ``vehicle`` for its truck rows, from before the truck class)
CARGO_ALIASES: dict[str, frozenset[str]] = {"truck": frozenset({"vehicle"})}
#: unit (lower case) → (cargo class, units of that class per unit)
UNITS: dict[str, tuple[str, float]] = {
    "teu": ("container", 1.0),
    "feu": ("container", 2.0),
    "truck": ("truck", 1.0),
    "car": ("vehicle", 1.0),
    "vehicle": ("vehicle", 1.0),
    "t": ("bulk", 1.0),
}
#: cargo classes whose published trips are trains' runs: a figure of bulk by rail is a train's (a
#: scheduled or a first train; ``Costing.whole_trains``), not a wagonload consignment's
TRAIN_CARGO = frozenset({"bulk"})
#: the mode a cargo class crosses a border in, for facility dwell figures
BORDER_MODE = {"container": "rail", "bulk": "rail", "vehicle": "road", "truck": "road"}

#: short names of the reasons a row cannot be run (for the summary)
REASON_KINDS = ("unknown place", "no route", "unknown scenario", "not modelled", "unit", "input")


def pricing_month(row: QueryRow) -> int | None:
    """The month whose deep-sea market prices a row: its quoted month for a price; None for a
    time figure, which routes by time and so is the same in every month's market (one graph per
    year for those)."""
    return row.quoted_month if metric_family(row.metric) == "price" else None


@dataclass(frozen=True)
class RowResult:
    """One row's outcome: the model's figure next to the published one, or why there is none."""

    row: QueryRow
    status: str
    reason: str = ""
    reason_kind: str = ""
    model_value: float | None = None
    error: float | None = None
    in_band: bool | None = None
    band: float | None = None
    corridor: str = ""
    route: tuple[str, ...] = ()
    reason_fa: str = ""
    #: the model's figure is a time measured that year (CAREC CPMM), read from data, not computed
    measured: bool = False
    #: a route's time or price figure: the model's p10 and p90 (the figure × the trip's own
    #: factor, ``Itinerary.trip_log_sd``, or the price's, ``Itinerary.price_log_sd``): a
    #: published figure inside them is inside the model's spread
    spread: tuple[float, float] | None = None
    #: the share at sea of the route's moving hours (a time) or money (a price) with a spread
    #: (:func:`spread_sea_share`): which of the spreads' groups the figure reads
    sea_share: float | None = None
    #: a route figure's itinerary and the network it ran on (``dalan backtest --explain``)
    explained: tuple[Itinerary, Network] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def unmappable(cls, row: QueryRow) -> RowResult:
        """A row that is not a route or facility figure: its mapping note (English source text)
        is its reason; in Persian, the kind of reason."""
        return cls(row, NOT_MAPPABLE, reason=row.mapping_note or "not mappable", reason_kind="not mappable", reason_fa=render("bt_note.not_mappable", "fa"))

    @classmethod
    def failed(cls, row: QueryRow, exc: DalanError) -> RowResult:
        """A row the model could not answer, with the error as its reason in every language."""
        kind = exc.kind if isinstance(exc, NotRunnable) else _reason_kind(exc)
        return cls(row, NOT_RUNNABLE, reason=str(exc), reason_kind=kind, reason_fa=exc.message("fa"))

    def why(self, lang: str = "en") -> str:
        """Why the row has no model figure, in ``lang``."""
        return self.reason_fa if lang == "fa" and self.reason_fa else self.reason

    @property
    def abs_error(self) -> float | None:
        return None if self.error is None else abs(self.error)

    @property
    def inside_spread(self) -> bool | None:
        """Whether the published figure (or range) meets the model's p10–p90 (None without one)."""
        if self.spread is None:
            return None
        low, high = self.row.value_low or self.row.value, self.row.value_high or self.row.value
        return low <= self.spread[1] and high >= self.spread[0]

    def to_dict(self) -> dict[str, Any]:
        r = self.row
        return {
            "id": r.id,
            "line": r.line,
            "status": self.status,
            "reason": self.reason,
            "reason_kind": self.reason_kind,
            "metric": r.metric,
            "family": metric_family(r.metric),
            "origin": r.origin,
            "destination": r.destination,
            "place": r.place,
            "scope": r.scope,
            "scenario": r.scenario,
            "unit": r.unit,
            "model_value": self.model_value,
            "published_value": r.value,
            "published_low": r.value_low,
            "published_high": r.value_high,
            "error": _finite_or_none(self.error),
            "in_band": self.in_band,
            "measured": self.measured,
            "band": self.band,
            "corridor": self.corridor,
            "kind": r.kind,
            "year": r.year,
            "month": r.quoted_month,
            "route": list(self.route),
            "mapping_note": r.mapping_note,
            "model_p10": self.spread[0] if self.spread else None,
            "model_p90": self.spread[1] if self.spread else None,
            "inside_spread": self.inside_spread,
        }


def _finite_or_none(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


@dataclass(frozen=True)
class GroupSummary:
    """The ok rows of one corridor, metric, kind or year: how many, how many in band, median
    |error|, and the median signed error (positive: the model above the published figures)."""

    by: str
    key: str
    n: int
    in_band: int
    median_abs_error: float
    median_error: float = math.nan

    @property
    def share_in_band(self) -> float:
        return self.in_band / self.n if self.n else math.nan

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "key": self.key, "n": self.n, "in_band": self.in_band,
                "share_in_band": self.share_in_band, "median_abs_error": _finite_or_none(self.median_abs_error),
                "median_error": _finite_or_none(self.median_error)}  # fmt: skip


#: how a back-test's ok rows are grouped in its summary: by corridor, metric, kind of figure and
#: the figure's year ("–" without one), where a period's bias shows (docs/backtest.md)
SUMMARY_GROUPS: dict[str, Callable[[RowResult], str]] = {
    "corridor": lambda r: r.corridor,
    "metric": lambda r: r.row.metric,
    "kind": lambda r: r.row.kind or "–",
    "year": lambda r: "–" if r.row.year is None else str(r.row.year),
}


@dataclass(frozen=True)
class BacktestSummary:
    """Counts by status, the share in band and median |error| overall and by group, and why rows
    could not be run."""

    total: int
    counts: dict[str, int]
    in_band: int
    median_abs_error: float
    groups: tuple[GroupSummary, ...]
    reasons: dict[str, int]
    measured: int = 0  # rows run whose figure is a measured time read from data (RowResult.measured)
    measured_in_band: int = 0
    spread_rows: int = 0  # route time figures with the model's p10–p90 (RowResult.spread)
    inside_spread: int = 0  # … whose published figure is inside it
    price_spread_rows: int = 0  # the same for route price figures
    price_inside_spread: int = 0
    median_error: float = math.nan  # signed (positive: the model above the published figures)
    agreement: Agreement = field(default_factory=Agreement)  # the run rows' figures that ask one question

    @property
    def ok(self) -> int:
        return self.counts.get(OK, 0)

    @property
    def share_in_band(self) -> float:
        return self.in_band / self.ok if self.ok else math.nan

    def by(self, what: str) -> tuple[GroupSummary, ...]:
        """The groups of one kind: ``corridor``, ``metric``, ``kind`` or ``year``."""
        return tuple(g for g in self.groups if g.by == what)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "counts": dict(self.counts),
            "in_band": self.in_band,
            "measured": self.measured,
            "measured_in_band": self.measured_in_band,
            "spread_rows": self.spread_rows,
            "inside_spread": self.inside_spread,
            "price_spread_rows": self.price_spread_rows,
            "price_inside_spread": self.price_inside_spread,
            "share_in_band": _finite_or_none(self.share_in_band),
            "median_abs_error": _finite_or_none(self.median_abs_error),
            "median_error": _finite_or_none(self.median_error),
            "by_corridor": [g.to_dict() for g in self.by("corridor")],
            "by_metric": [g.to_dict() for g in self.by("metric")],
            "by_kind": [g.to_dict() for g in self.by("kind")],
            "by_year": [g.to_dict() for g in self.by("year")],
            "not_runnable_reasons": dict(self.reasons),
            "agreement": self.agreement.to_dict(),
        }


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def error_medians(results: Sequence[RowResult]) -> tuple[float, float]:
    """The median |error| and the median signed error of the results that have a finite error
    (NaN for none): the back-test's and the calibration's summaries and the errors chart."""
    errors = [r.error for r in results if r.error is not None and math.isfinite(r.error)]
    return _median([abs(e) for e in errors]), _median(errors)


@dataclass(frozen=True)
class Backtest:
    """Every row's result, in file order, with the bands used."""

    results: tuple[RowResult, ...]
    time_band: float = DEFAULT_TIME_BAND
    price_band: float = DEFAULT_PRICE_BAND
    source: str = ""

    def with_status(self, status: str) -> tuple[RowResult, ...]:
        return tuple(r for r in self.results if r.status == status)

    def model_values(self) -> dict[str, float | None]:
        """Each row's model figure by row id, for the rows that ran."""
        return {r.row.id: r.model_value for r in self.with_status(OK)}

    def summary(self) -> BacktestSummary:
        ok = self.with_status(OK)
        with_spread = [r for r in ok if r.spread is not None]
        times = [r for r in with_spread if spread_measure(r.row) == "time"]
        prices = [r for r in with_spread if spread_measure(r.row) == "price"]
        groups = []
        for what, key in SUMMARY_GROUPS.items():
            members: dict[str, list[RowResult]] = defaultdict(list)
            for r in ok:
                members[key(r)].append(r)
            for name in sorted(members):
                rs = members[name]
                groups.append(GroupSummary(what, name, len(rs), sum(bool(r.in_band) for r in rs), *error_medians(rs)))
        median_abs_error, median_error = error_medians(ok)
        return BacktestSummary(
            total=len(self.results),
            counts={s: len(self.with_status(s)) for s in STATUSES},
            in_band=sum(bool(r.in_band) for r in ok),
            median_abs_error=median_abs_error,
            groups=tuple(groups),
            reasons=dict(Counter(r.reason_kind for r in self.with_status(NOT_RUNNABLE)).most_common()),
            measured=sum(r.measured for r in ok),
            measured_in_band=sum(r.measured and bool(r.in_band) for r in ok),
            spread_rows=len(times),
            inside_spread=sum(bool(r.inside_spread) for r in times),
            price_spread_rows=len(prices),
            price_inside_spread=sum(bool(r.inside_spread) for r in prices),
            median_error=median_error,
            agreement=agreement([r.row for r in ok], self.time_band, self.price_band),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "time_band": self.time_band,
            "price_band": self.price_band,
            "rows": [r.to_dict() for r in self.results],
            "summary": self.summary().to_dict(),
        }

    def to_frame(self):
        """One row per query (pandas DataFrame); ``route`` joined with ' → '."""
        import pandas as pd

        records = [r.to_dict() | {"route": " → ".join(r.route)} for r in self.results]
        frame = pd.DataFrame.from_records(records)
        for column in ("line", "year", "month"):  # whole numbers, blank where missing (not 8.0)
            if column in frame:
                frame[column] = frame[column].astype("Int64")
        return frame


class NotRunnable(DalanError):
    """A row the model cannot answer; ``kind`` is one of :data:`REASON_KINDS`."""

    def __init__(self, kind: str, message_id: str, **params: object):
        super().__init__(message_id=f"bt_note.{message_id}", params=params)
        self.kind = kind
        self.reason = str(self)


#: currency → {year: units of it per USD} (annual averages)
Rates = dict[str, dict[int, float]]


def load_exchange_rates() -> Rates:
    """Units of each currency per USD by year (annual averages, sourced in
    ``dalan/data/exchange_rates.toml``: a ``[chf_per_usd]`` table as published, a ``[usd_per_eur]``
    table inverted)."""
    text = resources.files("dalan.data").joinpath("exchange_rates.toml").read_text(encoding="utf-8")
    rates: Rates = {}
    for name, table in tomllib.loads(text).items():
        years = {int(year): float(rate) for year, rate in table.items() if year.isdigit()}
        first, _, second = name.partition("_per_")
        if second == "usd":
            rates[first] = years
        elif first == "usd":
            rates[second] = {year: 1.0 / rate for year, rate in years.items()}
    return rates


def usd_to(currency: str, usd: float, year: int | None, rates: Rates | None = None) -> float:
    """USD → ``currency`` at the year's annual average; NotRunnable when the year has no rate."""
    if currency == "usd":
        return usd
    rates = load_exchange_rates() if rates is None else rates
    by_year = rates.get(currency, {})
    if year is None or year not in by_year:
        known = f"{min(by_year)}–{max(by_year)}" if by_year else "–"
        raise NotRunnable("not modelled", "no_rate", currency=currency.upper(), year=year or "–", known=known)
    return usd * by_year[year]


def cargo_and_quantity(row: QueryRow) -> tuple[str, float]:
    """The cargo class and the number of its units the row's quantity and unit stand for."""
    unit = row.unit.strip().lower()
    quantity = row.quantity if row.quantity is not None else 1.0
    if not unit:
        if not row.cargo:
            raise NotRunnable("unit", "no_unit")
        return row.cargo, quantity
    if unit not in UNITS:
        raise NotRunnable("unit", "unknown_unit", unit=row.unit, units=tuple(sorted(UNITS)))
    cargo, factor = UNITS[unit]
    if row.cargo and row.cargo != cargo and row.cargo not in CARGO_ALIASES.get(cargo, ()):
        raise NotRunnable("unit", "unit_cargo", unit=row.unit, cargo=Text(row.cargo, text(row.cargo, "fa")), unit_cargo=Text(cargo, text(cargo, "fa")))
    return cargo, quantity * factor


def counted_scope(metric: str, scope: str, moving_modes: Iterable[str]) -> str:
    """The scope whose legs a figure counts. An ocean freight rate (a price for a trip wholly by
    sea: an index such as Drewry's WCI or Freightos' FBX, a spot or contract quote) is port to
    port — the carrier's freight and surcharges; the terminal handling at each end is billed
    apart (e.g. THC at Poti, OBS-224) — so it counts as line-haul."""
    modes = set(moving_modes)
    if metric.startswith("price") and scope in ("", "terminal-to-terminal") and modes == {"sea"}:
        return "line-haul"
    return scope


def first_to_last_run(items: Sequence[T], is_run: Callable[[T], bool]) -> list[T]:
    """The items from the first run to the last, both included (none without a run): the legs
    or edges a line-haul figure counts."""
    runs = [i for i, item in enumerate(items) if is_run(item)]
    return list(items[runs[0] : runs[-1] + 1]) if runs else []


def leg_figures(itinerary: Itinerary, scope: str, metric: str = "", planned: bool = False) -> tuple[float, float, float]:
    """(hours, USD, km) of an itinerary for a scope (see :func:`counted_scope`): line-haul runs
    from the first departure to the last arrival — it drops the stops before the first run
    (loading, the wait for the train or ship, an export clearance, a border at the origin) and
    after the last (unloading). ``planned``: the hours a timetable gives, without the queues
    known apart (``Leg.queue_h``)."""
    legs = list(itinerary.legs)
    scope = counted_scope(metric, scope, (g.mode for g in legs if g.kind == "move"))
    if scope == "line-haul":
        legs = first_to_last_run(legs, lambda g: g.kind == "move")
    hours = sum(g.time_h - (g.queue_h if planned else 0.0) for g in legs)
    return hours, sum(g.cost_usd for g in legs), sum(g.length_km for g in legs)


def is_planned(row: QueryRow) -> bool:
    """Whether a figure states a timetable's time: a schedule, or a claim (a promise). It is
    compared with the route's time without its queues known apart (a block train's wait for
    its slot at a border, a congested port's hold); an observation, with the expected time."""
    return row.kind in PLANNED_KINDS


def is_route_metric(metric: str) -> bool:
    """Whether a route answers the metric (see the module docstring)."""
    return metric in PLAIN_ROUTE_METRICS or _price_parts(metric) is not None


def _price_parts(metric: str) -> tuple[str, bool] | None:
    """(currency, per km) of a price metric; None for anything else."""
    match = PRICE_METRIC.fullmatch(metric)
    if match is None or (match["unit"] is not None and match["unit"] not in UNITS):
        return None
    return match["currency"], match["per_km"] is not None


def route_metric(metric: str, time_h: float, cost_usd: float, length_km: float, year: int | None, rates: Rates) -> float:
    """A route figure in the row's metric and unit."""
    price = _price_parts(metric)
    if price is None and metric not in PLAIN_ROUTE_METRICS:
        raise NotRunnable("not modelled", "metric", metric=_metric(metric))
    per_km = price[1] if price else metric.startswith("speed_")
    if per_km and (length_km <= 0 or (price is None and time_h <= 0)):
        raise NotRunnable("not modelled", "needs_km_h", metric=_metric(metric))
    if price is None:
        return PLAIN_ROUTE_METRICS[metric](time_h, length_km)
    money = usd_to(price[0], cost_usd, year, rates)
    return money / length_km if per_km else money


def _metric(code: str) -> Text:
    """A metric by its code in English, by its name in Persian."""
    return Text(code, display_name("bt_metric", code, "fa"))


class _Model:
    """Networks, costings and compiled graphs per scenario (and cargo), built once and reused."""

    def __init__(self, network: Network | None, costing: Costing | None, loader: Callable[[str], Any] | None):
        self.network, self.costing = network, costing
        self.loader = loader
        self.scenarios: dict[str, tuple[Network, Costing] | ScenarioError] = {}
        self.graphs: dict[tuple[str, str, tuple[int | None, int | None]], VirtualGraph] = {}
        self.out_of_year: dict[tuple[str, int | None], tuple[str, ...]] = {}

    def scenario(self, name: str) -> tuple[Network, Costing]:
        if name not in self.scenarios:
            try:
                if name == BASELINE and self.network is not None:
                    self.scenarios[name] = (self.network, self.costing or load_costing())
                else:
                    from dalan.scenarios import load_scenario

                    chosen = (self.loader or load_scenario)(name)
                    self.scenarios[name] = (chosen.network, chosen.costing)
            except ScenarioError as exc:
                self.scenarios[name] = exc
        found = self.scenarios[name]
        if isinstance(found, ScenarioError):
            raise NotRunnable("unknown scenario", "scenario", name=name, error=Text(found.message("en"), found.message("fa")))
        return found

    def not_in_year(self, name: str, year: int | None) -> tuple[str, ...]:
        """:func:`closed_through` on the scenario's network, once per (scenario, year)."""
        if (name, year) not in self.out_of_year:
            self.out_of_year[name, year] = closed_through(self.scenario(name)[0], load_history(), year)
        return self.out_of_year[name, year]

    def period(self, name: str, row: QueryRow) -> tuple[int | None, int | None]:
        """The (year, month) whose levels the scenario's costing applies to ``row``
        (``Costing.market_period`` of its year and :func:`pricing_month`): its graph's key."""
        return self.scenario(name)[1].market_period(row.year, pricing_month(row))

    def graph(self, name: str, cargo: str, period: tuple[int | None, int | None] = (None, None)) -> VirtualGraph:
        """The scenario's graph for ``cargo`` with the costing of ``period`` (:meth:`period`)."""
        network, costing = self.scenario(name)
        if (name, cargo, period) not in self.graphs:
            self.graphs[name, cargo, period] = compile_graph(network, row_costing(costing, cargo, period), cargo, OPERATIONAL)
        return self.graphs[name, cargo, period]


def row_costing(costing: Costing, cargo: str, period: tuple[int | None, int | None]) -> Costing:
    """The costing a row's graph is compiled with: the levels of its ``period`` (year, month), and
    whole trains for :data:`TRAIN_CARGO`."""
    dated = costing.at_year(*period)
    return dated.with_whole_trains() if cargo in TRAIN_CARGO else dated


def closed_through(network: Network, history: History, year: int | None) -> tuple[str, ...]:
    """The links the dated history kept shut all through ``year``: a figure of a year did not
    travel a line closed from the year's first day to its last, by a land or port closure (a war
    shutting a border) or because its service opened later (history action ``open``: a line, a
    direct sailing; until then the history holds it closed). One closed for part of the year may
    have carried it; an undated figure sees the network whole. A chokepoint's closure is the main
    lines' diversion, not every ship's (FESCO sailed India - St Petersburg through Suez in 2024):
    a figure takes the Cape by its scenario."""
    if year is None:
        return ()
    history = _land_history(history)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    changed = {ln.id for e in history.events if first < e.date <= last and e.action != "close" for ln in e.links(network)}
    ends = [network_as_of(network, history, day)[0] for day in (first, last)]

    def shut(link: Link) -> bool:
        return link.status != "closed" and link.id not in changed and all(end.link(link.id).status == "closed" for end in ends)

    return tuple(sorted(ln.id for ln in network.links if shut(ln)))


@functools.lru_cache(maxsize=4)
def _land_history(history: History) -> History:
    """``history`` without its chokepoint events (:func:`closed_through`), one object per history,
    so the dated networks built from it are kept (``network_as_of``) across a back-test's years."""
    return History(tuple(e for e in history.events if e.kind != "chokepoint"), history.file)


def _route(model: _Model, row: QueryRow, scenario: str, cargo: str, quantity: float) -> tuple[Itinerary, Network]:
    network, _ = model.scenario(scenario)
    options = RouteOptions.build(
        row.origin, row.destination, via=row.via, leg_modes=list(row.leg_modes) or None, modes=row.modes,
        avoid=(*row.avoid, *model.not_in_year(scenario, row.year)), cargo=cargo, quantity=quantity, by="time",
        scenario=scenario, record=row.record,
    )  # fmt: skip
    graph = model.graph(scenario, cargo, model.period(scenario, row))
    itinerary = find_routes(network, options, costing=graph.costing, graph=graph)[0]
    return itinerary, network


def port_clearance_place(model: _Model, row: QueryRow, cargo: str) -> Place | None:
    """The port a border figure names when it is the clearance of rolling units before a voyage
    (CAREC CPMM measures trucks at a port's road BCP, e.g. the port of Baku at Alat: the model's
    ``Costing.voyage_clearance_h``); None for a land border or a box (a box is
    cleared during its yard dwell)."""
    costing, place = _facility_place(model, row)
    rolls_on = costing.cargo_class(cargo).roll_on_roll_off or cargo == "bulk"  # trucks; wagons on a rail ferry
    if place.is_border or not rolls_on or not place.is_port:
        return None
    return place


class PortClearance(NamedTuple):
    """A border figure at a port (:func:`port_clearance`): the port, its time measured in the
    row's year and direction (None where none is), and the parameter that answers otherwise
    (``Costing.voyage_parameter`` of the unit)."""

    place: Place
    measured_h: float | None
    parameter: str


def port_clearance(model: _Model, row: QueryRow, cargo: str) -> PortClearance | None:
    """A border figure's port clearance (:func:`port_clearance_place`), or None for a land
    border, a box or another metric."""
    port = port_clearance_place(model, row, cargo) if row.metric == "border_hours" else None
    if port is None:
        return None
    mode = BORDER_MODE[cargo]
    costing = model.scenario(row.scenario or BASELINE)[1]
    return PortClearance(port, measured_facility_h(model, row, port, mode), costing.voyage_parameter(mode))


def measured_facility_h(model: _Model, row: QueryRow, place: Place, mode: str) -> float | None:
    """A facility figure's time measured in the row's year (CAREC CPMM, ``Costing.measured_border_h``:
    the side the row names, in the direction it states; at a port the clearance of rolling units,
    which ``Costing.voyage_clearances_h`` counts outbound at departure and inbound at arrival), or
    None where none is measured then."""
    costing = model.scenario(row.scenario or BASELINE)[1]
    return costing.at_year(row.year).measured_border_h(place.id, mode, row.place, row.heading)


class BorderParts(NamedTuple):
    """A border figure's parts (:func:`border_parts`)."""

    dwell_h: float  # the place's dwell, before border_dwell_factor
    fixed_h: float  # the hours no parameter moves
    place: Place
    measured: bool  # the figure is a time measured in the row's year (CAREC CPMM), read from data


def border_parts(model: _Model, row: QueryRow, cargo: str) -> BorderParts:
    """A border figure's parts: the place's dwell before ``border_dwell_factor``, the hours no
    parameter moves (its time measured in the row's year, ``Costing.measured_border_h``, where one
    is, instead of the dwell; at a gauge-change station the change between gauges, which a train crossing
    there undergoes as a route counts it; a container block train's published stop,
    ``Costing.block_train_stop_h``; the dwell before it is its wait for a slot where it waits,
    ``Costing.block_train_waits``, in the row's heading where it states one, unless the figure is a
    timetable's, :func:`is_planned`), the
    place, and whether the figure is a measured time."""
    costing, place = _facility_place(model, row)
    mode = BORDER_MODE[cargo]
    cargo_class = costing.cargo_class(cargo)
    block_h = costing.block_train_stop_h(place.id, cargo_class) if mode == "rail" else None
    if block_h is not None:  # a container block train's published stop (no factor moves it), after its wait
        waits = costing.block_train_waits(place.id, cargo_class, row.heading.entering) and not is_planned(row)
        return BorderParts((place.rail_border_dwell_h or 0.0) if waits else 0.0, block_h, place, False)
    measured = measured_facility_h(model, row, place, mode)
    dwell = (place.rail_border_dwell_h if mode == "rail" else place.road_border_dwell_h) if measured is None else 0.0
    if not place.is_border or not (dwell or measured):
        raise NotRunnable("not modelled", "no_dwell", mode=Text(mode, text(mode, "fa")), id=place.id, place=Text(place.name_en, place.display_name("fa")))
    changing = mode == "rail" and place.is_gauge_change
    fixed_h = costing.cargo_class(cargo).gauge_change[place.gauge_change_method].time_h if changing else 0.0
    return BorderParts(dwell or 0.0, fixed_h + (measured or 0.0), place, measured is not None)


def _facility_place(model: _Model, row: QueryRow) -> tuple[Costing, Place]:
    """The costing of the row's scenario and the facility the row names."""
    network, costing = model.scenario(row.scenario or BASELINE)
    if not row.place:
        raise NotRunnable("input", "border_place")
    return costing, PlaceIndex.of(network).find(row.place)


def _facility(model: _Model, row: QueryRow, cargo: str, quantity: float, rates: Rates) -> tuple[float, Place, bool]:
    """A facility figure: its value, its place and whether it is a time measured that year. A
    price is the port handling of the row's quantity (a terminal's charge per box, tonne or
    vehicle), in the row's currency."""
    if row.metric == "border_hours":
        costing = model.scenario(row.scenario or BASELINE)[1]
        port = port_clearance(model, row, cargo)
        if port is not None:
            if port.measured_h is not None:
                return port.measured_h, port.place, True
            return costing.voyage_clearance_h("ferry", costing.cargo_class(cargo), BORDER_MODE[cargo]), port.place, False
        parts = border_parts(model, row, cargo)
        return parts.dwell_h * costing.border_dwell_factor + parts.fixed_h, parts.place, parts.measured
    costing, place = _facility_place(model, row)
    price = _price_parts(row.metric)
    if price is None or price[1]:
        raise NotRunnable("not modelled", "facility_metric", metric=_metric(row.metric))
    cost_usd = costing.cargo_class(cargo).handling["port"].cost_usd * quantity
    return route_metric(row.metric, 0.0, cost_usd, 0.0, row.year, rates), place, False


def spread_measure(row: QueryRow) -> str | None:
    """What a route figure's spread measures: ``time`` (a trip's time), ``price``, or None (any
    other figure, or a difference)."""
    if row.is_delta:
        return None
    if row.metric in TRIP_TIME_METRICS:
        return "time"
    return "price" if metric_family(row.metric) == "price" else None


def spread_log_sd(row: QueryRow, itinerary: Itinerary) -> float | None:
    """The log-sd of a route figure's spread (:func:`spread_measure`): a trip's time the trip's
    (``Itinerary.trip_log_sd``), a price the price's (``Itinerary.price_log_sd``)."""
    measure = spread_measure(row)
    if measure is None:
        return None
    return itinerary.trip_log_sd if measure == "time" else itinerary.price_log_sd


def spread_sea_share(row: QueryRow, itinerary: Itinerary) -> float | None:
    """The share at sea of what a figure's spread mixes (:func:`spread_log_sd`): the route's
    moving hours for a time, its moving money for a price; None for a figure without a spread."""
    measure = spread_measure(row)
    if measure is None:
        return None
    return sea_share(itinerary.move_h_by_mode if measure == "time" else itinerary.move_usd_by_mode)


def run_row(model: _Model, row: QueryRow, time_band: float, price_band: float, rates: Rates) -> RowResult:
    """One row → its result (never raises for a row the model cannot answer)."""
    if not row.mappable:
        return RowResult.unmappable(row)
    explained: tuple[Itinerary, Network] | None = None  # a route figure's
    spread: tuple[float, float] | None = None
    at_sea: float | None = None
    measured = False
    try:
        cargo, quantity = cargo_and_quantity(row)
        scenario = row.scenario or BASELINE
        if row.scope == "border" or (row.place and not row.origin):
            value, place, measured = _facility(model, row, cargo, quantity, rates)
            corridor = place.corridors[0] if place.corridors else "none"
            route: tuple[str, ...] = (place.name_en,)
        else:
            if not is_route_metric(row.metric):
                raise NotRunnable("not modelled", "metric", metric=_metric(row.metric))
            itinerary, network = _route(model, row, scenario, cargo, quantity)
            planned = is_planned(row)
            value = route_metric(row.metric, *leg_figures(itinerary, row.scope, row.metric, planned), row.year, rates)
            if row.is_delta:
                base, _ = _route(model, row, BASELINE, cargo, quantity)
                value -= route_metric(row.metric, *leg_figures(base, row.scope, row.metric, planned), row.year, rates)
            corridor = corridor_of(itinerary, network)
            route = tuple(network.place(pid).name_en for pid in itinerary.place_sequence)
            explained = (itinerary, network)
            sd = spread_log_sd(row, itinerary)
            if sd is not None:
                spread = (value * trip_factor(0.1, sd), value * trip_factor(0.9, sd))
                at_sea = spread_sea_share(row, itinerary)
    except DalanError as exc:
        return RowResult.failed(row, exc)
    error = relative_error(value, row.value, row.value_low, row.value_high)
    band = band_for(row.metric, time_band, price_band)
    return RowResult(
        row, OK, model_value=value, error=error, in_band=in_band(error, band), band=band, corridor=corridor, route=route,
        explained=explained, measured=measured, spread=spread, sea_share=at_sea,
    )  # fmt: skip


def _reason_kind(exc: DalanError) -> str:
    if isinstance(exc, UnknownPlaceError):
        return "unknown place"
    if isinstance(exc, NoRouteError):
        return "no route"
    if isinstance(exc, ScenarioError):
        return "unknown scenario"
    if isinstance(exc, InputError):
        return "input"
    return type(exc).__name__


def check_band(value: float, name: str) -> float:
    """A band must be a finite fraction ≥ 0 (0.25 = ±25 %)."""
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InputError.of("band", option=f"--{name.replace('_', '-')}", given=repr(value))
    return float(value)


def run_backtest(
    rows: Sequence[QueryRow],
    *,
    network: Network | None = None,
    costing: Costing | None = None,
    time_band: float = DEFAULT_TIME_BAND,
    price_band: float = DEFAULT_PRICE_BAND,
    scenario_loader: Callable[[str], Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    source: str = "",
) -> Backtest:
    """Run every row: ``network``/``costing`` stand for the baseline (default: the shipped
    ``baseline`` scenario); other scenarios come from ``scenario_loader`` (default
    :func:`dalan.scenarios.load_scenario`). ``progress(done, total)`` is called after each row."""
    time_band, price_band = check_band(time_band, "time_band"), check_band(price_band, "price_band")
    model = _Model(network, costing, scenario_loader)
    rates = load_exchange_rates()
    results = []
    for k, row in enumerate(rows, start=1):
        results.append(run_row(model, row, time_band, price_band, rates))
        if progress is not None:
            progress(k, len(rows))
    log.info("backtest: %d rows, %d graphs compiled", len(rows), len(model.graphs))
    return Backtest(tuple(results), time_band, price_band, source)


__all__ = [
    "SUMMARY_GROUPS",
    "Backtest",
    "BacktestSummary",
    "BorderParts",
    "GroupSummary",
    "NotRunnable",
    "PortClearance",
    "RowResult",
    "border_parts",
    "cargo_and_quantity",
    "counted_scope",
    "error_medians",
    "first_to_last_run",
    "is_planned",
    "is_route_metric",
    "leg_figures",
    "load_exchange_rates",
    "measured_facility_h",
    "port_clearance",
    "port_clearance_place",
    "pricing_month",
    "route_metric",
    "row_costing",
    "run_backtest",
    "usd_to",
]

