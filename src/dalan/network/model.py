"""The physical network: places, links and the network that holds them.

All three are immutable. Units are in the field names. Vocabularies (modes, statuses, place kinds,
gauge-change methods) are plain string constants so that files stay readable; validation
(:mod:`dalan.network.validation`) checks them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

MODES: tuple[str, ...] = ("rail", "road", "sea", "ferry")
STATUSES: tuple[str, ...] = ("operational", "under_construction", "planned", "closed", "suspended")
PLACE_KINDS: tuple[str, ...] = (
    "city",
    "rail_station",
    "rail_terminal",
    "port",
    "ferry_terminal",
    "border_crossing",
    "gauge_change",
    "dry_port",
)
GAUGE_CHANGE_METHODS: tuple[str, ...] = ("transshipment", "bogie_exchange", "dual_gauge")
CONFIDENCES: tuple[str, ...] = ("high", "medium", "estimate", "")
#: Sea passages a sea/ferry link can pass through (``Link.chokepoints``); scenarios close them.
CHOKEPOINTS: tuple[str, ...] = ("hormuz", "bab_el_mandeb_suez", "bosphorus", "cape_of_good_hope")

#: Place kinds where ships and ferries call.
PORT_KINDS: frozenset[str] = frozenset({"port", "ferry_terminal"})
#: Place kinds where goods can change mode (load, unload, transship). A bare border crossing
#: cannot: traffic passes it in the mode it arrived in.
TRANSFER_KINDS: frozenset[str] = frozenset(
    {"city", "rail_station", "rail_terminal", "port", "ferry_terminal", "gauge_change", "dry_port"}
)


@lru_cache(maxsize=8192)
def _display_name(name_en: str, name_fa: str) -> str:
    """:meth:`Place.display_name` of these names (``name_fa`` empty but in Persian), kept: tables,
    maps and route answers ask for the same places' names again and again."""
    if name_fa:
        return name_fa.split(" – ")[0]
    name = name_en.split(" – ")[0]
    head, _, tail = name.partition(" (")
    return head if tail and len(tail) > 12 else name


@dataclass(frozen=True)
class Place:
    """A node of the physical network: a city, station, port, border crossing or gauge-change yard.

    Border dwell fields are the modelling defaults for a stop at this place when it is a border
    crossing or gauge-change point (mean and the low–high range, hours); ``None`` means "not a
    stop of that kind here". ``gauge_change_methods`` lists the methods used here, dominant first.
    """

    id: str
    name_en: str
    name_fa: str
    country: str
    lat: float
    lon: float
    kinds: tuple[str, ...]
    gauges_mm: tuple[int, ...] = ()
    aliases: tuple[str, ...] = ()
    corridors: tuple[str, ...] = ()
    rail_border_dwell_h: float | None = None
    rail_border_dwell_low_h: float | None = None
    rail_border_dwell_high_h: float | None = None
    road_border_dwell_h: float | None = None
    road_border_dwell_low_h: float | None = None
    road_border_dwell_high_h: float | None = None
    border_fee_usd: float | None = None
    gauge_change_methods: tuple[str, ...] = ()
    gauge_change_capacity_wagons_per_day: float | None = None
    capacity_note: str = ""
    notes: str = ""
    source: str = ""
    confidence: str = ""

    def display_name(self, lang: str = "en") -> str:
        """A short name for tables and maps: the Persian name, or the English one without its
        "– role" tail and without a long parenthetical ("Moscow (rail hub; …)" → "Moscow", but
        "Astara (IR) – ADY freight terminal" → "Astara (IR)")."""
        return _display_name(self.name_en, self.name_fa if lang == "fa" else "")

    @property
    def is_border(self) -> bool:
        return "border_crossing" in self.kinds

    @property
    def is_port(self) -> bool:
        """A sea port or ferry terminal: rolling units are cleared here before a voyage."""
        return not PORT_KINDS.isdisjoint(self.kinds)

    @property
    def gauge_change_method(self) -> str:
        """The dominant way cargo changes gauge here (transshipment when none is recorded)."""
        return self.gauge_change_methods[0] if self.gauge_change_methods else "transshipment"

    @property
    def is_gauge_change(self) -> bool:
        return "gauge_change" in self.kinds or bool(self.gauge_change_methods)

    @property
    def handles_transfers(self) -> bool:
        """Whether goods can change mode here (see :data:`TRANSFER_KINDS`)."""
        return any(kind in TRANSFER_KINDS for kind in self.kinds)


