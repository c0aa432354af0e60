"""Sanctions as rules per origin–destination (dalan.network.rules, applied by the route solver)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.errors import InputError, NoRouteError
from dalan.network import Link, Network, Place
from dalan.network.rules import barred, binding_rules, load_rules, parse_rules
from dalan.routing import route


def _network() -> Network:
    def place(pid: str, country: str, lon: float) -> Place:
        return Place(pid, pid, pid, country, 45.0, lon, ("city",))

    places = (place("IR_A", "IR", 50.0), place("AZ_X", "AZ", 49.0), place("UA_B", "UA", 35.0), place("PL_C", "PL", 20.0), place("TR_D", "TR", 35.0))
    links = (
        Link("L1", "IR_A", "UA_B", "road", 1300.0, speed_kmh=60.0), Link("L2", "AZ_X", "UA_B", "road", 1250.0, speed_kmh=60.0),
        Link("L3", "UA_B", "PL_C", "road", 1200.0, speed_kmh=60.0), Link("L4", "IR_A", "TR_D", "road", 1800.0, speed_kmh=60.0),
        Link("L5", "AZ_X", "TR_D", "road", 1800.0, speed_kmh=60.0), Link("L6", "TR_D", "PL_C", "road", 1800.0, speed_kmh=60.0),
    )  # fmt: skip
    return Network(places, links, "sanctions")


def test_a_transit_ban_removes_a_route_for_one_origin_and_not_another(costing):
    network = _network()
    before = route(network, "IR_A", "PL_C", costing=costing, date="2023-01-01")
    after = route(network, "IR_A", "PL_C", costing=costing, date="2023-06-01")
    other = route(network, "AZ_X", "PL_C", costing=costing, date="2023-06-01")
    assert "UA_B" in before.place_sequence  # the short way, before the ban of 2023-05-29
    assert "UA_B" not in after.place_sequence and "TR_D" in after.place_sequence  # Iranian cargo detours
    assert "UA_B" in other.place_sequence  # Azerbaijani cargo still crosses Ukraine
    # the ban spares the stops' own countries: Iranian cargo may still go to Ukraine
    assert route(network, "IR_A", "UA_B", costing=costing, date="2023-06-01").link_ids == ("L1",)


def test_a_port_ban_names_the_rule_when_it_leaves_no_route(network, costing):
    with pytest.raises(NoRouteError, match="Amirabad"):
        route(network, "Warsaw", "Amirabad", costing=costing, date="2025-01-01")
    assert route(network, "Tehran", "Amirabad", costing=costing, date="2025-01-01")  # not EU cargo


def test_the_shipped_rules_are_sourced_and_name_known_places(network):
    rules = load_rules()
    assert rules and all(r.source and r.note_en and r.note_fa for r in rules)
    for rule in rules:
        if rule.kind == "no_call":
            assert all(network.has_place(p) for p in rule.where)
    tehran, warsaw = network.place("IR_THR"), network.place("PL_WAW")
    on = dt.date(2025, 1, 1)
    assert {r.kind for r in binding_rules(rules, warsaw, tehran, on)} == {"no_call"}
    countries, places = barred(network, binding_rules(rules, tehran, warsaw, on), [tehran, warsaw])
    assert countries == {"UA"} and places == {"IR_AMR", "IR_ANZ"}


def test_ukrainian_cargo_does_not_cross_russia(network, costing):
    # Russia has stopped the transit of Ukrainian goods since 2016 (rules.toml): Kyiv -> Bandar
    # Abbas went to Odesa, Istanbul and Novorossiysk, then by Russian rail to the Caspian
    trip = route(network, "Kyiv", "Bandar Abbas", costing=costing, by="generalized", date="2025-06-01")
    assert "RU" not in {network.place(p).country for p in trip.place_sequence}
    rules = binding_rules(load_rules(), network.place("UA_KYV"), network.place("IR_BND"), dt.date(2025, 6, 1))
    assert any(r.kind == "no_transit" and r.where == ("RU",) for r in rules)
    # in force from 2016 only
    assert not binding_rules(load_rules(), network.place("UA_KYV"), network.place("IR_BND"), dt.date(2015, 6, 1))


@given(st.sampled_from(["date", "kind", "where", "source", "cargo_from"]), st.sampled_from(["", "x", "[1]", "2023-13-01"]))
def test_bad_rules_are_refused_naming_the_field(field, value):
    good = {"date": '"2023-05-29"', "kind": '"no_transit"', "where": '["UA"]', "source": '"s"', "cargo_from": '["IR"]'}
    good[field] = value if value.startswith("[") else f'"{value}"'
    if (field == "cargo_from" and value == "") or (field == "source" and value):
        return  # an empty origin list reads as "any"; any non-empty source text is a source
    text = "[[rule]]\n" + "\n".join(f"{k} = {v}" for k, v in good.items())
    with pytest.raises(InputError, match=field):
        parse_rules(text, "rules.toml")
