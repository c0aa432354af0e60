"""A route's money by leg and kind of charge, and the time cost that weighs its hours.

Every leg's money falls in one category by what the leg is: a run along links is **freight**; a
transfer, loading or unloading is **handling**; a border stop is **border** (fee and clearance);
a gauge change is **gauge_change**; a wait for a departure is **waiting**. The **time cost** is
not paid: it is the value of time (USD per unit-hour, :attr:`Itinerary.value_of_time_usd_per_h`)
× the leg's hours × the quantity, the term the generalised cost adds for time. The categories of
a leg sum to its money, and the legs to the route's ``cost_usd``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dalan.routing.itinerary import Itinerary, Leg

CATEGORIES: tuple[str, ...] = ("freight", "handling", "border", "gauge_change", "waiting")
CATEGORY_OF_KIND: dict[str, str] = {
    "move": "freight",
    "transfer": "handling",
    "load": "handling",
    "unload": "handling",
    "border": "border",
    "gauge_change": "gauge_change",
    "wait": "waiting",
}


@dataclass(frozen=True)
class LegCost:
    """One leg's money in its category and its time cost (USD, for the whole quantity)."""

    leg: Leg
    category: str
    money_usd: float
    time_cost_usd: float

    def by_category(self) -> dict[str, float]:
        """The leg's money under each category (0 in the others)."""
        return {c: (self.money_usd if c == self.category else 0.0) for c in CATEGORIES}


def cost_breakdown(it: Itinerary) -> list[LegCost]:
    """One :class:`LegCost` per leg of ``it``, in order."""
    vot = it.value_of_time_usd_per_h
    return [LegCost(leg, CATEGORY_OF_KIND[leg.kind], leg.cost_usd, vot * leg.time_h * it.quantity) for leg in it.legs]


def category_totals(costs: list[LegCost]) -> dict[str, float]:
    """Money per category and ``time_cost`` over the legs."""
    totals = dict.fromkeys((*CATEGORIES, "time_cost"), 0.0)
    for cost in costs:
        totals[cost.category] += cost.money_usd
        totals["time_cost"] += cost.time_cost_usd
    return totals


__all__ = ["CATEGORIES", "CATEGORY_OF_KIND", "LegCost", "category_totals", "cost_breakdown"]
