"""The library's route functions: ``route`` (the best route), ``k_best_routes`` and
``pareto_routes``. Each builds a :class:`~dalan.options.RouteOptions` (validated once) and
answers it with :func:`dalan.routing.constrained.find_routes`, so every option works with every other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from dalan.costing import Costing
from dalan.graph import Criterion, VirtualGraph
from dalan.network.model import Network, Place
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions
from dalan.routing.constrained import find_routes
from dalan.routing.itinerary import Itinerary


def resolve_place(network: Network, query: str | Place) -> Place:
    """A place by id, name (English or Persian) or alias; UnknownPlaceError with suggestions."""
    if isinstance(query, Place):
        return query
    return PlaceIndex.of(network).find(query)


def _options(
    origin: str | Place,
    destination: str | Place,
    via: Sequence[str | Place],
    modes: Iterable[str] | str | None,
    leg_modes: Sequence[str] | str | None,
    **kwargs,
) -> RouteOptions:
    def name(p: str | Place) -> str:
        return p.id if isinstance(p, Place) else p

    return RouteOptions.build(
        name(origin),
        name(destination),
        via=[name(v) for v in via],
        modes=modes,
        leg_modes=leg_modes,
        **kwargs,
    )


def route(
    network: Network,
    origin: str | Place,
    destination: str | Place,
    *,
    by: Criterion = "time",
    cargo: str = "container",
    quantity: float = 1.0,
    costing: Costing | None = None,
    include_planned: bool = False,
    via: Sequence[str | Place] = (),
    leg_modes: Sequence[str] | str | None = None,
    modes: Iterable[str] | str | None = None,
    avoid: Iterable[str] = (),
    max_transfers: int | None = None,
    value_of_time_usd_per_h: float | None = None,
    carbon_price_usd_per_t: float | None = None,
    graph: VirtualGraph | None = None,
    date: dt.date | str | None = None,
    drivers: int = 1,
    whole_train: bool = False,
) -> Itinerary:
    """The best route from ``origin`` to ``destination`` by time, cost, CO2e or generalised cost.

    ``via`` places are visited in order; ``leg_modes`` gives the allowed modes per segment
    (e.g. ``"rail;sea"``), ``modes`` for the whole trip; ``avoid`` countries, places, links or
    chokepoints; ``max_transfers`` bounds mode and gauge changes; ``date`` routes on the network as
    it stood that day (default today, see :mod:`dalan.network.history`); ``drivers`` = 2 puts a crew
    of two in each truck (multi-manning); ``whole_train`` runs bulk or cars that fill a train as a
    block train. Raises NoRouteError saying why.
    """
    options = _options(
        origin, destination, via, modes, leg_modes,
        by=by, cargo=cargo, quantity=quantity, include_planned=include_planned, avoid=list(avoid),
        max_transfers=max_transfers, value_of_time_usd_per_h=value_of_time_usd_per_h,
        carbon_price_usd_per_t=carbon_price_usd_per_t, date=date, drivers=drivers, whole_train=whole_train,
    )  # fmt: skip
    return find_routes(network, options, costing=costing, graph=graph)[0]


def k_best_routes(
    network: Network, origin: str | Place, destination: str | Place, k: int = 3, **kwargs
) -> list[Itinerary]:
    """The ``k`` best physically different loopless routes, best first (same options as ``route``)."""
    return _routes(network, origin, destination, alternatives=k, **kwargs)


def pareto_routes(network: Network, origin: str | Place, destination: str | Place, **kwargs) -> list[Itinerary]:
    """Routes not dominated on (time, cost, CO2e), physically distinct, fastest first."""
    return _routes(network, origin, destination, pareto=True, **kwargs)


def _routes(
    network: Network,
    origin: str | Place,
    destination: str | Place,
    *,
    costing: Costing | None = None,
    graph: VirtualGraph | None = None,
    via: Sequence[str | Place] = (),
    leg_modes: Sequence[str] | str | None = None,
    modes: Iterable[str] | str | None = None,
    **kwargs,
) -> list[Itinerary]:
    options = _options(origin, destination, via, modes, leg_modes, **kwargs)
    return find_routes(network, options, costing=costing, graph=graph)
