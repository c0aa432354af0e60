"""Operating mechanisms against hand-computed cases (driving rules, ferry waits, gauge changes,
railway speeds and rates by administration)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from dalan_tiny import tiny_costing_dict
from hypothesis import given
from hypothesis import strategies as st

from dalan.costing import costing_from_dict
from dalan.costing.parameters import (
    DrivingRules,
    long_haul_factor,
    truck_elapsed_h,
    truck_run_elapsed_h,
)
from dalan.graph import compile_graph
from dalan.graph.compile import paired_borders
from dalan.network import Link, Network, Place
from dalan.routing import route

RULES = DrivingRules()


def test_a_truck_1500_km_under_the_eu_rules():
    # 1,500 km at 60 km/h = 25 h at the wheel: 10 h (2 breaks) + reduced rest 9 h, 10 h (2 breaks)
    # + reduced rest 9 h, 5 h (1 break) = 10 + 1.5 + 9 + 10 + 1.5 + 9 + 5 + 0.75 = 46.75 h.
    assert truck_elapsed_h(1500 / 60, RULES) == pytest.approx(46.75)


def test_a_truck_over_two_weeks_meets_the_weekly_and_fortnight_limits():
    # Week 1: 10+10+9+9+9+9 = 56 h, breaks 6 h, rests 3x9 + 2x11 = 49 h, weekly rest 45 h.
    # Week 2: the fortnight leaves 34 h: 10+10+9+5, breaks 4.5 h, rests 3x9 = 27 h, weekly rest 45 h.
    # Week 3: 10 h with 1.5 h of breaks.
    assert truck_elapsed_h(100, RULES) == pytest.approx(56 + 6 + 49 + 45 + 34 + 4.5 + 27 + 45 + 10 + 1.5)


def test_short_drives_need_no_rest():
    assert truck_elapsed_h(4.5, RULES) == 4.5
    assert truck_elapsed_h(9, RULES) == pytest.approx(9.75)


@given(st.floats(0.1, 400), st.floats(0.1, 400))
def test_elapsed_time_grows_with_driving_and_never_beats_the_clock(a, b):
    lo, hi = sorted((a, b))
    assert truck_elapsed_h(lo, RULES) <= truck_elapsed_h(hi, RULES) + 1e-9
    assert truck_elapsed_h(hi, RULES) >= hi
    # never more than 10 h at the wheel in one day of 24 h
    assert truck_elapsed_h(hi, RULES) >= 24 * (hi // 10) - 24


def test_a_wait_as_long_as_a_rest_is_taken_as_one_and_the_week_runs_on():
    # 15 h + a 12-h wait + 15 h: day 1 10 h (2 breaks) + reduced rest 9 h + 5 h (1 break); the wait
    # is the night's rest; day 3 10 h (2 breaks, the week's second extended day) + reduced rest 9 h
    # + 5 h (1 break) = 11.5 + 9 + 5.75 + 11.5 + 9 + 5.75 = 52.5 h, against 60.75 h without the wait
    assert truck_run_elapsed_h([15, 15], [12, 0], RULES) == pytest.approx(52.5)
    assert truck_run_elapsed_h([30], [0], RULES) == pytest.approx(truck_elapsed_h(30, RULES)) == pytest.approx(60.75)
    # a day's rest in a queue does not reset the week: 56 h at the wheel, then the weekly rest
    assert truck_run_elapsed_h([50, 10], [12, 0], RULES) > truck_run_elapsed_h([50], [0], RULES) + RULES.weekly_rest_h + 10


@given(st.lists(st.tuples(st.floats(0.0, 60.0), st.floats(0.0, 60.0)), min_size=1, max_size=6), st.sampled_from([1, 2]))
def test_waits_never_slow_a_run_and_one_run_without_them_is_the_plain_rules(segments, drivers):
    driving = [d for d, _ in segments]
    waits = [w for _, w in segments[:-1]] + [0.0]
    plain = truck_elapsed_h(sum(driving), RULES, drivers)
    assert truck_run_elapsed_h(driving, [0.0] * len(driving), RULES, drivers) == pytest.approx(plain, abs=1e-6)
    assert sum(driving) - 1e-6 <= truck_run_elapsed_h(driving, waits, RULES, drivers) <= plain + 1e-6


def test_long_haul_factor_is_the_fortnight_cycle():
    factor = long_haul_factor(RULES)
    assert 2.5 < factor < 3.2  # about 90 h of driving per 252 h elapsed


def test_a_truck_with_two_drivers_1500_km():
    # multi-manning (561/2006 art. 8(5)): the two take turns, each his 10 h (two extended days
    # a week) and his breaks while the other drives; both rest 9 h within 30 h of the last rest.
    # 25 h at the wheel: 20 h (no stop) + 9 h rest + 5 h = 34 h (one driver: 46.75 h).
    assert truck_elapsed_h(1500 / 60, RULES, drivers=2) == pytest.approx(34.0)
    assert truck_elapsed_h(20, RULES, drivers=2) == pytest.approx(20.0)


def test_two_drivers_over_two_weeks_meet_their_weekly_and_fortnight_limits():
    # Week 1: each driver 56 h: 20+20+18+18+18+18 = 112 h, five 9-h rests, weekly rest 45 h.
    # Week 2: each driver's fortnight leaves 34 h: 20+20+18+10 = 68 h, three rests, weekly rest.
    # Week 3: 20 h.
    assert truck_elapsed_h(200, RULES, drivers=2) == pytest.approx(112 + 45 + 45 + 68 + 27 + 45 + 20)


@given(st.floats(0.1, 400))
def test_a_crew_of_two_is_never_slower_and_never_beats_the_clock(driving_h):
    two = truck_elapsed_h(driving_h, RULES, drivers=2)
    assert driving_h - 1e-9 <= two <= truck_elapsed_h(driving_h, RULES) + 1e-9
    # never more than 20 h at the wheel in a duty of 29 h (20 h + the 9-h rest)
    assert two >= 29 * (driving_h // 20) - 29


def test_the_long_haul_factor_of_two_drivers_and_a_bad_crew():
    assert 1.6 < long_haul_factor(RULES, 2) < 2.0 < long_haul_factor(RULES)
    with pytest.raises(ValueError, match="1 or 2 drivers"):
        RULES.crew(3)


def test_a_crew_of_two_drives_a_road_link_faster_and_is_paid_for(costing):
    network = _two_place_network("road")
    link = network.links[0]
    two = costing.with_drivers(2)
    assert two is costing.with_drivers(2) and costing.with_drivers(1) is costing
    assert two.running_time_h(link, ("KZ", "KZ")) < costing.running_time_h(link, ("KZ", "KZ"))
    cargo = costing.cargo_class("container")
    share = costing.parameters["road_second_driver_cost_share"].value
    assert two.rate_usd_per_km(link, cargo, ("KZ", "KZ")) == pytest.approx(costing.rate_usd_per_km(link, cargo, ("KZ", "KZ")) * (1 + share))
    fast = route(network, "A", "B", costing=costing, drivers=2)
    slow = route(network, "A", "B", costing=costing)
    assert fast.time_h < slow.time_h and fast.cost_usd > slow.cost_usd


def _two_place_network(mode: str, countries=("KZ", "KZ"), **link) -> Network:
    places = (
        Place("A", "A", "الف", countries[0], 40.0, 50.0, ("city",), (1520,)),
        Place("B", "B", "ب", countries[1], 40.0, 60.0, ("city",), (1520,)),
    )
    gauges = (1520,) if mode == "rail" else ()
    return Network(places, (Link("L", "A", "B", mode, 1000.0, gauges, **link),), "two")


def test_a_rail_link_runs_at_its_railway_speed(costing):
    network = _two_place_network("rail")
    graph = compile_graph(network, costing)
    run = graph.time_h[(graph.kind == 0)].max()
    assert run == pytest.approx(1000 / costing.value("rail_speed_km_per_day.KZ") * 24)
    mixed = _two_place_network("rail", ("KZ", "RU"))
    half = 500 / costing.value("rail_speed_km_per_day.KZ") * 24 + 500 / costing.value("rail_speed_km_per_day.CIS") * 24
    assert compile_graph(mixed, costing).time_h[0 == compile_graph(mixed, costing).kind].max() == pytest.approx(half)


def _line_network(countries: tuple[str, str, str], corridors: tuple[tuple[str, ...], tuple[str, ...]]) -> Network:
    """A – B – C, 1,000 km per link, in 1520 mm; link A–B carries ``corridors[0]``, B–C ``corridors[1]``."""
    places = tuple(Place(p, p, p, c, 40.0, 50.0 + 10 * i, ("city",), (1520,)) for i, (p, c) in enumerate(zip("ABC", countries, strict=True)))
    links = (Link("AB", "A", "B", "rail", 1000.0, (1520,), corridors=corridors[0]), Link("BC", "B", "C", "rail", 1000.0, (1520,), corridors=corridors[1]))
    return Network(places, links, "line")


def _move_h(network: Network, origin: str, destination: str, costing) -> float:
    return sum(leg.time_h for leg in route(network, origin, destination, costing=costing).legs if leg.kind == "move")


def test_a_corridor_service_train_keeps_its_service_through_the_country(costing):
    """[groups] railway_service: the China–Europe transit trains cross Kazakhstan at their own
    speed (941 km/day, OBS-215) along the China–Europe lines; KTZ's other container trains (the
    Middle Corridor's: 6 days border -> Aktau, P§1) at the railway's. A train keeps one service
    through the country: one that must take a Middle Corridor line runs the whole way as
    KTZ's, not as a transit train up to the junction. The transit train pays the 1520-mm
    through rate ERAI indexes (KZ_TRANSIT), KTZ's own trains its discounted rate (KZ); a service
    without a rate of its own would pay the railway's (CIS_TRANSIT: CIS)."""
    per_day = {g: costing.value(f"rail_speed_km_per_day.{g}") for g in ("KZ", "KZ_TRANSIT")}
    assert per_day["KZ"] < per_day["KZ_TRANSIT"]
    network = _line_network(("KZ", "KZ", "KZ"), (("CER", "MC"), ("MC",)))
    assert _move_h(network, "A", "B", costing) == pytest.approx(1000 / per_day["KZ_TRANSIT"] * 24)
    assert _move_h(network, "B", "C", costing) == pytest.approx(1000 / per_day["KZ"] * 24)
    assert _move_h(network, "A", "C", costing) == pytest.approx(2000 / per_day["KZ"] * 24)
    assert _move_h(network, "C", "A", costing) == pytest.approx(2000 / per_day["KZ"] * 24)
    rate = lambda a, b: next(leg for leg in route(network, a, b, costing=costing).legs if leg.kind == "move").cost_usd / 1000
    assert rate("A", "B") == pytest.approx(costing.value("rail_rate_usd_per_teu_km.KZ_TRANSIT"))
    assert rate("B", "C") == pytest.approx(costing.value("rail_rate_usd_per_teu_km.KZ"))
    assert costing.railway_group("rail_rate_usd_per_teu_km", "RU", "CIS_TRANSIT") == "CIS"


