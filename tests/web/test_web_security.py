"""Limits and access: body size, tokens for writes, cross-site writes, CORS, ``dalan serve`` guards."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from web_support import LOCAL, scenario_toml

from dalan.cli.serve_cmd import allowed_hosts, is_loopback, serve_command
from dalan.errors import InputError
from dalan.web import create_app
from dalan.web.scenario_store import toml_depth
from dalan.web.security import LOOPBACK_HOSTS, host_allowed, host_name


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
    with TestClient(create_app(db_url, token="s3cret"), base_url=LOCAL) as client:
        body = {"toml": scenario_toml("guarded")}
        refused = client.post("/api/scenarios", json=body)
        assert refused.status_code == 401 and refused.json()["field"] == "authorization"
        assert client.post("/api/scenarios", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.post("/api/jobs", json={"kind": "compare"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        assert client.get("/api/scenarios/guarded", headers=auth).status_code == 404  # nothing was written
        ok = client.post("/api/scenarios", json=body, headers=auth)
        assert ok.status_code == 201


@pytest.mark.parametrize(
    "path",
    ["/api/scenarios", "/api/scenarios/guarded", "/api/jobs", "/api/jobs/0123", "/api/network?scenario=guarded",
     "/api/places?q=Baku&scenario=guarded", "/api/route?from=Baku&to=Moscow&scenario=guarded"],
)  # fmt: skip
def test_with_a_token_reads_of_stored_data_need_it_too(db_url, path):
    auth = {"Authorization": "Bearer s3cret"}
    with TestClient(create_app(db_url, token="s3cret"), base_url=LOCAL) as client:
        assert client.post("/api/scenarios", json={"toml": scenario_toml("guarded")}, headers=auth).status_code == 201
        refused = client.get(path)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert "guarded" not in refused.text
        assert client.get(path, headers={"Authorization": "Bearer s3cre"}).status_code == 401
        assert client.get(path, headers=auth).status_code in (200, 404)  # 404: the job id is made up
        assert client.get("/api/health").status_code == 200  # liveness stays open
        assert client.get("/").status_code == 200  # the page itself holds no stored data


# --- the Host allow-list (DNS rebinding) --------------------------------------------------------


def test_dns_rebinding_page_cannot_read_or_write(client):
    """A page at attacker.example that rebinds its name to 127.0.0.1: the browser sends
    ``Host: attacker.example`` and ``Origin: http://attacker.example`` (same origin!)."""
    rebound = {"Host": "attacker.example:8000", "Origin": "http://attacker.example:8000"}
    created = client.post("/api/scenarios", json={"toml": scenario_toml("rebound")}, headers=rebound)
    assert created.status_code == 400 and created.json()["field"] == "host"
    assert created.json()["error_fa"] == "میزبان «attacker.example:8000» این\u200cجا سرویس داده نمی\u200cشود"
    assert client.get("/api/scenarios", headers=rebound).status_code == 400
    assert client.delete("/api/scenarios/rebound", headers=rebound).status_code == 400
    assert client.get("/", headers=rebound).status_code == 400
    assert client.get("/api/scenarios/rebound").status_code == 404  # nothing was written
    for host in ("127.0.0.1:8000", "localhost", "LOCALHOST.:8000", "[::1]:8000", "127.0.0.1"):
        assert client.get("/api/health", headers={"Host": host}).status_code == 200, host


def test_allowed_hosts_are_configurable(db_url):
    app = create_app(db_url, allowed_hosts=["dalan.example.org", "*.corp.example"])
    with TestClient(app, base_url="http://dalan.example.org") as client:
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/health", headers={"Host": "a.b.corp.example"}).status_code == 200
        for host in ("127.0.0.1", "corp.example", "evilcorp.example", "dalan.example.org.evil", ""):
            assert client.get("/api/health", headers={"Host": host}).status_code == 400, host


@given(st.from_regex(r"[a-z0-9.-]{1,30}(:[0-9]{1,5})?", fullmatch=True))
@settings(max_examples=200, deadline=None)
def test_host_allow_list_admits_only_loopback_names(host):
    name = host_name(host)
    assert host_allowed(name, LOOPBACK_HOSTS) == (name in ("localhost", "127.0.0.1"))


