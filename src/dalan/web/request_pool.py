"""Synchronous API work (routes, K best, Pareto sets) in worker processes that are killed when a
request runs over its time limit.

A thread of the server cannot be stopped, so a computation abandoned at the limit would run on
and pile up under load. Here each request borrows an idle worker process (started on demand, at
most ``size``), sends it a function (pickled by reference) and its arguments, and waits for the
answer until the request's deadline. At the deadline the worker is killed — the work really
stops — and the client gets 503; the next request starts a fresh worker. A worker keeps its own
scenario store (cached compiled graphs) between requests, limits its address space, and exits
when the server dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio

from dalan.errors import DalanError
from dalan.web.errors import ApiError, ForwardedError, dalan_error_body, error_body
from dalan.web.processes import limit_memory, mp_context, watch_parent

log = logging.getLogger(__name__)


@dataclass
class _Process:
    process: Any
    connection: Any


class RequestPool:
    """Up to ``size`` worker processes on the database ``db_url``, used from any event loop
    (:meth:`run_async`): a request waiting for a busy pool awaits the first worker freed."""

    def __init__(self, db_url: str, size: int = 2, memory_mb: int | None = 4096):
        self.db_url = db_url
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self._idle: list[_Process] = []
        self._live = 0  # started and not stopped, or being started
        self._waiters: deque[asyncio.Future[_Process | None]] = deque()  # requests waiting, first first
        self._lock = threading.Lock()
        self._closed = False

    async def run_async(self, function: Callable[..., Any], *args: Any, timeout_s: float) -> Any:
        """``function(store, *args)`` in a worker; 503 (in English and Persian) when no worker is
        free or the answer is not there within ``timeout_s`` (the worker is then killed). The
        worker and its answer are awaited in the event loop, without a thread and its hand-offs
        (a thread only starts a worker); the exchange ends (answer or time limit) before a
        cancelled request stops."""
        deadline = time.monotonic() + timeout_s
        with anyio.CancelScope(shield=True):
            worker = await self._acquire(deadline, timeout_s)
            with self._lent(worker) as connection:
                connection.send((function, args))
                return _reply(connection, await _readable(connection.fileno(), deadline), timeout_s)

    @contextlib.contextmanager
    def _lent(self, worker: _Process) -> Iterator[Any]:
        """The connection of ``worker`` for one exchange: the worker goes back to the pool after a
        reply, and is killed otherwise (time limit, cancelled); 503 when it died."""
        try:
            yield worker.connection
        except ForwardedError:  # its reply: an error the client gets
            self._give(worker)
            raise
        except (EOFError, OSError) as exc:  # the worker died (memory limit, signal)
            self._discard(worker)
            log.warning("route worker died: %s", exc)
            raise ApiError.of(503, "worker_died") from None
        except BaseException:
            self._discard(worker)
            raise
        else:
            self._give(worker)

    def pids(self) -> list[int]:
        """The process ids of the idle workers (for tests and monitoring)."""
        with self._lock:
            return [worker.process.pid for worker in self._idle]

    async def _acquire(self, deadline: float, timeout_s: float) -> _Process:
        """An idle worker, a new one while fewer than ``size`` live, else the first one freed
        before ``deadline`` (else 503 busy)."""
        with self._lock:
            if self._closed:
                raise ApiError.of(503, "busy", None, limit_s=timeout_s)
            if self._idle:
                return self._idle.pop()
            may_start = self._live < self.size
            if may_start:
                self._live += 1
            else:
                waiter: asyncio.Future[_Process | None] = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
        if not may_start:
            try:
                given = await asyncio.wait_for(waiter, max(deadline - time.monotonic(), 0.0))
            except TimeoutError:
                raise ApiError.of(503, "busy", None, limit_s=timeout_s) from None
            if given is not None:
                return given
        try:  # start a worker: the pool had room, or a worker was stopped and this request is next
            return await anyio.to_thread.run_sync(self._start)
        except BaseException:
            self._give(None)
            raise

    def _give(self, worker: _Process | None) -> None:
        """Give ``worker`` (None: a vacancy, the right to start one) to the first request still
        waiting, else keep it idle (or leave the vacancy); after :meth:`close`, stop it."""
        with self._lock:
            while self._waiters and not self._closed:
                waiter = self._waiters.popleft()
                if not waiter.done():  # its time is not up
                    with contextlib.suppress(RuntimeError):  # (its event loop is closed: the next one)
                        waiter.get_loop().call_soon_threadsafe(self._deliver, waiter, worker)
                        return
            if worker is not None and not self._closed:
                self._idle.append(worker)
                return
            self._live -= 1
        if worker is not None:
            self._stop(worker)

    def _deliver(self, waiter: asyncio.Future[_Process | None], worker: _Process | None) -> None:
        """In the waiter's loop: ``worker`` to ``waiter``, or to the next one if its time ran out."""
        if waiter.done():
            self._give(worker)
        else:
            waiter.set_result(worker)

    def _start(self) -> _Process:
        context = mp_context()
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child_end, self.db_url, self.memory_mb, os.getpid()), name="dalan-route", daemon=True
        )
        process.start()
        child_end.close()
        return _Process(process, parent_end)

    def _discard(self, worker: _Process) -> None:
        self._stop(worker)
        self._give(None)

    @staticmethod
    def _stop(worker: _Process) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.connection.close()

    def close(self) -> None:
        """Stop the idle workers; busy ones stop when their request ends, and waiting requests
        get 503 (busy) when their time is up."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._live -= len(idle)
        for worker in idle:
            self._stop(worker)


def _reply(connection: Any, answered: bool, timeout_s: float) -> Any:
    """The worker's result once it ``answered``, else 503 (the time limit)."""
    if not answered:
        raise ApiError.of(503, "timeout", None, limit_s=timeout_s)
    status, payload = connection.recv()
    if status == "ok":
        return payload
    raise ForwardedError(*payload)


async def _readable(fd: int, deadline: float) -> bool:
    """Whether ``fd`` becomes readable before ``deadline`` (``time.monotonic``), awaited in the loop."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(True)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(ready, max(deadline - time.monotonic(), 0.0))
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


def _worker_main(connection: Any, db_url: str, memory_mb: int | None, server: int) -> None:
    """Answer requests until the server closes the pipe: ``(function, args)`` →
    ``("ok", result)`` or ``("error", (status, JSON body))``."""
    threading.Thread(target=watch_parent, args=(server,), daemon=True).start()
    limit_memory(memory_mb)
    from dalan.web.db import create_db_engine
    from dalan.web.scenario_store import ScenarioStore

    store = ScenarioStore(create_db_engine(db_url))
    frozen = False
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple = ("ok", function(store, *args))
        except ApiError as exc:
            reply = ("error", (exc.status, exc.body()))
        except DalanError as exc:
            reply = ("error", (422, dalan_error_body(exc)))
        except MemoryError:
            reply = ("error", (503, error_body(f"the request needed more than {memory_mb} MB", None, "ask for less work")))
        except Exception:
            log.exception("route worker")
            reply = ("error", (500, error_body("internal error; the server log has the details")))
        connection.send(reply)
        if not frozen:  # what the first answer loaded (scenario, graphs) lives as long as the worker:
            gc.collect()  # out of the collector's full scans (K = 5 answers: 7.3–7.6 → 6.7 ms of CPU)
            gc.freeze()
            frozen = True
