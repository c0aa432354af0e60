"""Demand by user class: an OD matrix per class with the parameters of its generalised cost.

A class ``c`` sees on link ``a`` the generalised cost
``value_of_time_c * time_a(v_a) + toll_factor_c * toll_a + distance_factor_c * length_a
+ link_cost_c[a]`` (the last term optional),
where ``v_a`` is the total flow in passenger-car equivalents (each vehicle of class ``c`` counts
``pce_c``) shared by all classes. Matrices count vehicles of the class per period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dalan.assignment.network import AssignmentNetwork
from dalan.errors import InputError, Problem
from dalan.messages import both


@dataclass(frozen=True, eq=False)
class TrafficClass:
    """One user class: its OD matrix (zones x zones, vehicles) and cost parameters."""

    matrix: np.ndarray
    name: str = "all"
    value_of_time: float = 1.0
    pce: float = 1.0
    toll_factor: float = 0.0
    distance_factor: float = 0.0
    link_cost: np.ndarray | None = None

    def __post_init__(self) -> None:
        matrix = np.array(self.matrix, dtype=np.float64)
        matrix.setflags(write=False)
        object.__setattr__(self, "matrix", matrix)
        if self.link_cost is not None:
            link_cost = np.array(self.link_cost, dtype=np.float64)
            link_cost.setflags(write=False)
            object.__setattr__(self, "link_cost", link_cost)
        record = f"class {self.name!r}"
        problems = []
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            problems.append(Problem.of(record, "matrix", matrix.shape, "not_square", "zones_by_zones"))
        elif not np.all(np.isfinite(matrix)) or (matrix < 0).any():
            problems.append(Problem.of(record, "matrix", both("value.bad_entries"), "bad_entry", "trips_positive"))
        for name in ("value_of_time", "pce"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                problems.append(Problem.of(record, name, value, "not_positive"))
        for name in ("toll_factor", "distance_factor"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                problems.append(Problem.of(record, name, value, "negative", "costs_positive"))
        if self.link_cost is not None and not (np.all(np.isfinite(self.link_cost)) and (self.link_cost >= 0).all()):
            problems.append(Problem.of(record, "link_cost", both("value.bad_entries"), "bad_entry", "costs_positive"))
        if problems:
            raise InputError(problems)

    def fixed_cost(self, network: AssignmentNetwork) -> np.ndarray:
        """Flow-independent cost of each link for this class (money per vehicle): toll and
        distance terms, plus the class's own ``link_cost`` per link when given (e.g. freight
        tariffs that differ by cargo class)."""
        base = self.toll_factor * network.toll + self.distance_factor * network.length
        return base if self.link_cost is None else base + self.link_cost


@dataclass(frozen=True, eq=False)
class Demand:
    """The user classes to assign together on one network."""

    classes: tuple[TrafficClass, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "classes", tuple(self.classes))
        if not self.classes:
            raise InputError(Problem.of("demand", "classes", 0, "empty", "one_class"))
        names = [c.name for c in self.classes]
        if len(set(names)) != len(names):
            raise InputError(Problem.of("demand", "classes", names, "repeated_class", "class_once"))

    @classmethod
    def single(cls, matrix: np.ndarray, **parameters: Any) -> Demand:
        """One class named ``"all"`` with the given matrix and cost parameters."""
        return cls((TrafficClass(matrix, **parameters),))

    @property
    def names(self) -> tuple[str, ...]:
        """Class names in order."""
        return tuple(c.name for c in self.classes)

    def check_against(self, network: AssignmentNetwork) -> None:
        """Raise :class:`InputError` if a matrix does not match the network's zones."""
        problems = [
            Problem.of(f"class {c.name!r}", "matrix", c.matrix.shape, "zones_mismatch", "zone_ids", count=network.num_zones)
            for c in self.classes
            if c.matrix.shape != (network.num_zones, network.num_zones)
        ]
        if problems:
            raise InputError(problems)
