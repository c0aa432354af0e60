"""Conjugate and bi-conjugate targets satisfy the conjugacy conditions that define them."""

from __future__ import annotations

import numpy as np

from dalan.assignment.directions import BiconjugateRule, ConjugateRule, TargetRule

PCE = np.array([1.0])


def random_state(seed: int, links: int = 12):
    rng = np.random.default_rng(seed)
    hessian = rng.uniform(0.1, 3.0, links)
    x, y, s1 = (rng.uniform(0, 100, (1, links)) for _ in range(3))
    return rng, hessian, x, y, s1


def h_dot(hessian, u, v):
    return float(np.sum(hessian * u[0] * v[0]))


def test_frank_wolfe_targets_the_all_or_nothing_flows():
    _, hessian, x, y, _ = random_state(0)
    assert TargetRule().target(x, y, PCE, hessian) is y


def test_conjugate_target_is_conjugate_to_the_previous_direction():
    checked = 0
    for seed in range(40):
        _, hessian, x, y, s1 = random_state(seed)
        if h_dot(hessian, s1 - x, y - x) > 0:  # the mix lies in (0, 1) only when this product is negative
            y = 2 * x - y
        rule = ConjugateRule()
        rule.record(s1, 0.3)
        target = rule.target(x, y, PCE, hessian)
        mix = (target - y)[0] @ (s1 - y)[0] / ((s1 - y)[0] @ (s1 - y)[0])  # target = mix*s1 + (1-mix)*y
        if 0.0 < mix < 1.0 - 1e-6:
            assert abs(h_dot(hessian, target - x, s1 - x)) <= 1e-9 * h_dot(hessian, s1 - x, s1 - x)
            checked += 1
    assert checked >= 5


def test_biconjugate_target_is_conjugate_to_both_previous_directions():
    """With previous directions conjugate to each other (as BFW keeps them), the new one is
    conjugate to both: to ``s1 - x`` and to ``tau * s1 + (1 - tau) * s2 - x``."""
    checked = 0
    for seed in range(60):
        rng, hessian, x, y, s1 = random_state(seed)
        tau = float(rng.uniform(0.05, 0.9))
        p = s1 - x
        q0 = rng.uniform(-50, 50, x.shape)
        k = (-tau / (1 - tau) * h_dot(hessian, p, p) - h_dot(hessian, p, q0)) / h_dot(hessian, p, p)
        s2 = x + q0 + k * p
        rule = BiconjugateRule()
        rule.record(s2, 0.5)
        rule.record(s1, tau)
        target = rule.target(x, y, PCE, hessian)
        # Recover the weights from target = b0 y + b1 s1 + b2 s2 (b0 + b1 + b2 = 1).
        basis = np.stack([y[0] - s2[0], s1[0] - s2[0]], axis=1)
        (b0, b1), *_ = np.linalg.lstsq(basis, target[0] - s2[0], rcond=None)
        if min(b0, b1, 1 - b0 - b1) <= 1e-9:
            continue  # a weight was clipped at zero: conjugacy is given up on purpose
        d = target - x
        older = tau * s1 + (1 - tau) * s2 - x
        assert abs(h_dot(hessian, d, p)) <= 1e-8 * np.sqrt(h_dot(hessian, d, d) * h_dot(hessian, p, p))
        assert abs(h_dot(hessian, d, older)) <= 1e-8 * np.sqrt(h_dot(hessian, d, d) * h_dot(hessian, older, older))
        checked += 1
    assert checked >= 5
