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


def random_network(seed: int, zones: int, thru_nodes: int, extra_links: int, barred: bool):
    """A strongly connected random network and demand: zones joined both ways to random through
    nodes, which form a two-way ring plus random links; BPR links with continuous random parameters
    (so shortest paths have no ties). Returns ``(network, trips)``."""
    rng = np.random.default_rng(seed)
    ring = np.arange(thru_nodes) + zones
    anchors = rng.choice(ring, zones)
    extra = rng.choice(ring, (2, extra_links))
    init = np.concatenate([np.arange(zones), anchors, ring, np.roll(ring, 1), extra[0]])
    term = np.concatenate([anchors, np.arange(zones), np.roll(ring, 1), ring, extra[1]])
    n = init.size
    network = AssignmentNetwork(
        num_nodes=zones + thru_nodes, init_node=init, term_node=term, capacity=rng.uniform(5.0, 30.0, n),
        free_flow_time=rng.uniform(1.0, 10.0, n), alpha=rng.uniform(0.1, 1.0, n),
        beta=rng.choice([1.0, 2.0, 4.0], n), length=rng.uniform(0.0, 5.0, n),
        zone_ids=np.arange(zones), first_thru_node=zones if barred else 0,
    )
    trips = rng.uniform(0.0, 20.0, (zones, zones)) * (rng.random((zones, zones)) < 0.7)
    np.fill_diagonal(trips, 0.0)
    return network, trips
