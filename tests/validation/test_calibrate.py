"""``dalan calibrate`` on the shipped file: the fit, the cross-validation, the spreads, the writer,
the CLI (its machinery: ``test_calibrate_machinery.py``).

Oracles: the fitted values against their bounds; the objective before and after the fit; the
cross-validation's groups recomputed from its rows; the written file read back by the costing
loader; a back-test with the written costing.
"""

from __future__ import annotations

import json
import statistics
import tomllib
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.costing import load_costing
from dalan.costing.operations import load_operations
from dalan.reports.calibration_page import calibration_html
from dalan.validation import read_queries
from dalan.validation.backtest import OK, spread_measure
from dalan.validation.calibrate import (
    calibrate,
    fitted_costing_text,
    summarize,
    write_fitted_costing,
)
from dalan.validation.queries import shipped_queries_text
from dalan.validation.spread import MIN_ROWS as MIN_SPREAD_ROWS
from dalan.validation.spread import spread_operations_text

runner = CliRunner(env={"COLUMNS": "200"})

#: thresholds on the shipped observations, this release's result with room for the solver
#: (docs/validation.md states them; the full run of the sixteenth round gives CV median |error|
#: 9.6 % on time rows (72 % in band), 17.7 % on price rows (73 %: 19 of 26, two rows of room at
#: 65 %) and 12.4 % overall (73 % in band), in-sample 10.1 % (77 %) and, claims apart, 9.4 % (77 %)
#: on the observations, schedules and prices; the price rows' median bound was 22 % until the
#: sixteenth round's border fee per TEU (19.2 % before it; 24.3 % before the eighth round's lanes,
#: 22.0 % before the seventh round's month market). Ten CPMM border
#: rows are look-ups of the measured times by side, direction and year (dalan/data/border_times.csv,
#: the rows' own source; RowResult.measured): without them the goal's rows are 67 % in band
#: cross-validated, as in the fifth round, whose thresholds (CV time >= 60 %, all >= 62 %) these replace
CV_TIME_MEDIAN_MAX = 0.12
CV_TIME_IN_BAND_MIN = 0.68
CV_PRICE_MEDIAN_MAX = 0.20
CV_PRICE_IN_BAND_MIN = 0.65
CV_MEDIAN_MAX = 0.15
CV_IN_BAND_MIN = 0.68
IN_SAMPLE_MEDIAN_MAX = 0.15
IN_SAMPLE_IN_BAND_MIN = 0.72
IN_SAMPLE_OBSERVATIONS_MEDIAN_MAX = 0.15
IN_SAMPLE_OBSERVATIONS_IN_BAND_MIN = 0.70
#: the goal's rows without the measured look-ups, cross-validated (the run gives 14.1 % · 71.0 %,
#: 49 of 69, with the twenty-third round's truck runs: four rows of room at 65 %; 12.7 % · 69.6 % before; the bounds were 17 % and 62 % while it gave 14.9 % · 66.7 %)
CV_COMPUTED_OBSERVATIONS_MEDIAN_MAX = 0.15
CV_COMPUTED_OBSERVATIONS_IN_BAND_MIN = 0.65


CHECK = Path(__file__).parents[2] / "reference" / "check" / "queries.csv"


@pytest.fixture(scope="module")
def calibration(rows):
    """One real calibration of the shipped file: the in-sample fit and every CV fold, the folds in
    two worker processes beside the fit, and the check set run with the fitted costing (as
    ``dalan calibrate --check reference/check/queries.csv``: the shipped spreads read both)."""
    return calibrate(rows, source="shipped", jobs=2, check=read_queries(CHECK), check_source=str(CHECK))


def test_shipped_costing_is_fitted_inside_its_bounds():
    costing = load_costing()
    table = tomllib.loads(resources.files("dalan.data").joinpath("costing.toml").read_text(encoding="utf-8"))["parameters"]
    free = costing.free_parameters()
    assert len(free) >= 20
    for p in free:
        assert p.low <= p.value <= p.high, p
        assert "prior" in table[p.name] and table[p.name]["fitted"].startswith("dalan calibrate"), p.name
        prior = table[p.name]["prior"]
        assert p.low <= prior <= p.high, p.name


