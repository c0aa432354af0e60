"""dalan: plan and simulate freight on the corridors joining Europe and Russia to Iran and the Gulf.

The curated API, imported lazily (nothing heavy happens at ``import dalan``)::

    import dalan
    network = dalan.load_network()                      # the embedded corridor network
    it = dalan.route(network, "Moscow", "Bandar Abbas")  # an Itinerary
    a, b = dalan.load_scenario("baseline"), dalan.load_scenario("rasht-astara")
    comparison = dalan.compare(a, b, dalan.read_od_pairs(None, a.network))
    flows = dalan.assign(a.network, a.costing, dalan.read_demand(None, a.network))
    result = dalan.simulate(a.network, a.costing, dalan.read_demand(None, a.network), replications=5)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dalan._lazy import lazy_exports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dalan.assignment.corridor import assign_corridor as assign
    from dalan.costing import load_costing
    from dalan.demand import read_demand
    from dalan.network.io import load_embedded_network as load_network
    from dalan.options import RouteOptions
    from dalan.routing import find_routes, k_best_routes, pareto_routes, route
    from dalan.scenarios import Scenario, load_scenario
    from dalan.scenarios.compare import compare, read_od_pairs
    from dalan.simulation import simulate

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "RouteOptions",
    "Scenario",
    "__version__",
    "assign",
    "compare",
    "find_routes",
    "k_best_routes",
    "load_costing",
    "load_network",
    "load_scenario",
    "pareto_routes",
    "read_demand",
    "read_od_pairs",
    "route",
    "simulate",
]
