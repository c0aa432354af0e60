"""Calibration: fit the free costing parameters to published figures, and cross-validate the fit.

The fit (``docs/validation.md``):

* **What is fitted.** ``costing.free_parameters()`` (block-train speeds and rail rates per railway,
  road speeds, handling times, border and voyage clearance, the Cape sea-rate factor ...), each
  inside its sourced [low, high] bounds, in log-parameter space (log bounds).
* **Residuals.** One per runnable row of the observations file: ``weight × g(e)`` where ``e`` is
  :func:`dalan.validation.backtest.relative_error` (zero inside a published range, else relative to
  the nearest bound) and ``g(e) = log(1 + e)`` (= log(model / published)), continued linearly below
  e = −0.5 so that differences (DELTA rows) may cross zero. Weights by ``kind``: observation,
  schedule and price 1.0, claim 0.3. Plus one prior residual per parameter,
  ``1.0 × log(x / x_source) / log 2``, pulling poorly identified parameters toward their evidence
  (the weight chosen by cross-validation, docs/validation.md).
* **Solver.** :func:`scipy.optimize.least_squares` (``method="trf"``, ``loss="soft_l1"``,
  ``f_scale = log 1.25``).
* **Fixed routes.** Inside a fit every row keeps the virtual-graph path it was routed on; a
  candidate parameter vector only changes the edges' hours and money. The edge arrays of a graph
  are affine in each parameter or in its reciprocal (a speed, a departure frequency), so they are
  expanded once per graph (:class:`_Linearised`, checked against a full compile at a random
  point; else every evaluation recompiles). Outer loop: fit → re-route every row with the fitted
  costing → refit, until no route changes, or no row's figure changes by more than
  :data:`ROUTE_TIE` (near-equal routes: the refit would be the same), or the routes come back to an
  earlier round's (at most :data:`MAX_ROUNDS` rounds).
* **Cross-validation.** Leave one corridor out (the row's corridor in the baseline back-test;
  corridors with fewer than :data:`MIN_FOLD_ROWS` rows are merged into ``other``), or
  (``cv_folds="rows"``) :data:`ROW_FOLDS` folds of rows drawn at random (seeded), each corridor's
  rows spread over them: unseen rows of corridors the fit has seen, as a held-back set of the same
  kinds and corridors would be. Each fold: fit on the other rows from the sourced values, route and
  predict the held-out rows. With ``jobs`` > 1 the folds run in worker processes
  (:class:`FoldRunner`) beside the fit on the whole file: the same figures.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import multiprocessing
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Self

import numpy as np

from dalan.choices import CV_SCHEMES
from dalan.costing import Costing, load_costing
from dalan.costing.loading import DEFAULT_COSTING
from dalan.costing.parameters import Parameter
from dalan.data import read_text, write_toml_text
from dalan.errors import DalanError, InputError
from dalan.graph import OPERATIONAL, VirtualGraph, compile_graph
from dalan.graph.virtual import EDGE_KINDS, MODE_CODES, run_rest_h, truck_runs
from dalan.messages import both
from dalan.network.io import network_from_geojson, network_to_geojson
from dalan.network.model import Network
from dalan.scenarios.compare import corridor_of
from dalan.validation.backtest import (
    BASELINE,
    DEFAULT_PRICE_BAND,
    DEFAULT_TIME_BAND,
    NOT_RUNNABLE,
    OK,
    Backtest,
    GroupSummary,
    NotRunnable,
    Rates,
    RowResult,
    _facility,
    _metric,
    _Model,
    _route,
    border_parts,
    cargo_and_quantity,
    counted_scope,
    error_medians,
    first_to_last_run,
    is_planned,
    is_route_metric,
    load_exchange_rates,
    port_clearance,
    route_metric,
    row_costing,
    run_backtest,
    spread_sea_share,
)
from dalan.validation.bands import band_for, in_band, metric_family, relative_error
from dalan.validation.queries import QueryRow
from dalan.validation.spread import SpreadEstimate, estimate_spread

log = logging.getLogger(__name__)

#: residual weight by the row's ``kind`` (anything else: 1.0)
KIND_WEIGHTS: dict[str, float] = {
    "observation": 1.0,
    "schedule": 1.0,
    "price": 1.0,
    "claim": 0.3,
}
PRIOR_WEIGHT = 1.0
F_SCALE = math.log(1.25)
MAX_ROUNDS = 4
#: re-routed rows whose figures all stay within this share of the fitted ones end the outer loop
#: (near-equal routes: a refit on them would be the same fit)
ROUTE_TIE = 0.005
MIN_FOLD_ROWS = 3
#: the folds of the random cross-validation (``cv_folds="rows"``) and its seed
ROW_FOLDS, ROW_FOLDS_SEED = 10, 0
OTHER = "other"
AT_BOUND_TOLERANCE = 0.005  # within 0.5 % (of the log-range) of a bound counts as "at the bound"
_LINK, _PASS = EDGE_KINDS.index("link"), EDGE_KINDS.index("pass")


# -- scenarios with a candidate costing ---------------------------------------------------------
class Scenarios:
    """Each scenario's network (built once) and its costing overrides, so that a scenario can be
    evaluated with any candidate costing: ``costing.with_overrides(overrides)`` as
    :func:`dalan.scenarios.registry.apply_spec` does."""

    def __init__(self, baseline: Network | None = None):
        self._networks: dict[str, Network] = {}
        self._overrides: dict[str, dict[str, float]] = {}
        if baseline is not None:
            self._networks[BASELINE] = baseline

    def _load(self, name: str) -> None:
        from dalan.scenarios.registry import EMBEDDED, find_spec, load_scenario

        chain, spec = [], find_spec(name)
        while True:
            chain.append(spec)
            if spec.base == EMBEDDED:
                break
            spec = find_spec(spec.base)
        overrides: dict[str, float] = {}
        for s in reversed(chain):
            overrides.update(s.costing)
        self._overrides[name] = overrides
        if name not in self._networks:
            self._networks[name] = load_scenario(name).network

    def network(self, name: str) -> Network:
        if name not in self._networks or name not in self._overrides:
            self._load(name)
        return self._networks[name]

    def overrides(self, name: str) -> dict[str, float]:
        self.network(name)
        return self._overrides[name]

    def costing(self, name: str, costing: Costing) -> Costing:
        overrides = self.overrides(name)
        return costing.with_overrides(overrides) if overrides else costing

    def loader(self, costing: Costing) -> Callable[[str], Any]:
        """A ``scenario_loader`` for :func:`run_backtest`: the scenario with ``costing``."""

        @dataclass(frozen=True)
        class _Loaded:
            network: Network
            costing: Costing

        return lambda name: _Loaded(self.network(name), self.costing(name, costing))

    def model(self, costing: Costing) -> _Model:
        """The back-test's per-scenario cache, for routing with ``costing``."""
        return _Model(
            self.network(BASELINE),
            self.costing(BASELINE, costing),
            self.loader(costing),
        )


#: a graph's per-edge hours, USD, km, queue hours and hours at the wheel at some parameters
_EdgeArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: (scenario, cargo class, (market year, month): ``Costing.market_period``) — one compiled graph each
GraphKey = tuple[str, str, tuple[int | None, int | None]]


