"""Fixtures of the web tests: an in-process app per test, a live server in a subprocess, Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Error as PlaywrightError
from web_support import (
    ARTIFACTS,
    LOCAL,
    free_port,
    start_server,
    stop_server,
)

from dalan.web import create_app


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dalan.sqlite3'}"


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """A fresh app on its own SQLite file, with its lifespan running."""
    with TestClient(create_app(db_url), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for read-only tests of a module."""
    path = tmp_path_factory.mktemp("shared") / "dalan.sqlite3"
    with TestClient(create_app(f"sqlite:///{path}"), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real server (uvicorn, subprocess) on a free loopback port and a temp DB."""
    db = tmp_path_factory.mktemp("live") / "dalan.sqlite3"
    port = free_port()
    process = start_server(f"sqlite:///{db}", port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


@pytest.fixture
def page(browser, live_server: str, request: pytest.FixtureRequest):
    """A fresh page that records every request leaving loopback and every script error;
    a screenshot is kept in out/test-artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-GB")
    tab = context.new_page()
    tab.external_requests = []
    tab.script_errors = []
    tab.on("request", lambda r: None if r.url.startswith((live_server, "data:")) else tab.external_requests.append(r.url))
    tab.on("pageerror", lambda error: tab.script_errors.append(str(error)))
    yield tab
    if getattr(request.node, "failed", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:  # evidence only: a page too busy to draw must not add an error to the failure
            tab.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True, timeout=10_000)
        except PlaywrightError:
            pass
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed = True
    return report
