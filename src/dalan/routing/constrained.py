"""Answer a :class:`RouteOptions` question on the expanded graph (see :mod:`dalan.routing.expand`).

1. Resolve the stops and the avoided items; refuse a route from a place to itself.
2. One mask per segment: its modes, the avoided items, and — where ``leg_modes`` names sea or
   ferry for the segment after a via port — no land departure from that port.
3. Best route on the expanded graph (one shortest-path tree to the target). If it crosses a
   border (country pair, on land or by ferry) twice, track that border and solve again; a border
   stays untracked only when tracking it leaves no route (the vias force the second crossing).
4. ``alternatives`` > 1: Yen's K best on the same expanded graph (spur searches guided by that
   tree); ``pareto``: the multi-label search; both keep only loopless routes that cross no border
   twice (but those the vias force).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dalan.costing import Costing, load_costing
from dalan.errors import InputError, NoRouteError, Problem
from dalan.graph import OPERATIONAL, WITH_PLANNED, VirtualGraph, compiled_graph
from dalan.identity_cache import IdentityCache
from dalan.messages import LANGUAGES, Text, both, render, text
from dalan.network.history import load_history, network_as_of, today
from dalan.network.model import STATUSES, Network, Place
from dalan.network.rules import Rule, barred, binding_rules, load_rules
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions
from dalan.reports.i18n import format_date
from dalan.routing.alternatives import (
    RouteQuery,
    is_loopless,
    k_best_edges,
    pareto_edges,
    signature,
)
from dalan.routing.constraints import (
    Avoid,
    avoid_mask,
    cargo_mask,
    combine,
    crossing_pairs,
    modes_mask,
    repeated_pairs,
    resolve_avoid,
    sail_from_mask,
    travels_by_params,
)
from dalan.routing.expand import Expanded, expand
from dalan.routing.itinerary import Itinerary, build_itinerary
from dalan.routing.paths import (
    edges_on_path,
    edges_to_target,
    shortest_tree,
    tree_to_target,
)
from dalan.routing.reliability import default_operations, edge_time_at, percentile_of
from dalan.routing.truck_ranking import (
    driving_hours_only,
    pareto_front,
    ranked_paths,
    value_per_hour,
)

MAX_TRACKED_BORDERS = 4
WATER_KINDS = frozenset({"port", "ferry_terminal"})


def resolve_stops(network: Network, options: RouteOptions) -> list[Place]:
    """The origin, vias and destination as places; refuses a stop repeated back to back.

    A stop named (not given by id) whose place no link of the modes allowed next to it serves is
    its namesake that such links serve: "Baku" by ferry is the Port of Baku at Alat, "Astara" by
    sea the Iranian port — the city's place for that mode, as a shipper means it.
    """
    index = PlaceIndex.of(network)
    stops = index.find_stops(options.stops)
    segments = options.segment_modes()
    for k, query in enumerate(options.stops):
        adjacent = [modes for modes in segments[max(k - 1, 0) : k + 1] if modes is not None]
        if not adjacent or query.strip().casefold() == stops[k].id.casefold():
            continue
        if not all(_served_by(network, stops[k], modes) for modes in adjacent):
            served = [p for p in index.namesakes(query) if all(_served_by(network, p, modes) for modes in adjacent)]
            stops[k] = served[0] if served else stops[k]
    return stops


def _served_by(network: Network, place: Place, modes: tuple[str, ...]) -> bool:
    """Whether a link of one of ``modes`` touches ``place``."""
    return any(ln.mode in modes for ln in network.links_at(place.id))


def segment_masks(
    network: Network, graph: VirtualGraph, options: RouteOptions, stops: list[Place], avoid: Avoid | None = None
) -> list[np.ndarray | None]:
    """One edge mask per segment: modes, avoided items (``avoid``: already resolved for these
    stops), and sailing from a via port."""
    avoid = resolve_avoid(network, options.avoid, stops) if avoid is None else avoid
    avoided = avoid_mask(network, graph, avoid)
    masks = []
    water = options.explicit_water_segments()
    for k, modes in enumerate(options.segment_modes()):
        start = stops[k]
        sails = water[k] and k > 0 and modes is not None and _sails_from(network, start, modes)
        sail = sail_from_mask(network, graph, start) if sails else None
        masks.append(combine(cargo_mask(network, graph), modes_mask(network, graph, modes), avoided, sail))
    return masks


def _sails_from(network: Network, place: Place, modes: tuple[str, ...]) -> bool:
    """Whether a segment with ``modes`` starting at a via ``place`` must sail from it: the via is a
    port or ferry terminal with a sea or ferry link of a mode the segment allows."""
    water = {"sea", "ferry"} & set(modes)
    return bool(WATER_KINDS & set(place.kinds)) and any(ln.mode in water for ln in network.links_at(place.id))


def fills_a_train(costing: Costing, cargo: str, quantity: float) -> bool:
    """Whether a shipment of ``quantity`` units fills its own train, so runs as a whole train
    (``Costing.whole_trains``): bulk or cars of at least ``wagons_per_train`` wagon-loads
    (``Operations.train_load_units``: 50 × 60 t = 3,000 t, 50 × 8 = 400 cars); boxes ride block
    trains whatever their number, and a truck takes no train."""
    cargo_class = costing.cargo_class(cargo)
    if cargo_class.unit == "TEU" or "rail" not in cargo_class.travels_by:
        return False
    return quantity >= default_operations().train_load_units(cargo)


def find_routes(
    network: Network,
    options: RouteOptions,
    *,
    costing: Costing | None = None,
    graph: VirtualGraph | None = None,
    scenario_rules: Sequence[Rule] = (),
) -> list[Itinerary]:
    """The routes ``options`` asks for, best first (one unless alternatives > 1 or pareto).

    ``graph`` (compiled for ``options.cargo`` and the statuses ``include_planned`` implies) is
    reused when given; then the network is taken as drawn (no dated history, no sanction rules).
    Raises UnknownPlaceError, InputError or NoRouteError with the reason. See the module docstring.
    """
    stops = resolve_stops(network, options)
    costing = costing or (graph.costing if graph is not None else load_costing())
    if options.drivers != costing.drivers and graph is None:  # a crew of two drives longer days
        costing = costing.with_drivers(options.drivers)
    if options.whole_train and "rail" not in costing.cargo_class(options.cargo).travels_by:
        raise InputError(Problem.of("route", "whole_train", True, "whole_train_no_rail", "whole_train_classes", cargo=both(options.cargo)))
    if graph is None and (options.whole_train or fills_a_train(costing, options.cargo, options.quantity)):
        costing = costing.with_whole_trains()  # bulk or cars filling a train run as a block train
    if graph is None:  # the market of that month and year (rates by period)
        costing = costing.at_date(options.date)
    rules: list[Rule] = []
    if graph is None:  # the network as it stood that day (default today): dated closures, delays, surcharges
        on = options.date or today()
        network = network_as_of(network, load_history(), on)[0]
        rules = binding_rules((*load_rules(), *scenario_rules), stops[0], stops[-1], on)  # sanctions for this cargo (shipped + the scenario's)
    statuses = WITH_PLANNED if options.include_planned else OPERATIONAL
    graph = graph or compiled_graph(network, costing, options.cargo, statuses)
    unruled = segment_masks(network, graph, options, stops)
    masks = unruled
    if rules:
        countries, places = barred(network, rules, stops)
        ruled = avoid_mask(network, graph, Avoid(countries=countries, places=places))
        masks = [combine(m, ruled) for m in unruled]
    reliable_h = reliable_hours(network, graph, options)
    pair_of_edge = crossing_pairs(network, graph)
    positions = [graph.place_index(p.id) for p in stops]

    def expanded(tracked: list[int], segment_masks: list[np.ndarray | None] = masks) -> Expanded:
        if not tracked and options.max_transfers is None and len(segment_masks) == 1:
            return plain_expansion(graph, segment_masks[0]).for_pair(graph, positions[0], positions[-1])
        return expand(
            graph,
            positions[0],
            positions[-1],
            segment_masks,
            positions[1:-1],
            max_transfers=options.max_transfers,
            pair_of_edge=pair_of_edge,
            tracked_pairs=tracked,
        )

    tracked: list[int] = []
    forced: set[int] = set()
    exp = expanded(tracked)
    best = best_on(exp, criterion_weights(exp, options, reliable_h))
    if best is None and rules:  # would there be a route without the sanction rules?
        free = expanded(tracked, unruled)
        if best_on(free, criterion_weights(free, options, reliable_h)) is not None:
            barring = tuple(Text(*(render("no_route.rule", lg, note=r.note(lg), date=format_date(r.date, lg)) for lg in LANGUAGES)) for r in rules)
            raise NoRouteError(_name(stops[0]), _name(stops[-1]), both("no_route.barred", rules=barring))
    if best is None:
        raise NoRouteError(_name(stops[0]), _name(stops[-1]), _why(network, graph, costing, options, stops, unruled))
    while len(tracked) < MAX_TRACKED_BORDERS:
        new = [p for p in repeated_pairs(pair_of_edge, best.exp.base_edges(best.path)) if p not in tracked and p not in forced]
        if not new:
            break
        candidate = expanded([*tracked, new[0]])
        found = best_on(candidate, criterion_weights(candidate, options, reliable_h))
        if found is None:
            forced.add(new[0])  # the vias force this border twice
            continue
        tracked.append(new[0])
        best = found
    criterion = "pareto" if options.pareto else options.by
    itineraries = [
        build_itinerary(graph, network, edges, quantity=options.quantity, criterion=criterion,
                        value_of_time_usd_per_h=options.value_of_time_usd_per_h)
        for edges in route_paths(network, graph, best, options, pair_of_edge, forced)
    ]
    return pareto_front(itineraries) if options.pareto else itineraries


#: Expansions with one copy of the graph (one segment, no transfer bound, no tracked border), per
#: graph and segment mask: their edges do not depend on the two places (:meth:`Expanded.for_pair`),
#: so the questions that share a mask (the same modes, avoided items and sanction rules) share one.
_PLAIN_EXPANSIONS: IdentityCache[Expanded] = IdentityCache(maxsize=64)


def plain_expansion(graph: VirtualGraph, mask: np.ndarray | None) -> Expanded:
    """The expansion of ``graph`` for one segment restricted to ``mask``, kept; its ends are those
    of place 0 (set them with :meth:`Expanded.for_pair`)."""
    key = None if mask is None else np.asarray(mask, dtype=bool).tobytes()
    return _PLAIN_EXPANSIONS.get((graph,), key, lambda: expand(graph, 0, 0, [mask], []))


def reliable_hours(network: Network, graph: VirtualGraph, options: RouteOptions) -> np.ndarray | None:
    """Hours per edge at the percentile ``options.reliability`` asks for (None: the mean)."""
    percentile = percentile_of(options.reliability)
    return edge_time_at(graph, network, percentile) if percentile is not None else None


def criterion_weights(exp: Expanded, options: RouteOptions, reliable_h: np.ndarray | None = None) -> np.ndarray:
    """The criterion's edge weights; with ``reliable_h`` (hours per base edge at the asked
    percentile) the time in them is that percentile's."""
    hours = None
    if reliable_h is not None:
        hours = np.where(exp.edge_map >= 0, reliable_h[np.maximum(exp.edge_map, 0)], exp.graph.time_h)
    return exp.graph.weights(options.by, options.value_of_time_usd_per_h, options.carbon_price_usd_per_t, hours)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Best:
    """The best path on an expanded graph, with its weights and the tree to the target it follows."""

    exp: Expanded
    weights: np.ndarray
    tree: tuple[np.ndarray, np.ndarray]
    path: list[int]


