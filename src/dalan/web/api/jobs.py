"""Background jobs: ``POST /api/jobs`` (kind + params) → id; ``GET /api/jobs/{id}`` → state;
``DELETE /api/jobs/{id}`` cancels (a running job's worker process is killed). A job belongs to
the caller who submitted it: only they (and the admin) see, list and cancel it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.engine import Row

from dalan.choices import Lang
from dalan.web.access import caller, can_see_job
from dalan.web.context import AppContext, context, run_limited
from dalan.web.errors import ApiError
from dalan.web.export_files import (
    FILE_RESPONSES,
    ExportFormat,
    file_response,
    geojson_bytes,
    table_file,
)
from dalan.web.job_schemas import JobStateOut, JobStatesOut
from dalan.web.schemas import ErrorOut, JobIn, WholeNumber
from dalan.web.users import Caller

router = APIRouter(tags=["jobs"], responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]
JobId = Annotated[str, Path(max_length=64)]
Who = Annotated[Caller, Depends(caller)]
#: The parameters of job kinds that name a scenario: the caller must be allowed to read it.
SCENARIO_PARAMS = ("a", "b", "scenario", "baseline", "scenarios")


def visible_job(ctx: AppContext, job_id: str, who: Caller) -> Row:
    """The job ``job_id`` if ``who`` may see it; 404 (in English and Persian) otherwise."""
    try:
        row = ctx.jobs.get(job_id)
    except ApiError:
        row = None
    if row is None or not can_see_job(row, who):
        raise ApiError.of(404, "job_unknown", "id", id=job_id)
    return row


def check_scenarios(ctx: AppContext, params: BaseModel, who: Caller) -> None:
    """422 when a job's parameters name a scenario ``who`` may not read (or that is gone)."""
    for field in SCENARIO_PARAMS:
        value = getattr(params, field, None)
        for name in [value] if isinstance(value, str) else value or []:
            ctx.store.readable(name, who, f"params.{field}", 422)


def job_out(ctx: AppContext, row: Row, lang: Lang, with_result: bool = True) -> dict:
    kind = ctx.jobs.kinds.get(row.kind)
    done = row.status == "done" and row.result is not None
    display = kind.display(row.result, lang.value) if done and with_result and kind and kind.display else None
    return {
        "id": row.id, "kind": row.kind, "status": row.status, "progress": row.progress, "params": row.params,
        "result": row.result if with_result else None, "error": row.error, "display": display,
        "created_at": row.created_at, "started_at": row.started_at, "finished_at": row.finished_at,
        "queue_position": ctx.jobs.queue_position(row), "owner": row.owner, "heartbeat_at": row.heartbeat_at,
    }  # fmt: skip


@router.post(
    "/api/jobs",
    response_model=JobStateOut,
    status_code=202,
    summary="Start a background job",
)
async def submit_job(ctx: Ctx, who: Who, body: JobIn, lang: Lang = Lang.en) -> dict:
    """The job belongs to the caller; its scenarios must be ones the caller may read."""

    def start() -> dict:
        check_scenarios(ctx, body.params, who)
        return job_out(
            ctx, ctx.jobs.get(ctx.jobs.submit(body.kind, body.params, who.name)), lang
        )

    return await run_limited(ctx, start)


@router.post(
    "/api/jobs/{job_id}/rerun",
    response_model=JobStateOut,
    status_code=202,
    summary="Start a new job with the kind and parameters of an earlier one",
)
async def rerun_job(ctx: Ctx, who: Who, job_id: JobId, lang: Lang = Lang.en) -> dict:
    """Any job the caller sees (finished, failed, cancelled or still running) can be run again: the
    new job belongs to the caller and is checked like a new submission (its scenarios must still
    exist and be readable: a deleted one is a 422)."""

    def start() -> dict:
        row = visible_job(ctx, job_id, who)
        kind = ctx.jobs.kinds.get(row.kind)
        if kind is None:
            raise ApiError.of(422, "job_kind_unknown", "kind", kind=row.kind, kinds=", ".join(ctx.jobs.kinds))
        params = kind.params.model_validate(row.params)
        check_scenarios(ctx, params, who)
        return job_out(ctx, ctx.jobs.get(ctx.jobs.submit(row.kind, params, who.name)), lang)

    return await run_limited(ctx, start)


