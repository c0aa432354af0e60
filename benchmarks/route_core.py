"""Route core: dalan's constrained solver against NetworkX's Dijkstra on the same virtual graph.

    python benchmarks/route_core.py [--repeat 20]

For a fixed set of origin–destination pairs on the embedded network (graph compiled once, as a
server does), times one best route by time with ``dalan.routing.find_routes`` (options built and
validated, constraints expanded, itinerary assembled) and the bare shortest-path distance with
``networkx.single_source_dijkstra`` on the same edges (the peer: no options, no itinerary), checks
that both find the same hours, and prints medians and the ratio. Also times K = 5 alternatives,
the Pareto set and a via + max-transfers query (no peer for those).

Then the server side of ``GET /api/route`` as a route worker runs it
(:func:`dalan.web.route_work.route_answer`): the shipped baseline scenario (network as of today,
sanction rules), the places checked, the routes found, each itinerary rendered with display
rows and map features, and the answer validated and serialised to JSON bytes — for the same
pairs, K = 5 and the Pareto set, each asked again and again; then ``--new-pairs`` random pairs
asked once each (nothing kept per question helps them); wall and CPU (thread) time. Not part of
``make test``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import scipy.sparse.csgraph  # noqa: F401  # loaded, as in the server's route workers: find_routes uses scipy's Dijkstra

from dalan.costing import load_costing
from dalan.graph import compile_graph
from dalan.network.io import load_embedded_network
from dalan.options import RouteOptions
from dalan.routing import find_routes

try:  # loaded, as in the server's route workers (an older tree without it searches with scipy)
    import dalan._kernels.dijkstra  # noqa: F401
except ImportError:
    pass

PAIRS = (
    ("PL_WAW", "IR_BND"), ("RU_MOW", "IR_THR"), ("CN_XIA", "TR_IST"), ("UZ_TAS", "NL_RTM"),
    ("PK_KHI", "TR_IST"), ("KZ_ALA", "GE_POT"), ("IN_NSA", "RU_MOW"), ("AZ_BAK", "IR_ZBR"),
)  # fmt: skip


def median_ms(fn, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return 1000 * statistics.median(times)


def server_side(repeat: int, new: int) -> None:
    """Median wall and CPU ms of :func:`route_answer` (what a route worker does per request): the
    same question asked ``repeat`` times, and ``new`` random pairs asked once each."""
    from api_load import routable_pairs
    from pydantic import TypeAdapter

    from dalan.web import route_work
    from dalan.web.db import open_database
    from dalan.web.route_work import RouteRequest
    from dalan.web.scenario_store import ScenarioStore
    from dalan.web.schemas import RouteResponse

    store = ScenarioStore(open_database(f"sqlite:///{Path(tempfile.mkdtemp()) / 'dalan.sqlite3'}"))
    adapter = TypeAdapter(RouteResponse)

    def route_answer(store, request) -> bytes:
        """The answer's JSON bytes; an older tree's worker returned a dict that the server then
        validated and serialised (as here), so ``PYTHONPATH=old/src`` times the same work."""
        answer = route_work.route_answer(store, request)
        return answer if isinstance(answer, bytes) else adapter.dump_json(adapter.validate_python(answer), by_alias=True)

    def request(a: str, b: str, **extra) -> RouteRequest:
        return RouteRequest(RouteOptions.build(a, b, **extra), "baseline", ((a, "from"), (b, "to")), "en", bool(extra.get("pareto")))

    print(f"\nGET /api/route server side (route_answer: solve, itineraries, JSON), median of {repeat}")
    print(f"{'query':<28}{'wall ms':>10}{'CPU ms':>10}{'bytes':>9}")
    walls, cpus = [], []
    queries = [(f"{a} → {b}", request(a, b)) for a, b in PAIRS]
    queries += [("K = 5 PL_WAW → IR_BND", request("PL_WAW", "IR_BND", alternatives=5))]
    queries += [("Pareto PL_WAW → IR_BND", request("PL_WAW", "IR_BND", pareto=True))]
    for label, req in queries:
        size = len(route_answer(store, req))  # warm: scenario loaded, graph compiled
        runs = max(3, repeat // 4) if "Pareto" in label else repeat
        wall = median_ms(lambda r=req: route_answer(store, r), runs)
        cpu = median_ms(lambda r=req: route_answer(store, r), runs, time.thread_time)
        if "→" in label and "=" not in label and "Pareto" not in label:
            walls.append(wall)
            cpus.append(cpu)
        print(f"{label:<28}{wall:>10.2f}{cpu:>10.2f}{size:>9}")
        if label.startswith("K = 5"):
            print(f"{'median of the 8 best routes':<28}{statistics.median(walls):>10.2f}{statistics.median(cpus):>10.2f}")
    # The same question again reuses what the process keeps per question (the route on the
    # network without dates, the p50/p90 of the same legs); a new pair does not.
    new_pairs = routable_pairs(new, seed=2026)
    sizes, times = [], []
    for a, b in new_pairs:
        start = time.thread_time()
        sizes.append(len(route_answer(store, request(a, b))))
        times.append(1000 * (time.thread_time() - start))
    print(f"{f'{new} new pairs, once each':<28}{'':>10}{statistics.median(times):>10.2f}{int(statistics.median(sizes)):>9}  (median; CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--new-pairs", type=int, default=100, help="random routable pairs answered once each")
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
    server_side(args.repeat, args.new_pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
