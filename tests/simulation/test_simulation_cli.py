"""``dalan simulate`` end to end on the embedded corridor: JSON, report, errors."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from dalan.cli.simulate_cmd import simulate_command

app = typer.Typer()
app.command()(simulate_command)
FAST = ["--days", "6", "--warmup-days", "2", "--replications", "2", "--workers", "1"]


def test_json_and_persian_report(tmp_path):
    report = tmp_path / "sim.html"
    result = CliRunner().invoke(app, ["baseline", *FAST, "--json", "--report", str(report), "--lang", "fa"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["replications"] == 2 and data["days"] == 6
    assert {"origin", "destination", "transit_mean_h", "transit_mean_h_lo"} <= set(data["flows"][0])
    assert data["places"] and data["links"]
    html = report.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "<svg" in html and "شبیه‌سازی" in html
    assert "<script src=" not in html  # offline: everything inline


def test_bad_demand_is_one_red_line_and_exit_2(tmp_path):
    demand = tmp_path / "bad.csv"
    demand.write_text("origin,destination,class,quantity_per_year\nMoskow,Tehran,container,5\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["baseline", *FAST, "--demand", str(demand)])
    assert result.exit_code == 2
    assert "line 2" in result.output and "unknown place" in result.output and "Traceback" not in result.output
