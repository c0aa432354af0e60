"""Costing defaults: every number cites a source; bad files report every problem."""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources

import pytest
from dalan_tiny import tiny_costing_dict

from dalan.choices import CARGO_CLASSES
from dalan.costing import costing_from_dict, load_costing
from dalan.errors import InputError

NUMBER = re.compile(r"=\s*[-\d.]|time_h\s*=")


def test_every_number_in_the_defaults_cites_a_source():
    text = resources.files("dalan.data").joinpath("costing.toml").read_text(encoding="utf-8")
    # [parameters] entries carry their source in the table (the loader refuses an empty one)
    lines = [line for line in text.splitlines() if 'source = "' not in line]
    unsourced = [line for line in lines if NUMBER.search(line.split("#")[0]) and "#" not in line]
    assert unsourced == []
    for line in lines:
        if "#" in line and NUMBER.search(line.split("#")[0]):
            comment = line.split("#", 1)[1]
            assert re.search(r"F§\d|P§\d|OBS-\d|source:|calibrated|assumption|definition", comment), line


def test_defaults_load_with_three_cargo_classes():
    costing = load_costing()
    assert set(costing.cargo) == {"container", "bulk", "vehicle", "truck"} == set(CARGO_CLASSES)
    assert costing.cargo_class("container").unit == "TEU"


def test_bad_costing_lists_every_problem(tmp_path):
    data = tiny_costing_dict()
    data["cargo"]["container"]["rate_usd_per_km"]["rail"] = "cheap"
    data["cargo"]["container"]["tonnes_per_unit"] = -1
    del data["speed_kmh"]["road"]
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "rail" in message and "tonnes_per_unit" in message and "road" in message and "bad.toml" in message


def test_a_roll_on_roll_off_flag_that_is_not_true_or_false_is_named():
    data = tiny_costing_dict()
    data["cargo"]["container"]["roll_on_roll_off"] = "yes"
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "cargo.container" in message and "roll_on_roll_off" in message and "'yes'" in message and "true or false" in message
    data["cargo"]["container"]["roll_on_roll_off"] = True
    assert costing_from_dict(data, "ok.toml").cargo_class("container").roll_on_roll_off


def test_a_bad_rail_speed_index_names_the_group_and_the_year():
    data = tiny_costing_dict()
    data["rail_speed_index"] = {"KZ": {"2022": 0.5, "next year": 1.0}, "CIS": 0.9}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "rail_speed_index.KZ" in message and "'next year'" in message and "4-digit year" in message
    assert "rail_speed_index" in message and "CIS" in message and "not a table of years" in message
    data["rail_speed_index"] = {"KZ": {"2022": 0.5}}
    data["rail_rate_index"] = {"CN": {"2021": "dear"}}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    assert "rail_rate_index.CN" in str(err.value) and "2021" in str(err.value)
    data["rail_rate_index"] = {"CN": {"2021": 1.5}}
    costing = costing_from_dict(data, "ok.toml")
    assert costing.rail_speed_index == {"KZ": {2022: 0.5}} and costing.rail_rate_index == {"CN": {2021: 1.5}}
    assert costing.period_of(2022) == 2022 and costing.period_of(2021) == 2021 and costing.period_of(1999) is None


def test_a_bad_customs_union_names_the_union_the_member_and_the_value():
    data = tiny_costing_dict()
    data["customs_unions"] = {"EAEU": {"RU": 2011, "kz": 2011, "BY": "soon", "AM": 1800}, "EU": ["PL", "DE"]}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "customs_unions.EAEU" in message and "kz" in message and "two-letter ISO country code" in message
    assert "'soon'" in message and "not a year" in message and "1800" in message and "PL = 2004" in message
    assert "customs_unions" in message and "EU" in message and "not a table of ISO code = year" in message
    data["customs_unions"] = {"EAEU": {"RU": 2011, "KZ": 2011, "AM": 2015}}
    costing = costing_from_dict(data, "ok.toml")
    assert costing.same_customs_union("RU", "KZ") and not costing.same_customs_union("RU", "BY")
    assert costing.at_year(2014).same_customs_union("RU", "KZ") and not costing.at_year(2014).same_customs_union("RU", "AM")
    assert costing.period_of(2014) == 2014 and costing.period_of(2016) is None  # membership changed in 2015


def test_bad_railway_crossings_name_the_country_the_group_and_the_value():
    data = tiny_costing_dict()
    data["groups"] = {"railway": {"KZ": "KZ"}, "road": {}}
    data["groups"]["railway_service"] = {"KZ": {"CER": ["KZ_TRANSIT", "KZ_CN"], "MC": "KZ_CN"}}
    data["groups"]["railway_crossings"] = {"KZ": {"KZ": ["RU", "tm"], "KZ_CN": "CN"}, "RU": ["KZ"]}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "groups.railway_crossings.KZ" in message and "'RU, tm'" in message and "two-letter ISO country codes" in message
    assert "groups.railway_crossings" in message and "RU" in message and "train group = [neighbours' ISO codes]" in message
    assert 'KZ_CN = ["CN", "TM"]' in message  # the hint
    data["groups"]["railway_crossings"] = {"KZ": {"KZ": ["RU", "TM"], "KZ_CN": "CN"}}
    groups = costing_from_dict(data, "ok.toml").groups
    assert groups.services_for("KZ", ("CER",)) == {"KZ_TRANSIT", "KZ_CN"} and groups.services_for("KZ", ("MC", "UZ")) == {"KZ_CN"}
    assert groups.crosses("KZ", "", "RU") and not groups.crosses("KZ", "", "CN") and groups.crosses("KZ", "KZ_CN", "CN")
    assert groups.crosses("KZ", "KZ_TRANSIT", "CN") and groups.crosses("RU", "", "CN")  # no entry: anywhere
    assert groups.is_bound("KZ", "") and groups.is_bound("KZ", "KZ_CN") and not groups.is_bound("KZ", "KZ_TRANSIT")
    data["groups"]["railway_service"] = {"KZ": {"CER": []}}
    with pytest.raises(InputError, match="corridor = group or"):
        costing_from_dict(data, "bad.toml")


