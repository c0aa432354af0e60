"""Labels of the web page in English and Persian; report labels come from :func:`dalan.reports.t`."""

from __future__ import annotations

from dalan import messages
from dalan.reports.i18n import check_lang, t

#: the page's own labels are the catalogue's ``ui.*`` entries (:mod:`dalan.messages`)
_UI_PREFIX = "ui."

#: Report labels the page also uses (from :mod:`dalan.reports.i18n`).
_REPORT_KEYS = (
    "origin", "destination", "route", "routes", "legs", "scenario", "comparison", "legend", "network", "rail",
    "road", "sea", "ferry", "map_credits", "days", "usd", "t_co2e", "km", "total", "tonnes_per_year", "vc",
)  # fmt: skip


def labels(lang: str) -> dict[str, str]:
    """Every label of the page in ``lang``."""
    check_lang(lang)
    own = {key.removeprefix(_UI_PREFIX): messages.text(key, lang) for key in messages.MESSAGES if key.startswith(_UI_PREFIX)}
    return own | {key: t(key, lang) for key in _REPORT_KEYS}
