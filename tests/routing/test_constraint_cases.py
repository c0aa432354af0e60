"""The route constraints the issue names, on the embedded network and on the tiny one."""

from __future__ import annotations

import csv
import statistics
from importlib import resources
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.errors import InputError, NoRouteError
from dalan.options import MODES, RouteOptions, parse_leg_modes
from dalan.routing import find_routes, k_best_routes, pareto_routes, route


def test_rail_only_istanbul_tehran_takes_the_lake_van_train_ferry(network, costing):
    it = route(network, "Istanbul", "Tehran", modes=["rail"], costing=costing)
    van = [ln.id for ln in network.links if {ln.from_id, ln.to_id} == {"TR_TAT", "TR_VAN"} and ln.mode == "ferry"]
    assert set(van) & set(it.link_ids)
    assert 2_700 < it.length_km < 3_300
    assert {network.place(p).country for p in it.place_sequence} == {"TR", "IR"}
    # the wagons roll on: no transfer (handling) at either pier
    assert not [leg for leg in it.legs if leg.kind == "transfer"]


def test_a_via_port_before_a_sea_segment_starts_a_sailing_there(network, costing):
    options = RouteOptions.build("Moscow", "Nhava Sheva", via=["Astrakhan", "Bandar Anzali", "Bandar Abbas"], leg_modes="rail;ferry,sea;road;sea")
    it = find_routes(network, options, costing=costing)[0]
    moves = [leg for leg in it.legs if leg.kind == "move"]
    assert moves[0].mode == "rail" and moves[-1].mode == "sea"
    sailings = [leg for leg in moves if leg.mode in ("sea", "ferry")]
    assert sailings[0].from_id == "RU_ASF"
    assert sailings[-1].from_id == "IR_BND" and sailings[-1].to_id == "IN_NSA"
    road = [leg for leg in moves if leg.mode == "road"]
    assert road and road[0].from_id == "IR_ANZ"


def test_a_via_port_is_not_visited_by_land_when_the_next_segment_sails(network, costing):
    plain = route(network, "Moscow", "Bandar Abbas", via=["Astrakhan"], costing=costing)
    sailing = route(network, "Moscow", "Bandar Abbas", via=["Astrakhan"], leg_modes="*;sea,ferry,rail,road", costing=costing)
    first_after = [leg for leg in sailing.legs if leg.kind == "move" and leg.from_id == "RU_ASF"]
    assert first_after and first_after[0].mode in ("sea", "ferry")
    assert sailing.time_h >= plain.time_h - 1e-9


def test_no_border_is_crossed_twice_when_a_via_does_not_force_it(network, costing):
    it = route(network, "CN_XIA", "PL_WAW", via=["AZ_ALA"], costing=costing)
    countries = [network.place(p).country for p in it.place_sequence]
    crossings = [frozenset(pair) for pair in pairwise(countries) if pair[0] != pair[1]]
    assert len(crossings) == len(set(crossings)), crossings


def test_origin_equal_to_destination_is_an_error(network, costing):
    with pytest.raises(InputError, match="origin"):
        route(network, "Moscow", "Moscow", costing=costing)
    with pytest.raises(InputError, match="same place"):
        route(network, "Moscow", "RU_MOW", costing=costing)


@pytest.mark.parametrize("kind", ["alternatives", "pareto"])
def test_via_and_avoid_are_kept_with_alternatives_and_pareto(network, costing, kind):
    kwargs = {"via": ["Baku"], "avoid": ["Georgia"], "modes": ["rail", "road"], "costing": costing}
    routes = k_best_routes(network, "Moscow", "Tehran", 3, **kwargs) if kind == "alternatives" else pareto_routes(network, "Moscow", "Tehran", **kwargs)
    assert routes
    for it in routes:
        assert "AZ_BAK" in it.place_sequence
        assert "GE" not in {network.place(p).country for p in it.place_sequence}
        # a train ferry (a ferry leg with a wagon gauge) carries rail wagons
        assert {leg.mode for leg in it.legs if leg.kind == "move" and not (leg.mode == "ferry" and leg.gauge_mm)} <= {"rail", "road"}


