"""Helpers for the assignment tests: TNTP cases (from tests/data/tntp) and tiny hand-solvable networks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dalan.assignment import AssignmentNetwork, tntp

TNTP_DIR = Path(__file__).resolve().parents[1] / "data" / "tntp"


@dataclass(frozen=True)
class TntpCase:
    """A standard network with its demand and best-known equilibrium link flows."""

    name: str
    raw: tntp.TntpNetwork
    network: AssignmentNetwork
    trips: np.ndarray
    best_flow: np.ndarray

    def path(self, kind: str) -> Path:
        return TNTP_DIR / self.name / f"{self.name}_{kind}.tntp"


def load_case(name: str) -> TntpCase:
    raw = tntp.read_net(TNTP_DIR / name / f"{name}_net.tntp")
    network = raw.to_assignment_network()
    trips = tntp.read_trips(TNTP_DIR / name / f"{name}_trips.tntp", network.num_zones)
    flow = tntp.read_flow(TNTP_DIR / name / f"{name}_flow.tntp")
    assert np.array_equal(flow["init_node"] - 1, network.init_node)
    assert np.array_equal(flow["term_node"] - 1, network.term_node)
    return TntpCase(name, raw, network, trips, flow["volume"])


def parallel_links(free_flow_time, capacity, alpha, beta, toll=(0.0, 0.0)) -> AssignmentNetwork:
    """Two links from zone 0 to zone 1."""
    return AssignmentNetwork(
        num_nodes=2, init_node=[0, 0], term_node=[1, 1], capacity=capacity, free_flow_time=free_flow_time,
        alpha=alpha, beta=beta, toll=toll, zone_ids=[0, 1],
    )


def od_matrix(trips: float, zones: int = 2, origin: int = 0, destination: int = 1) -> np.ndarray:
    matrix = np.zeros((zones, zones))
    matrix[origin, destination] = trips
    return matrix
