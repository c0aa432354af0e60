"""The back-test in the page: ``GET /api/backtest`` (the calibration plot: every shipped published
figure against the model's, inline SVG) and ``GET /api/backtest/report`` (the HTML report
``dalan backtest --report`` writes). A route's report is ``GET /api/route?format=html``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from dalan.choices import Lang
from dalan.network.history import today
from dalan.web.access import caller
from dalan.web.context import AppContext, context, run_limited
from dalan.web.export_files import ExportFormat, file_response
from dalan.web.report_files import backtest_report as report_html
from dalan.web.report_files import backtest_view, shipped_backtest
from dalan.web.schemas import ErrorOut
from dalan.web.users import Caller

router = APIRouter(tags=["reports"], responses={503: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]

if TYPE_CHECKING:
    from dalan.validation.backtest import Backtest


class BacktestOut(BaseModel):
    title: str = Field(description="The plot's title in the requested language")
    svg: str = Field(description="Inline SVG: model (y) against published (x), log–log, one dot per row")
    rows: int = Field(description="Published figures in the shipped file")
    ok: int = Field(description="Of them, those the model could run")


@dataclass
class _Kept:
    """The shipped back-test of one day and its reports rendered so far, by language."""

    day: dt.date
    result: Backtest
    reports: dict[str, str] = field(default_factory=dict)


def _kept(request: Request) -> _Kept:
    """The shipped back-test, run once a day per app (it depends only on shipped data and the
    date: the network as it stands today)."""
    day = today()
    kept = getattr(request.app.state, "backtest", None)
    if kept is None or kept.day != day:
        kept = _Kept(day, shipped_backtest())
        request.app.state.backtest = kept
    return kept


def _report(request: Request, lang: str) -> str:
    kept = _kept(request)
    if lang not in kept.reports:
        kept.reports[lang] = report_html(kept.result, lang)
    return kept.reports[lang]


@router.get("/api/backtest", response_model=BacktestOut, summary="The back-test's calibration plot")
async def backtest(ctx: Ctx, _who: Who, request: Request, lang: Lang = Lang.en) -> dict:
    return await run_limited(ctx, lambda: backtest_view(_kept(request).result, lang.value))


@router.get(
    "/api/backtest/report",
    summary="The back-test's HTML report (as dalan backtest --report writes it)",
    responses={200: {"content": {"text/html": {}}}},
)
async def backtest_report(ctx: Ctx, _who: Who, request: Request, lang: Lang = Lang.en) -> Response:
    html = await run_limited(ctx, lambda: _report(request, lang.value))
    return file_response(html.encode("utf-8"), ExportFormat.html, f"dalan-backtest-{lang.value}")
