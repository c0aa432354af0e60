"""Compare at scale: 10,000 origin–destination pairs × 3 alternatives, batched against per pair.

    python benchmarks/compare_scale.py [--pairs 10000] [--sample 200] [--seed 14]
                                       [--scheduler tcp://HOST:8786 | --local-cluster N]

Random ordered pairs of the embedded network's places (fixed seed), K = 3 by generalised cost,
with today's network and the sanction rules binding each pair, as ``dalan compare`` routes them.
Times, in one process on one core:

* ``batched``: :func:`dalan.routing.batch.routes_for_pairs` for every pair on one scenario's
  graph (one tree per destination, Yen's spurs by A* on it);
* ``compare``: the whole :func:`dalan.scenarios.compare` of baseline against rasht-astara (both
  scenarios routed, then the per-pair table and the corridor shares);
* ``per pair (now)``: ``k_best_routes`` for each pair of a sample (the per-pair solver, itinerary
  included, with the new K-best kernel), extrapolated to all pairs;
* ``per pair (before)``: the same with the previous K-best search (plain Yen, a scipy Dijkstra
  per spur, asked for 2K + 2 paths as find_routes did; its filtering afterwards costs nothing),
  extrapolated.

* ``compare on the cluster``: the same ``compare`` with ``scheduler=`` a Dask scheduler
  (``--scheduler ADDRESS``, or ``--local-cluster N``: N single-threaded worker processes started
  here), its tables checked equal to the local run's. The CPU time is this process's only.

The sample's routes are checked equal (batched against per pair now), the best routes compared
with the previous search's, and the ratios printed. ``--sample 0`` skips the per-pair rows.
Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from dalan.errors import InputError, NoRouteError
from dalan.graph import compile_graph
from dalan.network.history import load_history, network_as_of, today
from dalan.network.rules import barred_items, load_rules
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions
from dalan.routing import constrained
from dalan.routing.alternatives import yen_reference
from dalan.routing.api import k_best_routes
from dalan.routing.batch import routes_for_pairs
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import compare

K = 3


def per_pair(network, graph, pairs, banned) -> list:
    """k_best_routes for each pair alone: the routes' edges (None: no route)."""
    out = []
    for (o, d), avoid in zip(pairs, banned, strict=True):
        try:
            routes = k_best_routes(network, o, d, K, by="generalized", graph=graph, avoid=avoid)
            out.append([list(r.edges) for r in routes])
        except (NoRouteError, InputError):
            out.append(None)
    return out


