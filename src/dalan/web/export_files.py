"""Download files of the API (``?format=csv|xlsx|geojson|html``): tables as CSV (UTF-8 with BOM, so
spreadsheet programs read Persian names) or XLSX (openpyxl; one sheet per table, header labels in
the page language, sheets right to left in Persian), map features as GeoJSON, and the report page
the CLI writes (``dalan route --report``) as HTML."""

from __future__ import annotations

import io
import json
import re
from enum import Enum
from typing import Any

import pandas as pd
from fastapi.responses import Response

from dalan.reports._assets import plain_json
from dalan.web.export_tables import column_label


class ExportFormat(str, Enum):
    """What ``?format=`` may ask for (``json``: the usual answer)."""

    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    geojson = "geojson"
    html = "html"


MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.geojson: "application/geo+json",
    ExportFormat.html: "text/html; charset=utf-8",
}
#: OpenAPI ``responses`` entry of an endpoint that can answer a file.
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}} | {MEDIA_TYPES[f].split(";")[0]: {} for f in MEDIA_TYPES}}
}


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV with its column keys as header (UTF-8 with a byte-order mark)."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], lang: str) -> bytes:
    """A workbook with a sheet per frame: a bold header row of labels in ``lang``, then the values
    (numbers stay numbers); right to left in Persian."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.sheet_view.rightToLeft = lang == "fa"
        sheet.append([column_label(str(c), lang) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            sheet.append([plain_json(v) for v in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def geojson_bytes(collection: dict[str, Any]) -> bytes:
    return json.dumps(plain_json(collection), ensure_ascii=False, allow_nan=False).encode("utf-8")


def file_response(content: bytes, fmt: ExportFormat, stem: str) -> Response:
    """``content`` as a download named ``stem.<format>`` (the stem reduced to safe characters)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("_") or "dalan"
    return Response(
        content,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt.value}"'},
    )


def table_file(sheets: dict[str, pd.DataFrame], fmt: ExportFormat, lang: str, csv_sheet: str) -> bytes:
    """The tables as XLSX (every sheet) or CSV (``csv_sheet`` only)."""
    if fmt is ExportFormat.xlsx:
        return xlsx_bytes(sheets, lang)
    return csv_bytes(sheets[csv_sheet])