def best_on(exp: Expanded, weights: np.ndarray, tree: tuple[np.ndarray, np.ndarray] | None = None) -> Best | None:
    """The best path from ``exp.source`` on ``tree`` (:func:`tree_to_target`, computed when not
    given: one tree serves every source), or None when the target cannot be reached."""
    tree = tree if tree is not None else tree_to_target(exp.graph, weights, exp.target)
    if not np.isfinite(tree[0][exp.source]):
        return None
    return Best(exp, weights, tree, edges_to_target(exp.graph, tree[1], exp.source))


def route_paths(
    network: Network, graph: VirtualGraph, best: Best, options: RouteOptions, pair_of_edge: np.ndarray, forced: set[int]
) -> list[list[int]]:
    """The routes ``options`` asks for as edges of ``graph``, best first: the Pareto set, the K
    best or ``best`` alone; physically distinct and loopless, crossing no border twice but the
    ``forced`` ones (the best route stands when every candidate does). With trucks, the candidates
    include the best path of a search that weighs a road link at its driving hours alone, and the
    routes are ranked with their truck runs timed by the rules (:mod:`dalan.routing.truck_ranking`)."""
    exp = best.exp
    query = RouteQuery(network, exp.graph, exp.source, exp.target, None)
    if options.pareto:  # with trucks, also the set that weighs a road link at its driving hours alone
        hours = [exp.graph.time_h, *([driving_hours_only(exp.graph)] if np.any(exp.graph.drive_h > 0.0) else [])]
        paths: list[list[int]] = []
        for time_h in hours:
            criteria = np.column_stack([time_h, exp.graph.cost_usd, exp.graph.co2_kg])
            paths += [p for p in pareto_edges(query, criteria, 0.01, 64) if p not in paths]
        return _distinct(graph, exp, paths, pair_of_edge, forced, options) or [exp.base_edges(best.path)]
    rested = _rested_candidate(best, options)
    candidates = [best.path, *([rested] if rested is not None else [])]
    k = options.alternatives
    if k < WEEK_CANDIDATES and rests_trucks(exp.graph, options) and any(_drives_past_a_week(graph, exp.base_edges(p)) for p in candidates):
        k = WEEK_CANDIDATES  # ranked among the search's best paths, as that many alternatives are
    if k > 1:  # distinct, loopless and crossing borders once already
        border = _borders(exp, pair_of_edge, frozenset(forced))
        paths = k_best_edges(query, best.weights, k, border=border, check_first=not options.via, tree=best.tree, first=best.path)
        kept = [exp.base_edges(p) for p in paths] or [exp.base_edges(best.path)]
        if rested is not None:
            found = {signature(graph, p) for p in kept}
            kept += [p for p in _distinct(graph, exp, [rested], pair_of_edge, forced, options) if signature(graph, p) not in found]
    else:
        kept = _distinct(graph, exp, candidates, pair_of_edge, forced, options)
        kept = kept or [exp.base_edges(best.path)]  # every candidate crossed a border twice: the best route stands
    return ranked_paths(graph, kept, options)[: options.alternatives]