# -- one row's fixed route ----------------------------------------------------------------------
@dataclass(frozen=True)
class RowPlan:
    """A runnable row with its route fixed: the edges whose hours, money and km make its figure."""

    row: QueryRow
    scenario: str
    cargo: str
    quantity: float
    corridor: str
    route: tuple[str, ...]
    path: tuple[int, ...] = ()  # the full edge path (to notice when a re-route changes it)
    edges: np.ndarray | None = None  # the edges counted for the row's scope
    truck_runs: tuple[np.ndarray, ...] = ()  # their truck runs (graph.virtual.truck_runs: positions in edges), each timed by the driving-time rules
    base_path: tuple[int, ...] = ()  # DELTA rows: the baseline query's path
    base_edges: np.ndarray | None = None
    base_truck_runs: tuple[np.ndarray, ...] = ()
    dwell_h: float = 0.0  # border_hours facility rows: the place's full dwell (× border_dwell_factor)
    fixed_h: float = 0.0  # ... plus the hours no parameter moves (a change of gauge there)
    constant: float | None = None  # facility figures that no parameter moves
    measured: bool = False  # the figure is a time measured that year, read from data (RowResult.measured)
    voyage: str = ""  # a port's clearance of rolling units before a voyage: its parameter (Costing.voyage_parameter)
    period: tuple[int | None, int | None] = (None, None)  # the market year and month of the row's costing (Costing.market_period)
    planned: bool = False  # a timetable's time: the route's hours without its queues (backtest.is_planned)
    #: a figure with a spread (backtest.spread_log_sd): the share at sea of its route's moving
    #: hours (a trip's time) or moving money (a price)
    sea_share: float | None = None

    @property
    def is_facility(self) -> bool:
        return self.edges is None

    @property
    def weight(self) -> float:
        return KIND_WEIGHTS.get(self.row.kind, 1.0)

    def signature(self) -> tuple:
        return (self.path, self.base_path)


def scope_edges(graph: VirtualGraph, path: Sequence[int], scope: str, metric: str = "") -> np.ndarray:
    """The edges of a path that count for a scope, as :func:`backtest.leg_figures` counts legs:
    pass edges are no leg; line-haul runs from the first link to the last."""
    edges = [e for e in path if graph.kind[e] != _PASS]
    scope = counted_scope(metric, scope, (MODE_CODES[graph.mode[e]] for e in edges if graph.kind[e] == _LINK))
    if scope == "line-haul":
        edges = first_to_last_run(edges, lambda e: graph.kind[e] == _LINK)
    return np.asarray(edges, dtype=np.int64)


def plan_rows(rows: Sequence[QueryRow], costing: Costing, scenarios: Scenarios) -> tuple[list[RowPlan], list[RowResult]]:
    """Route every mappable row with ``costing``: the runnable rows' plans, and the others as
    back-test results (not mappable / not runnable, with the reason)."""
    model = scenarios.model(costing)
    rates = load_exchange_rates()
    plans, left_out = [], []
    for row in rows:
        if not row.mappable:
            left_out.append(RowResult.unmappable(row))
            continue
        try:
            plans.append(_plan(model, row, rates))
        except DalanError as exc:
            left_out.append(RowResult.failed(row, exc))
    return plans, left_out


def _plan(model: _Model, row: QueryRow, rates: Rates) -> RowPlan:
    cargo, quantity = cargo_and_quantity(row)
    scenario = row.scenario or BASELINE
    if row.scope == "border" or (row.place and not row.origin):
        port = port_clearance(model, row, cargo)
        if port is not None:
            corridor = port.place.corridors[0] if port.place.corridors else "none"
            plan = RowPlan(row=row, scenario=scenario, cargo=cargo, quantity=quantity, corridor=corridor, route=(port.place.name_en,))
            if port.measured_h is None:
                return replace(plan, voyage=port.parameter)
            return replace(plan, constant=port.measured_h, measured=True)
        if row.metric == "border_hours":
            parts = border_parts(model, row, cargo)
            corridor = parts.place.corridors[0] if parts.place.corridors else "none"
            plan = RowPlan(row=row, scenario=scenario, cargo=cargo, quantity=quantity, corridor=corridor, route=(parts.place.name_en,))
            return replace(plan, dwell_h=parts.dwell_h, fixed_h=parts.fixed_h, measured=parts.measured)
        value, place, _ = _facility(model, row, cargo, quantity, rates)
        corridor = place.corridors[0] if place.corridors else "none"
        return RowPlan(row=row, scenario=scenario, cargo=cargo, quantity=quantity, corridor=corridor, route=(place.name_en,), constant=value)
    if not is_route_metric(row.metric):
        raise NotRunnable("not modelled", "metric", metric=_metric(row.metric))
    itinerary, network = _route(model, row, scenario, cargo, quantity)
    period = model.period(scenario, row)
    graph = model.graph(scenario, cargo, period)
    edges = scope_edges(graph, itinerary.edges, row.scope, row.metric)
    base_path: tuple[int, ...] = ()
    base_edges = None
    base_runs: tuple[np.ndarray, ...] = ()
    route_metric(row.metric, 1.0, 1.0, 1.0, row.year, rates)  # raises NotRunnable for a year without a rate
    if row.is_delta:
        base, _ = _route(model, row, BASELINE, cargo, quantity)
        base_graph = model.graph(BASELINE, cargo, period)
        base_path, base_edges = base.edges, scope_edges(base_graph, base.edges, row.scope, row.metric)
        base_runs = _runs(base_graph, base_edges)
    return RowPlan(
        row=row, scenario=scenario, cargo=cargo, quantity=quantity, corridor=corridor_of(itinerary, network),
        route=tuple(network.place(pid).name_en for pid in itinerary.place_sequence),
        path=itinerary.edges, edges=edges, truck_runs=_runs(graph, edges), base_path=base_path, base_edges=base_edges,
        base_truck_runs=base_runs, period=period,
        planned=is_planned(row),
        sea_share=spread_sea_share(row, itinerary),
    )  # fmt: skip


def _runs(graph: VirtualGraph, edges: np.ndarray) -> tuple[np.ndarray, ...]:
    """The truck runs of a row's counted edges (:func:`graph.virtual.truck_runs`), found once: the
    edges a truck drives are road links at every parameter value; each evaluation times the runs
    with that value's hours."""
    return tuple(truck_runs(graph.kind[edges], graph.drive_h[edges]))


# -- evaluating many candidate parameter vectors on fixed routes --------------------------------
#: the per-edge arrays of a compiled graph that move with the parameters (the rows of
#: :attr:`_Linearised.values0`)
_LINEAR_ARRAYS = ("time_h", "cost_usd", "queue_h", "drive_h")


def _moving(graph: VirtualGraph) -> np.ndarray:
    """A graph's :data:`_LINEAR_ARRAYS` as the rows of one (arrays, edges) array."""
    return np.stack([getattr(graph, name) for name in _LINEAR_ARRAYS])


@dataclass
class _Linearised:
    """One graph's edge hours, money and queue hours (:data:`_LINEAR_ARRAYS`) as affine functions
    of the parameters (or of their reciprocals), with the products of pairs that multiply (a
    wagonload's speed is the block train's × ``rail_wagonload_factor``: its hours are
    ``km / (speed × factor)``, bilinear in the two reciprocals): ``values = values0 + Σ_k
    slopes[:, :, k] · du_k + Σ_(k,l) cross[(k, l)] · du_k · du_l``, ``du_k = u_k(x) − u_k(x0)``."""

    values0: np.ndarray  # arrays × edges
    length: np.ndarray
    slopes: np.ndarray  # arrays × edges × parameters
    reciprocal: np.ndarray  # bool per parameter: u = 1/x, else u = x
    x0: np.ndarray
    cross: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)  # (k, l) -> arrays × edges

    def du(self, x: np.ndarray) -> np.ndarray:
        return np.where(self.reciprocal, 1.0 / x - 1.0 / self.x0, x - self.x0)

    def arrays(self, x: np.ndarray) -> np.ndarray:
        """The :data:`_LINEAR_ARRAYS` at ``x``, as the rows of one array."""
        du = self.du(x)
        out = self.values0 + self.slopes @ du
        for (k, l), c in self.cross.items():
            out += c * (du[k] * du[l])
        return out


