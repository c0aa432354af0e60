"""``find_routes``: answer a :class:`~dalan.options.RouteOptions` question — the best route, the K
best or the Pareto set — honouring every option together (via, per-segment modes, avoid,
max transfers), or refusing with a clear message.
"""

from __future__ import annotations

from dalan.costing import Costing
from dalan.graph import VirtualGraph
from dalan.network.model import Network
from dalan.options import RouteOptions
from dalan.routing.constrained import solve
from dalan.routing.itinerary import Itinerary


def find_routes(
    network: Network,
    options: RouteOptions,
    *,
    costing: Costing | None = None,
    graph: VirtualGraph | None = None,
) -> list[Itinerary]:
    """The routes ``options`` asks for, best first (one unless alternatives > 1 or pareto).

    ``graph`` (compiled for ``options.cargo`` and the statuses ``include_planned`` implies) is
    reused when given. Raises UnknownPlaceError, InputError or NoRouteError with the reason.
    """
    return solve(network, options, costing=costing, graph=graph)


__all__ = ["find_routes"]
