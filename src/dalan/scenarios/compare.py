"""Compare two scenarios over many origin–destination pairs: routes, deltas and corridor shares.

Corridor shares come from a multinomial logit over each pair's alternative routes
(:mod:`dalan.routing.choice`: P ∝ exp(-θ·GC/GC_min), θ = 10 by default). Each route is
assigned to the corridor tag carrying most of its km (the Iranian common trunk "INSTC" only when
nothing else applies); shares are averaged over the pairs with equal weight.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dalan.cluster import dask_client
from dalan.data import read_text
from dalan.errors import InputError, Problem, UnknownPlaceError
from dalan.graph import VirtualGraph, compile_graph
from dalan.graph.virtual import EDGE_KINDS, generalized_cost
from dalan.messages import Text, both
from dalan.network.history import load_history, network_as_of, today
from dalan.network.model import Network
from dalan.network.rules import barred_items, load_rules
from dalan.network.search import PlaceIndex
from dalan.options import RouteOptions, parse_scheduler
from dalan.routing.batch import routes_for_pairs
from dalan.routing.choice import DEFAULT_DISPERSION, check_dispersion, logit_shares
from dalan.routing.constraints import resolve_avoid
from dalan.routing.itinerary import Itinerary, build_itinerary
from dalan.scenarios.registry import Scenario

if TYPE_CHECKING:
    import pandas as pd

COMMON_TRUNK = "INSTC"
LINK_KIND = EDGE_KINDS.index("link")


#: Most OD pairs one comparison routes (each pair is routed K times in two scenarios).
MAX_OD_PAIRS = 10_000


#: The Persian names of the OD file's columns (with and without hamza).
OD_COLUMNS = {"مبدأ": "origin", "مبدا": "origin", "مقصد": "destination"}


def read_od_pairs(path: str | Path | None, network: Network) -> tuple[tuple[str, str], ...]:
    """OD pairs from a CSV with columns origin,destination (or مبدأ,مقصد; names or ids; '#' lines
    are comments).

    Every bad line is reported (InputError naming the file, line, field and value): an unknown
    place, a missing value, a pair from a place to itself, a line that is not CSV."""
    text, name = read_text(path, "od_default.csv", both("file_kind.od"))
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.lstrip().startswith("#")]
    parsed: list[tuple[int, list[str]]] = []
    for number, line in numbered:
        try:
            parsed.append((number, next(csv.reader([line]))))
        except (csv.Error, StopIteration) as error:
            raise InputError(Problem.of(f"line {number}", "row", line[:80], "not_csv_row", "od_row", name, error=str(error))) from None
    header = [OD_COLUMNS.get(h.strip(), h.strip()) for h in parsed[0][1]] if parsed else []
    if len(parsed) < 2 or not {"origin", "destination"} <= set(header):
        raise InputError.of("od_header", name=name)
    if len(parsed) - 1 > MAX_OD_PAIRS:
        raise InputError(Problem.of("file", "rows", len(parsed) - 1, "too_many_od", "split_file", name, limit=MAX_OD_PAIRS))
    index = PlaceIndex.of(network)
    problems, pairs = [], []
    for number, values in parsed[1:]:
        row = dict(zip(header, values))
        ids = []
        for field in ("origin", "destination"):
            text_value = (row.get(field) or "").strip()
            if not text_value:
                problems.append(Problem.of(f"line {number}", field, text_value, "missing_place", "place_id_or_name", name))
                continue
            try:
                ids.append(index.find(text_value).id)
            except UnknownPlaceError as exc:
                problems.append(Problem.of(f"line {number}", field, text_value, "unknown_place_said", "place_id_or_name", name, said=Text(exc.message("en"), exc.message("fa"))))
        if len(ids) == 2 and ids[0] == ids[1]:
            problems.append(Problem.of(f"line {number}", "destination", row.get("destination"), "same_as_origin", "remove_line", name))
        elif len(ids) == 2:
            pairs.append((ids[0], ids[1]))
    if problems:
        raise InputError(problems)
    return tuple(dict.fromkeys(pairs))


def corridor_of(itinerary: Itinerary, network: Network) -> str:
    """The corridor tag that carries most of the route's km."""
    km: dict[str, float] = defaultdict(float)
    for link_id in itinerary.link_ids:
        link = network.link(link_id)
        for tag in link.corridors:
            km[tag] += link.length_km
    return _main_corridor(km)


