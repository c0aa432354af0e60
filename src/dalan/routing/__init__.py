"""Routing on the virtual graph: best routes by time, cost, CO2e or generalised cost, the K best
and the Pareto set, under every route constraint (see :mod:`dalan.routing.constrained`)."""

from dalan.routing.api import k_best_routes, pareto_routes, resolve_place, route
from dalan.routing.constrained import explain_no_route, find_routes
from dalan.routing.itinerary import Itinerary, Leg, build_itinerary

__all__ = [
    "Itinerary",
    "Leg",
    "build_itinerary",
    "explain_no_route",
    "find_routes",
    "k_best_routes",
    "pareto_routes",
    "resolve_place",
    "route",
]
