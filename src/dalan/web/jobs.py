"""Background jobs: a queue in the database, each job run in its own worker process.

A job kind (:class:`JobKind`) checks its parameters when the job is submitted (so bad input is a
4xx at once, not a failed job later), runs with a progress callback, and returns a JSON-able
result; ``display`` renders a stored result in a language for the page.

The ``jobs`` table is the queue. Each server runs one dispatcher thread that, at most
``workers`` at a time, claims the oldest queued job (``UPDATE … WHERE status = 'queued'``: one
winner even with several servers on one PostgreSQL) and starts a process for it. The process
writes progress and the result itself; the dispatcher watches it: it writes the job's heartbeat,
kills the process when the job is cancelled (``DELETE /api/jobs/{id}``, seen through the
database, so from any server) or over its wall-time limit, and records a crash. The process
has an address-space limit (``RLIMIT_AS``) and exits when its server dies. A running job whose
heartbeat is older than ``stale_after_s`` lost its server; any dispatcher marks it failed
("interrupted"). Queued jobs survive a restart and run when a worker is free.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Engine, Row

from dalan.errors import DalanError
from dalan.messages import Text, text
from dalan.web.db import jobs as table
from dalan.web.errors import ApiError, dalan_error_body, error_body
from dalan.web.processes import limit_memory, lower_priority, mp_context, watch_parent

log = logging.getLogger(__name__)

STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")
#: Progress is written to the database at most this often (seconds).
PROGRESS_INTERVAL_S = 0.25

Progress = Callable[[float], None]
INTERRUPTED = error_body("interrupted: the server running the job stopped", None, "submit it again")


@dataclass(frozen=True)
class JobKind:
    """What a kind of job needs: a params model, a check at submit time, the work and a renderer;
    for downloads, its result as named tables (``tables``) and as map features (``features``)."""

    name: str
    params: type[BaseModel]
    run: Callable[[Any, Progress], dict]
    check: Callable[[Any], None] = lambda params: None
    display: Callable[[dict, str], dict] | None = None
    tables: Callable[[dict, str], dict[str, Any]] | None = None
    features: Callable[[dict, str], dict] | None = None


@dataclass(frozen=True)
class JobLimits:
    """Per-server job settings: concurrent worker processes, wall time and memory per job, and
    the heartbeat (written every ``heartbeat_s``; a running job is given up after
    ``stale_after_s`` without one)."""

    workers: int = 1
    timeout_s: float = 3600.0
    memory_mb: int | None = 4096
    heartbeat_s: float = 2.0
    stale_after_s: float = 15.0


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes (stored as UTC)."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


@dataclass
class _Worker:
    job_id: str
    process: Any
    deadline: float
    started: float = field(default_factory=time.monotonic)


class JobRunner:
    """Submit, list, cancel and supervise jobs; the state lives in the database."""

    def __init__(
        self,
        engine: Engine,
        kinds: Mapping[str, JobKind],
        factory: Callable[[Engine], Mapping[str, JobKind]] | None = None,
        limits: JobLimits | None = None,
    ):
        self.engine = engine
        self.kinds = dict(kinds)
        self.factory = factory
        self.limits = limits or JobLimits()
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._workers: dict[str, _Worker] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._mp = mp_context()
        self.mark_stale()
        self._thread = threading.Thread(target=self._dispatch_loop, name="dalan-jobs", daemon=True)
        self._thread.start()

    # --- the API side ----------------------------------------------------------------------------

    def submit(self, kind_name: str, params: BaseModel, owner: str | None = None) -> str:
        """Check ``params``, store the job as queued and wake the dispatcher; returns the job id."""
        kind = self.kinds.get(kind_name)
        if kind is None:
            raise ApiError.of(422, "job_kind_unknown", "kind", kind=kind_name, kinds=tuple(self.kinds))
        kind.check(params)
        job_id = uuid.uuid4().hex
        with self.engine.begin() as connection:
            connection.execute(
                table.insert().values(
                    id=job_id, kind=kind_name, params=params.model_dump(mode="json"), status="queued", progress=0.0,
                    created_at=_now(), owner=owner, cancel_requested=False,
                )
            )  # fmt: skip
        self._wake.set()
        return job_id

    def get(self, job_id: str) -> Row:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(table).where(table.c.id == job_id)).first()
        if row is None:
            raise ApiError.of(404, "job_unknown", "id", id=job_id)
        return row

    def recent(self, limit: int, owner: str | None = None) -> list[Row]:
        with self.engine.connect() as connection:
            query = sa.select(table).order_by(table.c.created_at.desc()).limit(limit)
            if owner is not None:
                query = query.where(table.c.owner == owner)
            return list(connection.execute(query))

    def queue_position(self, row: Row) -> int | None:
        """1 for the next job to start, 2 after it …; ``None`` unless ``row`` is queued."""
        if row.status != "queued":
            return None
        with self.engine.connect() as connection:
            ahead = connection.execute(
                sa.select(sa.func.count())
                .select_from(table)
                .where(
                    table.c.status == "queued",
                    sa.or_(table.c.created_at < row.created_at, sa.and_(table.c.created_at == row.created_at, table.c.id < row.id)),
                )
            ).scalar_one()
        return int(ahead) + 1

    def cancel(self, job_id: str) -> Row:
        """Cancel a job: a queued one at once, a running one by killing its process (the server
        running it sees the request in the database within a heartbeat). A finished job: 409."""
        row = self.get(job_id)
        with self.engine.begin() as connection:
            dropped = connection.execute(
                table.update()
                .where(table.c.id == job_id, table.c.status == "queued")
                .values(status="cancelled", finished_at=_now(), error=error_body("cancelled"))
            ).rowcount
            if not dropped:
                connection.execute(
                    table.update().where(table.c.id == job_id, table.c.status == "running").values(cancel_requested=True)
                )
        row = self.get(job_id)
        if row.status in ("done", "failed"):
            raise ApiError.of(409, "job_finished", "id", id=job_id, state=Text(row.status, text(f"ui.status_{row.status}", "fa")))
        self._wake.set()
        return row

    def wait(self, job_id: str, timeout: float = 10.0) -> Row:
        """The job's row once it is no longer running (or at ``timeout``)."""
        deadline = time.monotonic() + timeout
        row = self.get(job_id)
        while row.status not in FINISHED and time.monotonic() < deadline:
            time.sleep(0.05)
            row = self.get(job_id)
        return row

    # --- the dispatcher --------------------------------------------------------------------------

    def mark_stale(self) -> int:
        """Mark failed the running jobs whose heartbeat is older than ``stale_after_s`` (their
        server died); jobs with a fresh heartbeat belong to a live server and are left alone."""
        limit = _now() - dt.timedelta(seconds=self.limits.stale_after_s)
        with self._lock:
            mine = list(self._workers)
        with self.engine.begin() as connection:
            stale = sa.or_(table.c.heartbeat_at < limit, table.c.heartbeat_at.is_(None))
            query = table.update().where(table.c.status == "running", stale)
            if mine:
                query = query.where(table.c.id.not_in(mine))
            return connection.execute(query.values(status="failed", error=INTERRUPTED, finished_at=_now())).rowcount

    def _dispatch_loop(self) -> None:
        last_beat = 0.0
        while not self._closed.is_set():
            try:
                self._supervise()
                if time.monotonic() - last_beat >= self.limits.heartbeat_s:
                    last_beat = time.monotonic()
                    self._heartbeat()
                    self.mark_stale()
                self._claim()
            except Exception:  # the database is away for a moment: keep the loop alive
                log.exception("job dispatcher")
            self._wake.wait(0.2)
            self._wake.clear()

    def _heartbeat(self) -> None:
        with self._lock:
            mine = list(self._workers)
        if mine:
            with self.engine.begin() as connection:
                connection.execute(
                    table.update().where(table.c.id.in_(mine), table.c.status == "running").values(heartbeat_at=_now())
                )

    def _claim(self) -> None:
        while len(self._workers) < self.limits.workers and not self._closed.is_set():
            with self.engine.begin() as connection:
                candidate = connection.execute(
                    sa.select(table.c.id, table.c.kind)
                    .where(table.c.status == "queued")
                    .order_by(table.c.created_at, table.c.id)
                    .limit(1)
                ).first()
                if candidate is None:
                    return
                now = _now()
                won = connection.execute(
                    table.update()
                    .where(table.c.id == candidate.id, table.c.status == "queued")
                    .values(status="running", started_at=now, heartbeat_at=now, worker=self.name)
                ).rowcount
            if won and candidate.kind in self.kinds:
                self._start(candidate.id)
            elif won:
                self._finish(candidate.id, "failed", error_body(f"this server has no job kind {candidate.kind!r}"))

    def _start(self, job_id: str) -> None:
        url = self.engine.url.render_as_string(hide_password=False)
        process = self._mp.Process(
            target=_child_main,
            args=(url, job_id, self.factory, self.limits.memory_mb, os.getpid()),
            name=f"dalan-job-{job_id[:8]}",
            daemon=True,
        )
        process.start()
        with self._lock:
            self._workers[job_id] = _Worker(job_id, process, time.monotonic() + self.limits.timeout_s)

    def _supervise(self) -> None:
        with self._lock:
            workers = list(self._workers.values())
        if not workers:
            return
        with self.engine.connect() as connection:
            cancelled = set(
                connection.execute(
                    sa.select(table.c.id).where(table.c.id.in_([w.job_id for w in workers]), table.c.cancel_requested.is_(True))
                ).scalars()
            )
        for worker in workers:
            process = worker.process
            if worker.job_id in cancelled:
                self._kill(worker, "cancelled", error_body("cancelled"))
            elif process.is_alive() and time.monotonic() > worker.deadline:
                limit = self.limits.timeout_s
                self._kill(worker, "failed", error_body(f"the job ran longer than its limit of {limit:g} s", None, "ask for less work"))
            elif not process.is_alive():
                process.join()
                code = process.exitcode
                why = error_body(f"the job's worker process died (exit code {code})", None, "the server log has the details")
                self._finish(worker.job_id, "failed", why)  # only if the job did not record its own end
                self._forget(worker)

    def _kill(self, worker: _Worker, status: str, error: dict) -> None:
        worker.process.terminate()
        worker.process.join(2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        self._finish(worker.job_id, status, error)
        self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.pop(worker.job_id, None)
        self._wake.set()  # a worker is free: claim the next job at once

    def _finish(self, job_id: str, status: str, error: dict) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                table.update()
                .where(table.c.id == job_id, table.c.status == "running")
                .values(status=status, error=error, finished_at=_now())
            )

    def close(self) -> None:
        """Stop the dispatcher; running jobs of this server are killed and marked interrupted,
        queued jobs stay queued for the next server."""
        self._closed.set()
        self._wake.set()
        self._thread.join(5)
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            self._kill(worker, "failed", INTERRUPTED)