def test_max_transfers_is_kept_with_alternatives_and_vias(network, costing):
    routes = k_best_routes(network, "Warsaw", "Bandar Abbas", 3, via=["Baku"], max_transfers=2, costing=costing)
    for it in routes:
        assert sum(leg.kind in ("transfer", "gauge_change") for leg in it.legs) <= 2


def test_avoid_takes_country_names_in_both_languages(network, costing):
    for name in ("AZ", "Azerbaijan", "آذربایجان"):
        it = route(network, "Moscow", "Tehran", avoid=[name], costing=costing)
        assert "AZ" not in {network.place(p).country for p in it.place_sequence}


def test_unknown_avoid_and_avoiding_a_stop_are_refused(network, costing):
    with pytest.raises(InputError, match="avoid"):
        route(network, "Moscow", "Tehran", avoid=["Narnia"], costing=costing)
    with pytest.raises(InputError, match="must visit"):
        route(network, "Moscow", "Tehran", avoid=["Iran"], costing=costing)


def test_impossible_segment_modes_say_which_segment(network, costing):
    with pytest.raises(NoRouteError, match="Bandar Anzali"):
        route(network, "Moscow", "Nhava Sheva", via=["Astrakhan", "Bandar Anzali"], leg_modes="rail;ferry,sea;road", costing=costing)


def test_leg_modes_must_match_the_number_of_segments():
    with pytest.raises(InputError, match="segment"):
        RouteOptions.build("Moscow", "Tehran", via=["Baku"], leg_modes="rail")
    with pytest.raises(InputError, match="unknown mode"):
        RouteOptions.build("Moscow", "Tehran", leg_modes="train")


mode_sets = st.one_of(st.just("*"), st.lists(st.sampled_from(MODES), min_size=1, max_size=4, unique=True).map(",".join))


@given(st.lists(mode_sets, min_size=1, max_size=6))
def test_leg_modes_parser_round_trips(entries):
    parsed = parse_leg_modes(";".join(entries))
    assert len(parsed) == len(entries)
    for text, modes in zip(entries, parsed, strict=True):
        assert (modes is None) == (text == "*")
        if modes is not None:
            assert list(modes) == text.split(",")


@given(st.text(alphabet=st.characters(blacklist_characters=",٫٬،"), max_size=12))
def test_quantity_parser_refuses_what_is_not_a_positive_number(text):
    # Python's float() reads Unicode digits itself: an independent oracle (separators aside)
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is not None and value > 0 and value != float("inf"):
        assert RouteOptions.build("A", "B", quantity=text).quantity == value
    else:
        with pytest.raises(InputError, match="quantity"):
            RouteOptions.build("A", "B", quantity=text)


def test_a_date_prices_deep_sea_in_that_years_market(network, costing):
    """Deep-sea container money scales with the month's market on the lane (to Rotterdam: Drewry
    WCI's Shanghai–Rotterdam, over the lanes' usual level); a year before the weekly file with its
    [sea_rate_index] (Drewry's published averages); other years get the average."""
    average = route(network, "Shanghai", "Rotterdam", modes=["sea"], costing=costing)
    sea_usd = sum(leg.cost_usd for leg in average.legs if leg.kind == "move")
    for year in costing.sea_rate_index:
        if year >= 2024:  # the Red Sea closed on 2023-12-15 (below)
            continue
        june = [usd for date, usd in _wci_lane("shanghai_rotterdam") if date.startswith(f"{year}-06")]
        index = statistics.fmean(june) / 3527.0 if june else costing.sea_rate_index[year]  # June's, else the year's
        options = RouteOptions.build("Shanghai", "Rotterdam", modes="sea", date=f"{year}-06-01")
        dated = find_routes(network, options, costing=costing)[0]
        assert dated.link_ids == average.link_ids
        assert sum(leg.cost_usd for leg in dated.legs if leg.kind == "move") == pytest.approx(index * sea_usd)
    # a year without an index gets the average market; a date also routes on that day's network:
    # the Red Sea has been closed since 2023-12-15 (dalan/data/history.toml), so via the Cape
    assert 2026 not in costing.sea_rate_index
    options = RouteOptions.build("Shanghai", "Rotterdam", modes="sea", date="2026-01-01")
    cape = route(network, "Shanghai", "Rotterdam", modes=["sea"], costing=costing, avoid=["bab_el_mandeb_suez"])
    dated = find_routes(network, options, costing=costing)[0]
    assert dated.link_ids == cape.link_ids != average.link_ids
    assert dated.cost_usd == pytest.approx(cape.cost_usd)
    with pytest.raises(InputError, match="date"):
        RouteOptions.build("Shanghai", "Rotterdam", date="2021-13-01")


