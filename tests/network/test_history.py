"""Dated network state (dalan.network.history): hand-built events on a hand-built network, the
shipped history against disruptions.md's rules, the parser's errors, and `dalan network history`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.costing import costing_from_dict
from dalan.errors import InputError
from dalan.graph import compile_graph
from dalan.network.history import (
    History,
    NetworkEvent,
    events_touching,
    load_history,
    network_as_of,
    parse_history,
    today,
    unknown_targets,
)
from dalan.network.io import load_embedded_network
from dalan.network.model import CHOKEPOINTS, Link, Network, Place
from dalan.reports.history_text import target_label

D = dt.date
runner = CliRunner()


def _net() -> Network:
    """P (PL) —rail— Q (BY) —road— R (BY); P —sea via hormuz— S (IR); Q —road— P as well."""
    places = [
        Place("P", "Papa", "پاپا", "PL", 0.0, 0.0, ("city", "port"), (1435,)),
        Place("Q", "Quebec", "کبک", "BY", 0.0, 1.0, ("city",), (1435,)),
        Place("R", "Romeo", "رومئو", "BY", 0.0, 2.0, ("city",)),
        Place("S", "Sierra", "سیرا", "IR", 0.0, 20.0, ("port",)),
    ]
    links = [
        Link("L1", "P", "Q", "rail", 120.0, (1435,), speed_kmh=40.0),
        Link("L2", "Q", "R", "road", 120.0, speed_kmh=40.0),
        Link("L3", "P", "S", "sea", 3000.0, speed_kmh=30.0, chokepoints=("hormuz",), corridors=("INSTC-W",)),
        Link("L4", "Q", "P", "road", 130.0, speed_kmh=40.0),
    ]
    return Network(tuple(places), tuple(links), "hand")


def _ev(date: str, target: str, action: str, **kw) -> NetworkEvent:
    return NetworkEvent(D.fromisoformat(date), target, action, note_en=f"{action} {target}", note_fa="ف", source="test", **kw)


def test_a_dated_closure_removes_a_link_on_and_after_its_date_only():
    net = _net()
    history = History((_ev("2024-03-01", "L1", "close"),))
    before, applied_before = network_as_of(net, history, D(2024, 2, 29))
    assert before is net and applied_before == []  # nothing in force: the very same network
    for day in (D(2024, 3, 1), D(2024, 3, 2), D(2030, 1, 1)):
        dated, applied = network_as_of(net, history, day)
        assert dated.link("L1").status == "closed" and "2024-03-01" in dated.link("L1").status_note
        assert [ln.status for ln in dated.links if ln.id != "L1"] == ["operational"] * 3
        assert applied == list(history.events)
    # compiled: no edge of L1 on the day, its edges the day before
    costing = costing_from_dict(_costing(), "t")
    assert "L1" not in compile_graph(network_as_of(net, history, D(2024, 3, 1))[0], costing).elements
    assert "L1" in compile_graph(before, costing).elements


def test_reopen_restores_the_link_as_drawn():
    net = _net()
    history = History((_ev("2024-03-01", "L1", "close"), _ev("2024-06-01", "L1", "reopen")))
    assert network_as_of(net, history, D(2024, 5, 31))[0].link("L1").status == "closed"
    reopened, applied = network_as_of(net, history, D(2024, 6, 1))
    assert reopened.link("L1") == net.link("L1") and applied == []


def test_a_closed_chokepoint_closes_every_link_tagged_with_it_and_only_those():
    history = History((_ev("2026-02-28", "chokepoint:hormuz", "close"),))
    dated, _ = network_as_of(_net(), history, D(2026, 3, 15))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L3"}


def test_a_closed_border_closes_the_links_between_the_two_countries_by_mode():
    road_only = History((_ev("2025-09-12", "border:BY-PL", "close", modes=("road",)),))
    dated, _ = network_as_of(_net(), road_only, D(2025, 9, 12))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L4"}  # L2 is inside BY, L1 is rail
    every_mode = History((_ev("2025-09-12", "border:PL-BY", "close"),))
    dated, _ = network_as_of(_net(), every_mode, D(2025, 9, 12))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L1", "L4"}


def test_place_and_corridor_targets():
    dated, _ = network_as_of(_net(), History((_ev("2025-04-26", "S", "close"),)), D(2025, 4, 26))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L3"}
    dated, _ = network_as_of(_net(), History((_ev("2026-02-28", "corridor:INSTC", "close"),)), D(2026, 3, 1))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L3"}  # INSTC-W counts as INSTC


def test_a_place_set_target_covers_the_links_at_any_of_its_places_of_its_modes():
    sailings = History((_ev("2025-04-26", "places:S,R", "close", modes=("sea",)),))
    dated, _ = network_as_of(_net(), sailings, D(2025, 4, 26))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L3"}  # R has a road only
    every_mode = History((_ev("2025-04-26", "places:R, S", "close"),))
    dated, _ = network_as_of(_net(), every_mode, D(2025, 4, 26))
    assert {ln.id for ln in dated.links if ln.status == "closed"} == {"L2", "L3"}
    assert every_mode.about(_net(), "S") == list(every_mode.events)  # the place's own timeline shows it
    assert target_label(_net(), sailings.events[0], "en") == "Sierra (S), Romeo (R) (sea only)"
    assert target_label(_net(), sailings.events[0], "fa").startswith("سیرا (S)، رومئو (R)")


def test_a_place_set_naming_a_place_the_network_lacks_is_reported():
    """Each place of a set that the network lacks is named, with the closest ids; a target that
    acts on no link is named whole."""
    partly = History((_ev("2025-04-26", "places:S,ZZ_NOPE", "close"), _ev("2025-04-27", "places:Q, SS", "close")))
    nope, typo = unknown_targets(partly, _net())
    assert (nope.record, nope.field, nope.value, nope.message_id) == ("event 1 (2025-04-26)", "target", "ZZ_NOPE", "no_such_place")
    assert (typo.record, typo.value) == ("event 2 (2025-04-27)", "SS") and "S" in typo.params["suggestions"]
    assert "did you mean" in typo.text("en") and "منظورتان" in typo.text("fa")
    assert unknown_targets(History((_ev("2025-04-26", "places:S,R", "close"),)), _net()) == []
    (nothing,) = unknown_targets(History((_ev("2025-04-26", "corridor:NOWHERE", "close"),)), _net())
    assert (nothing.value, nothing.message_id) == ("corridor:NOWHERE", "no_link_acted")


def test_restrict_ends_a_closure_and_adds_its_delay_surcharges_add_up_until_lifted():
    history = History(
        (
            _ev("2026-02-28", "chokepoint:hormuz", "close"),
            _ev("2026-04-07", "chokepoint:hormuz", "restrict", delay_h=48.0),
            _ev("2023-12-15", "chokepoint:hormuz", "surcharge", surcharge_usd_per_teu=100.0),
            _ev("2024-01-01", "L3", "surcharge", surcharge_usd_per_teu=25.0),
            _ev("2026-05-01", "chokepoint:hormuz", "surcharge", surcharge_usd_per_teu=0.0),
        )
    )
    net = _net()
    on = lambda day: network_as_of(net, history, D.fromisoformat(day))[0].link("L3")
    assert on("2024-02-01").surcharge_usd_per_teu == 125.0 and on("2024-02-01").status == "operational"
    assert on("2026-03-01").status == "closed"
    assert on("2026-04-07").status == "operational" and on("2026-04-07").extra_delay_h == 48.0
    assert on("2026-05-01").surcharge_usd_per_teu == 25.0  # the chokepoint's surcharge lifted, the link's stays


def test_compile_adds_the_delay_to_every_run_and_the_surcharge_to_containers_only():
    costing = costing_from_dict(_costing(), "t")
    net = _net()
    slowed = net.with_changes(links=[Link("L1", "P", "Q", "rail", 120.0, (1435,), speed_kmh=40.0, extra_delay_h=7.0, surcharge_usd_per_teu=90.0)])

    def link_edges(network: Network, cargo: str) -> list[tuple[float, float]]:
        g = compile_graph(network, costing, cargo)
        k = g.elements.index("L1")
        return sorted((float(g.time_h[e]), float(g.cost_usd[e])) for e in range(len(g.tail)) if g.element[e] == k and g.length_km[e] > 0)

    base, slow = link_edges(net, "container"), link_edges(slowed, "container")
    assert len(base) == len(slow) == 2  # both directions
    for (t0, c0), (t1, c1) in zip(base, slow, strict=True):
        assert t1 == pytest.approx(t0 + 7.0) and c1 == pytest.approx(c0 + 90.0)
    for (t0, c0), (t1, c1) in zip(link_edges(net, "bulk"), link_edges(slowed, "bulk"), strict=True):
        assert t1 == pytest.approx(t0 + 7.0) and c1 == pytest.approx(c0)  # a per-TEU surcharge: not on tonnes


def _costing() -> dict:
    tc = lambda h, usd: {"time_h": h, "cost_usd": usd}
    cargo = {
        "tonnes_per_unit": 10.0,
        "value_of_time_usd_per_h": 1.0,
        "rate_usd_per_km": {"rail": 1.0, "road": 2.0, "ferry": 3.0, "sea_short": 0.5, "sea_deep": 0.1},
        "handling": {"port": tc(10, 100), "roll_on": tc(5, 50), "land": tc(4, 40), "load": tc(2, 20), "transship": tc(3, 30)},
        "border": {"rail_fee_usd": 30.0, "road_fee_usd": 25.0},
        "gauge_change": {"transshipment": tc(8, 80), "bogie_exchange": tc(6, 60), "dual_gauge": tc(0, 0)},
    }
    return {
        "general": {"carbon_price_usd_per_t": 0.0, "deep_sea_min_speed_kmh": 25.0, "border_dwell_factor": 1.0, "voyage_border_h": 6.0},
        "default_sailings_per_week": {"sea": 1.0, "ferry": 2.0},
        "speed_kmh": {"rail_1520": 30.0, "rail_1435": 22.0, "road": 40.0, "sea": 18.5, "ferry": 18.5},
        "co2_kg_per_tkm": {"rail_electric": 0.01, "rail_diesel": 0.03, "road": 0.1, "ferry": 0.2, "sea_short": 0.02, "sea_deep": 0.01},
        "cargo": {"container": {"unit": "TEU", **cargo}, "bulk": {"unit": "t", **cargo}},
    }


# --- the shipped history -------------------------------------------------------------------------


def test_the_shipped_history_loads_every_event_sourced_bilingual_and_acting_on_the_network():
    network, history = load_embedded_network(), load_history()
    assert len(history.events) >= 30
    assert [e.date for e in history.events] == sorted(e.date for e in history.events)
    for event in history.events:
        # disruptions.md's entries, and the others (new services, a border's reopening) with their own web source
        assert event.source.startswith("disruptions.md §") or "http" in event.source, event
        assert event.note_en and event.note_fa and event.note_fa != event.note_en, event
    assert unknown_targets(history, network) == []
    kinds = {e.kind for e in history.events}
    assert {"link", "place", "chokepoint", "border", "corridor"} <= kinds
    assert {e.key for e in history.events if e.kind == "chokepoint"} <= set(CHOKEPOINTS)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_events_touching_is_the_per_link_check_and_network_as_of_a_fresh_list_each_time(data):
    network, history = load_embedded_network(), load_history()
    applied = network_as_of(network, history, D(2026, 12, 2))[1]
    link_ids = data.draw(st.sets(st.sampled_from([ln.id for ln in network.links]), max_size=30))
    countries = data.draw(st.sets(st.sampled_from(sorted({p.country for p in network.places})), max_size=4))
    by_link = [
        e for e in applied
        if any(ln.id in link_ids or {network.place(ln.from_id).country, network.place(ln.to_id).country} & countries
               for ln in e.links(network))
    ]  # fmt: skip
    assert events_touching(network, applied, link_ids, countries) == by_link
    applied.clear()  # the caller's own list: the kept answer is unchanged
    assert network_as_of(network, history, D(2026, 12, 2))[1] == network_as_of(network, History(history.events), D(2026, 12, 2))[1] != []


def test_the_shipped_history_follows_disruptions_md_on_the_key_dates():
    network, history = load_embedded_network(), load_history()

    def closed(day: str) -> set[str]:
        dated, _ = network_as_of(network, history, D.fromisoformat(day))
        return {ln.id for ln in dated.links if ln.status == "closed"} - {ln.id for ln in network.links if ln.status == "closed"}

    hormuz = {ln.id for ln in network.links if "hormuz" in ln.chokepoints}
    red_sea = {ln.id for ln in network.links if "bab_el_mandeb_suez" in ln.chokepoints}
    assert closed("2023-12-14") & red_sea == set() and red_sea <= closed("2023-12-15")  # Hapag-Lloyd pauses
    assert hormuz <= closed("2026-02-28") and not (hormuz - red_sea) & closed("2026-02-27")  # IRGC declares it closed
    assert not (hormuz - red_sea) & closed("2026-04-07")  # ceasefire: passage by coordination (restricted, open)
    az_ir = {ln.id for ln in network.links if {network.place(ln.from_id).country, network.place(ln.to_id).country} == {"AZ", "IR"}}
    assert az_ir <= closed("2026-03-05") and not az_ir & closed("2026-03-04")  # AZ open until it suspends freight
    bnd = {ln.id for ln in network.links_at("IR_BND")}
    assert bnd <= closed("2025-04-26") and not (bnd - red_sea) & closed("2025-04-27")  # the explosion; a day later working
    ukrferry = {"L130", "L131"}  # Chornomorsk-Batumi and -Poti: weekly until the war, Batumi again from July 2024
    assert not ukrferry & closed("2022-02-23") and ukrferry <= closed("2022-02-24")
    assert "L131" in closed("2024-07-10") and "L130" not in closed("2024-07-10")


def test_today_is_the_calendar_date_unless_pinned(monkeypatch):
    monkeypatch.setenv("DALAN_TODAY", "2026-03-15")
    assert today() == D(2026, 3, 15)
    monkeypatch.delenv("DALAN_TODAY")
    assert today() == dt.date.today()
    monkeypatch.setenv("DALAN_TODAY", "soon")
    with pytest.raises(InputError, match="DALAN_TODAY"):
        today()


# --- the parser ----------------------------------------------------------------------------------

GOOD = {
    "date": "2026-02-28",
    "target": "chokepoint:hormuz",
    "action": "close",
    "modes": ["sea"],
    "note_en": "closed",
    "note_fa": "بسته",
    "source": "somewhere, 2026-03-01",
}
BAD_VALUES = {
    "date": st.sampled_from(['"2026-02-30"', '"tomorrow"', "12", "true", '""']),
    "target": st.sampled_from(
        ['"chokepoint:panama"', '"border:IR"', '"border:IR-IR"', '"planet:mars"', "3", '"two words"', '"places:"', '"places:P,L013"', '"places:P,,S"']
    ),
    "action": st.sampled_from(['"demolish"', '""', "1", '"Close"']),
    "modes": st.sampled_from(['["boat"]', '"sea"', "[1]"]),
    "delay_h": st.sampled_from(["-1.0", '"a day"', "nan", "inf", "1e9"]),
    "surcharge_usd_per_teu": st.sampled_from(["-5.0", '"cheap"', "nan"]),
    "note_en": st.sampled_from(['""', "3", "[]"]),
    "note_fa": st.sampled_from(['""', "false"]),
    "source": st.sampled_from(['""', '"   "', "0"]),
}


def _toml(event: dict, raw: dict[str, str] | None = None) -> str:
    lines = ["# a history", "", "[[event]]"]
    for key, value in event.items():
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    for key, text in (raw or {}).items():
        lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"


def test_a_good_event_parses():
    history = parse_history(_toml(GOOD), "h.toml")
    (event,) = history.events
    assert event.date == D(2026, 2, 28) and event.kind == "chokepoint" and event.modes == ("sea",)


@settings(max_examples=60, deadline=None)
@given(field=st.sampled_from(sorted(BAD_VALUES)), data=st.data())
def test_a_bad_field_is_an_input_error_naming_file_record_and_field(field, data):
    bad = data.draw(BAD_VALUES[field])
    event = {k: v for k, v in GOOD.items() if k != field}
    if field == "delay_h":
        event["action"] = "restrict"
    if field == "surcharge_usd_per_teu":
        event["action"] = "surcharge"
    with pytest.raises(InputError) as caught:
        parse_history(_toml(event, {field: bad}), "h.toml")
    problems = caught.value.problems
    assert any(p.field == field and p.record == "event 1 (line 3)" and p.file == "h.toml" for p in problems), problems


@pytest.mark.parametrize(
    "text, field",
    [
        (_toml({k: v for k, v in GOOD.items() if k != "source"}), "source"),
        (_toml({k: v for k, v in GOOD.items() if k != "date"}), "date"),
        (_toml(GOOD | {"colour": "red"}), "colour"),
        (_toml(GOOD | {"delay_h": 5.0}), "delay_h"),  # a delay on a closure
        ("title = 'x'\n" + _toml(GOOD), "title"),
        ("[[event]\n", "toml"),
    ],
)
def test_missing_unknown_and_misplaced_fields(text, field):
    with pytest.raises(InputError) as caught:
        parse_history(text, "h.toml")
    assert any(p.field == field for p in caught.value.problems), caught.value.problems


# --- dalan network history -----------------------------------------------------------------------


def test_network_history_cli_english_filtered_to_an_element():
    result = runner.invoke(app, ["network", "history", "hormuz"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Strait of Hormuz" in result.output and "2026-02-28" in result.output and "gCaptain" in result.output
    assert "Poland" not in result.output  # a border event elsewhere is not listed


def test_network_history_cli_place_includes_the_chokepoints_and_borders_covering_it():
    result = runner.invoke(app, ["network", "history", "Bandar Abbas", "--json"])
    assert result.exit_code == 0, result.output
    targets = {e["target"] for e in json.loads(result.output)["events"]}
    assert {"IR_BND", "chokepoint:hormuz"} <= targets and "border:BY-PL" not in targets


def test_network_history_cli_persian():
    result = runner.invoke(app, ["network", "history", "border:AZ-IR", "--lang", "fa"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "مرز" in result.output and "بسته" in result.output and "۲۰۲۶-۰۳-۰۵" in result.output


def test_network_history_cli_whole_timeline_and_bad_history_file(tmp_path):
    result = runner.invoke(app, ["network", "history", "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)["events"]) == len(load_history().events)
    bad = tmp_path / "h.toml"
    bad.write_text(_toml(GOOD | {"action": "explode"}), encoding="utf-8")
    result = runner.invoke(app, ["network", "history", "--history", str(bad)], env={"COLUMNS": "250"})
    assert result.exit_code == 2 and "event 1" in result.output and "action" in result.output
    typo = tmp_path / "typo.toml"  # a place the network lacks: named, with the closest ids, not silently ignored
    typo.write_text(_toml(GOOD | {"target": "places:IR_BND,IR_AMRX", "modes": ["rail"]}), encoding="utf-8")
    result = runner.invoke(app, ["network", "history", "--history", str(typo)], env={"COLUMNS": "250"})
    assert result.exit_code == 2 and "IR_AMRX" in result.output and "no such place" in result.output and "IR_AMR" in result.output


def test_a_service_that_opens_on_a_date_is_closed_before_it_and_runs_from_it():
    """``open``: before its date the event is in force as one still to come and closes its links
    (status note "from DATE"); from its date the links run; a later close still closes them."""
    network = load_embedded_network()
    history = History((
        NetworkEvent(D(2023, 3, 17), "L159", "open", note_en="FBOL", note_fa="ف", source="test"),
        NetworkEvent(D(2024, 1, 1), "L159", "close", note_en="shut", note_fa="ب", source="test"),
    ))  # fmt: skip
    before, events = network_as_of(network, history, D(2023, 3, 16))
    assert [e.action for e in events] == ["open"]
    assert before.link("L159").status == "closed" and before.link("L159").status_note == "FBOL (from 2023-03-17)"
    running, events = network_as_of(network, history, D(2023, 3, 17))
    assert events == [] and running.link("L159").status == network.link("L159").status == "operational"
    assert network_as_of(network, history, D(2024, 6, 1))[0].link("L159").status == "closed"
    shipped = load_history()
    assert network_as_of(network, shipped, D(2022, 6, 1))[0].link("L159").status == "closed"
    assert network_as_of(network, shipped, D(2023, 6, 1))[0].link("L159").status == "operational"
