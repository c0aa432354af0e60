"""``GET /``: the bilingual map page (server-rendered shell; ``static/app.js`` does the rest)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from dalan import messages
from dalan.choices import By, Cargo, Lang
from dalan.messages import display_name
from dalan.network.countries import country_name
from dalan.network.history import load_history, today
from dalan.network.model import MODES
from dalan.options import MAX_ALTERNATIVES
from dalan.reports._assets import script_json
from dalan.reports.i18n import direction, format_date, format_number, t
from dalan.reports.page import FONT_STACKS, environment
from dalan.reports.stress_text import METRICS
from dalan.scenarios.compare import DEFAULT_DISPERSION
from dalan.scenarios.form import FORM_FIELDS
from dalan.web.context import AppContext, context
from dalan.web.i18n import labels
from dalan.web.users import has_users

router = APIRouter(include_in_schema=False)
#: The page's choices of ``reliability`` (the API takes any p50 … p99).
RELIABILITY_CHOICES = ("mean", "p50", "p80", "p90", "p95", "p99")
#: Chokepoints the sea links of the embedded network pass (``avoid`` keys).
CHOKEPOINTS = ("hormuz", "bab_el_mandeb_suez", "bosphorus", "cape_of_good_hope")


def history_dates(lang: str) -> list[dict[str, str | bool]]:
    """The days the dated network changes (:func:`dalan.network.history.load_history`) and
    today, oldest first, as ISO dates and as shown in ``lang``: the time slider's stops."""
    now = today()
    days = sorted({event.date for event in load_history().events} | {now})
    return [{"date": day.isoformat(), "text": format_date(day, lang), "today": day == now} for day in days]


def capitalised(label: str) -> str:
    """A label as a form field's caption ("extra delay (h)" → "Extra delay (h)"; Persian unchanged)."""
    return label[:1].upper() + label[1:]


@router.get("/", response_class=HTMLResponse)
def index(ctx: Annotated[AppContext, Depends(context)], lang: Annotated[Lang, Query()] = Lang.en) -> HTMLResponse:
    """The page in ``lang`` (``fa``: right to left, Persian digits, Jalali date)."""
    lg = lang.value
    text = labels(lg)
    config = {
        "lang": lg,
        "dir": direction(lg),
        "labels": text,
        "needsToken": ctx.settings.token is not None or has_users(ctx.engine),
        "maxAlternatives": MAX_ALTERNATIVES,
        "history": history_dates(lg),
        "defaultDispersion": DEFAULT_DISPERSION,
        "newScenarioTitle": {language: messages.text("ui.new_scenario_title", language) for language in ("en", "fa")},
        "stressMetrics": {metric: t(f"stress_heat_{metric}", lg) for metric in METRICS},
        "formFields": {
            target: [[name, capitalised(display_name("edit_field", name, lg))] for name in names] for target, names in FORM_FIELDS.items()
        },
    }
    today = dt.date.today()
    html = environment("dalan.web").get_template("index.html.j2").render(
        lang=lg,
        dir=direction(lg),
        other_lang="en" if lg == "fa" else "fa",
        text=text,
        font_stack=Markup(FONT_STACKS[lg]),
        iso_date=today.isoformat(),
        date_text=format_date(today, lg),
        modes=MODES,
        reliabilities=RELIABILITY_CHOICES,
        chokepoints=[(key, t(f"chokepoint_{key}", lg)) for key in CHOKEPOINTS],
        avoid_example=f"{country_name('RU', lg)}; {country_name('GE', lg)}",
        criteria=[b.value for b in By],
        cargoes=[c.value for c in Cargo],
        default_dispersion=format_number(DEFAULT_DISPERSION, lg),
        one=format_number(1, lg),  # the default quantity and alternatives, in the page's digits
        config_json=Markup(script_json(config)),
        co2_factors=[
            (text.get(f"co2_{key}", key), format_number(value, lg, 3))
            for key, value in ctx.store.load("baseline").scenario.costing.co2_kg_per_tkm.items()
        ],
    )
    return HTMLResponse(html)