def test_serve_allow_list(monkeypatch):
    monkeypatch.setenv("DALAN_ALLOWED_HOSTS", "a.example, b.example")
    assert allowed_hosts("0.0.0.0", ["c.example"]) == (*LOOPBACK_HOSTS, "c.example", "a.example", "b.example")
    assert "192.168.1.5" in allowed_hosts("192.168.1.5", [])


def test_cross_site_writes_are_refused_and_cors_is_closed(client):
    evil = {"Origin": "http://evil.example"}
    response = client.post("/api/scenarios", json={"toml": scenario_toml("x")}, headers=evil)
    assert response.status_code == 403 and response.json()["field"] == "origin"
    read = client.get("/api/places", params={"q": "Baku"}, headers=evil)
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers
    same = client.post("/api/scenarios", json={"toml": scenario_toml("x")}, headers={"Origin": LOCAL})
    assert same.status_code == 201


def test_cors_opens_only_to_listed_origins(db_url):
    with TestClient(create_app(db_url, cors_origins=["http://planner.example"]), base_url=LOCAL) as client:
        allowed = client.get("/api/health", headers={"Origin": "http://planner.example"})
        assert allowed.headers["access-control-allow-origin"] == "http://planner.example"
        other = client.get("/api/health", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_slow_computations_answer_503_at_the_time_limit(db_url):
    with TestClient(create_app(db_url, request_timeout_s=0.001), base_url=LOCAL) as client:
        response = client.get("/api/route", params={"from": "Moscow", "to": "Bandar Abbas", "alternatives": 20})
    assert response.status_code == 503 and "longer than" in response.json()["error"]


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_refuses_a_public_address_without_token(monkeypatch):
    monkeypatch.delenv("DALAN_TOKEN", raising=False)
    with pytest.raises(InputError, match="token"):
        serve_command(host="0.0.0.0", port=8000, db="sqlite://", token=None)


# --- nesting limits: 413/422, never 500 ---------------------------------------------------------


@pytest.mark.parametrize("depth", [33, 1_000, 50_000])
@pytest.mark.parametrize(("open_", "close"), [("[", "]"), ("{a=", "}")])
def test_deeply_nested_toml_is_refused_with_422(client, depth, open_, close):
    toml = 'name = "deep"\nx = ' + open_ * depth + ("1" if open_ != "[" else "") + close * depth + "\n"
    response = client.post("/api/scenarios", json={"toml": toml})
    assert response.status_code in (413, 422), response.text
    assert response.json()["field"] == "toml"


def test_nesting_inside_strings_and_comments_is_not_counted():
    toml = 'name = "x"\n# ' + "[" * 100 + '\nnote = "' + "{" * 100 + "\"\nlong = '''\n" + "[" * 100 + "\n'''\n"
    assert toml_depth(toml) == 0
    assert toml_depth("[[edit]]\nvalues = { a = [1, [2]] }") == 3


@given(st.recursive(st.integers(0, 9), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=2), max_leaves=60))
@settings(max_examples=60, deadline=None)
def test_nested_values_in_a_scenario_never_get_a_server_error(value):
    def toml_value(v) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(toml_value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + "}"
        return str(v)

    app = _fuzz_app()
    text = 'name = "nested"\nx = ' + toml_value(value) + "\n"
    with TestClient(app, base_url=LOCAL) as client:
        response = client.post("/api/scenarios", json={"toml": text})
        assert response.status_code < 500, response.text
        if response.status_code == 201:
            client.delete("/api/scenarios/nested")


_APPS: dict[str, object] = {}


def _fuzz_app():
    """One app for the examples of the property test (its database in a temporary folder)."""
    import tempfile

    if "app" not in _APPS:
        folder = tempfile.mkdtemp(prefix="dalan-nest-")
        _APPS["app"] = create_app(f"sqlite:///{folder}/dalan.sqlite3")
    return _APPS["app"]


def test_deeply_nested_json_body_is_a_4xx(client):
    body = '{"toml": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post("/api/scenarios", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500 and "error" in response.json()