#: How many of the search's best paths a route (or fewer alternatives) is ranked among when its
#: trucks drive longer than a week's limit (:func:`_drives_past_a_week`).
WEEK_CANDIDATES = 4


def _drives_past_a_week(graph: VirtualGraph, path: list[int]) -> bool:
    """Whether ``path``'s trucks drive longer than the crew's weekly limit. There the rules'
    weekly and fortnightly rests step — a few more minutes at the wheel can cost a 45-h rest —
    which neither search's linear weights see, so the route and fewer alternatives are ranked
    among the search's :data:`WEEK_CANDIDATES` best paths, as that many alternatives are
    (Shenyang → Tashkent by truck: 90.3 h at the wheel by Irkeshtam, 86.4 by Khorgos, 1.8 days
    apart; the Khorgos route is the search's third)."""
    rules = graph.costing.driving.crew(graph.costing.drivers)
    return float(graph.drive_h[path].sum()) > rules.weekly_driving_h


def _rested_candidate(best: Best, options: RouteOptions) -> list[int] | None:
    """The best path (on ``best``'s expansion) of a search that weighs a road link at its driving
    hours alone, where it differs from ``best``'s and the criterion has hours the driving-time
    rules time (:func:`~dalan.routing.truck_ranking.value_per_hour`); else None."""
    exp = best.exp
    if not rests_trucks(exp.graph, options):
        return None
    weights, tree = _lighter_tree(exp, options)
    other = best_on(exp, weights, tree)
    return None if other is None or other.path == best.path else other.path


