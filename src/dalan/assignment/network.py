"""The network an assignment runs on: plain link arrays over 0-based node indices.

The engine knows nothing of TNTP files or of the corridor model; both build an
:class:`AssignmentNetwork`. Times are in any consistent unit (the one demand and results use),
capacities in the demand's flow unit per period.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dalan.errors import InputError, Problem


def _array(values, dtype, default: float | None, n: int) -> np.ndarray:
    """Copy ``values`` to a read-only array, or fill ``n`` entries with ``default`` when it is None."""
    array = np.full(n, default, dtype=dtype) if values is None else np.array(values, dtype=dtype).ravel()
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class ForwardStar:
    """CSR view of the links: the arcs leaving node ``u`` are ``indptr[u]:indptr[u + 1]``."""

    indptr: np.ndarray
    arc_link: np.ndarray
    arc_head: np.ndarray


@dataclass(frozen=True, eq=False)
class AssignmentNetwork:
    """Directed links with BPR parameters, over nodes ``0 .. num_nodes - 1``.

    ``zone_ids`` are the node indices of the zones, in the order of the demand matrix rows and
    columns. Nodes with an index below ``first_thru_node`` can start or end a path but not be
    passed through (centroids; 0 means every node can be passed through). ``alpha``/``beta`` are
    the BPR coefficient and power per link, ``toll`` and ``length`` feed class-specific fixed costs.
    """

    num_nodes: int
    init_node: np.ndarray
    term_node: np.ndarray
    capacity: np.ndarray
    free_flow_time: np.ndarray
    zone_ids: np.ndarray
    # None (the default) is replaced by an array of the default value in __post_init__, so after
    # construction these are always arrays.
    alpha: np.ndarray = None  # type: ignore[assignment]
    beta: np.ndarray = None  # type: ignore[assignment]
    length: np.ndarray = None  # type: ignore[assignment]
    toll: np.ndarray = None  # type: ignore[assignment]
    first_thru_node: int = 0

    def __post_init__(self) -> None:
        n = len(np.ravel(self.init_node))
        set_ = object.__setattr__
        set_(self, "num_nodes", int(self.num_nodes))
        set_(self, "first_thru_node", int(self.first_thru_node))
        for name in ("init_node", "term_node", "zone_ids"):
            set_(self, name, _array(getattr(self, name), np.int64, None, n))
        for name, default in (
            ("capacity", None), ("free_flow_time", None), ("alpha", 0.15), ("beta", 4.0), ("length", 0.0), ("toll", 0.0)
        ):
            set_(self, name, _array(getattr(self, name), np.float64, default, n))
        problems = self._problems(n)
        if problems:
            raise InputError(problems)

    def _problems(self, n: int) -> list[Problem]:
        """Everything wrong with the arrays, one :class:`Problem` per field."""
        problems: list[Problem] = []

        def check(name: str, bad: np.ndarray, message_id: str, hint_id: str, **params: object) -> None:
            if bad.any():
                index = int(np.flatnonzero(bad)[0])
                problems.append(Problem.of(f"link {index}", name, getattr(self, name)[index].item(), message_id, hint_id, "", **params))

        if self.num_nodes < 1:
            problems.append(Problem.of("network", "num_nodes", self.num_nodes, "at_least", low=1))
        for name in ("term_node", "capacity", "free_flow_time", "alpha", "beta", "length", "toll"):
            if getattr(self, name).size != n:
                size = getattr(self, name).size
                problems.append(Problem.of("network", name, size, "length_not_links", count=n))
        if problems:
            return problems
        for name in ("init_node", "term_node"):
            bad = (getattr(self, name) < 0) | (getattr(self, name) >= self.num_nodes)
            check(name, bad, "not_node_index", "node_numbers", last=self.num_nodes - 1)
        for name in ("capacity", "free_flow_time", "alpha", "beta", "length", "toll"):
            check(name, ~np.isfinite(getattr(self, name)), "not_finite_number", "missing_number")
        check("capacity", self.capacity <= 0, "not_positive", "capacity")
        check("free_flow_time", self.free_flow_time < 0, "negative", "times_positive")
        check("alpha", self.alpha < 0, "negative", "bpr_alpha")
        check("beta", (self.beta < 1) & (self.beta != 0), "zero_or_one_up", "bpr_beta")
        bad_zones = (self.zone_ids < 0) | (self.zone_ids >= self.num_nodes)
        if bad_zones.any():
            value = int(self.zone_ids[bad_zones][0])
            problems.append(Problem.of("network", "zone_ids", value, "not_node_index", "zones_are_nodes"))
        if np.unique(self.zone_ids).size != self.zone_ids.size:
            problems.append(Problem.of("network", "zone_ids", "duplicates", "node_twice", "zone_once"))
        return problems

    @property
    def num_links(self) -> int:
        """Number of links."""
        return int(self.init_node.size)

    @property
    def num_zones(self) -> int:
        """Number of zones (rows and columns of a demand matrix)."""
        return int(self.zone_ids.size)

    @cached_property
    def forward_star(self) -> ForwardStar:
        """The links grouped by tail node (built once)."""
        order = np.argsort(self.init_node, kind="stable")
        counts = np.bincount(self.init_node, minlength=self.num_nodes)
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return ForwardStar(indptr=indptr, arc_link=order.astype(np.int64), arc_head=self.term_node[order].copy())
