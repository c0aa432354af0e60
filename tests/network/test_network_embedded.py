"""Facts about the embedded network, recomputed from its data (no copied totals)."""

from __future__ import annotations

from collections import deque

import pytest

from dalan.network import PlaceIndex, load_embedded_network, validate
from dalan.network.geo import haversine_km


@pytest.fixture(scope="module")
def embedded():
    return load_embedded_network()


def test_validates_clean(embedded):
    assert validate(embedded) == []


def test_every_place_has_a_link(embedded):
    linked = {end for link in embedded.links for end in (link.from_id, link.to_id)}
    assert {p.id for p in embedded.places} == linked


def test_every_record_cites_a_source_and_confidence(embedded):
    for record in (*embedded.places, *embedded.links):
        assert record.source and record.confidence in ("high", "medium", "estimate"), (
            record.id
        )
    assert all(p.name_en and p.name_fa for p in embedded.places)


def _rail_link(embedded, a, b):
    index = PlaceIndex(embedded)
    ends = {index.find(a).id, index.find(b).id}
    return [
        ln
        for ln in embedded.links
        if ln.mode == "rail" and {ln.from_id, ln.to_id} == ends
    ]


def test_rasht_astara_railway_is_planned_and_trucks_bridge_the_gap(embedded):
    (rail,) = _rail_link(embedded, "Rasht", "Astara")
    assert rail.status == "planned"
    road = [
        ln
        for ln in embedded.links
        if ln.mode == "road" and {ln.from_id, ln.to_id} == {rail.from_id, rail.to_id}
    ]
    assert [ln.status for ln in road] == ["operational"]


def _reachable(embedded, start, usable):
    seen, queue = {start}, deque([start])
    while queue:
        here = queue.popleft()
        for link in embedded.links_at(here):
            there = link.other_end(here)
            if usable(link) and there not in seen:
                seen.add(there)
                queue.append(there)
    return seen


def test_the_network_is_one_piece(embedded):
    assert _reachable(embedded, embedded.places[0].id, lambda link: True) == {
        p.id for p in embedded.places
    }


def test_bandar_abbas_reaches_moscow_by_operational_rail_only_through_a_gauge_change(
    embedded,
):
    index = PlaceIndex(embedded)
    moscow, bandar_abbas = index.find("Moscow").id, index.find("Bandar Abbas").id
    operational_rail = lambda link: link.mode == "rail" and link.status == "operational"
    assert moscow in _reachable(embedded, bandar_abbas, operational_rail)
    single_gauge = lambda link: operational_rail(link) and 1435 in link.gauges_mm
    assert moscow not in _reachable(embedded, bandar_abbas, single_gauge)


def test_link_lengths_are_at_least_the_great_circle(embedded):
    for link in embedded.links:
        a, b = embedded.place(link.from_id), embedded.place(link.to_id)
        assert link.length_km >= 0.99 * float(
            haversine_km(a.lat, a.lon, b.lat, b.lon)
        ), link.id


def test_gauge_change_places_join_two_gauges(embedded):
    for place in embedded.places:
        if place.is_gauge_change:
            gauges = {
                g
                for ln in embedded.links_at(place.id)
                if ln.mode in ("rail", "ferry")
                for g in ln.gauges_mm
            }
            assert len(gauges) >= 2, place.id


def test_a_place_lists_the_gauges_of_its_lines(embedded):
    """Riga's port, Osh, Ust-Kamenogorsk: a place a railway reaches lists its gauge (the build's
    rule for places written as a city or a port); a closed line's gauge does not count (Yerevan
    keeps 1520 only, though the closed Kars line is drawn with both)."""
    for place in embedded.places:
        carried = {g for ln in embedded.links_at(place.id) if ln.mode == "rail" and ln.status != "closed" for g in ln.gauges_mm}
        assert carried <= set(place.gauges_mm), (place.id, place.gauges_mm, carried)
    assert embedded.place("LV_RIX").gauges_mm == (1520,) and embedded.place("AM_EVN").gauges_mm == (1520,)
