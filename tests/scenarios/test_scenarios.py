"""Scenario files: shipped ones load, bad edits fail with file, line and hint, edits revert."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.errors import ScenarioError
from dalan.network.io import load_embedded_network
from dalan.scenarios import (
    Edit,
    apply_edits,
    load_scenario,
    parse_spec,
    resolve_edits,
    revert,
    shipped_names,
)

SHIPPED = [
    "baseline", "rasht-astara", "astara-fast-border", "chornomorsk-batumi-ferry", "chabahar-zahedan", "red-sea-diversion",
    "hormuz-closure-2026", "azerbaijan-iran-border-closed", "black-sea-war-risk", "caspian-low-water",
]


def test_shipped_scenarios_are_there():
    assert sorted(SHIPPED) == shipped_names()


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_loads_with_both_titles(name):
    scenario = load_scenario(name)
    assert scenario.title("en") and scenario.title("fa") != scenario.title("en")
    assert scenario.spec.source


def test_rasht_astara_opens_the_link():
    base = load_scenario("baseline").network
    built = load_scenario("rasht-astara").network
    link = next(ln for ln in built.links if ln.mode == "rail" and {ln.from_id, ln.to_id} == {"IR_AST", "IR_RAS"})
    assert link.status == "operational"
    assert base.link(link.id).status == "planned"
    assert 1435 in built.place("IR_AST").gauges_mm


def test_unknown_link_fails_with_line_and_suggestion(tmp_path):
    text = 'name = "x"\n\n[[edit]]\naction = "set"\nlink = "L0013"\nvalues = { status = "operational" }\n'
    spec = parse_spec(text, "x.toml")
    with pytest.raises(ScenarioError) as err:
        resolve_edits(spec, load_embedded_network())
    message = str(err.value)
    assert "x.toml" in message and "line 5" in message and "L013" in message


def test_unknown_field_and_place_are_all_reported():
    text = (
        'name = "x"\n[[edit]]\naction = "set"\nplace = "IR_RASHT"\nvalues = { rail_border_dwell_h = 1.0 }\n'
        '[[edit]]\naction = "set"\nplace = "IR_RAS"\nvalues = { speed = 3 }\n'
    )
    with pytest.raises(ScenarioError) as err:
        resolve_edits(parse_spec(text, "y.toml"), load_embedded_network())
    message = str(err.value)
    assert "IR_RASHT" in message and "IR_RAS" in message and "speed" in message


def test_scenario_base_loop_is_refused(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(f'name = "a"\nbase = "{b}"\n')
    b.write_text(f'name = "b"\nbase = "{a}"\n')
    with pytest.raises(ScenarioError, match="loop"):
        load_scenario(str(a))


NETWORK = load_embedded_network()
_link_ids = st.sampled_from([ln.id for ln in NETWORK.links])
_place_ids = st.sampled_from([p.id for p in NETWORK.places])
_edit = st.one_of(
    st.builds(lambda i, v: Edit("set", "link", i, {"speed_kmh": v}), _link_ids, st.floats(1, 100)),
    st.builds(lambda i, s: Edit("set", "link", i, {"status": s}), _link_ids, st.sampled_from(["operational", "planned"])),
    st.builds(lambda i: Edit("remove", "link", i), _link_ids),
    st.builds(lambda i: Edit("remove", "place", i), _place_ids),
    st.builds(lambda i, h: Edit("set", "place", i, {"rail_border_dwell_h": h}), _place_ids, st.floats(0, 100)),
)


def _valid_sequence(edits):
    """Drop edits that name something an earlier edit removed."""
    gone_places, gone_links, out = set(), set(), []
    for e in edits:
        if e.target == "place" and e.id in gone_places:
            continue
        if e.target == "link":
            link = NETWORK.link(e.id)
            if e.id in gone_links or link.from_id in gone_places or link.to_id in gone_places:
                continue
        out.append(e)
        if e.action == "remove":
            (gone_places if e.target == "place" else gone_links).add(e.id)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(_edit, max_size=8))
def test_edits_applied_then_reverted_give_the_base(edits):
    edits = _valid_sequence(edits)
    changed, undo = apply_edits(NETWORK, edits)
    assert revert(changed, undo, NETWORK) == NETWORK


@pytest.mark.parametrize(
    "text, words",
    [
        ('name = "x"\n[[edit]]\naction = "set"\nlink = "L013"\nvalues = { speed_kmh = "fast" }\n', ["speed_kmh", "number"]),
        ('name = "x"\nedit = 5\n', ["edit", "list of tables"]),
        ('name = "x"\n[costing]\nborder_dwell_factor = "abc"\n', ["border_dwell_factor", "not a number"]),
        ('name = "x"\n[[edit]]\naction = "set"\nplace = "IR_RAS"\nvalues = { gauges_mm = 1435 }\n', ["gauges_mm", "list"]),
    ],
)
def test_wrong_value_types_are_scenario_errors(text, words):
    with pytest.raises(ScenarioError) as err:
        resolve_edits(parse_spec(text, "t.toml"), load_embedded_network())
    assert all(w in str(err.value) for w in words)
