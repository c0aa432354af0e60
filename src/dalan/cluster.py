"""A connection to a Dask cluster, for the work that runs on one (``simulate``, ``compare``).

The address comes validated from :func:`dalan.options.parse_scheduler`; a scheduler that does not
answer, or a missing ``distributed`` package, is an :class:`~dalan.errors.InputError` naming the
option and what to do, not a traceback after the default 30 s wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dalan.errors import InputError, Problem

#: Seconds to wait for the scheduler to answer.
CONNECT_TIMEOUT_S = 10.0


@contextmanager
def dask_client(address: str, record: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Iterator[Any]:
    """A ``distributed.Client`` connected to the scheduler at ``address``, closed on exit."""
    try:
        from distributed import Client  # lazy: optional and heavy (about 1 s to import)
    except ImportError:
        raise InputError(Problem.of(record, "scheduler", address, "no_distributed", "install_dask")) from None
    try:
        client = Client(address, timeout=timeout_s)
    except (OSError, TimeoutError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        problem = Problem.of(record, "scheduler", address, "scheduler_unreachable", "scheduler_running", reason=reason)
        raise InputError(problem) from None
    with client:
        yield client


__all__ = ["CONNECT_TIMEOUT_S", "dask_client"]