def timed(fn: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """(wall s, CPU s of this process) and the result: other processes on the machine lengthen
    the wall time, not the CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument("--scheduler", help="also run compare on the Dask cluster of this scheduler")
    cluster.add_argument("--local-cluster", type=int, metavar="N", help="also run compare on N local Dask worker processes")
    args = parser.parse_args(argv)
    a, b = load_scenario("baseline"), load_scenario("rasht-astara")
    on = today()
    network = network_as_of(a.network, load_history(), on)[0]
    graph = compile_graph(network, a.costing, "container")
    rng = random.Random(args.seed)
    ids = [p.id for p in network.places]
    pairs = [tuple(rng.sample(ids, 2)) for _ in range(args.pairs)]
    index, rules = PlaceIndex.of(network), (*load_rules(), *a.rules)
    banned = [barred_items(network, rules, index.find(o), index.find(d), on) for o, d in pairs]
    options = RouteOptions.build("origin", "destination", by="generalized", alternatives=K)
    routes_for_pairs(network, graph, options, pairs[:20], banned[:20])  # load the compiled kernels
    print(f"embedded network: {len(ids)} places; virtual graph {graph.num_nodes} nodes, {graph.num_edges} edges")
    print(f"{args.pairs:,} random pairs (seed {args.seed}), K = {K} by generalised cost, {sum(map(bool, banned)):,} with sanction rules")

    batched_s, batched = timed(lambda: routes_for_pairs(network, graph, options, pairs, banned))
    compare_s, here = timed(lambda: tables(compare(a, b, pairs, alternatives=K)))
    rows = [("batched (one scenario)", batched_s), ("compare (two scenarios)", compare_s)]
    if args.scheduler or args.local_cluster:
        with local_cluster(args.local_cluster) as address:
            scheduler = args.scheduler or address
            compare(a, b, pairs[:20], alternatives=K, scheduler=scheduler)  # the workers import dalan, load the kernels
            start = worker_cpu(scheduler)
            cluster_s, there = timed(lambda: tables(compare(a, b, pairs, alternatives=K, scheduler=scheduler)))
            spent = {w: cpu - start[w] for w, cpu in worker_cpu(scheduler).items()}
        assert all(x.equals(y) for x, y in zip(here, there, strict=True)), "the cluster's comparison differs from the local one"
        rows.append((f"compare on the cluster ({len(spent)} workers)", cluster_s))
        print(f"compare on the cluster ({scheduler}, {len(spent)} worker(s)): the same tables as the local run; "
              f"CPU s per worker process: {', '.join(f'{cpu:.2f}' for cpu in spent.values())}")
    if args.sample:
        rows += per_pair_rows(args, network, graph, pairs, banned, batched)
    print(f"{'':<36}{'wall s':>9}{'CPU s':>9}{'CPU ms/pair':>13}{'CPU × batched':>15}")
    for label, (wall, cpu) in rows:
        print(f"{label:<36}{wall:>9.2f}{cpu:>9.2f}{1000 * cpu / args.pairs:>13.3f}{cpu / batched_s[1]:>15.1f}")
    if args.sample:
        before_cpu = rows[-1][1][1]
        print(f"compare before (two scenarios, per pair): ~{2 * before_cpu:,.0f} CPU s, {2 * before_cpu / compare_s[1]:,.0f} × now")
    return 0


def tables(comparison) -> tuple:
    """What ``dalan compare`` prints: the per-pair table and the corridor shares."""
    return comparison.to_frame(), comparison.shares_frame()


@contextmanager
def local_cluster(workers: int | None) -> Iterator[str | None]:
    """The address of a local Dask cluster of ``workers`` single-threaded processes (None: none)."""
    if not workers:
        yield None
        return
    import distributed

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def worker_cpu(address: str) -> dict[str, float]:
    """CPU seconds (user + system) each worker process has used so far."""
    import distributed

    with distributed.Client(address) as client:
        return client.run(time.process_time)


def per_pair_rows(args, network, graph, pairs, banned, batched) -> list:
    """The sample routed one pair at a time, now and with the previous K-best search, extrapolated."""
    sample = slice(0, args.sample)
    now_s, now = timed(lambda: per_pair(network, graph, pairs[sample], banned[sample]))
    kernel = constrained.k_best_edges
    constrained.k_best_edges = lambda q, w, k, **_: yen_reference(q, w, 2 * k + 2)[:k]  # type: ignore[assignment]
    try:
        before_s, before = timed(lambda: per_pair(network, graph, pairs[sample], banned[sample]))
    finally:
        constrained.k_best_edges = kernel
    assert batched[sample] == now, "batched and per-pair routes differ"  # type: ignore[index]
    weights = graph.weights("generalized")
    pairs_now = list(zip(now, before, strict=True))  # type: ignore[call-overload]
    same_best = sum(x == y or (x is not None and y is not None and x[0] == y[0]) for x, y in pairs_now)
    same_cost = sum(x == y or (x is not None and y is not None and abs(weights[x[0]].sum() - weights[y[0]].sum()) < 1e-9) for x, y in pairs_now)
    scale = args.pairs / args.sample
    print(f"sample: batched = per pair (now) on all {args.sample}; best route as before: the same edges on {same_best}, the same cost on {same_cost}")
    return [
        (f"per pair now (one), {args.sample} × {scale:g}", (now_s[0] * scale, now_s[1] * scale)),
        (f"per pair before (one), {args.sample} × {scale:g}", (before_s[0] * scale, before_s[1] * scale)),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
