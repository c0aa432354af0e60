"""Per-request time limits that stop the work: a route over its limit kills its worker process."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import pytest
import slow_route
from fastapi.testclient import TestClient
from web_support import LOCAL

from dalan.web import create_app, route_work
from dalan.web.errors import ApiError
from dalan.web.request_pool import RequestPool

T = TypeVar("T")


def run_in_new_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own (the browser tests' Playwright leaves a loop running
    in the main thread)."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


def gone(pid: int, within_s: float = 10.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_route_over_its_time_limit_is_stopped_and_answered_503(db_url, tmp_path, monkeypatch):
    marker = tmp_path / "spin.pid"
    monkeypatch.setattr(route_work, "kept_answer", partial(slow_route.spin, str(marker)))
    with TestClient(create_app(db_url, request_timeout_s=2.0, route_workers=1), base_url=LOCAL) as client:
        # a worker started and idle first: the limit is the route's, not a cold worker's start (its
        # imports can take longer than 2 s on a loaded machine, before the route begins)
        run_in_new_loop(client.app.state.dalan.routes.run_async(slow_route.frozen_objects, timeout_s=120.0))
        started = time.monotonic()
        response = client.get("/api/route", params={"from": "Baku", "to": "Moscow", "alternatives": 5})
        assert time.monotonic() - started < 8
        body = response.json()
        assert response.status_code == 503, body
        assert "longer than 2 s and was stopped" in body["error"] and "۲ ثانیه" in body["error_fa"] and body["hint"]
        pid = int(marker.read_text())
        assert gone(pid), "the worker that ran over its limit is still running"
        # a fresh worker answers the next request (the pool is not left short of a worker)
        monkeypatch.undo()
        again = client.get("/api/route", params={"from": "Baku", "to": "Moscow"})
        assert again.status_code == 200, again.text
        assert pid not in client.app.state.dalan.routes.pids()


def test_a_route_error_in_the_worker_is_a_clear_4xx(client):
    unknown = client.get("/api/route", params={"from": "Bakuu-nowhere", "to": "Moscow"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "from"
    ok = client.get("/api/route", params={"from": "Baku", "to": "Moscow"})
    assert ok.status_code == 200 and ok.json()["routes"]


def test_busy_pool_answers_503_busy(db_url, tmp_path):
    pool = RequestPool(db_url, size=1, memory_mb=None)
    try:
        marker = tmp_path / "spin.pid"
        results: list[object] = []

        def slow() -> None:
            try:
                run_in_new_loop(pool.run_async(partial(slow_route.spin, str(marker)), None, timeout_s=3.0))
            except ApiError as exc:  # the 503 of the time limit
                results.append(exc)

        thread = threading.Thread(target=slow)
        thread.start()
        while not marker.exists():
            time.sleep(0.05)
        with pytest.raises(ApiError) as busy:
            run_in_new_loop(pool.run_async(partial(slow_route.spin, str(marker)), None, timeout_s=0.5))
        assert busy.value.status == 503 and "busy" in busy.value.message and busy.value.message_fa
        thread.join(10)
        assert isinstance(results[0], ApiError) and "stopped" in results[0].message
        assert gone(int(marker.read_text()))
    finally:
        pool.close()


def test_requests_wait_their_turn_and_a_route_worker_freezes_what_its_first_answer_loaded(db_url):
    pool = RequestPool(db_url, size=1, memory_mb=None)

    async def together() -> list[int]:  # six at once on one worker: each awaits the one before
        return await asyncio.gather(*(pool.run_async(slow_route.frozen_objects, timeout_s=30.0) for _ in range(6)))

    try:
        first, *later = run_in_new_loop(together())
        assert first == 0 and all(count > 0 for count in later) and len(pool.pids()) == 1
    finally:
        pool.close()