def test_calibration_in_sample_and_cv(calibration):
    assert calibration.n_rows == 106 and not calibration.left_out
    assert calibration.cost < calibration.start_cost
    for p in calibration.parameters:
        assert p.low <= p.fitted <= p.high
    # the fit reproduces the shipped costing (which was written by the same command)
    shipped = load_costing()
    for p in calibration.parameters:
        assert p.fitted == pytest.approx(shipped.parameters[p.name].value, rel=2e-3), p.name
    groups = {(g.by, g.key): g for g in summarize(calibration.in_sample.results)}
    assert groups["all", "all"].median_abs_error <= IN_SAMPLE_MEDIAN_MAX
    assert groups["all", "all"].share_in_band >= IN_SAMPLE_IN_BAND_MIN
    # the goal's rows (observations, schedules and prices; claims reported apart)
    assert groups["evidence", "observations"].median_abs_error <= IN_SAMPLE_OBSERVATIONS_MEDIAN_MAX
    assert groups["evidence", "observations"].share_in_band >= IN_SAMPLE_OBSERVATIONS_IN_BAND_MIN
    sourced = {(g.by, g.key): g for g in summarize(calibration.sourced.results)}
    # the fit minimises a robust loss of the log errors, not the median: it lands more rows in band
    # than the sourced values and holds the median (12.33 % against 12.33 % with ten look-ups)
    assert groups["all", "all"].in_band > sourced["all", "all"].in_band
    assert groups["all", "all"].median_abs_error <= sourced["all", "all"].median_abs_error + 0.005
    cv = calibration.cross_validated
    assert cv is not None and {"SEA", "INSTC-E", "MC", "CER"} <= {r.corridor for r in cv.results}
    assert len(cv.results) == 106
    # the Cape factor cannot be learnt without the sea rows: SEA predicted at the sourced factor
    cv_values, sourced_values_ = cv.model_values(), calibration.sourced.model_values()
    assert cv_values["OBS-129"] == pytest.approx(sourced_values_["OBS-129"], rel=1e-6)
    data = calibration.to_dict()
    assert data["rows"] == 106 and len(data["parameters"]) == len(calibration.parameters)
    assert set(calibration.to_frame().columns) >= {
        "name",
        "source_value",
        "fitted",
        "low",
        "high",
        "at_bound",
    }


def test_cross_validation_on_the_shipped_file_meets_the_thresholds(calibration):
    """The full leave-one-corridor-out run (the module's calibration)."""
    assert calibration.cross_validated is not None
    groups = {(g.by, g.key): g for g in summarize(calibration.cross_validated.results)}
    assert groups["family", "time"].median_abs_error <= CV_TIME_MEDIAN_MAX
    assert groups["family", "time"].share_in_band >= CV_TIME_IN_BAND_MIN
    assert groups["all", "all"].median_abs_error <= CV_MEDIAN_MAX
    assert groups["all", "all"].share_in_band >= CV_IN_BAND_MIN
    assert groups["family", "price"].median_abs_error <= CV_PRICE_MEDIAN_MAX
    assert groups["family", "price"].share_in_band >= CV_PRICE_IN_BAND_MIN
    assert groups["all", "all"].n == 106
    # the goal's rows without the measured look-ups (RowResult.measured): the model's predictions
    computed, every = groups["computed_evidence", "observations"], groups["evidence", "observations"]
    assert computed.n == every.n - sum(r.measured for r in calibration.cross_validated.results if r.row.kind != "claim") < every.n
    assert computed.share_in_band >= CV_COMPUTED_OBSERVATIONS_IN_BAND_MIN
    assert computed.median_abs_error <= CV_COMPUTED_OBSERVATIONS_MEDIAN_MAX
    # each group's medians, counted again from its rows: |error| and signed (the bias's direction)
    by_corridor: dict[str, list[float]] = {}
    for r in calibration.cross_validated.results:
        by_corridor.setdefault(r.corridor, []).append(r.error)
    for corridor, errors in by_corridor.items():
        g = groups["corridor", corridor]
        assert g.median_error == pytest.approx(statistics.median(errors))
        assert g.median_abs_error == pytest.approx(statistics.median(abs(e) for e in errors))