#: Per expanded graph: the weights with trucks at their driving hours and the tree to a target,
#: by (target, criterion, value of time, carbon price): the pairs of a batch that share a
#: destination share it, as they share the search's own tree.
_LIGHTER: weakref.WeakKeyDictionary[VirtualGraph, dict[tuple, tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]]] = weakref.WeakKeyDictionary()


def lighter_weights(graph: VirtualGraph, options: RouteOptions) -> np.ndarray:
    """The criterion's edge weights with each road link at its driving hours alone."""
    return graph.weights(options.by, options.value_of_time_usd_per_h, options.carbon_price_usd_per_t, driving_hours_only(graph))  # type: ignore[arg-type]


def remember_lighter_tree(exp: Expanded, options: RouteOptions, weights: np.ndarray, tree: tuple[np.ndarray, np.ndarray]) -> None:
    """Keep a tree to ``exp``'s target on :func:`lighter_weights` (a batch computes its
    destinations' trees in one call)."""
    _LIGHTER.setdefault(exp.graph, {})[_lighter_key(exp, options)] = (weights, tree)


def _lighter_key(exp: Expanded, options: RouteOptions) -> tuple:
    return (exp.target, options.by, options.value_of_time_usd_per_h, options.carbon_price_usd_per_t)


def _lighter_tree(exp: Expanded, options: RouteOptions) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    cache = _LIGHTER.setdefault(exp.graph, {})
    key = _lighter_key(exp, options)
    if key not in cache:
        weights = lighter_weights(exp.graph, options)
        cache[key] = (weights, tree_to_target(exp.graph, weights, exp.target))
    return cache[key]


