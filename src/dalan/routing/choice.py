"""Route choice among alternatives: a multinomial logit on relative generalised cost.

``P(route i) = exp(-θ · GC_i / GC_min) / Σ_j exp(-θ · GC_j / GC_min)``, GC the generalised cost
(USD + value of time × hours + carbon price × t CO2e) and GC_min the cheapest alternative's.
Working on cost relative to the cheapest keeps θ unit-free across short and long trips; with the
default θ = 10 a route 10 % dearer than the best gets e^-1 ≈ 0.37 times its weight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from dalan.errors import InputError, Problem

DEFAULT_DISPERSION = 10.0
#: Largest dispersion accepted (the web API's bound): beyond it the logit is all-or-nothing anyway.
MAX_DISPERSION = 100.0


def check_dispersion(dispersion: float, record: str = "options", field: str = "dispersion") -> float:
    """``dispersion`` as a float if it is finite, >= 0 and at most :data:`MAX_DISPERSION`; else
    InputError. θ = 0 gives every route the same share."""
    try:
        value = float(dispersion)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= MAX_DISPERSION):
        raise InputError(
            Problem.of(record, field, dispersion, "finite_between", "dispersion", low=0, high=MAX_DISPERSION, default=DEFAULT_DISPERSION)
        )
    return value


def logit_shares(generalized_cost: Sequence[float], dispersion: float = DEFAULT_DISPERSION) -> np.ndarray:
    """Choice probabilities of routes from their generalised costs.

    Finite for any finite costs: utilities are ``-θ · (GC - GC_min) / |GC_min|`` (the formula above
    up to a constant when GC_min > 0); when the cheapest cost is 0 — the limit GC_min → 0 — the
    routes that cost 0 share equally and the others get nothing. Non-finite costs or a dispersion
    that is negative or not finite raise InputError.
    """
    theta = check_dispersion(dispersion)
    cost = np.asarray(generalized_cost, dtype=float).reshape(-1)
    if cost.size == 0:
        raise InputError(Problem.of("options", "generalized_cost", [], "no_routes_to_share", "one_route"))
    if not np.isfinite(cost).all():
        raise InputError(
            Problem.of("options", "generalized_cost", cost.tolist(), "not_finite_short", "finite_cost")
        )
    if theta == 0:
        return np.full(cost.size, 1.0 / cost.size)
    cheapest = cost.min()
    if cheapest == 0:
        weights = (cost == 0).astype(float)
        return weights / weights.sum()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        relative = (cost - cheapest) / abs(cheapest)  # >= 0; may overflow to inf (→ share 0)
        weights = np.exp(-theta * relative)
    weights = np.where(np.isfinite(weights), weights, 0.0)
    return weights / weights.sum()
