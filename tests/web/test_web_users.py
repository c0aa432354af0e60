"""Users with their own API keys; scenario ownership and read-only sharing; jobs by owner."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import LOCAL, scenario_toml

from dalan.cli.app import app as cli
from dalan.web import create_app
from dalan.web.db import open_database, users
from dalan.web.users import KEY_PREFIX, add_user, authenticate, revoke_user, user_of_key

SLOW = {"kind": "simulate", "params": {"scenario": "baseline", "days": 3650, "warmup_days": 30, "replications": 1000}}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def keys(db_url: str) -> dict[str, str]:
    engine = open_database(db_url)
    try:
        return {name: add_user(engine, name) for name in ("alice", "bob")}
    finally:
        engine.dispose()


@pytest.fixture
def server(db_url: str, keys: dict[str, str]):
    with TestClient(create_app(db_url, token="admin-token"), base_url=LOCAL) as client:
        yield client


# --- the CLI and the stored hashes -----------------------------------------------------------------


def test_users_cli_adds_lists_and_revokes(db_url):
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "carol", "--db", db_url])
    assert added.exit_code == 0, added.output
    key = added.stdout.strip().splitlines()[-1]
    assert key.startswith(KEY_PREFIX) and len(key) >= len(KEY_PREFIX) + 43
    again = runner.invoke(cli, ["users", "add", "carol", "--db", db_url, "--lang", "fa"])
    assert again.exit_code == 2 and "وجود دارد" in again.output and "Traceback" not in again.output
    bad = runner.invoke(cli, ["users", "add", "Carol Smith", "--db", db_url])
    assert bad.exit_code == 2 and "invalid user name" in bad.output
    listed = runner.invoke(cli, ["users", "list", "--db", db_url])
    assert "carol" in listed.output and "active" in listed.output and key not in listed.output
    engine = open_database(db_url)
    try:
        row = engine.connect().execute(sa.select(users)).one()
        assert row.key_sha256 == hashlib.sha256(key.encode()).hexdigest()  # only the hash is stored
        assert key not in str(tuple(row))
        assert user_of_key(engine, key) == "carol"
        assert runner.invoke(cli, ["users", "revoke", "carol", "--db", db_url]).exit_code == 0
        assert user_of_key(engine, key) is None
        assert runner.invoke(cli, ["users", "revoke", "nobody", "--db", db_url]).exit_code == 2
        renewed = runner.invoke(cli, ["users", "add", "carol", "--db", db_url])  # a revoked user gets a new key
        new_key = renewed.stdout.strip().splitlines()[-1]
        assert new_key != key and user_of_key(engine, new_key) == "carol" and user_of_key(engine, key) is None
    finally:
        engine.dispose()


def test_keys_are_distinct_and_wrong_keys_fail(db_url, keys):
    engine = open_database(db_url)
    try:
        assert keys["alice"] != keys["bob"]
        assert authenticate(engine, None, keys["alice"]).name == "alice"
        assert authenticate(engine, None, keys["alice"][:-1] + "x") is None
        assert authenticate(engine, None, None) is None  # users exist: anonymous callers are refused
        assert authenticate(engine, "t", "t").admin
        revoke_user(engine, "alice")
        assert authenticate(engine, None, keys["alice"]) is None
    finally:
        engine.dispose()


# --- requests ------------------------------------------------------------------------------------


def test_with_users_every_api_request_needs_a_key(db_url, keys):
    with TestClient(create_app(db_url), base_url=LOCAL) as client:  # users but no server token
        refused = client.get("/api/scenarios")
        body = refused.json()
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert body["field"] == "authorization" and "API key" in body["error"] and "کلید" in body["error_fa"]
        wrong = client.get("/api/scenarios", headers=bearer(KEY_PREFIX + "x" * 43))
        assert wrong.status_code == 401 and "revoked" in wrong.json()["error"] and wrong.json()["hint_fa"]
        assert client.get("/api/scenarios", headers=bearer(keys["alice"])).status_code == 200
        assert client.get("/api/health").status_code == 200
        assert '"needsToken":true' in client.get("/").text.replace(" ", "")


def test_owner_edits_others_read_shared_only(server, keys):
    alice, bob, admin = bearer(keys["alice"]), bearer(keys["bob"]), bearer("admin-token")
    private = server.post("/api/scenarios", json={"toml": scenario_toml("alice-private")}, headers=alice)
    assert private.status_code == 201 and private.json()["owner"] == "alice" and not private.json()["shared"]
    shared = server.post("/api/scenarios", json={"toml": scenario_toml("alice-shared"), "shared": True}, headers=alice)
    assert shared.status_code == 201 and shared.json()["shared"] and shared.json()["writable"]

    # bob: the private one does not exist for him, the shared one is read-only
    names = {s["name"] for s in server.get("/api/scenarios", headers=bob).json()["scenarios"]}
    assert "alice-shared" in names and "alice-private" not in names
    hidden = server.get("/api/scenarios/alice-private", headers=bob)
    assert hidden.status_code == 404 and "alice-private" not in hidden.json()["hint"]
    assert server.get("/api/route", params={"from": "Baku", "to": "Moscow", "scenario": "alice-private"}, headers=bob).status_code == 404
    assert server.get("/api/places", params={"q": "Baku", "scenario": "alice-private"}, headers=bob).status_code == 404
    read = server.get("/api/scenarios/alice-shared", headers=bob)
    assert read.status_code == 200 and read.json()["writable"] is False and read.json()["owner"] == "alice"
    routed = server.get("/api/route", params={"from": "Rasht", "to": "Moscow", "scenario": "alice-shared"}, headers=bob)
    assert routed.status_code == 200, routed.text
    changed = server.put("/api/scenarios/alice-shared", json={"toml": scenario_toml("alice-shared", 1.0)}, headers=bob | {"If-Match": "*"})
    assert changed.status_code == 403 and "alice" in changed.json()["error"] and "فقط برای خواندن" in changed.json()["error_fa"]
    assert server.put("/api/scenarios/alice-shared", json={"toml": scenario_toml("alice-shared")}, headers=bob).status_code == 403  # 403 before 428
    assert server.delete("/api/scenarios/alice-shared", headers=bob).status_code == 403
    assert server.delete("/api/scenarios/alice-private", headers=bob).status_code == 404
    # bob may base his own scenario on the shared one, not on the private one
    based = scenario_toml("bob-on-shared").replace('base = "rasht-astara"', 'base = "alice-shared"')
    assert server.post("/api/scenarios", json={"toml": based}, headers=bob).status_code == 201
    sneaky = scenario_toml("bob-on-private").replace('base = "rasht-astara"', 'base = "alice-private"')
    assert server.post("/api/scenarios", json={"toml": sneaky}, headers=bob).status_code == 404
    taken = server.post("/api/scenarios", json={"toml": scenario_toml("alice-private")}, headers=bob)
    assert taken.status_code == 409 and "taken" in taken.json()["error"]

    # alice changes and unshares hers; then bob no longer sees it
    unshare = server.put("/api/scenarios/alice-shared", json={"toml": scenario_toml("alice-shared", 2.0), "shared": False}, headers=alice | {"If-Match": '"1"'})
    assert unshare.status_code == 200 and unshare.json()["shared"] is False and unshare.json()["version"] == 2
    assert server.get("/api/scenarios/alice-shared", headers=bob).status_code == 404
    # the admin (server token) sees and changes everything
    assert server.get("/api/scenarios/alice-private", headers=admin).json()["writable"] is True
    assert server.delete("/api/scenarios/alice-private", headers=admin).status_code == 204


def test_admin_scenarios_are_read_only_for_users(server, keys):
    admin, bob = bearer("admin-token"), bearer(keys["bob"])
    assert server.post("/api/scenarios", json={"toml": scenario_toml("house")}, headers=admin).json()["owner"] is None
    assert server.get("/api/scenarios/house", headers=bob).status_code == 200
    refused = server.delete("/api/scenarios/house", headers=bob)
    assert refused.status_code == 403 and "admin" in refused.json()["error"]


def test_jobs_are_seen_and_cancelled_only_by_their_owner(server, keys):
    alice, bob, admin = bearer(keys["alice"]), bearer(keys["bob"]), bearer("admin-token")
    job = server.post("/api/jobs", json=SLOW, headers=alice).json()
    assert job["owner"] == "alice"
    assert [j["id"] for j in server.get("/api/jobs", headers=alice).json()["jobs"]] == [job["id"]]
    assert server.get("/api/jobs", headers=bob).json()["jobs"] == []
    hidden = server.get(f"/api/jobs/{job['id']}", headers=bob)
    assert hidden.status_code == 404 and hidden.json()["error_fa"]
    assert server.delete(f"/api/jobs/{job['id']}", headers=bob).status_code == 404
    assert server.get(f"/api/jobs/{job['id']}", headers=alice).json()["status"] in ("queued", "running")  # not cancelled by bob
    assert job["id"] in {j["id"] for j in server.get("/api/jobs", headers=admin).json()["jobs"]}
    private = server.post("/api/scenarios", json={"toml": scenario_toml("alice-only")}, headers=alice)
    assert private.status_code == 201
    on_private = server.post("/api/jobs", json={"kind": "assign", "params": {"scenario": "alice-only"}}, headers=bob)
    assert on_private.status_code == 422 and on_private.json()["field"] == "params.scenario"
    assert server.delete(f"/api/jobs/{job['id']}", headers=alice).json()["status"] == "cancelled"


def test_users_cli_refuses_a_path_that_is_not_a_database_url(tmp_path):
    result = CliRunner().invoke(cli, ["users", "list", "--db", str(tmp_path / "dalan.db")])
    assert result.exit_code == 2 and "not a database URL" in result.output and "sqlite:///" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
