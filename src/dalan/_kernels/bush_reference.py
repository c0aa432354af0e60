"""Plain-Python Algorithm B, the test oracle for :mod:`dalan._kernels.bush` (slow, obviously right).

The same steps in the same order (see that module's docstring), written with lists and sets:
initial shortest-path trees from scipy's Dijkstra, Kahn's topological order, labels, Newton moves
between the longest used and the shortest segment, pruning and growing, extrapolation of a round's
change with a bisection line search and proportional reloading. Link times and derivatives come from
callables on the whole flow array (the :mod:`dalan.assignment.vdf` functions), recomputed after
every move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from dalan._kernels.bush import BISECTIONS, TIE
from dalan._kernels.reference import shortest_path_tree_reference

Curve = Callable[[np.ndarray], np.ndarray]


@dataclass
class ReferenceBushes:
    """A network, its classes and one bush per (class, origin), with the link times kept current."""

    num_nodes: int
    tail: np.ndarray
    head: np.ndarray
    first_thru_node: int
    time_of: Curve
    derivative_of: Curve
    derivative_floor: float
    vot: np.ndarray
    pce: np.ndarray
    fixed: np.ndarray
    origins: list[int]
    classes: list[int]
    unused: list[float]
    flow: np.ndarray = field(init=False)
    member: list[set[int]] = field(init=False)
    order: list[list[int]] = field(init=False)

    def __post_init__(self) -> None:
        links = range(len(self.tail))
        self.in_links = [[a for a in links if self.head[a] == v] for v in range(self.num_nodes)]
        self.out_links = [[a for a in links if self.tail[a] == v] for v in range(self.num_nodes)]
        self.flow = np.zeros((len(self.origins), len(self.tail)))
        self.member = [set() for _ in self.origins]
        self.order = [[] for _ in self.origins]
        self.refresh()

    def refresh(self) -> None:
        """Total flow from the bush flows; times and floored derivatives at it."""
        self.total = np.zeros(len(self.tail))
        for b, c in enumerate(self.classes):
            self.total += self.pce[c] * self.flow[b]
        self.time = self.time_of(self.total)
        self.derivative = np.maximum(self.derivative_of(self.total), self.derivative_floor)

    def cost(self, b: int, a: int) -> float:
        c = self.classes[b]
        return self.vot[c] * self.time[a] + self.fixed[c, a]

    def start(self, zone_nodes: np.ndarray, demand: np.ndarray) -> None:
        """Shortest-path trees at the current times, loaded with ``demand[b]`` (by zone)."""
        for b, origin in enumerate(self.origins):
            cost = np.array([self.cost(b, a) for a in range(len(self.tail))])
            dist, pred = shortest_path_tree_reference(self.num_nodes, self.tail, self.head, cost, origin,
                                                      self.first_thru_node)
            self.member[b] = {int(a) for a in pred if a >= 0}
            for zone, trips in zip(zone_nodes, demand[b], strict=True):
                node = int(zone)
                while trips > 0 and np.isfinite(dist[node]) and pred[node] >= 0:
                    self.flow[b, pred[node]] += trips
                    node = int(self.tail[pred[node]])
            self.order[b] = self.topological_order(b)
        self.refresh()

    def topological_order(self, b: int) -> list[int]:
        indegree = [0] * self.num_nodes
        for a in self.member[b]:
            indegree[self.head[a]] += 1
        order = [self.origins[b]]
        for u in order:
            for a in self.out_links[u]:
                if a in self.member[b]:
                    indegree[self.head[a]] -= 1
                    if indegree[self.head[a]] == 0:
                        order.append(int(self.head[a]))
        return order

    def labels(self, b: int, used: float) -> tuple[dict, dict]:
        """``{node: (distance, entering link)}`` for the shortest and longest (over flow > used) paths;
        a tie (costs within a share ``TIE``) goes to the first entering link."""
        origin = self.origins[b]
        shortest, longest = {origin: (0.0, -1)}, {origin: (0.0, -1)}
        for j in self.order[b][1:]:
            into = [a for a in self.in_links[j] if a in self.member[b]]
            best = (np.inf, -1)
            worst = (-np.inf, -1)
            for a in into:
                i = self.tail[a]
                shorter, longer = shortest[i][0] + self.cost(b, a), longest[i][0] + self.cost(b, a)
                if shorter < best[0] - TIE * shorter:
                    best = (shorter, a)
                if self.flow[b, a] > used and longer > worst[0] + TIE * longer:
                    worst = (longer, a)
            shortest[j] = best
            longest[j] = worst if worst[1] >= 0 else best
        return shortest, longest

    def segment(self, labels: dict, j: int, stop: int) -> list[int]:
        links = []
        while j != stop:
            links.append(labels[j][1])
            j = int(self.tail[labels[j][1]])
        return links

    def move(self, b: int, a: int, dx: float) -> None:
        self.flow[b, a] += dx
        self.total[a] = max(self.total[a] + self.pce[self.classes[b]] * dx, 0.0)
        self.time = self.time_of(self.total)
        self.derivative = np.maximum(self.derivative_of(self.total), self.derivative_floor)

    def shift(self, b: int, j: int, shortest: dict, longest: dict) -> bool:
        position = {v: k for k, v in enumerate(self.order[b])}
        u, w = int(self.tail[shortest[j][1]]), int(self.tail[longest[j][1]])
        while u != w:
            if position[u] > position[w]:
                u = int(self.tail[shortest[u][1]])
            else:
                w = int(self.tail[longest[w][1]])
        long_links, short_links = self.segment(longest, j, u), self.segment(shortest, j, u)
        difference = sum(self.cost(b, a) for a in long_links) - sum(self.cost(b, a) for a in short_links)
        room = min(self.flow[b, a] for a in long_links)
        if difference <= 0.0 or room <= self.unused[b]:
            return False
        c = self.classes[b]
        curvature = sum(self.derivative[a] for a in long_links + short_links)
        dx = min(difference / (self.vot[c] * self.pce[c] * curvature), room)
        for a in long_links:
            self.move(b, a, -dx)
        for a in short_links:
            self.move(b, a, dx)
        return True

    def equilibrate(self, b: int, tolerance: float) -> bool:
        """One sweep; whether any flow moved."""
        shortest, longest = self.labels(b, self.unused[b])
        moved = False
        for j in reversed(self.order[b][1:]):
            gap = longest[j][0] - shortest[j][0]
            if shortest[j][1] != longest[j][1] and gap > tolerance * longest[j][0]:
                moved |= self.shift(b, j, shortest, longest)
        return moved

    def improve(self, b: int) -> None:
        shortest, _ = self.labels(b, self.unused[b])
        for a in sorted(self.member[b]):
            if self.flow[b, a] <= self.unused[b] and shortest[self.head[a]][1] != a:
                self.member[b].discard(a)
                if self.flow[b, a] != 0.0:
                    self.move(b, a, -self.flow[b, a])
        longest = {self.origins[b]: 0.0}  # exact, over the links that stay
        for j in self.order[b][1:]:
            longest[j] = max(longest[int(self.tail[a])] + self.cost(b, a)
                             for a in self.in_links[j] if a in self.member[b])
        origin = self.origins[b]
        added = False
        for a in range(len(self.tail)):
            i, j = int(self.tail[a]), int(self.head[a])
            if a in self.member[b] or i not in shortest or (i < self.first_thru_node and i != origin):
                continue
            if longest[i] >= longest[j]:
                continue
            cost = self.cost(b, a)
            if shortest[i][0] + cost < shortest[j][0] * (1 - TIE) or longest[i] + cost < longest[j] * (1 - TIE):
                self.member[b].add(a)
                added = True
        if added:
            self.order[b] = self.topological_order(b)

    def step_length(self, previous: np.ndarray, limit: float) -> float:
        """Best ``omega`` in ``[1, limit]`` on ``previous + omega * (flow - previous)``, by bisection."""
        pce = np.array([self.pce[c] for c in self.classes])
        change = self.flow - previous
        base, delta = pce @ previous, pce @ change
        constant = sum(self.pce[c] / self.vot[c] * float(self.fixed[c] @ change[b]) for b, c in enumerate(self.classes))

        def slope(omega: float) -> float:
            moving = delta != 0.0
            time = self.time_of(np.maximum(base + omega * delta, 0.0))
            return constant + float(np.sum(time[moving] * delta[moving]))

        if slope(1.0) >= 0.0:
            return 1.0
        if slope(limit) <= 0.0:
            return limit
        low, high = 1.0, limit
        for _ in range(BISECTIONS):
            middle = 0.5 * (low + high)
            low, high = (middle, high) if slope(middle) < 0.0 else (low, middle)
        return low

    def reload(self, b: int, target: np.ndarray) -> None:
        """Same destination demand, split at each node (last to first) as ``target`` enters it."""
        flow, member = self.flow[b], self.member[b]
        node_flow = dict.fromkeys(self.order[b], 0.0)
        for a in member:
            node_flow[int(self.head[a])] += flow[a]
            node_flow[int(self.tail[a])] -= flow[a]
        for j in reversed(self.order[b][1:]):
            through = max(node_flow[j], 0.0)
            into = [a for a in self.in_links[j] if a in member]
            by_target, by_flow = sum(target[a] for a in into), sum(flow[a] for a in into)
            for k, a in enumerate(into):
                if by_target > 0.0:
                    share = target[a] / by_target
                elif by_flow > 0.0:
                    share = flow[a] / by_flow
                else:
                    share = 1.0 if k == 0 else 0.0
                flow[a] = through * share
                node_flow[int(self.tail[a])] += flow[a]

    def extrapolate(self, previous: np.ndarray, moved: list[bool], limit: float) -> float:
        """Extrapolate the bushes that ``moved`` since ``previous`` (the others did not change)."""
        omega = self.step_length(previous, limit)
        if omega <= 1.0:
            return omega
        for b in range(len(self.origins)):
            if not moved[b]:
                continue
            target = previous[b] + omega * (self.flow[b] - previous[b])
            negative = bool(np.any(target < 0.0))
            target[target <= self.unused[b]] = 0.0
            if negative:
                self.reload(b, target)
            else:
                self.flow[b] = target
        self.refresh()
        return omega

    def iterate(self, sweeps: int, tolerance: float, rounds: int = 1, limit: float = 1.0) -> None:
        """One iteration, as :func:`dalan._kernels.bush.iterate`."""
        self.refresh()
        active = []
        for b in range(len(self.origins)):
            self.improve(b)
            active.append(self.equilibrate(b, tolerance))
        for _ in range(rounds):
            if not any(active):
                break
            previous, moved = self.flow.copy(), list(active)
            for _ in range(sweeps):
                for b in range(len(self.origins)):
                    if active[b]:
                        active[b] = self.equilibrate(b, tolerance)
            if limit > 1.0:
                self.extrapolate(previous, moved, limit)
