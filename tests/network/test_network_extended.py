"""The extended embedded network: required places, sources, chokepoints and the Red Sea scenario."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dalan.errors import NoRouteError
from dalan.network import PlaceIndex, load_embedded_network, validate
from dalan.network.geo import haversine_km
from dalan.network.model import CHOKEPOINTS
from dalan.routing import route
from dalan.scenarios import load_scenario

PLACES_REQUIRED = Path(__file__).resolve().parents[1] / "data" / "observations" / "places_required.csv"
#: Required names whose row gives the Chinese side of a crossing the network holds as one
#: Kazakh place (the row's note says so): Alashankou is KZ_DOS, Khorgos is KZ_ALT.
MERGED_ACROSS_BORDER = {"Alashankou": "KZ_DOS", "Khorgos": "KZ_ALT", "Sadakhlo": "GE_SAD"}  # one place for both sides
#: How a link's length was obtained (``length:`` in its notes).
LENGTH_BASES = (
    "published",
    "derived from published",
    "measured on OSM-derived graph",
    "sea-route model (searoute)",
    "estimate",
    "great-circle",
)
#: Ports inside the Persian Gulf, west of the Strait of Hormuz (Bandar Abbas lies on it).
PERSIAN_GULF_PORTS = {"IR_BND", "AE_JEA", "AE_SHJ", "SA_DMM", "AE_AUH", "QA_DOH"}
NAUTICAL_MILE_KM = 1.852
#: Borders without border stations: the Russia–Belarus Union State has no customs border (the
#: reference's L089 Moscow–Minsk, its Moscow–Brest line drawn to Minsk, crosses it the same way).
OPEN_BORDERS = {frozenset({"RU", "BY"})}
#: Kazakhstan–Kyrgyzstan (EAEU, no customs clearance since 2015) is drawn without border stations:
#: Lugovaya, where the Bishkek line leaves the Turksib, stays a through junction for Saryagash–Almaty.
OPEN_BORDERS |= {frozenset({"KZ", "KG"})}


@pytest.fixture(scope="module")
def embedded():
    return load_embedded_network()


def _required_rows() -> list[dict[str, str]]:
    with PLACES_REQUIRED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _required_rows(), ids=lambda row: row["name"])
def test_every_required_place_resolves_by_name_to_its_country(embedded, row):
    place = PlaceIndex.of(embedded).find(row["name"])
    if row["name"] in MERGED_ACROSS_BORDER:
        assert place.id == MERGED_ACROSS_BORDER[row["name"]]
    else:
        assert place.country == row["country"], (row["name"], place.id)


def test_same_names_in_two_countries_stay_apart(embedded):
    index = PlaceIndex.of(embedded)
    assert index.find("Alat").id == "AZ_ALA"
    assert index.find("Alat (UZ)").country == "UZ"
    assert index.find("Sarakhs").id == "IR_SRK"
    assert index.find("Sarakhs (TM)").id == "TM_SRS"


def test_every_link_has_a_source_and_a_known_length_basis(embedded):
    for link in embedded.links:
        basis = re.search(r"(?:^|\| )length: ([^|]+)", link.notes)
        assert link.source and basis, link.id
        assert basis[1].startswith(LENGTH_BASES), (link.id, basis[1])


#: Rail or road links with a chain of other links of their mode this close to their length (share)
#: are one line drawn twice (a through link kept beside its parts after a junction was added).
SAME_LINE_SHARE = 0.02


def test_each_line_is_drawn_once(embedded):
    """No rail or road link is paralleled by a chain of 2 to 5 other links of its mode within 2 % of
    its length: such a through link beside its parts lists the same line twice among a route's
    alternatives and skips the places between (the reference's Xi'an - Altynkol beside Lanzhou -
    Urumqi - Shihezi, Moscow - Brest beside Minsk; our own Vladivostok - Tarskaya beside Khabarovsk).
    The nearest genuine alternatives are other lines: Delhi - Kandla by Palanpur - Gandhidham against
    by Ahmedabad (+2.3 %), Shymkent - Almaty by the A2 in Kazakhstan against through Bishkek (+3.6 %)."""
    places = {p.id: p for p in embedded.places}
    ids = list(places)
    lats, lons = np.array([places[i].lat for i in ids]), np.array([places[i].lon for i in ids])
    at: dict[tuple[str, str], list] = {}
    for link in embedded.links:
        if link.mode in ("rail", "road"):
            for end in (link.from_id, link.to_id):
                at.setdefault((link.mode, end), []).append(link)
    doubled = []
    for link in embedded.links:
        if link.mode not in ("rail", "road"):
            continue
        target, top = link.to_id, link.length_km * (1 + SAME_LINE_SHARE)
        to_target = dict(zip(ids, haversine_km(lats, lons, places[target].lat, places[target].lon), strict=True))

        def chains(node, km, used, seen, link=link, target=target, top=top, to_target=to_target):
            for other in at[(link.mode, node)]:
                nxt = other.other_end(node)
                total = km + other.length_km
                if other is link or other.id in used or nxt in seen or total + 0.98 * to_target[nxt] > top:
                    continue
                if nxt == target:
                    if used and total >= link.length_km * (1 - SAME_LINE_SHARE):
                        yield (*used, other.id)
                elif len(used) < 4:
                    yield from chains(nxt, total, (*used, other.id), seen | {nxt})

        doubled += [(link.id, chain) for chain in chains(link.from_id, 0.0, (), {link.from_id})]
    assert not doubled, doubled


def test_chokepoint_tags_use_the_vocabulary_and_only_water_links_carry_them(embedded):
    for link in embedded.links:
        assert set(link.chokepoints) <= set(CHOKEPOINTS), link.id
        assert not link.chokepoints or link.mode in ("sea", "ferry"), link.id


def _sea_links(embedded, a: str, b: str) -> list:
    return [
        ln for ln in embedded.links if ln.mode == "sea" and {ln.from_id, ln.to_id} == {a, b}
    ]


def test_shanghai_rotterdam_has_a_suez_and_a_longer_cape_link(embedded):
    index = PlaceIndex.of(embedded)
    links = _sea_links(embedded, index.find("Shanghai").id, index.find("Rotterdam").id)
    (suez,) = [ln for ln in links if "bab_el_mandeb_suez" in ln.chokepoints]
    (cape,) = [ln for ln in links if "cape_of_good_hope" in ln.chokepoints]
    assert "cape_of_good_hope" not in suez.chokepoints
    assert "bab_el_mandeb_suez" not in cape.chokepoints
    # Cape diversion adds about 3,500 nm (observations/disruptions.md §1, Mexico Business News)
    extra_nm = (cape.length_km - suez.length_km) / NAUTICAL_MILE_KM
    assert 3000 <= extra_nm <= 4500


def test_hormuz_links_touch_a_persian_gulf_port(embedded):
    tagged = [ln for ln in embedded.links if "hormuz" in ln.chokepoints]
    assert tagged
    for link in tagged:
        assert PERSIAN_GULF_PORTS & {link.from_id, link.to_id}, link.id


def test_the_bosphorus_is_tagged_between_the_black_sea_and_port_said(embedded):
    for black_sea_port in ("RO_CND", "UA_ODS", "GE_POT", "RU_NOV"):
        (link,) = _sea_links(embedded, "EG_PSE", black_sea_port)  # the feeders sail from the hub
        assert "bosphorus" in link.chokepoints
    (direct,) = _sea_links(embedded, "EG_PSD", "RU_NOV")  # the direct India - Novorossiysk service sails on
    assert "bosphorus" in direct.chokepoints and direct.speed_kmh == pytest.approx(29.6)


def test_a_box_bound_for_a_black_sea_feeder_changes_ship_at_east_port_said(embedded, costing):
    it = route(embedded, "Nhava Sheva", "Poti", modes=["sea"], costing=costing, date=dt.date(2022, 6, 1))
    assert [leg.kind for leg in it.legs if leg.from_id == "EG_PSE"][:2] == ["transfer", "wait"]
    # the mainline sails through the canal without calling: no stop at its entrances
    assert not [leg for leg in it.legs if leg.from_id in ("EG_SUZ", "EG_PSD") and leg.kind != "move"]


def test_the_build_tags_chokepoints_from_the_route_shape(build_script):
    hormuz_to_mumbai = ((56.06, 27.06), (56.3, 27.13), (56.55, 26.51), (57.1, 25.5), (72.81, 18.94))
    caspian = ((49.4, 39.95), (51.22, 43.6))
    cape = ((18.0, -20.0), (18.5, -35.0), (25.0, -34.0))
    assert build_script.chokepoints_of(hormuz_to_mumbai) == ("hormuz",)
    assert build_script.chokepoints_of(caspian) == ()
    assert build_script.chokepoints_of(cape) == ("cape_of_good_hope",)


def test_red_sea_diversion_closes_every_bab_el_mandeb_suez_link():
    scenario = load_scenario("red-sea-diversion")
    tagged = [ln for ln in scenario.network.links if "bab_el_mandeb_suez" in ln.chokepoints]
    assert tagged
    assert all(ln.status != "operational" for ln in tagged)
    cape = [ln for ln in scenario.network.links if "cape_of_good_hope" in ln.chokepoints]
    assert cape and all(ln.status == "operational" for ln in cape)


def test_added_rail_crossings_join_border_stations_with_a_gauge_change_where_gauges_differ(embedded):
    """Every international rail link the project added (ids X…), except into the places that stand
    for both sides of a crossing (Dostyk/Alashankou, Altynkol/Khorgos, Sadakhlo/Bagratashen), joins two border stations;
    where the networks on the two sides have different gauges, one of them changes gauge."""
    for link in embedded.links:
        a, b = embedded.place(link.from_id), embedded.place(link.to_id)
        merged = {a.id, b.id} & set(MERGED_ACROSS_BORDER.values())
        open_border = frozenset({a.country, b.country}) in OPEN_BORDERS
        if not link.id.startswith("X") or link.mode != "rail" or a.country == b.country or merged or open_border:
            continue
        assert a.is_border and b.is_border, link.id
        beyond = {
            end.id: {g for ln in embedded.links_at(end.id) if ln.mode == "rail" and ln.id != link.id for g in ln.gauges_mm}
            for end in (a, b)
        }
        if beyond[a.id] and beyond[b.id] and not beyond[a.id] & beyond[b.id]:
            assert a.is_gauge_change or b.is_gauge_change, link.id


def test_an_unknown_chokepoint_is_a_problem(embedded):
    link = replace(embedded.link("L154"), chokepoints=("hormuz", "malacca"))
    problems = validate(embedded.with_changes(links=[link]))
    assert [(p.record, p.field, p.value) for p in problems] == [("link L154", "chokepoints", "malacca")]



def test_an_unknown_cargo_class_a_service_carries_is_a_problem(embedded):
    link = replace(embedded.link("X592"), carries=("truck", "trucks"))
    problems = validate(embedded.with_changes(links=[link]))
    assert [(p.record, p.field, p.value) for p in problems] == [("link X592", "carries", "trucks")]


def test_kuryk_s_ro_ro_line_to_amirabad_takes_trucks_from_its_opening_not_boxes(embedded, costing):
    # Kazlogistics' line of Nov 2020 (one Russian ro-ro of 32 trucks): a truck sails it in one
    # voyage, where the ferry-only route had changed ship at Alat and Aktau; a box or bulk does not
    # (Link.carries), so the assignment's Kazakh bulk stays on its railways and Astara
    def links(cargo: str, date: str) -> tuple[str, ...]:
        return route(embedded, "Kuryk", "Amirabad", costing=costing, modes=["ferry", "sea"], cargo=cargo, date=date).link_ids

    assert embedded.link("X592").carries == ("truck", "vehicle")
    assert links("truck", "2021-06-01") == ("X592",)
    assert "X592" not in links("truck", "2020-06-01")
    assert "X592" not in links("container", "2021-06-01") and "X592" not in links("bulk", "2021-06-01")

# --- China–Europe routes: the Trans-Siberian junctions, Trans-Manchurian, Trans-Mongolian, Kaliningrad


def _gauge_changes(itinerary) -> list[tuple[str, int]]:
    """(place, new gauge) of each gauge change of a route, in order."""
    return [(leg.from_id, leg.gauge_mm) for leg in itinerary.legs if leg.kind == "gauge_change"]


def test_the_trans_siberian_is_split_at_its_junctions_with_published_km_posts(embedded, costing):
    trip = route(embedded, "Vladivostok", "Moscow", costing=costing, modes=["rail"])
    assert trip.place_sequence == (
        "RU_VVO", "RU_USS", "RU_KHV", "RU_TRS", "RU_CHT", "RU_UUD", "RU_IKT", "RU_KJA", "RU_NSK", "RU_OMS", "RU_EKB", "RU_MOW",
    )  # fmt: skip
    assert trip.length_km == pytest.approx(9288)  # Vladivostok's km post
    # each stretch drawn once: Vladivostok - Tarskaya only by Ussuriysk and Khabarovsk (km posts 9,288 -
    # 9,177 - 8,521 - 6,312), Novosibirsk - Yekaterinburg only by Omsk (the former X067 and X066)
    assert not embedded.has_link("X067") and not embedded.has_link("X066")
    legs = [embedded.link(i).length_km for i in ("X680", "X679", "X678")]
    assert legs == [111, 656, 2209]


def test_harbin_to_moscow_goes_via_zabaikalsk_with_one_gauge_change(embedded, costing):
    """Containers, wagonload and a trip avoiding Kazakhstan take the Trans-Manchurian line, 2,400 km
    shorter than by Dostyk. A container block train's stop at the crossing is its published one
    (costing ``[block_train_border_h]``: about 4 h of Chinese customs + an 8.5-h reload = 12.5 h,
    each side of the pair counting half); wagonload keeps the places' 30.5-h estimate per side."""
    for options in ({}, {"cargo": "bulk", "quantity": 60}, {"avoid": ["KZ"]}):
        trip = route(embedded, "Harbin", "Moscow", costing=costing, modes=["rail"], **options)
        assert {"CN_MZL", "RU_ZAB", "RU_TRS"} <= set(trip.place_sequence), options
        assert len(_gauge_changes(trip)) == 1 and _gauge_changes(trip)[0][0] in {"CN_MZL", "RU_ZAB"}
        assert trip.length_km == pytest.approx(935 + 13 + 354 + 6312)
    boxes = route(embedded, "Harbin", "Moscow", costing=costing, modes=["rail"])
    stops_h = sum(leg.time_h for leg in boxes.legs if leg.kind in ("border", "gauge_change") and leg.from_id in ("CN_MZL", "RU_ZAB"))
    assert stops_h == pytest.approx(12.5)


