"""Report labels in English and Persian, Persian digits and numbers, Jalali dates."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import cast

from dalan import messages
from dalan.errors import InputError

LANGUAGES = ("en", "fa")


_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip

#: Gregorian month names as Persian writes them (a market month is a Gregorian one: Drewry's WCI)
_GREGORIAN_MONTHS_FA = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)  # fmt: skip

# ASCII and Arabic-Indic digits -> Extended Arabic-Indic (Persian) digits.
_TO_PERSIAN = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)
_FA_DECIMAL = "\u066b"  # ٫ Arabic decimal separator
_FA_THOUSANDS = "\u066c"  # ٬ Arabic thousands separator
_FA_MINUS = "\u200e\u2212"  # LRM + minus sign, as in CLDR's fa locale
MISSING = "–"


#: A web address inside a text (kept as it is).
_URL = re.compile(r"(https?://[^\s;,)]+)")

#: First-strong isolate … pop directional isolate: a mixed-direction run keeps its own order.
FSI, PDI = "\u2068", "\u2069"


class Code(str):
    """An id a user types back (a scenario, link or place id): shown as it is, its digits Latin,
    bidi-isolated in Persian (:func:`format_value`)."""


def isolate(text: str, lang: str) -> str:
    """``text`` bidi-isolated inside Persian text (unchanged in English)."""
    return f"{FSI}{text}{PDI}" if lang == "fa" else text


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise :class:`InputError`."""
    if lang not in LANGUAGES:
        raise InputError.of("unsupported_language", lang=lang, choices=LANGUAGES)
    return lang


def t(key: str, lang: str = "en") -> str:
    """The label ``key`` in ``lang``; raises ``KeyError`` for an unknown key."""
    check_lang(lang)
    return messages.text(key, lang)


def corridor_label(code: str, lang: str) -> str:
    """A corridor as charts and tables show it: its code in English (short), its name in Persian."""
    return messages.display_name("corridor", code, lang) if lang == "fa" else code


def direction(lang: str) -> str:
    """Text direction of ``lang``: ``"rtl"`` or ``"ltr"``."""
    return "rtl" if check_lang(lang) == "fa" else "ltr"


def to_persian_digits(text: str) -> str:
    """Replace ASCII and Arabic-Indic digits in ``text`` with Persian digits."""
    return text.translate(_TO_PERSIAN)


def format_number(x: object, lang: str = "en", decimals: int = 0) -> str:
    """Format a number with thousands separators and ``decimals`` decimals.

    Persian uses Persian digits, ``٬`` for thousands, ``٫`` for decimals and an LRM-led minus.
    Missing values (None, NaN) give ``"–"``.
    """
    kind = type(x)
    number: float = x  # type: ignore[assignment]  # checked below (no cast: this runs ~1,000 times an answer)
    if not ((kind is float or kind is int) and (lang == "en" or lang == "fa") and number - number == 0):
        checked = _plain_number(x, lang, decimals)  # the usual case above needs none of these checks
        if isinstance(checked, str):
            return checked
        number, kind = checked, type(checked)
    if kind is int and decimals == 0:
        negative, body = number < 0, f"{abs(number):,d}"
    else:
        body = f"{abs(number):,.{decimals}f}"
        negative = number < 0 and body.lstrip("0.,") != ""  # no minus before a zero
    if lang == "en":
        return "-" + body if negative else body
    body = body.replace(",", "\0").replace(".", _FA_DECIMAL).replace("\0", _FA_THOUSANDS)
    return (_FA_MINUS if negative else "") + to_persian_digits(body)


def _plain_number(x: object, lang: str, decimals: int) -> float | str:
    """``x`` as a plain int (an integer shown without decimals) or finite float for
    :func:`format_number`, or its whole text when it is missing or infinite."""
    check_lang(lang)
    kind = type(x)
    if kind is not float and kind is not int and (x is None or not isinstance(x, numbers.Real)):
        if x is None:
            return MISSING
        raise InputError.of("not_formattable", given=repr(x))
    if (kind is int or (kind is not float and isinstance(x, numbers.Integral))) and decimals == 0:
        return int(cast(numbers.Integral, x))  # checked above
    value = float(cast(numbers.Real, x))  # checked above
    if math.isnan(value):
        return MISSING
    if math.isinf(value):
        return ("-∞" if value < 0 else "∞") if lang == "en" else (_FA_MINUS + "∞" if value < 0 else "∞")
    return value


