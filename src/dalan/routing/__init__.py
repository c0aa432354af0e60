"""Routing on the virtual graph: best routes by time, cost, CO2e or generalised cost."""

from dalan.routing.api import (
    explain_no_route,
    mode_mask,
    resolve_place,
    route,
    route_segments,
)
from dalan.routing.itinerary import Itinerary, Leg, build_itinerary

__all__ = ["Itinerary", "Leg", "build_itinerary", "explain_no_route", "mode_mask", "resolve_place", "route", "route_segments"]
