"""How far published figures that ask the same question agree with each other.

Two rows ask the same question when their queries are the same: metric, places, via, modes, avoided
countries, cargo, quantity and unit, scope, scenario, place, year, the month they are of
(:attr:`QueryRow.quoted_month`) and, for a border, the heading they were measured in. Each figure of
such a group is set against the median of the others — as a model's one answer to the question
would be — with the back-test's error (:func:`~dalan.validation.bands.relative_error`, zero
inside the figure's published range) and band. The share of figures within the band bounds what
any single answer can reach on those questions: the sources' own disagreement, not the model's.
Differences (DELTA rows) are left out.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from dalan.validation.bands import band_for, in_band, relative_error
from dalan.validation.queries import QueryRow


@dataclass(frozen=True)
class Agreement:
    """Figures in groups of two or more asking the same question, how many questions, and how many
    figures lie within the band of the median of the others."""

    figures: int = 0
    questions: int = 0
    in_band: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"figures": self.figures, "questions": self.questions, "in_band": self.in_band}


def same_question(row: QueryRow) -> tuple[Hashable, ...]:
    """What a figure answers: its query, year and month, and the heading of a border figure."""
    return (
        row.metric, row.origin.casefold(), row.destination.casefold(), tuple(v.casefold() for v in row.via),
        row.leg_modes, row.modes, tuple(sorted(row.avoid)), row.cargo, row.quantity, row.unit.casefold(),
        row.scope, row.scenario, row.place.casefold(), row.year, row.quoted_month, row.heading,
    )  # fmt: skip


def agreement(rows: Sequence[QueryRow], time_band: float, price_band: float) -> Agreement:
    """Each figure of a question asked by two or more rows against the median of the others."""
    groups: dict[tuple[Hashable, ...], list[QueryRow]] = defaultdict(list)
    for row in rows:
        if not row.is_delta:
            groups[same_question(row)].append(row)
    asked = [group for group in groups.values() if len(group) > 1]
    agreeing = 0
    for group in asked:
        for k, row in enumerate(group):
            others = statistics.median(other.value for j, other in enumerate(group) if j != k)
            error = relative_error(others, row.value, row.value_low, row.value_high)
            agreeing += in_band(error, band_for(row.metric, time_band, price_band))
    return Agreement(sum(len(group) for group in asked), len(asked), agreeing)


__all__ = ["Agreement", "agreement", "same_question"]