def test_beijing_to_moscow_by_the_trans_mongolian(embedded, costing):
    trip = route(embedded, "Beijing", "Moscow", costing=costing, modes=["rail"], via=["Ulaanbaatar"])
    assert trip.place_sequence[:7] == ("CN_BJS", "CN_ERL", "MN_ZUU", "MN_ULN", "MN_SUK", "RU_NAU", "RU_UUD")
    assert [place for place, _ in _gauge_changes(trip)] in (["CN_ERL"], ["MN_ZUU"])
    # Ulaanbaatar's own freight to Tianjin port takes the same line south
    south = route(embedded, "Ulaanbaatar", "Tianjin", costing=costing, modes=["rail"])
    assert south.place_sequence == ("MN_ULN", "MN_ZUU", "CN_ERL", "CN_BJS", "CN_LFG", "CN_TSN")  # Beijing - Langfang - Tianjin


def test_minsk_to_gdansk_via_kaliningrad_while_poland_has_closed_its_border_with_belarus(embedded, costing):
    # history.toml: Poland closes the BY-PL border on 2025-09-12
    for destination in ("Gdańsk", "Warsaw"):
        trip = route(embedded, "Minsk", destination, costing=costing, modes=["rail"], date="2025-09-20")
        countries = [embedded.place(p).country for p in trip.place_sequence]
        assert ("BY", "PL") not in itertools.pairwise(countries), destination
        assert {"LT_VNO", "RU_KGD", "RU_MAM", "PL_BRA"} <= set(trip.place_sequence), destination
        assert [place for place, _ in _gauge_changes(trip)] in (["PL_BRA"], ["RU_MAM"])
    # avoiding the Belarusian border stations gives the same route on any day
    avoided = route(embedded, "Minsk", "Gdańsk", costing=costing, modes=["rail"], avoid=["BY_BRS", "BY_BRZ"])
    assert "RU_KGD" in avoided.place_sequence
    # Poland reopened the crossings on 2025-09-25: Minsk -> Warsaw by Brest again
    trip = route(embedded, "Minsk", "Warsaw", costing=costing, modes=["rail"], date="2025-10-01")
    countries = [embedded.place(p).country for p in trip.place_sequence]
    assert ("BY", "PL") in itertools.pairwise(countries) and "RU_KGD" not in trip.place_sequence


def test_the_kaliningrad_transit_records_the_2022_restriction_but_stays_operational(embedded):
    for link_id in ("X275", "X279", "X282"):
        link = embedded.link(link_id)
        assert link.status == "operational"
        assert "sanction" in link.notes and "2022" in link.notes, link_id


def test_ambarli_port_has_a_black_sea_feeder_and_a_road_to_istanbul(embedded):
    (feeder,) = _sea_links(embedded, "TR_AMB", "RU_NOV")
    assert "bosphorus" in feeder.chokepoints and feeder.sailings_per_week
    assert any(ln.mode == "road" and "TR_IST" in (ln.from_id, ln.to_id) for ln in embedded.links_at("TR_AMB"))
#: China-Europe train terminals named in published train reports, by a name a planner would type.
CHINA_EUROPE_TERMINALS = {
    "Wuhan": "CN_WUH",
    "Changsha": "CN_CSX",
    "Hefei": "CN_HFE",
    "Suzhou": "CN_SZH",
    "Lianyungang": "CN_LYG",
    "Qingdao": "CN_TAO",
    "Kashgar": "CN_KHG",
    "Łódź": "PL_LOD",
    "Lodz": "PL_LOD",
    "Milan": "IT_MIL",
    "Milano": "IT_MIL",
    "Lyon": "FR_LYS",
    "Madrid": "ES_MAD",
    "Tilburg": "NL_TIL",
    "Irun": "ES_IRU",
}


@pytest.mark.parametrize(("name", "place_id"), CHINA_EUROPE_TERMINALS.items())
def test_china_europe_terminals_resolve_by_name(embedded, name, place_id):
    assert PlaceIndex.of(embedded).find(name).id == place_id


