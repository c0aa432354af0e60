"""A scenario's edits as display text in English or Persian (``dalan scenario show``): what each
edit does, to which place or link (by name), and the values it sets, with Persian labels and digits."""

from __future__ import annotations

from collections.abc import Mapping

from dalan.messages import MESSAGES, display_name, text
from dalan.network.model import Network
from dalan.reports.i18n import format_number, to_persian_digits
from dalan.reports.labels import link_label, place_label
from dalan.scenarios.edits import Edit


def value_text(field: str, value: object, lang: str = "en") -> str:
    """One edited value as shown: a status or gauge-change method by its name, numbers with the
    language's digits (years and gauges without thousands separator), lists joined with the language's comma."""
    if isinstance(value, (list, tuple)):
        return text("comma", lang).join(value_text(field, v, lang) for v in value)
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    if isinstance(value, int) and (field == "year" or field.endswith("_mm")):  # 2030, 1520: no separator
        return to_persian_digits(str(value)) if lang == "fa" else str(value)
    if isinstance(value, (int, float)):
        number = float(value)
        decimals = 0 if number.is_integer() else len(repr(number).split(".")[1])
        return format_number(number, lang, decimals)
    if field == "gauge_change_methods":
        return display_name("gauge_method", str(value), lang)
    if field == "status" and str(value) in MESSAGES:
        return text(str(value), lang)
    return str(value)


def values_text(values: Mapping[str, object] | None, lang: str = "en") -> str:
    """``status = operational, speed (km/h) = 22`` in ``lang``."""
    return text("comma", lang).join(
        f"{display_name('edit_field', field, lang)} = {value_text(field, value, lang)}" for field, value in (values or {}).items()
    )


def edit_rows(network: Network, edits: tuple[Edit, ...] | list[Edit], lang: str = "en") -> list[tuple[str, str, str]]:
    """One row per edit: action, the place or link by name (with its id), the values it sets."""
    label = {"place": place_label, "link": link_label}
    return [
        (
            display_name("edit_action", edit.action, lang),
            label[edit.target](network, edit.id, lang) if edit.target in label else edit.id,
            values_text(edit.values, lang),
        )
        for edit in edits
    ]


__all__ = ["edit_rows", "value_text", "values_text"]