def rests_trucks(graph: VirtualGraph, options: RouteOptions) -> bool:
    """Whether routes on ``graph`` take the second search with trucks at their driving hours
    (:func:`_rested_candidate`): the criterion has hours to time and a truck can drive."""
    return value_per_hour(graph, options) is not None and bool(np.any(graph.drive_h > 0.0))


#: Per expanded graph: the border pair of each of its edges (see :func:`_borders`).
_BORDERS: weakref.WeakKeyDictionary[VirtualGraph, dict[frozenset[int], tuple[np.ndarray, np.ndarray]]] = weakref.WeakKeyDictionary()


def _borders(exp: Expanded, pair_of_edge: np.ndarray, forced: frozenset[int]) -> np.ndarray:
    """Per edge of ``exp``: the border pair it crosses (``pair_of_edge`` of its base edge), or -1
    off borders and on the ``forced`` ones; kept per graph (many pairs share one expansion)."""
    cache = _BORDERS.setdefault(exp.graph, {})
    if forced not in cache or cache[forced][0] is not pair_of_edge:
        border = np.where(exp.edge_map >= 0, pair_of_edge[np.maximum(exp.edge_map, 0)], -1)
        border[np.isin(border, list(forced))] = -1
        cache[forced] = (pair_of_edge, border)
    return cache[forced][1]


def _distinct(
    graph: VirtualGraph,
    exp: Expanded,
    paths: list[list[int]],
    pair_of_edge: np.ndarray,
    forced: set[int],
    options: RouteOptions,
) -> list[list[int]]:
    """Physically distinct, loopless paths (as base edges) that cross no border twice (but those the vias force)."""
    seen: set[tuple] = set()
    out = []
    for path in paths:
        edges = exp.base_edges(path)
        sig = signature(graph, edges)
        if sig in seen or (not options.via and not is_loopless(graph, edges)):
            continue
        if set(repeated_pairs(pair_of_edge, edges)) - forced:
            continue
        seen.add(sig)
        out.append(edges)
    return out


