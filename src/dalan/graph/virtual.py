"""The virtual graph: a directed graph in CSR arrays compiled from network + costing.

Every place gets an *in* and an *out* node per layer (mode, gauge) in use there, plus an origin
and a destination node. Edges are moves along links (both directions), passes through places
(with border dwell where the place is a border stop), transfers between modes, gauge changes,
waits for a sea/ferry departure, and loading/unloading. Each edge keeps time, money, CO2e and
length and the id of the physical element (link or place) it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from dalan.costing.model import Costing

EDGE_KINDS: tuple[str, ...] = ("link", "pass", "border", "transfer", "gauge_change", "wait", "load", "unload")
NODE_ROLES: tuple[str, ...] = ("in", "out", "origin", "destination", "board")
MODE_CODES: tuple[str, ...] = ("rail", "road", "sea", "ferry")
#: the edge kinds a truck's run goes on through (:meth:`VirtualGraph.truck_runs`): passes and border stops
_TRUCK_GOES_ON = (EDGE_KINDS.index("pass"), EDGE_KINDS.index("border"))
Criterion = Literal["time", "cost", "co2", "generalized"]
CRITERIA: tuple[str, ...] = ("time", "cost", "co2", "generalized")


def truck_runs(kind: np.ndarray, drive_h: np.ndarray) -> list[np.ndarray]:
    """The runs a truck drives along a path, given its edges' kinds and hours at the wheel: per
    run, the positions of its edges from its first with hours at the wheel to its last (the border
    stops and passes between them included). A run goes on through passes and border stops and
    ends at anything else: loading, unloading, a transfer, a ferry or a train (the driver takes his
    daily rest aboard, 561/2006 art. 9, and drives the next run rested)."""
    runs: list[np.ndarray] = []
    current: list[int] = []
    for k in range(len(kind)):
        if drive_h[k] > 0.0:
            current.append(k)
        elif current and kind[k] not in _TRUCK_GOES_ON:
            runs.append(np.arange(current[0], current[-1] + 1, dtype=np.int64))
            current = []
    return [*runs, np.arange(current[0], current[-1] + 1, dtype=np.int64)] if current else runs


def run_rest_h(costing: Costing, drive_h: np.ndarray, time_h: np.ndarray) -> float:
    """:meth:`Costing.truck_rest_h` of one run, given its edges' hours at the wheel and hours (a
    stop's hours are the time of an edge without driving)."""
    segments = np.flatnonzero(drive_h > 0.0)  # the edges driven; the others between them are stops
    stops = [float(time_h[segments[i] + 1 : segments[i + 1]].sum()) for i in range(len(segments) - 1)] + [0.0]
    return costing.truck_rest_h(drive_h[segments].tolist(), stops)


def generalized_cost(cost_usd, time_h, co2_kg, value_of_time_usd_per_h: float, carbon_price_usd_per_t: float):
    """Generalised cost: USD + value of time × hours + carbon price × t CO2e (scalars or arrays)."""
    return cost_usd + value_of_time_usd_per_h * time_h + carbon_price_usd_per_t * co2_kg / 1000.0


