"""A server killed (SIGKILL) in the middle of a stream of writes loses no acknowledged write."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx
from web_support import LIVE, free_port, scenario_toml, start_server, stop_server

WRITERS = 4


def _write_until_refused(base: str, writer: int, acknowledged: list[str], stop: threading.Event) -> None:
    with httpx.Client(base_url=base, timeout=5) as client:
        for i in range(10_000):
            name = f"crash-{writer}-{i}"
            try:
                response = client.post("/api/scenarios", json={"toml": scenario_toml(name, 1.0 + i % 20)})
            except httpx.HTTPError:
                return  # the server is gone
            if response.status_code == 201:
                acknowledged.append(name)
            if stop.is_set():
                return


def test_sigkill_during_writes_keeps_every_acknowledged_write(tmp_path: Path):
    db_file = tmp_path / "dalan.sqlite3"
    url = f"sqlite:///{db_file}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(url, port)
    slow = {"kind": "simulate", "params": {"days": 3650, "replications": 1000}}
    job = LIVE.post(f"{base}/api/jobs", json=slow).json()  # running when the server dies
    deadline = time.monotonic() + 30
    while LIVE.get(f"{base}/api/jobs/{job['id']}").json()["status"] != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    acknowledged: list[str] = []
    stop = threading.Event()
    writers = [
        threading.Thread(target=_write_until_refused, args=(base, k, acknowledged, stop)) for k in range(WRITERS)
    ]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()  # SIGKILL while the writers are still sending
    server.wait()
    stop.set()
    for thread in writers:
        thread.join(timeout=10)
    assert len(acknowledged) >= 40

    with sqlite3.connect(db_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in connection.execute("SELECT name FROM scenarios")}
    assert set(acknowledged) <= stored

    server = start_server(url, port)  # the restarted server sees every write and the cut-off job
    try:
        listed = {s["name"] for s in LIVE.get(f"{base}/api/scenarios").json()["scenarios"]}
        assert set(acknowledged) <= listed
        # the worker process died with its server: the heartbeat goes stale, the job is given up
        deadline = time.monotonic() + 60
        while (cut_off := LIVE.get(f"{base}/api/jobs/{job['id']}").json())["status"] == "running":
            assert time.monotonic() < deadline, cut_off
            time.sleep(0.2)
        assert cut_off["status"] == "failed" and "interrupted" in cut_off["error"]["error"]
    finally:
        stop_server(server)
