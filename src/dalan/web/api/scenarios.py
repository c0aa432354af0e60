"""Scenarios: list and read the shipped ones and those the caller may read; create, update, share
and delete the caller's own (stored as TOML). Rules: :mod:`dalan.web.access`."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Response
from sqlalchemy.engine import Row

from dalan.messages import display_name
from dalan.scenarios import parse_spec
from dalan.web.access import caller, can_write_scenario
from dalan.web.context import AppContext, context, run_limited
from dalan.web.errors import ApiError
from dalan.web.schemas import (
    ErrorOut,
    Lang,
    ScenarioDetailOut,
    ScenarioIn,
    ScenariosOut,
)
from dalan.web.users import Caller

router = APIRouter(
    tags=["scenarios"],
    responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}, 403: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')
Ctx = Annotated[AppContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
Name = Annotated[str, Path(max_length=64, examples=["rasht-astara"])]


def stored_out(row: Row, lang: Lang, who: Caller, detail: bool = False) -> dict:
    spec = parse_spec(row.toml, f"scenario {row.name!r}")
    title = row.title_fa if lang is Lang.fa else row.title_en
    out = {
        "name": row.name, "title": title, "short_title": title or row.name, "title_en": row.title_en,
        "title_fa": row.title_fa, "base": row.base, "shipped": False, "edits": len(spec.edits),
        "version": row.version, "updated_at": row.updated_at, "owner": row.owner, "shared": bool(row.shared),
        "writable": can_write_scenario(row, who),
    }  # fmt: skip
    return out | ({"toml": row.toml, "source": spec.source} if detail else {})


def _shipped_out(ctx: AppContext, name: str, lang: Lang, detail: bool = False) -> dict:
    scenario = ctx.store.load(name).scenario
    spec = scenario.spec
    out = {
        "name": name, "title": scenario.title(lang.value), "short_title": display_name("scenario", name, lang.value),
        "title_en": spec.title_en, "title_fa": spec.title_fa,
        "base": spec.base, "shipped": True, "edits": len(spec.edits), "version": 0, "updated_at": None,
        "owner": None, "shared": True, "writable": False,
    }  # fmt: skip
    return out | ({"toml": spec.text, "source": spec.source} if detail else {})


@router.get(
    "/api/scenarios",
    response_model=ScenariosOut,
    summary="Shipped and stored scenarios",
)
async def list_scenarios(ctx: Ctx, who: Who, lang: Lang = Lang.en) -> dict:
    """The shipped scenarios, then the stored ones the caller may read (theirs, shared ones, the admin's)."""

    def build() -> dict:
        shipped = [_shipped_out(ctx, name, lang) for name in ctx.store.shipped()]
        return {
            "scenarios": shipped
            + [stored_out(row, lang, who) for row in ctx.store.stored_rows(who)]
        }

    return await run_limited(ctx, build)


def etag(version: int) -> str:
    """A stored scenario's version as an ETag (``"3"``), to send back as ``If-Match``."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version named by ``If-Match`` (``"3"``, ``W/"3"`` or ``3``); ``None`` for ``*``.
    Missing: 428, a replace must say which version it replaces."""
    if if_match is None:
        raise ApiError.of(428, "if_match_needed", "if-match")
    if if_match.strip() == "*":
        return None
    match = ETAG.match(if_match)
    if match is None:
        raise ApiError.of(422, "if_match_bad", "if-match", value=if_match[:40])
    return int(match.group(1))


@router.get(
    "/api/scenarios/{name}",
    response_model=ScenarioDetailOut,
    summary="A scenario with its TOML",
)
async def get_scenario(
    ctx: Ctx, who: Who, name: Name, response: Response, lang: Lang = Lang.en
) -> dict:
    def build() -> dict:
        row = ctx.store.readable(name, who, "name")
        if row is None:
            return _shipped_out(ctx, name, lang, detail=True)
        return stored_out(row, lang, who, detail=True)

    out = await run_limited(ctx, build)
    if not out["shipped"]:
        response.headers["ETag"] = etag(out["version"])
    return out


@router.post(
    "/api/scenarios",
    response_model=ScenarioDetailOut,
    status_code=201,
    summary="Store a new scenario",
)
async def create_scenario(
    ctx: Ctx, who: Who, body: ScenarioIn, response: Response, lang: Lang = Lang.en
) -> dict:
    """The caller owns the new scenario; ``shared: true`` lets every user read it."""
    row = await run_limited(
        ctx, lambda: ctx.store.create(body.toml, who, bool(body.shared))
    )
    response.headers["Location"] = f"/api/scenarios/{row.name}"
    response.headers["ETag"] = etag(row.version)
    return stored_out(row, lang, who, detail=True)


@router.put(
    "/api/scenarios/{name}",
    response_model=ScenarioDetailOut,
    summary="Replace a stored scenario (If-Match: its version); only its owner may",
    responses={412: {"model": ErrorOut}, 428: {"model": ErrorOut}},
)
async def update_scenario(
    ctx: Ctx,
    who: Who,
    name: Name,
    body: ScenarioIn,
    response: Response,
    if_match: Annotated[str | None, Header(max_length=64, description='The version read, e.g. "3"; * for any')] = None,
    lang: Lang = Lang.en,
) -> dict:
    def replace() -> Row:
        if ctx.store.is_shipped(name):
            return ctx.store.update(name, body.toml, who=who)  # 403
        ctx.store.writable(name, who)  # 404 and 403 before 428
        return ctx.store.update(
            name, body.toml, expected_version(if_match), who, body.shared
        )

    row = await run_limited(ctx, replace)
    response.headers["ETag"] = etag(row.version)
    return stored_out(row, lang, who, detail=True)


@router.delete(
    "/api/scenarios/{name}",
    status_code=204,
    summary="Delete a stored scenario; only its owner may",
)
async def delete_scenario(ctx: Ctx, who: Who, name: Name) -> Response:
    await run_limited(ctx, lambda: ctx.store.delete(name, who))
    return Response(status_code=204)
