"""Itineraries as short texts in English or Persian: leg labels, totals, a one-line summary."""

from __future__ import annotations

from dalan.network.countries import country_name
from dalan.network.model import Network
from dalan.reports.i18n import format_number, isolate, t, to_persian_digits
from dalan.routing.itinerary import Itinerary, Leg

#: The arrow between places: in Persian (right to left) «←» points from the first-read place on.
ARROWS = {"en": " → ", "fa": " ← "}
def joined(parts: list[str], lang: str, sep: str) -> str:
    """Parts joined by ``sep``, each isolated in Persian so numbers and units stay in order."""
    return sep.join(isolate(p, lang) for p in parts)


def route_title(origin: str, destination: str, lang: str = "en") -> str:
    """'Warsaw → Tehran' in English, «ورشو ← تهران» in Persian (each side isolated); also any
    change from one value to another (a corridor, a time)."""
    return joined([origin, destination], lang, ARROWS[lang])


def leg_label(leg: Leg, lang: str) -> str:
    """'Rail 1520 mm', 'Border crossing', 'Wait for departure' … in the chosen language."""
    if leg.kind == "move":
        digits = to_persian_digits(str(leg.gauge_mm)) if lang == "fa" else str(leg.gauge_mm)
        gauge = " " + t("gauge_mm_value", lang).format(gauge=digits) if leg.gauge_mm else ""
        return t(leg.mode, lang) + gauge
    return t(leg.kind, lang)


def two_figures(x: float) -> float:
    """``x`` to two significant figures (a price's p10 and p90 are no surer than that)."""
    return float(f"{x:.2g}")


def totals_line(it: Itinerary, lang: str = "en") -> str:
    """'11.7 days (p50–p90 11.2–14.0) · 3,417 USD (p10–p90 2,600–4,500) · 1.94 t CO₂e · 5,766 km'
    (each part bidi-isolated in Persian); a range is left out when it is empty; a route
    with queues known apart also gives its time by timetable ('9.6 days by timetable, without queues'),
    and an answer run as a whole train or with two drivers per truck says so."""

    def n(x: float, d: int = 0) -> str:
        return format_number(x, lang, d)

    spread = ""
    if it.time_p90_h > it.time_p50_h:
        spread = " " + t("p50_p90_days", lang).format(p50=n(it.time_p50_h / 24.0, 1), p90=n(it.time_p90_h / 24.0, 1))
    price_spread = ""
    if it.cost_p90_usd > it.cost_p10_usd:
        price_spread = " " + t("p10_p90_usd", lang).format(p10=n(two_figures(it.cost_p10_usd)), p90=n(two_figures(it.cost_p90_usd)))
    parts = [
        f"{n(it.time_days, 1)} {t('days', lang)}{spread}",
        *([t("planned_days", lang).format(days=n(it.planned_time_h / 24.0, 1))] if it.queue_h > 0 else []),
        f"{n(it.cost_usd)} {t('usd', lang)}{price_spread}",
        f"{n(it.co2_kg / 1000, 2)} {t('t_co2e', lang)}",
        f"{n(it.length_km)} {t('km', lang)}",
        *([t("as_whole_train", lang)] if it.whole_train else []),
        *([t("drivers_per_truck", lang).format(count=n(it.drivers))] if it.drivers > 1 else []),
    ]
    return joined(parts, lang, " · ")


def route_summary(it: Itinerary, network: Network, lang: str = "en") -> str:
    """Countries in order, modes used and where goods change mode or gauge."""
    countries: list[str] = []
    for pid in it.place_sequence:
        country = country_name(network.place(pid).country, lang)
        if not countries or countries[-1] != country:
            countries.append(country)
    modes = []
    for leg in it.legs:
        if leg.kind == "move" and leg.mode not in modes:
            modes.append(leg.mode)
    changes = [network.place(leg.from_id).display_name(lang) for leg in it.legs if leg.kind in ("transfer", "gauge_change")]
    comma = "، " if lang == "fa" else ", "
    text = joined(countries, lang, ARROWS[lang]) + " · " + comma.join(t(m, lang) for m in modes)
    return text + (f" · {t('transfer', lang)}: " + comma.join(changes) if changes else "")
