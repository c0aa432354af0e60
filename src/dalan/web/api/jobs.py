"""Background jobs: ``POST /api/jobs`` (kind + params) → id; ``GET /api/jobs/{id}`` → state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.engine import Row

from dalan.choices import Lang
from dalan.web.context import AppContext, context, run_limited
from dalan.web.schemas import ErrorOut, JobIn, JobOut, JobsOut

router = APIRouter(tags=["jobs"], responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]


def job_out(ctx: AppContext, row: Row, lang: Lang, with_result: bool = True) -> dict:
    kind = ctx.jobs.kinds.get(row.kind)
    done = row.status == "done" and row.result is not None
    display = kind.display(row.result, lang.value) if done and with_result and kind and kind.display else None
    return {
        "id": row.id, "kind": row.kind, "status": row.status, "progress": row.progress, "params": row.params,
        "result": row.result if with_result else None, "error": row.error, "display": display,
        "created_at": row.created_at, "started_at": row.started_at, "finished_at": row.finished_at,
    }  # fmt: skip


@router.post("/api/jobs", response_model=JobOut, status_code=202, summary="Start a background job")
async def submit_job(ctx: Ctx, body: JobIn, lang: Lang = Lang.en) -> dict:
    def start() -> dict:
        return job_out(ctx, ctx.jobs.get(ctx.jobs.submit(body.kind, body.params)), lang)

    return await run_limited(ctx, start)


@router.get("/api/jobs", response_model=JobsOut, summary="The latest jobs (without results)")
async def list_jobs(ctx: Ctx, limit: Annotated[int, Query(ge=1, le=100)] = 20, lang: Lang = Lang.en) -> dict:
    return await run_limited(ctx, lambda: {"jobs": [job_out(ctx, row, lang, False) for row in ctx.jobs.recent(limit)]})


@router.get("/api/jobs/{job_id}", response_model=JobOut, summary="A job's status, progress and result")
async def get_job(ctx: Ctx, job_id: Annotated[str, Path(max_length=64)], lang: Lang = Lang.en) -> dict:
    return await run_limited(ctx, lambda: job_out(ctx, ctx.jobs.get(job_id), lang))
