"""Limits and access: body size, tokens for writes, cross-site writes, CORS, ``dalan serve`` guards."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_support import scenario_toml

from dalan.cli.serve_cmd import is_loopback, serve_command
from dalan.errors import InputError
from dalan.web import create_app


def test_body_over_one_megabyte_is_refused(client):
    big = {"toml": "# " + "x" * 1_100_000}
    response = client.post("/api/scenarios", json=big)
    assert response.status_code == 413 and response.json()["error"].startswith("request body over")


def test_streamed_body_without_length_is_limited(client):
    def chunks():
        for _ in range(20):
            yield b"x" * 100_000

    response = client.post("/api/scenarios", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_writes_need_the_token_when_one_is_set(db_url):
    with TestClient(create_app(db_url, token="s3cret")) as client:
        body = {"toml": scenario_toml("guarded")}
        refused = client.post("/api/scenarios", json=body)
        assert refused.status_code == 401 and refused.json()["field"] == "authorization"
        assert client.post("/api/scenarios", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.post("/api/jobs", json={"kind": "compare"}).status_code == 401
        assert client.get("/api/scenarios/guarded").status_code == 404  # nothing was written
        assert client.get("/api/places", params={"q": "Baku"}).status_code == 200  # reads stay open
        ok = client.post("/api/scenarios", json=body, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201


def test_cross_site_writes_are_refused_and_cors_is_closed(client):
    evil = {"Origin": "http://evil.example"}
    response = client.post("/api/scenarios", json={"toml": scenario_toml("x")}, headers=evil)
    assert response.status_code == 403 and response.json()["field"] == "origin"
    read = client.get("/api/places", params={"q": "Baku"}, headers=evil)
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers
    same = client.post("/api/scenarios", json={"toml": scenario_toml("x")}, headers={"Origin": "http://testserver"})
    assert same.status_code == 201


def test_cors_opens_only_to_listed_origins(db_url):
    with TestClient(create_app(db_url, cors_origins=["http://planner.example"])) as client:
        allowed = client.get("/api/health", headers={"Origin": "http://planner.example"})
        assert allowed.headers["access-control-allow-origin"] == "http://planner.example"
        other = client.get("/api/health", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_slow_computations_answer_503_at_the_time_limit(db_url):
    with TestClient(create_app(db_url, request_timeout_s=0.001)) as client:
        response = client.get("/api/route", params={"from": "Moscow", "to": "Bandar Abbas", "alternatives": 20})
    assert response.status_code == 503 and "longer than" in response.json()["error"]


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_refuses_a_public_address_without_token(monkeypatch):
    monkeypatch.delenv("DALAN_TOKEN", raising=False)
    with pytest.raises(InputError, match="token"):
        serve_command(host="0.0.0.0", port=8000, db="sqlite://", token=None)
