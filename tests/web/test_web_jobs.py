"""Jobs in worker processes: queue position, cancel, wall-time and memory limits, heartbeat."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from fastapi.testclient import TestClient
from web_support import LOCAL

from dalan.web import create_app
from dalan.web.db import jobs, open_database

#: Hours of work for one worker: inside the documented limits.
SLOW = {"kind": "simulate", "params": {"scenario": "baseline", "days": 3650, "warmup_days": 30, "replications": 1000}}


def wait_for(client: TestClient, job_id: str, statuses: tuple[str, ...], timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not {statuses} within {timeout} s: {job}")


def worker_pids(client: TestClient) -> set[int]:
    return {worker.process.pid for worker in client.app.state.dalan.jobs._workers.values()}


def test_queue_position_and_cancel_of_queued_and_running_jobs(db_url):
    with TestClient(create_app(db_url, job_workers=1), base_url=LOCAL) as client:
        running = client.post("/api/jobs", json=SLOW).json()
        queued = [client.post("/api/jobs", json=SLOW).json() for _ in range(3)]
        wait_for(client, running["id"], ("running",))
        positions = [client.get(f"/api/jobs/{job['id']}").json()["queue_position"] for job in queued]
        assert positions == [1, 2, 3]
        assert client.get(f"/api/jobs/{running['id']}").json()["queue_position"] is None

        dropped = client.delete(f"/api/jobs/{queued[0]['id']}")
        assert dropped.status_code == 200 and dropped.json()["status"] == "cancelled"
        assert [client.get(f"/api/jobs/{job['id']}").json()["queue_position"] for job in queued[1:]] == [1, 2]

        deadline = time.monotonic() + 30
        while not (pids := worker_pids(client)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(pids) == 1
        (pid,) = pids
        stopped = client.delete(f"/api/jobs/{running['id']}")
        assert stopped.status_code == 200 and stopped.json()["status"] == "cancelled"
        with pytest.raises(ProcessLookupError):  # the worker process was really stopped
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
        # the freed worker takes the next queued job
        assert wait_for(client, queued[1]["id"], ("running",))["queue_position"] is None
        assert client.get(f"/api/jobs/{queued[2]['id']}").json()["queue_position"] == 1
        for job in queued[1:]:
            client.delete(f"/api/jobs/{job['id']}")
        finished = client.delete(f"/api/jobs/{queued[0]['id']}")
        assert finished.status_code in (200, 409)
        assert client.delete("/api/jobs/nope").status_code == 404
        listed = client.get("/api/jobs").json()["jobs"]
        assert {job["status"] for job in listed} == {"cancelled"}


def test_two_workers_run_two_jobs_at_once(db_url):
    with TestClient(create_app(db_url, job_workers=2), base_url=LOCAL) as client:
        ids = [client.post("/api/jobs", json=SLOW).json()["id"] for _ in range(2)]
        for job_id in ids:
            wait_for(client, job_id, ("running",))
        for job_id in ids:
            assert client.delete(f"/api/jobs/{job_id}").json()["status"] == "cancelled"


def test_a_job_over_its_wall_time_is_stopped(db_url):
    with TestClient(create_app(db_url, job_timeout_s=1.0), base_url=LOCAL) as client:
        job = client.post("/api/jobs", json=SLOW).json()
        failed = wait_for(client, job["id"], ("failed", "done"), timeout=30)
        assert not worker_pids(client)
    assert failed["status"] == "failed" and "longer than its limit of 1 s" in failed["error"]["error"]


def test_a_job_over_its_memory_limit_fails_cleanly(db_url):
    with TestClient(create_app(db_url, job_memory_mb=64), base_url=LOCAL) as client:
        job = client.post("/api/jobs", json=SLOW).json()
        failed = wait_for(client, job["id"], ("failed", "done"), timeout=30)
    assert failed["status"] == "failed", failed
    assert "64 MB" in failed["error"]["error"] or "died" in failed["error"]["error"]


def test_comparing_a_scenario_with_itself_works(client):
    pairs = [["Moscow", "Tehran"], ["Warsaw", "Bandar Abbas"]]
    job = client.post("/api/jobs", json={"kind": "compare", "params": {"a": "baseline", "b": "baseline", "od_pairs": pairs}}).json()
    done = wait_for(client, job["id"], ("done", "failed"))
    assert done["status"] == "done", done["error"]
    assert all(row["delta_days"] == 0 and not row["route_changed"] for row in done["result"]["pairs"])


def _insert(engine, job_id: str, heartbeat: dt.datetime | None) -> None:
    with engine.begin() as connection:
        connection.execute(
            jobs.insert().values(
                id=job_id, kind="compare", params={}, status="running", progress=0.5, created_at=dt.datetime.now(dt.UTC),
                heartbeat_at=heartbeat, worker="elsewhere:1",
            )
        )  # fmt: skip


def test_a_start_interrupts_only_jobs_whose_heartbeat_is_stale(db_url):
    """A second server (or a restart) leaves alone a job another live server is running."""
    engine = open_database(db_url)
    now = dt.datetime.now(dt.UTC)
    _insert(engine, "alive", now)
    _insert(engine, "dead", now - dt.timedelta(minutes=5))
    _insert(engine, "never", None)
    engine.dispose()
    with TestClient(create_app(db_url), base_url=LOCAL) as client:
        assert client.get("/api/jobs/alive").json()["status"] == "running"
        for job_id in ("dead", "never"):
            job = client.get(f"/api/jobs/{job_id}").json()
            assert job["status"] == "failed" and "interrupted" in job["error"]["error"]


def test_queued_jobs_survive_a_restart(db_url):
    engine = open_database(db_url)
    with engine.begin() as connection:
        connection.execute(
            jobs.insert().values(
                id="waiting", kind="compare", params={"a": "baseline", "b": "rasht-astara", "od_pairs": [["Moscow", "Tehran"]]},
                status="queued", progress=0.0, created_at=dt.datetime.now(dt.UTC),
            )
        )  # fmt: skip
    engine.dispose()
    with TestClient(create_app(db_url), base_url=LOCAL) as client:
        assert wait_for(client, "waiting", ("done", "failed"))["status"] == "done"
