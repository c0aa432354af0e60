"""The ``tntp`` command, registered on a throwaway Typer app."""

from __future__ import annotations

import csv

import numpy as np
import pytest
import typer
from assignment_helpers import TNTP_DIR
from typer.testing import CliRunner

from dalan.cli.tntp_cmd import tntp_command

NET = TNTP_DIR / "SiouxFalls" / "SiouxFalls_net.tntp"
TRIPS = TNTP_DIR / "SiouxFalls" / "SiouxFalls_trips.tntp"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("tntp")(tntp_command)
    app.command("other")(lambda: None)  # two commands, so "tntp" is addressed by name as in dalan
    return app


def read_csv(path):
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {key: np.array([float(row[key]) for row in rows]) for key in rows[0]}


def test_runs_sioux_falls_and_writes_full_precision_flows(app, tmp_path, sioux_falls):
    out = tmp_path / "flows.csv"
    result = CliRunner().invoke(app, ["tntp", str(NET), str(TRIPS), "--gap", "1e-6", "--flows-out", str(out)])
    assert result.exit_code == 0, result.output
    assert "relative gap" in result.output and "Beckmann objective" in result.output
    assert "wall time" in result.output
    table = read_csv(out)
    assert list(table) == ["init_node", "term_node", "volume", "cost"]
    assert np.array_equal(table["init_node"], sioux_falls.network.init_node + 1)
    best = sioux_falls.best_flow
    assert np.max(np.abs(table["volume"] - best)) <= 1e-3 * best.max()
    # Full precision: each number survives a round trip and costs follow BPR from the written volumes.
    network = sioux_falls.network
    bpr = network.free_flow_time * (1 + network.alpha * (table["volume"] / network.capacity) ** network.beta)
    np.testing.assert_allclose(table["cost"], bpr, rtol=1e-14)


def test_distance_factor_adds_to_the_link_cost(app, tmp_path, sioux_falls):
    out = tmp_path / "flows.csv"
    args = ["tntp", str(NET), str(TRIPS), "--gap", "1e-3", "--distance-factor", "0.5", "--flows-out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    table = read_csv(out)
    network = sioux_falls.network
    bpr = network.free_flow_time * (1 + network.alpha * (table["volume"] / network.capacity) ** network.beta)
    np.testing.assert_allclose(table["cost"], bpr + 0.5 * network.length, rtol=1e-14)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([str(NET), str(TNTP_DIR / "SiouxFalls" / "SiouxFalls_node.tntp")], "END OF METADATA"),
        ([str(NET), str(TRIPS), "--algorithm", "sgd"], "algorithm"),
        ([str(NET) + ".missing", str(TRIPS)], "cannot be read"),
    ],
)
def test_errors_are_one_red_line_and_exit_code_2(app, args, expected):
    result = CliRunner().invoke(app, ["tntp", *args])
    assert result.exit_code == 2
    assert expected in result.output and "error" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("algorithm", ["b", "auto"])
def test_tight_gap_with_bushes_reports_the_gap_history(app, tmp_path, sioux_falls, algorithm):
    out = tmp_path / "flows.csv"
    args = ["tntp", str(NET), str(TRIPS), "--algorithm", algorithm, "--gap", "1e-10", "--flows-out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "B iterations" in result.output and "(b)" in result.output
    rows = [line.split("│") for line in result.output.splitlines() if "│" in line]
    gaps = [float(cells[1]) for cells in rows if cells[0].strip().isdigit()]
    assert gaps[0] > 1e-3 and gaps[-1] <= 1e-10
    best = sioux_falls.best_flow
    assert np.max(np.abs(read_csv(out)["volume"] - best)) <= 1e-4 * best.max()
