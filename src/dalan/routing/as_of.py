"""Which dated events bear on a route answer: the date it answers for, and the events in force
that touch the route's corridor (its countries or its links) or the links of the best route on
the network without dates — the closures, restrictions and surcharges that made the answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dalan.costing import Costing, load_costing
from dalan.costing.model import LANES_MEAN, YEAR_INDEX_OF, YearLevel, rolling_unit_mode
from dalan.errors import DalanError
from dalan.graph import (
    OPERATIONAL,
    WITH_PLANNED,
    VirtualGraph,
    compiled_graph,
    end_services,
)
from dalan.identity_cache import IdentityCache
from dalan.network.history import (
    History,
    NetworkEvent,
    event_reach,
    events_touching,
    load_history,
    network_as_of,
    today,
)
from dalan.network.model import Network, Place
from dalan.options import RouteOptions
from dalan.routing.constrained import find_routes
from dalan.routing.itinerary import Itinerary


@dataclass(frozen=True)
class DatedAnswer:
    """The date a route answers for and the dated events in force that bear on it.

    ``on_route`` and ``on_undated_route`` hold the events that act on a link of the route found,
    and of the best route on the network without dates (absent when that one is the same);
    ``levels`` the year's market and service levels that moved the route's figures.
    """

    as_of: dt.date
    events: tuple[NetworkEvent, ...]
    on_route: frozenset[NetworkEvent] = frozenset()
    on_undated_route: frozenset[NetworkEvent] = frozenset()
    levels: tuple[YearLevel, ...] = ()


def year_levels(network: Network, routes: list[Itinerary], costing: Costing, cargo: str) -> tuple[YearLevel, ...]:
    """The year's levels (``costing.year``, see :meth:`Costing.at_year`) that differ from the usual
    on a link of ``routes``: deep-sea container rates, and the speed and container tariff of the
    railway groups and corridor services that may run them; and the congested ports where a
    train of ``routes`` stops."""
    year = costing.year
    if year is None:
        return ()
    found: set[tuple[str, str]] = set()
    containers = costing.cargo_class(cargo).unit == "TEU"
    prefixes = [p for p, _ in YEAR_INDEX_OF.items() if containers or p == "rail_speed_km_per_day"]  # tariffs: boxes only
    for it in routes:
        for leg in it.legs:
            for link, a, c in ((network.link(e), a, c) for e, a, c in leg.hops if network.has_link(e)):
                if leg.kind == "move" and link.mode == "sea" and containers and costing.rate_key(link) == "sea_deep":  # a wait for the ship names its link too
                    departure, arrival = network.place(a), network.place(c)
                    backhaul = costing.on_backhaul(departure, arrival)
                    found.add(("sea_rate_index", costing.sea_lane((departure.country, arrival.country), backhaul) or LANES_MEAN))
                if link.mode == "rail":
                    for country in (network.place(link.from_id).country, network.place(link.to_id).country):
                        for service in end_services(link, country, costing):
                            found.update((YEAR_INDEX_OF[p], costing.railway_group(p, country, service)) for p in prefixes)
    levels = (YearLevel(table, group, year, costing.year_factor(table, group), month=costing.month if table == "sea_rate_index" else None) for table, group in sorted(found))
    ports = (YearLevel("rail_port_queue_h", p.id, year, costing.rail_port_wait_h(p.id), (p.name_en, p.display_name("fa"))) for p in _trains_held(network, routes, costing))
    borders = (
        YearLevel("border_times", p.id, year, hours, (p.name_en, p.display_name("fa"))) for p, hours in _measured_borders(network, routes, costing)
    )
    return (*(level for level in levels if level.value != 1.0), *ports, *borders)


def _measured_borders(network: Network, routes: list[Itinerary], costing: Costing) -> list[tuple[Place, float]]:
    """The border stops of ``routes`` whose hours were measured in the costing's year (a link's
    crossing, ``Costing.crossing_border_h``; a voyage's clearance at a port, of vehicles or of
    wagons on a train ferry, ``Costing.voyage_clearances_h``), in order, with those hours."""
    found: dict[str, tuple[Place, float]] = {}
    for it in routes:
        for leg in it.legs:
            mode = rolling_unit_mode(leg.gauge_mm) if leg.mode in ("sea", "ferry") else leg.mode
            measured = leg.kind == "border" and costing.measures_border(leg.from_id, mode)
            if measured and leg.from_id not in found and leg.time_h > 0:
                found[leg.from_id] = (network.place(leg.from_id), leg.time_h)
    return list(found.values())


def _trains_held(network: Network, routes: list[Itinerary], costing: Costing) -> list[Place]:
    """The ports of ``routes`` that held a train in a year of congestion, in order: the stops
    whose queue is a port's hold (``Leg.queue_h`` at a place of ``Costing.rail_port_wait_h``, as
    the compiled graph charged it)."""
    held: list[Place] = []
    for it in routes:
        for leg in it.legs:
            if leg.queue_h > 0 and costing.rail_port_wait_h(leg.from_id) > 0:
                place = network.place(leg.from_id)
                if place not in held:
                    held.append(place)
    return held


def _links_and_countries(network: Network, routes: list[Itinerary]) -> tuple[set[str], set[str]]:
    links: set[str] = set()
    countries: set[str] = set()
    for it in routes:
        for leg in it.legs:
            links.update(e for e in leg.element_ids if network.has_link(e))
            for place_id in (leg.from_id, leg.to_id, *leg.via_ids):
                if network.has_place(place_id):
                    countries.add(network.place(place_id).country)
    return links, countries


#: The links and countries of the best route on the network as drawn, per (network, graph) and
#: question without its quantity: the route does not depend on the quantity (it scales money and
#: CO2e, not the weights), so the same pair asked for another quantity skips that search.
_UNDATED: IdentityCache[tuple[frozenset[str], frozenset[str]]] = IdentityCache(maxsize=2048)


def _undated_route(network: Network, graph: VirtualGraph, costing: Costing, options: RouteOptions) -> tuple[frozenset[str], frozenset[str]]:
    """The links and countries of the best route for ``options`` on ``graph`` (the network without
    its dated history); NoRouteError and other DalanErrors as :func:`find_routes` raises them."""
    question = replace(options, quantity=1.0, alternatives=1, pareto=False)

    def search() -> tuple[frozenset[str], frozenset[str]]:
        links, countries = _links_and_countries(network, find_routes(network, question, costing=costing, graph=graph))
        return frozenset(links), frozenset(countries)

    return _UNDATED.get((network, graph, costing), question, search)


def dated_answer(
    network: Network,
    options: RouteOptions,
    routes: list[Itinerary],
    *,
    costing: Costing | None = None,
    history: History | None = None,
) -> DatedAnswer:
    """The events in force on ``options.date`` (default today) that touch ``routes``' countries or
    links, or the links of the best route on ``network`` without its dated history."""
    as_of = options.date or today()
    cost = costing or load_costing()
    cost = cost.at_date(options.date)  # the month's and year's levels
    levels = year_levels(network, routes, cost, options.cargo)
    _, applied = network_as_of(network, history or load_history(), as_of)
    if not applied:
        return DatedAnswer(as_of, (), levels=levels)
    links, countries = _links_and_countries(network, routes)
    try:  # the same question on the network as drawn: a graph passed in skips the history
        graph = compiled_graph(network, cost, options.cargo, WITH_PLANNED if options.include_planned else OPERATIONAL)
        undated_links, undated_countries = _undated_route(network, graph, cost, options)
    except DalanError:
        undated_links, undated_countries = frozenset(), frozenset()
    countries |= undated_countries
    events = events_touching(network, applied, links | undated_links, countries)
    acted_on = {e: acted for e, (acted, _) in zip(applied, event_reach(network, applied))}
    on_route = frozenset(e for e in events if not acted_on[e].isdisjoint(links))
    on_undated = frozenset(e for e in events if not acted_on[e].isdisjoint(undated_links - links))
    return DatedAnswer(as_of, tuple(events), on_route, on_undated, levels)


def dated_events_of_network(network: Network, date: dt.date | None, history: History | None = None) -> list[NetworkEvent]:
    """Every event in force on ``date`` (default today) that acts on ``network``."""
    return network_as_of(network, history or load_history(), date or today())[1]


__all__ = ["DatedAnswer", "YearLevel", "dated_answer", "dated_events_of_network", "year_levels"]