class Evaluator:
    """Row figures for candidate parameter vectors (in the order of ``names``) on fixed routes.

    ``mode="linear"`` (default) expands each graph once (see :class:`_Linearised`) and falls back
    to ``"compile"`` (a full :func:`compile_graph` per graph and evaluation) where the expansion
    does not reproduce a full compile at a random point."""

    def __init__(
        self,
        costing: Costing,
        names: Sequence[str],
        scenarios: Scenarios,
        mode: str = "linear",
        seed: int = 0,
    ):
        self.costing, self.names, self.scenarios = costing, tuple(names), scenarios
        self.params = [costing.parameters[n] for n in self.names]
        self.low = np.array([p.low for p in self.params])
        self.high = np.array([p.high for p in self.params])
        self.rates = load_exchange_rates()
        self.mode = mode
        self.seed = seed
        self._linear: dict[GraphKey, _Linearised | None] = {}
        self._num_edges: dict[GraphKey, int] = {}
        # each parameter's form (True: affine in its reciprocal), once an expansion has seen it
        # move something: later graphs move it once instead of twice (the random checks hold)
        self._forms: list[bool | None] = [None] * len(self.names)
        self._pairs: set[tuple[int, int]] = set()  # the pairs of parameters that multiply, likewise
        self.compiles = 0

    def expansions(self) -> dict[GraphKey, _Linearised | None]:
        """The graphs expanded so far (None: a graph recompiled at every evaluation)."""
        return dict(self._linear)

    def adopt(self, expansions: Mapping[GraphKey, _Linearised | None]) -> None:
        """Start from another evaluator's expansions, made with the same costing, parameters and
        network (a fold's worker process: the parent expanded the graphs before starting it).
        Each is checked against this process's own compile at the starting values (one compile a
        graph: the same edges in the same order, the same hours, money and km); one that differs
        is left out, to be expanded here when first asked for."""
        x0 = np.array([p.value for p in self.params])
        costing = self.costing_at(x0)
        for key, lin in expansions.items():
            if key in self._linear:
                continue
            if lin is None:
                self._linear[key] = None
                continue
            graph = self._compile(key, costing)
            if graph.num_edges == lin.values0.shape[1] and _close(_moving(graph), lin.values0) and np.array_equal(graph.length_km, lin.length):
                self._linear[key] = lin

    def costing_at(self, x: np.ndarray) -> Costing:
        values = np.clip(np.asarray(x, dtype=float), self.low, self.high)
        return self.costing.with_parameters(dict(zip(self.names, values.tolist(), strict=True)))

    def _compile(self, key: GraphKey, costing: Costing) -> VirtualGraph:
        scenario, cargo, period = key
        graph = compile_graph(
            self.scenarios.network(scenario),
            row_costing(self.scenarios.costing(scenario, costing), cargo, period),
            cargo,
            OPERATIONAL,
        )
        self.compiles += 1
        expected = self._num_edges.setdefault(key, graph.num_edges)
        assert graph.num_edges == expected, f"{key}: the graph has {graph.num_edges} edges, was {expected}"
        return graph

    def _linearise(self, key: GraphKey) -> _Linearised | None:
        if key in self._linear:
            return self._linear[key]
        x0 = np.array([p.value for p in self.params])
        g0 = self._compile(key, self.costing_at(x0))
        values0 = _moving(g0)

        def values_at(x: np.ndarray) -> np.ndarray:
            return _moving(self._compile(key, self.costing_at(x)))

        x, at_x = self._random_point(self.seed), None
        derived = self._from_sibling(key, values0)
        if derived is not None:
            at_x = values_at(x)
            if _close(derived.arrays(x), at_x):
                self._linear[key] = derived
                return derived
        at_x = values_at(x) if at_x is None else at_x
        found: _Linearised | None = None
        known = any(f is not None for f in self._forms)
        for forms in (self._forms, None) if known else (None,):
            try:
                found = self._expansion(values_at, values0, x0, g0.length_km.copy(), forms, x, at_x)
                break
            except ValueError as exc:
                log.info("calibrate: %s/%s/%s %s: %s", *key, "expanded again, each parameter moved twice" if forms else "evaluated by full compiles", exc)
        if found is not None:
            for k in np.flatnonzero(np.any(found.slopes != 0.0, axis=(0, 1))):
                self._forms[k] = bool(found.reciprocal[k])
        self._linear[key] = found
        return found

    def _expansion(
        self,
        values_at: Callable[[np.ndarray], np.ndarray],
        values0: np.ndarray,
        x0: np.ndarray,
        length: np.ndarray,
        forms: Sequence[bool | None] | None,
        x: np.ndarray,
        at_x: np.ndarray,
    ) -> _Linearised:
        """:func:`affine_expansion` (each parameter's form as ``forms`` says, where known), with
        the product terms where it misses the compile ``at_x`` at the random point ``x``, checked
        there and at a second random point; ValueError where the result still misses."""
        found = affine_expansion(values_at, values0, x0, self.low, self.high, length, self.names, forms)
        missed = _misses(found.arrays(x), at_x)
        if not missed.any():
            return found
        x1 = self._random_point(self.seed + 1)
        at_x1 = values_at(x1)
        moving = np.flatnonzero(np.any(found.slopes[missed] != 0.0, axis=0))
        known = sorted(pair for pair in self._pairs if set(pair) <= set(moving.tolist()))
        for pairs in (known, None) if known else (None,):
            found.cross = self._products(found, moving, values_at, pairs)
            if _close(found.arrays(x), at_x) and _close(found.arrays(x1), at_x1):
                self._pairs.update(found.cross)
                return found
        raise ValueError("the expansion misses a full compile at a random point (parameters interact, or a form differs)")

    def _random_point(self, seed: int) -> np.ndarray:
        """A point inside the bounds, log-uniform, where an expansion is checked against a compile."""
        rng = np.random.default_rng(seed)
        x = np.exp(rng.uniform(np.log(np.maximum(self.low, 1e-9)), np.log(self.high)))
        return np.clip(x, self.low, self.high)

    def _products(
        self,
        found: _Linearised,
        moving: np.ndarray,
        values_at: Callable[[np.ndarray], np.ndarray],
        pairs: Sequence[tuple[int, int]] | None,
    ) -> dict[tuple[int, int], np.ndarray]:
        """The product terms (:func:`product_terms`) among the parameters ``moving`` an entry the
        affine expansion missed: only ``pairs`` (those another graph's expansion found) where
        given, else every pair; none past :data:`MAX_PRODUCT_PARAMETERS` candidates (the graph is
        then recompiled at every evaluation)."""
        if pairs is None and len(moving) > MAX_PRODUCT_PARAMETERS:
            return {}
        return product_terms(values_at, found, self.low, self.high, moving, pairs)

    def _from_sibling(self, key: GraphKey, values0: np.ndarray) -> _Linearised | None:
        """A graph's expansion from a sibling's (the same scenario and cargo): a month's from its
        year's, a year's from another year already expanded. Each edge's money is scaled by the
        graph's over the sibling's (a deep-sea leg's rate × the market, a tariff's year) and its
        hours moved by the difference (a border's measured time); the slopes are the sibling's:
        one compile instead of two per parameter. None without a sibling, or where an edge has
        money here and none there, or a different set of edges (a service open in one year and
        not the other): then the full expansion, as where the result misses a full compile at a
        random point."""
        scenario, cargo, (year, month) = key
        if month is not None:
            sibling: GraphKey | None = (scenario, cargo, (year, None))
        else:
            sibling = next((k for k, v in self._linear.items() if v is not None and k[:2] == key[:2] and v.values0.shape == values0.shape), None)
        if sibling is None:
            return None
        base = self._linearise(sibling)
        if base is None or values0.shape != base.values0.shape:
            return None
        money = _LINEAR_ARRAYS.index("cost_usd")
        if np.any((base.values0[money] == 0) & (values0[money] != 0)):
            return None
        ratio = np.divide(values0[money], base.values0[money], out=np.ones_like(values0[money]), where=base.values0[money] != 0)
        slopes = base.slopes.copy()
        slopes[money] *= ratio[:, None]
        cross = {pair: c.copy() for pair, c in base.cross.items()}
        for c in cross.values():
            c[money] *= ratio
        return _Linearised(values0, base.length, slopes, base.reciprocal, base.x0, cross)

    def graph_arrays(self, keys: set[GraphKey], x: np.ndarray) -> dict[GraphKey, _EdgeArrays]:
        """(hours, USD, km, queue hours, hours at the wheel) per edge of each graph at ``x``."""
        x = np.clip(np.asarray(x, dtype=float), self.low, self.high)
        out, costing = {}, None
        for key in sorted(keys, key=lambda k: (k[0], k[1], k[2][0] or 0, k[2][1] or 0)):
            lin = self._linearise(key) if self.mode == "linear" else None
            if lin is not None:
                time, cost, queue, drive = lin.arrays(x)
                out[key] = (time, cost, lin.length, queue, drive)
            else:
                costing = costing or self.costing_at(x)
                g = self._compile(key, costing)
                out[key] = (g.time_h, g.cost_usd, g.length_km, g.queue_h, g.drive_h)
        return out

    def scalar(self, name: str, scenario: str, x: np.ndarray) -> float:
        """A costing-wide number (``border_dwell_factor``, ``voyage_border_h``, a parameter) at
        ``x``: the scenario's override, else the fitted parameter, else the costing's value."""
        overrides = self.scenarios.overrides(scenario)
        if name in overrides:
            return float(overrides[name])
        if name in self.names:
            return float(np.clip(x, self.low, self.high)[self.names.index(name)])
        return float(getattr(self.costing, name)) if hasattr(self.costing, name) else self.costing.value(name)

    def values(self, plans: Sequence[RowPlan], x: np.ndarray) -> np.ndarray:
        """Each plan's model figure at ``x``."""
        keys = {(p.scenario, p.cargo, p.period) for p in plans if not p.is_facility}
        keys |= {(BASELINE, p.cargo, p.period) for p in plans if p.base_edges is not None}
        arrays = self.graph_arrays(keys, x)
        out = np.empty(len(plans))
        for i, p in enumerate(plans):
            if p.constant is not None:
                out[i] = p.constant
            elif p.voyage:
                out[i] = self.scalar(p.voyage, p.scenario, x)
            elif p.is_facility:
                out[i] = p.dwell_h * self.scalar("border_dwell_factor", p.scenario, x) + p.fixed_h
            else:
                assert p.edges is not None
                out[i] = self._figure(p, arrays[p.scenario, p.cargo, p.period], p.edges, p.truck_runs)
                if p.base_edges is not None:
                    out[i] -= self._figure(p, arrays[BASELINE, p.cargo, p.period], p.base_edges, p.base_truck_runs)
        return out

    def _figure(
        self,
        p: RowPlan,
        arrays: _EdgeArrays,
        edges: np.ndarray,
        runs: Sequence[np.ndarray],
    ) -> float:
        time, cost, length, queue, drive = arrays
        rest_h = 0.0
        if runs:  # a truck's runs, each timed by the driving-time rules
            driving, hours = drive[edges], time[edges]
            rest_h = sum(run_rest_h(self.costing, driving[run], hours[run]) for run in runs)
        h, usd, km = (
            float(time[edges].sum() - (queue[edges].sum() if p.planned else 0.0)) + rest_h,
            float(cost[edges].sum()) * p.quantity,
            float(length[edges].sum()),
        )
        return route_metric(p.row.metric, h, usd, km, p.row.year, self.rates)


