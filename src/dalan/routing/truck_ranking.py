"""Ranking routes whose truck runs are timed by the driving-time rules.

The route search adds up edge weights, so it weighs a road link at its driving hours × the
long-haul factor (a rested trip of many days: :attr:`Costing.road_time_factor`); a route's answer
times each truck run by the rules from a rested start (:meth:`VirtualGraph.truck_rest_h`), which a
short run takes far faster. These helpers keep the answer ranked by the hours it reports: the
best route is the better of the search's and of a second search that weighs a road link at its
driving hours alone (a bound the rules' time lies between), alternatives are sorted by their
value with the runs so timed, and a Pareto set is filtered by the routes' own totals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dalan.graph import VirtualGraph
from dalan.options import RouteOptions
from dalan.routing.itinerary import Itinerary
from dalan.routing.reliability import percentile_of


def value_per_hour(graph: VirtualGraph, options: RouteOptions) -> float | None:
    """What an hour weighs in the criterion (1 for time, the value of time for generalised cost),
    or None where the ranking's hours are not the mean hours the rules time (cost, CO2e, or a
    percentile's hours: ``options.reliability``)."""
    if percentile_of(options.reliability) is not None:
        return None
    if options.by == "time":
        return 1.0
    if options.by == "generalized":
        vot = options.value_of_time_usd_per_h
        return graph.costing.cargo_class(graph.cargo).value_of_time_usd_per_h if vot is None else vot
    return None


def driving_hours_only(graph: VirtualGraph) -> np.ndarray:
    """Edge hours with each road link at its driving hours alone (no rest: the lower bound of a
    run's elapsed time), for the second search."""
    return graph.time_h - graph.drive_h * (graph.costing.road_time_factor - 1.0)


def rule_timed_value(graph: VirtualGraph, weights: np.ndarray, path: Sequence[int], per_hour: float) -> float:
    """A path's criterion value with its truck runs timed by the rules: its edges' ``weights``
    (the search's) plus each run's hours against the long-haul factor's, at ``per_hour``."""
    return float(weights[list(path)].sum()) + per_hour * sum(graph.truck_rest_h(path))


def ranked_paths(graph: VirtualGraph, paths: list[list[int]], options: RouteOptions) -> list[list[int]]:
    """Alternatives (edges of ``graph``) in the order of their criterion value with their truck
    runs timed by the rules (:func:`rule_timed_value`), best first; as found where the criterion
    has no hours to time (:func:`value_per_hour`)."""
    per_hour = value_per_hour(graph, options)
    if len(paths) < 2 or per_hour is None:
        return paths
    weights = graph.weights(options.by, options.value_of_time_usd_per_h, options.carbon_price_usd_per_t)  # type: ignore[arg-type]
    return sorted(paths, key=lambda p: rule_timed_value(graph, weights, p, per_hour))


def pareto_front(itineraries: list[Itinerary]) -> list[Itinerary]:
    """A Pareto set without the routes another dominates on the (time, cost, CO2e) they report
    (their truck runs timed by the rules), fastest first."""
    points = [(it.time_h, it.cost_usd, it.co2_kg) for it in itineraries]
    kept = [it for it, p in zip(itineraries, points, strict=True) if not any(_dominates(q, p) for q in points)]
    return sorted(kept, key=lambda it: (it.time_h, it.cost_usd, it.co2_kg))


def _dominates(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(x <= y for x, y in zip(a, b, strict=True)) and a != b


__all__ = ["driving_hours_only", "pareto_front", "ranked_paths", "rule_timed_value", "value_per_hour"]
