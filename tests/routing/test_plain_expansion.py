"""The kept one-segment expansion (find_routes reuses it between questions with the same mask)
is the expansion :func:`expand` builds for the pair."""

from __future__ import annotations

import numpy as np

from dalan.graph import compile_graph
from dalan.routing.constrained import plain_expansion
from dalan.routing.expand import expand


def test_the_kept_expansion_is_the_pairs_own(network, costing):
    graph = compile_graph(network, costing)
    mask = graph.mode != 1  # any mask
    shared = plain_expansion(graph, mask)
    assert plain_expansion(graph, mask.copy()) is shared and plain_expansion(graph, None) is not shared
    for a, b in (("PL_WAW", "IR_BND"), ("AZ_BAK", "RU_MOW")):
        origin, destination = graph.place_index(a), graph.place_index(b)
        own, kept = expand(graph, origin, destination, [mask], []), shared.for_pair(graph, origin, destination)
        assert (own.source, own.target) == (kept.source, kept.target)
        assert np.array_equal(own.edge_map, kept.edge_map)
        assert all(np.array_equal(getattr(own.graph, f), getattr(kept.graph, f)) for f in ("tail", "head", "time_h", "cost_usd", "element", "kind"))
