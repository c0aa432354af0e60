"""``random_folds`` (``dalan calibrate --cv-folds rows``): every row in one fold, folds of even size,
each corridor spread over as many folds as it has rows (up to all of them), the same split twice."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from dalan.validation.calibrate import random_folds


def _plans(sizes: list[int]) -> list[SimpleNamespace]:
    """Stand-ins for row plans (the split reads a plan's corridor and row id only)."""
    return [
        SimpleNamespace(corridor=f"C{c}", row=SimpleNamespace(id=f"R{c}-{i}"))
        for c, n in enumerate(sizes)
        for i in range(n)
    ]


@given(st.lists(st.integers(1, 25), min_size=1, max_size=8), st.integers(2, 12), st.integers(0, 10_000))
def test_random_folds_deal_each_corridor_over_even_folds(sizes, k, seed):
    plans = _plans(sizes)
    split = random_folds(plans, k, seed)  # type: ignore[arg-type]
    assert set(split) == {p.row.id for p in plans}
    counts = Counter(split.values())
    assert set(counts) <= {str(f) for f in range(1, k + 1)}
    assert max(counts.values()) - min(counts.values()) <= 1 or len(counts) < k
    for c, n in enumerate(sizes):
        folds = {split[p.row.id] for p in plans if p.corridor == f"C{c}"}
        assert len(folds) == min(n, k)
    assert random_folds(list(reversed(plans)), k, seed) == split  # the order of the plans does not matter