#: the most parameters :meth:`Evaluator._products` tries in pairs (45 compiles at 10)
MAX_PRODUCT_PARAMETERS = 16


def affine_expansion(
    values_at: Callable[[np.ndarray], np.ndarray],
    values0: np.ndarray,
    x0: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    length: np.ndarray,
    names: Sequence[str],
    forms: Sequence[bool | None] | None = None,
) -> _Linearised:
    """Each parameter's effect alone on ``values_at`` (``values0`` at ``x0``): moved to the 0.3
    and 0.8 points of its range (the 0.55 point instead of one that is ``x0``, where a move
    would tell nothing), it is affine in the parameter, or else in its reciprocal (a speed, a
    frequency), the slope read from the first move and checked at the second. Raises ValueError
    for a parameter that is neither. A parameter whose form ``forms`` gives (True: reciprocal;
    None: not known) is moved once, to the 0.3 point, and not checked: the caller checks the
    whole expansion against ``values_at`` at a random point."""
    n = len(x0)
    slopes = np.zeros((*values0.shape, n))
    reciprocal = np.zeros(n, dtype=bool)
    for k in range(n):
        a, b = (low[k] + f * (high[k] - low[k]) for f in (0.3, 0.8))
        a, b = (low[k] + 0.55 * (high[k] - low[k]) if abs(p - x0[k]) < 1e-9 * max(abs(x0[k]), 1.0) else p for p in (a, b))
        xa, xb = x0.copy(), x0.copy()
        xa[k], xb[k] = a, b
        va = values_at(xa)
        form = forms[k] if forms is not None else None
        if form is not None and (not form or (a > 0 and x0[k] > 0)):
            u0, ua = (1 / x0[k], 1 / a) if form else (x0[k], a)
            slopes[:, :, k], reciprocal[k] = (va - values0) / (ua - u0), form
            continue
        vb = values_at(xb)
        for inv in (False, True):
            if inv and (a <= 0 or b <= 0 or x0[k] <= 0):
                continue
            u0, ua, ub = (1 / x0[k], 1 / a, 1 / b) if inv else (x0[k], a, b)
            slope = (va - values0) / (ua - u0)
            if _close(values0 + slope * (ub - u0), vb):
                slopes[:, :, k], reciprocal[k] = slope, inv
                break
        else:
            raise ValueError(f"{names[k]} is neither affine nor reciprocal-affine")
    return _Linearised(values0, length, slopes, reciprocal, x0)


