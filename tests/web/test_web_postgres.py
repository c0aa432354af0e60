"""The same app on PostgreSQL: migrations, scenario round trip and a job, on a throw-away cluster.

Skipped when ``initdb``/``pg_ctl`` or the psycopg driver are not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import free_port, scenario_toml

from dalan.web import create_app
from dalan.web.db import open_database

pytest.importorskip("psycopg", reason="the psycopg driver is not installed")
if not (shutil.which("initdb") and shutil.which("pg_ctl")):
    pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed", allow_module_level=True)


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the 'postgres' user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="dalan-pg-"))  # not under pytest's root-only temp dir
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    try:
        subprocess.run(_as_postgres(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres"]), check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot create a PostgreSQL cluster: {exc.stderr.decode(errors='replace')[:200]}")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres(["pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres(["pg_ctl", "-D", str(data), "-m", "immediate", "stop"]), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_app_runs_on_postgresql(postgres_url: str):
    open_database(postgres_url).dispose()  # migrating twice is harmless
    with TestClient(create_app(postgres_url)) as client:
        assert client.get("/api/health").json()["database"] == "postgresql"
        assert client.post("/api/scenarios", json={"toml": scenario_toml("pg-astara", 5.0)}).status_code == 201
        assert client.post("/api/scenarios", json={"toml": scenario_toml("pg-astara", 5.0)}).status_code == 409
        updated = client.put("/api/scenarios/pg-astara", json={"toml": scenario_toml("pg-astara", 4.0)}).json()
        assert updated["version"] == 2 and "= 4.0" in updated["toml"]
        route = client.get("/api/route", params={"from": "Moscow", "to": "Tehran", "scenario": "pg-astara"})
        assert route.status_code == 200
        params = {"a": "baseline", "b": "pg-astara", "od_pairs": [["Moscow", "Tehran"]]}
        job = client.post("/api/jobs", json={"kind": "compare", "params": params}).json()
        deadline = time.monotonic() + 30
        while (state := client.get(f"/api/jobs/{job['id']}").json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert state["status"] == "done" and state["result"]["pairs"][0]["origin"] == "RU_MOW"
        assert client.delete("/api/scenarios/pg-astara").status_code == 204


def test_migration_scripts_are_shipped_in_the_package():
    from importlib.resources import files

    versions = Path(str(files("dalan.web") / "migrations" / "versions"))
    assert any(p.name.startswith("0001") for p in versions.glob("*.py"))