# --- the worker process ----------------------------------------------------------------------------


def _child_main(
    url: str, job_id: str, factory: Callable[[Engine], Mapping[str, JobKind]] | None, memory_mb: int | None, server: int
) -> None:
    """Run one job in this (worker) process, below the server's priority, and write its outcome,
    unless it was ended meanwhile."""
    threading.Thread(target=watch_parent, args=(server,), daemon=True).start()
    lower_priority()
    from dalan.web.db import create_db_engine

    engine = create_db_engine(url)

    def write(**values: Any) -> None:
        with engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == job_id, table.c.status == "running").values(**values))

    try:
        limit_memory(memory_mb)
        if factory is None:
            from dalan.web.job_kinds import kinds_for_engine

            factory = kinds_for_engine
        with engine.connect() as connection:
            row = connection.execute(sa.select(table).where(table.c.id == job_id)).one()
        kind = factory(engine)[row.kind]
        params = kind.params.model_validate(row.params)
        last = [0.0]

        def progress(share: float) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL_S:
                last[0] = now
                write(progress=round(min(max(share, 0.0), 0.999), 4))

        result = kind.run(params, progress)
    except MemoryError:
        limit = f"{memory_mb} MB" if memory_mb else "the machine's memory"
        write(status="failed", error=error_body(f"the job needed more than {limit}", None, "ask for less work"), finished_at=_now())
    except DalanError as exc:
        write(status="failed", error=dalan_error_body(exc), finished_at=_now())
    except ApiError as exc:
        write(status="failed", error=exc.body(), finished_at=_now())
    except Exception:  # a bug: record the failure, log the traceback
        log.exception("job %s failed", job_id)
        write(status="failed", error=error_body("internal error in the job"), finished_at=_now())
    else:
        write(status="done", progress=1.0, result=result, finished_at=_now())
    finally:
        engine.dispose()