def test_a_box_sailing_east_pays_the_backhaul_market(network, costing):
    """Rotterdam → Shanghai by sea, the same ships as Shanghai → Rotterdam the other way, pays
    Drewry WCI's Rotterdam–Shanghai in the month where it is known (over the same usual level):
    a fifth or so of the westbound money; undated, the usual level × the backhaul's median ratio
    to the westbound lanes."""
    usual = route(network, "Rotterdam", "Shanghai", modes=["sea"], costing=costing)
    west = route(network, "Shanghai", "Rotterdam", modes=["sea"], costing=costing)
    assert usual.link_ids == west.link_ids[::-1]
    sea_usd = sum(leg.cost_usd for leg in usual.legs if leg.kind == "move")
    assert sea_usd == pytest.approx(costing.sea_backhaul_ratio * sum(leg.cost_usd for leg in west.legs if leg.kind == "move"))
    checked = 0
    for year in range(2019, 2024):  # the Red Sea closed on 2023-12-15: via the Cape after
        june = [usd for date, usd in _wci_lane("rotterdam_shanghai") if date.startswith(f"{year}-06")]
        if not june:
            continue
        options = RouteOptions.build("Rotterdam", "Shanghai", modes="sea", date=f"{year}-06-01")
        dated = find_routes(network, options, costing=costing)[0]
        assert dated.link_ids == usual.link_ids
        expected = statistics.fmean(june) / 3527.0 / costing.sea_backhaul_ratio * sea_usd
        assert sum(leg.cost_usd for leg in dated.legs if leg.kind == "move") == pytest.approx(expected)
        checked += 1
    assert checked >= 3


def _wci_lane(series: str) -> list[tuple[str, float]]:
    """(date, USD per FEU) of a series in the shipped sea-market file, read directly."""
    text = resources.files("dalan.data").joinpath("sea_market.csv").read_text(encoding="utf-8")
    return [(r["date"], float(r["usd_per_feu"])) for r in csv.DictReader(text.splitlines()) if r["series"] == series]


@pytest.mark.parametrize(("text", "value"), [("۶۰", 60.0), ("٢٫٥", 2.5), ("1,200", 1200.0), ("۱٬۲۰۰", 1200.0)])
def test_quantities_in_persian_or_arabic_digits(text, value):
    assert RouteOptions.build("Moscow", "Tehran", quantity=text).quantity == value


def _avoid_mask_oracle(network, graph, avoid):
    """The avoid mask edge by edge (the former implementation): the test oracle."""
    import numpy as np

    from dalan.routing.constraints import CHOKEPOINT_COUNTRY

    country = np.array([network.place(p).country for p in graph.place_ids])
    bad_place = np.isin(country, list(avoid.countries)) | np.isin(np.array(graph.place_ids), list(avoid.places))
    blocked = set(avoid.chokepoints) | {c for c, iso in CHOKEPOINT_COUNTRY.items() if iso in avoid.countries}
    bad_element = np.array(
        [e in avoid.links or (network.has_link(e) and bool(blocked & set(network.link(e).chokepoints))) for e in graph.elements]
    )
    return ~(bad_place[graph.from_place] | bad_place[graph.to_place] | bad_element[graph.element])