def _why(
    network: Network,
    graph: VirtualGraph,
    costing: Costing,
    options: RouteOptions,
    stops: list[Place],
    masks: list[np.ndarray | None],
) -> Text:
    """Why there is no route: the first segment that has none, and what blocks it."""
    seg_modes = options.segment_modes()
    for k in range(len(stops) - 1):
        a, b = stops[k], stops[k + 1]
        source = int(graph.origin_node[graph.place_index(a.id)])
        target = int(graph.destination_node[graph.place_index(b.id)])
        free, _ = shortest_tree(graph, graph.time_h, source)
        if not np.isfinite(free[target]):
            reason = explain_no_route(network, costing, options.cargo, a.id, b.id, graph.included_statuses)
            return both("no_route.segment", a=_name(a), b=_name(b), reason=reason)
        limited, _ = shortest_tree(graph, graph.time_h, source, masks[k])
        if not np.isfinite(limited[target]):
            parts = []
            modes = seg_modes[k]
            if modes is not None:
                parts.append(both("no_route.only_modes", modes=tuple(Text(m, text(m, "fa")) for m in modes)))
            if options.avoid:
                parts.append(both("no_route.avoiding", avoid=options.avoid))
            cargo = costing.cargo_class(options.cargo)
            if not cargo.travels_by_everything():
                travels = both("no_route.cargo_travels_by", **travels_by_params(cargo))
                if not parts:  # nothing the user asked for: the class itself
                    return both("no_route.for_cargo", a=_name(a), b=_name(b), constraints=travels)
                parts.append(travels)
            if options.explicit_water_segments()[k] and k > 0 and seg_modes[k] is not None and _sails_from(network, a, seg_modes[k] or ()):
                parts.append(both("no_route.sailing_from", place=_name(a)))
            if not parts:
                return both("no_route.constraints", a=_name(a), b=_name(b))
            joined = Text(*(text("no_route.and", lg).join(p.in_lang(lg) for p in parts) for lg in LANGUAGES))
            return both("no_route.relax", a=_name(a), b=_name(b), constraints=joined)
    if options.max_transfers is not None:
        return both("no_route.transfers", count=options.max_transfers)
    return both("no_route.together")


def explain_no_route(
    network: Network, costing: Costing, cargo: str, origin_id: str, destination_id: str, statuses: frozenset[str]
) -> Text:
    """Why two places are not connected: name the non-operational links a route would need."""
    every = compiled_graph(network, costing, cargo, STATUSES)
    source = int(every.origin_node[every.place_index(origin_id)])
    target = int(every.destination_node[every.place_index(destination_id)])
    weights = every.time_h
    dist, pred = shortest_tree(every, weights, source)
    if not np.isfinite(dist[target]):
        return both("no_route.disjoint")
    path = edges_on_path(every, weights, pred, target)
    missing = []
    for e in path:
        link_id = every.elements[every.element[e]]
        if network.has_link(link_id) and network.link(link_id).status not in statuses and link_id not in missing:
            missing.append(link_id)
    parts = []
    for link_id in missing:
        link = network.link(link_id)
        a, b = _name(network.place(link.from_id)), _name(network.place(link.to_id))
        mode, status = Text(link.mode, text(link.mode, "fa")), Text(link.status.replace("_", " "), text(link.status, "fa"))
        if link.status_note:  # the network's note is English text: told in English only
            parts.append(Text(render("no_route.link_noted", "en", link=link_id, a=a, b=b, mode=mode, status=status, note=link.status_note),
                              render("no_route.link", "fa", link=link_id, a=a, b=b, mode=mode, status=status)))
        else:
            parts.append(both("no_route.link", link=link_id, a=a, b=b, mode=mode, status=status))
    needs = Text(*("; ".join(p.in_lang(lg) for p in parts) for lg in LANGUAGES))
    planned = all(network.link(i).status in WITH_PLANNED for i in missing)
    return both("no_route.needs", needs=needs, hint=both("no_route.try_planned" if planned else "no_route.reopen"))


def _name(place: Place) -> Text:
    """A place's name in every language, for messages."""
    return Text(place.name_en, place.display_name("fa"))


__all__ = ["Best", "best_on", "criterion_weights", "explain_no_route", "fills_a_train", "find_routes", "reliable_hours", "resolve_stops", "route_paths", "segment_masks"]