def test_wuhan_duisburg_by_rail_changes_into_1520_in_kazakhstan_and_back_once(embedded, costing):
    itinerary = route(embedded, "Wuhan", "Duisburg", costing=costing, modes=["rail"])
    assert (itinerary.origin_id, itinerary.destination_id) == ("CN_WUH", "DE_DUI")
    (into, into_gauge), (back, back_gauge) = _gauge_changes(itinerary)
    assert (embedded.place(into).country, into_gauge, back_gauge) == ("KZ", 1520, 1435)
    assert embedded.place(back).country != "KZ"


def test_yiwu_madrid_by_rail_changes_to_iberian_gauge_at_irun(embedded, costing):
    itinerary = route(embedded, "Yiwu", "Madrid", costing=costing, modes=["rail"])
    changes = _gauge_changes(itinerary)
    assert [gauge for _, gauge in changes] == [1520, 1435, 1668]
    assert changes[-1][0] == "ES_IRU"
    # the last rail run, Irún - Madrid, is on the Iberian gauge
    last = [leg for leg in itinerary.legs if leg.kind == "move"][-1]
    assert (last.from_id, last.to_id, last.gauge_mm) == ("ES_IRU", "ES_MAD", 1668)


def test_chengdu_lodz_by_rail_arrives_from_the_polish_main_line(embedded, costing):
    itinerary = route(embedded, "Chengdu", "Łódź", costing=costing, modes=["rail"])
    assert (itinerary.origin_id, itinerary.destination_id) == ("CN_CTU", "PL_LOD")
    last = [leg for leg in itinerary.legs if leg.kind == "move"][-1]
    assert last.element_ids[-1] in {"X410", "X411"}  # from Warsaw or from Kunowice
    assert 9000 < itinerary.length_km < 16000


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("Kashgar", "Duisburg"), ("Qingdao", "Milan"), ("Lianyungang", "Tilburg"), ("Hefei", "Lyon"),
     ("Suzhou", "Warsaw"), ("Changsha", "Łódź")],
)
def test_new_terminals_route_by_rail(embedded, costing, origin, destination):
    itinerary = route(embedded, origin, destination, costing=costing, modes=["rail"])
    assert itinerary.length_km > 5000


#: The Central Asian and Russian places added in 2026-12 (id → English name it answers to).
CENTRAL_ASIA_PLACES = {
    "KG_FRU": "Bishkek", "KG_OSH": "Osh", "KG_IRK": "Irkeshtam", "KZ_LUG": "Lugovaya",
    "UZ_SKD": "Samarkand", "UZ_BHK": "Bukhara", "UZ_NVI": "Navoi", "UZ_TMZ": "Termez",
    "UZ_KUM": "Kumkurgan", "UZ_SRS": "Sariasiya", "TJ_PAK": "Pakhtaabad", "TJ_DYU": "Dushanbe",
    "AF_HRT": "Hairatan", "AF_MZR": "Mazar-i-Sharif", "RU_KZN": "Kazan", "RU_KUF": "Samara",
    "RU_REN": "Orenburg", "RU_CEK": "Chelyabinsk",
}


def test_the_central_asian_places_answer_to_their_english_names(embedded):
    index = PlaceIndex(embedded)
    for place_id, name in CENTRAL_ASIA_PLACES.items():
        assert index.find(name).id == place_id, name


