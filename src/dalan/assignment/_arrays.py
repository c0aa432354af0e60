"""Dot products without BLAS.

numpy's ``@``/``dot`` call the (multi-threaded) BLAS, whose spinning thread pool competes with
numba's parallel kernels for the cores between iterations; on a 2-core machine that made runs up
to ten times slower. ``einsum`` without ``optimize`` uses numpy's own loops.
"""

from __future__ import annotations

import numpy as np


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product of two vectors."""
    return float(np.einsum("i,i->", a, b))


def pce_total(pce: np.ndarray, flows: np.ndarray) -> np.ndarray:
    """Sum of class flows ``(classes, links)`` weighted by ``pce``: the congestion flow."""
    return np.einsum("c,cl->l", pce, flows)
