"""What one app instance holds (settings, database, scenario store, job runner, route worker
pool, kept route answers), and the helper that runs short library calls in a worker thread under the request time
limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio
from fastapi import Request
from sqlalchemy.engine import Engine

from dalan.web.errors import ApiError
from dalan.web.jobs import JobRunner
from dalan.web.request_pool import RequestPool
from dalan.web.route_cache import AnswerCache
from dalan.web.scenario_store import ScenarioStore

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Limits and access of one app instance (see :func:`dalan.web.create_app`)."""

    db_url: str
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    request_timeout_s: float = 30.0
    max_body_bytes: int = 1_000_000
    job_workers: int = 1
    route_workers: int = 2
    route_cache_mb: float = 64.0
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    engine: Engine
    store: ScenarioStore
    jobs: JobRunner
    routes: RequestPool
    answers: AnswerCache


async def context(request: Request) -> AppContext:
    """FastAPI dependency: the context of the app serving ``request`` (``async``: a plain
    function would cost every request a hop to a worker thread)."""
    return request.app.state.dalan


async def run_limited(ctx: AppContext, function: Callable[[], T]) -> T:
    """``function()`` in a worker thread; 503 when it takes longer than the request time limit.

    For short, bounded work (scenario reads and checks, place search, the network): the thread is
    abandoned, not killed, on timeout. Route computations, which may be long, run in the route
    worker processes instead (:class:`dalan.web.request_pool.RequestPool`), killed at the limit.
    """
    limit = ctx.settings.request_timeout_s
    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(function, abandon_on_cancel=True)
    except TimeoutError:
        raise ApiError.of(503, "timeout", None, limit_s=limit) from None
