"""Every route option together, on the real network: a property test over random origins,
destinations and constraints checks that each returned itinerary obeys every constraint, and
(where nothing constrains it) that the best route costs what plain Dijkstra on the virtual graph
says — a second algorithm."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dalan.errors import InputError, NoRouteError
from dalan.graph import compile_graph
from dalan.options import RouteOptions
from dalan.routing import find_routes
from dalan.routing.constraints import crossing_pairs, repeated_pairs
from dalan.routing.paths import edges_on_path, shortest_tree

#: Well-connected places across the corridors (rail, road and sea all reach them).
PLACES = (
    "RU_MOW", "PL_WAW", "IR_THR", "IR_BND", "AZ_BAK", "GE_TBS", "TR_IST", "KZ_ALA",
    "KZ_AKT", "TM_TMB", "IN_NSA", "RO_CND", "UA_ODS", "GE_POT", "RU_ASF", "IR_ZBR", "CN_XIA",
)  # fmt: skip
MODE_SETS = (None, ("rail",), ("rail", "ferry"), ("rail", "road"), ("sea", "ferry"), ("road",), ("sea", "rail", "road"))
AVOIDABLE = ("GE", "AZ", "RU", "TR", "KZ", "AM", "TM")
BORDER_MODES = ("rail", "road", "ferry")


@st.composite
def questions(draw) -> RouteOptions:
    stops = draw(st.lists(st.sampled_from(PLACES), min_size=2, max_size=4, unique=True))
    origin, *via, destination = stops
    use_legs = draw(st.booleans())
    leg_modes = [draw(st.sampled_from(MODE_SETS)) for _ in range(len(via) + 1)] if use_legs else None
    modes = None if use_legs else draw(st.sampled_from(MODE_SETS))
    avoid = draw(st.lists(st.sampled_from(AVOIDABLE), max_size=1))
    kind = draw(st.sampled_from(("best", "alternatives", "pareto")))
    return RouteOptions.build(
        origin,
        destination,
        via=via,
        leg_modes=None if leg_modes is None else ";".join("*" if m is None else ",".join(m) for m in leg_modes),
        modes=None if modes is None else ",".join(modes),
        avoid=avoid,
        max_transfers=draw(st.one_of(st.none(), st.integers(0, 3))),
        by=draw(st.sampled_from(("time", "cost", "co2"))),
        alternatives=3 if kind == "alternatives" else 1,
        pareto=kind == "pareto",
    )


def _link_modes(network, link_id: str) -> set[str]:
    link = network.link(link_id)
    return {link.mode, "rail"} if link.mode == "ferry" and link.gauges_mm else {link.mode}


def _splits(runs, boundaries, allowed) -> bool:
    """Whether the link runs [(from, to, modes)] split into segments at the vias in order, each
    run's modes meeting its segment's allowed modes (None = any)."""

    def ok(i: int, k: int) -> bool:
        if i == len(runs):
            return k == len(boundaries)
        start, _, modes = runs[i]
        if k < len(boundaries) and start == boundaries[k] and ok(i, k + 1):
            return True
        return (allowed[k] is None or bool(modes & set(allowed[k]))) and ok(i + 1, k)

    return ok(0, 0)


def check_itinerary(network, options: RouteOptions, it) -> None:
    stops = [network.place(s) if network.has_place(s) else None for s in options.stops]
    ids = [p.id for p in stops]  # type: ignore[union-attr]
    assert it.origin_id == ids[0] and it.destination_id == ids[-1]
    seq = list(it.place_sequence)
    position = 0
    for via in ids[1:-1]:  # vias visited in order
        assert via in seq[position:], (via, seq)
        position = seq.index(via, position)
    runs = []
    for leg in it.legs:
        if leg.kind != "move":
            continue
        places = [leg.from_id, *leg.via_ids, leg.to_id]
        for link_id, a, b in zip(leg.element_ids, places[:-1], places[1:], strict=True):
            runs.append((a, b, _link_modes(network, link_id)))
    assert _splits(runs, ids[1:-1], options.segment_modes()), (options, runs)
    if options.avoid:
        touched = {p for leg in it.legs for p in (leg.from_id, leg.to_id, *leg.via_ids)}
        assert not {network.place(p).country for p in touched} & set(options.avoid)
    if options.max_transfers is not None:
        assert sum(leg.kind in ("transfer", "gauge_change") for leg in it.legs) <= options.max_transfers
    if not options.via:  # no border crossed twice (vias may force it)
        pairs = [
            frozenset((network.place(a).country, network.place(b).country))
            for a, b, modes in runs
            if network.place(a).country != network.place(b).country and modes & set(BORDER_MODES)
        ]
        assert len(pairs) == len(set(pairs)), pairs
    water = options.explicit_water_segments()
    for k, via in enumerate(ids[1:-1], start=1):  # a via port before a water segment: sail from it
        allowed = set(options.segment_modes()[k] or ()) & {"sea", "ferry"}
        if water[k] and {"port", "ferry_terminal"} & set(network.place(via).kinds) and any(
            ln.mode in allowed for ln in network.links_at(via)
        ):
            departures = [modes for a, _, modes in runs if a == via]
            assert any(d & {"sea", "ferry"} for d in departures), (via, departures)  # it sails from there at least once


@pytest.fixture(scope="module")
def graph(network, costing):
    return compile_graph(network, costing)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(options=questions())
def test_every_itinerary_obeys_every_constraint(network, costing, graph, options):
    try:
        routes = find_routes(network, options, costing=costing, graph=graph)
    except NoRouteError:
        return
    except InputError as error:  # avoiding the country of a stop is refused, nothing else
        assert {network.place(s).country for s in options.stops} & set(options.avoid), error
        return
    assert routes
    for it in routes:
        check_itinerary(network, options, it)
    if options.alternatives > 1:
        assert len(routes) <= options.alternatives
        assert len({it.link_ids for it in routes}) == len(routes)
        key = {"time": "time_h", "cost": "cost_usd", "co2": "co2_kg"}[options.by]
        values = [getattr(it, key) for it in routes]
        assert values[0] == pytest.approx(min(values))
    if options.pareto:
        vectors = np.array([[it.time_h, it.cost_usd, it.co2_kg] for it in routes])
        for i in range(len(vectors)):
            for j in range(len(vectors)):
                if i != j:
                    assert not (np.all(vectors[i] <= vectors[j]) and np.any(vectors[i] < vectors[j] - 1e-9))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.lists(st.sampled_from(PLACES), min_size=2, max_size=2, unique=True), by=st.sampled_from(("time", "cost")))
def test_unconstrained_best_route_matches_plain_dijkstra(network, costing, graph, pair, by):
    options = RouteOptions.build(pair[0], pair[1], by=by)
    it = find_routes(network, options, costing=costing, graph=graph)[0]
    weights = graph.weights(by)
    dist, pred = shortest_tree(graph, weights, int(graph.origin_node[graph.place_index(pair[0])]))
    target = int(graph.destination_node[graph.place_index(pair[1])])
    plain = edges_on_path(graph, weights, pred, target)
    if by == "cost":
        assert it.cost_usd >= dist[target] - 1e-6
        if it.cost_usd > dist[target] + 1e-6:  # only when the plain optimum crosses a border twice
            assert repeated_pairs(crossing_pairs(network, graph), plain)
        return
    # by time, a route's truck runs are timed by the driving-time rules (dalan.routing.truck_ranking):
    # the answer is at least as fast as the plain optimum so timed, unless that crosses a border twice
    plain_h = float(weights[plain].sum()) + sum(graph.truck_rest_h(plain))
    assert it.time_h == pytest.approx(float(weights[list(it.edges)].sum()) + sum(graph.truck_rest_h(it.edges)))
    assert it.time_h <= plain_h + 1e-6 or repeated_pairs(crossing_pairs(network, graph), plain)
