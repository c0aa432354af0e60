"""The stress matrix as short texts in English or Persian: row and column labels, cell texts and
hover tips, shared by the terminal table and the HTML report."""

from __future__ import annotations

import math
from typing import Protocol

from dalan.reports.i18n import (
    MISSING,
    corridor_label,
    format_number,
    t,
    to_persian_digits,
)
from dalan.reports.itinerary_text import (
    ARROWS,
    isolate,
    route_summary,
    route_title,
    totals_line,
)
from dalan.scenarios.stress import ScenarioInfo, StressCell, StressMatrix

#: metric → (StressCell attribute, decimals, unit key)
METRICS: dict[str, tuple[str, int, str]] = {
    "days": ("extra_days", 1, "days_short"),
    "usd": ("extra_usd", 0, "usd"),
    "t_co2e": ("extra_t_co2e", 2, "t_co2e"),
}


class CellFigures(Protocol):
    """What a cell's text needs: a :class:`StressCell`, or a cell read back from its ``to_dict``."""

    @property
    def outcome(self) -> str: ...
    @property
    def takes_over(self) -> str: ...
    @property
    def extra_days(self) -> float: ...
    @property
    def extra_usd(self) -> float: ...
    @property
    def extra_t_co2e(self) -> float: ...


#: A cell whose route and figure did not change ("=", not a dot: «۰» is the Persian zero).
UNCHANGED = "="


def signed(x: float, lang: str, decimals: int) -> str:
    """``+3.2`` / ``-1.0`` / ``0.0`` in ``lang``'s digits (a plus sign where it is above zero; in
    Persian led by a left-to-right mark, as the minus sign is, so it stays before the digits)."""
    text = format_number(x, lang, decimals)
    plus = "\u200e+" if lang == "fa" else "+"
    return plus + text if round(x, decimals) > 0 else text


def pair_label(matrix: StressMatrix, origin: str, destination: str, lang: str, *, bidi: bool = True) -> str:
    """'Warsaw → Tehran' («ورشو ← تهران») from the baseline network's place names; ``bidi``
    isolates each name in Persian (for a browser; a terminal shows the marks as they are)."""
    name = lambda pid: matrix.network.place(pid).display_name(lang) if matrix.network.has_place(pid) else pid
    if bidi:
        return route_title(name(origin), name(destination), lang)
    return name(origin) + ARROWS[lang] + name(destination)


def scenario_label(k: int, info: ScenarioInfo, lang: str) -> str:
    """A column heading: the scenario's name in English, its number in Persian (the key table
    beside the matrix gives the Persian title)."""
    return info.name if lang == "en" else to_persian_digits(str(k + 1))


def cell_value(cell: CellFigures, metric: str) -> float | None:
    """The extra ``metric`` of a cell, or None where there is nothing to compare."""
    value = getattr(cell, METRICS[metric][0])
    return None if math.isnan(value) else float(value)


def cell_text(cell: CellFigures, metric: str, lang: str, *, unit: bool = True, bidi: bool = True) -> str:
    """'+3.2 d' (with '→ MC' when another corridor takes over), '✗ no route', '✓ new route', '='
    (same route, same figure) or '–' (no route either way)."""
    outcome = cell.outcome
    if outcome == "no_route":
        return t("no_route_cell", lang)
    if outcome == "new_route":
        return t("new_route_cell", lang)
    value = cell_value(cell, metric)
    if value is None:
        return MISSING
    _, decimals, unit_key = METRICS[metric]
    if outcome == "same" and round(value, decimals) == 0:
        return UNCHANGED
    text = signed(value, lang, decimals) + (f" {t(unit_key, lang)}" if unit else "")
    if cell.takes_over:
        text = (isolate(text, lang) if bidi else text) + ARROWS[lang] + corridor_label(cell.takes_over, lang)
    return text


def cell_tip(cell: StressCell, matrix: StressMatrix, lang: str) -> str:
    """The hover text of a cell: the route before and after (corridor, countries, modes, totals),
    or the reason there is none."""
    lines = []
    title = next((i.title(lang) for i in matrix.scenarios if i.name == cell.scenario), cell.scenario)
    for label, best in ((t("baseline", lang), cell.base), (title, cell.stressed)):
        if best.route is not None:
            known = all(matrix.network.has_place(p) for p in best.route.place_sequence)
            summary = f" · {route_summary(best.route, matrix.network, lang)}" if known else ""
            lines.append(f"{label}: {corridor_label(best.corridor, lang)}{summary}\n  {totals_line(best.route, lang)}")
        else:
            lines.append(f"{label}: {t('no_route_cell', lang)} ({best.why(lang)})")
    if cell.outcome == "same":
        lines.append(t("same_route", lang))
    return "\n".join(lines)