def _main_corridor(km: Mapping[str, float]) -> str:
    """The tag with most km (the common trunk only when no other has any; "none" without tags)."""
    if not km:
        return "none"
    specific = {tag: v for tag, v in km.items() if tag != COMMON_TRUNK}
    pool = specific or km
    return max(sorted(pool), key=lambda tag: pool[tag])


class _EdgeTable:
    """Per edge of a compiled graph: hours, USD, kg CO2e and the km it runs on each corridor tag
    (columns), and the id of the link it runs along (None off links); one matrix product of a
    route's edges gives its totals and corridor."""

    def __init__(self, graph: VirtualGraph, network: Network) -> None:
        names = [graph.elements[el] if kind == LINK_KIND else None for kind, el in zip(graph.kind.tolist(), graph.element.tolist(), strict=True)]
        self.link_ids: list[str | None] = names
        self.tags = sorted({tag for link in network.links for tag in link.corridors})
        column = {tag: 3 + j for j, tag in enumerate(self.tags)}
        values = np.zeros((graph.num_edges, 3 + len(self.tags)))
        values[:, 0], values[:, 1], values[:, 2] = graph.time_h, graph.cost_usd, graph.co2_kg
        for e, name in enumerate(names):
            if name is not None:
                link = network.link(name)
                for tag in link.corridors:
                    values[e, column[tag]] = link.length_km
        self.values = values
        self.graph = graph

    def totals(self, paths: Sequence[Sequence[int]]) -> np.ndarray:
        """Per path (rows): its column sums, its hours with its truck runs timed run by run
        (:meth:`VirtualGraph.truck_rest_h`)."""
        lengths = [len(p) for p in paths]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        sums = np.add.reduceat(self.values[np.concatenate(paths)], starts, axis=0)
        sums[:, 0] += [sum(self.graph.truck_rest_h(p)) for p in paths]
        return sums

    def corridor(self, row: np.ndarray) -> str:
        return _main_corridor({tag: float(km) for tag, km in zip(self.tags, row[3:], strict=True) if km > 0})

    def links(self, path: Sequence[int]) -> tuple[str, ...]:
        names = self.link_ids
        return tuple(name for e in path if (name := names[e]) is not None)


@dataclass(frozen=True)
class PairResult:
    """One OD pair in one scenario: its alternatives (best first), their corridors and shares.

    ``paths`` are the routes as edges of ``graph`` and ``totals`` their hours, USD and kg CO2e
    (the sums of their edges: the itineraries' totals, up to rounding); :attr:`routes` builds the
    itineraries when first asked (a comparison of thousands of pairs reads only the totals)."""

    origin_id: str
    destination_id: str
    paths: tuple[tuple[int, ...], ...]
    corridors: tuple[str, ...]
    shares: tuple[float, ...]
    totals: tuple[tuple[float, float, float], ...]
    criterion: str
    graph: VirtualGraph = dataclasses.field(repr=False, compare=False)
    network: Network = dataclasses.field(repr=False, compare=False)
    link_ids: tuple[str, ...] = ()
    """The best route's links in order (as its :attr:`Itinerary.link_ids`)."""

    @cached_property
    def routes(self) -> tuple[Itinerary, ...]:
        return tuple(build_itinerary(self.graph, self.network, p, quantity=1.0, criterion=self.criterion) for p in self.paths)

    @property
    def best(self) -> Itinerary:
        return self.routes[0]

    @property
    def time_h(self) -> float:
        """The best route's hours."""
        return self.totals[0][0]

    @property
    def cost_usd(self) -> float:
        """The best route's USD per cargo unit."""
        return self.totals[0][1]

    @property
    def co2_kg(self) -> float:
        """The best route's kg CO2e per cargo unit."""
        return self.totals[0][2]


