"""Comparing two K-best answers that may break ties in cost differently (importable from any test folder)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np


def assert_same_routes(
    weights: np.ndarray, got: Sequence[Sequence[int]], expected: Sequence[Sequence[int]], identity: Callable[[Sequence[int]], Hashable]
) -> None:
    """The same costs in order, and at every cost but the last the same routes (by ``identity``):
    routes that tie with the last one kept may be cut off differently."""
    costs = lambda paths: [round(float(weights[list(p)].sum()), 6) for p in paths]
    got_costs, expected_costs = costs(got), costs(expected)
    assert np.allclose(got_costs, expected_costs, rtol=1e-9, atol=1e-6)
    if not got:
        return
    below = lambda cs, paths: sorted((c, identity(p)) for c, p in zip(cs, paths, strict=True) if c < max(cs) - 1e-6)
    assert below(got_costs, got) == below(expected_costs, expected)
    assert len(set(map(identity, got))) == len(got)
