"""The app factory: ``create_app()`` builds one independent app (database, store, job pool)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Sequence
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from dalan.web import errors
from dalan.web.api import jobs, places, reports, routes, scenario_edits, scenarios
from dalan.web.context import AppContext, Settings
from dalan.web.db import default_url, open_database
from dalan.web.job_kinds import job_kinds, kinds_for_engine
from dalan.web.jobs import JobLimits, JobRunner
from dalan.web.page import router as page_router
from dalan.web.request_pool import RequestPool
from dalan.web.route_cache import AnswerCache, RepeatedRoutes
from dalan.web.scenario_store import ScenarioStore
from dalan.web.schemas import HealthOut
from dalan.web.security import (
    LOOPBACK_HOSTS,
    AccessGuard,
    BodyLimit,
    HostGuard,
    SecurityHeaders,
)
from dalan.web.users import authenticate

TOKEN_ENV = "DALAN_TOKEN"
ALLOWED_HOSTS_ENV = "DALAN_ALLOWED_HOSTS"

DESCRIPTION = """Routes, scenarios and scenario comparisons on the freight corridors joining Europe and
Russia to Iran and the Persian Gulf (INSTC, Persian Gulf–Black Sea, Middle Corridor, all-sea).

Places are found by id or by English or Persian name; `lang=fa` returns display text in Persian
with Persian digits. Errors are JSON `{"error", "field", "hint"}` with a 4xx status (access,
ownership, time-limit and request-validation errors also carry `error_fa`/`hint_fa` in Persian). When the server has
a token or users (`dalan users add NAME`), every request under /api but /api/health needs
`Authorization: Bearer KEY`: a user's key, or the token (the admin). A user sees and changes their
own scenarios and jobs, and reads the scenarios others shared."""


def _version() -> str:
    try:
        return version("dalan")
    except PackageNotFoundError:
        return "0+unknown"


def create_app(
    db_url: str | None = None,
    token: str | None = None,
    *,
    cors_origins: Sequence[str] = (),
    request_timeout_s: float = 30.0,
    max_body_bytes: int = 1_000_000,
    job_workers: int = 1,
    allowed_hosts: Sequence[str] | None = None,
    job_timeout_s: float = 3600.0,
    job_memory_mb: int | None = 4096,
    job_heartbeat_s: float = 2.0,
    route_workers: int = 2,
    route_cache_mb: float = 64.0,
) -> FastAPI:
    """A new app on ``db_url`` (default: SQLite in the user's data directory), migrated to the
    latest schema. With ``token`` (the admin's key) or users in the database (``dalan users
    add``), every request under ``/api`` but ``/api/health`` needs ``Authorization: Bearer KEY``. CORS is closed unless ``cors_origins``
    lists origins. Jobs run in up to ``job_workers`` worker processes, each stopped after
    ``job_timeout_s`` and limited to ``job_memory_mb`` of address space. Routes are solved in up to
    ``route_workers`` worker processes, killed when a request runs over ``request_timeout_s``; up
    to ``route_cache_mb`` of recent route answers are kept and sent again (0: none). Requests whose ``Host`` is not in ``allowed_hosts`` (default: the loopback
    names ``localhost``, ``127.0.0.1``, ``::1``; ``*.example.org`` and ``*`` work) are refused."""
    settings = Settings(
        db_url=db_url or default_url(),
        token=token,
        cors_origins=tuple(cors_origins),
        request_timeout_s=request_timeout_s,
        max_body_bytes=max_body_bytes,
        job_workers=job_workers,
        route_workers=route_workers,
        route_cache_mb=route_cache_mb,
        allowed_hosts=tuple(allowed_hosts) if allowed_hosts is not None else LOOPBACK_HOSTS,
    )
    engine = open_database(settings.db_url)
    store = ScenarioStore(engine)
    limits = JobLimits(
        workers=job_workers, timeout_s=job_timeout_s, memory_mb=job_memory_mb,
        heartbeat_s=job_heartbeat_s, stale_after_s=max(5 * job_heartbeat_s, 5.0),
    )  # fmt: skip
    runner = JobRunner(engine, job_kinds(store), kinds_for_engine, limits)
    pool = RequestPool(settings.db_url, route_workers, job_memory_mb)
    ctx = AppContext(settings, engine, store, runner, pool, AnswerCache(int(route_cache_mb * 1_000_000)))

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        runner.close()
        engine.dispose()

    app = FastAPI(
        title="dalan",
        version=_version(),
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: the page must work offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.dalan = ctx
    errors.install(app)
    for router in (places.router, routes.router, scenarios.router, scenario_edits.router, jobs.router, reports.router, page_router):
        app.include_router(router)

    @app.get("/api/health", response_model=HealthOut, tags=["meta"], summary="Liveness and versions")
    async def health() -> dict:
        return {"status": "ok", "version": _version(), "database": engine.dialect.name}

    app.mount("/assets", StaticFiles(directory=str(files("dalan.reports") / "static")), name="assets")
    app.mount("/static", StaticFiles(directory=str(files("dalan.web") / "static")), name="static")
    app.add_middleware(RepeatedRoutes, answers=ctx.answers)  # innermost: after the access guard
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["*"], allow_headers=["*"]
        )
    app.add_middleware(
        AccessGuard,
        authenticate=partial(authenticate, engine, token),
        allowed_origins=settings.cors_origins,
        in_loop=engine.dialect.name == "sqlite",
    )
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(HostGuard, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def hosts_from_env(value: str | None = None) -> tuple[str, ...]:
    """The extra allowed host names of ``DALAN_ALLOWED_HOSTS`` (comma- or space-separated)."""
    raw = os.environ.get(ALLOWED_HOSTS_ENV, "") if value is None else value
    return tuple(name for name in raw.replace(",", " ").split() if name)


def app_from_env() -> FastAPI:
    """An app configured from the environment (``DALAN_DB``, ``DALAN_TOKEN``,
    ``DALAN_ALLOWED_HOSTS`` added to the loopback names), for
    ``uvicorn --factory dalan.web.app:app_from_env``."""
    hosts = (*LOOPBACK_HOSTS, *hosts_from_env())
    return create_app(os.environ.get("DALAN_DB") or None, os.environ.get(TOKEN_ENV) or None, allowed_hosts=hosts)