@dataclass(frozen=True)
class Comparison:
    """Two scenarios over the same OD pairs. ``a`` and ``b`` map (origin, destination) → result."""

    name_a: str
    name_b: str
    network_a: Network
    network_b: Network
    a: dict[tuple[str, str], PairResult | None]
    b: dict[tuple[str, str], PairResult | None]
    dispersion: float

    @property
    def label_a(self) -> str:
        """Column label of side A: its name, or ``"NAME (A)"`` when both sides share one."""
        return f"{self.name_a} (A)" if self.name_a == self.name_b else self.name_a

    @property
    def label_b(self) -> str:
        """Column label of side B (see :attr:`label_a`)."""
        return f"{self.name_b} (B)" if self.name_a == self.name_b else self.name_b

    def to_frame(self) -> pd.DataFrame:
        """Per OD pair: best route in each scenario, Δ days, Δ USD, Δ t CO2e and whether it changed."""
        import pandas as pd

        rows = []
        for pair in self.a:
            ra, rb = self.a[pair], self.b[pair]
            row: dict[str, Any] = {"origin": pair[0], "destination": pair[1]}
            for tag, r in (("a", ra), ("b", rb)):
                row[f"days_{tag}"] = r.time_h / 24.0 if r else np.nan
                row[f"usd_{tag}"] = r.cost_usd if r else np.nan
                row[f"t_co2e_{tag}"] = r.co2_kg / 1000 if r else np.nan
                row[f"corridor_{tag}"] = r.corridors[0] if r else "no route"
            row["delta_days"] = row["days_b"] - row["days_a"]
            row["delta_usd"] = row["usd_b"] - row["usd_a"]
            row["delta_t_co2e"] = row["t_co2e_b"] - row["t_co2e_a"]
            row["route_changed"] = (ra is None) != (rb is None) or bool(
                ra and rb and ra.link_ids != rb.link_ids
            )
            rows.append(row)
        return pd.DataFrame(rows)

    def shares_frame(self) -> pd.DataFrame:
        """Corridor shares (logit over alternatives, averaged over OD pairs) in A and B.

        Columns :attr:`label_a`, :attr:`label_b` (distinct even when A and B are the same
        scenario) and ``delta``; each side's shares sum to 1 (0 when it has no route at all)."""
        import pandas as pd

        label_a, label_b = self.label_a, self.label_b
        table: dict[str, dict[str, float]] = defaultdict(lambda: {label_a: 0.0, label_b: 0.0})
        for name, results in ((label_a, self.a), (label_b, self.b)):
            usable = [r for r in results.values() if r is not None]
            for r in usable:
                for corridor, share in zip(r.corridors, r.shares, strict=True):
                    table[corridor][name] += share / len(usable)
        frame = pd.DataFrame.from_dict(table, orient="index", columns=[label_a, label_b]).sort_index()
        frame.index.name = "corridor"
        frame["delta"] = frame[label_b] - frame[label_a]
        return frame

    def changed_links(self) -> list[str]:
        """Links that differ between the two networks (added, removed or edited)."""
        ids = {ln.id for ln in self.network_a.links} | {ln.id for ln in self.network_b.links}
        changed = []
        for link_id in sorted(ids):
            la = self.network_a.link(link_id) if self.network_a.has_link(link_id) else None
            lb = self.network_b.link(link_id) if self.network_b.has_link(link_id) else None
            if la != lb:
                changed.append(link_id)
        return changed


