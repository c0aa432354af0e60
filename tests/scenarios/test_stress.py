"""Shipped disruption scenarios and the stress matrix (`dalan.scenarios.stress`)."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest
from dalan_tiny import tiny_links, tiny_places

from dalan.errors import ScenarioError
from dalan.network import Network
from dalan.scenarios import apply_spec, load_scenario, parse_spec, shipped_names
from dalan.scenarios.registry import Scenario
from dalan.scenarios.stress import default_scenarios, load_scenarios, stress

NEW = ("hormuz-closure-2026", "azerbaijan-iran-border-closed", "black-sea-war-risk", "caspian-low-water")
PERSIAN = re.compile("[\u0600-\u06ff]")
#: Ports on the Black Sea (Marmara's Derince is not): every sea or ferry link at one is a Black Sea sailing.
BLACK_SEA_PORTS = {"UA_ODS", "UA_CHO", "RO_CND", "BG_VAR", "BG_BOJ", "GE_POT", "GE_BUS", "RU_NOV", "TR_SSX", "TR_TZX"}


@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario("baseline")


@pytest.fixture(scope="module")
def shipped() -> dict[str, Scenario]:
    return {name: load_scenario(name) for name in NEW}


# --- the shipped scenarios ------------------------------------------------------------------------


@pytest.mark.parametrize("name", shipped_names())
def test_every_shipped_scenario_loads_with_titles_in_both_languages_and_a_source(name):
    scenario = load_scenario(name)
    spec = scenario.spec
    assert spec.name == name and spec.source.strip()
    assert PERSIAN.search(spec.title_fa) and not PERSIAN.search(spec.title_en)
    if name != "baseline":
        assert scenario.edits, "a scenario that edits nothing stresses nothing"


@pytest.mark.parametrize("name", NEW)
def test_new_scenarios_cite_the_disruptions_file(name, shipped):
    assert "disruptions.md" in shipped[name].spec.source
    assert name in default_scenarios() and "baseline" not in default_scenarios()


def test_hormuz_closure_closes_every_hormuz_link_and_nothing_else(baseline, shipped):
    net = shipped["hormuz-closure-2026"].network
    tagged = {ln.id for ln in net.links if "hormuz" in ln.chokepoints}
    assert tagged and {ln.id for ln in net.links if ln.status == "closed"} - {
        ln.id for ln in baseline.network.links if ln.status == "closed"
    } == tagged
    assert all(net.link(i).status == "closed" for i in tagged)


def test_no_route_crosses_hormuz_under_the_closure(baseline, shipped):
    pairs = [("PL_WAW", "IR_BND"), ("NL_RTM", "IR_BND"), ("CN_XIA", "IN_NSA"), ("TR_IST", "IR_BND"), ("RU_LED", "IR_BND")]
    matrix = stress([shipped["hormuz-closure-2026"]], pairs, baseline=baseline)

    def hormuz(route) -> bool:
        return any("hormuz" in baseline.network.link(e).chokepoints for leg in route.legs if leg.kind == "move" for e in leg.element_ids)

    cells = [matrix.cell(o, d, "hormuz-closure-2026") for o, d in pairs]
    assert any(c.base.route and hormuz(c.base.route) for c in cells), "the test needs a baseline route through Hormuz"
    for cell in cells:
        assert cell.survives and not hormuz(cell.stressed.route)
    assert any(c.outcome == "rerouted" for c in cells)


def test_azerbaijan_iran_border_closure_removes_every_crossing(baseline, shipped):
    scenario = shipped["azerbaijan-iran-border-closed"]
    net = scenario.network
    country = lambda pid: net.place(pid).country
    crossings = [ln for ln in net.links if {country(ln.from_id), country(ln.to_id)} == {"AZ", "IR"}]
    assert {ln.id for ln in crossings} >= {"L012", "L103"} and all(ln.status == "closed" for ln in crossings)
    matrix = stress([scenario], [("AZ_BAK", "IR_THR"), ("RU_MOW", "IR_AST")], baseline=baseline, by="time")
    before = matrix.cell("AZ_BAK", "IR_THR", scenario.name).base.route
    assert any({country(leg.from_id), country(leg.to_id)} == {"AZ", "IR"} for leg in before.legs), "baseline crosses AZ–IR"
    for o, d in matrix.pairs:
        after = matrix.cell(o, d, scenario.name).stressed.route
        assert after is not None
        assert not any({country(leg.from_id), country(leg.to_id)} == {"AZ", "IR"} for leg in after.legs)
    assert matrix.cell("AZ_BAK", "IR_THR", scenario.name).extra_days > 0


def test_black_sea_surcharge_is_on_every_black_sea_sailing_and_only_there(baseline, shipped):
    net = shipped["black-sea-war-risk"].network
    for link in net.links:
        black_sea = link.mode in ("sea", "ferry") and {link.from_id, link.to_id} & BLACK_SEA_PORTS
        assert link.surcharge_usd_per_teu == (100.0 if black_sea else baseline.network.link(link.id).surcharge_usd_per_teu), link.id


def test_black_sea_war_risk_raises_a_black_sea_route_by_exactly_the_premium(baseline, shipped):
    scenario = shipped["black-sea-war-risk"]
    matrix = stress([scenario], [("UA_ODS", "IR_THR"), ("RO_CND", "IR_BND")], baseline=baseline, by="time")
    for o, d in matrix.pairs:
        cell = matrix.cell(o, d, scenario.name)
        assert cell.outcome == "same"  # by time, a surcharge does not move the route
        links = [baseline.network.link(e) for e in cell.base.route.link_ids]
        sailings = [ln for ln in links if ln.mode in ("sea", "ferry") and {ln.from_id, ln.to_id} & BLACK_SEA_PORTS]
        assert len(sailings) == 1
        assert cell.extra_usd == pytest.approx(100.0, abs=1e-6)  # US$100 per TEU, one sailing
        assert cell.extra_days == pytest.approx(0.0, abs=1e-9) and cell.extra_t_co2e == pytest.approx(0.0, abs=1e-9)


def test_caspian_low_water_spreads_each_sailing_over_81_percent_of_the_load(baseline, shipped):
    scenario = shipped["caspian-low-water"]
    caspian = [ln for ln in scenario.network.links if "CASPIAN" in ln.corridors and ln.mode in ("sea", "ferry")]
    assert caspian and all(ln.load_limit_share == 0.81 for ln in caspian)
    assert all(ln.load_limit_share == 1.0 for ln in scenario.network.links if ln not in caspian)
    matrix = stress([scenario], [("KZ_AKT", "AZ_ALA")], baseline=baseline, by="time")
    cell = matrix.cell("KZ_AKT", "AZ_ALA", scenario.name)
    assert cell.outcome == "same"
    legs = [leg for leg in cell.base.route.legs if leg.kind == "move" and leg.mode in ("sea", "ferry")]
    assert len(legs) == 1
    money, co2 = legs[0].cost_usd, legs[0].co2_kg
    assert cell.extra_usd == pytest.approx(money * (1 / 0.81 - 1), rel=1e-9)
    assert cell.extra_t_co2e == pytest.approx(co2 / 1000 * (1 / 0.81 - 1), rel=1e-9)
    assert cell.extra_days == pytest.approx(0.0, abs=1e-9)


def test_rasht_astara_opens_in_the_scheduled_year():
    scenario = load_scenario("rasht-astara")
    link = next(ln for ln in scenario.network.links if {ln.from_id, ln.to_id} == {"IR_AST", "IR_RAS"} and ln.mode == "rail")
    assert link.status == "operational" and link.year == 2030  # March 2026 start + 48-month build
    assert "2030" in scenario.spec.title_en and "۲۰۳۰" in scenario.spec.title_fa


# --- group edits and the load limit -----------------------------------------------------------------


def _spec(body: str):
    return parse_spec(f'name = "t"\nbase = "baseline"\n{body}', "t.toml")


@pytest.mark.parametrize(
    ("edit", "field", "says"),
    [
        ('link = "chokepoint:panama"\nvalues = { status = "closed" }', "link", "unknown chokepoint"),
        ('link = "border:AZIR"\nvalues = { status = "closed" }', "link", "not a country pair"),
        ('link = "border:AZ-PL"\nvalues = { status = "closed" }', "link", "covers no link"),
        ('link = "corridor:CASPIAN"\nmodes = ["boat"]\nvalues = { status = "closed" }', "modes", "list of modes"),
        ('link = "L012"\nmodes = ["rail"]\nvalues = { status = "closed" }', "modes", "only a group"),
        ('link = "places:GE_POT,L012"\nvalues = { status = "closed" }', "link", "not a list of place ids"),
        ('link = "places:GE_POT,GE_PTI"\nvalues = { status = "closed" }', "link", "no such place"),
        ('link = "corridor:CASPIAN"\nmodes = ["sea"]\nvalues = { load_limit_share = 0.0 }', "load_limit_share", "above 0"),
        ('link = "corridor:CASPIAN"\nmodes = ["sea"]\nvalues = { load_limit_share = 1.5 }', "load_limit_share", "at most 1"),
    ],
)
def test_bad_group_edits_are_refused_naming_the_field(baseline, edit, field, says):
    with pytest.raises(ScenarioError) as error:
        apply_spec(_spec(f'[[edit]]\naction = "set"\n{edit}'), base=baseline)
    assert f"field '{field}'" in str(error.value) and says in str(error.value) and "t.toml" in str(error.value)


def test_a_group_edit_sets_only_links_of_its_modes(baseline):
    scenario = apply_spec(_spec('[[edit]]\naction = "set"\nlink = "border:AZ-IR"\nmodes = ["road"]\nvalues = { status = "closed" }'), base=baseline)
    closed = {e.id for e in scenario.edits}
    assert closed == {"L103", "L111", "L123"}
    assert all(scenario.network.link(i).mode == "road" for i in closed)


def test_a_place_set_edit_sets_the_links_at_its_places_of_its_modes(baseline):
    body = '[[edit]]\naction = "set"\nlink = "places:GE_POT,GE_BUS"\nmodes = ["ferry"]\nvalues = { extra_delay_h = 6.0 }'
    scenario = apply_spec(_spec(body), base=baseline)
    net = baseline.network
    expected = {ln.id for ln in net.links if ln.mode == "ferry" and {ln.from_id, ln.to_id} & {"GE_POT", "GE_BUS"}}
    assert {e.id for e in scenario.edits} == expected
    # the Georgian ports' ferries by name: Batumi - Chornomorsk, Poti - Chornomorsk, Poti - Varna,
    # Batumi - Burgas, Poti - Constanța (the sea link Batumi - Constanța is not a ferry)
    assert {"L130", "L131", "L132", "L133", "L134"} <= expected and "L135" not in expected


def test_an_unknown_place_in_a_set_is_named_with_suggestions(baseline):
    with pytest.raises(ScenarioError) as error:
        apply_spec(_spec('[[edit]]\naction = "set"\nlink = "places:GE_POT,GE_PTI"\nvalues = { status = "closed" }'), base=baseline)
    assert "'GE_PTI'" in str(error.value) and "GE_POT" in str(error.value).split("GE_PTI", 1)[1]


# --- the stress matrix on a tiny hand-built network -------------------------------------------------


def _tiny(costing, *, road: bool) -> Scenario:
    links = [replace(ln, corridors=("ROAD",) if ln.id == "L6" else ("RAIL-FERRY",)) for ln in tiny_links(2000.0 if road else None)]
    network = Network(tuple(tiny_places()), tuple(links), "tiny")
    return Scenario(parse_spec('name = "tiny"', "tiny.toml"), network, costing, (), ())


def _edit(base: Scenario, name: str, body: str) -> Scenario:
    return apply_spec(parse_spec(f'name = "{name}"\n{body}', f"{name}.toml"), base=base)


def test_stress_matrix_on_the_tiny_network(tiny_costing):
    base = _tiny(tiny_costing, road=False)
    closed = _edit(base, "ferry-closed", '[[edit]]\naction = "set"\nlink = "L3"\nvalues = { status = "closed" }')
    half = _edit(base, "half-load", '[[edit]]\naction = "set"\nlink = "L3"\nvalues = { load_limit_share = 0.5 }')
    slow = _edit(base, "road-toll", '[[edit]]\naction = "set"\nlink = "L4"\nvalues = { extra_delay_h = 24.0, surcharge_usd_per_teu = 100.0 }')
    pairs = [("A", "B"), ("C", "E")]
    matrix = stress([closed, half, slow], pairs, baseline=base, by="cost")
    ab, ce = (lambda s: matrix.cell("A", "B", s)), (lambda s: matrix.cell("C", "E", s))
    # closing the only ferry: C–E loses its route, A–B does not use it
    assert ce("ferry-closed").outcome == "no_route" and not ce("ferry-closed").survives
    assert math.isnan(ce("ferry-closed").extra_days) and "no route" in ce("ferry-closed").stressed.reason
    assert ab("ferry-closed").outcome == "same" and ab("ferry-closed").extra_usd == 0.0
    # half a load: the ferry's 3 USD/km × 200 km and 0.2 kg/tkm × 10 t × 200 km are paid twice
    assert ce("half-load").outcome == "same"
    assert ce("half-load").extra_usd == pytest.approx(600.0) and ce("half-load").extra_t_co2e == pytest.approx(0.4)
    assert ce("half-load").extra_days == pytest.approx(0.0)
    # a day's delay and US$100 per TEU on the road D–E
    assert ce("road-toll").extra_days == pytest.approx(1.0) and ce("road-toll").extra_usd == pytest.approx(100.0)
    assert [matrix.survivors(s) for s in ("ferry-closed", "half-load", "road-toll")] == [1, 2, 2]
    frame = matrix.to_frame()
    assert len(frame) == 6 and set(frame["outcome"]) == {"same", "no_route"}


def test_a_closed_ferry_hands_the_pair_to_the_road_corridor(tiny_costing):
    base = _tiny(tiny_costing, road=True)
    closed = _edit(base, "ferry-closed", '[[edit]]\naction = "set"\nlink = "L3"\nvalues = { status = "closed" }')
    cell = stress([closed], [("A", "E")], baseline=base, by="cost").cell("A", "E", "ferry-closed")
    assert cell.base.corridor == "RAIL-FERRY" and cell.base.route is not None and "L3" in cell.base.route.link_ids
    assert cell.outcome == "rerouted" and cell.takes_over == "ROAD" and cell.stressed.route.link_ids == ("L6",)
    assert cell.extra_usd > 0  # the cheapest route was taken away: any other costs more


def test_unknown_scenario_and_the_baseline_itself_are_refused(baseline):
    with pytest.raises(ScenarioError, match="did you mean 'hormuz-closure-2026'"):
        load_scenarios(["hormuz-closure"])
    with pytest.raises(ScenarioError, match="baseline itself"):
        stress([baseline], [("PL_WAW", "IR_THR")], baseline=baseline)
    with pytest.raises(ScenarioError, match="no scenario"):
        load_scenarios([])
