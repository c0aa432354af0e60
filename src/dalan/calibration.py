"""Compare the model with published end-to-end corridor figures (the calibration trials).

Trials live in ``dalan/data/calibration_trials.toml``: each routes one container along a
published path and compares days, USD per TEU or average speed with the published figure.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from dalan.costing import Costing, load_costing
from dalan.network.model import Network
from dalan.options import RouteOptions
from dalan.routing import Itinerary, Leg, find_routes

METRICS = ("days", "usd", "speed_kmh")


@dataclass(frozen=True)
class Trial:
    id: str
    title: str
    origin: str
    segments: tuple[tuple[str, tuple[str, ...]], ...]  # (end place id, modes allowed)
    metric: str
    published: float
    band: float
    source: str


@dataclass(frozen=True)
class TrialResult:
    trial: Trial
    itinerary: Itinerary
    modelled: float

    @property
    def relative_error(self) -> float:
        return (self.modelled - self.trial.published) / self.trial.published

    @property
    def within_band(self) -> bool:
        return abs(self.relative_error) <= self.trial.band


def load_trials() -> tuple[Trial, ...]:
    text = resources.files("dalan.data").joinpath("calibration_trials.toml").read_text(encoding="utf-8")
    trials = []
    for entry in tomllib.loads(text)["trial"]:
        segments = tuple((seg["to"], tuple(seg["modes"])) for seg in entry["segments"])
        trials.append(Trial(**{**entry, "segments": segments}))
    return tuple(trials)


def _in_transit(it: Itinerary) -> list[Leg]:
    return [leg for leg in it.legs if leg.kind not in ("load", "unload")]


def _metric(it: Itinerary, metric: str) -> float:
    legs = _in_transit(it)
    time_h = sum(leg.time_h for leg in legs)
    if metric == "days":
        return time_h / 24.0
    if metric == "usd":  # published prices are door to door: handling at both ends included
        return it.cost_usd
    if metric == "speed_kmh":
        return sum(leg.length_km for leg in legs) / time_h
    raise ValueError(f"unknown metric {metric!r}; use one of {METRICS}")


def run_trials(network: Network, costing: Costing | None = None) -> tuple[TrialResult, ...]:
    """Route every trial's path on ``network`` and measure its metric."""
    costing = costing or load_costing()
    results = []
    for trial in load_trials():
        by = "cost" if trial.metric == "usd" else "time"
        ends = [end for end, _ in trial.segments]
        options = RouteOptions.build(
            trial.origin,
            ends[-1],
            via=ends[:-1],
            leg_modes=[",".join(m) if m else "*" for _, m in trial.segments],
            by=by,
            record=f"calibration trial {trial.id}",
        )
        it = find_routes(network, options, costing=costing)[0]
        results.append(TrialResult(trial, it, _metric(it, trial.metric)))
    return tuple(results)


def results_frame(results: tuple[TrialResult, ...]):
    """One row per trial: published, modelled, relative error, band, pass."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "trial": r.trial.id,
                "metric": r.trial.metric,
                "published": r.trial.published,
                "modelled": r.modelled,
                "error_pct": 100 * r.relative_error,
                "band_pct": 100 * r.trial.band,
                "within_band": r.within_band,
                "path": " → ".join((r.trial.origin, *(f"{end} ({'/'.join(m)})" for end, m in r.trial.segments))),
                "source": r.trial.source,
            }
            for r in results
        ]
    )
