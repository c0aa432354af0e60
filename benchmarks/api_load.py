"""Load test of the web API: N concurrent clients (httpx, async) on route and place search.

Starts ``dalan serve`` on a free loopback port with a temporary SQLite database (or uses
``--url``, which must be a loopback address), runs for ``--duration`` seconds and prints
p50/p99 latency, throughput and the error count per endpoint, as a Markdown table.

    .venv/bin/python benchmarks/api_load.py --clients 50 --duration 60
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import numpy as np

PAIRS = [
    ("Moscow", "Bandar Abbas"), ("رشت", "Warsaw"), ("Kyiv", "Tehran"), ("Istanbul", "Almaty"),
    ("St Petersburg", "Chabahar"), ("Baku", "Mumbai"), ("Astrakhan", "تهران"), ("Tbilisi", "Bandar Abbas"),
]  # fmt: skip
QUERIES = ["رشت", "Warsaw", "mos", "بندر", "Baku", "astara", "آستارا", "tehr", "Aktau", "سرخس"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(port: int, db: Path) -> subprocess.Popen:
    code = "import typer; from dalan.cli.serve_cmd import serve_command; typer.run(serve_command)"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "--port", str(port), "--db", f"sqlite:///{db}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


async def _client(base: str, stop_at: float, seed: int, samples: dict[str, list[float]], errors: dict[str, int]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < stop_at:
            if rng.random() < 0.5:
                origin, destination = rng.choice(PAIRS)
                name, path, params = "route", "/api/route", {"from": origin, "to": destination}
            else:
                name, path, params = "places", "/api/places", {"q": rng.choice(QUERIES), "lang": rng.choice(["en", "fa"])}
            start = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            samples[name].append(time.perf_counter() - start)
            errors[name] += not ok


async def _run(base: str, clients: int, duration: float) -> tuple[dict[str, list[float]], dict[str, int], float]:
    samples: dict[str, list[float]] = {"route": [], "places": []}
    errors = {"route": 0, "places": 0}
    start = time.monotonic()
    await asyncio.gather(*(_client(base, start + duration, k, samples, errors) for k in range(clients)))
    return samples, errors, time.monotonic() - start


def _machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    return f"{model}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--url", help="a running server on a loopback address (default: start one)")
    args = parser.parse_args()
    server = None
    if args.url:
        host = urlsplit(args.url).hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise SystemExit("load tests run against loopback addresses only")
        base = args.url.rstrip("/")
    else:
        folder = tempfile.mkdtemp(prefix="dalan-load-")
        port = _free_port()
        server = _start_server(port, Path(folder) / "dalan.sqlite3")
        base = f"http://127.0.0.1:{port}"
    try:
        samples, errors, elapsed = asyncio.run(_run(base, args.clients, args.duration))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(f"machine: {_machine()}")
    print(f"command: python benchmarks/api_load.py --clients {args.clients} --duration {args.duration:g}")
    print(f"{args.clients} clients, {elapsed:.1f} s\n")
    print("| endpoint | requests | req/s | p50 ms | p99 ms | max ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    every = [x for values in samples.values() for x in values]
    for name, values in (*samples.items(), ("all", every)):
        ms = np.array(values) * 1000
        count = len(values)
        errs = sum(errors.values()) if name == "all" else errors[name]
        print(
            f"| {name} | {count} | {count / elapsed:.1f} | {np.percentile(ms, 50):.0f} | {np.percentile(ms, 99):.0f} "
            f"| {ms.max():.0f} | {errs} |"
        )


if __name__ == "__main__":
    main()
