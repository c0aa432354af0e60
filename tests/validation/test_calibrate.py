"""``dalan calibrate``: the fit, its fixed-route evaluation, the cross-validation, the writer, the CLI.

Oracles: the fixed-route evaluation against a full back-test (a second way to compute the same
figures); the fitted values against their bounds; the objective before and after the fit; the
written file read back by the costing loader.
"""

from __future__ import annotations

import json
import math
import statistics
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.costing import load_costing
from dalan.costing.operations import load_operations
from dalan.reports.calibration_page import calibration_html
from dalan.validation import read_queries, run_backtest
from dalan.validation.backtest import OK, spread_measure
from dalan.validation.calibrate import (
    Evaluator,
    Objective,
    Scenarios,
    calibrate,
    fit_parameters,
    fitted_costing_text,
    log_error,
    plan_rows,
    random_folds,
    sourced_values,
    summarize,
    write_fitted_costing,
)
from dalan.validation.calibrate import _same_figures as same_figures
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


@pytest.fixture(scope="module")
def rows():
    return read_queries()


@pytest.fixture(scope="module")
def sourced_costing():
    costing = load_costing()
    return costing.with_parameters({n: v for n, v in sourced_values().items() if costing.parameters[n].free})


@pytest.fixture(scope="module")
def scenarios():
    return Scenarios()


@pytest.fixture(scope="module")
def evaluator(sourced_costing, scenarios):
    """An evaluator at the sourced values, its graphs expanded once for the module's tests."""
    return Evaluator(sourced_costing, [p.name for p in sourced_costing.free_parameters()], scenarios)


CHECK = Path(__file__).parents[2] / "reference" / "check" / "queries.csv"


@pytest.fixture(scope="module")
def calibration(rows):
    """One real calibration of the shipped file: the in-sample fit and every CV fold, the folds in
    two worker processes beside the fit, and the check set run with the fitted costing (as
    ``dalan calibrate --check reference/check/queries.csv``: the shipped spreads read both)."""
    return calibrate(rows, source="shipped", jobs=2, check=read_queries(CHECK), check_source=str(CHECK))


def _model_values(backtest):
    return {r.row.id: r.model_value for r in backtest.results if r.status == OK}


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


@pytest.mark.parametrize("seed", [0, 1])
def test_fixed_route_evaluation_equals_a_full_backtest(rows, sourced_costing, scenarios, evaluator, seed):
    """At the sourced values and at a random point inside the bounds: the figures rebuilt from the
    fixed edges (linearised and fully recompiled) equal a back-test routed with that costing."""
    names = list(evaluator.names)
    compiled = Evaluator(sourced_costing, names, scenarios, mode="compile")
    rng = np.random.default_rng(seed)
    x = np.array([sourced_costing.parameters[n].value for n in names])
    if seed:
        x = np.exp(rng.uniform(np.log(np.maximum(evaluator.low, 1e-3)), np.log(evaluator.high)))
    costing = evaluator.costing_at(x)
    plans, left_out = plan_rows(rows, costing, scenarios)
    backtest = run_backtest(
        rows,
        network=scenarios.network("baseline"),
        costing=costing,
        scenario_loader=scenarios.loader(costing),
    )
    expected = _model_values(backtest)
    assert {p.row.id for p in plans} == set(expected)
    assert {r.row.id for r in left_out if r.status != "not_mappable"} == {r.row.id for r in backtest.with_status("not_runnable")}
    for values in (evaluator.values(plans, x), compiled.values(plans, x)):
        for plan, value in zip(plans, values, strict=True):
            assert value == pytest.approx(expected[plan.row.id], rel=1e-9, abs=1e-9), plan.row.id
    # every graph expanded (the trucks' and bulk's too, with the wagonload's product terms): no
    # evaluation recompiles
    expansions = evaluator.expansions()
    assert expansions and all(lin is not None for lin in expansions.values())
    assert any(lin.cross for lin in expansions.values() if lin is not None)


