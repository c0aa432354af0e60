"""Edge masks for route constraints: modes (per segment), avoided countries, places and links,
"sail from this via port", and the links a cargo class travels by.

Mode semantics: an edge that runs along a link (a link run or the wait for its departure) is
allowed when its layer's mode or its link's mode is allowed — so a rail wagon on a train ferry
(a ferry link in the rail layer) is both rail and ferry. Edges inside places (load, transfer,
border, gauge change) are always allowed: they lead only to links, which the mask governs.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from dalan.costing.model import CargoClass
from dalan.errors import InputError, Problem, UnknownPlaceError
from dalan.graph import MODE_CODES, VirtualGraph
from dalan.messages import Text, both
from dalan.network.countries import country_code, country_name
from dalan.network.model import Link, Network, Place
from dalan.network.search import PlaceIndex

WATER_CODES = (MODE_CODES.index("sea"), MODE_CODES.index("ferry"))
#: A link through this chokepoint passes the territory of this country (for ``avoid``).
CHOKEPOINT_COUNTRY = {"bab_el_mandeb_suez": "EG", "bosphorus": "TR"}
#: Modes whose international links count as border crossings (a deep-sea voyage does not).
BORDER_MODES = ("rail", "road", "ferry")


@dataclass(frozen=True)
class Avoid:
    """Resolved ``avoid`` items: countries (ISO codes), place ids, link ids, chokepoints."""

    countries: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()
    chokepoints: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.countries or self.places or self.links or self.chokepoints)

    def touches(self, place: Place) -> bool:
        """Whether ``place`` or its country is avoided (a stop there is refused)."""
        return place.country in self.countries or place.id in self.places


def resolve_avoid(network: Network, items: Iterable[str], stops: Sequence[Place], record: str = "route") -> Avoid:
    """What each ``avoid`` item names: a country (code or name, English or Persian), a
    chokepoint, a link id or a place. Refuses unknown items and items that contain a stop."""
    items = tuple(items)
    if not items:  # nothing to look up (most routes)
        return Avoid()
    countries, places, links, chokepoints = set(), set(), set(), set()
    present = {p.country for p in network.places}
    known_chokepoints = {c for ln in network.links for c in getattr(ln, "chokepoints", ())}
    problems: list[Problem] = []
    for item in items:
        code = country_code(item)
        key = item.strip().lower().replace("-", "_").replace(" ", "_")
        if code is not None and (code in present or len(item.strip()) > 2):
            countries.add(code)
        elif key in known_chokepoints or key == "suez":
            chokepoints.add("bab_el_mandeb_suez" if key == "suez" else key)
        elif network.has_link(item.strip()):
            links.add(item.strip())
        else:
            try:
                places.add(PlaceIndex.of(network).find(item).id)  # built (once per network) only when asked
            except UnknownPlaceError as error:
                close = error.close[:3]
                problems.append(Problem.of(record, "avoid", item, "not_avoidable", "avoid_guess" if close else "avoid", suggestions=close))
    for stop in stops:
        if stop.country in countries:
            problems.append(
                Problem.of(
                    record, "avoid", Text(country_name(stop.country), country_name(stop.country, "fa")), "avoids_stop_country", "drop_avoid",
                    place=Text(stop.name_en, stop.display_name("fa")),
                )
            )
        if stop.id in places:
            problems.append(Problem.of(record, "avoid", stop.id, "avoids_stop", "drop_avoid"))
    if problems:
        raise InputError(problems)
    return Avoid(frozenset(countries), frozenset(places), frozenset(links), frozenset(chokepoints))


#: Arrays derived from a compiled graph (and the network it was compiled from), built once per
#: graph: a server routes many questions on one graph.
_DERIVED: weakref.WeakKeyDictionary[VirtualGraph, dict[tuple[str, int], np.ndarray]] = weakref.WeakKeyDictionary()


def _derived(graph: VirtualGraph, network: Network, name: str, build: Callable[[], np.ndarray]) -> np.ndarray:
    cache = _DERIVED.setdefault(graph, {})
    key = (name, id(network))
    if key not in cache:
        cache[key] = build()
    return cache[key]


def element_link_modes(network: Network, graph: VirtualGraph) -> np.ndarray:
    """Per element of ``graph``: the mode code of the link it is, -1 for places."""
    return _derived(
        graph,
        network,
        "element_link_modes",
        lambda: np.array(
            [MODE_CODES.index(network.link(e).mode) if network.has_link(e) else -1 for e in graph.elements],
            dtype=np.int8,
        ),
    )


def modes_mask(network: Network, graph: VirtualGraph, modes: Iterable[str] | None) -> np.ndarray | None:
    """Edges usable with ``modes`` (None: every edge); see the module docstring."""
    if modes is None:
        return None
    codes = [MODE_CODES.index(m) for m in modes]
    carrier = element_link_modes(network, graph)[graph.element]
    return (carrier < 0) | np.isin(graph.mode, codes) | np.isin(carrier, codes)


def cargo_mask(network: Network, graph: VirtualGraph) -> np.ndarray | None:
    """Edges the graph's cargo class may use (None: every edge): those along a link whose rate
    key is one the class travels by (``CargoClass.travels_by``: a loaded truck by road, ferry and
    short-sea ro-ro) and whose service takes the class (``Link.carries``), in a layer of such a
    mode (a truck rolls on to a train ferry as a truck, not on a wagon); edges inside places lead
    only to links and stay allowed."""
    costing = graph.costing
    cargo = costing.cargo_class(graph.cargo)
    some_links_restricted = network.memo("links_carry_some_classes", lambda: any(link.carries for link in network.links))
    if cargo.travels_by_everything() and not some_links_restricted:  # read once per network: this runs per route
        return None

    keys = set(cargo.travels_by)

    def takes(link: Link) -> bool:
        """Whether the class travels by the link's rate key and its service takes the class."""
        return costing.rate_key(link) in keys and (not link.carries or cargo.name in link.carries)

    def build() -> np.ndarray:
        travelled = np.array([not network.has_link(e) or takes(network.link(e)) for e in graph.elements], dtype=bool)
        layer_ok = np.array([code < 0 or MODE_CODES[code] in keys for code in range(-1, len(MODE_CODES))])  # by mode code + 1
        carrier = element_link_modes(network, graph)[graph.element]
        return travelled[graph.element] & ((carrier < 0) | (graph.mode == carrier) | layer_ok[graph.mode + 1])

    return _derived(graph, network, "cargo_mask", build)


