"""Load test of the web API: N concurrent clients on route and place search, cached and uncached.

Starts ``dalan serve`` on a free loopback port with a temporary SQLite database (or uses
``--url``, which must be a loopback address), warms it up, then runs each asked-for mode for
``--duration`` seconds and prints p50/p99 latency, throughput and the error count per endpoint,
as Markdown tables:

- ``cached``: routes between 8 fixed pairs (names in English and Persian), each asked once
  during the warm-up, so that every timed route request is answered from the server's kept
  answers (:mod:`dalan.web.route_cache`);
- ``uncached``: every route request is new — a random routable pair among the embedded network's
  places, a random criterion and a quantity no other request uses — so that each one is solved
  by a route worker.

``--places-share`` of the requests (default 0.5) are place searches (10 queries in both scripts,
``lang`` en or fa). A request counts as an error unless it is answered 200 with its whole body.
With a server it started, the benchmark also prints the CPU time per request of the server (all
its processes; split into the HTTP server process(es) and the fork server with the route workers
it started) and of the load generator: on a machine shared with other work the req/s depend on
that work, the CPU per request much less.

The default client is a minimal HTTP/1.1 keep-alive client on asyncio streams (one connection
per client, ``Accept-Encoding: gzip`` as browsers send, body read to its Content-Length and not
decoded), because the load generator shares the machine's cores with the server and httpx costs
about 1.3 ms of CPU per request; ``--client httpx`` uses httpx instead.

    .venv/bin/python benchmarks/api_load.py --clients 50 --duration 60
    .venv/bin/python benchmarks/api_load.py --modes cached uncached --places-share 0 --duration 30
    .venv/bin/python benchmarks/api_load.py --workers 2 --places-share 0 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import numpy as np

PAIRS = [
    ("Moscow", "Bandar Abbas"), ("رشت", "Warsaw"), ("Kyiv", "Tehran"), ("Istanbul", "Almaty"),
    ("St Petersburg", "Chabahar"), ("Baku", "Mumbai"), ("Astrakhan", "تهران"), ("Tbilisi", "Bandar Abbas"),
]  # fmt: skip
QUERIES = ["رشت", "Warsaw", "mos", "بندر", "Baku", "astara", "آستارا", "tehr", "Aktau", "سرخس"]
CRITERIA = ("time", "cost", "co2", "generalized")

Get = Callable[[str, dict], Awaitable[bool]]


def tree_cpu_s(root: int) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by process ``root`` and its live descendants
    (the server, its route workers and job processes), and the part of it in the fork server and
    the route workers it started; (0, 0) where /proc is missing."""
    proc = Path("/proc")
    if not proc.exists():
        return 0.0, 0.0
    parent: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, workers, stack = 0.0, 0.0, [(root, False)]
    while stack:
        pid, forked = stack.pop()
        try:
            forked = forked or b"multiprocessing.forkserver" in (proc / str(pid) / "cmdline").read_bytes()
        except OSError:
            pass
        total += used.get(pid, 0.0)
        workers += used.get(pid, 0.0) if forked else 0.0
        stack.extend((child, forked) for child, ppid in parent.items() if ppid == pid)
    return total, workers