def product_terms(
    values_at: Callable[[np.ndarray], np.ndarray],
    found: _Linearised,
    low: np.ndarray,
    high: np.ndarray,
    candidates: Sequence[int] | np.ndarray,
    pairs: Sequence[tuple[int, int]] | None = None,
) -> dict[tuple[int, int], np.ndarray]:
    """The pairs of ``candidates`` whose effects multiply in ``values_at`` and each product's
    coefficient, for an expansion ``found`` whose slopes hold each parameter's effect alone: every
    pair is moved together from ``x0`` to the 0.3 point of its range (one call per pair); where the
    result differs from the sum of the two moves, the coefficient is the difference / (du_k · du_l)
    — exact where the arrays are bilinear in the pair's ``u`` (each parameter or its reciprocal).
    ``pairs`` (each ``(k, l)`` with ``k`` before ``l`` in ``candidates``) limits the pairs tried."""
    probe = found.x0.copy()
    for k in candidates:
        probe[k] = low[k] + 0.3 * (high[k] - low[k])
    du = found.du(probe)
    cross = {}
    every = [(int(k), int(l)) for i, k in enumerate(candidates) for l in candidates[i + 1 :]]
    for k, l in every if pairs is None else pairs:
        xkl = found.x0.copy()
        xkl[k], xkl[l] = probe[k], probe[l]
        both_moved = values_at(xkl)
        apart = found.values0 + found.slopes[:, :, k] * du[k] + found.slopes[:, :, l] * du[l]
        if not _close(apart, both_moved) and du[k] * du[l] != 0.0:
            cross[(k, l)] = (both_moved - apart) / (du[k] * du[l])
    return cross


def _misses(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where an expansion's arrays ``a`` miss a compile's ``b`` (rtol 1e-9, atol 1e-7)."""
    return ~np.isclose(a, b, rtol=1e-9, atol=1e-7)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return not _misses(a, b).any()


# -- residuals and the fit ----------------------------------------------------------------------
def log_error(error: float) -> float:
    """log(1 + e) = log(model / published), continued linearly (slope 2) below e = −0.5."""
    if error > -0.5:
        return math.log1p(error)
    return math.log(0.5) + 2.0 * (error + 0.5)


def row_errors(plans: Sequence[RowPlan], values: np.ndarray) -> np.ndarray:
    return np.array([relative_error(v, p.row.value, p.row.value_low, p.row.value_high) for p, v in zip(plans, values, strict=True)])


def soft_l1_cost(residuals: np.ndarray, f_scale: float = F_SCALE) -> float:
    """least_squares' cost with ``loss="soft_l1"``: ½ f² Σ ρ(r² / f²), ρ(z) = 2(√(1+z) − 1)."""
    z = (np.asarray(residuals) / f_scale) ** 2
    return float(0.5 * f_scale**2 * np.sum(2.0 * (np.sqrt(1.0 + z) - 1.0)))


class Objective:
    """The residual vector of a fit: one per row plan, then one prior per parameter."""

    def __init__(
        self,
        evaluator: Evaluator,
        plans: Sequence[RowPlan],
        sourced: np.ndarray,
        prior_weight: float = PRIOR_WEIGHT,
    ):
        self.evaluator, self.plans = evaluator, list(plans)
        self.weights = np.array([p.weight for p in self.plans])
        self.log_sourced = np.log(sourced)
        self.prior_weight = prior_weight
        self.evaluations = 0

    def residuals(self, z: np.ndarray) -> np.ndarray:
        self.evaluations += 1
        values = self.evaluator.values(self.plans, np.exp(z))
        errors = row_errors(self.plans, values)
        rows = self.weights * np.array([log_error(e) for e in errors])
        prior = self.prior_weight * (z - self.log_sourced) / math.log(2.0)
        return np.concatenate([rows, prior])

    def cost(self, x: np.ndarray) -> float:
        return soft_l1_cost(self.residuals(np.log(x)))


def log_bounds(params: Sequence[Parameter]) -> tuple[np.ndarray, np.ndarray]:
    low = np.array([math.log(p.low) if p.low > 0 else -np.inf for p in params])
    high = np.array([math.log(p.high) for p in params])
    return low, high


@dataclass(frozen=True)
class FitResult:
    """One fit: the values (in ``names`` order), the objective before and after, the rounds."""

    names: tuple[str, ...]
    values: np.ndarray
    start_cost: float
    cost: float
    rounds: int
    evaluations: int
    converged: bool  # routes stopped changing before the round limit


def fit_parameters(
    rows_or_plans: Sequence[RowPlan],
    evaluator: Evaluator,
    sourced: np.ndarray,
    *,
    rows: Sequence[QueryRow] | None = None,
    max_rounds: int = MAX_ROUNDS,
    max_nfev: int | None = None,
) -> FitResult:
    """Fit with fixed routes, re-route ``rows`` with the fitted costing, refit, until the routes
    stop changing or change no row's figure by more than :data:`ROUTE_TIE`, come back to an
    earlier round's (a cycle) or ``max_rounds`` rounds. Starts from ``sourced``; routes of the first round are
    the plans given (routed with the sourced values)."""
    from scipy.optimize import least_squares

    plans = list(rows_or_plans)
    lo, hi = log_bounds(evaluator.params)
    z = np.clip(np.log(sourced), lo, hi)
    start_cost = Objective(evaluator, plans, sourced).cost(np.exp(z))
    evaluations, rounds, converged = 0, 0, False
    seen = {tuple(p.signature() for p in plans)}
    for rounds in range(1, max_rounds + 1):
        objective = Objective(evaluator, plans, sourced)
        result = least_squares(
            objective.residuals,
            z,
            bounds=(lo, hi),
            method="trf",
            loss="soft_l1",
            f_scale=F_SCALE,
            max_nfev=max_nfev,
            x_scale=1.0,
        )
        z = np.clip(result.x, lo, hi)
        evaluations += objective.evaluations
        if rows is None:
            converged = True
            break
        replanned, _ = plan_rows(rows, evaluator.costing_at(np.exp(z)), evaluator.scenarios)
        wanted = {p.row.id for p in plans}
        replanned = [p for p in replanned if p.row.id in wanted]
        changed = sum(a.signature() != b.signature() for a, b in zip(plans, replanned, strict=True)) if len(replanned) == len(plans) else -1
        log.info(
            "calibrate: round %d cost %.4f, %s routes changed",
            rounds,
            result.cost,
            changed,
        )
        if changed == 0 or _same_figures(evaluator, plans, replanned, np.exp(z)):
            converged = True
            break
        routes = tuple(p.signature() for p in replanned)
        if routes in seen:  # near-equal routes that swap with each fit: more rounds only go round
            log.info("calibrate: round %d routes as in an earlier round; stopping", rounds)
            break
        seen.add(routes)
        plans = replanned
    x = np.exp(z)
    cost = Objective(evaluator, plans, sourced).cost(x)
    return FitResult(
        evaluator.names,
        np.clip(x, evaluator.low, evaluator.high),
        start_cost,
        cost,
        rounds,
        evaluations,
        converged,
    )


def _same_figures(evaluator: Evaluator, plans: Sequence[RowPlan], replanned: Sequence[RowPlan], x: np.ndarray) -> bool:
    """Whether the re-routed rows give every row's figure within :data:`ROUTE_TIE` of the fitted
    routes' at ``x``."""
    if len(plans) != len(replanned):
        return False
    before, after = evaluator.values(plans, x), evaluator.values(replanned, x)
    return bool(np.all(np.abs(after - before) <= ROUTE_TIE * np.maximum(np.abs(before), 1e-9)))


# -- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FittedParameter:
    name: str
    unit: str
    source_value: float
    fitted: float
    low: float
    high: float
    source: str = ""

    @property
    def at_bound(self) -> str:
        """``"low"`` / ``"high"`` when the fit pins the parameter at a bound, else ``""``."""
        span = math.log(self.high / self.low) if self.low > 0 else self.high - self.low
        near = AT_BOUND_TOLERANCE * span
        distance = (lambda a, b: abs(math.log(a / b))) if self.low > 0 else (lambda a, b: abs(a - b))
        if distance(self.fitted, self.low) <= near:
            return "low"
        if distance(self.fitted, self.high) <= near:
            return "high"
        return ""

    @property
    def change(self) -> float:
        return self.fitted / self.source_value - 1.0 if self.source_value else math.nan

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "source_value": self.source_value, "fitted": self.fitted,
                "low": self.low, "high": self.high, "at_bound": self.at_bound, "change": self.change}  # fmt: skip