@given(
    countries=st.sets(st.sampled_from(["TR", "EG", "AZ", "IR", "RU", "XX"]), max_size=3),
    chokepoints=st.sets(st.sampled_from(["hormuz", "bab_el_mandeb_suez", "bosphorus", "cape_of_good_hope"]), max_size=2),
    places=st.sets(st.sampled_from(["IR_AST", "AZ_BAK", "TR_IST", "NOWHERE"]), max_size=2),
    links=st.integers(0, 3),
)
@settings(deadline=None)  # the first example compiles the embedded graph (cached after)
def test_avoid_mask_from_per_graph_arrays_is_the_edge_by_edge_mask(network, costing, countries, chokepoints, places, links):
    from dalan.graph import compiled_graph
    from dalan.routing.constraints import Avoid, avoid_mask

    graph = compiled_graph(network, costing, "container")
    link_ids = frozenset(sorted(link.id for link in network.links)[: 40 * links : 40])
    avoid = Avoid(frozenset(countries), frozenset(places), link_ids, frozenset(chokepoints))
    mask = avoid_mask(network, graph, avoid)
    if not avoid:
        assert mask is None
    else:
        assert (mask == _avoid_mask_oracle(network, graph, avoid)).all()


def test_martins_kernel_keeps_the_reference_labels_on_the_embedded_graph(network, costing):
    """Thousands of labels (the kernel's arrays grow): the same as the plain Python search."""
    import numpy as np

    from dalan._kernels.pareto import martins
    from dalan._kernels.reference import martins_reference
    from dalan.graph import compiled_graph

    g = compiled_graph(network, costing, "container")
    source, target = int(g.origin_node[g.place_index("PL_WAW")]), int(g.destination_node[g.place_index("IR_BND")])
    criteria = np.column_stack([g.time_h, g.cost_usd, g.co2_kg])
    args = (np.asarray(g.indptr, dtype=np.int64), np.asarray(g.head, dtype=np.int64), np.ones(g.num_edges, dtype=bool), criteria, source, target, 0.01, 64)
    fast, plain = martins(*args), martins_reference(*args)
    assert fast[0].shape[0] > 1024 and fast[3].size > 1
    for ours, theirs in zip(fast, plain, strict=True):
        assert np.array_equal(ours, theirs.reshape(ours.shape))


def test_a_box_pays_its_lane_s_price_not_its_km(network, costing):
    """The lines price a box by the lane: through Suez, Shanghai -> Genoa (16,040 km) and
    Shanghai -> Rotterdam (19,478 km) stand to each other as Drewry WCI's two lanes that month
    (August 2023: about USD 2,078 against 1,694 per FEU), not as their km; round the Cape (June 2024)
    the lanes are the same length and each pays its km at the Cape rate × its lane's market."""

    def sea_usd_km(to: str, date: str) -> tuple[float, float]:
        options = RouteOptions.build("Shanghai", to, modes="sea", date=date)
        legs = [leg for leg in find_routes(network, options, costing=costing)[0].legs if leg.kind == "move" and leg.mode == "sea"]
        return sum(leg.cost_usd for leg in legs), sum(leg.length_km for leg in legs)

    def month_mean(series: str, month: str) -> float:
        return statistics.fmean(usd for date, usd in _wci_lane(series) if date.startswith(month))

    (genoa_usd, genoa_km), (rotterdam_usd, rotterdam_km) = sea_usd_km("Genoa", "2023-08-15"), sea_usd_km("Rotterdam", "2023-08-15")
    assert costing.sea_lane_km_share["shanghai_genoa"] == pytest.approx(genoa_km / rotterdam_km, rel=0.005)  # the network's own distances
    wci = month_mean("shanghai_genoa", "2023-08") / month_mean("shanghai_rotterdam", "2023-08")
    assert genoa_usd / rotterdam_usd == pytest.approx(wci, rel=0.01)
    (genoa_usd, genoa_km), (rotterdam_usd, rotterdam_km) = sea_usd_km("Genoa", "2024-06-15"), sea_usd_km("Rotterdam", "2024-06-15")
    cape = month_mean("shanghai_genoa", "2024-06") / month_mean("shanghai_rotterdam", "2024-06") * genoa_km / rotterdam_km
    assert genoa_usd / rotterdam_usd == pytest.approx(cape, rel=0.01)
