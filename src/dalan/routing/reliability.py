"""How sure is a transit time: p50/p90 of legs and routes, and edge times at a percentile.

The spread comes from the same place the simulation's comes from (``operations.toml``
``[variability]``, :func:`dalan.costing.operations.stop_cv`): a border, gauge-change or terminal
stop takes its mean time × a lognormal multiplier of mean 1 whose coefficient of variation is the
place's published low–high dwell range read as 5th–95th percentiles (else the facility's or the
default); the wait for a sailing is uniform over the headway (arrivals at random, departures on
a timetable); runs along links are deterministic.

A route's total is a deterministic part plus a sum of independent random stops, times the trip's
own lognormal factor of median 1 (``[variability] trip_log_sd``, ``sea_trip_log_sd``: what moves
every stop of one trip together, set from the scatter of published trips about the model out of
sample; :func:`trip_factor`), whose quantiles are taken from draws with fixed seeds (as the
simulation draws its stops);
``tests/routing/test_reliability.py`` checks them against exact quantiles of single stops and
against a lognormal moment match (Fenton–Wilkinson) of sums of many stops.

Route choice by a percentile (``RouteOptions.reliability = "p90"``) weighs each edge by its own
p90 time: a buffer-time criterion that keeps the weights additive (so the shortest-path search
stays exact); the sum of the legs' p90s bounds the route's p90 from above.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import groupby
from statistics import NormalDist
from threading import Lock
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from dalan.costing.operations import Operations, load_operations, stop_cv
from dalan.graph.virtual import EDGE_KINDS, MODE_CODES, VirtualGraph
from dalan.network.model import Network
from dalan.options import RELIABILITY_PATTERN

DRAWS = 4096  # p90 of a sum to about ±1.5 %
SEED = 20261202

_STOP_FACILITY = {"transfer": "terminal", "load": "terminal", "unload": "terminal", "gauge_change": "gauge_change"}
_BORDER_FACILITY = {"rail": "rail_border", "road": "road_border", "sea": "sea_border", "ferry": "sea_border"}
_SPREADS: WeakKeyDictionary[VirtualGraph, tuple[np.ndarray, np.ndarray]] = WeakKeyDictionary()


@cache
def default_operations() -> Operations:
    """The shipped operating parameters (read once)."""
    return load_operations()


def percentile_of(reliability: str) -> float | None:
    """``"p90"`` → 0.9; ``"mean"`` → None."""
    match = RELIABILITY_PATTERN.match(reliability)
    if match is None:
        raise ValueError(f"reliability {reliability!r}: use mean or p50 … p99")
    return None if match.group(2) is None else int(match.group(2)) / 100.0


def edge_spread(graph: VirtualGraph, network: Network) -> tuple[np.ndarray, np.ndarray]:
    """(coefficient of variation, is-a-wait) per edge, kept per graph. Waits are uniform over the
    headway (cv 1/√3)."""
    if graph in _SPREADS:
        return _SPREADS[graph]
    ops = default_operations()
    cv = np.zeros(graph.num_edges)
    wait = np.zeros(graph.num_edges, dtype=bool)
    found: dict[tuple[str, str], float] = {}
    for e in range(graph.num_edges):
        kind = EDGE_KINDS[graph.kind[e]]
        if kind == "wait":
            cv[e], wait[e] = 1.0 / math.sqrt(3.0), True
            continue
        if kind == "border":
            facility = _BORDER_FACILITY.get(MODE_CODES[graph.mode[e]] if graph.mode[e] >= 0 else "", "")
        else:
            facility = _STOP_FACILITY.get(kind, "")
        if not facility or graph.time_h[e] <= 0.0:
            continue
        place_id = graph.place_ids[graph.from_place[e]]
        if (place_id, facility) not in found:
            found[place_id, facility] = stop_cv(ops, network.place(place_id), facility)[0]
        cv[e] = found[place_id, facility]
    _SPREADS[graph] = (cv, wait)
    return cv, wait


def quantile_multiplier(cv: np.ndarray, wait: np.ndarray, p: float) -> np.ndarray:
    """The ``p`` quantile of a time of mean 1: lognormal with ``cv``, or uniform on [0, 2]."""
    sigma2 = np.log1p(cv * cv)
    lognormal = np.exp(np.sqrt(sigma2) * NormalDist().inv_cdf(p) - sigma2 / 2.0)
    return np.where(wait, 2.0 * p, lognormal)


def edge_time_at(graph: VirtualGraph, network: Network, p: float) -> np.ndarray:
    """Hours per edge at percentile ``p`` (runs unchanged)."""
    cv, wait = edge_spread(graph, network)
    return graph.time_h * quantile_multiplier(cv, wait, p)


def route_quantiles_h(
    times_h: Sequence[float], sds_h: Sequence[float], waits: Sequence[bool], ps: Sequence[float], draws: int = DRAWS, trip_log_sd: float = 0.0
) -> list[float]:
    """The ``ps`` quantiles of a sum of independent leg times (means ``times_h``, standard
    deviations ``sds_h``; a wait is uniform over twice its mean, any other random leg lognormal,
    a leg with sd 0 fixed), times one lognormal factor of median 1 and log-sd ``trip_log_sd`` for
    the whole trip (:func:`trip_factor`), from ``draws`` draws of a fixed seed: the same answer
    every time. Kept for the last few thousand routes (the same legs asked for another quantity
    or criterion)."""
    times = tuple(float(t) for t in times_h)
    return list(_quantiles_h(times, tuple(float(s) for s in sds_h), tuple(bool(w) for w in waits), tuple(ps), draws, float(trip_log_sd)))


def trip_factor(p: float, trip_log_sd: float) -> float:
    """The ``p`` quantile of a trip's lognormal factor of median 1 and log-sd ``trip_log_sd``."""
    return math.exp(trip_log_sd * NormalDist().inv_cdf(p)) if trip_log_sd > 0.0 else 1.0


