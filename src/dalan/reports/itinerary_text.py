"""Itineraries as short texts in English or Persian: leg labels, totals, a one-line summary."""

from __future__ import annotations

from dalan.network.model import Network
from dalan.reports.i18n import format_number, t, to_persian_digits
from dalan.routing.itinerary import Itinerary, Leg


def leg_label(leg: Leg, lang: str) -> str:
    """'Rail 1520 mm', 'Border crossing', 'Wait for departure' … in the chosen language."""
    if leg.kind == "move":
        gauge = f" {to_persian_digits(str(leg.gauge_mm)) if lang == 'fa' else leg.gauge_mm} mm" if leg.gauge_mm else ""
        return t(leg.mode, lang) + gauge
    return t(leg.kind, lang)


def totals_line(it: Itinerary, lang: str = "en") -> str:
    n = lambda x, d=0: format_number(x, lang, d)
    return (
        f"{n(it.time_days, 1)} {t('days', lang)} · {n(it.cost_usd)} {t('usd', lang)} · "
        f"{n(it.co2_kg / 1000, 2)} {t('t_co2e', lang)} · {n(it.length_km)} {t('km', lang)}"
    )


def route_summary(it: Itinerary, network: Network, lang: str = "en") -> str:
    """Countries in order, modes used and where goods change mode or gauge."""
    countries: list[str] = []
    for pid in it.place_sequence:
        country = network.place(pid).country
        if not countries or countries[-1] != country:
            countries.append(country)
    modes = []
    for leg in it.legs:
        if leg.kind == "move" and leg.mode not in modes:
            modes.append(leg.mode)
    changes = [network.place(leg.from_id).display_name(lang) for leg in it.legs if leg.kind in ("transfer", "gauge_change")]
    text = " → ".join(countries) + " · " + ", ".join(t(m, lang) for m in modes)
    return text + (f" · {t('transfer', lang)}: " + ", ".join(changes) if changes else "")
