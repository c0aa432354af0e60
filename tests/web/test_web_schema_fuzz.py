"""Property-based API tests generated from the OpenAPI schema (schemathesis): no input gets a 5xx,
and every error is the JSON ``{"error", "field", "hint"}`` body."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from web_support import LOCAL

from dalan.web import create_app
from dalan.web.security import LOOPBACK_HOSTS

EXAMPLES_PER_OPERATION = 30


def test_no_input_gets_a_server_error(db_url):
    app = create_app(db_url, allowed_hosts=[*LOOPBACK_HOSTS, "testserver"])  # schemathesis calls it testserver
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    with TestClient(app, base_url=LOCAL):  # runs the lifespan: the job pool is closed at the end
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
            def check(case) -> None:
                response = case.call()
                assert response.status_code < 500, (case.method, case.formatted_path, case.query, case.body, response.text)
                if response.status_code >= 400:
                    body = response.json()
                    assert body["error"] and {"field", "hint"} <= set(body), body

            check()
