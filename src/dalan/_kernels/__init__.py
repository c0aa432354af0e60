"""Array-in/array-out hot loops (numba), with no dalan imports, and plain reference versions."""

from dalan._kernels.shortest_path import (
    all_or_nothing,
    default_chunks,
    shortest_path_tree,
)

__all__ = ["all_or_nothing", "default_chunks", "shortest_path_tree"]
