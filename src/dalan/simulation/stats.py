"""Statistics across replications: means with Student-t confidence intervals."""

from __future__ import annotations

import warnings

import numpy as np
from scipy import stats

PERCENTILES: tuple[int, ...] = (50, 90, 95)


def mean_ci(samples: np.ndarray, level: float = 0.95, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and the ``level`` Student-t interval (low, high) over ``axis``, ignoring NaNs.

    With fewer than two finite samples the interval is NaN.
    """
    samples = np.asarray(samples, dtype=np.float64)
    n = np.sum(np.isfinite(samples), axis=axis)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN, as documented
        mean = np.nanmean(samples, axis=axis)
        sd = np.nanstd(samples, axis=axis, ddof=1)
        half = stats.t.ppf(0.5 + level / 2.0, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    return mean, mean - half, mean + half


def transit_percentiles(transit_h: np.ndarray) -> np.ndarray:
    """Mean then the :data:`PERCENTILES` of transit times (NaN when empty)."""
    if transit_h.size == 0:
        return np.full(1 + len(PERCENTILES), np.nan)
    return np.concatenate([[transit_h.mean()], np.percentile(transit_h, PERCENTILES)])
