"""Errors and bands: how a model's figure is set against a published one (the back-test's rule,
shared by the calibration and the sources' agreement)."""

from __future__ import annotations

import math

FAMILIES: tuple[str, ...] = ("transit", "border", "speed", "distance", "price")


def metric_family(metric: str) -> str:
    """transit, border, speed, distance or price (for colours and grouping)."""
    if metric.startswith("price_"):
        return "price"
    if metric.startswith("border_"):
        return "border"
    if metric.startswith("speed_"):
        return "speed"
    if metric.startswith("distance_"):
        return "distance"
    return "transit"


def band_for(metric: str, time_band: float, price_band: float) -> float:
    """The price band for prices; the time band for times, hours, speeds and distances."""
    return price_band if metric_family(metric) == "price" else time_band


def published_range(value: float, low: float | None = None, high: float | None = None) -> tuple[float, float]:
    """The published range: (low, high) where given; a missing bound is ``value``."""
    lo = value if low is None else low
    hi = value if high is None else high
    return min(lo, hi), max(lo, hi)


def relative_error(model: float, value: float, low: float | None = None, high: float | None = None) -> float:
    """(model − published) / published; against a range: 0 inside, else relative to the nearest bound."""
    lo, hi = published_range(value, low, high)
    if lo <= model <= hi:
        return 0.0
    bound = lo if model < lo else hi
    if bound == 0:
        return math.copysign(math.inf, model - bound)
    return (model - bound) / abs(bound)


def in_band(error: float, band: float) -> bool:
    """Whether a relative error is within ±band (inclusive)."""
    return abs(error) <= band + 1e-12


__all__ = ["FAMILIES", "band_for", "in_band", "metric_family", "published_range", "relative_error"]