def test_a_train_changes_its_service_where_it_crosses_a_border(costing):
    """A China–Europe train across Russia (CIS_TRANSIT) that goes on in Kazakhstan on a line of
    no China–Europe service runs its Kazakh half-link and beyond as KTZ's train."""
    speed = {g: costing.value(f"rail_speed_km_per_day.{g}") for g in ("CIS", "CIS_TRANSIT", "KZ")}
    network = _line_network(("RU", "KZ", "KZ"), (("CER",), ("MC",)))
    expected = (500 / speed["CIS_TRANSIT"] + 500 / speed["KZ"] + 1000 / speed["KZ"]) * 24
    assert _move_h(network, "A", "C", costing) == pytest.approx(expected)
    assert _move_h(network, "C", "A", costing) == pytest.approx(expected)
    # one service runs the lines of two corridors: a train from a China–Europe line onto a
    # Trans-Siberian one (Zabaikalsk -> Moscow) keeps it
    both = _line_network(("RU", "RU", "RU"), (("CER",), ("TSR",)))
    assert _move_h(both, "A", "C", costing) == pytest.approx(2000 / speed["CIS_TRANSIT"] * 24)
    # without a service in either country the same line runs at the railways' own speeds
    plain = _line_network(("RU", "KZ", "KZ"), (("INSTC-W",), ("MC",)))
    assert _move_h(plain, "A", "C", costing) == pytest.approx((500 / speed["CIS"] + 1500 / speed["KZ"]) * 24)


def test_the_trans_siberian_express_runs_within_russia_and_a_train_from_abroad_runs_as_the_transit(costing):
    """[groups] railway_crossings RU TSR_EXPRESS = []: RZD's express container trains ('Transsib in
    7 days', 1,200 km/day: PortNews 2013-10-04) run a Trans-Siberian line between two Russian
    places; a train that crosses into Russia (from China at Zabaikalsk) runs the same line as
    the China–Europe transit service, both ways."""
    speed = {g: costing.value(f"rail_speed_km_per_day.{g}") for g in ("CN", "CIS_TRANSIT", "TSR_EXPRESS")}
    assert speed["TSR_EXPRESS"] == 1200.0 and speed["CIS_TRANSIT"] < speed["TSR_EXPRESS"]
    russia = _line_network(("RU", "RU", "RU"), (("TSR",), ("TSR",)))
    assert _move_h(russia, "A", "C", costing) == pytest.approx(2000 / speed["TSR_EXPRESS"] * 24)
    from_china = _line_network(("CN", "RU", "RU"), (("CER",), ("TSR",)))
    expected = (500 / speed["CN"] + 1500 / speed["CIS_TRANSIT"]) * 24
    assert _move_h(from_china, "A", "C", costing) == pytest.approx(expected)
    assert _move_h(from_china, "C", "A", costing) == pytest.approx(expected)
    assert _move_h(from_china, "B", "C", costing) == pytest.approx(1000 / speed["TSR_EXPRESS"] * 24)


def test_an_empty_crossings_list_is_a_group_that_crosses_to_no_neighbour():
    groups = costing_from_dict(tiny_costing_dict() | {"groups": {"railway": {}, "road": {}, "railway_crossings": {"RU": {"TSR_EXPRESS": []}}}}).groups
    assert groups.railway_crossings == {"RU": {"TSR_EXPRESS": frozenset()}}
    assert not groups.crosses("RU", "TSR_EXPRESS", "BY") and groups.crosses("RU", "", "BY")


def _place(pid: str, country: str, kinds: tuple[str, ...] = ("city",), gauges: tuple[int, ...] = (1520,)) -> Place:
    return Place(pid, pid, pid, country, 45.0, 60.0, kinds, gauges)


def _kazakh_network(border_station: bool = False) -> Network:
    """China (C) – Kazakhstan (K, a junction) – Russia (R) and Turkmenistan (T), 1,000 km a link
    in 1520 mm, K – R by two lines: a China–Europe one (1,500 km) and a shorter one of no
    China–Europe service (1,000 km). ``border_station``: the train from China comes in 1435 mm
    to D, Kazakhstan's gauge-change station on the Chinese border, 1,000 km from K."""
    places = [_place("C", "CN", gauges=(1435,) if border_station else (1520,)), _place("K", "KZ"), _place("R", "RU"), _place("T", "TM")]
    links = [
        Link("KR", "K", "R", "rail", 1500.0, (1520,), corridors=("CER",)),
        Link("KR2", "K", "R", "rail", 1000.0, (1520,), corridors=("UZ",)),
        Link("KT", "K", "T", "rail", 1000.0, (1520,), corridors=("INSTC-E",)),
    ]
    if border_station:
        places.append(Place("D", "D", "D", "KZ", 45.0, 60.0, ("border_crossing", "gauge_change"), (1435, 1520), gauge_change_methods=("transshipment",)))
        links += [Link("CD", "C", "D", "rail", 300.0, (1435,), corridors=("CER",)), Link("DK", "D", "K", "rail", 1000.0, (1520,), corridors=("CER", "MC"))]
    else:
        links.append(Link("CK", "C", "K", "rail", 1000.0, (1520,), corridors=("CER", "MC")))
    return Network(tuple(places), tuple(links), "kazakh")