def test_central_asian_routes_follow_the_added_lines(embedded, costing):
    # Dushanbe - Tashkent: the published 916-km train route (via Samarkand and Jizzakh)
    trip = route(embedded, "Dushanbe", "Tashkent", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("TJ_DYU", "TJ_PAK", "UZ_SRS", "UZ_KUM", "UZ_KSQ", "UZ_SKD", "UZ_TAS")  # by Karshi since the detour round
    assert trip.length_km == pytest.approx(916)
    # Tashkent - Bishkek via Saryagash, Arys, Shymkent and Lugovaya (17 + 9 + 129 + 80 + 321 + 154 km)
    trip = route(embedded, "Tashkent", "Bishkek", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("UZ_TAS", "UZ_KEL", "KZ_SAR", "KZ_ARY", "KZ_CIT", "KZ_LUG", "KG_FRU")
    assert trip.length_km == pytest.approx(17 + 9 + 129 + 80 + 321 + 154)
    # Termez - Mazar-i-Sharif over the Friendship Bridge, 1520 mm throughout (16 + 75 km)
    trip = route(embedded, "Termez", "Mazar-i-Sharif", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("UZ_TMZ", "AF_HRT", "AF_MZR")
    assert trip.length_km == pytest.approx(16 + 75) and not _gauge_changes(trip)
    # the Alat - Tashkent line keeps its length (678 km) now that it is split at Bukhara, Navoi, Samarkand
    trip = route(embedded, "Alat (UZ)", "Tashkent", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("UZ_ALT", "UZ_BHK", "UZ_NVI", "UZ_SKD", "UZ_TAS")
    assert trip.length_km == pytest.approx(678)
    # Bishkek - Almaty by road (~240 km) and Kazan - Moscow by rail (820 km)
    assert route(embedded, "Bishkek", "Almaty", costing=costing, modes=["road"]).length_km == pytest.approx(238)
    assert route(embedded, "Kazan", "Moscow", costing=costing, modes=["rail"]).length_km == pytest.approx(820)


def test_iranian_port_roads_run_inland_not_round_tehran(embedded, costing):
    # Bandar Abbas - Sirjan - Kerman (the Persian Gulf highway) and Chabahar - Iranshahr - Zahedan:
    # before them a truck from Chabahar to Zahedan drove 3,234 km through Tehran
    assert route(embedded, "Chabahar", "Zahedan", costing=costing, modes=["road"]).length_km == pytest.approx(675)
    assert route(embedded, "Bandar Abbas", "Kerman", costing=costing, modes=["road"]).length_km == pytest.approx(488)


#: The Trans-Aral railway's places (id → English name it answers to).
TRANS_ARAL_PLACES = {
    "KZ_ARY": "Arys", "KZ_KZO": "Kyzylorda", "KZ_SHL": "Shalkar", "KZ_KDG": "Kandyagash", "KZ_AKX": "Aktobe",
    "KZ_KTG": "Karatogay", "RU_ILK": "Iletsk-1",
}


def test_tashkent_reaches_moscow_by_the_trans_aral_railway(embedded, costing):
    # before the line Tashkent -> Moscow went round by Astana and Petropavl (6,171 km); the
    # Moscow - Tashkent train runs through Orenburg, Aktobe and Kyzylorda (about 3,400 km)
    index = PlaceIndex(embedded)
    for place_id, name in TRANS_ARAL_PLACES.items():
        assert index.find(name).id == place_id, name
    trip = route(embedded, "Tashkent", "Moscow", costing=costing, modes=["rail"])
    assert trip.place_sequence == (
        "UZ_TAS", "UZ_KEL", "KZ_SAR", "KZ_ARY", "KZ_KZO", "KZ_SAK", "KZ_SHL", "KZ_KDG", "KZ_AKX", "KZ_KTG",
        "RU_ILK", "RU_REN", "RU_KUF", "RU_MOW",
    )  # fmt: skip
    assert 3_300 < trip.length_km < 3_500 and not _gauge_changes(trip)


#: The Kazakh junctions added in 2026-12 (id → English name it answers to).
KAZAKH_JUNCTIONS = {
    "KZ_CIT": "Shymkent", "KZ_SHU": "Shu", "KZ_MOI": "Moiynty", "KZ_ZHR": "Zharyk", "KZ_KGF": "Karaganda",
    "KZ_SAK": "Saksaulskaya",
}


def test_kazakh_lines_meet_at_their_junctions(embedded, costing):
    index = PlaceIndex(embedded)
    for place_id, name in KAZAKH_JUNCTIONS.items():
        assert index.find(name).id == place_id, name
    # the Zhezkazgan - Beyneu line is two new sections joined by the Trans-Aral line at Saksaulskaya and
    # Shalkar: KTZ's 988 km of new line (526 + 462) plus Saksaulskaya - Shalkar (165)
    trip = route(embedded, "Zhezkazgan", "Beyneu", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("KZ_ZHZ", "KZ_SAK", "KZ_SHL", "KZ_BEY")
    assert trip.length_km == pytest.approx(988 + 165)
    # the redrawn reference link states its new length's basis, not the old link's, nor its old transit time
    notes = embedded.link("L054").notes
    assert "length: derived from published: KTZ's 988 km" in notes and "994 km" not in notes and "transit time" not in notes
    # Dostyk -> Zhezkazgan by Aktogay, Moiynty and Zharyk (KTZ: Dostyk - Moiynty 836 km), not round by Almaty
    trip = route(embedded, "Dostyk", "Zhezkazgan", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("KZ_DOS", "KZ_AKG", "KZ_MOI", "KZ_ZHR", "KZ_ZHZ")
    assert trip.length_km == pytest.approx(836 + 214 + 460)
    # Almaty -> Aktau stays in Kazakhstan: the Turksib to Arys, the Trans-Aral line to Shalkar, then Beyneu
    trip = route(embedded, "Almaty", "Aktau", costing=costing, modes=["rail"])
    assert {index.find(pid).country for pid in trip.place_sequence} == {"KZ"}
    assert trip.place_sequence[-3:] == ("KZ_SHL", "KZ_BEY", "KZ_AKT")


#: Rail lengths published for whole lines, between network places (route km by rail): the
#: Lanxin line Lanzhou - Urumqi West, the Northern Xinjiang line Urumqi West - Alashankou, the
#: Aktogay - Dostyk line, the Minsk - Brest line, PKP PLK line 1 Warsaw - Katowice, the
#: conventional Ankara - Sivas line by Kayseri, Beyneu - Mangistau, and the Trans-Caspian line's
#: kilometre posts Ashgabat 557 - Mary 928 (sources in each link's length_basis)
PUBLISHED_RAIL_KM = {
    ("Lanzhou", "Urumqi"): 1912.0, ("Urumqi", "Dostyk"): 456.0, ("Dostyk", "Aktogay"): 304.0,
    ("Minsk", "Brest"): 347.0, ("Warsaw", "Katowice"): 316.1, ("Ankara", "Sivas"): 603.0,
    ("Beyneu", "Aktau"): 404.0, ("Ashgabat", "Mary"): 371.0, ("Dostyk", "Moiynty"): 836.0,
}


@pytest.mark.parametrize("ends", sorted(PUBLISHED_RAIL_KM))
def test_main_lines_have_their_published_lengths(embedded, costing, ends):
    trip = route(embedded, *ends, costing=costing, modes=["rail"])
    assert trip.length_km == pytest.approx(PUBLISHED_RAIL_KM[ends], abs=0.15)


def test_the_trans_iranian_railway_reaches_the_persian_gulf_at_bandar_imam_khomeini(embedded, costing):
    # Tehran - Qom - Arak - Andimeshk - Ahvaz - Bandar Imam Khomeini: the Trans-Iranian Railway's
    # 1,392 km less its northern part (464 km) = 928 km from Tehran (iranrail.net)
    trip = route(embedded, "Tehran", "Bandar Imam Khomeini", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("IR_THR", "IR_QOM", "IR_ARK", "IR_AND", "IR_AHV", "IR_BIK")
    assert trip.length_km == pytest.approx(928)
    # Isfahan by its own line east to Ardakan (X1076), on the Qom - Yazd line (98 + 347 + 64 km, L018's 509 unchanged)
    trip = route(embedded, "Isfahan", "Yazd", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("IR_ISF", "IR_AKN", "IR_YAZ") and trip.length_km == pytest.approx(268 + 64)
    assert route(embedded, "Qom", "Yazd", costing=costing, modes=["rail"]).length_km == pytest.approx(509)
    # the port takes ships: a Persian Gulf feeder from Jebel Ali, inside Hormuz
    feeder = [ln for ln in embedded.links if {ln.from_id, ln.to_id} == {"IR_BIK", "AE_JEA"}]
    assert len(feeder) == 1 and feeder[0].mode == "sea" and "hormuz" not in feeder[0].chokepoints


def test_a_truck_from_makhachkala_to_rostov_passes_vladikavkaz_not_the_upper_lars_border(embedded, costing):
    # the Kavkaz highway meets the Georgian Military Road at Vladikavkaz, some 35 km north of the
    # Upper Lars crossing: drawn through the crossing, a domestic trip stopped at the border (13 h)
    trip = route(embedded, "Makhachkala", "Rostov-on-Don", costing=costing, modes=["road"])
    assert trip.place_sequence == ("RU_MCX", "RU_VLK", "RU_ROV")
    assert trip.length_km == pytest.approx(344 + 794)
    assert not [leg for leg in trip.legs if leg.kind == "border"]
    # Tbilisi -> Rostov still crosses at Kazbegi / Upper Lars, then turns north at Vladikavkaz
    trip = route(embedded, "Tbilisi", "Rostov-on-Don", costing=costing, modes=["road"])
    assert trip.place_sequence[-4:] == ("GE_KZB", "RU_ULR", "RU_VLK", "RU_ROV")


def test_the_fergana_valley_and_shymkent_roads_join_uzbekistan_to_kyrgyzstan_kazakhstan_and_china(embedded, costing):
    # Tashkent - Andijan - Dustlik/Dostuk - Osh - Irkeshtam - Kashgar (the China - Kyrgyzstan - Uzbekistan
    # road route) and Tashkent - Gishtkuprik /
    # Zhibek Zholy - Shymkent - Almaty - Khorgos: before them no truck left Uzbekistan for China
    trip = route(embedded, "Tashkent", "Kashgar", costing=costing, modes=["road"], cargo="truck")
    assert trip.place_sequence == ("UZ_TAS", "UZ_KOK", "UZ_FEG", "UZ_AND", "UZ_DUS", "KG_DOK", "KG_OSH", "KG_IRK", "CN_KHG")
    assert trip.length_km == pytest.approx(318 + 31 + 2 + 22 + 240 + 221)  # the A373 by Kokand and Fergana, 318 km
    # by Khorgos (since the Urumqi - Kashgar road, X918, the quickest is by Irkeshtam: Khorgos's
    # road border is the longer wait)
    trip = route(embedded, "Samarkand", "Qingdao", costing=costing, modes=["road"], cargo="truck", via=["Khorgos"])
    assert trip.place_sequence[:6] == ("UZ_SKD", "UZ_TAS", "UZ_KEL", "KZ_SAR", "KZ_CIT", "KZ_ALA")
    assert trip.place_sequence[-2:] == ("CN_CGO", "CN_TAO")


def test_a_truck_from_moscow_to_tashkent_takes_the_m32_not_astana_and_almaty(embedded, costing):
    # Samara - Orenburg - Sagarchin/Zhaisan (by the Iletsk - Karatogay railway crossing) - Aktobe -
    # Kyzylorda - Shymkent: before it the road ran round by Petropavl, Astana and Almaty (4,981 km)
    trip = route(embedded, "Moscow", "Tashkent", costing=costing, modes=["road"], cargo="truck")
    assert trip.place_sequence == (
        "RU_MOW", "RU_KUF", "RU_REN", "RU_ILK", "KZ_KTG", "KZ_AKX", "KZ_KZO", "KZ_CIT", "KZ_SAR", "UZ_KEL", "UZ_TAS",
    )  # fmt: skip
    assert 3_300 < trip.length_km < 3_500


def test_katowice_is_a_rail_stop_on_the_warsaw_zebrzydowice_line(embedded, costing):
    # the Warsaw - Zebrzydowice line "via Katowice" now stops there (Katowice had only roads): PKP
    # PLK's line no. 1 to Katowice, 316.066 km (published), then 62 km (an estimate) to the border
    trip = route(embedded, "Warsaw", "Katowice", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("PL_WAW", "PL_KTW") and trip.length_km == pytest.approx(316.1)
    assert route(embedded, "Warsaw", "Zebrzydowice", costing=costing, modes=["rail"]).length_km == pytest.approx(316.1 + 62)


def test_a_truck_from_rasht_to_astara_port_does_not_stop_at_the_astara_crossing(embedded, costing):
    # the port lies on the Iranian side, by the crossing's place (L093 + L101): a truck for a Caspian
    # ship passes the crossing on Iranian roads and does not stop for its 24-h road dwell (a border
    # is charged where a route crosses it; the fourteenth round's bypass road is gone)
    trip = route(embedded, "Rasht", "Astara port", costing=costing, modes=["road"], cargo="truck")
    assert trip.place_sequence == ("IR_RAS", "IR_AST", "IR_ASP") and trip.length_km == pytest.approx(182.2)  # 180 + 2.2 km
    assert not [leg for leg in trip.legs if leg.kind == "border"]
    # Azerbaijan -> the port still crosses at Astara
    trip = route(embedded, "Astara (AZ)", "Astara port", costing=costing, modes=["road"], cargo="truck")
    assert "IR_AST" in trip.place_sequence


def test_the_varna_batumi_truck_ferry_runs_from_its_opening(embedded, costing):
    # Ukrferry's Varna - Batumi line (a regular line from 14 Jan 2025): one sailing, where the
    # ferry-only route had changed ship at Poti and Chornomorsk; a truck booked from the port waits
    # for neither line's headway, so Navibulgar's (X892, every 9-10 days) is left aside here
    def links(origin: str, destination: str, date: str) -> tuple[str, ...]:
        return route(embedded, origin, destination, costing=costing, modes=["ferry"], cargo="truck", date=date, avoid=["X892"]).link_ids

    assert links("Varna", "Batumi", "2025-06-01") == links("Batumi", "Varna", "2025-06-01")[::-1] == ("X591",)
    assert "X591" not in links("Varna", "Batumi", "2019-06-01")


def test_constanta_and_varna_reach_europe_by_land(embedded, costing):
    # the two Black Sea ports had no land link (found by the check set's Middle Corridor trains
    # Xi'an -> Constanța -> Budapest/Duisburg, which could not run): Corridor IV Constanța -
    # Bucharest - Curtici/Lőkösháza - Budapest, and Varna - Sofia
    trip = route(embedded, "Constanța", "Budapest", costing=costing, modes=["rail"])
    assert trip.place_sequence == ("RO_CND", "RO_BUH", "RO_CUR", "HU_LOK", "HU_BUD")
    assert 1_000 < trip.length_km < 1_150
    stops = [leg for leg in trip.legs if leg.kind == "border"]
    # an EU internal border: 1 h for the crew and locomotive, half at each station (× border_dwell_factor)
    assert [leg.from_id for leg in stops] == ["RO_CUR", "HU_LOK"]
    assert sum(leg.time_h for leg in stops) == pytest.approx(1.0 * costing.border_dwell_factor)
    assert route(embedded, "Constanța", "Budapest", costing=costing, modes=["road"], cargo="truck").length_km < 1_100
    assert route(embedded, "Varna", "Sofia", costing=costing, modes=["rail"]).place_sequence == ("BG_VAR", "BG_SOF")


def test_trucks_reach_kabul_by_the_ring_road_and_route_606_and_islamabad_by_the_karakoram_highway(embedded, costing):
    # published lengths (sources in the links' length_basis): Route 606 Zaranj - Delaram 218 km (built
    # by India's BRO, opened 2009), Kabul - Kandahar 482 km (USAID), Kandahar - Herat 557 km by the Ring
    # Road through Delaram, Kandahar - Spin Boldak 103 km
    def by_road(origin: str, destination: str, cargo: str = "truck"):
        return route(embedded, origin, destination, costing=costing, modes=["road"], cargo=cargo)

    trip = by_road("Zaranj", "Delaram")
    assert trip.place_sequence == ("AF_ZAR", "AF_DLR") and trip.length_km == pytest.approx(218)
    assert by_road("Kabul", "Kandahar").length_km == pytest.approx(482)
    trip = by_road("Herat", "Kabul")
    assert trip.place_sequence == ("AF_HER", "AF_DLR", "AF_KDH", "AF_KBL")
    assert trip.length_km == pytest.approx(557 + 482)
    assert by_road("Kandahar", "Spin Boldak").length_km == pytest.approx(103)
    # Chabahar's boxes for Kabul leave Iran at Milak over the Silk Bridge to Zaranj, then Route 606 and
    # the Ring Road: one border, stopped at on both sides
    trip = by_road("Chabahar", "Kabul", cargo="container")
    assert trip.place_sequence == ("IR_ZBR", "IR_IRS", "IR_ZAH", "IR_MLK", "AF_ZAR", "AF_DLR", "AF_KDH", "AF_KBL")
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["IR_MLK", "AF_ZAR"]
    # the N25 crossing at Spin Boldak / Chaman (Wesh - Chaman), the second Afghan - Pakistani road crossing
    trip = route(embedded, "Kandahar", "Quetta", costing=costing, modes=["road"], cargo="truck", via=["Chaman"])
    assert trip.place_sequence == ("AF_KDH", "AF_SPB", "PK_CHM", "PK_QTA")
    # the Karakoram Highway: Kashgar - Khunjerab port 420 km, Khunjerab - Islamabad 870 km (china.org.cn),
    # crossing at the Khunjerab pass and the Sost dry port, not round by Kyrgyzstan, Uzbekistan and Torkham
    trip = by_road("Kashgar", "Islamabad")
    assert trip.place_sequence == ("CN_KHG", "CN_TXK", "CN_KHJ", "PK_SST", "PK_ISB")
    assert trip.length_km == pytest.approx(420 + 870)
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["CN_KHJ", "PK_SST"]


def test_trucks_cross_siberia_by_manzhouli_mongolia_by_the_asian_highways_and_the_black_sea_by_navibulgar(embedded, costing):
    # published lengths (sources in the links' length_basis): the R258 Irkutsk - Ulan-Ude 448 km and
    # Ulan-Ude - Chita 665 km, the R255 Novosibirsk - Krasnoyarsk - Irkutsk 796 + 1,035 km (km posts),
    # the A340 Ulan-Ude - Kyakhta 245 km, the Shenyang - Dalian expressway 375 km, the M5 Samara -
    # Ufa - Chelyabinsk 432 + 409 km (km posts)
    def by_road(origin: str, destination: str, **options):
        return route(embedded, origin, destination, costing=costing, modes=["road"], cargo="truck", **options)

    assert by_road("Irkutsk", "Chita").length_km == pytest.approx(448 + 665)
    assert by_road("Novosibirsk", "Irkutsk").length_km == pytest.approx(796 + 1035)
    assert by_road("Dalian", "Shenyang").length_km == pytest.approx(375)
    trip = by_road("Samara", "Chelyabinsk")
    assert trip.place_sequence == ("RU_KUF", "RU_UFA", "RU_CEK") and trip.length_km == pytest.approx(432 + 409)
    # Zhengzhou -> Moscow by Manzhouli (the first China-plated TIR truck, 2023): the G4 and G1 to Harbin,
    # the G10 to Manzhouli, Zabaikalsk and the Siberian federal roads, then Omsk - Tyumen - Yekaterinburg
    trip = by_road("Zhengzhou", "Moscow", via=["Manzhouli"])
    assert trip.place_sequence == (
        "CN_CGO", "CN_SJW", "CN_BJS", "CN_SHE", "CN_CGQ", "CN_HRB", "CN_MZL", "RU_ZAB",
        "RU_CHT", "RU_UUD", "RU_IKT", "RU_KJA", "RU_NSK", "RU_OMS", "RU_EKB", "RU_MOW",
    )  # fmt: skip
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["CN_MZL", "RU_ZAB"]
    # Tianjin -> Ulaanbaatar -> Ulan-Ude on the AH3 (the 2016 caravan): Erenhot / Zamyn-Üüd, whose road
    # crossing now has its stop (CPMM road averages), then Sükhbaatar, Altanbulag / Kyakhta; the AH3's
    # 1,012 km in Mongolia and the A340's 245 km in Russia
    trip = by_road("Tianjin", "Ulaanbaatar")
    assert trip.place_sequence == ("CN_TSN", "CN_BJS", "CN_ERL", "MN_ZUU", "MN_ULN")
    stops = [leg for leg in trip.legs if leg.kind == "border"]
    assert [leg.from_id for leg in stops] == ["CN_ERL", "MN_ZUU"] and all(leg.time_h > 0 for leg in stops)
    trip = by_road("Zamyn-Üüd", "Ulan-Ude")
    assert trip.place_sequence == ("MN_ZUU", "MN_ULN", "MN_SUK", "MN_ALB", "RU_KYA", "RU_UUD")
    assert trip.length_km == pytest.approx(1012 + 4 + 245)  # + the 4 km across the border (estimate)
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["MN_ALB", "RU_KYA"]
    # Urumqi -> Novosibirsk on the AH4 (the 2023 trial): Takeshiken / Yarant, western Mongolia,
    # Ulaanbaishint / Tashanta and the Chuysky trakt, not round by Kazakhstan
    trip = by_road("Urumqi", "Novosibirsk")
    assert trip.place_sequence == ("CN_URC", "CN_TAK", "MN_YAR", "MN_ULB", "RU_TSH", "RU_NSK")
    assert trip.length_km == pytest.approx(561.5 + 25 + 758 + 32 + 918)
    # Shenzhen reaches the Chinese road network (Guangzhou, the G4 to Zhengzhou, the G30 to Khorgos)
    trip = by_road("Shenzhen", "Almaty")
    assert trip.place_sequence[:5] == ("CN_SZX", "CN_CAN", "CN_CSX", "CN_WUH", "CN_CGO")
    assert trip.place_sequence[-3:] == ("CN_URC", "KZ_ALT", "KZ_ALA")
    # Vilnius -> Varna through Poland, Slovakia, Hungary and Romania (the 2023 TRACECA pilot), then the
    # semi-trailer by Navigation Maritime Bulgare's ferry to Batumi, which ran before Ukrferry's X591
    trip = by_road("Vilnius", "Varna")
    assert trip.place_sequence[:4] == ("LT_VNO", "LT_KUN", "PL_WAW", "HU_BUD")
    assert trip.place_sequence[-4:] == ("RO_BUH", "RO_GRG", "BG_RSE", "BG_VAR")  # by the Giurgiu - Ruse bridge
    ferry = route(embedded, "Varna", "Batumi", costing=costing, modes=["ferry"], cargo="truck", date="2023-05-30")
    assert ferry.link_ids == ("X892",) and embedded.link("X892").carries == ("truck", "vehicle")


def test_trucks_cross_from_uzbekistan_to_turkmenistan_and_iran_by_farap_and_sarakhs(embedded, costing):
    # the M37 / AH5: Bukhara - Alat / Farap - Turkmenabat, then the Ashgabat - Turkmenabat motorway's
    # 600 km (203 + 109 + 288 km by phase) shared over Turkmenabat - Mary - Tejen - Ashgabat
    def by_road(origin: str, destination: str, **options):
        return route(embedded, origin, destination, costing=costing, modes=["road"], cargo="truck", **options)

    assert sum(embedded.link(i).length_km for i in ("X901", "X902", "X903")) == pytest.approx(600)
    trip = by_road("Tashkent", "Ashgabat", date="2025-06-01")
    assert trip.place_sequence == (
        "UZ_TAS", "UZ_SKD", "UZ_NVI", "UZ_BHK", "UZ_ALT", "TM_FAR", "TM_CRZ", "TM_MRY", "TM_TEJ", "TM_ASB",
    )  # fmt: skip
    assert not any(place.startswith("AF_") for place in trip.place_sequence)
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["UZ_ALT", "TM_FAR"]
    # Zhengzhou -> Ashgabat (the 2025 TIR run, 'about 6,000 km' through Kazakhstan and Uzbekistan),
    # not round the Caspian by Garabogaz
    trip = by_road("Zhengzhou", "Ashgabat", via=["Altynkol"], date="2025-02-20")
    assert "UZ_ALT" in trip.place_sequence and "TM_GBZ" not in trip.place_sequence
    assert trip.length_km == pytest.approx(6000, rel=0.1)
    # the Serakhs - Sarakhs road crossing: Tejen - Sarahs 130 km, Sarakhs - Mashhad 202 km
    trip = by_road("Mashhad", "Mary", date="2024-06-01")
    assert trip.place_sequence == ("IR_MHD", "IR_SRR", "TM_SRR", "TM_TEJ", "TM_MRY")
    assert trip.length_km == pytest.approx(202 + 3 + 130 + 131.5)
    stops = [leg for leg in trip.legs if leg.kind == "border"]
    assert [leg.from_id for leg in stops] == ["IR_SRR", "TM_SRR"] and all(leg.time_h > 0 for leg in stops)


def test_the_viking_train_crosses_from_ukraine_to_belarus_until_the_invasion(embedded, costing):
    # the Viking train Chornomorsk - Klaipeda, 1,734 km: 756 km in Ukraine (Berezhest - Ilyichevsk),
    # 544 km in Belarus (Slovechno - Gudogai), 434 km in Lithuania; by Berezhest / Slovechno, not Russia
    def by_rail(date: str):
        return route(embedded, "Chornomorsk", "Klaipėda", costing=costing, modes=["rail"], via=["Gudogai"], date=date)

    assert embedded.link("L084").length_km + embedded.link("X907").length_km == pytest.approx(756)
    assert embedded.link("X909").length_km + embedded.link("X274").length_km == pytest.approx(544)
    trip = by_rail("2011-01-15")
    assert trip.place_sequence[:6] == ("UA_CHO", "UA_ODS", "UA_BZT", "BY_SLV", "BY_MSQ", "BY_GUD")
    assert not any(place.startswith("RU_") for place in trip.place_sequence)
    assert trip.length_km == pytest.approx(1734, rel=0.02)
    # no railway between Ukraine and Belarus since 2022-02-24
    trip = by_rail("2023-01-01")
    assert "X908" not in trip.link_ids and "BY_SLV" not in trip.place_sequence


def test_rail_from_the_urals_to_the_caspian_runs_by_orsk_or_ufa_samara_and_saratov_not_moscow(embedded, costing):
    # the Trans-Siberian's southern route Chelyabinsk - Zlatoust - Ufa (X910) and Samara - Syzran
    # (135 km) - Saratov (X911): MMK's 2019 steel train Magnitogorsk - Samur - Akhalkalaki - Kars -
    # Iskenderun, 'about 5,000 km', goes down the Volga, not round by Moscow
    assert embedded.link("X911").length_km == pytest.approx(135 + 294)
    trip = route(
        embedded, "Magnitogorsk", "Iskenderun", costing=costing, modes=["rail"], cargo="bulk",
        via=["Samur", "Akhalkalaki", "Kars"], date="2019-10-01",
    )  # fmt: skip
    # since the detour round Magnitogorsk's way to Samara is Kartaly - Orsk - Orenburg (about 210 km
    # shorter than by Chelyabinsk and Ufa); Chelyabinsk's own still goes by Ufa
    assert trip.place_sequence[:8] == ("RU_MQF", "RU_KRT", "RU_ORS", "RU_REN", "RU_KUF", "RU_RTW", "RU_VOG", "RU_ASF")
    assert "RU_MOW" not in trip.place_sequence and "RU_EKB" not in trip.place_sequence
    assert trip.length_km == pytest.approx(5000, rel=0.2)
    trip = route(embedded, "Chelyabinsk", "Astrakhan", costing=costing, modes=["rail"], cargo="bulk", date="2019-10-01")
    assert trip.place_sequence == ("RU_CEK", "RU_UFA", "RU_KUF", "RU_RTW", "RU_VOG", "RU_ASF")


def test_trucks_take_the_indus_highway_and_the_n50_by_dera_ismail_khan(embedded, costing):
    # the N-55 Indus Highway, 1,264 km Kotri - Peshawar (NHA), D.I. Khan 300 km from Peshawar, plus
    # about 150 km Karachi - Kotri; the N-50 D.I. Khan - Zhob - Kuchlak (Zhob - Kuchlak 298 km) - Quetta
    def by_road(origin: str, destination: str, **options):
        return route(embedded, origin, destination, costing=costing, modes=["road"], cargo="truck", **options)

    assert embedded.link("X912").length_km + embedded.link("X913").length_km == pytest.approx(1264 + 150)
    assert embedded.link("X914").length_km == pytest.approx(192 + 298 + 26)
    # the first Uzbek truck transit from Karachi, 2,760 km to Tashkent by Peshawar, Kabul and Termez
    trip = by_road("Karachi", "Tashkent", via=["Peshawar", "Kabul", "Mazar-i-Sharif", "Termez"], date="2022-06-01")
    assert trip.place_sequence[:3] == ("PK_KHI", "PK_DIK", "PK_PEW")
    assert "PK_LHE" not in trip.place_sequence
    assert trip.length_km == pytest.approx(2760, rel=0.1)
    # the first CPEC trade convoy, Kashgar - Gwadar 3,115 km by Islamabad and Quetta (western route)
    trip = by_road("Kashgar", "Gwadar", via=["Islamabad", "Quetta"], date="2016-10-29")
    assert trip.place_sequence[-5:] == ("PK_ISB", "PK_PEW", "PK_DIK", "PK_QTA", "PK_GWD")
    assert "PK_KHI" not in trip.place_sequence
    assert trip.length_km == pytest.approx(3115, rel=0.1)


def test_rail_from_chelyabinsk_to_petropavl_runs_by_kurgan_not_yekaterinburg(embedded, costing):
    # the Trans-Siberian's southern main line Chelyabinsk - Kurgan (258 km by the station's
    # distance table) - Petukhovo, not the 594 km round by Yekaterinburg
    assert embedded.link("X915").length_km == pytest.approx(258 + 194)
    trip = route(embedded, "Chelyabinsk", "Petropavl", costing=costing, modes=["rail"], date="2020-01-01")
    assert trip.place_sequence == ("RU_CEK", "RU_PTH", "KZ_PPK")
    assert "RU_EKB" not in trip.place_sequence


def test_rail_from_chongqing_to_lanzhou_takes_the_lanyu_line_from_its_opening(embedded, costing):
    # the Lanzhou - Chongqing railway, 886 km (Xinhua), opened throughout on 2017-09-29; before it
    # trains went round by Xi'an, about 650 km longer
    assert embedded.link("X916").length_km == pytest.approx(886)

    def by_rail(date: str):
        return route(embedded, "Chongqing", "Lanzhou", costing=costing, modes=["rail"], date=date)

    trip = by_rail("2018-01-01")
    assert trip.place_sequence == ("CN_CKG", "CN_LHW") and trip.length_km == pytest.approx(886)
    trip = by_rail("2016-01-01")
    assert trip.place_sequence == ("CN_CKG", "CN_XIA", "CN_LHW") and "X916" not in trip.link_ids
    assert trip.length_km - 886 == pytest.approx(650, rel=0.3)


def test_rail_from_yinchuan_to_xinjiang_takes_the_gantang_wuwei_line_not_lanzhou(embedded, costing):
    # the Baotou - Lanzhou railway to Gantang, then the Gantang - Wuwei railway (172.2 km)
    assert embedded.link("X917").length_km == pytest.approx(172.2 + 226, abs=0.5)
    trip = route(embedded, "Yinchuan", "Urumqi", costing=costing, modes=["rail"], date="2020-01-01")
    assert trip.place_sequence == ("CN_INC", "CN_WUW", "CN_URC")
    assert "CN_LHW" not in trip.place_sequence


def test_trucks_reach_kashgar_and_irkeshtam_from_urumqi_by_the_g314(embedded, costing):
    # the G314 (G3012 expressway since 2015), Urumqi 0 - Kashgar 1,480 km by its distance table;
    # a truck for Osh by Irkeshtam no longer goes round by Kazakhstan and Kyrgyzstan
    assert embedded.link("X918").length_km == pytest.approx(1480)

    def by_road(destination: str, **options):
        return route(embedded, "Urumqi", destination, costing=costing, modes=["road"], cargo="truck", **options)

    assert by_road("Kashgar", date="2020-01-01").place_sequence == ("CN_URC", "CN_KHG")
    trip = by_road("Osh", via=["Irkeshtam"], date="2020-01-01")
    assert trip.place_sequence == ("CN_URC", "CN_KHG", "KG_IRK", "KG_OSH")
    assert not any(place.startswith("KZ_") for place in trip.place_sequence)


def test_ukrainian_rail_reaches_galati_and_constanta_through_moldova_from_august_2022(embedded, costing):
    # Berezyne - Basarabeasca rebuilt (23 km) and open from 2022-08-22; the Bender - Galați line by
    # Reni and Giurgiulești (Reni - Galați about 20 km, dual gauge) to Galați, where the gauge changes
    assert embedded.link("X920").length_km == pytest.approx(23)
    assert embedded.link("X922").length_km + embedded.link("X923").length_km == pytest.approx(20)
    assert embedded.link("X921").length_km == pytest.approx(300 - 126.2 - 12, abs=1)
    assert embedded.place("RO_GLT").gauge_change_methods

    def by_rail(origin: str, date: str):
        return route(embedded, origin, "Constanța", costing=costing, modes=["rail"], cargo="bulk", date=date)

    trip = by_rail("Odesa", "2022-09-01")
    assert trip.place_sequence == ("UA_ODS", "UA_BRZ", "MD_BAS", "MD_GIU", "RO_GLT", "RO_CND")
    assert any(leg.kind == "gauge_change" and leg.from_id == "RO_GLT" for leg in trip.legs)
    # before the Berezyne - Basarabeasca line reopened, round by Lviv and the Vadul-Siret crossing
    trip = by_rail("Odesa", "2022-06-01")
    assert "X920" not in trip.link_ids and "RO_GLT" not in trip.place_sequence
    assert trip.place_sequence == ("UA_ODS", "UA_LWO", "UA_CRN", "UA_VSR", "RO_VIC", "RO_BUH", "RO_CND")


def test_ukrainian_rail_reaches_romania_at_vadul_siret_not_round_by_hungary(embedded, costing):
    # Lviv - Chernivtsi - Vadul-Siret, the gauge change where the 1435 mm track from Romania ends,
    # then CFR line 500 Vicșani - Suceava - Bucharest (487.6 km by its km table) to Constanța
    assert embedded.link("X932").length_km == pytest.approx(487.6)
    assert embedded.place("UA_VSR").gauge_change_methods
    trip = route(embedded, "Kyiv", "Constanța", costing=costing, modes=["rail", "road"], cargo="bulk", date="2022-06-01")
    assert trip.place_sequence == ("UA_KYV", "UA_LWO", "UA_CRN", "UA_VSR", "RO_VIC", "RO_BUH", "RO_CND")
    assert not any(place.startswith("HU_") for place in trip.place_sequence)
    assert any(leg.kind == "gauge_change" and leg.from_id == "UA_VSR" for leg in trip.legs)


def test_rail_from_odesa_to_chop_runs_by_lviv_not_kyiv(embedded, costing):
    # the Odesa - Zhmerynka - Khmelnytskyi - Ternopil - Lviv line (the Odesa - Przemyśl train's)
    trip = route(embedded, "Odesa", "Chop", costing=costing, modes=["rail"], cargo="bulk", date="2022-06-01")
    assert trip.place_sequence == ("UA_ODS", "UA_LWO", "UA_CHP")
    assert "UA_KYV" not in trip.place_sequence


def test_trucks_cross_from_herat_to_mary_at_torghundi_serhetabat(embedded, costing):
    # the Torghundi - Serhetabat road crossing and the Mary - Gushgy (Serhetabat) highway: the first
    # Lapis Lazuli convoy, Herat - Torghundi - Ashgabat - Turkmenbashi, not round by Iran
    def by_road(origin: str, destination: str, **options):
        return route(embedded, origin, destination, costing=costing, modes=["road"], cargo="truck", **options)

    trip = by_road("Herat", "Mary", date="2018-12-13")
    assert trip.place_sequence == ("AF_HER", "AF_TOR", "TM_SRH", "TM_MRY")
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["AF_TOR", "TM_SRH"]
    trip = by_road("Herat", "Turkmenbashi", via=["Torghundi"], date="2018-12-13")
    assert trip.place_sequence[:4] == ("AF_HER", "AF_TOR", "TM_SRH", "TM_MRY")
    assert not any(place.startswith("IR_") for place in trip.place_sequence)


def test_rail_from_katowice_to_lodz_runs_by_koluszki_not_warsaw(embedded, costing):
    # line 1 Katowice - Częstochowa - Koluszki and line 17 Koluszki - Łódź Widzew (21.1 km)
    assert embedded.link("X928").length_km == pytest.approx(208 + 21.1, abs=0.5)
    trip = route(embedded, "Katowice", "Łódź", costing=costing, modes=["rail"], date="2025-06-01")
    assert trip.place_sequence == ("PL_KTW", "PL_LOD") and "PL_WAW" not in trip.place_sequence


# --- the detour round: lines and roads the standing detour check (test_network_detours.py) found missing


def _by(embedded, costing, mode: str):
    def go(origin: str, destination: str, date: str = "2024-06-01", **options):
        if mode == "road":
            options.setdefault("cargo", "truck")
        return route(embedded, origin, destination, costing=costing, modes=[mode], date=date, **options)

    return go


def test_kostanay_and_the_urals_reach_western_kazakhstan_by_orsk_and_khromtau(embedded, costing):
    # Kandyagash's km post from Orenburg via Orsk (553 km) over Orsk, Nikeltau and Khromtau; the
    # Khromtau - Altynsarin line (402.5 km, 2004) on to Tobol
    assert sum(embedded.link(i).length_km for i in ("X935", "X936", "X937", "X938")) == pytest.approx(553)
    assert 402.5 < embedded.link("X942").length_km < 402.5 + 60
    by_rail = _by(embedded, costing, "rail")
    # Kostanay -> Bolashak no longer goes round by Astana and Zhezkazgan (3,395 km), nor through Russia
    trip = by_rail("Kostanay", "Bolashak")
    assert trip.place_sequence[:4] == ("KZ_KSN", "KZ_TOB", "KZ_KHR", "KZ_KDG") and trip.place_sequence[-1] == "KZ_BOL"
    assert not any(place.startswith("RU_") for place in trip.place_sequence)
    assert trip.length_km < 2200
    # before the Khromtau - Altynsarin line opened (2004-11-30) it did
    assert "KZ_KHR" not in by_rail("Kostanay", "Bolashak", date="2004-06-01").place_sequence
    # Kartaly - Orsk - Kandyagash: the Urals' line to western Kazakhstan, not round by Orenburg and Iletsk
    trip = by_rail("Chelyabinsk", "Kandyagash")
    assert trip.place_sequence == ("RU_CEK", "RU_ZSP", "RU_KRT", "RU_ORS", "KZ_NKT", "KZ_KHR", "KZ_KDG")
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["RU_ORS", "KZ_NKT"]
    assert by_rail("Orenburg", "Orsk").place_sequence == ("RU_REN", "RU_ORS")
    # and Aktobe - Atyrau by Kandyagash and Makat, not round by Russia
    assert by_rail("Aktobe", "Atyrau").place_sequence == ("KZ_AKX", "KZ_KDG", "KZ_MAK", "KZ_ATY")


def test_the_trans_siberian_and_the_turksib_cross_into_kazakhstan_at_petropavl_and_semey(embedded, costing):
    by_rail = _by(embedded, costing, "rail")
    # Omsk - Isilkul - Petropavl (the Trans-Siberian's southern line), not round by Yekaterinburg
    assert by_rail("Omsk", "Astana").place_sequence == ("RU_OMS", "RU_ISK", "KZ_PPK", "KZ_NQZ")
    assert _by(embedded, costing, "road")("Omsk", "Petropavl").place_sequence == ("RU_OMS", "RU_ISK", "KZ_PPK")
    # Novosibirsk - Barnaul - Lokot / Auyl - Semey - Aktogay - Almaty (the Turksib), not by Astana or Dostyk
    trip = by_rail("Novosibirsk", "Almaty")
    assert trip.place_sequence == ("RU_NSK", "RU_BAX", "RU_LOK", "KZ_AUL", "KZ_PLX", "KZ_SHR", "KZ_AKG", "KZ_ALA")
    assert embedded.link("L052").length_km + embedded.link("X060").length_km == pytest.approx(880)  # the reference's Dostyk - Almaty, redrawn from Aktogay
    assert embedded.link("L052").from_id == "KZ_AKG"
    trip = _by(embedded, costing, "road")("Novosibirsk", "Almaty")
    assert trip.place_sequence == ("RU_NSK", "RU_BAX", "KZ_AUL", "KZ_PLX", "KZ_ALA")


def test_beyneu_reaches_uzbekistan_by_kungrad_and_the_bukhara_misken_line(embedded, costing):
    # the Bukhara - Misken line, 355 km, open from 2017-12-01; before it by Uchkuduk and Navoi
    assert embedded.link("X953").length_km == pytest.approx(355)
    by_rail = _by(embedded, costing, "rail")
    trip = by_rail("Beyneu", "Bukhara")
    assert trip.place_sequence == ("KZ_BEY", "KZ_OAZ", "UZ_KKP", "UZ_KGD", "UZ_MSK", "UZ_BHK")
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["KZ_OAZ", "UZ_KKP"]
    assert by_rail("Beyneu", "Bukhara", date="2016-06-01").place_sequence[-2:] == ("UZ_NVI", "UZ_BHK")
    # the A380 by Kungrad and Nukus, and Bukhara - Karshi - Kumkurgan - Termez without Samarkand
    trip = _by(embedded, costing, "road")("Beyneu", "Bukhara")
    assert trip.place_sequence == ("KZ_BEY", "KZ_OAZ", "UZ_KKP", "UZ_KGD", "UZ_BHK")
    assert by_rail("Bukhara", "Termez").place_sequence == ("UZ_BHK", "UZ_KSQ", "UZ_KUM", "UZ_TMZ")
    assert _by(embedded, costing, "road")("Termez", "Bukhara").place_sequence == ("UZ_TMZ", "UZ_KSQ", "UZ_BHK")


def test_turkmenistan_reaches_aqina_by_rail_from_2016_and_mazar_by_road_at_imamnazar(embedded, costing):
    # Turkmenabat - Kerki 203 km (1999), Atamyrat - Imamnazar 85 km and Imamnazar - Aqina 3 km (2016-11-28)
    assert [embedded.link(i).length_km for i in ("X957", "X958", "X959")] == [203, 85, 3]
    by_rail = _by(embedded, costing, "rail")
    trip = by_rail("Turkmenabat", "Aqina", date="2017-06-01")
    assert trip.place_sequence == ("TM_CRZ", "TM_ATM", "TM_IMN", "AF_AQN") and trip.length_km == pytest.approx(291)
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["TM_IMN", "AF_AQN"]
    with pytest.raises(NoRouteError):
        by_rail("Turkmenabat", "Aqina", date="2016-06-01")
    # a truck from Mary to Mazar-i-Sharif crosses at Imamnazar - Aqina, not round by Uzbekistan and Termez
    trip = _by(embedded, costing, "road")("Mary", "Mazar-i-Sharif")
    assert trip.place_sequence == ("TM_MRY", "TM_CRZ", "TM_ATM", "TM_IMN", "AF_AQN", "AF_MZR")


def test_rail_gaps_in_europe_turkey_russia_and_china_are_closed(embedded, costing):
    by_rail = _by(embedded, costing, "rail")
    assert by_rail("Duisburg", "Hamburg").link_ids == ("X963",)  # not by Frankfurt (Oder), 1,091 km
    assert by_rail("Saint Petersburg", "Minsk").link_ids == ("X964",)  # by Vitebsk, not Moscow
    # Ankara - Kayseri - Ulukışla - Mersin: the published Ankara - Sivas 603 km and the reference's Sivas - Mersin
    # (L083, redrawn as Kayseri - Ulukışla, and X1074 Ulukışla - Mersin) keep their lengths, each line drawn once
    assert by_rail("Ankara", "Mersin").place_sequence == ("TR_ANK", "TR_ASR", "TR_ULK", "TR_MER")
    assert embedded.link("X967").length_km + embedded.link("X966").length_km == pytest.approx(603)
    assert embedded.link("L083").length_km + embedded.link("X1074").length_km + embedded.link("X966").length_km == pytest.approx(553)
    # Novorossiysk reaches Makhachkala and Volgograd by Armavir, not by Rostov
    assert by_rail("Novorossiysk", "Makhachkala").place_sequence == ("RU_NOV", "RU_ARM", "RU_MCX")
    assert by_rail("Volgograd", "Novorossiysk").place_sequence == ("RU_VOG", "RU_ARM", "RU_NOV")
    assert embedded.link("X969").length_km + embedded.link("L004").length_km == pytest.approx(1150)  # L004 redrawn from Armavir
    # Istanbul - Constanța by Svilengrad, Ruse and Giurgiu, not round by Serbia and Hungary
    trip = by_rail("Istanbul", "Constanța")
    assert trip.place_sequence == ("TR_IST", "TR_KPK", "BG_SVL", "BG_RSE", "RO_GRG", "RO_BUH", "RO_CND")
    # Chongqing - Wuhan by the Yichang - Wanzhou line from 2010-12-22, before it round by Xi'an
    assert by_rail("Chongqing", "Wuhan", date="2012-06-01").link_ids == ("X965",)
    assert "CN_XIA" in by_rail("Chongqing", "Wuhan", date="2009-06-01").place_sequence


def test_road_gaps_round_the_caspian_and_in_central_asia_are_closed(embedded, costing):
    by_road = _by(embedded, costing, "road")
    assert by_road("Atyrau", "Uralsk").link_ids == ("X976",)
    assert by_road("Atyrau", "Aktobe").link_ids == ("X977",)
    assert by_road("Astrakhan", "Samara").place_sequence == ("RU_ASF", "RU_VOG", "RU_RTW", "RU_KUF")
    assert by_road("Rostov-on-Don", "Volgograd").link_ids == ("X981",)
    assert by_road("Orenburg", "Chelyabinsk").place_sequence == ("RU_REN", "RU_ORS", "RU_MQF", "RU_CEK")
    trip = by_road("Orsk", "Aktobe")
    assert trip.place_sequence == ("RU_ORS", "KZ_NKT", "KZ_KHR", "KZ_AKX")
    assert [leg.from_id for leg in trip.legs if leg.kind == "border"] == ["RU_ORS", "KZ_NKT"]
    assert by_road("Bishkek", "Shymkent").link_ids == ("X989",)
    assert by_road("Kashgar", "Bishkek").place_sequence == ("CN_KHG", "KG_TRG", "KG_FRU")
    trip = by_road("Khujand", "Dushanbe")  # X988 split at Ayni, its 338 km kept
    assert trip.link_ids == ("X988", "X1081") and trip.length_km == pytest.approx(338)
    # Kabul - Dushanbe over the Panj bridge at Sherkhan Bandar (2007-08-26)
    trip = by_road("Kabul", "Dushanbe", via=["Sherkhan Bandar"])
    assert trip.place_sequence == ("AF_KBL", "AF_SHB", "TJ_PPY", "TJ_DYU")
    assert "X1004" not in by_road("Kabul", "Dushanbe", via=["Sherkhan Bandar"], date="2006-06-01").link_ids


def test_road_gaps_in_iran_pakistan_turkey_and_the_balkans_are_closed(embedded, costing):
    by_road = _by(embedded, costing, "road")
    # the N10 Makran Coastal Highway, 653 km (2004-12-14), and the Gabd - Rimdan crossing (2020-12-19),
    # 70 km from Gwadar and 120 km from Chabahar
    assert embedded.link("X995").length_km == pytest.approx(653)
    assert by_road("Karachi", "Gwadar").link_ids == ("X995",)
    trip = by_road("Gwadar", "Chabahar", date="2021-06-01")
    assert trip.place_sequence == ("PK_GWD", "PK_GAB", "IR_RIM", "IR_ZBR") and trip.length_km == pytest.approx(70 + 7 + 120)
    assert "IR_RIM" not in by_road("Gwadar", "Chabahar", date="2020-06-01").place_sequence
    for origin, destination, link_id in (
        ("Mashhad", "Zahedan", "X994"), ("Tehran", "Ahvaz", "X1016"), ("Bandar Abbas", "Shiraz", "X1018"),
        ("Mashhad", "Yazd", "X1017"), ("Poti", "Batumi", "X1013"), ("Semey", "Almaty", "X1025"),
    ):  # fmt: skip
        assert by_road(origin, destination).link_ids == (link_id,), (origin, destination)
    assert by_road("Tabriz", "Rasht").place_sequence == ("IR_TBZ", "IR_ARD", "IR_AST", "IR_RAS")
    assert by_road("Bileh Savar", "Astara (IR)").place_sequence == ("IR_BIL", "IR_ARD", "IR_AST")  # not round by Tabriz
    assert by_road("Quetta", "Lahore").place_sequence == ("PK_QTA", "PK_RHR", "PK_LHE")
    assert by_road("Ankara", "Trabzon").place_sequence == ("TR_ANK", "TR_SSX", "TR_TZX")
    assert by_road("Batumi", "Trabzon").place_sequence == ("GE_BUS", "GE_SRP", "TR_SRP", "TR_TZX")
    # Istanbul - Bucharest by Svilengrad and Ruse (the E85), not round by Varna; I-2 Ruse - Varna 203 km
    assert by_road("Istanbul", "Bucharest").place_sequence == ("TR_IST", "TR_KPK", "BG_SVL", "BG_RSE", "RO_GRG", "RO_BUH")
    assert embedded.link("X1009").length_km == pytest.approx(203)


def test_trucks_from_astrakhan_reach_moscow_by_the_kaspiy_highway(embedded, costing):
    # the R22 'Kaspiy' (Kashira km 0 - Volgograd 861 - Astrakhan 1,286; 1,381 km in all): without
    # its Volgograd - Moscow section a truck went round by Rostov (about 1,970 km)
    trip = _by(embedded, costing, "road")("Astrakhan", "Moscow")
    assert trip.place_sequence == ("RU_ASF", "RU_VOG", "RU_MOW")
    assert 1_350 < trip.length_km < 1_500


def test_every_road_border_crossing_has_a_road_behind_it_on_both_sides(embedded):
    """A road crossing whose only road is the one across the border is one no truck can reach. The
    three the network holds each have their reason: Jolfa - Julfa leads to the Nakhchivan exclave
    only; the port of Giurgiulești is reached from Reni (Moldova's road north to Cahul is not in the
    network); and Razi - Kapıköy is not open to trucks: Türkiye's trade minister wants the Kapıköy
    gate, "used mostly by Iranian tourists", opened to commercial vehicles, for which Iran is to
    build a 40-km road (Ö. Bolat, AA), so it has no road behind it (its railway runs on)."""
    dead_ends = []
    for place in embedded.places:
        roads = [ln for ln in embedded.links_at(place.id) if ln.mode == "road" and ln.status == "operational"]
        if len(roads) == 1 and embedded.place(roads[0].other_end(place.id)).country != place.country:
            dead_ends.append(place.id)
    assert sorted(dead_ends) == ["AZ_JUL", "IR_JLF", "IR_RAZ", "MD_GIU", "TR_KPY"]