def group_of(r: RowResult) -> tuple[str, str]:
    """(family, evidence): time or price; claims or the rest (observations, schedules, prices)."""
    family = "price" if metric_family(r.row.metric) == "price" else "time"
    evidence = "claims" if r.row.kind == "claim" else "observations"
    return family, evidence


def summarize(results: Sequence[RowResult]) -> tuple[GroupSummary, ...]:
    """Median |error|, median signed error and share in band: all, by corridor, by family (time/price), by evidence
    (claims apart), by family × evidence, and by evidence over the computed figures only (the
    measured look-ups apart, ``RowResult.measured``: they agree with their rows by construction)."""
    ok = [r for r in results if r.status == OK and r.error is not None]
    keys: list[tuple[str, Callable[[RowResult], str], bool]] = [
        ("all", lambda r: "all", True),
        ("corridor", lambda r: r.corridor, True),
        ("family", lambda r: group_of(r)[0], True),
        ("evidence", lambda r: group_of(r)[1], True),
        ("family_evidence", lambda r: " · ".join(group_of(r)), True),
        ("computed_evidence", lambda r: group_of(r)[1], False),
    ]
    out = []
    for what, key, with_measured in keys:
        members: dict[str, list[RowResult]] = defaultdict(list)
        for r in ok:
            if with_measured or not r.measured:
                members[key(r)].append(r)
        for name in sorted(members, key=lambda n: (n == OTHER, n)):
            rs = members[name]
            out.append(GroupSummary(what, name, len(rs), sum(bool(r.in_band) for r in rs), *error_medians(rs)))
    return tuple(out)


def results_for(
    plans: Sequence[RowPlan],
    values: np.ndarray,
    corridors: Mapping[str, str],
    time_band: float,
    price_band: float,
) -> list[RowResult]:
    out = []
    for p, v in zip(plans, values, strict=True):
        error = relative_error(float(v), p.row.value, p.row.value_low, p.row.value_high)
        band = band_for(p.row.metric, time_band, price_band)
        out.append(RowResult(p.row, OK, model_value=float(v), error=error, in_band=in_band(error, band), band=band,
                             corridor=corridors.get(p.row.id, p.corridor), route=p.route, measured=p.measured))  # fmt: skip
    return out


@dataclass(frozen=True)
class Calibration:
    """A calibration: the fitted parameters, the in-sample and cross-validated back-tests (each
    row's corridor is its fold: the baseline corridor, small ones merged into ``other``), the rows
    left out and the objective before and after the fit."""

    parameters: tuple[FittedParameter, ...]
    in_sample: Backtest
    sourced: Backtest
    cross_validated: Backtest | None
    left_out: tuple[RowResult, ...]
    start_cost: float
    cost: float
    rounds: int
    converged: bool
    source: str
    costing: Costing = field(repr=False, compare=False)
    #: the spread of a trip's time and price by land and by sea, read from the cross-validated
    #: figures and the ``check`` file's (:func:`dalan.validation.spread.estimate_spread`; empty
    #: without cross-validation)
    spread: tuple[SpreadEstimate, ...] = ()
    #: how the cross-validation split the rows (:data:`dalan.choices.CV_SCHEMES`)
    cv_folds: str = "corridor"
    #: a file of figures never fitted, run with the fitted costing (:func:`judge`; ``--check``)
    check: Backtest | None = None

    @property
    def values(self) -> dict[str, float]:
        return {p.name: p.fitted for p in self.parameters}

    @property
    def n_rows(self) -> int:
        return len(self.in_sample.results)

    def at_bounds(self) -> tuple[FittedParameter, ...]:
        return tuple(p for p in self.parameters if p.at_bound)

    def to_dict(self) -> dict[str, Any]:
        def groups(bt: Backtest | None) -> list[dict[str, Any]] | None:
            return None if bt is None else [g.to_dict() for g in summarize(bt.results)]

        return {
            "source": self.source,
            "rows": self.n_rows,
            "rounds": self.rounds,
            "converged": self.converged,
            "objective": {"sourced": self.start_cost, "fitted": self.cost},
            "parameters": [p.to_dict() for p in self.parameters],
            "sourced": groups(self.sourced),
            "in_sample": groups(self.in_sample),
            "cross_validated": groups(self.cross_validated),
            "cv_folds": self.cv_folds,
            "rows_in_sample": [r.to_dict() for r in self.in_sample.results],
            "rows_cross_validated": None if self.cross_validated is None else [r.to_dict() for r in self.cross_validated.results],
            "left_out": [{"id": r.row.id, "status": r.status, "reason": r.reason} for r in self.left_out],
            "spread": [e.to_dict() for e in self.spread],
            "check": None if self.check is None else {
                "source": self.check.source, "groups": groups(self.check), "rows": [r.to_dict() for r in self.check.results],
            },
        }  # fmt: skip

    def to_frame(self):
        """The parameter table (pandas DataFrame)."""
        import pandas as pd

        return pd.DataFrame.from_records([p.to_dict() for p in self.parameters])

    def rows_frame(self):
        """One row per fitted row: published, sourced, in-sample and cross-validated model values."""
        import pandas as pd

        cv = {r.row.id: r for r in self.cross_validated.results} if self.cross_validated else {}
        src = {r.row.id: r for r in self.sourced.results}
        records = []
        for r in self.in_sample.results:
            c = cv.get(r.row.id)
            records.append({
                "id": r.row.id, "metric": r.row.metric, "kind": r.row.kind, "corridor": r.corridor,
                "published": r.row.value, "sourced": src[r.row.id].model_value, "fitted": r.model_value,
                "error_sourced": src[r.row.id].error, "error_fitted": r.error,
                "cv": None if c is None else c.model_value, "error_cv": None if c is None else c.error,
            })  # fmt: skip
        return pd.DataFrame.from_records(records)


def folds_of(plans: Sequence[RowPlan], min_rows: int = MIN_FOLD_ROWS) -> dict[str, str]:
    """Row id → its fold: the baseline corridor, corridors with fewer than ``min_rows`` merged
    into ``other``."""
    counts: dict[str, int] = defaultdict(int)
    for p in plans:
        counts[p.corridor] += 1
    return {p.row.id: p.corridor if counts[p.corridor] >= min_rows else OTHER for p in plans}