@dataclass(frozen=True, eq=False)
class VirtualGraph:
    """Nodes and edges of the virtual graph; edges are sorted by tail (``indptr`` is CSR).

    Per-edge arrays: ``tail``, ``head``, ``time_h``, ``cost_usd``, ``co2_kg``, ``length_km``,
    ``kind`` (index into :data:`EDGE_KINDS`), ``mode`` (index into :data:`MODE_CODES`, -1 none),
    ``gauge_mm`` (0 none), ``element`` (index into ``elements``: a link or place id),
    ``from_place`` / ``to_place`` (index into ``place_ids``), ``queue_h`` (the part of ``time_h``
    spent queueing where that is known apart: a block train's wait for its slot at a border, a
    congested port's hold; a timetable's time leaves it out), ``drive_h`` (a road link's hours at
    the wheel, which its ``time_h`` stretches by the long-haul factor of the driving-time rules:
    :meth:`truck_rest_h` times a route's truck runs one by one). Money and CO2e are per cargo unit.
    """

    cargo: str
    costing: Costing
    place_ids: tuple[str, ...]
    elements: tuple[str, ...]
    node_place: np.ndarray
    node_role: np.ndarray
    node_mode: np.ndarray
    node_gauge_mm: np.ndarray
    origin_node: np.ndarray
    destination_node: np.ndarray
    indptr: np.ndarray
    tail: np.ndarray
    head: np.ndarray
    time_h: np.ndarray
    cost_usd: np.ndarray
    co2_kg: np.ndarray
    length_km: np.ndarray
    queue_h: np.ndarray
    drive_h: np.ndarray
    kind: np.ndarray
    mode: np.ndarray
    gauge_mm: np.ndarray
    element: np.ndarray
    from_place: np.ndarray
    to_place: np.ndarray
    included_statuses: frozenset[str]

    @cached_property
    def leg_measures(self) -> np.ndarray:
        """``length_km``, ``time_h``, ``cost_usd`` and ``co2_kg`` as the rows of one (4, edges)
        array: a run of edges' four sums in one ``take(run, axis=1).sum(axis=1)``, the same floats
        as each array's own ``[run].sum()`` (both sum each row contiguously, pairwise)."""
        return np.stack([self.length_km, self.time_h, self.cost_usd, self.co2_kg])

    def truck_runs(self, path: Sequence[int]) -> list[list[int]]:
        """The runs a truck drives along ``path`` (:func:`truck_runs`), as lists of its edges."""
        edges = np.asarray(path, dtype=np.int64)
        return [edges[run].tolist() for run in truck_runs(self.kind[edges], self.drive_h[edges])]

    def truck_rest_h(self, path: Sequence[int]) -> list[float]:
        """Per truck run of ``path`` (:meth:`truck_runs`), the hours its elapsed time under the
        driving-time rules differs from its links' ``time_h`` (:meth:`Costing.truck_rest_h`: a
        short run's rests are shorter than the long-haul factor's; a long wait at a border is a
        rest taken)."""
        return [self._run_rest_h(run) for run in self.truck_runs(path)]

    def _run_rest_h(self, run: list[int]) -> float:
        return run_rest_h(self.costing, self.drive_h[run], self.time_h[run])

    def truck_rest_by_edge_h(self, path: Sequence[int]) -> dict[int, float]:
        """:meth:`truck_rest_h` shared among each run's edges by their hours at the wheel (the
        runs found once)."""
        shares: dict[int, float] = {}
        for run in self.truck_runs(path):
            rest_h, drive = self._run_rest_h(run), self.drive_h[run]
            for e, d in zip(run, drive / drive.sum(), strict=True):
                if d > 0.0:
                    shares[e] = shares.get(e, 0.0) + rest_h * float(d)
        return shares

    @property
    def num_nodes(self) -> int:
        return int(self.node_place.shape[0])

    @property
    def num_edges(self) -> int:
        return int(self.tail.shape[0])

    def place_index(self, place_id: str) -> int:
        return self.place_ids.index(place_id)

    def weights(
        self,
        criterion: Criterion,
        value_of_time_usd_per_h: float | None = None,
        carbon_price_usd_per_t: float | None = None,
        time_h: np.ndarray | None = None,
    ) -> np.ndarray:
        """Edge weights for a criterion; generalised = USD + VOT·h + carbon price·t CO2e.
        ``time_h`` replaces the edges' mean hours (e.g. their p90, for a reliable route)."""
        hours = self.time_h if time_h is None else time_h
        if criterion == "time":
            return hours
        if criterion == "cost":
            return self.cost_usd
        if criterion == "co2":
            return self.co2_kg
        if criterion == "generalized":
            vot = value_of_time_usd_per_h
            if vot is None:
                vot = self.costing.cargo_class(self.cargo).value_of_time_usd_per_h
            price = self.costing.carbon_price_usd_per_t if carbon_price_usd_per_t is None else carbon_price_usd_per_t
            return generalized_cost(self.cost_usd, hours, self.co2_kg, vot, price)
        raise ValueError(f"unknown criterion {criterion!r}; use one of {', '.join(CRITERIA)}")
