"""Options that several commands share, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

#: ``--scheduler``: run on a Dask cluster (validated by :func:`dalan.options.parse_scheduler`).
SchedulerOption = Annotated[
    str | None, typer.Option(help="Run on the Dask cluster of this scheduler, e.g. tcp://HOST:8786 (default: here).")
]
