"""Service-time variability: from a place's low–high dwell range to a random multiplier of mean 1.

Mapping (documented in docs/simulation.md as well): the published low and high
dwell of a place are read as the 5th and 95th percentiles of a lognormal, so its shape is
``sigma = ln(high / low) / (2 * 1.645)`` and its coefficient of variation
``cv = sqrt(exp(sigma**2) - 1)``. The mean always comes from the route's stop time (the
place's mean dwell as routing uses it), so a stop takes ``mean_h * X`` with ``E[X] = 1`` and
``CV[X] = cv``: lognormal ``X = exp(sigma Z - sigma**2 / 2)``, or gamma with shape ``1 / cv**2``
(exponential when ``cv = 1``). ``cv = 0`` is deterministic.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

import numpy as np

Z_95 = 1.6448536269514722  # standard normal 95th percentile
BLOCK = 4096


def cv_from_range(low_h: float | None, high_h: float | None) -> float | None:
    """Coefficient of variation of a lognormal whose 5th/95th percentiles are ``low_h``/``high_h``."""
    if not low_h or not high_h or high_h <= low_h:
        return None
    sigma = math.log(high_h / low_h) / (2.0 * Z_95)
    return math.sqrt(math.expm1(sigma * sigma))


def draw_multipliers(rng: np.random.Generator, family: str, cv: float, size: int) -> np.ndarray:
    """``size`` random multipliers with mean 1 and coefficient of variation ``cv``."""
    if cv == 0.0:
        return np.ones(size)
    if family == "gamma":
        shape = 1.0 / (cv * cv)
        return rng.gamma(shape, 1.0 / shape, size)
    sigma2 = math.log1p(cv * cv)
    return np.exp(math.sqrt(sigma2) * rng.standard_normal(size) - sigma2 / 2.0)


def multiplier_stream(rng: np.random.Generator, family: str, cv: float) -> Iterator[float]:
    """An endless stream of multipliers, drawn in blocks (cheap ``next()`` in the event loop)."""
    if cv == 0.0:
        return itertools.repeat(1.0)

    def blocks() -> Iterator[float]:
        while True:
            yield from draw_multipliers(rng, family, cv, BLOCK).tolist()

    return blocks()


def exponential_stream(rng: np.random.Generator, mean_h: float) -> Iterator[float]:
    """Endless exponential inter-arrival times (hours) of a Poisson process."""

    def blocks() -> Iterator[float]:
        while True:
            yield from rng.exponential(mean_h, BLOCK).tolist()

    return blocks()
