"""Exact line search: the step ``tau`` in [0, 1] minimising the Beckmann objective along a direction.

Along ``X + tau * D`` the objective's derivative is

    phi'(tau) = sum_a d_a * t_a(v_a + tau * d_a) + linear,

with ``v`` and ``d`` the congestion (PCE) flow and direction and ``linear`` the constant slope of
the fixed-cost term. ``phi'`` is non-decreasing, so its root is bracketed in [0, 1] and found by
Newton steps (``phi'' = sum_a d_a^2 t'_a``) safeguarded by bisection.
"""

from __future__ import annotations

import numpy as np

from dalan.assignment._arrays import dot
from dalan.assignment.vdf import VolumeDelay

_MAX_STEPS = 100
_RELATIVE_TOLERANCE = 1e-12


def exact_step(vdf: VolumeDelay, flow: np.ndarray, direction: np.ndarray, linear: float = 0.0) -> float:
    """Return the minimising step in [0, 1]; 0 when ``direction`` is not a descent direction."""

    def slope(tau: float) -> float:
        return dot(direction, vdf.time(flow + tau * direction)) + linear

    low_slope = slope(0.0)
    if low_slope >= 0.0:
        return 0.0
    if slope(1.0) <= 0.0:
        return 1.0
    low, high = 0.0, 1.0
    tolerance = _RELATIVE_TOLERANCE * abs(low_slope)
    tau = 0.5
    for _ in range(_MAX_STEPS):
        value = slope(tau)
        if abs(value) <= tolerance:
            break
        if value > 0.0:
            high = tau
        else:
            low = tau
        curvature = dot(direction * direction, vdf.derivative(flow + tau * direction))
        newton = tau - value / curvature if curvature > 0.0 else -1.0
        tau = newton if low < newton < high else 0.5 * (low + high)
        if high - low <= 1e-15:
            break
    return tau