@pytest.mark.parametrize("cargo", ["vehicle", "truck"])
def test_an_expansion_with_product_terms_equals_a_full_compile_on_every_edge(evaluator, cargo):
    """The cars' and trucks' graphs carry wagonload (bulk's run as whole trains in the calibration,
    ``backtest.row_costing``), whose hours are km / (speed × factor): their
    expansion (with the product terms) equals a full compile on every edge at three random points
    inside the bounds, and the product terms pair rail_wagonload_factor with block-train speeds."""
    key = ("baseline", cargo, (2021, None))
    lin = evaluator._linearise(key)
    assert lin is not None and lin.cross
    names = evaluator.names
    assert all("rail_wagonload_factor" in (names[k], names[l]) for k, l in lin.cross)
    assert {names[k] if names[l] == "rail_wagonload_factor" else names[l] for k, l in lin.cross} >= {
        "rail_speed_km_per_day.CIS", "rail_speed_km_per_day.EU", "rail_speed_km_per_day.CN",
    }  # fmt: skip
    _equals_full_compiles(evaluator, key, lin, 11)


def _equals_full_compiles(evaluator, key, lin, seed):
    rng = np.random.default_rng(seed)
    for _ in range(3):
        x = np.exp(rng.uniform(np.log(np.maximum(evaluator.low, 1e-3)), np.log(evaluator.high)))
        full = evaluator._compile(key, evaluator.costing_at(x))
        np.testing.assert_allclose(lin.arrays(np.clip(x, evaluator.low, evaluator.high)), np.stack([full.time_h, full.cost_usd, full.queue_h, full.drive_h]), rtol=1e-9, atol=1e-7)


def test_a_later_graph_moves_each_parameter_once(sourced_costing, scenarios):
    """Once one graph is expanded, each parameter's form and the pairs that multiply are known:
    the next graph moves each parameter once (not twice) and tries only the known pairs, and still
    equals a full compile on every edge. A wrong form learnt is caught by the random check and
    the graph expanded again, each parameter moved twice."""
    evaluator = Evaluator(sourced_costing, [p.name for p in sourced_costing.free_parameters()], scenarios)
    n = len(evaluator.names)
    first, later = ("baseline", "truck", (2021, None)), ("baseline", "vehicle", (2021, None))
    lin = evaluator._linearise(first)
    assert lin is not None and lin.cross and evaluator.compiles > 2 * n
    before, unknown, pairs = evaluator.compiles, sum(f is None for f in evaluator._forms), len(evaluator._pairs)
    assert 0 < unknown < n and pairs  # the parameters that move no truck edge: their forms are not known yet
    lin = evaluator._linearise(later)
    assert lin is not None and lin.cross
    # g0, one move per parameter (two where the form is not known), two random checks, the known pairs
    assert evaluator.compiles - before == 1 + n + unknown + 2 + pairs < 2 * n
    _equals_full_compiles(evaluator, later, lin, 11)
    wrong = Evaluator(sourced_costing, list(evaluator.names), scenarios)
    speed = wrong.names.index("rail_speed_km_per_day.CN")
    wrong._forms = list(evaluator._forms)
    assert wrong._forms[speed] is True  # hours = km / speed: affine in the reciprocal
    wrong._forms[speed] = False
    lin = wrong._linearise(later)
    assert lin is not None and wrong.compiles > 2 * n and bool(lin.reciprocal[speed])
    _equals_full_compiles(wrong, later, lin, 12)


def test_adopted_expansions_are_checked_against_a_compile(evaluator, sourced_costing, scenarios):
    """A fold's worker starts from the parent's expansions: one that matches its own compile at
    the starting values is kept (one compile, no expansion); one that does not is left out."""
    truck, bulk = ("baseline", "truck", (2021, None)), ("baseline", "bulk", (2021, None))
    good, other = evaluator._linearise(truck), evaluator._linearise(bulk)
    assert good is not None and other is not None
    tampered = replace(other, values0=other.values0 * 1.01)
    worker = Evaluator(sourced_costing, list(evaluator.names), scenarios)
    worker.adopt({truck: good, bulk: tampered})
    adopted = worker.expansions()
    assert adopted[truck] is good and bulk not in adopted and worker.compiles == 2


def test_log_error_is_log_ratio_and_continues_below_half():
    assert log_error(0.0) == 0.0
    assert log_error(1.0) == pytest.approx(math.log(2.0))
    assert log_error(-0.4) == pytest.approx(math.log(0.6))
    assert log_error(-0.5 - 1e-9) == pytest.approx(math.log(0.5), abs=1e-8)
    assert log_error(-2.0) < log_error(-1.0) < log_error(-0.6)


