"""Sanction rules a user writes in a scenario file ([[rule]] tables, as in rules.toml)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.errors import ScenarioError
from dalan.scenarios import load_scenario

RULE = """name = "no-armenia-for-iran"
base = "baseline"
title_en = "Iranian cargo may not cross Armenia (test)"
title_fa = "بار ایرانی از ارمنستان نگذرد (آزمون)"

[[rule]]
date = 2020-01-01
kind = "no_transit"
cargo_from = ["IR"]
where = ["AM"]
note_en = "test rule"
note_fa = "قاعدهٔ آزمون"
source = "test"
"""


def _countries(path, origin: str, destination: str) -> set[str]:
    runner = CliRunner(env={"COLUMNS": "200"})
    args = ["route", origin, destination, "--scenario", str(path), "--date", "2025-06-01", "--by", "time", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    legs = data["routes"][0]["legs"] if "routes" in data else data["legs"]
    network = load_scenario("baseline").network
    return {network.place(p).country for leg in legs for p in (leg["from_id"], leg["to_id"], *leg["via_ids"])}


def test_a_scenario_rule_binds_the_cargo_it_names_and_no_other(tmp_path):
    path = tmp_path / "rule.toml"
    path.write_text(RULE, encoding="utf-8")
    assert len(load_scenario(str(path)).rules) == 1
    base = tmp_path / "base.toml"
    base.write_text(RULE.split("[[rule]]")[0].replace("no-armenia-for-iran", "plain"), encoding="utf-8")
    assert "AM" in _countries(base, "Tehran", "Chornomorsk")  # without the rule the fastest route crosses Armenia
    assert "AM" not in _countries(path, "Tehran", "Chornomorsk")
    assert "AM" in _countries(path, "Chornomorsk", "Tehran")  # Ukrainian cargo is not bound


def test_a_bad_rule_in_a_scenario_names_the_file_and_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(RULE.replace('kind = "no_transit"', 'kind = "no_parking"'), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.toml.*kind.*no_parking"):
        load_scenario(str(path))


def test_an_unknown_base_names_the_scenario_file(tmp_path):
    path = tmp_path / "orphan.toml"
    path.write_text('name = "orphan"\nbase = "embedd"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"orphan\.toml.*embedd"):
        load_scenario(str(path))
