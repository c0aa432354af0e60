"""Background jobs: a row per job in the database, run on a thread pool, progress 0–1.

A job kind (:class:`JobKind`) checks its parameters when the job is submitted (so bad input is a
4xx at once, not a failed job later), runs with a progress callback, and returns a JSON-able
result; ``display`` renders a stored result in a language for the page. Jobs found queued or
running when the server starts were cut off by a stop or crash and are marked failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Engine, Row

from dalan.errors import DalanError
from dalan.web.db import jobs as table
from dalan.web.errors import ApiError, dalan_error_body, error_body

log = logging.getLogger(__name__)

STATUSES = ("queued", "running", "done", "failed")
#: Progress is written to the database at most this often (seconds).
PROGRESS_INTERVAL_S = 0.25

Progress = Callable[[float], None]
INTERRUPTED = error_body("interrupted: the server stopped while the job ran", None, "submit it again")


@dataclass(frozen=True)
class JobKind:
    """What a kind of job needs: a params model, a check at submit time, the work and a renderer."""

    name: str
    params: type[BaseModel]
    run: Callable[[Any, Progress], dict]
    check: Callable[[Any], None] = lambda params: None
    display: Callable[[dict, str], dict] | None = None


class _Stopped(Exception):
    """Raised inside a job's progress callback once the runner is closed."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class JobRunner:
    """Submit jobs, run them in the background and read their state from the database."""

    def __init__(self, engine: Engine, kinds: Mapping[str, JobKind], workers: int = 1):
        self.engine = engine
        self.kinds = dict(kinds)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dalan-job")
        self._closed = threading.Event()
        self._mark_interrupted()

    def _mark_interrupted(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                table.update()
                .where(table.c.status.in_(("queued", "running")))
                .values(status="failed", error=INTERRUPTED, finished_at=_now())
            )

    def submit(self, kind_name: str, params: BaseModel) -> str:
        """Check ``params``, store the job as queued and start it; returns the job id."""
        kind = self.kinds.get(kind_name)
        if kind is None:
            raise ApiError(422, f"unknown job kind {kind_name!r}", "kind", "use one of: " + ", ".join(self.kinds))
        kind.check(params)
        job_id = uuid.uuid4().hex
        with self.engine.begin() as connection:
            connection.execute(
                table.insert().values(
                    id=job_id, kind=kind_name, params=params.model_dump(mode="json"), status="queued", progress=0.0, created_at=_now()
                )
            )
        self._pool.submit(self._run, job_id, kind, params)
        return job_id

    def get(self, job_id: str) -> Row:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(table).where(table.c.id == job_id)).first()
        if row is None:
            raise ApiError(404, f"unknown job {job_id!r}", "id", "POST /api/jobs returns the id")
        return row

    def recent(self, limit: int) -> list[Row]:
        with self.engine.connect() as connection:
            query = sa.select(table).order_by(table.c.created_at.desc()).limit(limit)
            return list(connection.execute(query))

    def _update(self, job_id: str, **values: Any) -> None:
        with self.engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == job_id).values(**values))

    def _run(self, job_id: str, kind: JobKind, params: BaseModel) -> None:
        if self._closed.is_set():
            return
        self._update(job_id, status="running", started_at=_now())
        last = [0.0]

        def progress(share: float) -> None:
            if self._closed.is_set():
                raise _Stopped
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S:
                last[0] = now
                self._update(job_id, progress=round(min(max(share, 0.0), 0.999), 4))

        try:
            result = kind.run(params, progress)
        except _Stopped:
            self._update(job_id, status="failed", error=INTERRUPTED, finished_at=_now())
        except DalanError as exc:
            self._update(job_id, status="failed", error=dalan_error_body(exc), finished_at=_now())
        except ApiError as exc:
            self._update(job_id, status="failed", error=error_body(exc.message, exc.field, exc.hint), finished_at=_now())
        except Exception:  # a bug: keep the server up, record the failure, log the traceback
            log.exception("job %s (%s) failed", job_id, kind.name)
            self._update(job_id, status="failed", error=error_body("internal error in the job"), finished_at=_now())
        else:
            self._update(job_id, status="done", progress=1.0, result=result, finished_at=_now())

    def close(self) -> None:
        """Stop taking jobs; a running job stops at its next progress report, queued ones are
        dropped (and marked failed at the next start)."""
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