def _cheapest(network: Network, origin: str, destination: str, costing):
    from dalan.options import RouteOptions
    from dalan.routing import find_routes

    return find_routes(network, RouteOptions.build(origin, destination, by="cost", date="2025-06-01"), costing=costing)[0]


def _elements(itinerary) -> set[str]:
    return {e for leg in itinerary.legs if leg.kind == "move" for e in leg.element_ids}


def _moved_usd(itinerary) -> float:
    return sum(leg.cost_usd for leg in itinerary.legs if leg.kind == "move")


@pytest.mark.parametrize("border_station", [False, True])
def test_kazakhstan_s_discounted_rate_is_for_its_corridors_not_for_the_china_europe_transit(costing, border_station):
    """[groups] railway_crossings: KTZ's discounted container rate (KZ: the INSTC's eastern route,
    the China–Iran and TITR trains) is not the China–Europe transit's. A box from China to Russia
    crosses Kazakhstan on the transit train at the through rate (KZ_TRANSIT) even by cost, where
    a shorter line with no transit train is there (as KTZ's own train it would cost less); the
    same box to Turkmenistan, and a box from Russia to Turkmenistan, pay KTZ's rate. With a
    gauge change at the Chinese border the train keeps its group through the change (the line
    into China from the border station is China's railway's, Network.run_countries)."""
    network = _kazakh_network(border_station)
    rate = {g: costing.at_year(2025, 6).railway_value("rail_rate_usd_per_teu_km", c) for g, c in (("CN", "CN"), ("KZ", "KZ"), ("CA", "TM"), ("CIS", "RU"))}
    rate["KZ_TRANSIT"] = costing.value("rail_rate_usd_per_teu_km.KZ_TRANSIT")
    assert rate["KZ"] < rate["KZ_TRANSIT"]
    china_km, kazakh_km = (300.0, 1000.0) if border_station else (500.0, 500.0)  # C – D wholly China's; else half of C – K
    china_russia = _cheapest(network, "C", "R", costing)
    assert "KR" in _elements(china_russia) and "KR2" not in _elements(china_russia)
    expected = china_km * rate["CN"] + (kazakh_km + 750.0) * rate["KZ_TRANSIT"] + 750.0 * rate["CIS"]
    assert _moved_usd(china_russia) == pytest.approx(expected)
    china_turkmenistan = _cheapest(network, "C", "T", costing)
    assert _moved_usd(china_turkmenistan) == pytest.approx(china_km * rate["CN"] + (kazakh_km + 500.0) * rate["KZ"] + 500.0 * rate["CA"])
    russia_turkmenistan = _cheapest(network, "R", "T", costing)
    assert "KR2" in _elements(russia_turkmenistan)  # KTZ's own train takes the shorter line
    assert _moved_usd(russia_turkmenistan) == pytest.approx(500.0 * rate["CIS"] + 1000.0 * rate["KZ"] + 500.0 * rate["CA"])
    assert _cheapest(network, "T", "C", costing).cost_usd == pytest.approx(china_turkmenistan.cost_usd)


def test_a_line_from_a_border_station_into_the_country_across_runs_in_that_country(costing):
    """Network.run_countries: a link from a border station to a place in the country across that
    border runs wholly on that country's railway (Xi'an → Altynkol, 3,300 km of Chinese line);
    where the station's pair across a border is in another country (Brest's is Małaszewicze), a
    line from it to a third country's city (Moscow) runs half on each railway."""
    speed = {g: costing.value(f"rail_speed_km_per_day.{g}") for g in ("CN", "KZ", "CIS")}
    places = (_place("A", "CN"), Place("B", "B", "B", "KZ", 45.0, 60.0, ("border_crossing",), (1520,)))
    network = Network(places, (Link("AB", "A", "B", "rail", 1000.0, (1520,), corridors=("MC",)),), "border")
    assert network.run_countries(network.link("AB")) == ("CN", "CN")
    assert _move_h(network, "A", "B", costing) == pytest.approx(1000 / speed["CN"] * 24)
    brest = (
        _place("M", "RU"),
        Place("BR", "BR", "BR", "BY", 52.1, 23.7, ("border_crossing",), (1520,), rail_border_dwell_h=8.0),
        Place("MA", "MA", "MA", "PL", 52.1, 23.5, ("border_crossing",), (1520,), rail_border_dwell_h=8.0),
    )
    links = (Link("MB", "M", "BR", "rail", 1000.0, (1520,)), Link("BP", "BR", "MA", "rail", 10.0, (1520,)))
    network = Network(brest, links, "brest")
    assert network.border_countries("BR") == frozenset({"PL"}) and network.border_countries("M") == frozenset()
    assert network.run_countries(network.link("MB")) == ("RU", "BY")
    assert network.run_countries(network.link("BP")) == ("BY", "PL")
    assert _move_h(network, "M", "BR", costing) == pytest.approx(1000 / speed["CIS"] * 24)  # both CIS


def test_the_embedded_lines_into_china_run_on_china_s_railway(network):
    assert network.run_countries(network.link("L050")) == ("CN", "CN")  # Shihezi -> Altynkol (the reference's Xi'an - Altynkol line)
    assert network.run_countries(network.link("L089")) == ("RU", "BY")  # Moscow -> Minsk (the reference's Moscow - Brest line)
    assert network.run_countries(network.link("X466")) == ("KZ", "RU")  # two border stations: half each


def _port_network() -> Network:
    """A Kazakh line A – Aktau (a port, its id the costing's) – C, and a train ferry Aktau – Baku (B)."""
    places = (
        Place("A", "A", "الف", "KZ", 44.0, 60.0, ("city",), (1520,)),
        Place("KZ_AKT", "Aktau", "آکتائو", "KZ", 43.6, 51.2, ("port",), (1520,)),
        Place("C", "C", "ج", "KZ", 43.0, 52.0, ("city",), (1520,)),
        Place("B", "B", "ب", "AZ", 40.3, 49.8, ("port",), (1520,)),
    )
    links = (
        Link("AP", "A", "KZ_AKT", "rail", 1000.0, (1520,)),
        Link("PC", "KZ_AKT", "C", "rail", 100.0, (1520,)),
        Link("PB", "KZ_AKT", "B", "ferry", 450.0, (1520,), transit_time_h=20.0, sailings_per_week=3.0),
    )
    return Network(places, links, "port")


def test_a_congested_port_holds_its_trains_in_that_year(costing):
    """[rail_port_queue_h]: the TITR's Kazakh section took 12 days in 2022 and 6 in 2023 (P§1),
    the six days spent at the Caspian ports: in 2022 a train that unloads at Aktau, or whose
    wagons roll on to the ferry there, waits 144 h more; one that passes through does not, nor
    does any train in other years or in the undated costing."""
    assert costing.rail_port_queue_h["KZ_AKT"] == {2022: 144.0}
    network = _port_network()
    hours = {
        year: {
            to: route(network, "A", to, costing=costing.at_year(year), modes=["rail", "ferry"]).time_h
            for to in ("KZ_AKT", "B", "C")
        }
        for year in (None, 2021, 2022, 2023)
    }
    for to, extra in (("KZ_AKT", 144.0), ("B", 144.0), ("C", 0.0)):
        assert hours[2022][to] - hours[2023][to] == pytest.approx(extra), to
        assert hours[None][to] == pytest.approx(hours[2021][to]) == pytest.approx(hours[2023][to]), to
        # the hold is a queue: a timetable of 2022 does not count it
        held = route(network, "A", to, costing=costing.at_year(2022), modes=["rail", "ferry"])
        assert held.queue_h == pytest.approx(extra) and held.planned_time_h == pytest.approx(hours[2023][to]), to


