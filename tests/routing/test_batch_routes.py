"""Many pairs at once on the embedded network: batched routes are find_routes' answers pair by
pair, and the K-best kernel gives plain Yen's routes (the previous implementation) — second
algorithms on random pairs, with the sanction rules that bind each pair."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from same_routes import assert_same_routes

from dalan.errors import InputError, NoRouteError
from dalan.graph import compile_graph
from dalan.network.history import load_history, network_as_of
from dalan.network.rules import barred_items, load_rules
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions
from dalan.routing import constrained
from dalan.routing.alternatives import LINK_KIND, is_loopless, yen_reference
from dalan.routing.batch import routes_for_pairs
from dalan.scenarios import load_scenario

K = 3
ON = dt.date(2025, 6, 1)  # sanction rules in force then bind some of the pairs


@pytest.fixture(scope="module")
def setting():
    scenario = load_scenario("baseline")
    network = network_as_of(scenario.network, load_history(), ON)[0]
    graph = compile_graph(network, scenario.costing, "container")
    rng = random.Random(2024)
    ids = [p.id for p in network.places]
    pairs = [tuple(rng.sample(ids, 2)) for _ in range(120)]
    index = PlaceIndex.of(network)
    banned = [barred_items(network, load_rules(), index.find(o), index.find(d), ON) for o, d in pairs]
    assert any(banned) and not all(banned)
    return network, graph, pairs, banned


def per_pair(network, graph, options, pairs, banned):
    """find_routes for each pair alone, as edges (None where it raises NoRouteError/InputError)."""
    out = []
    for (origin, destination), avoid in zip(pairs, banned, strict=True):
        one = RouteOptions.build(origin, destination, by=options.by, alternatives=options.alternatives,
                                 modes=options.modes, avoid=[*options.avoid, *avoid], max_transfers=options.max_transfers)  # fmt: skip
        try:
            out.append([list(r.edges) for r in constrained.find_routes(network, one, graph=graph)])
        except (NoRouteError, InputError):
            out.append(None)
    return out


@pytest.mark.parametrize(
    "constraints",
    [{}, {"modes": ["rail", "sea", "ferry"]}, {"avoid": ["TR"]}, {"max_transfers": 2}, {"by": "time", "alternatives": 1}],
)
def test_batched_routes_are_find_routes_answers(setting, constraints):
    network, graph, pairs, banned = setting
    options = RouteOptions.build("origin", "destination", **{"by": "generalized", "alternatives": K, **constraints})
    steps = []
    batched = routes_for_pairs(network, graph, options, pairs, banned, progress=lambda: steps.append(1))
    assert len(steps) == len(pairs)
    assert batched == per_pair(network, graph, options, pairs, banned)
    assert sum(r is not None for r in batched) > len(pairs) // 2


def previous_k_best(q, weights, k, *, border, check_first, **_):
    """find_routes' K best before the kernel: plain Yen asked for 2K + 2 paths, then the paths
    that cross a border twice (or a first one that loops) dropped."""
    def keep(i, path):
        crossed = border[path][border[path] >= 0]
        return len(set(crossed.tolist())) == crossed.size and (i > 0 or not check_first or is_loopless(q.graph, path))

    return [p for i, p in enumerate(yen_reference(q, weights, 2 * k + 2)) if keep(i, p)][:k]


def test_k_best_are_plain_yen_and_the_previous_answers(setting, monkeypatch):
    """On random pairs: the kernel's K best equal plain Yen's with the same rules (cost by cost,
    the same routes but for the order of equal costs), and the previous implementation's: the
    same best route, and the same K routes wherever it found K."""
    network, graph, pairs, banned = setting
    options = RouteOptions.build("origin", "destination", by="generalized", alternatives=K)
    weights = graph.weights("generalized")
    links = lambda p: tuple(graph.elements[graph.element[e]] for e in p if graph.kind[e] == LINK_KIND)
    sample = (pairs[:14], banned[:14])
    fast = per_pair(network, graph, options, *sample)
    # plain Yen spurs every node of every found path at once, so it reaches the kernel's 2,000
    # candidates sooner (paths that differ only in a train's service layer count apart): a cap
    # that does not bind it
    yen = lambda q, w, k, **kw: yen_reference(q, w, k, border=kw["border"], check_first=kw["check_first"], max_candidates=20000)
    monkeypatch.setattr(constrained, "k_best_edges", yen)
    plain = per_pair(network, graph, options, *sample)
    monkeypatch.setattr(constrained, "k_best_edges", previous_k_best)
    before = per_pair(network, graph, options, *sample)
    assert sum(r is not None for r in fast) >= 7
    for got, yen, old in zip(fast, plain, before, strict=True):
        assert (got is None) == (yen is None) == (old is None)
        if got is None:
            continue
        assert_same_routes(weights, got, yen, links)
        assert got[0] == old[0] or np.isclose(weights[got[0]].sum(), weights[old[0]].sum(), rtol=1e-12)
        if len(old) == K:
            assert_same_routes(weights, got, old, links)
