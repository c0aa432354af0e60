"""The iteration log of an assignment run, shared by every algorithm."""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter

from dalan.assignment.result import IterationRecord


class Progress:
    """Logs each evaluated iterate, passes it to ``callback`` and says when to stop."""

    def __init__(self, gap: float, max_iterations: int, callback: Callable[[IterationRecord], None] | None):
        self.gap = gap
        self.max_iterations = max_iterations
        self.callback = callback
        self.log: list[IterationRecord] = []
        self.start = perf_counter()

    def record(self, relative_gap: float, objective: float, step: float) -> bool:
        """Log an iterate (produced by ``step``); True when the gap is reached or no iteration is left."""
        record = IterationRecord(len(self.log) + 1, relative_gap, objective, step, self.seconds)
        self.log.append(record)
        if self.callback is not None:
            self.callback(record)
        return self.converged or len(self.log) >= self.max_iterations

    @property
    def converged(self) -> bool:
        """Whether the last iterate meets the target gap."""
        return bool(self.log) and self.log[-1].relative_gap <= self.gap

    @property
    def seconds(self) -> float:
        """Seconds since the start."""
        return perf_counter() - self.start
