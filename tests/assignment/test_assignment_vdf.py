"""Volume-delay functions and the exact line search against analytic and numerical oracles."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import minimize_scalar

from dalan.assignment import BPR, Conical
from dalan.assignment.line_search import exact_step
from dalan.errors import InputError

T0 = np.array([1.0, 2.5, 4.0, 0.7])
CAPACITY = np.array([100.0, 50.0, 1000.0, 10.0])


def functions():
    return [
        BPR(T0, CAPACITY, np.array([0.15, 0.5, 1.0, 0.0]), np.array([4.0, 1.0, 2.5, 0.0])),
        Conical(T0, CAPACITY, np.array([4.0, 1.5, 10.0, 2.0])),
    ]


@pytest.mark.parametrize("vdf", functions(), ids=["bpr", "conical"])
def test_derivative_and_integral_match_numerical_ones(vdf):
    flow = np.array([37.0, 80.0, 250.0, 13.0])
    step = 1e-4 * CAPACITY
    numeric = (vdf.time(flow + step) - vdf.time(flow - step)) / (2 * step)
    np.testing.assert_allclose(vdf.derivative(flow), numeric, rtol=1e-6, atol=1e-12)
    for a in range(flow.size):
        def time_of_link(v, a=a):
            at = np.array(flow, dtype=float)
            at[a] = v
            return vdf.time(at)[a]

        expected, _ = quad(time_of_link, 0.0, flow[a], epsabs=1e-12, epsrel=1e-12)
        assert vdf.integral(flow)[a] == pytest.approx(expected, rel=1e-10)


def test_bpr_formula():
    bpr = BPR(np.array([10.0]), np.array([200.0]), np.array([0.15]), np.array([4.0]))
    assert bpr.time(np.array([400.0]))[0] == pytest.approx(10.0 * (1 + 0.15 * 16))
    assert bpr.time(np.array([0.0]))[0] == 10.0


def test_conical_is_free_flow_at_zero_and_doubles_at_capacity():
    conical = Conical(T0, CAPACITY, np.array([4.0, 1.5, 10.0, 2.0]))
    np.testing.assert_allclose(conical.time(np.zeros(4)), T0, rtol=1e-12)
    np.testing.assert_allclose(conical.time(CAPACITY), 2 * T0, rtol=1e-12)


def test_conical_rejects_steepness_at_most_one():
    with pytest.raises(InputError, match="must exceed 1"):
        Conical(T0, CAPACITY, np.array([4.0, 1.0, 2.0, 2.0]))


@pytest.mark.parametrize("vdf", functions(), ids=["bpr", "conical"])
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("linear", [0.0, 40.0])
def test_exact_step_minimises_the_objective_along_the_direction(vdf, seed, linear):
    rng = np.random.default_rng(seed)
    flow = rng.uniform(0, 2, 4) * CAPACITY
    target = rng.uniform(0, 2, 4) * CAPACITY
    direction = target - flow

    def objective(tau):
        return vdf.integral(flow + tau * direction).sum() + linear * tau

    step = exact_step(vdf, flow, direction, linear)
    best = minimize_scalar(objective, bounds=(0.0, 1.0), method="bounded", options={"xatol": 1e-12})
    assert objective(step) <= best.fun + 1e-9 * abs(best.fun)
    assert 0.0 <= step <= 1.0


def test_exact_step_bounds():
    vdf = functions()[0]
    flow = np.full(4, 10.0)
    assert exact_step(vdf, flow, np.zeros(4)) == 0.0  # no direction, no move
    assert exact_step(vdf, flow, np.full(4, 5.0)) == 0.0  # uphill
    assert exact_step(vdf, flow, np.full(4, -1.0), linear=0.0) == 1.0  # downhill all the way to tau = 1
