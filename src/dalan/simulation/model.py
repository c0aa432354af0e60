"""The SimPy model of corridor operations, built from a :class:`~dalan.simulation.plan.Plan`.

All state lives in the model's SimPy ``Environment`` and in plain per-facility counters; a
monitor (:mod:`dalan.simulation.monitor`) attaches from outside to sample queues. Times are
hours. Shipments arrive as Poisson processes per flow and follow their steps:

* SERVE: wait for one of the facility's servers, hold it for ``mean_h × X`` (X: mean-1 noise).
* DRIVE: a truck runs a road link (no capacity limit).
* SAIL: wait for the next timetabled departure with a free slot, then sail.
* TRAIN: wait at the run's formation point; a train leaves when ``wagons_per_train`` wait or at
  the run's daily departure, takes each line (held for its headway: single track shared by
  both directions) and border station as one unit, and releases its wagons at the end.

Counters per facility (at service start): ``served`` (shipments, or trains for train-level
facilities), ``units`` (shipments carried), ``wait_h``, ``busy_h`` and ``departures``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial

import numpy as np
import simpy

from dalan.simulation.distributions import exponential_stream, multiplier_stream
from dalan.simulation.plan import DRIVE, LINE, SAIL, SERVE, STATION_KINDS, Plan


def _release(resource: simpy.Resource, request: simpy.resources.resource.Request, _event: simpy.Event) -> None:
    """Event callback: free ``resource`` held by ``request``."""
    resource.release(request)


class CorridorModel:
    """Processes and resources of one replication; ``seed`` fixes every random stream."""

    def __init__(self, env: simpy.Environment, plan: Plan, seed: np.random.SeedSequence):
        self.env = env
        self.plan = plan
        n = len(plan.facilities)
        streams = seed.spawn(n + len(plan.flows) + 1)
        self.served = [0] * n
        self.units = [0] * n
        self.wait_h = [0.0] * n
        self.busy_h = [0.0] * n
        self.departures = [0] * n
        self.resources: dict[int, simpy.Resource] = {}
        self.noise: dict[int, Iterator[float]] = {}
        self.sail_queue: dict[int, list] = {}
        self.waiting: list[list] = [[] for _ in plan.runs]
        phase_rng = np.random.default_rng(streams[-1])
        for f in plan.facilities:
            if f.kind in STATION_KINDS or f.kind == "line":
                self.resources[f.index] = simpy.Resource(env, capacity=max(f.servers, 1))
            if f.kind in STATION_KINDS:
                self.noise[f.index] = multiplier_stream(np.random.default_rng(streams[f.index]), f.family, f.cv)
            elif f.kind == "sailing":
                self.sail_queue[f.index] = []
                env.process(self._sailings(f.index, f.headway_h, int(f.slots), phase_rng.uniform(0.0, f.headway_h)))
        for r, run in enumerate(plan.runs):
            headway = plan.facilities[run.formation].headway_h
            env.process(self._scheduled_departures(r, headway, phase_rng.uniform(0.0, headway)))
        self.created_h: list[float] = []
        self.flow_of: list[int] = []
        self.delivered_h: list[float] = []
        self.timetable_wait_h: list[float] = []
        self.delivered_ids: list[int] = []
        self.live: set[int] = set()
        for k, flow in enumerate(plan.flows):
            gaps = exponential_stream(np.random.default_rng(streams[n + k]), 24.0 / flow.shipments_per_day)
            env.process(self._arrivals(k, gaps))

    # -- queue lengths, for monitors --------------------------------------------------------------
    def queue_lengths(self) -> list[int]:
        """Units waiting at each facility now (shipments, or trains at train-level facilities)."""
        out = [0] * len(self.plan.facilities)
        for i, res in self.resources.items():
            out[i] = len(res.queue)
        for i, queue in self.sail_queue.items():
            out[i] = len(queue)
        for run, waiting in zip(self.plan.runs, self.waiting):
            out[run.formation] = len(waiting)
        return out

    # -- processes --------------------------------------------------------------------------------
    def _arrivals(self, k: int, gaps):
        env = self.env
        steps = self.plan.flows[k].steps
        while True:
            yield env.timeout(next(gaps))
            sid = len(self.created_h)
            self.created_h.append(env.now)
            self.flow_of.append(k)
            self.delivered_h.append(math.nan)
            self.timetable_wait_h.append(0.0)
            self.live.add(sid)
            env.process(self._shipment(sid, steps))

    def _shipment(self, sid: int, steps: tuple[tuple, ...]):
        env = self.env
        timetable_wait_h = 0.0
        for step in steps:
            code, f = step[0], step[1]
            if code == SERVE:
                yield from self._serve(f, step[2], 1)
            elif code == DRIVE:
                self.served[f] += 1
                self.units[f] += 1
                yield env.timeout(step[2])
            else:
                joined = env.now
                event = env.event()
                if code == SAIL:
                    self.sail_queue[f].append((event, joined))
                else:
                    self._join_train(f, event, joined)
                departed = yield event
                timetable_wait_h += departed - joined
                if code == SAIL:
                    yield env.timeout(step[2])
        self.delivered_h[sid] = env.now
        self.timetable_wait_h[sid] = timetable_wait_h
        self.delivered_ids.append(sid)
        self.live.discard(sid)

    def _serve(self, f: int, mean_h: float, units: int):
        env = self.env
        resource = self.resources[f]
        arrived = env.now
        request = resource.request()
        yield request
        service_h = mean_h * next(self.noise[f])
        self.served[f] += 1
        self.units[f] += units
        self.wait_h[f] += env.now - arrived
        self.busy_h[f] += service_h
        yield env.timeout(service_h)
        resource.release(request)

    def _sailings(self, f: int, headway_h: float, slots: int, phase_h: float):
        env = self.env
        queue = self.sail_queue[f]
        yield env.timeout(phase_h)
        while True:
            self.departures[f] += 1
            if queue:
                board = queue[:slots]
                del queue[:slots]
                now = env.now
                self.served[f] += len(board)
                self.units[f] += len(board)
                for event, joined in board:
                    self.wait_h[f] += now - joined
                    event.succeed(now)
            yield env.timeout(headway_h)

    # -- trains -----------------------------------------------------------------------------------
    def _join_train(self, r: int, event: simpy.Event, joined: float) -> None:
        waiting = self.waiting[r]
        waiting.append((event, joined))
        if len(waiting) >= self.plan.wagons_per_train:
            self._dispatch(r)

    def _scheduled_departures(self, r: int, headway_h: float, phase_h: float):
        yield self.env.timeout(phase_h)
        while True:
            if self.waiting[r]:
                self._dispatch(r)
            yield self.env.timeout(headway_h)

    def _dispatch(self, r: int) -> None:
        batch, self.waiting[r] = self.waiting[r], []
        f = self.plan.runs[r].formation
        now = self.env.now
        self.departures[f] += 1
        self.served[f] += len(batch)
        self.units[f] += len(batch)
        self.wait_h[f] += sum(now - joined for _, joined in batch)
        self.env.process(self._train(r, batch, now))

    def _train(self, r: int, batch: list, departed: float):
        env = self.env
        wagons = len(batch)
        for code, f, time_h in self.plan.runs[r].ops:
            if code == LINE:
                resource = self.resources[f]
                arrived = env.now
                request = resource.request()
                yield request
                headway_h = self.plan.facilities[f].headway_h
                self.served[f] += 1
                self.units[f] += wagons
                self.wait_h[f] += env.now - arrived
                self.busy_h[f] += headway_h
                env.timeout(headway_h).callbacks.append(partial(_release, resource, request))
                yield env.timeout(time_h)
            else:
                yield from self._serve(f, time_h, wagons)
        for event, _ in batch:
            event.succeed(departed)
