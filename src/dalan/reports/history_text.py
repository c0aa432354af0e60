"""Dated network events as display text in English or Persian: what they act on, what they do,
and one row per event for the timeline (``dalan network history``), route output and the web."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dalan.costing.model import LANES_MEAN, YearLevel
from dalan.messages import MESSAGES, display_name
from dalan.network.countries import country_name
from dalan.network.history import NetworkEvent, place_set
from dalan.network.model import Network
from dalan.reports.i18n import (
    format_date,
    format_number,
    month_text,
    t,
    to_persian_digits,
)
from dalan.reports.labels import link_label, place_label


def target_label(network: Network, event: NetworkEvent, lang: str = "en") -> str:
    """``Strait of Hormuz``, ``border AZ–IR``, ``corridor INSTC``, a place's name (places' names,
    comma-separated, for a set of places) or ``Batumi –
    Chornomorsk, ferry (L130)``; with ``(sea only)`` when the event is limited to some modes."""
    kind, key = event.kind, event.key
    if kind == "chokepoint":
        text = t(f"chokepoint_{key}", lang)
    elif kind == "border":
        countries = [country_name(c, lang) for c in key.split("-")] if lang == "fa" else key.split("-")  # Persian: names
        text = t("border_pair", lang).format(pair="–".join(countries))
    elif kind == "corridor" and lang == "fa" and f"corridor.{key}" in MESSAGES:
        text = display_name("corridor", key, lang)
    elif kind == "corridor":
        text = t("corridor_tag", lang).format(tag=key)
    elif kind == "place" and network.has_place(key):
        text = place_label(network, key, lang)
    elif kind == "places":
        text = t("comma", lang).join(place_label(network, p, lang) if network.has_place(p) else p for p in place_set(event.target))
    elif kind == "link" and network.has_link(key):
        text = link_label(network, key, lang)
    else:
        text = event.target
    if event.modes:
        modes = t("comma", lang).join(t(m, lang) if lang == "fa" else t(m, lang).lower() for m in event.modes)
        text += " (" + t("modes_only", lang).format(modes=modes) + ")"
    return text


def action_label(event: NetworkEvent, lang: str = "en") -> str:
    """``closed``, ``restricted +24 h``, ``surcharge +100 USD/TEU``, ``reopened``."""
    text = t(f"action_{event.action}", lang)
    if event.delay_h:
        text += " " + t("delay_h", lang).format(hours=format_number(event.delay_h, lang, 0))
    if event.surcharge_usd_per_teu:
        text += " " + t("surcharge_teu", lang).format(usd=format_number(event.surcharge_usd_per_teu, lang, 0))
    return text


def date_text(event: NetworkEvent, lang: str = "en") -> str:
    """The event's Gregorian ISO date (digits in Persian): sources quote Gregorian dates."""
    return iso_date_text(event.date, lang)


def iso_date_text(date: dt.date, lang: str = "en") -> str:
    """``2024-11-18``; in Persian with Persian digits."""
    text = date.isoformat()
    return to_persian_digits(text) if lang == "fa" else text


def as_of_text(date: dt.date, lang: str = "en") -> str:
    """``As of 2026-03-15``; in Persian the Jalali date with the Gregorian one the sources use."""
    if lang == "fa":
        return t("as_of", lang).format(date=f"{format_date(date, lang)} ({to_persian_digits(date.isoformat())})")
    return t("as_of", lang).format(date=date.isoformat())


def event_rows(network: Network, events: Sequence[NetworkEvent], lang: str = "en") -> list[dict[str, str]]:
    """One row per event: date, element, action, note, source (display text in ``lang``)."""
    return [
        {
            "date": date_text(e, lang),
            "element": target_label(network, e, lang),
            "action": action_label(e, lang),
            "note": e.note(lang),
            "source": e.source,
        }
        for e in events
    ]




def level_text(level: YearLevel, lang: str = "en") -> str:
    """``deep-sea container rates × 2.88 (…)``, ``speed of the trains of … × 0.5``, ``trains held
    144 h at …`` in ``lang``."""
    shown = f"{level.value:.2f}".rstrip("0").rstrip(".")  # 0.5, 1.55, 2.88; 144 (hours)
    value = format_number(level.value, lang, len(shown.partition(".")[2]))
    if level.table == "sea_rate_index" and level.group != LANES_MEAN:  # a lane's market
        key, month = ("level.sea_lane_month", month_text(level.year, level.month, lang)) if level.month is not None else ("level.sea_lane_index", "")
        return t(key, lang).format(value=value, month=month, lane=display_name("sea_lane", level.group, lang))
    if level.month is not None:  # the deep-sea market of a month
        return t("level.sea_rate_month", lang).format(value=value, month=month_text(level.year, level.month, lang))
    if level.in_hours:  # a port: its name
        group = level.names[1 if lang == "fa" else 0] or level.group
    else:
        group = display_name("railway_group", level.group, lang)
    return t(f"level.{level.table}", lang).format(value=value, group=group)


def level_rows(levels: Sequence[YearLevel], lang: str = "en") -> list[dict[str, object]]:
    """The levels as JSON rows (the CLI's ``--json`` and the API's ``year_levels``), with their text."""
    return [level.to_dict() | {"text": level_text(level, lang)} for level in levels]


def year_levels_text(levels: Sequence[YearLevel], lang: str = "en") -> str:
    """The line that names the year's levels that moved a route's figures ("" when none)."""
    if not levels:
        return ""
    year = str(levels[0].year)
    items = ("؛ " if lang == "fa" else "; ").join(level_text(level, lang) for level in levels)
    return t("year_levels", lang).format(year=to_persian_digits(year) if lang == "fa" else year, items=items)


__all__ = ["action_label", "as_of_text", "date_text", "event_rows", "level_rows", "level_text", "target_label", "year_levels_text"]
