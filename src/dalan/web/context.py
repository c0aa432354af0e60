"""What one app instance holds (settings, database, scenario store, job runner), and the helper
that runs library calls in a worker thread under the request time limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio
from fastapi import Request
from sqlalchemy.engine import Engine

from dalan.web.errors import ApiError
from dalan.web.jobs import JobRunner
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
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    engine: Engine
    store: ScenarioStore
    jobs: JobRunner


def context(request: Request) -> AppContext:
    """FastAPI dependency: the context of the app serving ``request``."""
    return request.app.state.dalan


async def run_limited(ctx: AppContext, function: Callable[[], T]) -> T:
    """``function()`` in a worker thread; 503 when it takes longer than the request time limit.

    The thread is abandoned, not killed, on timeout: inputs are bounded (alternatives ≤ 20 …) so
    it finishes soon after; the client gets its answer at the limit.
    """
    limit = ctx.settings.request_timeout_s
    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(function, abandon_on_cancel=True)
    except TimeoutError:
        raise ApiError(503, f"the computation took longer than {limit:g} s", None, "ask for fewer alternatives") from None
