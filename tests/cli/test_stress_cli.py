"""`dalan stress`: the table, JSON, CSV and the report in English and Persian; clean errors."""

from __future__ import annotations

import csv
import json
import re

import pytest
from typer.testing import CliRunner

from dalan.choices import Metric
from dalan.cli.app import app
from dalan.reports.stress_text import METRICS

runner = CliRunner(env={"COLUMNS": "220"})
SCENARIOS = ["-s", "hormuz-closure-2026", "-s", "black-sea-war-risk"]


@pytest.fixture
def od_file(tmp_path):
    path = tmp_path / "od.csv"
    path.write_text("origin,destination\nWarsaw,Bandar Abbas\nKyiv,Tehran\nAZ_BAK,IR_THR\nNhava Sheva,Bandar Abbas\n", encoding="utf-8")  # the last through Hormuz
    return path


def test_metric_choices_match_the_report_metrics():
    assert {m.value for m in Metric} == set(METRICS)


def test_stress_prints_a_matrix_and_writes_report_csv_and_json(tmp_path, od_file):
    report, table, cells = tmp_path / "out" / "stress.html", tmp_path / "stress.csv", tmp_path / "stress.json"
    result = runner.invoke(
        app, ["stress", "--od", str(od_file), *SCENARIOS, "--report", str(report), "--csv", str(table), "--json-out", str(cells)]
    )
    assert result.exit_code == 0, result.output
    assert "Warsaw → Bandar Abbas" in result.output and "hormuz-closure-2026" in result.output
    assert "+100 USD" not in result.output and "4/4" in result.output  # days by default; every pair keeps a route
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert len(rows) == 8 and {r["scenario"] for r in rows} == {"hormuz-closure-2026", "black-sea-war-risk"}
    kyiv = next(r for r in rows if r["origin"] == "UA_KYV" and r["scenario"] == "black-sea-war-risk")
    assert kyiv["survives"] == "True" and float(kyiv["extra_usd"]) >= 0
    data = json.loads(cells.read_text(encoding="utf-8"))
    assert data["as_of"] == "2022-01-01" and len(data["cells"]) == 8
    assert [s["name"] for s in data["scenarios"]] == ["hormuz-closure-2026", "black-sea-war-risk"]
    html = report.read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in html and "dalan-heat" in html and html.count("<table") >= 5
    assert "Extra transit days" in html and "disruptions.md" in html and "Bandar Abbas" in html


def test_stress_in_persian_writes_a_right_to_left_report_with_persian_names_and_digits(tmp_path, od_file):
    report = tmp_path / "stress-fa.html"
    result = runner.invoke(app, ["stress", "--od", str(od_file), *SCENARIOS, "--lang", "fa", "--metric", "usd", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "ورشو" in result.output and "۴/۴" in result.output and "دلار" in result.output
    html = report.read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in html
    assert "روزهای افزوده به زمان حمل" in html and "تهران" in html and "بندر شهید رجایی" in html
    assert "آزمون تنش: ۲ سناریو × ۴ جفت" in html
    heat = html.split('class="dalan-table dalan-heat"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r">([^<]*)</td>", heat)
    assert len(cells) == 8 and any(re.search("[۰-۹]", c) for c in cells)
    assert not any(re.search("[0-9]", c) for c in cells)  # Persian digits only


def test_stress_json_on_stdout(od_file):
    result = runner.invoke(app, ["stress", "--od", str(od_file), "-s", "azerbaijan-iran-border-closed", "--by", "time", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    baku = next(c for c in data["cells"] if c["origin"] == "AZ_BAK")
    assert baku["outcome"] == "rerouted" and baku["extra_days"] > 0 and baku["survives"] is True


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-s", "hormuz-closure"], "did you mean 'hormuz-closure-2026'"),
        (["-s", "no/such/file.toml"], "cannot read scenario"),
        (["-s", "baseline"], "baseline itself"),
        (["--date", "2026-02-30"], "field 'date' = '2026-02-30'"),
    ],
)
def test_bad_options_give_one_clear_error(args, says, od_file):
    result = runner.invoke(app, ["stress", "--od", str(od_file), *args])
    assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output


def test_a_malformed_od_file_names_the_file_line_and_field_and_writes_no_report(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("origin,destination\nWarsaw,Tehran\nWarsw,Tehran\nKyiv,\n", encoding="utf-8")
    report = tmp_path / "stress.html"
    result = runner.invoke(app, ["stress", "--od", str(bad), "--report", str(report)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert str(bad) in result.output.replace("\n", "")
    assert "line 3: field 'origin' = 'Warsw'" in result.output and "PL_WAW" in result.output
    assert "line 4: field 'destination'" in result.output
    assert not report.exists()
