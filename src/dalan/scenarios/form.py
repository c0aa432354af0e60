"""Form edits: the web page's scenario editor, as scenario ``[[edit]]`` tables.

A form edit names one link or place and what to change: close it (a place: remove it; a link: set
its status to closed, or reopen it), slow a link by a speed factor, or set its extra delay,
surcharge, load share or sailings, or a place's border dwell, fee or gauge-change capacity. It is
validated here (:meth:`FormEdit.build`: the fields each target takes, numbers in any digits,
finite and inside :data:`dalan.network.validation.NUMERIC_RULES` or :data:`SPEED_FACTOR`), then
written as TOML (:func:`edit_toml`) and appended to the scenario's text, so a stored scenario stays
a plain scenario file that the TOML editor and ``dalan scenario show`` read and that is checked
again, like any file, when it is saved.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dalan.costing import Costing
from dalan.errors import InputError, Problem
from dalan.network.model import Link, Network
from dalan.network.validation import NUMERIC_RULES
from dalan.options import latin_number
from dalan.scenarios.edits import Target

#: The numeric fields a form edit may set, per target.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    "link": ("extra_delay_h", "surcharge_usd_per_teu", "load_limit_share", "sailings_per_week"),
    "place": ("rail_border_dwell_h", "road_border_dwell_h", "border_fee_usd", "gauge_change_capacity_wagons_per_day"),
}
#: (low, high) of a link's speed factor: 0.5 runs it at half its speed (a factor on its running
#: time, kept as extra delay); 1 leaves it as it is.
SPEED_FACTOR: tuple[float, float] = (0.05, 1.0)
#: Modes whose links have sailings.
_WATER = ("sea", "ferry")


@dataclass(frozen=True)
class FormEdit:
    """One checked change of one link or place (see the module docstring)."""

    target: Target
    id: str
    close: bool | None = None
    speed_factor: float | None = None
    values: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        target: str,
        element_id: str,
        *,
        close: bool | None = None,
        speed_factor: Any = None,
        values: Mapping[str, Any] | None = None,
        record: str = "scenario edit",
    ) -> FormEdit:
        """A form edit from what the user typed (numbers as text in Persian, Arabic-Indic or
        Latin digits, or as numbers); InputError naming every bad field, its value and a fix."""
        problems: list[Problem] = []
        if target not in FORM_FIELDS:
            raise InputError(Problem.of(record, "target", target, "form_target", "choices", choices="link, place"))
        given = {name: raw for name, raw in (values or {}).items() if raw is not None and raw != ""}
        typed: dict[str, float] = {}
        for name, raw in given.items():
            if name not in FORM_FIELDS[target]:
                problems.append(Problem.of(record, name, raw, "form_field", "choices", choices=", ".join(FORM_FIELDS[target])))
                continue
            low, high, low_open, _unit = NUMERIC_RULES[target][name]
            number = _number(raw, name, record, low, high, low_open, problems)
            if number is not None:
                typed[name] = number
        factor = None
        if speed_factor is not None and speed_factor != "":
            if target != "link":
                problems.append(Problem.of(record, "speed_factor", speed_factor, "form_link_only"))
            else:
                factor = _number(speed_factor, "speed_factor", record, *SPEED_FACTOR, True, problems)
        if close and target == "place" and (given or speed_factor not in (None, "")):
            problems.append(Problem.of(record, "close", close, "form_close_alone", "form_close_alone"))
        if close is False and target == "place":
            problems.append(Problem.of(record, "close", close, "form_reopen_place", "form_reopen_place"))
        if close is None and not given and speed_factor in (None, ""):
            problems.append(Problem.of(record, "values", "", "form_nothing", "form_nothing"))
        if problems:
            raise InputError(problems)
        return cls(target, element_id, close, factor, typed)  # type: ignore[arg-type]


def _number(
    raw: Any, name: str, record: str, low: float, high: float, low_open: bool, problems: list[Problem]
) -> float | None:
    """``raw`` as a finite number inside (``low_open``) or from ``low`` to ``high``, else None
    with the problem added."""
    try:
        number = float(latin_number(raw)) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        problems.append(Problem.of(record, name, raw, "not_a_number", "not_a_number"))
        return None
    if isinstance(raw, bool) or not math.isfinite(number):
        problems.append(Problem.of(record, name, raw, "not_finite", "not_finite"))
        return None
    if (number <= low if low_open else number < low) or number > high:
        message = "out_of_range_open" if low_open else "out_of_range"
        problems.append(Problem.of(record, name, raw, message, message, low=_shown(low), high=_shown(high)))
        return None
    return number


def _shown(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _link_values(edit: FormEdit, link: Link, network: Network, costing: Costing, record: str) -> dict[str, Any]:
    values: dict[str, Any] = dict(edit.values)
    if "sailings_per_week" in values and link.mode not in _WATER:
        raise InputError(Problem.of(record, "sailings_per_week", values["sailings_per_week"], "form_water_only"))
    if edit.close is not None:
        values["status"] = "closed" if edit.close else "operational"
    if edit.speed_factor is not None:
        run_h = costing.running_time_h(link, network.run_countries(link), costing.cargo_class("container"))
        delay_h = values.get("extra_delay_h", link.extra_delay_h) + run_h * (1.0 / edit.speed_factor - 1.0)
        values["extra_delay_h"] = round(delay_h, 3)
    return values


def edit_tables(edit: FormEdit, network: Network, costing: Costing, record: str = "scenario edit") -> list[dict[str, Any]]:
    """The ``[[edit]]`` tables of ``edit`` on ``network`` (the scenario as it stands, whose
    ``costing`` gives a link's running time for its speed factor); InputError for an unknown id."""
    if edit.target == "link":
        if not network.has_link(edit.id):
            raise InputError(Problem.of(record, "id", edit.id, "form_unknown_element", "form_unknown_element"))
        link = network.link(edit.id)
        return [{"action": "set", "link": edit.id, "values": _link_values(edit, link, network, costing, record)}]
    if not network.has_place(edit.id):
        raise InputError(Problem.of(record, "id", edit.id, "form_unknown_element", "form_unknown_element"))
    if edit.close:
        return [{"action": "remove", "place": edit.id}]
    return [{"action": "set", "place": edit.id, "values": dict(edit.values)}]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{key} = {_toml_value(v)}" for key, v in value.items()) + " }"
    # a TOML basic string: JSON's escapes are TOML's; TOML also refuses a raw DEL
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def edit_toml(tables: list[dict[str, Any]]) -> str:
    """``[[edit]]`` tables as TOML text (keys are field names, values text, numbers or tables)."""
    blocks = ["[[edit]]\n" + "".join(f"{key} = {_toml_value(v)}\n" for key, v in table.items()) for table in tables]
    return "\n".join(blocks)


def append_edits(text: str, tables: list[dict[str, Any]]) -> str:
    """Scenario TOML ``text`` with ``tables`` appended as ``[[edit]]`` tables (applied last)."""
    return text.rstrip() + "\n\n" + edit_toml(tables)


__all__ = ["FORM_FIELDS", "SPEED_FACTOR", "FormEdit", "append_edits", "edit_tables", "edit_toml"]