def test_a_fit_improves_the_objective_and_stays_in_bounds(rows, sourced_costing, scenarios, evaluator):
    names = evaluator.names
    plans, _ = plan_rows(rows, sourced_costing, scenarios)
    sourced = np.array([sourced_costing.parameters[n].value for n in names])
    fit = fit_parameters(plans, evaluator, sourced, max_rounds=1)
    assert np.all(fit.values >= evaluator.low - 1e-12) and np.all(fit.values <= evaluator.high + 1e-12)
    objective = Objective(evaluator, plans, sourced)
    # the sourced values are already near (objective 4.62 -> 4.48 in one round): a clear gain all the same
    assert objective.cost(fit.values) < 0.98 * objective.cost(sourced)
    assert fit.cost == pytest.approx(objective.cost(fit.values))


def test_the_outer_loop_ends_on_routes_that_change_no_figure(rows, sourced_costing, scenarios, evaluator):
    """Routes re-planned with the same costing change no figure (the loop ends); routes planned
    with a costing far from it (every railway at its slowest) change figures by more than the tie."""
    names = evaluator.names
    x = np.array([sourced_costing.parameters[n].value for n in names])
    plans, _ = plan_rows(rows, sourced_costing, scenarios)
    again, _ = plan_rows(rows, sourced_costing, scenarios)
    assert same_figures(evaluator, plans, again, x)
    slow = x.copy()
    for k, name in enumerate(names):
        if name.startswith("rail_speed_km_per_day."):
            slow[k] = evaluator.low[k]
    far, _ = plan_rows(rows, evaluator.costing_at(slow), scenarios)
    assert any(a.signature() != b.signature() for a, b in zip(plans, far, strict=True))
    assert not same_figures(evaluator, plans, far, x)


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
    cv_values, sourced_values_ = _model_values(cv), _model_values(calibration.sourced)
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
    assert html.count("<svg") == 3 and "اعتبارسنجی متقابل: خطا به تفکیک کریدور" in html  # both scatters, the CV errors by corridor
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


def test_folds_in_worker_processes_predict_what_one_process_does(rows):
    """The oracle is the one-process run: two folds of the first 40 rows, one short round each."""
    few = rows[:40]
    kwargs = {"source": "few", "max_rounds": 1, "max_nfev": 8}
    probe = calibrate(few, **kwargs, cross_validate=False)
    folds = sorted({r.corridor for r in probe.in_sample.results})[:2]
    one = calibrate(few, **kwargs, folds=folds, jobs=1)
    two = calibrate(few, **kwargs, folds=folds, jobs=2)
    assert one.cross_validated is not None and two.cross_validated is not None
    assert len(one.cross_validated.results) >= 4
    assert _model_values(two.cross_validated) == _model_values(one.cross_validated)
    assert _model_values(two.in_sample) == _model_values(one.in_sample)


def test_cli_bad_observations_file_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["calibrate", "--no-cv", "--observations", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "no such file" in result.output and "Traceback" not in result.output


def test_cli_refuses_zero_jobs():
    result = runner.invoke(app, ["calibrate", "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs" in result.output and "Traceback" not in result.output


def test_random_folds_hold_out_rows_of_corridors_the_fit_has_seen(rows):
    """``--cv-folds rows`` on a small file, two folds predicted: each fold's rows are predicted by a
    fit on the others (so a fold's rows are absent from its training), named by fold number, and the
    rows keep their corridor as the results name it."""
    few = rows[:40]
    kwargs = {"source": "few", "max_rounds": 1, "max_nfev": 8}
    result = calibrate(few, **kwargs, cv_folds="rows", folds=["1", "2"])
    assert result.cv_folds == "rows" and result.to_dict()["cv_folds"] == "rows"
    assert result.cross_validated is not None
    predicted = {r.row.id for r in result.cross_validated.results}
    split = random_folds(plan_rows(few, load_costing(), Scenarios())[0])
    assert predicted == {i for i, f in split.items() if f in ("1", "2")}
    in_sample = {r.row.id: r.corridor for r in result.in_sample.results}
    assert all(r.corridor == in_sample[r.row.id] for r in result.cross_validated.results)
    with pytest.raises(ValueError, match="cv_folds"):
        calibrate(few, **kwargs, cv_folds="months")


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
