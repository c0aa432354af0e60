"""The HTML reports the CLI writes, served by the web app to print or keep: a route's
(``dalan route --report``) and the back-test's (``dalan backtest --report``), and the back-test's
calibration plot for the page. The back-test modules are imported when first used (route
workers import this module and never need them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dalan.network.model import Network
from dalan.reports.i18n import t
from dalan.reports.itinerary_text import route_title
from dalan.reports.routes import alternatives_html
from dalan.routing.itinerary import Itinerary

if TYPE_CHECKING:
    from dalan.validation.backtest import Backtest


def route_report(routes: Sequence[Itinerary], network: Network, lang: str, pareto: bool) -> str:
    """The page ``dalan route --report`` writes for these routes, in ``lang``."""
    first = routes[0]
    title = route_title(first.places[first.origin_id].display_name(lang), first.places[first.destination_id].display_name(lang), lang)
    return alternatives_html(list(routes), network, title=title, lang=lang, pareto=pareto)


def shipped_backtest() -> Backtest:
    """Every shipped published figure run on the model (as ``dalan backtest`` with no file)."""
    from dalan.validation.backtest import run_backtest
    from dalan.validation.queries import SHIPPED_NAME, read_queries

    return run_backtest(read_queries(), source=SHIPPED_NAME)


def backtest_view(result: Backtest, lang: str) -> dict:
    """The calibration plot (inline SVG, model against published) with its title and counts."""
    from dalan.reports.backtest_page import calibration_svg

    summary = result.summary()
    return {"title": t("bt_calibration_plot", lang), "svg": calibration_svg(result, lang), "rows": summary.total, "ok": summary.ok}


def backtest_report(result: Backtest, lang: str) -> str:
    """The page ``dalan backtest --report`` writes, in ``lang``."""
    from dalan.reports.backtest_page import backtest_html

    return backtest_html(result, lang)


__all__ = ["backtest_report", "backtest_view", "route_report", "shipped_backtest"]
