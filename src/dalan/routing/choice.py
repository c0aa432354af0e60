"""Route choice among alternatives: a multinomial logit on relative generalised cost.

``P(route i) = exp(-θ · GC_i / GC_min) / Σ_j exp(-θ · GC_j / GC_min)``, GC the generalised cost
(USD + value of time × hours + carbon price × t CO2e) and GC_min the cheapest alternative's.
Working on cost relative to the cheapest keeps θ unit-free across short and long trips; with the
default θ = 10 a route 10 % dearer than the best gets e^-1 ≈ 0.37 times its weight.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DEFAULT_DISPERSION = 10.0


def logit_shares(generalized_cost: Sequence[float], dispersion: float = DEFAULT_DISPERSION) -> np.ndarray:
    """Choice probabilities of routes from their generalised costs."""
    cost = np.asarray(generalized_cost, dtype=float)
    utility = -dispersion * cost / cost.min()
    weights = np.exp(utility - utility.max())
    return weights / weights.sum()
