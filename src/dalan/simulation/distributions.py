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
from collections.abc import Iterator

import numpy as np

from dalan.costing.operations import Z_95, cv_from_range, draw_multipliers

__all__ = ["BLOCK", "Z_95", "cv_from_range", "draw_multipliers", "exponential_stream", "multiplier_stream"]

BLOCK = 4096


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
