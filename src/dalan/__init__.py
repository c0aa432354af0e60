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

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API: dict[str, tuple[str, str]] = {
    "load_network": ("dalan.network.io", "load_embedded_network"),
    "load_costing": ("dalan.costing", "load_costing"),
    "route": ("dalan.routing", "route"),
    "find_routes": ("dalan.routing", "find_routes"),
    "RouteOptions": ("dalan.options", "RouteOptions"),
    "k_best_routes": ("dalan.routing", "k_best_routes"),
    "pareto_routes": ("dalan.routing", "pareto_routes"),
    "Scenario": ("dalan.scenarios", "Scenario"),
    "load_scenario": ("dalan.scenarios", "load_scenario"),
    "compare": ("dalan.scenarios.compare", "compare"),
    "read_od_pairs": ("dalan.scenarios.compare", "read_od_pairs"),
    "read_demand": ("dalan.demand", "read_demand"),
    "assign": ("dalan.assignment.corridor", "assign_corridor"),
    "simulate": ("dalan.simulation", "simulate"),
}

__all__ = ["__version__"] + list(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'dalan' has no attribute {name!r}")
    module, attribute = _API[name]
    return getattr(import_module(module), attribute)
