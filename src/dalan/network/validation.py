"""Validation of a physical network: every problem in one pass, each with id, field, value and a hint.

:func:`validate_records` works on raw lists (so duplicate ids, which a :class:`Network` cannot hold,
are caught); :func:`validate` on a network; :func:`check` raises :class:`InputError` when anything
is wrong. Rules:

* link ends that name no place; duplicate place or link ids;
* latitude/longitude out of range; unknown mode, status, place kind, gauge-change method or
  chokepoint;
* a number that is not finite or out of its range (:data:`NUMERIC_RULES`): a non-positive length,
  speed, transit time or number of sailings, a negative dwell or fee, a year outside 1800..2200;
* a rail link without gauge;
* a link shorter than the great-circle distance between its ends (1 % slack);
* a border crossing with neither rail nor road dwell;
* a gauge-change place whose rail/ferry links carry fewer than two different gauges;
* a sea or ferry link with neither speed nor transit time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from dalan.choices import CARGO_CLASSES
from dalan.errors import InputError, Problem, Said
from dalan.messages import Text, both, text
from dalan.network.geo import haversine_km
from dalan.network.model import (
    CHOKEPOINTS,
    GAUGE_CHANGE_METHODS,
    MODES,
    PLACE_KINDS,
    STATUSES,
    Link,
    Network,
    Place,
)

#: A link may be this much shorter than the great circle between its ends (rounded coordinates).
GREAT_CIRCLE_SLACK = 0.01

#: (low, high, low_open, unit hint) of every numeric Place/Link field: values must be finite and
#: inside. A sailing frequency of 0 or a negative dwell is refused here, where input enters,
#: rather than routed as a default frequency or fed to a shortest path as a negative weight.
NUMERIC_RULES: dict[str, dict[str, tuple[float, float, bool, Text]]] = {
    "place": {
        "lat": (-90.0, 90.0, False, both("what.degrees")),
        "lon": (-180.0, 180.0, False, both("what.degrees")),
        **{
            name: (0.0, 24.0 * 365, False, both("what.hours"))
            for name in (
                "rail_border_dwell_h", "rail_border_dwell_low_h", "rail_border_dwell_high_h",
                "road_border_dwell_h", "road_border_dwell_low_h", "road_border_dwell_high_h",
            )
        },
        "border_fee_usd": (0.0, 1e7, False, both("what.usd_per_crossing")),
        "gauge_change_capacity_wagons_per_day": (0.0, 1e6, True, both("what.wagons_per_day")),
    },
    "link": {
        "length_km": (0.0, 50_000.0, True, both("what.km")),
        "speed_kmh": (0.0, 1_000.0, True, both("what.km_h")),
        "transit_time_h": (0.0, 24.0 * 365, True, both("what.hours")),
        "sailings_per_week": (0.0, 10_000.0, False, both("what.sailings")),
        "year": (1800.0, 2200.0, False, both("what.year")),
        "extra_delay_h": (0.0, 24.0 * 365, False, both("what.delay")),
        "surcharge_usd_per_teu": (0.0, 1e7, False, both("what.surcharge")),
        "load_limit_share": (0.0, 1.0, True, both("what.load_share")),
    },
}


#: Statuses under which a sea/ferry link may have 0 sailings (no service, never routed).
NO_SERVICE_STATUSES: tuple[str, ...] = ("suspended", "closed")


def number_problem(target: str, name: str, value: Any) -> Said | None:
    """Why and a hint (:class:`Said`) when ``value`` cannot go into numeric field ``name`` of a place or link
    (``target`` "place" or "link"): not a number, not finite, or outside :data:`NUMERIC_RULES`.
    None when it can, when the field is not numeric, or when an optional value is None."""
    rule = NUMERIC_RULES[target].get(name)
    if rule is None or value is None:
        return None
    low, high, low_open, unit = rule
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Said.of("not_a_number_short", "what_as_number", what=unit)
    if not math.isfinite(value):
        return Said.of("not_finite_number", "what_as_finite", what=unit)
    if (value <= low if low_open else value < low) or value > high:
        return Said.of("above_at_most" if low_open else "from_to", "what_in_range", low=low, high=high, what=unit)
    return None


def record_number_problems(record: Place | Link, file: str = "") -> list[Problem]:
    """One problem per numeric field of ``record`` that :func:`number_problem` refuses."""
    target = "place" if isinstance(record, Place) else "link"
    problems = []
    for name in NUMERIC_RULES[target]:
        value = getattr(record, name)
        found = number_problem(target, name, value)
        if found and not (target == "place" and name in ("lat", "lon")):  # coordinates: _coordinates
            problems.append(found.problem(f"{target} {record.id}", name, value, file))
    if isinstance(record, Link) and record.sailings_per_week == 0 and record.status not in NO_SERVICE_STATUSES:
        problems.append(
            Problem.of(f"link {record.id}", "sailings_per_week", 0, "no_sailings", "no_sailings", file, status=Text(record.status, text(record.status, "fa")))
        )
    return problems


def validate_records(
    places: Sequence[Place], links: Sequence[Link], file: str = ""
) -> list[Problem]:
    """Every problem in these places and links (see the module docstring for the rules)."""
    checks = (
        duplicate_problems(places, links, file),
        _dangling_ends(places, links, file),
        _coordinates(places, file),
        (p for place in places for p in record_number_problems(place, file)),
        _vocabularies(places, links, file),
        _link_numbers(links, file),
        _shorter_than_great_circle(places, links, file),
        _borders_without_dwell(places, file),
        _gauge_changes_without_two_gauges(places, links, file),
    )
    return [problem for check in checks for problem in check]


def validate(network: Network, file: str = "") -> list[Problem]:
    """Every problem in ``network``."""
    return validate_records(network.places, network.links, file)


def check(network: Network, file: str = "") -> Network:
    """``network`` unchanged if it is valid; else :class:`InputError` listing every problem."""
    problems = validate(network, file)
    if problems:
        raise InputError(problems)
    return network


def duplicate_problems(
    places: Sequence[Place], links: Sequence[Link], file: str = ""
) -> list[Problem]:
    """One problem per id used by more than one place, or by more than one link."""
    problems = []
    for kind, records in (("place", places), ("link", links)):
        counts = Counter(record.id for record in records)
        problems += [
            Problem.of(f"{kind} {record_id}", "id", record_id, f"shared_{kind}_id", f"own_{kind}_id", file, count=count)
            for record_id, count in counts.items()
            if count > 1
        ]
    return problems


def _dangling_ends(
    places: Sequence[Place], links: Sequence[Link], file: str
) -> Iterator[Problem]:
    known = {place.id for place in places}
    for link in links:
        for field in ("from_id", "to_id"):
            place_id = getattr(link, field)
            if place_id not in known:
                yield Problem.of(f"link {link.id}", field, place_id, "no_place_id", "place_in_file", file)


def _coordinates(places: Sequence[Place], file: str) -> Iterator[Problem]:
    for place in places:
        for field, limit in (("lat", 90.0), ("lon", 180.0)):
            value = getattr(place, field)
            if not -limit <= value <= limit:
                yield Problem.of(f"place {place.id}", field, value, "outside_limit", "wgs84", file, limit=limit)


def _unknown(
    record: str, field: str, values: Sequence[str], allowed: Sequence[str], file: str
) -> Iterator[Problem]:
    for value in values:
        if value not in allowed:
            yield Problem.of(record, field, value, "unknown_value", "use_one_of", file, choices=tuple(allowed))


def _vocabularies(
    places: Sequence[Place], links: Sequence[Link], file: str
) -> Iterator[Problem]:
    for place in places:
        record = f"place {place.id}"
        yield from _unknown(record, "kinds", place.kinds, PLACE_KINDS, file)
        yield from _unknown(
            record,
            "gauge_change_methods",
            place.gauge_change_methods,
            GAUGE_CHANGE_METHODS,
            file,
        )
        if not place.kinds:
            yield Problem.of(record, "kinds", place.kinds, "no_kind", "one_or_more_of", file, choices=tuple(PLACE_KINDS))
    for link in links:
        record = f"link {link.id}"
        yield from _unknown(record, "mode", (link.mode,), MODES, file)
        yield from _unknown(record, "status", (link.status,), STATUSES, file)
        yield from _unknown(record, "chokepoints", link.chokepoints, CHOKEPOINTS, file)
        yield from _unknown(record, "carries", link.carries, CARGO_CLASSES, file)


def _link_numbers(links: Sequence[Link], file: str) -> Iterator[Problem]:
    for link in links:
        record = f"link {link.id}"
        if link.mode == "rail" and not link.gauges_mm:
            yield Problem.of(record, "gauges_mm", link.gauges_mm, "no_gauge_given", "track_gauge", file)
        yield from record_number_problems(link, file)
        if (
            link.mode in ("sea", "ferry")
            and link.speed_kmh is None
            and link.transit_time_h is None
        ):
            yield Problem.of(record, "speed_kmh", None, "no_speed", "speed_or_time", file, mode=Text(link.mode, text(link.mode, "fa")))


def link_great_circle_km(places: Sequence[Place], links: Sequence[Link]) -> np.ndarray:
    """Great-circle distance (km) between the ends of each link; NaN where an end is unknown."""
    position = {place.id: (place.lat, place.lon) for place in places}
    unknown = (np.nan, np.nan)
    ends = np.array(
        [
            (*position.get(ln.from_id, unknown), *position.get(ln.to_id, unknown))
            for ln in links
        ],
        dtype=float,
    ).reshape(len(links), 4)
    return haversine_km(ends[:, 0], ends[:, 1], ends[:, 2], ends[:, 3])


def too_short(
    places: Sequence[Place], links: Sequence[Link]
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the links shorter than their great circle (beyond the slack), and all distances."""
    great_circle_km = link_great_circle_km(places, links)
    length_km = np.array([ln.length_km for ln in links], dtype=float)
    return np.flatnonzero(
        length_km < great_circle_km * (1 - GREAT_CIRCLE_SLACK)
    ), great_circle_km