def test_a_railway_tariff_has_its_year(costing):
    """[rail_rate_index]: China's container tariff in the 2021-2022 boom (through rates about
    USD 10,000 per FEU against about 6,500 usually) is 1.55 x its usual level; the 1520-mm
    railways (ERAI held at USD 2,700-3,300) and other years keep theirs."""
    assert costing.rail_rate_index["CN"] == {2021: 1.55, 2022: 1.55}
    for country, factor in (("CN", 1.55), ("KZ", 1.0)):
        network = _two_place_network("rail", (country, country))
        usual = 1000 * costing.value(f"rail_rate_usd_per_teu_km.{country}")
        for year, expected in ((None, usual), (2020, usual), (2022, usual * factor), (2024, usual)):
            move = next(leg for leg in route(network, "A", "B", costing=costing.at_year(year)).legs if leg.kind == "move")
            assert move.cost_usd == pytest.approx(expected), (country, year)


def test_a_rail_link_costs_its_railway_rate(costing):
    network = _two_place_network("rail")
    it = route(network, "A", "B", costing=costing)
    move = next(leg for leg in it.legs if leg.kind == "move")
    assert move.cost_usd == pytest.approx(1000 * costing.value("rail_rate_usd_per_teu_km.KZ"))


@pytest.mark.parametrize(("country", "group"), [("KG", "CAREC"), ("GE", "CAREC"), ("KZ", "KZ"), ("TM", "TM"), ("UZ", "UZ"), ("CN", "CN")])
def test_a_road_link_follows_the_driving_rules_at_its_road_group_s_speed(costing, country, group):
    """Driving hours at the road group's speed, stretched by the rules: CPMM's own speed without
    delay where it measures the country (China, Kazakhstan, Turkmenistan, Uzbekistan), else its
    CAREC average (42 km/h in 2022). The graph weighs the link at the long-haul factor; the
    route's leg is the run timed by the rules from a rested start."""
    network = _two_place_network("road", (country, country))
    driving_h = 1000 / costing.value(f"road_speed_kmh.{group}")
    graph = compile_graph(network, costing)
    assert graph.time_h[graph.kind == 0].max() == pytest.approx(driving_h * costing.road_time_factor)
    assert graph.drive_h[graph.kind == 0].max() == pytest.approx(driving_h)
    move = next(leg for leg in route(network, "A", "B", costing=costing).legs if leg.kind == "move")
    assert move.time_h == pytest.approx(truck_elapsed_h(driving_h, RULES))


def test_a_day_and_a_half_at_the_wheel_takes_its_breaks_and_one_night(costing):
    """1,000 km in Kazakhstan at the road group's speed (about 52 km/h: 19 h at the wheel): an
    extended 10-h day with two 45-min breaks, a reduced daily rest of 9 h, then the second
    (extended) day's drive with a break after every 4.5 h (561/2006) — about 31 h, not 19 × the
    long-haul factor (54 h)."""
    driving_h = 1000 / costing.value("road_speed_kmh.KZ")
    assert 10 + 4.5 < driving_h <= 10 + 10  # two days at the wheel, the second with a break or two
    second_day_breaks = math.ceil((driving_h - 10) / 4.5) - 1
    move = next(leg for leg in route(_two_place_network("road"), "A", "B", costing=costing).legs if leg.kind == "move")
    assert move.time_h == pytest.approx(10 + 2 * 0.75 + 9 + (driving_h - 10) + second_day_breaks * 0.75)
    assert move.time_h < driving_h * costing.road_time_factor - 20


def test_the_measured_countries_roads_are_faster_than_the_carec_average(costing):
    """CPMM 2022: speed without delay 83.5 (PRC), 53.5 (TM), 51.1 (KZ), 45.6 (UZ) against the
    CAREC average 42.0 km/h: the fitted values keep that order against the average."""
    carec = costing.value("road_speed_kmh.CAREC")
    assert all(costing.value(f"road_speed_kmh.{g}") > carec for g in ("CN", "TM", "KZ", "UZ"))
    assert costing.value("road_speed_kmh.CN") > max(costing.value(f"road_speed_kmh.{g}") for g in ("TM", "KZ", "UZ"))


def test_a_truck_pays_its_road_group_s_rate_per_km(costing):
    """A loaded truck on the road: CAREC's USD 945 per 500 km per 20-t truck (1.89 per km) in
    Kazakhstan, Upply/Ti/IRU's European contract rate (EUR 1.435 = USD 1.55 per km) in Poland,
    half the link at each across a border; a car keeps the vehicle class's rate per car."""
    for countries, per_km in ((("KZ", "KZ"), 1.89), (("PL", "PL"), 1.55), (("KZ", "PL"), (1.89 + 1.55) / 2)):
        network = _two_place_network("road", countries)
        move = next(leg for leg in route(network, "A", "B", costing=costing, cargo="truck").legs if leg.kind == "move")
        assert move.cost_usd == pytest.approx(1000 * per_km), countries
    car = next(leg for leg in route(_two_place_network("road"), "A", "B", costing=costing, cargo="vehicle").legs if leg.kind == "move")
    assert car.cost_usd == pytest.approx(1000 * costing.cargo_class("vehicle").rate_usd_per_km["road"])


def test_a_box_on_the_road_pays_half_the_truck_that_carries_it(costing):
    """A truck carries one 40-ft box or two 20-ft (TEU_PER_TRUCK): a TEU on the road pays half its
    road group's truck rate per km, an FEU (2 TEU) the whole truck's, in each group and across."""
    for countries, per_truck_km in ((("KZ", "KZ"), 1.89), (("PL", "PL"), 1.55), (("KZ", "PL"), (1.89 + 1.55) / 2)):
        network = _two_place_network("road", countries)
        for teu in (1, 2):
            it = route(network, "A", "B", costing=costing, quantity=teu)
            move = next(leg for leg in it.legs if leg.kind == "move")
            assert move.cost_usd == pytest.approx(1000 * per_truck_km * teu / 2), (countries, teu)
    assert costing.cargo_class("container").rate_usd_per_km["road"] == pytest.approx(1.89 / 2)  # where the countries are unknown


def test_a_border_crossing_costs_the_same_per_20_t_cargo_in_every_class(costing):
    """CAREC CPMM's cost of clearing a border is per 20-t cargo (USD 215 by rail, 208 by road,
    2022): a truck pays it whole, bulk per tonne, a TEU its share of the two that 20 t fill
    (TEU_PER_TRUCK), so a 40-ft box pays one crossing, not two."""
    from dalan.costing.model import TEU_PER_TRUCK

    truck, bulk, box = (costing.cargo_class(c) for c in ("truck", "bulk", "container"))
    for fee, published in (("rail_border_fee_usd", 215.0), ("road_border_fee_usd", 208.0)):
        assert getattr(truck, fee) == pytest.approx(published)
        assert getattr(bulk, fee) * 20.0 == pytest.approx(published)
        assert getattr(box, fee) * TEU_PER_TRUCK == pytest.approx(published)


def test_a_ro_ro_line_for_trucks_takes_trucks_and_not_boxes_or_bulk(costing):
    """``Link.carries``: a 500-km ro-ro line that takes only road vehicles beside an 800-km
    short-sea lane between the same ports: a truck sails the ro-ro, a box and bulk the lane."""
    places = (_place("A", "KZ", ("port", "ferry_terminal")), _place("B", "IR", ("port", "ferry_terminal")))
    links = (
        Link("RORO", "A", "B", "ferry", 500.0, speed_kmh=18.5, sailings_per_week=7.0, carries=("truck", "vehicle")),
        Link("SEA", "A", "B", "sea", 800.0, speed_kmh=18.5, sailings_per_week=1.0),
    )
    network = Network(places, links, "ro-ro")
    assert route(network, "A", "B", costing=costing, cargo="truck").link_ids == ("RORO",)
    assert route(network, "A", "B", costing=costing, cargo="vehicle").link_ids == ("RORO",)
    assert route(network, "A", "B", costing=costing).link_ids == ("SEA",)
    assert route(network, "A", "B", costing=costing, cargo="bulk").link_ids == ("SEA",)
    everyone = Network(places, (replace(links[0], carries=()), links[1]), "open ro-ro")
    assert route(everyone, "A", "B", costing=costing).link_ids == ("RORO",)  # the faster sailing, once open to boxes


