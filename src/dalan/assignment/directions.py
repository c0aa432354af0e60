"""Search targets for the Frank–Wolfe family: the iterate moves from ``X`` towards a target ``S``.

- ``fw``: ``S`` is the all-or-nothing solution ``Y`` at the current costs.
- ``cfw`` (conjugate FW) and ``bfw`` (bi-conjugate FW), Mitradjieva, M. and Lindberg, P.O. (2013),
  "The stiff is moving — conjugate direction Frank–Wolfe methods with application to traffic
  assignment", Transportation Science 47(2): ``S`` mixes ``Y`` with the previous one or two
  targets so that ``S - X`` is conjugate to the previous direction(s) with respect to the
  objective's Hessian at ``X``. That Hessian is ``P^T diag(t'(v)) P`` with ``P`` the PCE sum over
  classes, so every product below is taken on congestion (PCE) flows and one set of weights
  applies to all classes.

A rule falls back to FW when its history is not usable (start, a full step, a reset).
"""

from __future__ import annotations

import numpy as np

from dalan.assignment._arrays import dot, pce_total

#: Largest weight on the previous target in the conjugate mix (keeps ``Y`` in play).
_MAX_MIX = 1.0 - 1e-6


class TargetRule:
    """Frank–Wolfe: always aim at the all-or-nothing solution."""

    def target(self, flows: np.ndarray, aon: np.ndarray, pce: np.ndarray, hessian: np.ndarray) -> np.ndarray:
        """Target for ``flows`` given the all-or-nothing flows ``aon`` (both ``(classes, links)``)."""
        return aon

    def record(self, target: np.ndarray, step: float) -> None:
        """Remember the target just used and the step taken towards it."""

    def reset(self) -> None:
        """Forget the history (the next target is plain FW)."""


class ConjugateRule(TargetRule):
    """Conjugate Frank–Wolfe: ``S = a * S_prev + (1 - a) * Y``."""

    def __init__(self) -> None:
        self._previous: np.ndarray | None = None
        self._step = 1.0

    def target(self, flows, aon, pce, hessian):
        if self._previous is None or self._step >= 1.0:
            return aon
        return self._conjugate(flows, aon, pce, hessian)

    def _conjugate(self, flows, aon, pce, hessian):
        x, y, s1 = pce_total(pce, flows), pce_total(pce, aon), pce_total(pce, self._previous)
        weighted = hessian * (s1 - x)
        numerator = dot(weighted, y - x)
        denominator = dot(weighted, y - s1)
        mix = numerator / denominator if denominator != 0.0 else 0.0
        mix = min(max(mix, 0.0), _MAX_MIX)
        return mix * self._previous + (1.0 - mix) * aon

    def record(self, target, step):
        self._previous, self._step = target, step

    def reset(self):
        self._previous, self._step = None, 1.0


class BiconjugateRule(ConjugateRule):
    """Bi-conjugate Frank–Wolfe: ``S = b0 * Y + b1 * S_prev + b2 * S_prev2``."""

    def __init__(self) -> None:
        super().__init__()
        self._previous2: np.ndarray | None = None
        self._step2 = 1.0

    def target(self, flows, aon, pce, hessian):
        if self._previous is None or self._step >= 1.0:
            return aon
        if self._previous2 is None or self._step2 >= 1.0:
            return self._conjugate(flows, aon, pce, hessian)
        x, y = pce_total(pce, flows), pce_total(pce, aon)
        s1, s2 = pce_total(pce, self._previous), pce_total(pce, self._previous2)
        tau = self._step
        older = hessian * (tau * s1 - x + (1.0 - tau) * s2)
        denominator = dot(older, s2 - s1)
        mu = max(-dot(older, y - x) / denominator, 0.0) if denominator != 0.0 else 0.0
        newer = hessian * (s1 - x)
        denominator = dot(newer, s1 - x)
        if denominator == 0.0:
            return aon
        nu = max(mu * tau / (1.0 - tau) - dot(newer, y - x) / denominator, 0.0)
        beta0 = 1.0 / (1.0 + mu + nu)
        return beta0 * aon + nu * beta0 * self._previous + mu * beta0 * self._previous2

    def record(self, target, step):
        self._previous2, self._step2 = self._previous, self._step
        super().record(target, step)

    def reset(self):
        super().reset()
        self._previous2, self._step2 = None, 1.0


RULES: dict[str, type[TargetRule]] = {"fw": TargetRule, "cfw": ConjugateRule, "bfw": BiconjugateRule}
