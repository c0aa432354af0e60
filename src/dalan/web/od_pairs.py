"""The OD pairs of a job: a list of (origin, destination) names or ids, or uploaded CSV text read
by the CLI's own reader (:func:`dalan.scenarios.compare.read_od_pairs`) — a file the CLI takes,
the page takes, and a bad line gets the same message, naming the upload, line, field and value.
Default: the shipped OD set."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from pathlib import Path

from dalan.errors import InputError, UnknownPlaceError
from dalan.messages import both
from dalan.network.model import Network
from dalan.network.search import PlaceIndex
from dalan.scenarios.compare import read_od_pairs
from dalan.web.errors import ApiError, PlaceNotFound

#: What an uploaded OD file is called in messages (the server never sees a client's path).
UPLOAD_NAME = both("web.od_upload")

Pairs = tuple[tuple[str, str], ...]


def read_upload(text: str, network: Network) -> Pairs:
    """The pairs of uploaded CSV text (``origin,destination`` header); InputError as the CLI gives
    for a file, with the upload's name in place of the temporary file's."""
    with tempfile.TemporaryDirectory(prefix="dalan-od-") as folder:
        path = Path(folder) / "od.csv"
        path.write_text(text, encoding="utf-8")
        try:
            return read_od_pairs(path, network)
        except InputError as error:
            def hide(value: object) -> object:
                if value == str(path):
                    return UPLOAD_NAME
                return value.replace(str(path), str(UPLOAD_NAME)) if isinstance(value, str) else value

            raise InputError(
                [dataclasses.replace(p, file=UPLOAD_NAME if p.file else "", message=str(hide(p.message)), params={k: hide(v) for k, v in p.params.items()})
                 for p in error.problems]
            ) from None  # fmt: skip


def job_pairs(
    network: Network, index: PlaceIndex, pairs: Sequence[tuple[str, str]] | None, csv_text: str | None, limit: int
) -> Pairs:
    """The OD pairs a job asked for (ids, duplicates dropped, at most ``limit``); 422 errors name
    ``params.od_pairs`` or ``params.od_csv``."""
    if pairs is not None and csv_text is not None:
        raise ApiError.of(422, "od_both", "params.od_csv")
    if csv_text is not None:
        found, field = read_upload(csv_text, network), "params.od_csv"
    elif pairs is not None:
        try:
            found, field = tuple(dict.fromkeys((index.find(o).id, index.find(d).id) for o, d in pairs)), "params.od_pairs"
        except UnknownPlaceError as exc:
            raise PlaceNotFound(exc, "params.od_pairs") from None
    else:
        found, field = read_od_pairs(None, network), "params.od_pairs"
    if len(found) > limit:
        raise ApiError.of(422, "od_too_many", field, count=len(found), limit=limit)
    return found
