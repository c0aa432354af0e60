"""dalan's simulation against a plain SimPy model of the same chain of stations, and wall times
of the embedded corridor.

A chain of K border stations (c servers, exponential service) joined by 1-hour road links,
with a zero-time terminal at each end, fed by Poisson arrivals: once written directly in SimPy
and once as a dalan network run through ``build_plan``/``run_replication``. Both count station
visits served per second of wall time; the ratio dalan/plain is the overhead (goal >= 0.7).
Then: one simulated year of the embedded corridor with the default demand, one replication,
and 30 replications on 2 worker processes.

    .venv/bin/python benchmarks/simulation_vs_simpy.py [--days 365] [--skip-corridor]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace

import numpy as np
import simpy

from dalan.costing import TimeCost, load_costing
from dalan.demand import Demand, DemandRow, read_demand
from dalan.network import Link, Network, Place
from dalan.network.io import load_embedded_network
from dalan.simulation import (
    build_plan,
    load_operations,
    operations_from_dict,
    run_plan,
    run_replication,
)
from dalan.simulation.plan import STATION_KINDS

STATIONS, SERVERS, SERVICE_H, TRAVEL_H, ARRIVALS_PER_H = 10, 3, 2.0, 1.0, 1.2  # load 0.8


def plain_simpy(days: float, seed: int) -> int:
    """The chain in plain SimPy; returns station visits served."""
    rng = random.Random(seed)
    env = simpy.Environment()
    ends = [simpy.Resource(env, 1), simpy.Resource(env, 1)]
    borders = [simpy.Resource(env, SERVERS) for _ in range(STATIONS)]
    served = [0]

    def visit(resource, service_h):
        request = resource.request()
        yield request
        served[0] += 1
        yield env.timeout(service_h)
        resource.release(request)

    def shipment():
        yield from visit(ends[0], 0.0)
        for border in borders:
            yield env.timeout(TRAVEL_H)
            yield from visit(border, rng.expovariate(1.0 / SERVICE_H))
        yield env.timeout(TRAVEL_H)
        yield from visit(ends[1], 0.0)

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(ARRIVALS_PER_H))
            env.process(shipment())

    env.process(arrivals())
    env.run(until=days * 24.0)
    return served[0]


def load_operations_dict() -> dict:
    import tomllib
    from importlib import resources

    return tomllib.loads(resources.files("dalan.data").joinpath("operations.toml").read_text(encoding="utf-8"))


def chain_plan():
    """The same chain as a dalan network: road borders with exponential dwell, 40 km links."""
    places = [Place("P0", "Start", "آغاز", "IR", 0.0, 0.0, ("city",))]
    places += [
        Place(f"P{i}", f"Border {i}", f"مرز {i}", "IR", 0.0, float(i), ("border_crossing",), road_border_dwell_h=SERVICE_H)
        for i in range(1, STATIONS + 1)
    ]
    places.append(Place(f"P{STATIONS + 1}", "End", "پایان", "IR", 0.0, STATIONS + 1.0, ("city",)))
    links = [Link(f"R{i}", f"P{i}", f"P{i + 1}", "road", 40.0, speed_kmh=40.0) for i in range(STATIONS + 1)]
    costing = load_costing()
    cargo = costing.cargo["container"]
    costing = replace(costing, cargo={"container": replace(cargo, handling=dict(cargo.handling) | {"load": TimeCost(0.0, 0.0)})})
    data = load_operations_dict()
    data["shipment_units"]["container"] = 1.0
    data["places"] = {f"P{i}": {"road_border": {"servers": SERVERS, "cv": 1.0, "family": "gamma"}} for i in range(1, STATIONS + 1)}
    demand = Demand((DemandRow("P0", f"P{STATIONS + 1}", "container", ARRIVALS_PER_H * 24 * 365),))
    return build_plan(Network(tuple(places), tuple(links), "chain"), costing, demand, operations_from_dict(data, "bench"), by="time")


def dalan_chain(plan, days: float, seed: int) -> int:
    rep = run_replication(plan, days, 0.0, np.random.SeedSequence(seed))
    stations = [f.index for f in plan.facilities if f.kind in STATION_KINDS]
    return round(rep.served_per_day[stations].sum() * days)


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=float, default=365.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-corridor", action="store_true")
    args = parser.parse_args()
    plan = chain_plan()
    plain_rates, dalan_rates = [], []
    for r in range(args.repeat):
        wall, visits = timed(plain_simpy, args.days, r)
        plain_rates.append(visits / wall)
        wall, visits = timed(dalan_chain, plan, args.days, r)
        dalan_rates.append(visits / wall)
    plain, ours = max(plain_rates), max(dalan_rates)
    print(f"chain of {STATIONS} stations, {args.days:g} days, best of {args.repeat}")
    print(f"  plain SimPy : {plain:12,.0f} station visits/s")
    print(f"  dalan       : {ours:12,.0f} station visits/s")
    print(f"  ratio dalan/plain = {ours / plain:.2f} (goal >= 0.7)")
    if args.skip_corridor:
        return
    network, costing = load_embedded_network(), load_costing()
    wall_plan, corridor = timed(build_plan, network, costing, read_demand(None, network), load_operations())
    print(f"embedded corridor, default demand ({len(corridor.flows)} flows, {len(corridor.facilities)} facilities); plan {wall_plan:.2f} s")
    wall, result = timed(lambda: run_plan(corridor, days=365, warmup_days=30, replications=1))
    print(f"  1 replication, 395 simulated days : {wall:6.1f} s ({result.replications[0].generated:,} shipments)")
    wall, _ = timed(lambda: run_plan(corridor, days=365, warmup_days=30, replications=30, workers=2))
    print(f"  30 replications on 2 workers      : {wall:6.1f} s")


if __name__ == "__main__":
    main()
