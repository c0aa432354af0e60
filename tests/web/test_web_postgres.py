"""The same app on PostgreSQL: migrations, scenario round trip (with a form edit, the version
history and a revert) and a job, on a throw-away cluster.

``make test`` starts the cluster (scripts/pg_test_cluster.sh) and passes its URL in
``DALAN_TEST_POSTGRES_URL``; without it this module starts its own cluster with ``initdb`` and
``pg_ctl`` (on PATH or in Debian's /usr/lib/postgresql/<version>/bin). Skipped, with the reason,
only when the psycopg driver is missing or no server can be started.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import LOCAL, free_port, scenario_toml

from dalan.web import create_app
from dalan.web.db import open_database

pytest.importorskip("psycopg", reason="the psycopg driver is not installed (pip install 'psycopg[binary]')")

URL_VARIABLE = "DALAN_TEST_POSTGRES_URL"


def _pg_bin(name: str) -> str | None:
    """``name`` on PATH, else in the newest of Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    return max(candidates, key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()], default=None)


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the 'postgres' user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if os.environ.get(URL_VARIABLE):
        yield os.environ[URL_VARIABLE]
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip(f"no PostgreSQL server: {URL_VARIABLE} is not set and initdb/pg_ctl are not installed "
                    "(`make test` installs Debian's postgresql package and starts one)")
    folder = Path(tempfile.mkdtemp(prefix="dalan-pg-"))  # not under pytest's root-only temp dir
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    try:
        subprocess.run(_as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "postgres"]), check=True, capture_output=True)
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]), check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        detail = exc.stderr.decode(errors="replace")[:200] if isinstance(exc, subprocess.CalledProcessError) else str(exc)
        pytest.skip(f"no PostgreSQL server: cannot start a throw-away cluster: {detail}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_app_runs_on_postgresql(postgres_url: str):
    open_database(postgres_url).dispose()  # migrating twice is harmless
    with TestClient(create_app(postgres_url), base_url=LOCAL) as client:
        assert client.get("/api/health").json()["database"] == "postgresql"
        assert client.post("/api/scenarios", json={"toml": scenario_toml("pg-astara", 5.0)}).status_code == 201
        assert client.post("/api/scenarios", json={"toml": scenario_toml("pg-astara", 5.0)}).status_code == 409
        updated = client.put(
            "/api/scenarios/pg-astara", json={"toml": scenario_toml("pg-astara", 4.0)}, headers={"If-Match": '"1"'}
        ).json()
        assert updated["version"] == 2 and "= 4.0" in updated["toml"]
        edit = {"target": "place", "id": "IR_AST", "values": {"border_fee_usd": "40"}}
        assert client.post("/api/scenarios/pg-astara/edits", json=edit, headers={"If-Match": '"2"'}).json()["version"] == 3
        assert [v["version"] for v in client.get("/api/scenarios/pg-astara/history").json()["versions"]] == [3, 2, 1]
        reverted = client.post("/api/scenarios/pg-astara/revert", json={"version": 2}, headers={"If-Match": '"3"'}).json()
        assert reverted["version"] == 4 and reverted["toml"] == updated["toml"]
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