def random_folds(plans: Sequence[RowPlan], k: int = ROW_FOLDS, seed: int = ROW_FOLDS_SEED) -> dict[str, str]:
    """Row id → one of ``k`` folds (``"1"`` … ``"k"``): each corridor's rows, in a seeded random
    order, dealt over the folds in turn (the corridors one after the other): a corridor of ``n``
    rows spreads over ``min(n, k)`` folds, and the folds' sizes differ by one row at most."""
    rng = np.random.default_rng(seed)
    by_corridor: dict[str, list[str]] = defaultdict(list)
    for p in plans:
        by_corridor[p.corridor].append(p.row.id)
    out, turn = {}, 0
    for corridor in sorted(by_corridor):
        for row_id in rng.permutation(sorted(by_corridor[corridor])):
            out[str(row_id)] = str(turn % k + 1)
            turn += 1
    return out


def judge(
    rows: Sequence[QueryRow],
    costing: Costing,
    *,
    time_band: float = DEFAULT_TIME_BAND,
    price_band: float = DEFAULT_PRICE_BAND,
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """The back-test of ``rows`` with ``costing`` in every scenario (a scenario's own overrides on
    top of it, as a candidate is judged in the fit): a fitted costing on figures it never saw."""
    model = Scenarios().model(costing)  # the back-test's model of a candidate costing, as plan_rows uses
    return run_backtest(
        rows, network=model.network, costing=model.costing, scenario_loader=model.loader,
        time_band=time_band, price_band=price_band, source=source, progress=progress,
    )  # fmt: skip


def sourced_values(costing_path: str | Path | None = None) -> dict[str, float]:
    """Each parameter's sourced value (:attr:`Parameter.sourced`) in a costing file."""
    return {name: p.sourced for name, p in load_costing(costing_path).parameters.items()}


def fold_names(corridors: Mapping[str, str], folds: Sequence[str] | None = None) -> list[str]:
    """The cross-validation's folds in order (``other`` last), limited to ``folds`` if given."""
    names = sorted(set(corridors.values()), key=lambda n: (n == OTHER, int(n) if n.isdigit() else 0, n))
    return [f for f in names if folds is None or f in folds]


@dataclass(frozen=True)
class FoldFits:
    """What a leave-one-corridor-out fold needs, picklable for a worker process: the starting
    costing, the free parameters, the network (GeoJSON; None = the embedded one), the rows that
    were planned, the fit's settings, and the graphs' expansions already made (a worker starts
    from them instead of expanding the same graphs again)."""

    costing: Costing
    names: tuple[str, ...]
    network: dict[str, object] | None
    mode: str
    rows: tuple[QueryRow, ...]
    sourced: np.ndarray
    corridors: Mapping[str, str]  # row id -> its corridor (as the results name it)
    max_rounds: int
    max_nfev: int | None
    time_band: float
    price_band: float
    expansions: Mapping[GraphKey, _Linearised | None] = field(default_factory=dict)
    folds: Mapping[str, str] | None = None  # row id -> its fold (None: its corridor)

    def fold_of(self, row_id: str) -> str:
        return (self.folds or self.corridors)[row_id]

    def predict(self, fold: str, evaluator: Evaluator, scenarios: Scenarios, plans: Sequence[RowPlan]) -> list[RowResult]:
        """The fold's rows predicted by a fit, from the sourced values, on every other row."""
        train = [p for p in plans if self.fold_of(p.row.id) != fold]
        test_rows = [p.row for p in plans if self.fold_of(p.row.id) == fold]
        fold_fit = fit_parameters(
            train, evaluator, self.sourced, rows=[p.row for p in train], max_rounds=self.max_rounds, max_nfev=self.max_nfev
        )
        test_plans, _ = plan_rows(test_rows, evaluator.costing_at(fold_fit.values), scenarios)
        values = evaluator.values(test_plans, fold_fit.values)
        return results_for(test_plans, values, self.corridors, self.time_band, self.price_band)


#: A fold worker's state, built once per process by :func:`_start_fold_worker`.
_WORKER: dict[str, Any] = {}


def _start_fold_worker(fits: FoldFits) -> None:
    network = None if fits.network is None else network_from_geojson(fits.network, "network")
    scenarios = Scenarios(network)
    evaluator = Evaluator(fits.costing, list(fits.names), scenarios, mode=fits.mode)
    evaluator.adopt(fits.expansions)
    plans, _ = plan_rows(fits.rows, fits.costing, scenarios)
    _WORKER.update(fits=fits, scenarios=scenarios, evaluator=evaluator, plans=plans)


def _predict_fold(fold: str) -> tuple[str, list[RowResult]]:
    fits: FoldFits = _WORKER["fits"]
    return fold, fits.predict(fold, _WORKER["evaluator"], _WORKER["scenarios"], _WORKER["plans"])


class FoldRunner:
    """Runs the folds of a cross-validation: in ``jobs`` worker processes (started on entry, so
    that they work while the caller fits the whole file; ``forkserver``, else ``spawn``: no copy
    of a threaded parent), or in this process when ``jobs`` is 1 or there is one fold."""

    def __init__(self, fits: FoldFits, folds: Sequence[str], jobs: int = 1):
        self.fits, self.folds = fits, list(folds)
        self.jobs = max(1, min(jobs, len(self.folds)))
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[tuple[str, list[RowResult]]]] = []

    def __enter__(self) -> Self:
        if self.jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_fold_worker, initargs=(self.fits,))
            self.futures = [self.pool.submit(_predict_fold, fold) for fold in self.folds]
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self.pool is not None:  # on an error the folds not started are cancelled and not awaited
            self.pool.shutdown(wait=exc_type is None, cancel_futures=True)

    def results(
        self,
        evaluator: Evaluator,
        scenarios: Scenarios,
        plans: Sequence[RowPlan],
        progress: Callable[[int, int, str], None] | None = None,
    ) -> dict[str, RowResult]:
        """Row id → its cross-validated result; ``progress(done, total, fold)`` as folds go."""
        total, predicted = len(self.folds), dict[str, RowResult]()
        if self.pool is None:
            for k, fold in enumerate(self.folds):
                if progress is not None:
                    progress(k, total, fold)
                predicted.update((r.row.id, r) for r in self.fits.predict(fold, evaluator, scenarios, plans))
        else:
            for k, future in enumerate(as_completed(self.futures)):
                fold, results = future.result()
                predicted.update((r.row.id, r) for r in results)
                if progress is not None:
                    progress(k + 1, total, fold)
        if progress is not None:
            progress(total, total, "")
        return predicted


