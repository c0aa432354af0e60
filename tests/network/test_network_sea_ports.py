"""The Asia-Europe container ports added to the embedded network and their Suez / Cape lanes."""

from __future__ import annotations

import datetime as dt

import pytest

from dalan.errors import NoRouteError
from dalan.network import PlaceIndex, load_embedded_network
from dalan.routing import route
from dalan.scenarios import load_scenario

#: English name -> place id of each added port (and the name a rate table uses for it).
NEW_PORTS = {
    "Ningbo": "CN_NGB",
    "Shenzhen": "CN_SZX",
    "Yantian": "CN_SZX",
    "Singapore": "SG_SIN",
    "Colombo": "LK_CMB",
    "Antwerp": "BE_ANR",
    "Port of Antwerp": "BE_ANR",
    "Antwerp-Bruges": "BE_ANR",
    "Valencia": "ES_VLC",
}
#: Mainline lanes with a Suez link and a Cape twin.
LANES = [("Ningbo", "Rotterdam"), ("Shenzhen", "Genoa"), ("Singapore", "Rotterdam"), ("Colombo", "Antwerp")]
#: Before the Red Sea closures of the dated history.
BEFORE = dt.date(2022, 6, 1)


@pytest.fixture(scope="module")
def embedded():
    return load_embedded_network()


@pytest.mark.parametrize(("name", "place_id"), NEW_PORTS.items())
def test_each_new_port_resolves_by_its_english_name(embedded, name, place_id):
    place = PlaceIndex.of(embedded).find(name)
    assert place.id == place_id and "port" in place.kinds


@pytest.mark.parametrize(("a", "b"), LANES)
def test_a_lane_has_a_suez_link_and_a_longer_cape_twin(embedded, a, b):
    index = PlaceIndex.of(embedded)
    ends = {index.find(a).id, index.find(b).id}
    links = [ln for ln in embedded.links if ln.mode == "sea" and {ln.from_id, ln.to_id} == ends]
    (suez,) = [ln for ln in links if "bab_el_mandeb_suez" in ln.chokepoints]
    (cape,) = [ln for ln in links if "cape_of_good_hope" in ln.chokepoints]
    assert "cape_of_good_hope" not in suez.chokepoints and "bab_el_mandeb_suez" not in cape.chokepoints
    # the Cape adds thousands of kilometres (about 3,500 nm from North China to North Europe)
    assert 5_000 < cape.length_km - suez.length_km < 10_000


@pytest.mark.parametrize(("a", "b"), LANES)
def test_the_red_sea_diversion_sends_a_lane_round_the_cape(embedded, costing, a, b):
    open_suez = route(embedded, a, b, modes=["sea"], costing=costing, date=BEFORE)
    scenario = load_scenario("red-sea-diversion")
    diverted = route(scenario.network, a, b, modes=["sea"], costing=scenario.costing, date=BEFORE)
    by_id = {ln.id: ln for ln in embedded.links}

    def chokepoints(trip) -> set[str]:
        return {c for leg in trip.legs for e in leg.element_ids if e in by_id for c in by_id[e].chokepoints}

    assert "bab_el_mandeb_suez" in chokepoints(open_suez)
    assert "cape_of_good_hope" in chokepoints(diverted) and "bab_el_mandeb_suez" not in chokepoints(diverted)
    assert sum(leg.length_km for leg in diverted.legs) > sum(leg.length_km for leg in open_suez.legs) + 5_000


@pytest.mark.parametrize("origin", ["Nhava Sheva", "Mundra"])
def test_india_to_jebel_ali_sails_direct_not_through_iran(embedded, costing, origin):
    # the India - UAE lane has its own weekly loops (GIX, GIX2, ...): a box for Dubai does not
    # tranship at Bandar Abbas; searoute gives 2,165 km from Nhava Sheva and 1,673 km from Mundra
    trip = route(embedded, origin, "Jebel Ali", modes=["sea"], costing=costing)
    assert [p[:3] for p in trip.place_sequence] == ["IN_", "AE_"]
    assert trip.length_km == pytest.approx({"Nhava Sheva": 2165, "Mundra": 1673}[origin])


#: Regional lanes (consecutive calls of published weekly loops): origin, destination, searoute km.
REGIONAL_LANES = [
    ("Shanghai", "Singapore", 3991),
    ("Shenzhen", "Singapore", 2704),
    ("Singapore", "Colombo", 2972),
    ("Colombo", "Nhava Sheva", 1724),
    ("Constanța", "Ambarlı", 444),
    ("Piraeus", "Ambarlı", 642),
]


@pytest.mark.parametrize(("origin", "destination", "length_km"), REGIONAL_LANES)
def test_a_regional_lane_sails_direct_not_round_a_distant_hub(embedded, costing, origin, destination, length_km):
    # before these lanes Shanghai -> Singapore went via Rotterdam (about 35,000 km) and
    # Constanța -> Ambarlı via Port Said (about 5,000 km)
    trip = route(embedded, origin, destination, modes=["sea"], costing=costing, date=BEFORE)
    assert len(trip.place_sequence) == 2 and trip.length_km == pytest.approx(length_km)


def test_chornomorsk_reaches_constanta_by_feeder_only_after_the_2024_reopening(embedded, costing):
    # the Iteris/Maersk feeder from April 2024; the port is closed in the dated history from 2022-02-24
    trip = route(embedded, "Chornomorsk", "Constanța", modes=["sea"], costing=costing, date=dt.date(2025, 1, 1))
    assert trip.place_sequence == ("UA_CHO", "RO_CND")
    with pytest.raises(NoRouteError):
        route(embedded, "Chornomorsk", "Constanța", modes=["sea"], costing=costing, date=dt.date(2023, 1, 1))
