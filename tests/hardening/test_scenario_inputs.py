"""Scenario TOML: every numeric edit and costing override is finite and in range; malformed files
raise ScenarioError naming the file and where — never a traceback, never a graph that loops."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.errors import ScenarioError
from dalan.scenarios.registry import apply_spec
from dalan.scenarios.spec import parse_spec

HEAD = 'name = "t"\nbase = "embedded"\n'


def load(text: str):
    return apply_spec(parse_spec(HEAD + text, "t.toml"))


def set_place(values: str) -> str:
    return f'[[edit]]\naction = "set"\nplace = "AZ_AST"\nvalues = {{ {values} }}\n'


def set_link(values: str) -> str:
    return f'[[edit]]\naction = "set"\nlink = "L131"\nvalues = {{ {values} }}\n'


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (set_place("rail_border_dwell_h = -30.0"), "rail_border_dwell_h"),  # looped for ever before
        (set_place("rail_border_dwell_h = nan"), "rail_border_dwell_h"),
        (set_place("road_border_dwell_h = inf"), "road_border_dwell_h"),
        (set_place("border_fee_usd = -1000.0"), "border_fee_usd"),
        (set_place("lat = 1000.0"), "lat"),
        (set_link("length_km = nan"), "length_km"),  # silently avoided before
        (set_link("length_km = -5.0"), "length_km"),
        (set_link("speed_kmh = 0.0"), "speed_kmh"),
        (set_link("transit_time_h = -inf"), "transit_time_h"),
        (set_link("sailings_per_week = -1.0"), "sailings_per_week"),
        (set_link("sailings_per_week = 0.0"), "sailings_per_week"),  # an operational ferry with 0 sailings, routed as twice weekly before
        (set_link('gauges_mm = ["wide"]'), "gauges_mm"),
        (set_link("year = 1e9"), "year"),
    ],
)
def test_bad_edit_values_are_refused_naming_file_edit_and_field(text, field):
    with pytest.raises(ScenarioError) as error:
        load(text)
    message = str(error.value)
    assert "t.toml" in message and "edit 1" in message and f"'{field}'" in message


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("carbon_price_usd_per_t", "-1e6"),
        ("carbon_price_usd_per_t", "nan"),
        ("border_dwell_factor", "0.0"),
        ("border_dwell_factor", "-0.5"),
        ("voyage_border_h", "inf"),
        ("deep_sea_min_speed_kmh", "0"),
        ("border_dwell_factor", '"fast"'),
    ],
)
def test_bad_costing_overrides_are_refused(key, value):
    with pytest.raises(ScenarioError) as error:
        load(f"[costing]\n{key} = {value}\n")
    assert "t.toml" in str(error.value) and key in str(error.value)


def test_added_link_with_nan_length_or_unknown_end_is_refused():
    text = '[[edit]]\naction = "add"\nlink = {{ id = "X1", from = "AZ_AST", to = "{to}", mode = "rail", length_km = {km}, gauges_mm = [1520] }}\n'
    with pytest.raises(ScenarioError, match="length_km"):
        load(text.format(to="IR_AST", km="nan"))
    with pytest.raises(ScenarioError, match="to_id"):
        load(text.format(to="NOWHERE", km="10.0"))


@pytest.mark.parametrize(
    "text",
    [
        'costing = 5\n',
        'od = "pairs"\n',
        '[od]\npairs = [["A"]]\n',
        'edit = 3\n',
        '[[edit]]\naction = "set"\nplace = { id = "AZ_AST" }\nvalues = { notes = "x" }\n',
        '[[edit]]\naction = "set"\nlink = ["L131"]\nvalues = { notes = "x" }\n',
        '[[edit]]\naction = "set"\nlink = { from = 1, to = [2], mode = "rail" }\nvalues = { notes = "x" }\n',
        '[[edit]]\naction = "add"\nplace = "AZ_NEW"\n',
        '[[edit]]\naction = "add"\nlink = { id = "X", from = "AZ_AST", to = "IR_AST", mode = "rail", length_km = 1.0, gauges_mm = 5 }\n',
        '[[edit]]\naction = "set"\nplace = "AZ_AST"\nvalues = { id = "AZ_OTHER" }\n',
        'title_en = ["x"]\n',
    ],
)
def test_malformed_scenarios_raise_scenario_errors(text):
    with pytest.raises(ScenarioError, match="t.toml"):
        load(text)


def test_toml_syntax_error_names_file_and_line():
    with pytest.raises(ScenarioError) as error:
        parse_spec('name = "t"\n\n[costing\n', "broken.toml")
    assert "broken.toml" in str(error.value) and "line 3" in str(error.value)


def test_cli_malformed_scenario_is_one_clear_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(HEAD + "costing = 5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["route", "Baku", "Tbilisi", "--scenario", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output and "bad.toml" in result.output


def test_cli_negative_dwell_scenario_is_refused_quickly(tmp_path):
    """Before: validation passed, then Dijkstra on negative edges returned a predecessor cycle."""
    path = tmp_path / "neg.toml"
    path.write_text(HEAD + set_place("rail_border_dwell_h = -1e6, road_border_dwell_h = -1e6"), encoding="utf-8")
    result = CliRunner().invoke(app, ["route", "Baku", "Tehran", "--scenario", str(path)])
    assert result.exit_code == 2 and "rail_border_dwell_h" in result.output


def test_valid_edits_still_apply():
    scenario = load(set_place("rail_border_dwell_h = 5.0") + set_link('status = "operational", sailings_per_week = 1.0'))
    assert scenario.network.place("AZ_AST").rail_border_dwell_h == 5.0
    assert scenario.network.link("L131").sailings_per_week == 1.0
