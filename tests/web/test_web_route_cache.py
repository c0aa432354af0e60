"""Kept route answers (dalan.web.route_cache): the same bytes as a fresh answer, a new answer
when the scenario changes, ETag/304 and gzip."""

from __future__ import annotations

import gzip
import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from web_support import LOCAL, scenario_toml

from dalan.web import create_app
from dalan.web.route_cache import CACHE_CONTROL, Answer, AnswerCache, _matches
from dalan.web.schemas import RouteResponse

QUESTIONS = [
    {"from": "Moscow", "to": "Bandar Abbas"},
    {"from": "رشت", "to": "Warsaw", "lang": "fa", "alternatives": "3"},
    {"from": "Kyiv", "to": "Tehran", "by": "cost", "cargo": "bulk", "quantity": "250", "avoid": "TR"},
]


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory):
    """An app that keeps answers and one that keeps none, on separate databases."""
    folder = tmp_path_factory.mktemp("cache")
    with (
        TestClient(create_app(f"sqlite:///{folder / 'kept.sqlite3'}"), base_url=LOCAL) as kept,
        TestClient(create_app(f"sqlite:///{folder / 'none.sqlite3'}", route_cache_mb=0), base_url=LOCAL) as none,
    ):
        yield kept, none


def test_a_kept_answer_is_the_fresh_answer_byte_for_byte(apps):
    kept, none = apps
    cache = kept.app.state.dalan.answers
    for params in QUESTIONS:
        first, again, fresh = kept.get("/api/route", params=params), kept.get("/api/route", params=params), none.get("/api/route", params=params)
        assert first.status_code == again.status_code == fresh.status_code == 200, fresh.text
        assert first.content == again.content == fresh.content
        assert first.headers["etag"] == again.headers["etag"] == fresh.headers["etag"]
        assert first.headers["cache-control"] == CACHE_CONTROL
        # the bytes are what FastAPI's own serialisation of the response model gives
        model = RouteResponse.model_validate_json(fresh.content)
        assert json.loads(model.model_dump_json(by_alias=True)) == json.loads(fresh.content)
    assert cache.hits >= len(QUESTIONS) and len(cache) == len(QUESTIONS)
    assert len(none.app.state.dalan.answers) == 0


def test_etag_gives_304_and_gzip_is_sent_when_accepted(apps):
    kept, _ = apps
    params = QUESTIONS[0]
    first = kept.get("/api/route", params=params)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    unchanged = kept.get("/api/route", params=params, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == etag
    other = kept.get("/api/route", params=params, headers={"If-None-Match": 'W/"other"'})
    assert other.status_code == 200
    zipped = kept.get("/api/route", params=params, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content  # httpx decodes it
    plain = kept.get("/api/route", params=params, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == first.content


def test_an_edited_or_recreated_scenario_is_answered_anew(client):
    """The key holds the stored scenario's version and last change: never a stale answer."""
    params = {"from": "Moscow", "to": "Tehran", "scenario": "astara-fast", "modes": "rail"}  # by rail: through Astara
    assert client.post("/api/scenarios", json={"toml": scenario_toml("astara-fast", 6.0)}).status_code == 201
    six = client.get("/api/route", params=params)
    assert client.put("/api/scenarios/astara-fast", json={"toml": scenario_toml("astara-fast", 200.0)}, headers={"If-Match": '"1"'}).status_code == 200
    slow = client.get("/api/route", params=params)
    assert client.delete("/api/scenarios/astara-fast").status_code == 204
    assert client.get("/api/route", params=params).status_code == 404
    assert client.post("/api/scenarios", json={"toml": scenario_toml("astara-fast", 6.0)}).status_code == 201
    again = client.get("/api/route", params=params)
    assert six.status_code == slow.status_code == again.status_code == 200
    assert six.json()["routes"][0]["totals"] != slow.json()["routes"][0]["totals"]
    assert again.content == six.content and client.app.state.dalan.answers.misses == 3
    assert not client.app.state.dalan.answers.queries  # stored scenarios: never by query string


def test_a_repeated_query_string_is_answered_before_fastapi_but_after_the_access_guard(db_url, monkeypatch):
    from dalan.web.api import routes

    params = {"from": "Tbilisi", "to": "Bandar Abbas", "by": "cost"}
    with TestClient(create_app(db_url, token="secret"), base_url=LOCAL) as client:
        key = {"Authorization": "Bearer secret"}
        first = client.get("/api/route", params=params, headers=key)
        assert first.status_code == 200 and len(client.app.state.dalan.answers.queries) == 1

        def unreachable(*args, **kwargs):
            raise AssertionError("FastAPI's route handler ran")

        monkeypatch.setattr(routes.RouteOptions, "build", unreachable)
        again = client.get("/api/route", params=params, headers=key)
        assert again.content == first.content and again.headers["x-content-type-options"] == "nosniff"
        assert {k: again.headers[k] for k in ("etag", "cache-control", "content-type", "vary")} == {
            k: first.headers[k] for k in ("etag", "cache-control", "content-type", "vary")
        }
        assert client.get("/api/route", params=params, headers=key | {"If-None-Match": first.headers["etag"]}).status_code == 304
        assert client.get("/api/route", params=params).status_code == 401  # no key: refused first


def test_the_cache_keeps_at_most_its_bytes_least_recently_used_first():
    body = b"x" * 5000
    size = Answer.of(body).size
    cache = AnswerCache(max_bytes=2 * size)
    for key in "abc":
        cache.keep(key, Answer.of(body))
    assert len(cache) == 2 and cache.find("a") is None and cache.find("c") is not None and cache.misses == 3
    assert AnswerCache(0).keep("a", Answer.of(body)).body == body and cache.find("a") is None  # too big to keep
    assert gzip.decompress(Answer.of(body).gzipped or b"") == body and Answer.of(b"{}").gzipped is None


@given(st.lists(st.sampled_from(['W/"abc"', '"abc"', 'W/"abd"', "*", " ", ""]), max_size=4))
def test_if_none_match_names_the_answer(tags):
    header = ", ".join(tags)
    expected = any(tag.strip() in ('W/"abc"', '"abc"', "*") for tag in tags)
    assert _matches(header, 'W/"abc"') is expected
