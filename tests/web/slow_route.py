"""A deliberately endless route computation, run in a route worker process by the time-limit
test, and a probe of the worker's garbage collector (importable by name in the worker, unlike a
function defined in a test module)."""

from __future__ import annotations

import gc
import os
from pathlib import Path


def spin(marker: str, _store: object, _request: object) -> dict:
    """Write this worker's pid to ``marker``, then compute for ever (pure Python, never yields)."""
    Path(marker).write_text(str(os.getpid()))
    count = 0
    while True:
        count += 1


def frozen_objects(_store: object) -> int:
    """How many objects the worker has moved out of the collector's scans (``gc.freeze``)."""
    return gc.get_freeze_count()