def test_a_ferry_fare_is_by_the_voyage_for_a_truck_and_a_box(costing):
    """ASCO, the Alat port and Ukrferry charge a loaded truck USD 800-1,200 a crossing of 300-650
    km: a truck pays the median, USD 1,036, whatever the crossing's length; a box pays the median of
    the lines' unit fares per TEU (ASCO USD 500 per 20 ft over 319 km, Ukrferry 500 over 1,086 km),
    USD 500, whatever the length too."""
    fares = {}
    for km in (319.0, 1086.0):
        places = (
            Place("A", "A", "الف", "AZ", 40.0, 50.0, ("ferry_terminal",)),
            Place("B", "B", "ب", "TM", 40.0, 53.0, ("ferry_terminal",)),
        )
        network = Network(places, (Link("F", "A", "B", "ferry", km, transit_time_h=14.0, sailings_per_week=7.0),), "ferry")
        legs = {cargo: route(network, "A", "B", costing=costing, cargo=cargo).legs for cargo in ("truck", "container")}
        fares[km] = {cargo: sum(leg.cost_usd for leg in legs[cargo] if leg.kind == "move") for cargo in legs}
        assert sum(leg.cost_usd for leg in legs["truck"]) == pytest.approx(1036.0)  # the fare holds the port's charges
    assert fares[319.0]["truck"] == pytest.approx(1036.0) == fares[1086.0]["truck"]
    assert fares[319.0]["container"] == pytest.approx(500.0) == fares[1086.0]["container"]


def test_a_box_on_a_train_ferry_within_one_country_rides_its_railway_s_rate(costing):
    """Lake Van: TCDD's train ferry between Tatvan and Van carries its own line's wagons, and no
    fare per box is published: a box pays Türkiye's rail rate per TEU-km over the 96 km, not a
    ferry line's fare; a truck (no rail rate) keeps the voyage's fare."""
    places = (
        Place("T", "Tatvan", "تتوان", "TR", 38.5, 42.3, ("ferry_terminal",)),
        Place("V", "Van", "وان", "TR", 38.5, 43.4, ("ferry_terminal",)),
    )
    network = Network(places, (Link("F", "T", "V", "ferry", 96.0, transit_time_h=3.5, sailings_per_week=14.0),), "Lake Van")
    box = [leg for leg in route(network, "T", "V", costing=costing).legs if leg.kind == "move"]
    assert sum(leg.cost_usd for leg in box) == pytest.approx(costing.railway_value("rail_rate_usd_per_teu_km", "TR") * 96.0)
    truck = [leg for leg in route(network, "T", "V", costing=costing, cargo="truck").legs if leg.kind == "move"]
    assert sum(leg.cost_usd for leg in truck) == pytest.approx(1036.0)


def test_a_whole_train_runs_at_the_block_train_speed_and_waits_for_no_departure(costing):
    """1,000 km in Kazakhstan: a wagonload of bulk runs at the block-train speed × the wagonload
    factor and waits half the headway for its train; a shipment that fills its own train
    (``whole_train``) runs at the block-train speed and leaves when loaded; a box is unchanged."""
    network = _two_place_network("rail")
    block_h = 1000 / costing.value("rail_speed_km_per_day.KZ") * 24
    wagonload, whole = (route(network, "A", "B", costing=costing, cargo="bulk", whole_train=w) for w in (False, True))
    move = lambda it: next(leg for leg in it.legs if leg.kind == "move")
    loaded = lambda it: next(leg for leg in it.legs if leg.kind == "load").time_h  # the wait for a train rides on the loading
    assert move(wagonload).time_h == pytest.approx(block_h / costing.value("rail_wagonload_factor"))
    assert move(whole).time_h == pytest.approx(block_h)
    assert loaded(wagonload) - loaded(whole) == pytest.approx(168 / (2 * costing.value("rail_departures_per_week")))
    assert move(whole).cost_usd == pytest.approx(move(wagonload).cost_usd)  # the same tariff
    box = route(network, "A", "B", costing=costing, cargo="container")
    assert route(network, "A", "B", costing=costing, cargo="container", whole_train=True).time_h == pytest.approx(box.time_h)


def test_a_weekly_ferry_waits_half_a_week_for_cargo_brought_by_land_and_none_for_a_trip_booked_from_its_port(costing):
    """A unit that reaches the port by road meets a sailing the road does not know: half the
    headway. One whose trip starts at the port is booked on a sailing and delivered for it (drivers
    check in about 3 h before departure: Superfast/ANEK's and Minoan's boarding rules), within its
    loading; so is a box, and a truck (a rolling unit) alike."""
    places = (
        Place("C", "C", "ج", "KZ", 40.0, 45.0, ("city",)),
        Place("A", "A", "الف", "KZ", 40.0, 50.0, ("port",)),
        Place("B", "B", "ب", "KZ", 40.0, 60.0, ("port",)),
    )
    links = (Link("R", "C", "A", "road", 300.0), Link("F", "A", "B", "ferry", 1000.0, transit_time_h=20.0, sailings_per_week=1.0))
    network = Network(places, links, "ferry")
    for cargo in ("container", "truck"):
        by_land, booked = (route(network, o, "B", costing=costing, cargo=cargo) for o in ("C", "A"))
        assert [leg.time_h for leg in by_land.legs if leg.kind == "wait"] == [pytest.approx(84.0)], cargo
        assert [leg for leg in booked.legs if leg.kind == "wait"] == [], cargo
        moves = lambda it: sum(leg.time_h for leg in it.legs if leg.kind == "move")
        handling = lambda it: sum(leg.time_h for leg in it.legs if leg.kind in ("load", "unload", "transfer"))
        assert booked.time_h == pytest.approx(moves(booked) + handling(booked)) and by_land.time_h > moves(by_land) + handling(by_land) + 84.0 - 1e-6


def test_wagonload_waits_for_its_train_after_loading_and_a_booked_box_does_not(costing):
    """Half the headway of rail_departures_per_week (84 h / trains a week) for bulk at its origin;
    a box is booked on its block train's departure, so its origin stop is the loading alone."""
    bulk = route(_two_place_network("rail"), "A", "B", costing=costing, cargo="bulk")
    load = next(leg for leg in bulk.legs if leg.kind == "load")
    bulk_handling_h = costing.cargo_class("bulk").handling["load"].time_h
    assert load.time_h == pytest.approx(bulk_handling_h + 84.0 / costing.value("rail_departures_per_week"))
    box = route(_two_place_network("rail"), "A", "B", costing=costing)
    assert box.legs[0].kind == "load" and box.legs[0].time_h == pytest.approx(costing.value("handling_h.load"))


def test_a_box_landed_from_a_ship_waits_for_its_train(costing):
    """At a transfer the box comes off a ship at a time the train timetable does not know: it
    waits half the headway after the port's import handling."""
    places = (
        Place("S", "Sea", "دریا", "IN", 20.0, 60.0, ("port",)),
        Place("P", "Port", "بندر", "IR", 27.0, 56.0, ("port", "rail_terminal"), (1435,)),
        Place("T", "Town", "شهر", "IR", 35.0, 51.0, ("city",), (1435,)),
    )
    links = (Link("S1", "S", "P", "sea", 1500.0, speed_kmh=30.0), Link("R1", "P", "T", "rail", 1000.0, (1435,)))
    it = route(Network(places, links, "port"), "S", "T", costing=costing)
    transfer = next(leg for leg in it.legs if leg.kind == "transfer")
    wait_h = 84.0 / costing.value("rail_departures_per_week")
    assert transfer.time_h == pytest.approx(costing.value("handling_h.port") + wait_h)