def test_the_shipped_spreads_are_the_ones_the_cross_validation_and_the_check_set_read(calibration):
    """operations.toml's [variability] trip_log_sd, sea_trip_log_sd, price_log_sd and
    sea_price_log_sd were set from this run's estimates (each group's published figures as
    predicted out of sample: the cross-validated rows and the check set's), to two decimals."""
    estimates = {(e.measure, e.group): e for e in calibration.spread}
    ops = load_operations()
    assert set(estimates) == {("time", "land"), ("time", "sea"), ("price", "land"), ("price", "sea")}
    spread_rows = lambda results, m: [r for r in results if r.status == OK and spread_measure(r.row) == m and len(r.route) > 1]  # a facility's price has no route
    cv, checked = calibration.cross_validated.results, calibration.check.results
    for measure in ("time", "price"):
        land, sea = estimates[measure, "land"], estimates[measure, "sea"]
        assert land.rows + sea.rows == len(spread_rows(cv, measure)) + len(spread_rows(checked, measure))
        assert land.check_rows + sea.check_rows == len(spread_rows(checked, measure)) > 2 * len(spread_rows(cv, measure))
    assert all(r.sea_share is not None for m in ("time", "price") for r in spread_rows(checked, m))
    for e in calibration.spread:
        assert e.rows >= MIN_SPREAD_ROWS, e
        assert e.log_sd == pytest.approx(getattr(ops, e.parameter), abs=0.006) and e.shipped == getattr(ops, e.parameter), e
    # so --operations-out on the shipped file changes nothing
    shipped_text = resources.files("dalan.data").joinpath("operations.toml").read_text(encoding="utf-8")
    assert spread_operations_text(shipped_text, calibration.spread, "unused") == shipped_text
    # at the shipped values p10–p90 holds about 80 % of the rows the values were read from
    inside, rows = sum(e.inside_shipped for e in calibration.spread), sum(e.rows for e in calibration.spread)
    assert 0.75 <= inside / rows <= 0.85
    html = calibration_html(calibration, "fa")
    assert "پراکندگی زمان و قیمت سفر" in html and "sea_price_log_sd" in html
    assert html.count("<svg") == 5 and "اعتبارسنجی متقابل: خطا به تفکیک کریدور" in html  # both scatters, the CV errors by corridor, the check file's scatter and errors
    assert [(d["measure"], d["group"]) for d in calibration.to_dict()["spread"]] == list(estimates)


def test_out_round_trips_and_keeps_comments(calibration, tmp_path):
    out = tmp_path / "fitted.toml"
    written = write_fitted_costing(calibration, None, out, "calibration_queries.csv")
    for p in calibration.parameters:
        assert written.parameters[p.name].value == pytest.approx(p.fitted, rel=1e-5)
    assert load_costing(out).parameters == written.parameters
    original = resources.files("dalan.data").joinpath("costing.toml").read_text(encoding="utf-8")
    text = out.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in text.splitlines() for line in comments)
    assert len(text.splitlines()) == len(original.splitlines())
    table = tomllib.loads(text)["parameters"]
    for p in calibration.parameters:
        assert table[p.name]["prior"] == pytest.approx(p.source_value, rel=1e-5)
        assert "(106 rows)" in table[p.name]["fitted"]
    # a second write over the written file changes nothing but the values it sets again
    again = fitted_costing_text(
        text,
        calibration.values,
        {p.name: p.source_value for p in calibration.parameters},
        table["border_dwell_factor"]["fitted"],
    )
    assert again == text


