"""compare() routes both scenarios on the network of its date, and per pair under the sanction
rules binding that pair's cargo."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from dalan.network.rules import parse_rules
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import compare

compare_module = importlib.import_module("dalan.scenarios.compare")
PAIRS = [("Tehran", "Chornomorsk"), ("Chornomorsk", "Tehran")]  # the PGBS ferry route (Odesa has a Turkish feeder)


def _countries(result, network) -> dict[tuple[str, str], set[str]]:
    return {k: {network.place(p).country for p in r.best.place_sequence} for k, r in result.a.items() if r is not None}


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def test_the_dated_history_closes_what_was_closed_that_day(baseline):
    before = compare(baseline, baseline, PAIRS, by="time", alternatives=1, date=dt.date(2025, 6, 1))
    during = compare(baseline, baseline, PAIRS, by="time", alternatives=1, date=dt.date(2026, 3, 15))
    assert "AM" in _countries(before, baseline.network)["Tehran", "Chornomorsk"]
    # on 2026-03-15 Iran's land borders except Azerbaijan's are closed (dalan/data/history.toml)
    assert all("AM" not in c for c in _countries(during, baseline.network).values())


def test_a_sanction_rule_binds_one_origin_and_not_the_other(baseline, monkeypatch):
    rule = parse_rules(
        '[[rule]]\ndate = 2020-01-01\nkind = "no_transit"\ncargo_from = ["IR"]\nwhere = ["AM"]\n'
        'note_en = "test"\nnote_fa = "آزمون"\nsource = "test"\n',
        "test.toml",
    )
    monkeypatch.setattr(compare_module, "load_rules", lambda: rule)
    result = _countries(compare(baseline, baseline, PAIRS, by="time", alternatives=1, date=dt.date(2025, 6, 1)), baseline.network)
    assert "AM" not in result["Tehran", "Chornomorsk"]  # Iranian cargo may not cross Armenia
    assert "AM" in result["Chornomorsk", "Tehran"]  # Ukrainian cargo may
