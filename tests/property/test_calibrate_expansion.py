"""The calibration's expansion of a graph's arrays (:func:`dalan.validation.calibrate.affine_expansion`
with :func:`product_terms`) against functions written down directly: arrays that are affine in
each parameter or its reciprocal plus products of pairs — the form a wagonload's hours take,
``km / (speed × factor)``. The oracle is the function itself, evaluated at random points."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.validation.calibrate import affine_expansion, product_terms

EDGES = 5


@st.composite
def bilinear_functions(draw):
    """(low, high, x0, reciprocal, a, b, c): values(x) = a + Σ_k b_k u_k + Σ_(k<l) c_kl u_k u_l
    over three arrays of EDGES edges, u_k = 1/x_k where reciprocal[k], else x_k; some pairs have
    no product."""
    n = draw(st.integers(2, 5))
    low = np.array(draw(st.lists(st.floats(0.2, 2.0), min_size=n, max_size=n)))
    span = np.array(draw(st.lists(st.floats(0.5, 5.0), min_size=n, max_size=n)))
    high = low + span
    x0 = low + np.array(draw(st.lists(st.floats(0.5, 0.9), min_size=n, max_size=n))) * span
    reciprocal = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = rng.uniform(-10, 10, (3, EDGES))
    b = rng.uniform(-10, 10, (3, EDGES, n))
    pairs = [(k, l) for k in range(n) for l in range(k + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    c = {pair: rng.uniform(-10, 10, (3, EDGES)) * (rng.random((3, EDGES)) < 0.7) for pair in chosen}
    c = {pair: v for pair, v in c.items() if np.any(v != 0.0)}
    return low, high, x0, reciprocal, a, b, c, seed


def _evaluate(x, reciprocal, a, b, c):
    u = np.where(reciprocal, 1.0 / x, x)
    out = a + b @ u
    for (k, l), coefficient in c.items():
        out = out + coefficient * u[k] * u[l]
    return out


def _expand(low, high, x0, values_at):
    """Each parameter's effect alone, as the evaluator measures it (:func:`affine_expansion`)."""
    return affine_expansion(values_at, values_at(x0), x0, low, high, np.ones(EDGES), [f"p{k}" for k in range(len(x0))])


@settings(max_examples=150, deadline=None)
@given(bilinear_functions())
def test_product_terms_reproduce_a_bilinear_function_everywhere(function):
    low, high, x0, reciprocal, a, b, c, seed = function

    def values_at(x):
        return _evaluate(x, reciprocal, a, b, c)

    found = _expand(low, high, x0, values_at)
    assert np.array_equal(found.reciprocal, reciprocal)  # each parameter's form, told from two moves
    found.cross = product_terms(values_at, found, low, high, np.arange(len(x0)))
    assert set(found.cross) == set(c)
    for pair, coefficient in c.items():
        np.testing.assert_allclose(found.cross[pair], coefficient, rtol=1e-6, atol=1e-6)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        x = rng.uniform(low, high)
        np.testing.assert_allclose(found.arrays(x), values_at(x), rtol=1e-6, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(bilinear_functions())
def test_without_product_terms_an_interacting_function_is_missed(function):
    """The check that sends a graph to the product terms: with a product present, the affine
    expansion alone misses the function somewhere inside the bounds (at a corner, where every
    parameter moved)."""
    low, high, x0, reciprocal, a, b, c, _ = function

    def values_at(x):
        return _evaluate(x, reciprocal, a, b, c)

    found = _expand(low, high, x0, values_at)
    corner = high.copy()
    assert np.allclose(found.arrays(corner), values_at(corner), rtol=1e-9, atol=1e-7) == (not c)


@settings(max_examples=100, deadline=None)
@given(bilinear_functions(), st.data())
def test_known_forms_and_pairs_give_the_same_expansion_with_fewer_calls(function, data):
    """Given each parameter's form (some not known) and the pairs that multiply, as a graph
    expanded earlier tells them, the expansion moves a parameter of known form once (not twice)
    and tries only those pairs, and is the same expansion."""
    low, high, x0, reciprocal, a, b, c, _ = function
    calls = 0

    def values_at(x):
        nonlocal calls
        calls += 1
        return _evaluate(x, reciprocal, a, b, c)

    full = _expand(low, high, x0, values_at)
    full.cross = product_terms(values_at, full, low, high, np.arange(len(x0)))
    known = data.draw(st.lists(st.booleans(), min_size=len(x0), max_size=len(x0)))
    forms = [bool(r) if k else None for r, k in zip(reciprocal, known, strict=True)]
    calls = 0
    hinted = affine_expansion(values_at, values_at(x0), x0, low, high, np.ones(EDGES), [f"p{k}" for k in range(len(x0))], forms)
    assert calls == 1 + len(x0) + sum(f is None for f in forms)
    np.testing.assert_array_equal(hinted.reciprocal, reciprocal)
    np.testing.assert_allclose(hinted.slopes, full.slopes, rtol=1e-9, atol=1e-9)
    calls = 0
    hinted.cross = product_terms(values_at, hinted, low, high, np.arange(len(x0)), sorted(c))
    assert calls == len(c) and set(hinted.cross) == set(full.cross)
    for pair, coefficient in full.cross.items():
        np.testing.assert_allclose(hinted.cross[pair], coefficient, rtol=1e-6, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(bilinear_functions(), st.data())
def test_a_wrong_form_given_misses_the_function(function, data):
    """The random check the evaluator makes after a hinted expansion: a parameter given the wrong
    form (and moving something) leaves the expansion off the function where that parameter alone
    moved to the far end of its range."""
    low, high, x0, reciprocal, a, b, _, _ = function
    k = data.draw(st.integers(0, len(x0) - 1))

    def values_at(x):
        return _evaluate(x, reciprocal, a, b, {})

    forms = [bool(r) for r in reciprocal]
    forms[k] = not forms[k]
    hinted = affine_expansion(values_at, values_at(x0), x0, low, high, np.ones(EDGES), [f"p{k}" for k in range(len(x0))], forms)
    far = x0.copy()
    far[k] = high[k]
    assert not np.allclose(hinted.arrays(far), values_at(far), rtol=1e-9, atol=1e-7)