def _dwell_h(network, costing, place_id: str, mode: str = "rail") -> float:
    """A rail border's dwell × border_dwell_factor: its measured times whole (border_times.csv),
    else its share of the reference's dwell of the crossing (half at a pair of stations)."""
    measured = costing.measured_border_h(place_id, mode)
    if measured is not None:
        return measured * costing.border_dwell_factor
    share = 0.5 if (place_id, mode) in paired_borders(network, network.links) else 1.0
    return (network.place(place_id).rail_border_dwell_h or 0.0) * costing.border_dwell_factor * share


def _border_station_network() -> Network:
    """A – B – C in Kazakhstan, B a border station (rail dwell 10 h) paired with F, China's
    station across (6 h), D a Chinese city beyond F; E in Russia on a line from B (as Brest's to
    Moscow: B sits on China's border, the line crosses Russia's somewhere along it). 100 km a link."""
    def station(pid: str, country: str, dwell_h: float) -> Place:
        return Place(pid, pid, pid, country, 45.0, 60.0, ("border_crossing",), (1520,), rail_border_dwell_h=dwell_h)

    places = (_place("A", "KZ"), station("B", "KZ", 10.0), _place("C", "KZ"), station("F", "CN", 6.0), _place("D", "CN"), _place("E", "RU"))
    ends = (("A", "B"), ("B", "C"), ("B", "F"), ("F", "D"), ("B", "E"))
    return Network(places, tuple(Link(a + b, a, b, "rail", 100.0, (1520,)) for a, b in ends), "border station")


@pytest.mark.parametrize(
    ("origin", "destination", "stops"),
    [
        ("A", "C", {}),  # by the station between two domestic lines: no stop
        ("A", "D", {"B": 5.0, "F": 3.0}),  # across: each station of the pair half its dwell
        ("D", "A", {"F": 3.0, "B": 5.0}),
        ("B", "D", {"B": 5.0, "F": 3.0}),  # starting at the station, then crossing
        ("D", "B", {"F": 3.0, "B": 5.0}),  # ending there after crossing
        ("A", "E", {}),  # the line to Russia does not cross B's border
    ],
)
def test_a_border_station_stops_a_route_only_where_it_crosses_its_border(tiny_costing, origin, destination, stops):
    """A border station's dwell is charged on the links that cross its border (into a country
    across it, ``Network.border_countries``), once each way, not on every pass: Dostyk between
    Almaty and Aktogay, Kunowice between Warsaw and Łódź stop nobody (``graph.compile.crossing_borders``)."""
    it = route(_border_station_network(), origin, destination, modes=["rail"], costing=tiny_costing)
    borders = [(leg.from_id, leg.time_h) for leg in it.legs if leg.kind == "border"]
    assert dict(borders) == pytest.approx(stops) and len(borders) == len(stops)
    moves_h = sum(leg.time_h for leg in it.legs if leg.kind == "move")
    handling_h = sum(leg.time_h for leg in it.legs if leg.kind in ("load", "unload"))
    assert it.time_h == pytest.approx(moves_h + handling_h + sum(stops.values()))


def test_a_train_by_dostyk_between_two_kazakh_lines_does_not_stop_at_the_border(network, costing):
    """Almaty -> Aktogay by way of Dostyk (a detour forced by ``via``) passes the station on
    Kazakh lines alone: no border stop there, where crossing from China stops for its hours."""
    by = route(network, "Almaty", "Aktogay", modes=["rail"], via=["Dostyk"], costing=costing, cargo="bulk")
    assert {"L052", "X060"} <= set(by.link_ids)  # Almaty - Dostyk - Aktogay
    assert not [leg for leg in by.legs if leg.kind == "border"]
    across = route(network, "Urumqi", "Almaty", modes=["rail"], via=["Dostyk"], costing=costing, cargo="bulk")
    assert [leg.from_id for leg in across.legs if leg.kind == "border"] == ["KZ_DOS"]


def test_a_gauge_change_at_a_border_costs_its_method_time_after_the_border_stop(network, costing):
    """Wagonload (bulk) Warsaw -> Minsk: each station of the Brest-Malaszewicze pair stops it for
    its share of the crossing's dwell where the line crosses the border, then Brest changes the
    gauge in its method's time (a container block train's stop at Brest is published: below)."""
    it = route(network, "Warsaw", "Minsk", modes=["rail"], cargo="bulk", costing=costing)
    changes = [leg for leg in it.legs if leg.kind == "gauge_change"]
    assert len(changes) == 1
    place = network.place(changes[0].from_id)
    method = costing.cargo_class("bulk").gauge_change[place.gauge_change_methods[0]]
    assert changes[0].time_h == pytest.approx(method.time_h)
    stops = {leg.from_id: leg.time_h for leg in it.legs if leg.kind == "border"}
    assert set(stops) == {"PL_MAL", "BY_BRS"}
    assert sum(stops.values()) == pytest.approx(_dwell_h(network, costing, "PL_MAL") + _dwell_h(network, costing, "BY_BRS"))


def test_a_container_block_train_stops_at_dostyk_for_its_published_hours_and_wagonload_queues(network, costing):
    """[block_train_border_h]: a box in a block train stops at Dostyk for the published whole
    stop (border processing and the change of gauge), after its wait for a slot into Kazakhstan
    (``block_train_waits_entering``): the CPMM's Alashankou time out of China, 30.5 h (2022) x
    border_dwell_factor, a queue; the other way it stops for the published hours alone. Bulk
    travels as wagonload and takes the place's CPMM dwell x border_dwell_factor plus the gauge
    change's method time."""
    stations = {place.id for place in network.places if place.is_border or "gauge_change" in place.kinds}
    assert costing.block_train_border_h and set(costing.block_train_border_h) <= stations  # no typo leaves one unused
    assert costing.block_train_border_h["KZ_DOS"] < (network.place("KZ_DOS").rail_border_dwell_h or 0.0)

    def stop_h(cargo: str, ends: tuple[str, str] = ("Urumqi", "Almaty")) -> float:
        """The border stop (where the line from China crosses) and the gauge change at Dostyk."""
        it = route(network, *ends, modes=["rail"], via=["Dostyk"], cargo=cargo, costing=costing)
        legs = [leg for leg in it.legs if leg.kind in ("border", "gauge_change") and leg.from_id == "KZ_DOS"]
        assert sorted(leg.kind for leg in legs) == ["border", "gauge_change"]
        return sum(leg.time_h for leg in legs)

    assert costing.block_train_waits_entering["KZ_DOS"] == "KZ" and network.place("KZ_DOS").rail_border_dwell_h == 30.5
    wait_h = 30.5 * costing.border_dwell_factor
    assert stop_h("container") == pytest.approx(costing.block_train_border_h["KZ_DOS"] + wait_h)
    assert stop_h("container", ("Almaty", "Urumqi")) == pytest.approx(costing.block_train_border_h["KZ_DOS"])
    into_kazakhstan = route(network, "Urumqi", "Almaty", modes=["rail"], via=["Dostyk"], costing=costing)
    assert into_kazakhstan.queue_h == pytest.approx(wait_h) and into_kazakhstan.planned_time_h == pytest.approx(into_kazakhstan.time_h - wait_h)
    place = network.place("KZ_DOS")
    method_h = costing.cargo_class("bulk").gauge_change[place.gauge_change_methods[0]].time_h
    assert stop_h("bulk") == pytest.approx(method_h + _dwell_h(network, costing, "KZ_DOS"))
    # Akhalkalaki, the BTK's gauge change inside Georgia: a container train's stop is its reload.
    it = route(network, "Baku", "Kars", modes=["rail"], cargo="container", costing=costing)
    akh = next(leg for leg in it.legs if leg.kind == "gauge_change")
    assert akh.from_id == "GE_AKH" and akh.time_h == pytest.approx(costing.block_train_border_h["GE_AKH"])


