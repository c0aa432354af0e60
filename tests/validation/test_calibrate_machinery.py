"""``dalan calibrate``'s machinery: the fixed-route evaluation, the graphs' expansions, the fit
and its outer loop, the folds in worker processes and the random folds.

Oracles: the fixed-route evaluation against a full back-test (a second way to compute the same
figures) and against full compiles on every edge; the objective before and after the fit; the
one-process run for the worker processes.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from dalan.costing import load_costing
from dalan.validation import run_backtest
from dalan.validation.calibrate import (
    Evaluator,
    Objective,
    Scenarios,
    calibrate,
    fit_parameters,
    log_error,
    plan_rows,
    random_folds,
    sourced_values,
)
from dalan.validation.calibrate import _same_figures as same_figures


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
    expected = backtest.model_values()
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
    assert two.cross_validated.model_values() == one.cross_validated.model_values()
    assert two.in_sample.model_values() == one.in_sample.model_values()


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