def test_unknown_cargo_class_names_the_choices():
    with pytest.raises(InputError, match="container, bulk, vehicle"):
        load_costing().cargo_class("steel")


def test_wait_is_half_the_headway():
    from dalan.network import Link

    costing = load_costing()
    assert costing.wait_h(Link("x", "a", "b", "ferry", 100.0, sailings_per_week=7.0)) == pytest.approx(12.0)


def test_a_bad_block_train_stop_names_the_place_and_the_value():
    data = tiny_costing_dict()
    data["block_train_border_h"] = {"KZ_DOS": -2.0, "KZ_ALT": "fast"}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "block_train_border_h" in message and "KZ_DOS" in message and "-2" in message and "KZ_ALT" in message and "'fast'" in message
    data["block_train_border_h"] = {"KZ_DOS": 6.5}
    costing = costing_from_dict(data, "ok.toml")
    assert costing.block_train_stop_h("KZ_DOS", costing.cargo_class("container")) == 6.5
    assert costing.block_train_stop_h("KZ_ALT", costing.cargo_class("container")) is None


def test_a_block_train_wait_needs_its_published_stop():
    """``[general] block_train_waits_at`` names borders where a block train waits the crossing's
    dwell before a stop of [block_train_border_h]: a place without one is named, with the table."""
    data = tiny_costing_dict()
    data["block_train_border_h"] = {"BY_BRS": 8.5}
    data["general"]["block_train_waits_at"] = ["BY_BRS", "PL_MAL"]
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "block_train_waits_at" in message and "PL_MAL" in message and "[block_train_border_h]" in message
    data["general"]["block_train_waits_at"] = "BY_BRS"
    with pytest.raises(InputError, match="block_train_waits_at"):
        costing_from_dict(data, "bad.toml")
    data["general"]["block_train_waits_at"] = ["BY_BRS"]
    costing = costing_from_dict(data, "ok.toml")
    assert costing.block_train_waits("BY_BRS", costing.cargo_class("container"))
    wagonload = replace(costing.cargo_class("container"), unit="t")
    assert not costing.block_train_waits("BY_BRS", wagonload)  # wagonload takes the dwell as its stop
    assert not costing.block_train_waits("PL_MAL", costing.cargo_class("container"))


def test_a_block_train_wait_of_one_direction_names_the_country_entered():
    """``[general] block_train_waits_entering``: where a block train waits for its slot only
    entering one country (Dostyk: into Kazakhstan), a train the other way does not wait; a train
    whose direction is not known does. A direction needs its wait, and a country is an ISO code."""
    data = tiny_costing_dict()
    data["block_train_border_h"] = {"KZ_DOS": 6.5, "BY_BRS": 8.5}
    data["general"]["block_train_waits_at"] = ["KZ_DOS", "BY_BRS"]
    data["general"]["block_train_waits_entering"] = {"KZ_DOS": "KZ"}
    costing = costing_from_dict(data, "ok.toml")
    box = costing.cargo_class("container")
    assert costing.block_train_waits("KZ_DOS", box, "KZ") and not costing.block_train_waits("KZ_DOS", box, "CN")
    assert costing.block_train_waits("KZ_DOS", box)  # direction unknown
    assert costing.block_train_waits("BY_BRS", box, "PL") and costing.block_train_waits("BY_BRS", box, "BY")
    data["general"]["block_train_waits_entering"] = {"KZ_DOS": "KZ", "PL_MAL": "PL"}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    assert "block_train_waits_entering" in str(err.value) and "PL_MAL" in str(err.value) and "block_train_waits_at" in str(err.value)
    for bad in ({"KZ_DOS": "Kazakhstan"}, {"KZ_DOS": "kz"}, ["KZ_DOS"]):
        data["general"]["block_train_waits_entering"] = bad
        with pytest.raises(InputError) as err:
            costing_from_dict(data, "bad.toml")
        assert "block_train_waits_entering" in str(err.value) and "ISO" in str(err.value)


def test_a_fare_table_names_its_bad_key_and_value():
    data = tiny_costing_dict()
    data["cargo"]["container"]["fare_usd"] = {"ferry": "dear", "boat": 10.0}
    with pytest.raises(InputError) as err:
        costing_from_dict(data, "bad.toml")
    message = str(err.value)
    assert "cargo.container.fare_usd" in message and "'dear'" in message and "boat" in message and "sea_short" in message
    data["cargo"]["container"]["fare_usd"] = {"ferry": 500.0}
    assert costing_from_dict(data, "ok.toml").cargo_class("container").fare_usd == {"ferry": 500.0}
