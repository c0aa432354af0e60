"""Monitoring that attaches to a model from outside: counter snapshots and sampled queues."""

from __future__ import annotations

import numpy as np

from dalan.simulation.model import CorridorModel

COUNTERS: tuple[str, ...] = ("served", "units", "wait_h", "busy_h", "departures")


class Monitor:
    """From ``start_h`` (end of warm-up): a snapshot of the counters, then every ``interval_h``
    the queue length of each facility and the number of shipments in the system."""

    def __init__(self, model: CorridorModel, start_h: float, interval_h: float):
        self.model = model
        self.start_h = start_h
        self.interval_h = interval_h
        self.snapshot: dict[str, np.ndarray] = {}
        self.times_h: list[float] = []
        self.queues: list[list[int]] = []
        self.in_system: list[int] = []
        model.env.process(self._run())

    def counters(self) -> dict[str, np.ndarray]:
        """The model's cumulative counters now."""
        return {name: np.asarray(getattr(self.model, name), dtype=np.float64) for name in COUNTERS}

    def since_start(self) -> dict[str, np.ndarray]:
        """Counter increments since the snapshot (all zero if the snapshot was not reached)."""
        now = self.counters()
        return {name: now[name] - self.snapshot.get(name, now[name]) for name in COUNTERS}

    def _run(self):
        env = self.model.env
        yield env.timeout(self.start_h)
        self.snapshot = self.counters()
        while True:
            self.times_h.append(env.now)
            self.queues.append(self.model.queue_lengths())
            self.in_system.append(len(self.model.live))
            yield env.timeout(self.interval_h)