def test_a_block_train_waits_for_its_slot_at_brest_before_its_published_stop(network, costing):
    """``block_train_waits_at``: a container block train crossing Brest-Malaszewicze waits the
    crossing's dwell (the reference's 48 h: 2-3 days in a regular trip, RailTech 2018) x
    border_dwell_factor for its slot, then stops 8.5 h (BelTA 2019, with its reload); each station
    of the pair counts half. The wait is the route's queue: its time by timetable leaves it out.
    A scenario that speeds the border up shortens the wait. Wagonload takes the dwell as its stop."""
    assert costing.block_train_waits_at <= set(costing.block_train_border_h)
    wait_h = network.place("BY_BRS").rail_border_dwell_h * costing.border_dwell_factor
    assert network.place("PL_MAL").rail_border_dwell_h == network.place("BY_BRS").rail_border_dwell_h == 48.0
    it = route(network, "Warsaw", "Minsk", modes=["rail"], costing=costing)
    crossing = [leg for leg in it.legs if leg.from_id in ("BY_BRS", "PL_MAL") and leg.kind in ("border", "gauge_change")]
    assert [leg.kind for leg in crossing] == ["border", "border", "gauge_change"]  # the published stop holds the change
    assert sum(leg.time_h for leg in crossing) == pytest.approx(8.5 + wait_h)
    assert [leg.queue_h for leg in crossing] == [pytest.approx(wait_h / 2)] * 2 + [0.0]
    assert it.queue_h == pytest.approx(wait_h) and it.planned_time_h == pytest.approx(it.time_h - wait_h)
    assert it.totals()["planned_time_h"] == pytest.approx(it.planned_time_h)
    faster = route(network, "Warsaw", "Minsk", modes=["rail"], costing=costing.with_overrides({"border_dwell_factor": 0.5}))
    assert faster.queue_h == pytest.approx(24.0) and faster.planned_time_h == pytest.approx(it.planned_time_h)
    bulk = route(network, "Warsaw", "Minsk", modes=["rail"], cargo="bulk", costing=costing)
    assert bulk.queue_h == 0.0 and bulk.planned_time_h == bulk.time_h


def _sea_hub_network() -> Network:
    """A —sea, 7 sailings/week— H (a port or a canal entrance) —sea, weekly— B: every
    country different, so each boarding is an international voyage."""
    places = (
        Place("A", "Alpha Port", "آلفا", "IN", 0.0, 0.0, ("port",)),
        Place("H", "Hub Port", "هاب", "AE", 0.0, 5.0, ("port",)),
        Place("B", "Bravo Port", "براوو", "IR", 0.0, 10.0, ("port",)),
    )
    links = (
        Link("S1", "A", "H", "sea", 370.0, speed_kmh=18.5, sailings_per_week=7.0),
        Link("S2", "H", "B", "sea", 370.0, speed_kmh=18.5, sailings_per_week=1.0),
    )
    return Network(places, links, "hub")


def test_a_box_changing_ship_at_a_hub_is_transshipped_and_waits_for_the_next_ship(
    tiny_costing,
):
    # by hand: wait 12 h (7/week) + 20 h + transship 3 h + wait 84 h (weekly) + 20 h; the box is
    # cleared during its yard dwell at A (no clearance stop of its own)
    it = route(_sea_hub_network(), "A", "B", costing=tiny_costing)
    stops = [
        (leg.kind, leg.from_id, round(leg.time_h, 6))
        for leg in it.legs
        if leg.kind != "move"
    ]
    assert stops == [
        ("load", "A", 10.0),
        ("wait", "A", 12.0),
        ("transfer", "H", 3.0),
        ("wait", "H", 84.0),
        ("unload", "B", 10.0),
    ]
    assert it.time_h == pytest.approx(10 + 12 + 20 + 3 + 84 + 20 + 10)
    assert it.cost_usd == pytest.approx(100 + 30 + 100 + 740 * 0.5)


@pytest.mark.parametrize("sailings_per_week", [1.0, 7.0])
def test_a_box_waits_for_its_booked_sailing_in_the_export_yard(costing, sailings_per_week):
    """Gate-in to sailing is the port handling + the export yard's wait for the booked ship
    (port_export_wait_h; together JNPA's 63-75 h export dwell), whatever the frequency; landed,
    the box stays for the import dwell (handling_h.port); a box changing ship at the hub still
    waits half the next ship's headway (84 h, weekly)."""
    from dataclasses import replace

    network = _sea_hub_network()
    network = replace(network, links=(replace(network.links[0], sailings_per_week=sailings_per_week), network.links[1]))
    wait_h, import_h = costing.value("port_export_wait_h"), costing.value("handling_h.port")
    assert 60.0 <= wait_h + import_h <= 80.0  # the export dwell
    direct = route(network, "A", "H", costing=costing)
    assert [(leg.kind, round(leg.time_h, 6)) for leg in direct.legs if leg.kind != "move"] == [
        ("load", round(import_h, 6)),
        ("wait", round(wait_h, 6)),
        ("unload", round(import_h, 6)),
    ]
    via_hub = route(network, "A", "B", costing=costing)
    hub_waits = [leg.time_h for leg in via_hub.legs if leg.kind == "wait" and leg.from_id == "H"]
    assert hub_waits == [pytest.approx(84.0)]


def test_a_ship_through_a_canal_entrance_sails_on_without_a_new_wait(tiny_costing):
    from dataclasses import replace

    canal = replace(tiny_costing, sea_through_places=frozenset({"H"}))
    it = route(_sea_hub_network(), "A", "B", costing=canal)
    assert [leg.kind for leg in it.legs if leg.kind not in ("move",)] == [
        "load",
        "wait",
        "unload",
    ]
    assert it.time_h == pytest.approx(10 + 12 + 20 + 20 + 10)


def test_a_box_is_cleared_in_the_yard_and_a_vehicle_at_the_gate(tiny_costing):
    """An international sailing's clearance (voyage_border_h, 6 h in the tiny costing) runs during
    a box's yard dwell, so containers stop only for the port handling; vehicles roll on
    (roll_on_roll_off) and are cleared at the gate first: roll-on handling, then the clearance."""
    from dataclasses import replace

    rolled = {**tiny_costing.cargo, "vehicle": replace(tiny_costing.cargo["container"], roll_on_roll_off=True)}
    costing = replace(tiny_costing, cargo=rolled)
    assert costing.voyage_clearance_h("sea", costing.cargo["container"]) == 0.0
    assert costing.voyage_clearance_h("sea", rolled["vehicle"]) == costing.voyage_border_h == 6.0
    assert costing.voyage_clearance_h("ferry", costing.cargo["container"]) == 6.0  # wagons roll on a ferry
    box = route(_sea_hub_network(), "A", "H", costing=costing)
    car = route(_sea_hub_network(), "A", "H", costing=costing, cargo="vehicle")
    assert [leg.kind for leg in box.legs] == ["load", "wait", "move", "unload"]
    assert [(leg.kind, round(leg.time_h, 6)) for leg in car.legs if leg.kind == "border"] == [("border", 6.0)]


def test_vehicles_clear_at_a_port_by_their_own_parameter_and_a_scenario_s_clearance_sets_both(costing):
    """CPMM times trucks at ports' road BCPs: vehicles rolling on take ``vehicle_voyage_border_h``,
    wagons on a train ferry ``voyage_border_h``; a scenario's ``voyage_border_h`` sets both."""
    truck = costing.cargo_class("truck")
    assert costing.voyage_clearance_h("ferry", truck, "road") == costing.value("vehicle_voyage_border_h") == pytest.approx(3.3, rel=0.5)
    assert costing.voyage_clearance_h("ferry", costing.cargo_class("container"), "rail") == costing.voyage_border_h
    assert costing.voyage_parameter("road") == "vehicle_voyage_border_h" and costing.voyage_parameter("rail") == "voyage_border_h"
    faster = costing.with_overrides({"voyage_border_h": 1.0})
    assert faster.voyage_clearance_h("ferry", truck, "road") == faster.voyage_clearance_h("ferry", costing.cargo_class("bulk"), "rail") == 1.0
    assert faster.voyage_parameter("road") == "voyage_border_h"