def test_cli_no_cv(tmp_path):
    report = tmp_path / "cal.html"
    text, _ = shipped_queries_text()
    lines = text.splitlines()
    few = tmp_path / "few.csv"  # the header and the first 30 rows: the command, not the fit, is tested here
    few.write_text("\n".join(lines[:31]) + "\n", encoding="utf-8")
    args = ["calibrate", "--no-cv", "--observations", str(few), "--report", str(report), "--lang", "fa"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "rail_speed_km_per_day.KZ" in result.output and "نوشته نشد" in result.output
    html = report.read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and html.count("<svg") == 1 and "پارامترهای برازش‌شده" in html
    assert "میانهٔ خطا (+: مدل بیشتر)" in html  # the summaries' signed median, named under each table


def test_cli_plots_in_sample_only_without_cv(tmp_path):
    """``--plots DIR`` writes the in-sample charts as SVG files of their own (no cross-validated
    ones without the cross-validation); one dot per runnable row. ``--csv`` writes the rows."""
    text, _ = shipped_queries_text()
    few = tmp_path / "few.csv"
    few.write_text("\n".join(text.splitlines()[:31]) + "\n", encoding="utf-8")
    csv = tmp_path / "rows.csv"
    args = ["calibrate", "--no-cv", "--observations", str(few), "--plots", str(tmp_path / "plots"), "--csv", str(csv), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    import pandas as pd

    frame = pd.read_csv(csv)  # --csv: every fitted row, its published, sourced and fitted figures
    fitted = {r["id"]: r["model_value"] for r in json.loads(result.stdout)["rows_in_sample"]}
    assert list(frame["id"]) == list(fitted) and frame["cv"].isna().all()
    assert frame["fitted"].tolist() == pytest.approx([fitted[i] for i in frame["id"]], rel=1e-12)
    names = sorted(p.name for p in (tmp_path / "plots").iterdir())
    assert names == ["in_sample_errors_by_corridor.svg", "in_sample_model_vs_published.svg"]
    ok = [r for r in json.loads(result.stdout)["rows_in_sample"] if r["status"] == "ok"]
    root = ElementTree.parse(tmp_path / "plots" / "in_sample_model_vs_published.svg").getroot()
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}title")]
    assert sorted(t.split()[0] for t in titles) == sorted(r["id"] for r in ok)


def test_cli_bad_observations_file_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["calibrate", "--no-cv", "--observations", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "no such file" in result.output and "Traceback" not in result.output


def test_cli_refuses_zero_jobs():
    result = runner.invoke(app, ["calibrate", "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output and "Traceback" not in result.output


def test_cli_cv_folds_rows_names_its_scheme(tmp_path):
    text, _ = shipped_queries_text()
    few = tmp_path / "few.csv"
    few.write_text("\n".join(text.splitlines()[:31]) + "\n", encoding="utf-8")
    report = tmp_path / "cal.html"
    args = ["calibrate", "--observations", str(few), "--cv-folds", "rows", "--jobs", "1", "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Cross-validated (random folds)" in result.output
    html = report.read_text(encoding="utf-8")
    assert "Ten random folds of rows" in html and "Leave one corridor out" not in html
    bad = runner.invoke(app, ["calibrate", "--cv-folds", "months"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_cli_check_runs_the_fitted_costing_on_figures_never_fitted(tmp_path):
    """``--check FILE``: the oracle is ``dalan backtest FILE --costing`` with the costing the same
    run wrote (``--out``): the same figures, row by row; in the tables, the report and the JSON."""
    text, _ = shipped_queries_text()
    few = tmp_path / "few.csv"
    few.write_text("\n".join(text.splitlines()[:31]) + "\n", encoding="utf-8")
    check = Path(__file__).parents[2] / "reference" / "check" / "queries.csv"
    some = tmp_path / "some.csv"
    some.write_bytes(b"\r\n".join(check.read_bytes().split(b"\r\n")[:13]) + b"\r\n")  # the header and 12 rows
    fitted, report = tmp_path / "fitted.toml", tmp_path / "cal.html"
    args = ["calibrate", "--no-cv", "--observations", str(few), "--check", str(some), "--out", str(fitted), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    judged = json.loads(result.stdout)["check"]
    assert judged["source"] == str(some) and len(judged["rows"]) == 12
    backtest = runner.invoke(app, ["backtest", str(some), "--costing", str(fitted), "--json"])
    assert backtest.exit_code == 0, backtest.output
    expected = {r["id"]: r["model_value"] for r in json.loads(backtest.stdout)["rows"]}
    assert {r["id"]: r["model_value"] for r in judged["rows"]} == pytest.approx(expected, rel=1e-5)  # the file's six digits
    plots = tmp_path / "plots"
    tables = runner.invoke(app, ["calibrate", "--no-cv", "--observations", str(few), "--check", str(some), "--report", str(report), "--plots", str(plots)])
    assert tables.exit_code == 0 and "Figures never fitted" in tables.output and "computed figures only" in tables.output
    assert sorted(p.name for p in plots.iterdir()) == [
        "check_errors_by_corridor.svg", "check_model_vs_published.svg", "in_sample_errors_by_corridor.svg", "in_sample_model_vs_published.svg",
    ]  # fmt: skip
    html = report.read_text(encoding="utf-8")
    assert "Figures never fitted" in html and html.count("<svg") == 3  # in sample, the check's plot and its errors
    bad = runner.invoke(app, ["calibrate", "--no-cv", "--observations", str(few), "--check", str(tmp_path / "none.csv")])
    assert bad.exit_code == 2 and "none.csv" in bad.output and "Traceback" not in bad.output
