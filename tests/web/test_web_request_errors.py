"""FastAPI's own 422 — a missing parameter, a wrong type, a body that is not JSON — worded by the
catalogue in English and Persian (``error``/``hint`` and ``error_fa``/``hint_fa``), like every API error."""

from __future__ import annotations

import re

import pytest

from dalan.messages import both, render

LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _persian_words_only(text: str, *allowed: str) -> None:
    """No Latin word in ``text`` but the parameter names and values the request itself gave."""
    english = set(LATIN.findall(text.replace("/openapi.json", ""))) - {"JSON", *allowed}
    assert not english, (english, text)


@pytest.mark.parametrize(
    "url, field, value, english, persian",
    [
        ("/api/places?q=x&limit=x", "limit", "x", "limit = 'x': is not a whole number", "limit = «x»: عدد صحیح نیست"),
        ("/api/places?q=x&limit=500", "limit", "500", "limit = '500': must be <= 50", "باید حداکثر ۵۰ باشد"),
        ("/api/places?q=x&lang=de", "lang", "de", "is not one of the choices", "یکی از این‌ها را بدهید: en، fa"),
        ("/api/places?q=", "q", "", "is shorter than 1 character(s)", "کمتر از ۱ نویسه دارد"),
        ("/api/route?to=Tehran", "from", None, "from is missing", "from داده نشده است"),
        ("/api/jobs?limit=abc", "limit", "abc", "is not a whole number", "عدد صحیح نیست"),
    ],
)
def test_query_errors_in_both_languages(shared_client, url, field, value, english, persian):
    response = shared_client.get(url)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["field"] == field
    assert english in body["error"] and body["hint"]
    assert persian in body["error_fa"] + body["hint_fa"]
    _persian_words_only(body["error_fa"] + " " + body["hint_fa"], field, value or field, "en", "fa")
    assert body["problems"][0]["message_fa"] == body["error_fa"]


def test_body_errors_in_both_languages(shared_client):
    not_json = shared_client.post("/api/jobs", content=b"{not json", headers={"content-type": "application/json"})
    assert not_json.status_code == 422
    body = not_json.json()
    assert body["field"] is None and body["error"] == "the request body is not valid JSON"
    assert body["error_fa"] == "بدنهٔ درخواست JSON معتبر نیست"
    kind = shared_client.post("/api/jobs", json={"kind": "bogus"}).json()
    assert kind["field"] == "kind" and "bogus" in kind["error"] and "compare" in kind["hint"]
    assert kind["error_fa"] == render("web.request_invalid", "fa", field="kind", value="bogus", problem=both("problem.not_a_choice"))
    missing = shared_client.post("/api/jobs", json={}).json()
    assert missing["field"] == "kind" and missing["error_fa"] == "kind داده نشده است"


def test_whole_numbers_in_persian_digits_are_the_same_question(shared_client):
    latin = shared_client.get("/api/places", params={"q": "ba", "limit": "3"}).json()
    for digits in ("۳", "٣"):
        assert shared_client.get("/api/places", params={"q": "ba", "limit": digits}).json() == latin
    assert len(latin["places"]) == 3
    assert shared_client.get("/api/places", params={"q": "ba", "limit": "۵۰۰"}).status_code == 422