def _shorter_than_great_circle(
    places: Sequence[Place], links: Sequence[Link], file: str
) -> Iterator[Problem]:
    indices, great_circle_km = too_short(places, links)
    for i in indices:
        link = links[i]
        yield Problem.of(f"link {link.id}", "length_km", link.length_km, "shorter_than_great_circle", "check_length", file, km=f"{great_circle_km[i]:.1f}")


def _borders_without_dwell(places: Sequence[Place], file: str) -> Iterator[Problem]:
    for place in places:
        if (
            place.is_border
            and place.rail_border_dwell_h is None
            and place.road_border_dwell_h is None
        ):
            yield Problem.of(f"place {place.id}", "rail_border_dwell_h", None, "no_dwell", "dwell", file)


def rail_gauges_at(links: Sequence[Link]) -> dict[str, set[int]]:
    """Place id → the gauges (mm) carried by its rail and ferry links."""
    gauges_at: dict[str, set[int]] = {}
    for link in links:
        if link.mode in ("rail", "ferry"):
            for end in (link.from_id, link.to_id):
                gauges_at.setdefault(end, set()).update(link.gauges_mm)
    return gauges_at


def _gauge_changes_without_two_gauges(
    places: Sequence[Place], links: Sequence[Link], file: str
) -> Iterator[Problem]:
    gauges_at = rail_gauges_at(links)
    for place in places:
        gauges = sorted(gauges_at.get(place.id, ()))
        if place.is_gauge_change and len(gauges) < 2:
            yield Problem.of(f"place {place.id}", "kinds", place.kinds, "one_gauge", "two_gauges", file, gauges=str(gauges))