def format_scientific(x: float, lang: str = "en", spec: str = ".3e") -> str:
    """``x`` formatted with ``spec`` (``.3e``, ``.10g``, or ``r`` for its full ``repr``); in Persian
    with Persian digits, ``٫`` and ``×۱۰^`` for an exponent (``۱٫۲۳۴×۱۰^−۵``), isolated so that it
    reads left to right."""
    body = repr(float(x)) if spec == "r" else format(x, spec)
    if check_lang(lang) == "en":
        return body
    if not math.isfinite(x):
        return MISSING if math.isnan(x) else "∞" if x > 0 else "−∞"
    mantissa, _, exponent = body.partition("e")
    shown = mantissa.replace(".", _FA_DECIMAL) + (f"×۱۰^{int(exponent)}" if exponent else "")
    return isolate(to_persian_digits(shown.replace("-", "\u2212")), lang)


def format_percent(share: float | None, lang: str = "en", decimals: int = 1, *, signed: bool = False) -> str:
    """A share (0.034) as a percentage: ``3.4 %`` in English, «۳٫۴٪» in Persian; ``signed`` adds ``+``
    (in Persian led by an LRM, as format_number leads the minus: both signs sit on the same side)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return MISSING
    if math.isinf(share):
        return "∞" if share > 0 else "−∞"
    persian = check_lang(lang) == "fa"
    sign = ("\u200e+" if persian else "+") if signed and share > 0 else ""  # LRM-led like the minus
    body = format_number(100 * share, lang, decimals)
    return sign + (body + "٪" if persian else body + " %")


def month_text(year: int, month: int, lang: str = "en") -> str:
    """A Gregorian month: ``March 2024``; in Persian ``مارس ۲۰۲۴``."""
    if check_lang(lang) == "en":
        return f"{_MONTHS_EN[month - 1]} {year}"
    return to_persian_digits(f"{_GREGORIAN_MONTHS_FA[month - 1]} {year}")


def format_date(date: dt.date, lang: str = "en") -> str:
    """``27 November 2026`` in English; the Jalali date, e.g. ``۶ آذر ۱۴۰۵``, in Persian."""
    if isinstance(date, dt.datetime):
        date = date.date()
    if check_lang(lang) == "en":
        return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"
    import jdatetime  # lazy: only Persian reports need it

    jdate = jdatetime.date.fromgregorian(date=date)
    return to_persian_digits(f"{jdate.day} {_MONTHS_FA[jdate.month - 1]} {jdate.year}")


def format_value(value: object, lang: str = "en", decimals: int = 1) -> str:
    """Display text of a table or tooltip value: numbers, dates and text, in ``lang``.

    Integers get no decimals, other numbers ``decimals``; Persian text gets Persian digits, a
    :class:`Code` does not.
    """
    kind = type(value)  # plain text and numbers by identity first: the ABC checks are slow
    if kind is Code:
        return isolate(str(value), lang)
    if kind is str:
        text = str(value)  # the same object
        if check_lang(lang) == "en":
            return text
        if "://" not in text:  # a web address keeps its digits (below)
            return to_persian_digits(text)
    if kind is int or kind is float:
        return format_number(value, lang, 0 if kind is int else decimals)
    if value is None or isinstance(value, bool):
        return MISSING if value is None else str(value)
    if isinstance(value, numbers.Integral):
        return format_number(value, lang, 0)
    if isinstance(value, numbers.Real):
        return format_number(value, lang, decimals)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if check_lang(lang) == "en":
        return str(value)
    parts = _URL.split(str(value))  # web addresses keep their digits: they must still work
    return "".join(part if k % 2 else to_persian_digits(part) for k, part in enumerate(parts))