@dataclass(frozen=True)
class Link:
    """An undirected physical link between two places, usable in both directions.

    ``gauges_mm`` holds the track gauges of a rail link (two for dual-gauge track), or the gauge of
    the wagons a rail ferry carries. ``transit_time_h`` is a published running/crossing time; when
    it is ``None`` the time is ``length_km / speed_kmh``. ``sailings_per_week`` is per direction.
    ``chokepoints`` names the sea passages (:data:`CHOKEPOINTS`) a sea/ferry link passes through.
    ``extra_delay_h`` is added to every run of the link and ``surcharge_usd_per_teu`` to the money of
    every container (TEU) moved on it: a restriction or a war-risk surcharge, set by a scenario or
    by the dated history (:mod:`dalan.network.history`). ``load_limit_share`` is the share of a full
    load each run may carry (1 = no limit; a low water level or a draught limit lowers it): the run's
    money and CO2e are spread over fewer units (each unit pays ``1 / load_limit_share`` times as
    much) and its capacity shrinks by the share. ``carries`` names the cargo classes its service
    takes where it takes only some (a ro-ro line for trucks: ``("truck", "vehicle")``); empty, every
    class that travels by its mode.
    """

    id: str
    from_id: str
    to_id: str
    mode: str
    length_km: float
    gauges_mm: tuple[int, ...] = ()
    tracks: str = ""
    electrified: str = ""
    speed_kmh: float | None = None
    transit_time_h: float | None = None
    sailings_per_week: float | None = None
    capacity_note: str = ""
    status: str = "operational"
    year: int | None = None
    status_note: str = ""
    corridors: tuple[str, ...] = ()
    chokepoints: tuple[str, ...] = ()
    geometry: tuple[tuple[float, float], ...] | None = None
    notes: str = ""
    source: str = ""
    confidence: str = ""
    extra_delay_h: float = 0.0
    surcharge_usd_per_teu: float = 0.0
    load_limit_share: float = 1.0
    carries: tuple[str, ...] = ()

    def other_end(self, place_id: str) -> str:
        return self.to_id if place_id == self.from_id else self.from_id


def is_country_code(code: str) -> bool:
    """Whether ``code`` is written as a two-letter ISO 3166 country code (``KZ``)."""
    return len(code) == 2 and code.isalpha() and code.isupper()


@dataclass(frozen=True)
class Network:
    """Places and links, with id look-ups. Build variants with :meth:`replace_places` etc."""

    places: tuple[Place, ...]
    links: tuple[Link, ...]
    name: str = "network"
    _place_index: Mapping[str, Place] = field(init=False, repr=False, compare=False)
    _link_index: Mapping[str, Link] = field(init=False, repr=False, compare=False)
    _memo: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "places", tuple(self.places))
        object.__setattr__(self, "links", tuple(self.links))
        object.__setattr__(self, "_place_index", MappingProxyType({p.id: p for p in self.places}))
        object.__setattr__(self, "_link_index", MappingProxyType({ln.id: ln for ln in self.links}))
        object.__setattr__(self, "_memo", {})

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """Something derived from this (immutable) network, built once: e.g. its place index."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def place(self, place_id: str) -> Place:
        return self._place_index[place_id]

    def link(self, link_id: str) -> Link:
        return self._link_index[link_id]

    def has_place(self, place_id: str) -> bool:
        return place_id in self._place_index

    def has_link(self, link_id: str) -> bool:
        return link_id in self._link_index

    def links_at(self, place_id: str) -> Iterator[Link]:
        return (ln for ln in self.links if place_id in (ln.from_id, ln.to_id))

    def border_countries(self, place_id: str) -> frozenset[str]:
        """The countries across the border a border station sits on: those of the foreign border
        stations it links to (Brest's pair is Małaszewicze: it sits on Poland's border, not on
        Russia's, though a line runs from it to Moscow), else every foreign country it links to
        (Altynkol, linked only to Chinese cities, sits on China's)."""

        def build() -> dict[str, frozenset[str]]:
            foreign: dict[str, set[str]] = defaultdict(set)
            stations: dict[str, set[str]] = defaultdict(set)
            for link in self.links:
                a, b = self.place(link.from_id), self.place(link.to_id)
                if a.country == b.country:
                    continue
                for here, there in ((a, b), (b, a)):
                    if here.is_border:
                        foreign[here.id].add(there.country)
                        if there.is_border:
                            stations[here.id].add(there.country)
            return {pid: frozenset(stations.get(pid) or countries) for pid, countries in foreign.items()}

        return self.memo("border_countries", build).get(place_id, frozenset())

    def run_countries(self, link: Link) -> tuple[str, str]:
        """The countries whose railway or road group runs each half of a land link: its ends'
        countries, except that a link from a border station into the country across that border
        (:meth:`border_countries`) runs wholly in that country (Xi'an → Altynkol, 3,300 km of
        Chinese line, is China's railway's, not half Kazakhstan's)."""
        a, b = self.place(link.from_id), self.place(link.to_id)
        if a.country != b.country and link.mode in ("rail", "road") and a.is_border != b.is_border:
            station, inland = (a, b) if a.is_border else (b, a)
            if inland.country in self.border_countries(station.id):
                return inland.country, inland.country
        return a.country, b.country

    def with_changes(
        self,
        places: Iterable[Place] | None = None,
        links: Iterable[Link] | None = None,
        name: str | None = None,
    ) -> Network:
        """A new network with the given places/links replacing (or extending) these, by id."""
        place_map = dict(self._place_index)
        link_map = dict(self._link_index)
        for place in places or ():
            place_map[place.id] = place
        for link in links or ():
            link_map[link.id] = link
        return Network(tuple(place_map.values()), tuple(link_map.values()), name or self.name)

    def without(self, place_ids: Iterable[str] = (), link_ids: Iterable[str] = ()) -> Network:
        """A new network without the given places (and their links) and links."""
        drop_places = set(place_ids)
        drop_links = set(link_ids)
        places = tuple(p for p in self.places if p.id not in drop_places)
        links = tuple(
            ln
            for ln in self.links
            if ln.id not in drop_links and ln.from_id not in drop_places and ln.to_id not in drop_places
        )
        return Network(places, links, self.name)


__all__ = [
    "CHOKEPOINTS",
    "CONFIDENCES",
    "GAUGE_CHANGE_METHODS",
    "MODES",
    "PLACE_KINDS",
    "STATUSES",
    "TRANSFER_KINDS",
    "Link",
    "Network",
    "Place",
    "replace",
]