def routable_pairs(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` random ordered pairs of the embedded network's places that have a route today."""
    from dalan.errors import DalanError
    from dalan.network.io import load_embedded_network
    from dalan.routing import route

    network = load_embedded_network()
    ids = sorted(place.id for place in network.places)
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count:
        a, b = rng.sample(ids, 2)
        try:
            route(network, a, b)
        except DalanError:
            continue
        pairs.append((a, b))
    return pairs


class RawClient:
    """One keep-alive HTTP/1.1 connection: GET, read the status and the Content-Length body."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, params: dict) -> bool:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        target = f"{path}?{urlencode(params, doseq=True)}"
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept-Encoding: gzip\r\n\r\n".encode())
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            status = int(lines[0].split()[1])
            length = next((int(line.split(b":", 1)[1]) for line in lines if line.lower().startswith(b"content-length:")), None)
            if length is None:  # chunked or close-delimited: not what the server sends
                raise ConnectionError("no Content-Length")
            await self.reader.readexactly(length)
        except (OSError, ValueError, asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            return False
        return status == 200

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def _client(
    get: Get, mode: str, stop_at: float, rng: random.Random, counter: list[int], places_share: float,
    pairs: list[tuple[str, str]], samples: dict[str, list[float]], errors: dict[str, int],
) -> None:  # fmt: skip
    while time.monotonic() < stop_at:
        if rng.random() >= places_share:
            name, path = "route", "/api/route"
            if mode == "cached":
                origin, destination = rng.choice(PAIRS)
                params = {"from": origin, "to": destination}
            else:
                origin, destination = rng.choice(pairs)
                counter[0] += 1  # a quantity no other request uses: a new question each time
                params = {"from": origin, "to": destination, "by": rng.choice(CRITERIA), "quantity": f"{1 + counter[0] / 1e6:.6f}"}
        else:
            name, path, params = "places", "/api/places", {"q": rng.choice(QUERIES), "lang": rng.choice(["en", "fa"])}
        start = time.perf_counter()
        ok = await get(path, params)
        samples[name].append(time.perf_counter() - start)
        errors[name] += not ok


async def _run(
    base: str, client_kind: str, clients: int, duration: float, mode: str, places_share: float,
    pairs: list[tuple[str, str]],
) -> tuple[dict[str, list[float]], dict[str, int], float]:  # fmt: skip
    samples: dict[str, list[float]] = {"route": [], "places": []}
    errors = {"route": 0, "places": 0}
    counter = [0]
    parts = urlsplit(base)
    if client_kind == "raw":
        raw = [RawClient(parts.hostname or "127.0.0.1", parts.port or 80) for _ in range(clients)]
        gets: list[Get] = [c.get for c in raw]
    else:
        pool = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(clients)]

        def httpx_get(client: httpx.AsyncClient) -> Get:
            async def get(path: str, params: dict) -> bool:
                try:
                    return (await client.get(path, params=params)).status_code == 200
                except httpx.HTTPError:
                    return False

            return get

        gets = [httpx_get(c) for c in pool]
    start = time.monotonic()
    await asyncio.gather(
        *(
            _client(get, mode, start + duration, random.Random(k), counter, places_share, pairs, samples, errors)
            for k, get in enumerate(gets)
        )
    )
    elapsed = time.monotonic() - start
    if client_kind == "raw":
        for c in raw:
            await c.close()
    else:
        for c in pool:
            await c.aclose()
    return samples, errors, elapsed


def _warm_up(base: str, workers: int) -> None:
    """Start the route workers and ask each cached pair (routes, then answers, kept), on fresh
    connections so that every server process gets them."""
    for _ in range(4 * workers):
        with httpx.Client(base_url=base, timeout=120) as client:
            for origin, destination in PAIRS:
                client.get("/api/route", params={"from": origin, "to": destination}).raise_for_status()
            for query in QUERIES:
                client.get("/api/places", params={"q": query}).raise_for_status()


def _machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return f"{model}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}{load}"


def _table(mode: str, samples: dict[str, list[float]], errors: dict[str, int], elapsed: float) -> None:
    print(f"\n{mode}, {elapsed:.1f} s")
    print("| endpoint | requests | req/s | p50 ms | p99 ms | max ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    every = [x for values in samples.values() for x in values]
    for name, values in (*samples.items(), ("all", every)):
        if not values:
            continue
        ms = np.array(values) * 1000
        errs = sum(errors.values()) if name == "all" else errors[name]
        print(
            f"| {name} | {len(values)} | {len(values) / elapsed:.1f} | {np.percentile(ms, 50):.0f} "
            f"| {np.percentile(ms, 99):.0f} | {ms.max():.0f} | {errs} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per mode")
    parser.add_argument("--modes", nargs="+", choices=["cached", "uncached"], default=["cached", "uncached"])
    parser.add_argument("--places-share", type=float, default=0.5, help="share of place searches (0–1)")
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    parser.add_argument("--workers", type=int, default=1, help="server processes (1: dalan serve; more: uvicorn --workers)")
    parser.add_argument("--pairs", type=int, default=200, help="routable random pairs of the uncached mode")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--url", help="a running server on a loopback address (default: start one)")
    args = parser.parse_args()
    pairs = routable_pairs(args.pairs, args.seed) if "uncached" in args.modes else []
    server = None
    if args.url:
        host = urlsplit(args.url).hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise SystemExit("load tests run against loopback addresses only")
        base = args.url.rstrip("/")
    else:
        # imported here, not at the top: route_core.py imports this file, also with older trees
        from dalan.web.local_server import free_port, start_server

        folder = tempfile.mkdtemp(prefix="dalan-load-")
        port = free_port()
        server = start_server(f"sqlite:///{Path(folder) / 'dalan.sqlite3'}", port, workers=args.workers, log=Path(folder) / "server.log", timeout_s=60)
        base = f"http://127.0.0.1:{port}"
    results = []
    try:
        _warm_up(base, args.workers)
        for mode in args.modes:
            server_cpu, client_cpu = tree_cpu_s(server.pid) if server else (0.0, 0.0), time.process_time()
            run = asyncio.run(_run(base, args.client, args.clients, args.duration, mode, args.places_share, pairs))
            after = tree_cpu_s(server.pid) if server else (0.0, 0.0)
            cpu = (after[0] - server_cpu[0], after[1] - server_cpu[1], time.process_time() - client_cpu)
            results.append((mode, *run, cpu))
    finally:
        if server is not None:
            from dalan.web.local_server import stop_server

            stop_server(server, timeout_s=30)
    print(f"machine: {_machine()}")
    print(f"command: python benchmarks/api_load.py {' '.join(sys.argv[1:])}")
    server_kind = "dalan serve" if args.workers == 1 else f"uvicorn --workers {args.workers}"
    print(f"{args.clients} clients ({args.client}), {server_kind}, place searches {args.places_share:.0%} of requests")
    for mode, samples, errors, elapsed, (server_cpu, workers_cpu, client_cpu) in results:
        _table(mode, samples, errors, elapsed)
        count = sum(len(values) for values in samples.values())
        if server is not None and count:
            print(
                f"CPU per request: server {1000 * server_cpu / count:.2f} ms (all its processes: "
                f"{1000 * (server_cpu - workers_cpu) / count:.2f} HTTP server, {1000 * workers_cpu / count:.2f} "
                f"route workers), load generator {1000 * client_cpu / count:.2f} ms"
            )


if __name__ == "__main__":
    main()