def _pair_result(
    scenario: Scenario, graph: VirtualGraph, table: _EdgeTable, pair: tuple[str, str], paths: list[list[int]] | None, by: str, dispersion: float
) -> PairResult | None:
    if paths is None:  # no route, or the pair lies in an avoided country
        return None
    vot = scenario.costing.cargo_class(graph.cargo).value_of_time_usd_per_h
    price = scenario.costing.carbon_price_usd_per_t
    sums = table.totals(paths)
    totals = tuple((float(r[0]), float(r[1]), float(r[2])) for r in sums)
    return PairResult(
        pair[0],
        pair[1],
        tuple(tuple(p) for p in paths),
        tuple(table.corridor(row) for row in sums),
        tuple(float(s) for s in logit_shares(generalized_cost(sums[:, 1], sums[:, 0], sums[:, 2], vot, price), dispersion)),
        totals,
        by,
        graph,
        scenario.network,
        table.links(paths[0]),
    )


def compare(
    a: Scenario,
    b: Scenario,
    od_pairs: Sequence[tuple[str, str]],
    *,
    by: str = "generalized",
    alternatives: int = 3,
    dispersion: float = DEFAULT_DISPERSION,
    cargo: str = "container",
    modes: Sequence[str] | str | None = None,
    avoid: Sequence[str] = (),
    max_transfers: int | None = None,
    date: dt.date | None = None,
    progress=None,
    scheduler: str | None = None,
) -> Comparison:
    """Route every OD pair in both scenarios (best + alternatives) and collect the comparison.

    ``cargo``, ``modes``, ``avoid`` and ``max_transfers`` constrain every route as in ``route``.
    Both scenarios are taken as they stood on ``date`` (default today): the dated history's
    closures, delays and surcharges, and per pair the sanction rules binding its cargo; a given
    ``date`` also prices that year's deep-sea market (as ``dalan route --date``).
    The pairs are routed together (:func:`~dalan.routing.batch.routes_for_pairs`: one tree per
    destination, the same routes as ``k_best_routes`` gives each pair on its own).
    ``progress``, if given, is called once per pair and scenario (e.g. a Rich progress advance).
    ``scheduler`` (a Dask scheduler address, ``tcp://HOST:8786``) splits the pairs over that
    cluster, with the same answers.
    """
    constraints: dict[str, Any] = {"cargo": cargo, "modes": modes, "avoid": list(avoid), "max_transfers": max_transfers}
    options = RouteOptions.build("origin", "destination", by=by, alternatives=alternatives, **constraints)  # refuse bad options once, up front
    dispersion = check_dispersion(dispersion, "compare")
    scheduler = parse_scheduler(scheduler, "compare")
    resolve_avoid(a.network, avoid, [])
    results: list[dict] = [{}, {}]
    on, history = date or today(), load_history()
    dated: list[Scenario] = []
    with dask_client(scheduler, "compare") if scheduler else nullcontext() as client:  # one connection for both
        for k, scenario in enumerate((a, b)):
            costing = scenario.costing.at_date(date)
            scenario = replace(scenario, network=network_as_of(scenario.network, history, on)[0], costing=costing)
            dated.append(scenario)
            graph = compile_graph(scenario.network, scenario.costing, cargo)
            places, rules = PlaceIndex.of(scenario.network), (*load_rules(), *scenario.rules)
            banned = []
            for origin, destination in od_pairs:
                try:
                    banned.append(barred_items(scenario.network, rules, places.find(origin), places.find(destination), on))
                except UnknownPlaceError:
                    banned.append([])  # routes_for_pairs raises it
            paths = routes_for_pairs(scenario.network, graph, options, od_pairs, banned, progress, client)
            table = _EdgeTable(graph, scenario.network)
            for pair, found in zip(od_pairs, paths, strict=True):
                results[k][pair] = _pair_result(scenario, graph, table, pair, found, by, dispersion)
    return Comparison(a.name, b.name, dated[0].network, dated[1].network, results[0], results[1], dispersion)
