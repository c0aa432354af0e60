"""Static user-equilibrium traffic assignment.

Build an :class:`AssignmentNetwork` (link arrays over 0-based nodes) and a :class:`Demand` (one OD
matrix per user class), then call :func:`assign`; :mod:`dalan.assignment.tntp` reads the standard
TNTP test networks into these. Algorithms: MSA, Frank–Wolfe (``fw``), conjugate FW (``cfw``) and
bi-conjugate FW (``bfw``), all but MSA with an exact line search on the Beckmann objective; Dial's
Algorithm B (``b``, one acyclic bush per class and origin, :mod:`dalan.assignment.bush`), which
reaches tight gaps (1e-10) far faster; ``auto`` picks B, or BFW where B's bushes would not fit in
memory or are large and the target gap loose (:func:`~dalan.assignment.equilibrium.choose_algorithm`).

Convergence is measured by the **true relative gap** of the current flows ``X``:

    gap(X) = (total cost - shortest-path cost) / total cost
    total cost         = sum over classes c and links a of X_ca * cost_ca(X)
    shortest-path cost = sum over classes c and OD pairs of demand_c,od * (least cost_c(X) from o to d)

Both terms use the costs at ``X`` itself and a fresh all-or-nothing loading at those costs, so the
gap reported for an iterate is exactly that iterate's distance from equilibrium (zero at user
equilibrium, positive otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dalan._lazy import lazy_exports

if TYPE_CHECKING:
    from dalan.assignment import tntp
    from dalan.assignment.demand import Demand, TrafficClass
    from dalan.assignment.equilibrium import ALGORITHMS, assign
    from dalan.assignment.network import AssignmentNetwork
    from dalan.assignment.problem import relative_gap
    from dalan.assignment.result import AssignmentResult, IterationRecord
    from dalan.assignment.vdf import BPR, Conical, VolumeDelay

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ALGORITHMS",
    "BPR",
    "AssignmentNetwork",
    "AssignmentResult",
    "Conical",
    "Demand",
    "IterationRecord",
    "TrafficClass",
    "VolumeDelay",
    "assign",
    "relative_gap",
    "tntp",
]
