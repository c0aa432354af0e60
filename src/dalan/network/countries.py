"""Country names (English and Persian) by ISO 3166-1 alpha-2 code, for the countries the corridors
cross, and the look-up that turns what a user typed ("AZ", "Azerbaijan", «آذربایجان») into a code.
"""

from __future__ import annotations

from dalan.network.search import name_key

#: ISO code → (English name, Persian name, other names people write).
COUNTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "AE": ("United Arab Emirates", "امارات متحده عربی", ("UAE", "Emirates", "امارات")),
    "AF": ("Afghanistan", "افغانستان", ()),
    "AM": ("Armenia", "ارمنستان", ()),
    "AT": ("Austria", "اتریش", ()),
    "AZ": ("Azerbaijan", "جمهوری آذربایجان", ("آذربایجان", "Azerbaidjan")),
    "BE": ("Belgium", "بلژیک", ()),
    "BG": ("Bulgaria", "بلغارستان", ()),
    "BY": ("Belarus", "بلاروس", ("Byelorussia", "Belorussia")),
    "CN": ("China", "چین", ("PRC",)),
    "CZ": ("Czechia", "چک", ("Czech Republic", "جمهوری چک")),
    "DE": ("Germany", "آلمان", ()),
    "DJ": ("Djibouti", "جیبوتی", ()),
    "EG": ("Egypt", "مصر", ()),
    "ES": ("Spain", "اسپانیا", ()),
    "FI": ("Finland", "فنلاند", ()),
    "FR": ("France", "فرانسه", ()),
    "GB": ("United Kingdom", "بریتانیا", ("UK", "Britain", "انگلستان")),
    "GE": ("Georgia", "گرجستان", ()),
    "GR": ("Greece", "یونان", ()),
    "HU": ("Hungary", "مجارستان", ()),
    "IN": ("India", "هند", ()),
    "IQ": ("Iraq", "عراق", ()),
    "IR": ("Iran", "ایران", ("Islamic Republic of Iran",)),
    "IT": ("Italy", "ایتالیا", ()),
    "JP": ("Japan", "ژاپن", ()),
    "KG": ("Kyrgyzstan", "قرقیزستان", ()),
    "KR": ("South Korea", "کره جنوبی", ("Korea", "Republic of Korea", "کره")),
    "KZ": ("Kazakhstan", "قزاقستان", ()),
    "LK": ("Sri Lanka", "سری‌لانکا", ()),
    "LT": ("Lithuania", "لیتوانی", ()),
    "LV": ("Latvia", "لتونی", ()),
    "MD": ("Moldova", "مولداوی", ("Moldavia", "مولدووا")),
    "MK": ("North Macedonia", "مقدونیه شمالی", ("Macedonia", "FYROM", "مقدونیه")),
    "MN": ("Mongolia", "مغولستان", ()),
    "NL": ("Netherlands", "هلند", ("Holland",)),
    "OM": ("Oman", "عمان", ()),
    "PK": ("Pakistan", "پاکستان", ()),
    "PL": ("Poland", "لهستان", ()),
    "QA": ("Qatar", "قطر", ()),
    "RO": ("Romania", "رومانی", ()),
    "RS": ("Serbia", "صربستان", ()),
    "RU": ("Russia", "روسیه", ("Russian Federation",)),
    "SA": ("Saudi Arabia", "عربستان سعودی", ("عربستان",)),
    "SG": ("Singapore", "سنگاپور", ()),
    "SI": ("Slovenia", "اسلوونی", ()),
    "SK": ("Slovakia", "اسلواکی", ()),
    "TJ": ("Tajikistan", "تاجیکستان", ()),
    "TM": ("Turkmenistan", "ترکمنستان", ()),
    "TR": ("Türkiye", "ترکیه", ("Turkey", "Turkiye")),
    "UA": ("Ukraine", "اوکراین", ()),
    "UZ": ("Uzbekistan", "ازبکستان", ()),
    "YE": ("Yemen", "یمن", ()),
}


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in ``lang`` (the code itself when unknown)."""
    names = COUNTRIES.get(code.upper())
    if names is None:
        return code
    return names[1] if lang == "fa" else names[0]


def _keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for code, (en, fa, others) in COUNTRIES.items():
        for name in (code, en, fa, *others):
            keys[name_key(name)] = code
    return keys


_COUNTRY_KEYS = _keys()


def country_code(query: str) -> str | None:
    """The ISO code a user means by ``query`` (code or name, English or Persian), else None."""
    return _COUNTRY_KEYS.get(name_key(query))


__all__ = ["COUNTRIES", "country_code", "country_name"]
