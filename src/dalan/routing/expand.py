"""The expanded graph that turns route constraints into plain shortest paths.

Copies of the virtual graph are indexed by (segment k, transfers used t, borders crossed b):

* segment copies chain the vias: from each *in* node of via ``k`` a free edge leads to the same
  node in segment ``k + 1``, and segment ``k`` uses only the edges its mask allows — so every
  via is visited in order with that segment's modes, and the best route over all segments is
  exact (not a concatenation of per-segment optima);
* with ``max_transfers``, a transfer or gauge-change edge leads from layer ``t`` to ``t + 1`` and
  none leaves the last layer (exact bound, as in the resource-constrained shortest path);
* for each *tracked* border (country pair), a bit records that it was crossed; a crossing edge
  of a tracked border is dropped where its bit is set — the border is crossed at most once.

All unload edges into the final destination node of the last segment lead to one node, the
target. The result is a :class:`VirtualGraph`, so Dijkstra, Yen's k-best and the Pareto search
run on it unchanged; ``edge_map`` maps its edges back (-1 for the via edges).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from dalan.graph import VirtualGraph
from dalan.graph.virtual import EDGE_KINDS

TRANSFER_KINDS = (EDGE_KINDS.index("transfer"), EDGE_KINDS.index("gauge_change"))
PASS_KIND = EDGE_KINDS.index("pass")


@dataclass(frozen=True)
class Expanded:
    """An expanded graph with its source and target nodes and the map back to base edges."""

    graph: VirtualGraph
    edge_map: np.ndarray
    source: int
    target: int
    copies_per_segment: int = 1

    def base_edges(self, path: Sequence[int]) -> list[int]:
        """A path of the expanded graph as edges of the base graph (via edges dropped)."""
        edges = self.edge_map[np.asarray(path, dtype=np.int64)]
        return edges[edges >= 0].tolist()

    def for_pair(self, base: VirtualGraph, origin: int, destination: int) -> Expanded:
        """The expansion from place ``origin`` to place ``destination`` (positions in ``base``),
        as :func:`expand` would build it: with one copy of the graph per segment (no transfer
        layers, no tracked border) its edges do not depend on the two places, only its ends do."""
        if self.copies_per_segment != 1:
            raise ValueError("an expansion with transfer layers or tracked borders is built for one destination")
        n = base.num_nodes
        last = self.graph.num_nodes // n - 1
        return replace(self, source=int(base.origin_node[origin]), target=last * n + int(base.destination_node[destination]))


def expand(
    graph: VirtualGraph,
    origin: int,
    destination: int,
    segment_masks: Sequence[np.ndarray | None],
    via_places: Sequence[int],
    *,
    max_transfers: int | None = None,
    pair_of_edge: np.ndarray | None = None,
    tracked_pairs: Sequence[int] = (),
) -> Expanded:
    """Expand ``graph`` for a route from place ``origin`` through ``via_places`` to ``destination``
    (place positions), segment ``k`` restricted to ``segment_masks[k]``."""
    n, m = graph.num_nodes, graph.num_edges
    segments = len(segment_masks)
    layers = 1 if max_transfers is None else max_transfers + 1
    bits = len(tracked_pairs)
    states = 1 << bits
    copies = segments * layers * states

    def copy(k: int, t: int, b: int) -> int:
        return (k * layers + t) * states + b

    is_transfer = np.isin(graph.kind, TRANSFER_KINDS) if max_transfers is not None else np.zeros(m, dtype=bool)
    bit_of_edge = np.full(m, -1, dtype=np.int64)
    if bits and pair_of_edge is not None:
        for j, pair in enumerate(tracked_pairs):
            bit_of_edge[pair_of_edge == pair] = j
    final_node = int(graph.destination_node[destination])
    final_copy = copy(segments - 1, 0, 0)

    tails, heads, ids = [], [], []
    for k in range(segments):
        mask = segment_masks[k]
        usable = np.ones(m, dtype=bool) if mask is None else mask
        for t in range(layers):
            for b in range(states):
                here = copy(k, t, b)
                edges = np.flatnonzero(usable)
                head_copy = np.full(edges.shape[0], here, dtype=np.int64)
                keep = np.ones(edges.shape[0], dtype=bool)
                if max_transfers is not None:
                    step = is_transfer[edges]
                    keep &= ~step | (t + 1 < layers)
                    head_copy[step] = copy(k, min(t + 1, layers - 1), b)
                if bits:
                    bit = bit_of_edge[edges]
                    crossing = bit >= 0
                    already = crossing & ((b >> np.maximum(bit, 0)) & 1).astype(bool)
                    keep &= ~already
                    new_b = b | np.where(crossing, 1 << np.maximum(bit, 0), 0)
                    head_copy = np.where(crossing, (head_copy - b) + new_b, head_copy)
                edges, head_copy = edges[keep], head_copy[keep]
                head = graph.head[edges].astype(np.int64)
                if k == segments - 1:
                    head_copy = np.where(head == final_node, final_copy, head_copy)
                tails.append(here * n + graph.tail[edges].astype(np.int64))
                heads.append(head_copy * n + head)
                ids.append(edges)
                if k + 1 < segments:  # via k: from its in nodes on to the next segment
                    via_nodes = _in_nodes(graph, via_places[k])
                    tails.append(here * n + via_nodes)
                    heads.append(copy(k + 1, t, b) * n + via_nodes)
                    ids.append(np.full(via_nodes.shape[0], -1, dtype=np.int64))
    tail, head, edge_map = np.concatenate(tails), np.concatenate(heads), np.concatenate(ids)
    order = np.argsort(tail, kind="stable")
    tail, head, edge_map = tail[order], head[order], edge_map[order]
    expanded = _as_graph(graph, tail, head, edge_map, copies, via_places)
    return Expanded(expanded, edge_map, int(graph.origin_node[origin]), final_copy * n + final_node, layers * states)


def _in_nodes(graph: VirtualGraph, place: int) -> np.ndarray:
    in_role = 0  # NODE_ROLES.index("in")
    return np.flatnonzero((graph.node_place == place) & (graph.node_role == in_role)).astype(np.int64)


def _as_graph(
    graph: VirtualGraph, tail: np.ndarray, head: np.ndarray, edge_map: np.ndarray, copies: int, via_places: Sequence[int]
) -> VirtualGraph:
    """The expanded edges as a VirtualGraph: per-edge data copied from the base edges; via edges
    are free pass edges at their place."""
    n = graph.num_nodes
    synthetic = edge_map < 0
    base = np.where(synthetic, 0, edge_map)
    via_place = graph.node_place[tail % n]

    def take(values: np.ndarray, fill) -> np.ndarray:
        out = values[base].copy()
        out[synthetic] = fill if np.isscalar(fill) else fill[synthetic]
        return out

    element_of_place = {p: graph.elements.index(graph.place_ids[p]) for p in set(via_places) if graph.place_ids[p] in graph.elements}
    via_element = np.array([element_of_place.get(int(p), 0) for p in via_place[synthetic]], dtype=graph.element.dtype)
    element = graph.element[base].copy()
    element[synthetic] = via_element
    indptr = np.zeros(n * copies + 1, dtype=np.int64)
    indptr[1:] = np.bincount(tail, minlength=n * copies)
    return replace(
        graph,
        node_place=np.tile(graph.node_place, copies),
        node_role=np.tile(graph.node_role, copies),
        node_mode=np.tile(graph.node_mode, copies),
        node_gauge_mm=np.tile(graph.node_gauge_mm, copies),
        indptr=np.cumsum(indptr),
        tail=tail.astype(np.int32),
        head=head.astype(np.int32),
        time_h=take(graph.time_h, 0.0),
        cost_usd=take(graph.cost_usd, 0.0),
        co2_kg=take(graph.co2_kg, 0.0),
        length_km=take(graph.length_km, 0.0),
        queue_h=take(graph.queue_h, 0.0),
        drive_h=take(graph.drive_h, 0.0),
        kind=take(graph.kind, PASS_KIND),
        mode=take(graph.mode, -1),
        gauge_mm=take(graph.gauge_mm, 0),
        element=element,
        from_place=take(graph.from_place, via_place.astype(graph.from_place.dtype)),
        to_place=take(graph.to_place, via_place.astype(graph.to_place.dtype)),
    )


__all__ = ["Expanded", "expand"]
