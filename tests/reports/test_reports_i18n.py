"""Labels, Persian digits, number formatting and Jalali dates."""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.errors import InputError
from dalan.reports import (
    direction,
    format_date,
    format_number,
    format_value,
    t,
    to_persian_digits,
)
from dalan.reports.i18n import format_percent

LRM_MINUS = "\u200e\u2212"
REQUIRED_KEYS = [
    "route", "legs", "rail", "road", "sea", "ferry", "transfer", "border", "gauge_change",
    "days", "hours", "usd", "km", "t_co2e", "today", "with", "difference", "origin", "destination",
]  # fmt: skip


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_every_label_exists_in_both_languages(key: str) -> None:
    en, fa = t(key, "en"), t(key, "fa")
    assert en and en != fa
    assert re.search("[\u0600-\u06ff]", fa), f"{key}: {fa!r} has no Persian letters"


def test_unknown_key_and_language() -> None:
    with pytest.raises(KeyError):
        t("no_such_label", "en")
    with pytest.raises(InputError, match="unsupported language"):
        t("route", "de")


def test_direction() -> None:
    assert direction("fa") == "rtl"
    assert direction("en") == "ltr"


def test_to_persian_digits() -> None:
    assert to_persian_digits("M-12 road, km 0459") == "M-۱۲ road, km ۰۴۵۹"
    assert to_persian_digits("٣٤") == "۳۴"  # Arabic-Indic digits too


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234567, "en", 0, "1,234,567"),
        (1234.567, "en", 2, "1,234.57"),
        (0.5, "en", 0, "0"),  # round half to even
        (-12.34, "en", 1, "-12.3"),
        (-0.04, "en", 1, "0.0"),  # no negative zero
        (1234567, "fa", 0, "۱٬۲۳۴٬۵۶۷"),
        (1234.5, "fa", 1, "۱٬۲۳۴٫۵"),
        (0.25, "fa", 2, "۰٫۲۵"),
        (-12.5, "fa", 1, LRM_MINUS + "۱۲٫۵"),
        (np.int64(2500), "fa", 0, "۲٬۵۰۰"),
        (np.float64(3.14159), "en", 3, "3.142"),
        (float("inf"), "en", 0, "∞"),
        (None, "fa", 0, "–"),
        (float("nan"), "en", 2, "–"),
    ],
)
def test_format_number(value: object, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("share", "lang", "expected"),
    [
        (0.014, "en", "+1.4 %"),
        (-0.03, "en", "-3.0 %"),
        (0.0, "en", "0.0 %"),
        (0.014, "fa", "\u200e+۱٫۴٪"),  # both signs LRM-led: they sit on the same side in a Persian page
        (-0.03, "fa", LRM_MINUS + "۳٫۰٪"),
        (0.0, "fa", "۰٫۰٪"),
    ],
)
def test_signed_percentages_lead_both_signs_alike(share: float, lang: str, expected: str) -> None:
    assert format_percent(share, lang, signed=True) == expected


def test_format_number_rejects_text() -> None:
    with pytest.raises(InputError):
        format_number("12", "en")


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.integers(0, 4),
)
def test_persian_numbers_have_no_ascii_digits_and_round_trip(x: float, decimals: int) -> None:
    text = format_number(x, "fa", decimals)
    assert not re.search("[0-9]", text)
    ascii_text = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٫", "0123456789.", "٬\u200e"))
    assert ascii_text.replace("\u2212", "-") == format_number(x, "en", decimals).replace(",", "")


def test_format_value() -> None:
    assert format_value(12, "fa") == "۱۲"
    assert format_value(12.345, "en", 2) == "12.35"
    assert format_value("Line 3", "fa") == "Line ۳"
    assert format_value(None, "en") == "–"
    assert format_value(dt.date(2026, 11, 27), "en") == "27 November 2026"


def test_format_date_english() -> None:
    assert format_date(dt.date(2026, 11, 27), "en") == "27 November 2026"
    assert format_date(dt.datetime(2026, 3, 1, 13, 5), "en") == "1 March 2026"


@pytest.mark.parametrize(
    "gregorian", [dt.date(2026, 11, 27), dt.date(2026, 3, 21), dt.date(2024, 3, 19)]
)
def test_format_date_persian_matches_jdatetime(gregorian: dt.date) -> None:
    jalali = jdatetime.date.fromgregorian(date=gregorian)
    month = jdatetime.date.j_months_fa[jalali.month - 1]
    assert format_date(gregorian, "fa") == to_persian_digits(f"{jalali.day} {month} {jalali.year}")


def test_format_date_persian_known_days() -> None:
    # 27 Nov 2026 is 6 Azar 1405; Nowruz 1405 (1 Farvardin) fell on 21 March 2026.
    assert format_date(dt.date(2026, 11, 27), "fa") == "۶ آذر ۱۴۰۵"
    assert format_date(dt.date(2026, 3, 21), "fa") == "۱ فروردین ۱۴۰۵"
    assert format_date(dt.date(2026, 3, 20), "fa") == "۲۹ اسفند ۱۴۰۴"


def test_persian_route_texts_use_country_names_left_arrows_and_isolates(network):
    from dalan.reports.i18n import FSI, PDI
    from dalan.reports.itinerary_text import (
        route_summary,
        route_title,
        totals_line,
    )
    from dalan.routing import route

    it = route(network, "Moscow", "Tehran")
    summary = route_summary(it, network, "fa")
    assert "روسیه" in summary and "ایران" in summary and "RU" not in summary
    assert " ← " in summary and "→" not in summary
    totals = totals_line(it, "fa")
    assert totals.count(FSI) == totals.count(PDI) == 4
    assert route_title("ورشو", "تهران", "fa") == f"{FSI}ورشو{PDI} ← {FSI}تهران{PDI}"
    assert route_title("Warsaw", "Tehran") == "Warsaw → Tehran"



def test_a_route_with_a_queue_gives_its_time_by_timetable_in_both_languages(network):
    """Dostyk -> Warsaw by rail waits for its slot at Brest (``block_train_waits_at``): its totals
    give the time by timetable too; a route with no queue known apart does not."""
    from dalan.reports.i18n import FSI, PDI, format_number
    from dalan.reports.itinerary_text import totals_line
    from dalan.routing import route

    it = route(network, "Dostyk", "Warsaw", modes=["rail"])
    assert it.queue_h > 24.0
    planned = it.planned_time_h / 24.0
    assert f"{format_number(planned, 'en', 1)} days by timetable, without queues" in totals_line(it, "en")
    fa = totals_line(it, "fa")
    assert f"{format_number(planned, 'fa', 1)} روز طبق برنامه، بدون صف" in fa and fa.count(FSI) == fa.count(PDI) == 5
    plain = route(network, "Dostyk", "Almaty", modes=["rail"])
    assert plain.queue_h == 0.0 and "timetable" not in totals_line(plain, "en")


def test_format_value_keeps_web_addresses() -> None:
    assert format_value("Kommersant, https://www.kommersant.ru/doc/8496038 ; 2026", "fa") == "Kommersant, https://www.kommersant.ru/doc/8496038 ; ۲۰۲۶"
