"""Response models of the job API in worker processes (queue position, cancel, heartbeat)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from dalan.web.schemas import JobOut


class JobStateOut(JobOut):
    """A job with its place in the queue; ``cancelled`` is a status too."""

    status: Literal["queued", "running", "done", "failed", "cancelled"]  # type: ignore[assignment]
    queue_position: int | None = Field(None, ge=1, description="1 = the next job to start; only while queued")
    owner: str | None = None
    heartbeat_at: dt.datetime | None = Field(None, description="Last sign of life of the server running the job")


class JobStatesOut(BaseModel):
    jobs: list[JobStateOut]