def calibrate(
    rows: Sequence[QueryRow],
    *,
    costing: Costing | None = None,
    costing_path: str | Path | None = None,
    network: Network | None = None,
    cross_validate: bool = True,
    folds: Sequence[str] | None = None,
    cv_folds: str = "corridor",
    max_rounds: int = MAX_ROUNDS,
    max_nfev: int | None = None,
    mode: str = "linear",
    time_band: float = DEFAULT_TIME_BAND,
    price_band: float = DEFAULT_PRICE_BAND,
    progress: Callable[[int, int, str], None] | None = None,
    source: str = "",
    jobs: int = 1,
    check: Sequence[QueryRow] | None = None,
    check_source: str = "",
) -> Calibration:
    """Fit the free parameters of ``costing`` (default: loaded from ``costing_path``, else the
    shipped file) to ``rows``, starting from the sourced values; then cross-validation, leaving one
    corridor out or (``cv_folds="rows"``) ten random folds of rows (``folds`` limits it to those
    folds), its folds in ``jobs`` worker processes
    beside the fit when ``jobs`` > 1 (the same figures as one process). ``progress(done, total, fold)``.
    ``check``: figures never fitted (``check_source`` their file), run with the fitted costing
    (:func:`judge`); the spreads are read from them and the cross-validated figures together."""
    loaded = costing or load_costing(costing_path)
    priors = {n: p.sourced for n, p in loaded.parameters.items()} if costing is None else {}
    free = loaded.free_parameters()
    if not free:
        raise InputError.of("no_free_parameters", source=loaded.source or both("file_kind.the_costing"))
    names = [p.name for p in free]
    start = {n: priors.get(n, loaded.parameters[n].value) for n in names}
    base = loaded.with_parameters(start)
    sourced = np.array([start[n] for n in names])
    if np.any(sourced <= 0):
        raise InputError.of("log_space")
    scenarios = Scenarios(network)
    evaluator = Evaluator(base, names, scenarios, mode=mode)
    plans, left_out = plan_rows(rows, base, scenarios)
    if not plans:
        raise InputError.of("no_rows_to_fit", source=source or both("file_kind.observations"))
    if cv_folds not in CV_SCHEMES:
        raise ValueError(f"cv_folds {cv_folds!r}: use one of {', '.join(CV_SCHEMES)}")
    corridors = folds_of(plans)
    split = random_folds(plans) if cv_folds == "rows" else None
    sourced_results = results_for(plans, evaluator.values(plans, sourced), corridors, time_band, price_band)
    chosen = fold_names(split or corridors, folds) if cross_validate else []
    fits = FoldFits(
        base, tuple(names), None if network is None else network_to_geojson(network), mode,
        tuple(p.row for p in plans), sourced, corridors, max_rounds, max_nfev, time_band, price_band,
        evaluator.expansions() if jobs > 1 else {}, split,
    )  # fmt: skip
    with FoldRunner(fits, chosen, jobs) as folds_run:  # the folds' processes start first and run beside the fit
        fit = fit_parameters(
            plans,
            evaluator,
            sourced,
            rows=[p.row for p in plans],
            max_rounds=max_rounds,
            max_nfev=max_nfev,
        )
        fitted_costing = evaluator.costing_at(fit.values)
        final_plans, _ = plan_rows([p.row for p in plans], fitted_costing, scenarios)
        in_sample = results_for(
            final_plans,
            evaluator.values(final_plans, fit.values),
            corridors,
            time_band,
            price_band,
        )
        predicted = folds_run.results(evaluator, scenarios, plans, progress) if cross_validate else None
    cv_bt = None
    if predicted is not None:
        cv_bt = Backtest(
            tuple(predicted[p.row.id] for p in plans if p.row.id in predicted),
            time_band,
            price_band,
            source,
        )
    parameters = tuple(
        FittedParameter(
            n,
            loaded.parameters[n].unit,
            start[n],
            float(v),
            loaded.parameters[n].low,
            loaded.parameters[n].high,
            loaded.parameters[n].source,
        )
        for n, v in zip(names, fit.values, strict=True)
    )
    checked = None if check is None else judge(check, fitted_costing, time_band=time_band, price_band=price_band, source=check_source)
    return Calibration(
        parameters=parameters,
        in_sample=Backtest(tuple(in_sample), time_band, price_band, source),
        sourced=Backtest(tuple(sourced_results), time_band, price_band, source),
        cross_validated=cv_bt,
        left_out=tuple(r for r in left_out if r.status == NOT_RUNNABLE),
        start_cost=fit.start_cost,
        cost=fit.cost,
        rounds=fit.rounds,
        converged=fit.converged,
        source=source,
        costing=fitted_costing,
        spread=() if cv_bt is None else estimate_spread(plans, cv_bt.results, check=() if checked is None else checked.results),
        cv_folds=cv_folds,
        check=checked,
    )


# -- writing the fitted costing -----------------------------------------------------------------
_ENTRY = re.compile(r'^(?P<key>"[^"]+"|[A-Za-z0-9_.\-]+)\s*=\s*\{(?P<body>.*)\}(?P<tail>\s*(#.*)?)$')


def _toml_key(line: str) -> str | None:
    m = _ENTRY.match(line.strip())
    return m.group("key").strip('"') if m else None


def _fmt(x: float) -> str:
    text = f"{x:.6g}"
    return text if any(c in text for c in ".e") else text + ".0"


def _set_keys(body: str, values: Mapping[str, str]) -> str:
    """Set (or append) ``key = value`` pairs inside an inline table's body (keys are simple)."""
    for key, value in values.items():
        pattern = re.compile(rf'(^|,)(\s*){key}\s*=\s*("(?:[^"\\]|\\.)*"|[^,]*?)(\s*)(?=,|$)')
        if pattern.search(body):
            def setting(m: re.Match[str], k: str = key, v: str = value) -> str:
                return f"{m.group(1)}{m.group(2)}{k} = {v}{m.group(4)}"

            body = pattern.sub(setting, body, count=1)
        else:
            body = body.rstrip() + f", {key} = {value} "
    return body


def fitted_costing_text(text: str, fitted: Mapping[str, float], priors: Mapping[str, float], note: str) -> str:
    """The costing file's text with each fitted parameter's ``value`` replaced and ``prior`` and
    ``fitted`` set in its inline table; every other line (and every comment) as it was."""
    out, in_parameters, done = [], False, set()
    quoted = '"' + note.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            in_parameters = stripped.split("#")[0].strip() == "[parameters]"
        key = _toml_key(line) if in_parameters else None
        if key is not None and key in fitted:
            m = _ENTRY.match(line.rstrip("\r\n").strip())
            assert m is not None
            indent = line[: len(line) - len(line.lstrip())]
            body = _set_keys(
                m.group("body"),
                {
                    "value": _fmt(fitted[key]),
                    "prior": _fmt(priors[key]),
                    "fitted": quoted,
                },
            )
            ending = line[len(line.rstrip("\r\n")) :]
            line = f"{indent}{m.group('key')} = {{{body}}}{m.group('tail')}{ending}"
            done.add(key)
        out.append(line)
    missing = set(fitted) - done
    if missing:
        raise InputError.of("no_one_line_entry", names=tuple(sorted(missing)))
    return "".join(out)


def write_fitted_costing(
    calibration: Calibration,
    source_path: str | Path | None,
    out: str | Path,
    observations: str,
) -> Costing:
    """Write the costing file (``source_path``, default: the shipped one) with the fitted values
    to ``out``, atomically; load it back and check it; return it."""
    text, _ = read_text(source_path, DEFAULT_COSTING, both("file_kind.costing"))
    note = f"dalan calibrate {dt.date.today().isoformat()} on {observations} ({calibration.n_rows} rows)"
    priors = {p.name: p.source_value for p in calibration.parameters}
    out = write_toml_text(out, fitted_costing_text(text, calibration.values, priors, note))
    written = load_costing(out)
    for name, value in calibration.values.items():
        if not math.isclose(written.parameters[name].value, value, rel_tol=1e-5):
            raise InputError.of("reads_back", out=str(out), name=name, read=written.parameters[name].value, expected=value)
    return written


__all__ = [
    "KIND_WEIGHTS",
    "Calibration",
    "Evaluator",
    "FitResult",
    "FittedParameter",
    "Objective",
    "RowPlan",
    "Scenarios",
    "calibrate",
    "fit_parameters",
    "fitted_costing_text",
    "folds_of",
    "judge",
    "log_error",
    "plan_rows",
    "random_folds",
    "sourced_values",
    "summarize",
    "write_fitted_costing",
]
