"""A summary of a network: places by kind and country, links and km by mode and status, gauges."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dalan.network.model import Network

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class NetworkSummary:
    """Counts and lengths of a network. Each table is a tuple of rows, largest first.

    ``km_by_gauge`` counts rail links only; a dual-gauge link counts in each of its gauges.
    """

    name: str
    place_count: int
    link_count: int
    places_by_kind: tuple[tuple[str, int], ...]
    places_by_country: tuple[tuple[str, int], ...]
    links_by_mode_status: tuple[
        tuple[str, str, int, float], ...
    ]  # mode, status, links, km
    km_by_gauge: tuple[tuple[int, float], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "place_count": self.place_count,
            "link_count": self.link_count,
            "places_by_kind": dict(self.places_by_kind),
            "places_by_country": dict(self.places_by_country),
            "links_by_mode_status": [
                {"mode": mode, "status": status, "links": n, "km": km}
                for mode, status, n, km in self.links_by_mode_status
            ],
            "km_by_gauge": {str(gauge): km for gauge, km in self.km_by_gauge},
        }

    def to_frame(self) -> pd.DataFrame:
        """One long table: columns ``table``, ``key``, ``count``, ``km``."""
        import pandas as pd  # only needed here; keeps ``import dalan.network`` light

        rows: list[tuple[str, str, int | None, float | None]]
        rows = [("place kind", kind, n, None) for kind, n in self.places_by_kind]
        rows += [("country", country, n, None) for country, n in self.places_by_country]
        rows += [
            ("mode/status", f"{mode}/{status}", n, km)
            for mode, status, n, km in self.links_by_mode_status
        ]
        rows += [("gauge mm", str(gauge), None, km) for gauge, km in self.km_by_gauge]
        return pd.DataFrame(rows, columns=["table", "key", "count", "km"]).astype(
            {"count": "Int64", "km": "Float64"}
        )


def _largest_first(counts: Counter) -> tuple[tuple, ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def summarize(network: Network) -> NetworkSummary:
    """The :class:`NetworkSummary` of ``network``."""
    links: Counter[tuple[str, str]] = Counter()
    km: defaultdict[tuple[str, str], float] = defaultdict(float)
    km_by_gauge: defaultdict[int, float] = defaultdict(float)
    for link in network.links:
        links[link.mode, link.status] += 1
        km[link.mode, link.status] += link.length_km
        if link.mode == "rail":
            for gauge in link.gauges_mm:
                km_by_gauge[gauge] += link.length_km
    by_km = sorted(km.items(), key=lambda item: (-item[1], item[0]))
    return NetworkSummary(
        name=network.name,
        place_count=len(network.places),
        link_count=len(network.links),
        places_by_kind=_largest_first(
            Counter(kind for place in network.places for kind in place.kinds)
        ),
        places_by_country=_largest_first(
            Counter(place.country for place in network.places)
        ),
        links_by_mode_status=tuple(
            (mode, status, links[mode, status], total)
            for (mode, status), total in by_km
        ),
        km_by_gauge=_largest_first(Counter(km_by_gauge)),
    )