@router.get(
    "/api/jobs",
    response_model=JobStatesOut,
    summary="The caller's latest jobs (without results); the admin's: everyone's",
)
async def list_jobs(
    ctx: Ctx,
    who: Who,
    limit: Annotated[WholeNumber, Query(ge=1, le=100)] = 20,
    lang: Lang = Lang.en,
) -> dict:
    def build() -> dict:
        rows = ctx.jobs.recent(limit, None if who.admin else who.name)
        return {"jobs": [job_out(ctx, row, lang, False) for row in rows]}

    return await run_limited(ctx, build)


@router.get(
    "/api/jobs/{job_id}",
    response_model=JobStateOut,
    summary="A job's status, progress and result",
)
async def get_job(ctx: Ctx, who: Who, job_id: JobId, lang: Lang = Lang.en) -> dict:
    return await run_limited(
        ctx, lambda: job_out(ctx, visible_job(ctx, job_id, who), lang)
    )


@router.delete(
    "/api/jobs/{job_id}",
    response_model=JobStateOut,
    summary="Cancel a queued or running job",
    responses={409: {"model": ErrorOut}},
)
async def cancel_job(ctx: Ctx, who: Who, job_id: JobId, lang: Lang = Lang.en) -> dict:
    """A queued job is cancelled at once; a running one when its worker process has been killed
    (within a heartbeat, also when another server runs it). A finished job: 409. Only the job's
    owner (or the admin) may cancel it; to others it does not exist (404)."""

    def cancel() -> dict:
        visible_job(ctx, job_id, who)
        ctx.jobs.cancel(job_id)
        return job_out(ctx, ctx.jobs.wait(job_id, timeout=min(10.0, ctx.settings.request_timeout_s / 2)), lang, False)

    return await run_limited(ctx, cancel)


@router.get(
    "/api/jobs/{job_id}/export",
    summary="A finished job's result as a download: CSV (one table), XLSX (every table) or GeoJSON",
    responses={**FILE_RESPONSES, 409: {"model": ErrorOut}},
)
async def export_job(
    ctx: Ctx,
    who: Who,
    job_id: JobId,
    format: Annotated[ExportFormat, Query(description="csv, xlsx or geojson (comparisons)")] = ExportFormat.csv,
    table: Annotated[
        str | None,
        Query(max_length=32, description="The table of a csv download (compare: pairs, shares); default: the first"),
    ] = None,
    lang: Lang = Lang.en,
) -> Response:
    """Columns carry stable English keys (XLSX: labels in ``lang``); names are in ``lang``."""

    def build() -> Response:
        row = visible_job(ctx, job_id, who)
        kind = ctx.jobs.kinds.get(row.kind)
        if row.status != "done" or row.result is None:
            raise ApiError.of(409, "job_not_done", "id", id=job_id, state=row.status)
        formats = [f.value for f, fn in ((ExportFormat.csv, kind and kind.tables), (ExportFormat.xlsx, kind and kind.tables),
                                         (ExportFormat.geojson, kind and kind.features)) if fn]  # fmt: skip
        if kind is None or format.value not in formats:
            raise ApiError.of(422, "export_unavailable", "format", kind=row.kind, format=format.value, formats=", ".join(formats) or "-")
        stem = f"dalan-{row.kind}-{job_id[:8]}"
        if format is ExportFormat.geojson:
            assert kind.features is not None
            return file_response(geojson_bytes(kind.features(row.result, lang.value)), format, stem)
        assert kind.tables is not None
        sheets = kind.tables(row.result, lang.value)
        name = table or next(iter(sheets))
        if name not in sheets:
            raise ApiError.of(422, "export_table_unknown", "table", kind=row.kind, table=name, tables=", ".join(sheets))
        content = table_file(sheets, format, lang.value, name)
        return file_response(content, format, stem if format is ExportFormat.xlsx else f"{stem}-{name}")

    return await run_limited(ctx, build)
