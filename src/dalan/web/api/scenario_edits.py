"""The page's scenario editor: a form edit of one link or place appended to a stored scenario
(:mod:`dalan.scenarios.form`), the scenario's changes against its base, its saved versions and a
revert to one of them. Writes need ``If-Match`` like ``PUT /api/scenarios/{name}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Response
from sqlalchemy.engine import Row

from dalan.messages import display_name, render
from dalan.network.model import Network
from dalan.reports.i18n import format_date, to_persian_digits
from dalan.reports.labels import link_label, place_label
from dalan.reports.scenario_text import value_text
from dalan.scenarios import parse_spec
from dalan.scenarios.diff import Change
from dalan.scenarios.form import FormEdit
from dalan.web.access import caller
from dalan.web.api.scenarios import etag, expected_version, stored_out
from dalan.web.context import AppContext, context, run_limited
from dalan.web.schemas import (
    ErrorOut,
    Lang,
    RevertIn,
    ScenarioDetailOut,
    ScenarioDiffOut,
    ScenarioEditIn,
    ScenarioHistoryOut,
    ScenarioVersionTomlOut,
)
from dalan.web.users import Caller

router = APIRouter(
    tags=["scenarios"],
    responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}, 403: {"model": ErrorOut}, 412: {"model": ErrorOut}, 428: {"model": ErrorOut}},
)
Ctx = Annotated[AppContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
Name = Annotated[str, Path(max_length=64, examples=["my-baseline"])]
IfMatch = Annotated[str | None, Header(max_length=64, description='The version read, e.g. "3"; * for any')]


@router.post(
    "/api/scenarios/{name}/edits",
    response_model=ScenarioDetailOut,
    summary="Add a change of one link or place to a stored scenario (If-Match: its version)",
)
async def add_edit(ctx: Ctx, who: Who, name: Name, body: ScenarioEditIn, response: Response, if_match: IfMatch = None, lang: Lang = Lang.en) -> dict:
    """The change is checked (fields, ranges), written as an ``[[edit]]`` table at the end of the
    scenario's TOML and saved as its next version."""

    def save() -> Row:
        ctx.store.writable(name, who)  # 404 and 403 before 428
        edit = FormEdit.build(body.target, body.id, close=body.close, speed_factor=body.speed_factor, values=body.values, record=body.id)
        return ctx.store.add_edit(name, edit, expected_version(if_match), who)

    row = await run_limited(ctx, save)
    response.headers["ETag"] = etag(row.version)
    return stored_out(row, lang, who, detail=True)


@router.post(
    "/api/scenarios/{name}/revert",
    response_model=ScenarioDetailOut,
    summary="Save an earlier version of a stored scenario again, as its newest (If-Match: its version)",
)
async def revert(ctx: Ctx, who: Who, name: Name, body: RevertIn, response: Response, if_match: IfMatch = None, lang: Lang = Lang.en) -> dict:
    def save() -> Row:
        ctx.store.writable(name, who)
        return ctx.store.revert(name, body.version, expected_version(if_match), who)

    row = await run_limited(ctx, save)
    response.headers["ETag"] = etag(row.version)
    return stored_out(row, lang, who, detail=True)


def _note_text(note: str, lang: str) -> str:
    if note.startswith("revert:"):
        return render("ui.history_revert", lang, version=int(note.split(":", 1)[1]))
    return render("ui.history_form" if note == "form" else "ui.history_toml", lang)


@router.get("/api/scenarios/{name}/history", response_model=ScenarioHistoryOut, summary="A stored scenario's saved versions, newest first")
async def history(ctx: Ctx, who: Who, name: Name, lang: Lang = Lang.en) -> dict:
    def build() -> dict:
        rows = ctx.store.history(name, who)
        return {
            "name": name,
            "versions": [
                _version_out(row, name, lang.value)
                for row in rows
            ],
        }

    return await run_limited(ctx, build)


def _version_out(row: Row, name: str, lang: str) -> dict:
    return {
        "version": row.version, "saved_at": row.saved_at, "saved_by": row.saved_by, "note": row.note,
        "saved_at_text": _when(row, lang), "note_text": _note_text(row.note, lang),
        "edits": len(parse_spec(row.toml, f"scenario {name!r}").edits),
    }  # fmt: skip


def _when(row: Row, lang: str) -> str:
    clock = row.saved_at.strftime("%H:%M")
    return f"{format_date(row.saved_at.date(), lang)} {to_persian_digits(clock) if lang == 'fa' else clock}"


@router.get(
    "/api/scenarios/{name}/versions/{version}",
    response_model=ScenarioVersionTomlOut,
    summary="The TOML of one saved version of a stored scenario",
)
async def version_toml(ctx: Ctx, who: Who, name: Name, version: Annotated[int, Path(ge=1, le=1_000_000_000)]) -> dict:
    toml = await run_limited(ctx, lambda: ctx.store.version_toml(name, version, who))
    return {"name": name, "version": version, "toml": toml}


def _element(change: Change, base: Network, edited: Network, lang: str) -> str:
    if change.target == "costing":
        return render("ui.costing", lang)
    network = base if change.kind == "remove" else edited
    return (place_label if change.target == "place" else link_label)(network, change.id, lang)


def change_out(change: Change, base: Network, edited: Network, lang: str) -> dict:
    """A change with its texts in ``lang``: the element by name, the field, the values."""
    shown = {"before_text": "", "after_text": ""}
    if change.kind == "set":
        shown = {
            "before_text": "" if change.before is None else value_text(change.field, change.before, lang),
            "after_text": "" if change.after is None else value_text(change.field, change.after, lang),
        }
    field_text = display_name("edit_field", change.field, lang) if change.kind == "set" else display_name("edit_action", change.kind, lang)
    return change.to_dict() | shown | {"element_text": _element(change, base, edited, lang), "field_text": field_text}


@router.get("/api/scenarios/{name}/diff", response_model=ScenarioDiffOut, summary="What a scenario changes against its base")
async def diff(ctx: Ctx, who: Who, name: Name, lang: Lang = Lang.en) -> dict:
    def build() -> dict:
        changes = ctx.store.diff(name, who)
        scenario = ctx.store.load(name).scenario
        base, _ = ctx.store.base_of(name)
        return {
            "name": name,
            "base": scenario.spec.base,
            "changes": [change_out(c, base, scenario.network, lang.value) for c in changes],
        }

    return await run_limited(ctx, build)
