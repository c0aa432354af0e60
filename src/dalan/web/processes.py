"""What the server's worker processes (jobs, route requests) share: how they are started, their
memory limit, their priority, and their exit when the server that started them is gone."""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import Any

#: Imported once by the fork server, so that a worker starts in milliseconds; with the numba
#: Dijkstra loaded, a route worker searches with it from its first request (``routing.paths.dijkstra``
#: uses plain Python only while neither it nor scipy is loaded, for one-off CLI routes).
PRELOAD = ["dalan.web.job_kinds", "dalan.web.route_work", "scipy.sparse.csgraph", "dalan._kernels.dijkstra"]


def mp_context() -> Any:
    """``forkserver`` (a clean single-threaded parent with the worker modules preloaded: a worker
    starts in milliseconds, and no lock held by a server thread is copied) where there is one,
    else ``spawn``. Never plain ``fork`` of the threaded server."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def watch_parent(parent: int) -> None:
    """Exit the worker when the server that started it is gone (no orphaned workers)."""
    while True:
        time.sleep(0.5)
        if not _parent_alive(parent):
            os._exit(3)


def _parent_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def limit_memory(memory_mb: int | None) -> None:
    """Limit this process's address space to ``memory_mb`` (nothing on systems without rlimits)."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        return
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


#: Niceness of a job process: a job (seconds to hours of work) yields the CPU to the server and
#: its route workers, so that route answers stay fast while jobs run on the same cores.
JOB_NICENESS = 10


def lower_priority(niceness: int = JOB_NICENESS) -> None:
    """Lower this process's CPU priority by ``niceness`` (nothing where ``os.nice`` is missing)."""
    if hasattr(os, "nice"):
        os.nice(niceness)