def test_the_shipped_costing_names_the_suez_canal_entrances_as_through_places(costing):
    assert costing.sea_through_places == frozenset({"EG_PSD", "EG_SUZ"})


def test_wagonload_runs_slower_than_a_block_train(costing):
    """Bulk and vehicles go as wagonload through marshalling yards: the railway's block-train
    speed × rail_wagonload_factor; containers keep the block-train speed."""
    network = _two_place_network("rail")
    block = 1000 / costing.value("rail_speed_km_per_day.KZ") * 24
    for cargo, expected in (("container", block), ("bulk", block / costing.value("rail_wagonload_factor")), ("vehicle", block / costing.value("rail_wagonload_factor"))):
        graph = compile_graph(network, costing, cargo)
        assert graph.time_h[graph.kind == 0].max() == pytest.approx(expected), cargo
    assert 0.45 <= costing.value("rail_wagonload_factor") <= 0.8


def test_china_europe_and_trans_siberian_trains_run_at_the_transit_service_speed(costing):
    """[groups] railway_service: a Russian or Belarusian line of the China–Europe or
    Trans-Siberian container trains runs at their timetabled speed (Nakhodka → Moscow 9,361 km in
    11-14 days, P§1 note in costing.toml) where the train is theirs (a Trans-Siberian line
    within Russia: the express container trains, faster); RZD's own loaded-train speed on other
    lines."""
    per_day = {g: costing.value(f"rail_speed_km_per_day.{g}") for g in ("CIS", "CIS_TRANSIT", "TSR_EXPRESS")}
    cases = ((("CER",), "CIS_TRANSIT"), (("CER", "TSR"), "TSR_EXPRESS"), (("CER", "INSTC-W"), "CIS_TRANSIT"), (("INSTC-W",), "CIS"))
    for countries in (("RU", "RU"), ("BY", "BY")):
        for corridors, group in cases:
            if countries[0] == "BY" and "TSR" in corridors:
                continue
            network = _two_place_network("rail", countries, corridors=corridors)
            assert _move_h(network, "A", "B", costing) == pytest.approx(1000 / per_day[group] * 24), (countries, corridors)
            slowest = compile_graph(network, costing).time_h[compile_graph(network, costing).kind == 0].max()
            assert slowest == pytest.approx(1000 / per_day["CIS"] * 24)  # the railway's own trains run there too


def _port_pair() -> Network:
    places = (
        Place("A", "A", "الف", "AE", 25.0, 55.0, ("port",), ()),
        Place("B", "B", "ب", "IR", 27.0, 56.0, ("port",), ()),
    )
    return Network(places, (Link("S", "A", "B", "sea", 300.0, transit_time_h=13.0, sailings_per_week=3.0),), "ports")


def test_vehicles_roll_on_and_off_a_ship_where_boxes_go_through_the_yard(costing):
    """A ro-ro class (cars, trucks) loads and unloads at a sea port in the roll-on time; a
    container in the port's yard time. Everything else on the trip is the same."""
    assert costing.cargo_class("vehicle").roll_on_roll_off and not costing.cargo_class("container").roll_on_roll_off
    for cargo, key in (("vehicle", "roll_on"), ("container", "port")):
        legs = route(_port_pair(), "A", "B", costing=costing, cargo=cargo).legs
        ends = [leg.time_h for leg in legs if leg.kind in ("load", "unload")]
        assert ends == [pytest.approx(costing.cargo_class(cargo).handling[key].time_h)] * 2, cargo
    assert costing.cargo_class("vehicle").handling["roll_on"].time_h < costing.cargo_class("vehicle").handling["port"].time_h



def test_a_shipment_that_fills_a_train_runs_as_a_whole_train_without_asking(costing):
    """``fills_a_train``: ``wagons_per_train`` wagon-loads (operations.toml: 50 × 60 t of bulk,
    50 × 8 cars) run as a whole train; one wagon-load less runs as wagonload; boxes and trucks never."""
    from dalan.routing.constrained import fills_a_train
    from dalan.routing.reliability import default_operations

    ops = default_operations()
    network = _two_place_network("rail")
    train_t = ops.shipment_units["bulk"] * ops.wagons_per_train
    assert train_t == pytest.approx(3000.0) and ops.train_load_units("vehicle") == pytest.approx(400.0)
    asked = route(network, "A", "B", costing=costing, cargo="bulk", whole_train=True)
    full = route(network, "A", "B", costing=costing, cargo="bulk", quantity=train_t)
    short = route(network, "A", "B", costing=costing, cargo="bulk", quantity=train_t - ops.shipment_units["bulk"])
    wagonload = route(network, "A", "B", costing=costing, cargo="bulk")
    assert full.whole_train and not short.whole_train
    assert full.time_h == pytest.approx(asked.time_h) and short.time_h == pytest.approx(wagonload.time_h) and full.time_h < short.time_h
    assert not fills_a_train(costing, "container", 1e6) and not fills_a_train(costing, "truck", 1e6)
    assert fills_a_train(costing, "vehicle", 400) and not fills_a_train(costing, "vehicle", 399)


def test_a_border_inside_a_customs_union_costs_no_fee(tiny_network):
    """[customs_unions]: the border fee is the cost of clearing customs, so a crossing between two
    members of one customs union costs none (the stop's time stays): A (PL) -> C (BY) crosses into
    Belarus at B, a border station whose rail fee is 30 per TEU. A union of Poland with another
    country changes nothing; before Belarus joined (2011) the fee is paid."""
    data = tiny_costing_dict()
    charged = route(tiny_network, "A", "C", costing=costing_from_dict(data, "tiny"))
    data["customs_unions"] = {"U": {"PL": 2004, "TM": 2011}}
    assert route(tiny_network, "A", "C", costing=costing_from_dict(data, "tiny+PL-TM")).cost_usd == pytest.approx(charged.cost_usd)
    data["customs_unions"] = {"U": {"PL": 2004, "BY": 2011}}
    union = costing_from_dict(data, "tiny+union")
    free = route(tiny_network, "A", "C", costing=union)
    assert free.link_ids == charged.link_ids and free.time_h == pytest.approx(charged.time_h)
    assert charged.cost_usd - free.cost_usd == pytest.approx(30.0)
    before = route(tiny_network, "A", "C", costing=union.at_year(2010))
    assert union.at_year(2010).year == 2010 and before.cost_usd == pytest.approx(charged.cost_usd)


def test_the_china_europe_train_pays_no_fee_inside_the_eaeu_or_the_eu(network, costing):
    """Xi'an -> Duisburg by rail: no fee where it crosses Kazakhstan-Russia (the Eurasian Economic
    Union's customs union since 2011) or Poland-Germany (the EU's), the cargo's fee where it leaves
    the EAEU for the EU at Brest-Malaszewicze (each station of the pair half); in 2010 Petropavl
    and Petukhovo charge theirs. The train is held to the Petropavl crossing: by Kostanay and Troitsk
    (Zolotaya Sopka) it is within an hour of it over 17 days, and either is the EAEU's inside."""
    fee = costing.cargo_class("container").rail_border_fee_usd

    def fees(year: int | None) -> dict[str, float]:
        at = costing if year is None else costing.at_year(year)
        it = route(network, "Xi'an", "Duisburg", modes=["rail"], costing=at, via=["Petropavl"])
        return {leg.from_id: leg.cost_usd for leg in it.legs if leg.kind == "border"}

    now = fees(None)
    assert {"KZ_PPK", "RU_PTH", "PL_KUN", "DE_FFO", "PL_MAL"} <= set(now)
    assert now["KZ_PPK"] == now["RU_PTH"] == now["PL_KUN"] == now["DE_FFO"] == 0.0
    assert now["PL_MAL"] == pytest.approx(fee / 2)
    before = fees(2010)
    assert before["KZ_PPK"] == before["RU_PTH"] == pytest.approx(fee / 2)
    assert before["PL_KUN"] == before["DE_FFO"] == 0.0  # Poland in the EU's since 2004