@lru_cache(maxsize=2048)
def _quantiles_h(
    times: tuple[float, ...], sds: tuple[float, ...], waits: tuple[bool, ...], ps: tuple[float, ...], draws: int, trip_log_sd: float = 0.0
) -> tuple[float, ...]:
    random = [(t, s, w) for t, s, w in zip(times, sds, waits, strict=True) if s > 0.0]
    fixed = float(np.asarray([t for t, s in zip(times, sds, strict=True) if not s > 0.0], dtype=float).sum())
    if not random:
        return tuple(fixed * trip_factor(p, trip_log_sd) for p in ps)
    runs = [list(run) for _, run in groupby(random, key=lambda leg: leg[2])]  # consecutive legs of one kind
    total = np.zeros(draws)
    for legs, standard in zip(runs, _stream(tuple((legs[0][2], len(legs)) for legs in runs), draws), strict=True):
        if legs[0][2]:  # waits: uniform on [0, 2 × mean], as rng.uniform(0, 2t) draws it
            drawn = np.array([[2.0 * t] for t, _, _ in legs]) * standard
        else:  # lognormal of mean t, as draw_multipliers draws it
            sigma2 = [math.log1p((s / t) * (s / t)) for t, s, _ in legs]
            scale = np.array([[math.sqrt(v)] for v in sigma2])
            shift = np.array([[v / 2.0] for v in sigma2])
            drawn = np.array([[t] for t, _, _ in legs]) * np.exp(scale * standard - shift)
        for row in drawn:  # added leg by leg, in order: the same sums as one leg at a time
            total += row
    if trip_log_sd > 0.0:  # the whole trip's factor, from its own seeded stream
        trip = np.exp(trip_log_sd * _trip_normals(draws))
        return tuple(float(q) for q in np.quantile((fixed + total) * trip, list(ps)))
    return tuple(fixed + float(q) for q in np.quantile(total, list(ps)))


@cache
def _trip_normals(draws: int) -> np.ndarray:
    """The standard normal draws of the trip's factor (their own seed; read-only, drawn once)."""
    normals = np.random.default_rng(SEED + 1).standard_normal(draws)
    normals.flags.writeable = False
    return normals


#: The seeded stream's draws by the kinds of the random legs drawn so far (runs of (uniform?,
#: count)): the last run's standard draws and the generator's state after them. Routes share
#: these prefixes (800 answers between 200 random pairs have 159 kinds of sequence, 269 prefixes),
#: so most draws are read, not drawn again; a route's draws are the same either way.
_STREAM: OrderedDict[tuple[int, tuple[tuple[bool, int], ...]], tuple[np.ndarray, Any]] = OrderedDict()
STREAM_ENTRIES = 256
STREAM_ROWS = 1024  # at most this many legs' draws kept (32 MB at 4,096 draws)
_STREAM_LOCK = Lock()


def _stream(runs: tuple[tuple[bool, int], ...], draws: int) -> list[np.ndarray]:
    """Per run of ``runs``, its legs' standard draws (rows) from the stream seeded :data:`SEED`:
    uniform on [0, 1) for waits, standard normal otherwise, one leg after the other."""
    blocks: list[np.ndarray] = []
    state = None
    with _STREAM_LOCK:
        for k in range(len(runs)):
            found = _STREAM.get((draws, runs[: k + 1]))
            if found is None:
                break
            _STREAM.move_to_end((draws, runs[: k + 1]))
            blocks.append(found[0])
            state = found[1]
    if len(blocks) == len(runs):
        return blocks
    rng = np.random.default_rng(SEED)
    if state is not None:
        rng.bit_generator.state = state
    new = []
    for k in range(len(blocks), len(runs)):
        uniform, count = runs[k]
        block = rng.random((count, draws)) if uniform else rng.standard_normal((count, draws))
        block.flags.writeable = False
        new.append(((draws, runs[: k + 1]), (block, rng.bit_generator.state)))
        blocks.append(block)
    with _STREAM_LOCK:
        _STREAM.update(new)
        rows = sum(block.shape[0] for block, _ in _STREAM.values())
        while _STREAM and (len(_STREAM) > STREAM_ENTRIES or rows > STREAM_ROWS):
            rows -= _STREAM.popitem(last=False)[1][0].shape[0]
    return blocks
