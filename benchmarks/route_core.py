"""Route core: dalan's constrained solver against NetworkX's Dijkstra on the same virtual graph.

    python benchmarks/route_core.py [--repeat 20]

For a fixed set of origin–destination pairs on the embedded network (graph compiled once, as a
server does), times one best route by time with ``dalan.routing.find_routes`` (options built and
validated, constraints expanded, itinerary assembled) and the bare shortest-path distance with
``networkx.single_source_dijkstra`` on the same edges (the peer: no options, no itinerary), checks
that both find the same hours, and prints medians and the ratio. Also times K = 5 alternatives,
the Pareto set and a via + max-transfers query (no peer for those). Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import networkx as nx

from dalan.costing import load_costing
from dalan.graph import compile_graph
from dalan.network.io import load_embedded_network
from dalan.options import RouteOptions
from dalan.routing import find_routes

PAIRS = (
    ("PL_WAW", "IR_BND"), ("RU_MOW", "IR_THR"), ("CN_XIA", "TR_IST"), ("UZ_TAS", "NL_RTM"),
    ("PK_KHI", "TR_IST"), ("KZ_ALA", "GE_POT"), ("IN_NSA", "RU_MOW"), ("AZ_BAK", "IR_ZBR"),
)  # fmt: skip


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    network, costing = load_embedded_network(), load_costing()
    graph = compile_graph(network, costing)
    peer = nx.DiGraph()
    for e in range(graph.num_edges):
        tail, head, w = int(graph.tail[e]), int(graph.head[e]), float(graph.time_h[e])
        if not peer.has_edge(tail, head) or peer[tail][head]["weight"] > w:
            peer.add_edge(tail, head, weight=w)
    print(f"virtual graph: {graph.num_nodes} nodes, {graph.num_edges} edges; {len(PAIRS)} pairs, median of {args.repeat}")
    print(f"{'query':<28}{'dalan ms':>10}{'networkx ms':>13}{'ratio':>8}")
    ours_all, theirs_all = [], []
    for a, b in PAIRS:
        options = RouteOptions.build(a, b)
        source = int(graph.origin_node[graph.place_index(a)])
        target = int(graph.destination_node[graph.place_index(b)])
        hours = find_routes(network, options, costing=costing, graph=graph)[0].time_h
        assert abs(nx.dijkstra_path_length(peer, source, target) - hours) < 1e-6, (a, b)
        ours = median_ms(lambda o=options: find_routes(network, o, costing=costing, graph=graph), args.repeat)
        theirs = median_ms(lambda s=source, t=target: nx.single_source_dijkstra(peer, s, t), args.repeat)
        ours_all.append(ours)
        theirs_all.append(theirs)
        print(f"{a + ' → ' + b:<28}{ours:>10.2f}{theirs:>13.2f}{ours / theirs:>8.2f}")
    print(f"{'median':<28}{statistics.median(ours_all):>10.2f}{statistics.median(theirs_all):>13.2f}"
          f"{statistics.median(ours_all) / statistics.median(theirs_all):>8.2f}")  # fmt: skip
    for label, extra in (("K = 5", {"alternatives": 5}), ("Pareto", {"pareto": True}), ("via + max transfers", {"via": ["AZ_BAK"], "max_transfers": 3})):
        options = RouteOptions.build("PL_WAW", "IR_BND", **extra)
        print(f"{label:<28}{median_ms(lambda o=options: find_routes(network, o, costing=costing, graph=graph), max(3, args.repeat // 4)):>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
