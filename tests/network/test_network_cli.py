"""The ``network`` sub-app mounted on a tiny Typer app, driven by CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dalan.cli.network_cmd import network_app
from dalan.network import load_embedded_network, network_to_geojson, write_geojson

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


@pytest.fixture(scope="module")
def run():
    app = typer.Typer()
    app.add_typer(network_app, name="network")
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["network", *map(str, args)])


def test_info_of_the_embedded_network(run):
    result = run("info")
    assert result.exit_code == 0, result.output
    assert "Links by mode and status" in result.output and "1520" in result.output


def test_info_of_a_file(run, network, tmp_path):
    write_geojson(network, tmp_path / "small.geojson")
    result = run("info", "--file", tmp_path / "small.geojson")
    assert result.exit_code == 0 and "small: 5 places, 5 links" in result.output


def test_validate_a_valid_file(run, network, tmp_path):
    write_geojson(network, tmp_path / "small.json")
    result = run("validate", tmp_path / "small.json")
    assert result.exit_code == 0
    assert "valid: 5 places, 5 links" in result.output


def test_validate_reports_every_problem_and_exits_1(run, network, tmp_path):
    data = network_to_geojson(network)
    for feature in data["features"]:
        props = feature["properties"]
        if props["id"] == "L3":
            props["mode"] = "truck"
        if props["id"] == "L5":
            props["speed_kmh"] = "fast"
        if props["id"] == "IR_G":
            props["rail_border_dwell_h"] = None
    (tmp_path / "bad.geojson").write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", tmp_path / "bad.geojson")
    assert result.exit_code == 1
    for text in (
        "link L3: field 'mode' = 'truck'",
        "(id 'L5'): field 'speed_kmh' = 'fast'",
        "place IR_G",
    ):
        assert text in result.output


def test_validate_a_non_json_file_is_one_line_and_exit_2(run, tmp_path):
    (tmp_path / "notes.geojson").write_text("not json at all", encoding="utf-8")
    result = run("validate", tmp_path / "notes.geojson")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert (
        "notes.geojson is not JSON" in result.output
        and "Traceback" not in result.output
    )


def test_validate_reference_csv_shows_the_problems_the_build_script_fixes(run):
    result = run(
        "validate",
        "--nodes",
        REFERENCE / "corridor_nodes.csv",
        "--links",
        REFERENCE / "corridor_links.csv",
    )
    assert result.exit_code == 1
    assert (
        "link L101: field 'length_km'" in result.output
        and "place KZ_DOS" in result.output
    )


def test_validate_needs_a_file_or_both_tables(run):
    assert run("validate").exit_code == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("Astara",), "IR_AST"), (("بندرعباس", "--lang", "fa"), "IR_BND")],
)
def test_places_search_shows_the_best_match_first(run, args, expected):
    result = run("places", *args)
    assert result.exit_code == 0
    assert re.search(r"[A-Z]{2}_[A-Z]{3}", result.output)[0] == expected


def test_places_lists_all_and_rejects_unknown_language(run):
    result = run("places")
    assert result.exit_code == 0
    assert f"{len(load_embedded_network().places)} place(s)" in result.output
    assert run("places", "--lang", "de").exit_code == 2


def test_missing_file_is_a_red_line_and_exit_2(run, tmp_path):
    result = run("info", "--file", tmp_path / "absent.geojson")
    assert result.exit_code == 2 and "no such file" in result.output