def travels_by_params(cargo: CargoClass) -> dict[str, object]:
    """The cargo class and the links it travels by, in every language: the parameters of the
    messages that say why it has no route (``no_route.cargo_travels_by``, ``hint.cargo_travels_by``)."""
    return {"cargo": both(cargo.name), "by": tuple(both(f"travels_by.{k}") for k in cargo.travels_by)}


def avoid_mask(network: Network, graph: VirtualGraph, avoid: Avoid) -> np.ndarray | None:
    """Edges that touch no avoided country, place, link or chokepoint (None: nothing avoided)."""
    if not avoid:
        return None
    place_country = _derived(graph, network, "place_country", lambda: np.array([network.place(p).country for p in graph.place_ids]))
    place_ids = _derived(graph, network, "place_ids", lambda: np.array(graph.place_ids))
    bad_place = np.isin(place_country, list(avoid.countries)) | np.isin(place_ids, list(avoid.places))
    blocked_chokepoints = set(avoid.chokepoints) | {c for c, iso in CHOKEPOINT_COUNTRY.items() if iso in avoid.countries}
    bad_element = np.isin(_derived(graph, network, "element_ids", lambda: np.array(graph.elements)), list(avoid.links))
    for chokepoint in sorted(blocked_chokepoints):
        bad_element |= _chokepoint_elements(network, graph, chokepoint)
    touches = bad_place[graph.from_place] | bad_place[graph.to_place] | bad_element[graph.element]
    return ~touches


def _chokepoint_elements(network: Network, graph: VirtualGraph, chokepoint: str) -> np.ndarray:
    """Per element of ``graph``: whether it is a link through ``chokepoint``."""
    return _derived(
        graph,
        network,
        f"chokepoint:{chokepoint}",
        lambda: np.array(
            [network.has_link(e) and chokepoint in getattr(network.link(e), "chokepoints", ()) for e in graph.elements],
            dtype=bool,
        ),
    )


def sail_from_mask(network: Network, graph: VirtualGraph, place: Place) -> np.ndarray:
    """Edges allowed when the cargo must sail from ``place``: every edge but link runs that leave
    it on land (rail or road links)."""
    carrier = element_link_modes(network, graph)[graph.element]
    leaves = (graph.from_place == graph.place_index(place.id)) & (carrier >= 0)
    return ~(leaves & ~np.isin(carrier, WATER_CODES))


def crossing_pairs(network: Network, graph: VirtualGraph) -> np.ndarray:
    """Per edge: the index of the border (unordered country pair) a link run crosses on land or
    by ferry, or -1. The pairs themselves are in ``crossing_pair_names``."""
    return _derived(graph, network, "crossing_pairs", lambda: _crossing_pairs(network, graph))


def _crossing_pairs(network: Network, graph: VirtualGraph) -> np.ndarray:
    names = crossing_pair_names(network, graph)
    lookup = {pair: i for i, pair in enumerate(names)}
    country = [network.place(p).country for p in graph.place_ids]
    carrier = element_link_modes(network, graph)[graph.element]
    border_codes = [MODE_CODES.index(m) for m in BORDER_MODES]
    out = np.full(graph.num_edges, -1, dtype=np.int32)
    candidates = np.flatnonzero(np.isin(carrier, border_codes) & (graph.from_place != graph.to_place))
    for e in candidates:
        a, b = country[graph.from_place[e]], country[graph.to_place[e]]
        if a != b:
            out[e] = lookup[tuple(sorted((a, b)))]
    return out


def crossing_pair_names(network: Network, graph: VirtualGraph) -> list[tuple[str, str]]:
    """Every unordered pair of countries that some link joins, sorted."""
    pairs = {
        tuple(sorted((network.place(ln.from_id).country, network.place(ln.to_id).country)))
        for ln in network.links
        if network.place(ln.from_id).country != network.place(ln.to_id).country
    }
    return sorted(pairs)  # type: ignore[arg-type]


def repeated_pairs(pair_of_edge: np.ndarray, edges: Sequence[int]) -> list[int]:
    """Border pairs a path crosses more than once, in order of their second crossing."""
    seen: set[int] = set()
    repeated: list[int] = []
    for e in edges:
        pair = int(pair_of_edge[e])
        if pair < 0:
            continue
        if pair in seen and pair not in repeated:
            repeated.append(pair)
        seen.add(pair)
    return repeated


def combine(*masks: np.ndarray | None) -> np.ndarray | None:
    """The AND of the masks that are not None (None when all are)."""
    result: np.ndarray | None = None
    for mask in masks:
        if mask is not None:
            result = mask.copy() if result is None else result & mask
    return result


__all__ = [
    "Avoid",
    "avoid_mask",
    "cargo_mask",
    "combine",
    "crossing_pairs",
    "modes_mask",
    "repeated_pairs",
    "resolve_avoid",
    "sail_from_mask",
    "travels_by_params",
]
