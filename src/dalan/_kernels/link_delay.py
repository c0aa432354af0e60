"""Scalar volume-delay functions for kernels that update one link at a time.

The same formulas as :mod:`dalan.assignment.vdf` (which works on whole arrays), for one link:

- ``BPR_KIND``: ``t = t0 * (1 + p1 * (v / c) ** p2)`` with ``p1`` = alpha, ``p2`` = beta.
- ``CONICAL_KIND``: ``t = t0 * (2 + sqrt(p1**2 (1 - x)**2 + p2**2) - p1 (1 - x) - p2)`` with
  ``x = v / c``, ``p1`` = a and ``p2`` = b = (2a - 1) / (2a - 2).
"""

from __future__ import annotations

import math

from numba import njit

from dalan._kernels._cache import CACHE

BPR_KIND = 0
CONICAL_KIND = 1


@njit(cache=CACHE)
def _power(x, p):
    """``x ** p`` for ``x >= 0``, by multiplication for small whole ``p`` (BPR's usual 4 or 5)."""
    if p == 0.0:
        return 1.0
    whole = int(p)
    if whole == p and whole <= 8:
        result = x
        for _ in range(whole - 1):
            result *= x
        return result
    return x**p


@njit(cache=CACHE)
def link_time_and_derivative(kind, t0, capacity, p1, p2, flow):
    """Travel time of one link at ``flow`` and its derivative with respect to flow."""
    x = flow / capacity
    if kind == BPR_KIND:
        if p2 < 1.0:  # only p2 == 0 is allowed: a constant time
            return t0 * (1.0 + p1), 0.0
        lower = _power(x, p2 - 1.0)
        return t0 * (1.0 + p1 * lower * x), t0 * p1 * p2 * lower / capacity
    spare = 1.0 - x
    root = math.sqrt(p1 * p1 * spare * spare + p2 * p2)
    return t0 * (2.0 + root - p1 * spare - p2), t0 * (p1 - p1 * p1 * spare / root) / capacity
