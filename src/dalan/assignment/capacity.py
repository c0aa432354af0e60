"""Yearly capacity of every virtual-graph edge, in shipments (wagon- or truck-loads) per year.

From the network and the operating parameters (``dalan/data/operations.toml``):

| edge | capacity per year |
|---|---|
| rail link | trains/day by track count (single track shared by both directions, so half each way) × wagons per train × 365 |
| sea / ferry link | sailings/week × slots per sailing × load limit share × 52 |
| border (rail) | trains/day at the place's rail border × wagons per train × 365 |
| border (road) | trucks/day at the place's road border × 365 |
| border (voyage clearance) | shipments/day at a port's sea border × 365 |
| gauge change | wagons/day at the place's gauge-change yard × 365 |
| transfer, load, unload | shipments/day at the place's terminal × 365 |
| road link, wait, pass | unconstrained |
"""

from __future__ import annotations

import numpy as np

from dalan.costing import Costing
from dalan.costing.operations import Operations
from dalan.graph.virtual import EDGE_KINDS, MODE_CODES, VirtualGraph
from dalan.network.model import Network

UNCONSTRAINED = np.inf
DAYS_PER_YEAR = 365.0
WEEKS_PER_YEAR = 52.0


def _kind(name: str) -> int:
    return EDGE_KINDS.index(name)


def edge_capacity_per_year(graph: VirtualGraph, network: Network, costing: Costing, ops: Operations) -> np.ndarray:
    """Capacity of each edge of ``graph`` in shipments per year (``inf`` where unconstrained)."""
    capacity = np.full(graph.num_edges, UNCONSTRAINED)
    rail, sea, ferry = MODE_CODES.index("rail"), MODE_CODES.index("sea"), MODE_CODES.index("ferry")
    for e in range(graph.num_edges):
        kind = EDGE_KINDS[graph.kind[e]]
        element = graph.elements[graph.element[e]]
        mode = graph.mode[e]
        if kind == "link" and network.has_link(element):
            link = network.link(element)
            if mode == rail:
                share = 0.5 if (link.tracks or ops.unknown_track) != "double" else 1.0
                capacity[e] = ops.trains_per_day(link.tracks) * share * ops.wagons_per_train * DAYS_PER_YEAR
            elif mode in (sea, ferry):
                sailings = link.sailings_per_week or costing.default_sailings_per_week.get(link.mode, 1.0)
                slots = ops.slots_per_sailing[costing.rate_key(link)] * link.load_limit_share
                capacity[e] = sailings * slots * WEEKS_PER_YEAR
        elif kind == "border":
            place = graph.place_ids[graph.from_place[e]]
            if mode == rail:
                per_day = ops.facility(place, "rail_border").per_day * ops.wagons_per_train
            elif mode in (sea, ferry):
                per_day = ops.facility(place, "sea_border").per_day
            else:
                per_day = ops.facility(place, "road_border").per_day
            capacity[e] = per_day * DAYS_PER_YEAR
        elif kind == "gauge_change":
            capacity[e] = ops.facility(graph.place_ids[graph.from_place[e]], "gauge_change").per_day * DAYS_PER_YEAR
        elif kind in ("transfer", "load", "unload"):
            capacity[e] = ops.facility(graph.place_ids[graph.from_place[e]], "terminal").per_day * DAYS_PER_YEAR
    return capacity
