"""Volume-delay functions: link travel time as a function of link flow, vectorised over links.

Each function carries its per-link parameters and gives the time, its derivative with respect to
flow (for conjugate directions and Newton line searches) and its integral from zero (for the
Beckmann objective).

- BPR (Bureau of Public Roads, 1964): ``t = t0 * (1 + alpha * (v / c) ** beta)``.
- Conical (Spiess, H. 1990, "Conical volume-delay functions", Transportation Science 24(2)):
  ``t = t0 * (2 + sqrt(a**2 * (1 - x)**2 + b**2) - a * (1 - x) - b)`` with ``x = v / c`` and
  ``b = (2a - 1) / (2a - 2)``, ``a > 1``; ``t(0) = t0``, ``t(c) = 2 t0``, finite slope everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dalan.assignment.network import AssignmentNetwork
from dalan.errors import InputError, Problem


class VolumeDelay(Protocol):
    """What the assignment needs from a volume-delay function."""

    def time(self, flow: np.ndarray) -> np.ndarray:
        """Travel time of each link at ``flow``."""

    def derivative(self, flow: np.ndarray) -> np.ndarray:
        """d time / d flow of each link at ``flow``."""

    def integral(self, flow: np.ndarray) -> np.ndarray:
        """Integral of the travel time from 0 to ``flow`` for each link."""


@dataclass(frozen=True, eq=False)
class BPR:
    """BPR function with per-link ``alpha`` (coefficient) and ``beta`` (power)."""

    free_flow_time: np.ndarray
    capacity: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray

    @classmethod
    def from_network(cls, network: AssignmentNetwork) -> BPR:
        """BPR with the network's per-link parameters."""
        return cls(network.free_flow_time, network.capacity, network.alpha, network.beta)

    def time(self, flow: np.ndarray) -> np.ndarray:
        return self.free_flow_time * (1.0 + self.alpha * np.power(flow / self.capacity, self.beta))

    def derivative(self, flow: np.ndarray) -> np.ndarray:
        ratio = np.power(flow / self.capacity, np.maximum(self.beta - 1.0, 0.0))
        return self.free_flow_time * self.alpha * self.beta * ratio / self.capacity

    def integral(self, flow: np.ndarray) -> np.ndarray:
        ratio = np.power(flow / self.capacity, self.beta + 1.0)
        return self.free_flow_time * (flow + self.alpha * self.capacity * ratio / (self.beta + 1.0))


@dataclass(frozen=True, eq=False)
class Conical:
    """Spiess' conical function with per-link steepness ``a`` (> 1)."""

    free_flow_time: np.ndarray
    capacity: np.ndarray
    a: np.ndarray

    def __post_init__(self) -> None:
        a = np.asarray(self.a, dtype=np.float64)
        if (a <= 1).any():
            value = float(a[a <= 1].flat[0])
            raise InputError(Problem.of("conical function", "a", value, "must_exceed_one", "conical_a"))

    @classmethod
    def from_network(cls, network: AssignmentNetwork) -> Conical:
        """Conical function whose steepness is the network's BPR power, as Spiess suggests."""
        return cls(network.free_flow_time, network.capacity, network.beta)

    @property
    def b(self) -> np.ndarray:
        """Spiess' β = (2a − 1) / (2a − 2), which makes the function pass through BPR's points."""
        return (2.0 * self.a - 1.0) / (2.0 * self.a - 2.0)

    def time(self, flow: np.ndarray) -> np.ndarray:
        a, b, spare = self.a, self.b, 1.0 - flow / self.capacity
        return self.free_flow_time * (2.0 + np.sqrt(a * a * spare * spare + b * b) - a * spare - b)

    def derivative(self, flow: np.ndarray) -> np.ndarray:
        a, b, spare = self.a, self.b, 1.0 - flow / self.capacity
        slope = a - a * a * spare / np.sqrt(a * a * spare * spare + b * b)
        return self.free_flow_time * slope / self.capacity

    def integral(self, flow: np.ndarray) -> np.ndarray:
        a, b, x = self.a, self.b, flow / self.capacity

        def root_antiderivative(spare: np.ndarray | float) -> np.ndarray:
            """Antiderivative in ``spare = 1 - x`` of ``sqrt(a^2 spare^2 + b^2)``."""
            root = np.sqrt(a * a * spare * spare + b * b)
            return 0.5 * spare * root + b * b / (2.0 * a) * np.arcsinh(a * spare / b)

        unit = (2.0 - b) * x + root_antiderivative(1.0) - root_antiderivative(1.0 - x) - a * (x - 0.5 * x * x)
        return self.free_flow_time * self.capacity * unit


def make_vdf(spec: str | VolumeDelay, network: AssignmentNetwork) -> VolumeDelay:
    """Turn ``"bpr"``, ``"conical"`` or a ready function into a :class:`VolumeDelay` for ``network``."""
    if not isinstance(spec, str):
        return spec
    builders: dict[str, Callable[[AssignmentNetwork], VolumeDelay]] = {
        "bpr": BPR.from_network, "conical": Conical.from_network
    }
    if spec.lower() not in builders:
        raise InputError(Problem.of("assignment", "vdf", spec, "unknown_vdf", "vdf"))
    return builders[spec.lower()](network)
