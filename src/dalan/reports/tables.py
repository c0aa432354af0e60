"""HTML tables from pandas DataFrames, with numbers formatted for the report language."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dalan.reports.i18n import MISSING, check_lang, format_value
from dalan.reports.page import environment

if TYPE_CHECKING:
    import pandas as pd


def table_html(
    frame: pd.DataFrame,
    lang: str = "en",
    *,
    decimals: int | Mapping[str, int] = 1,
    caption: str = "",
) -> str:
    """Render ``frame`` as an HTML table; the result is trusted HTML for ``sections_html``.

    Integers get thousands separators, other numbers ``decimals`` decimals: one value for
    all, or a mapping by column name or row (index) label, the column winning; default 1.
    A named or non-default index is shown as leading row-header columns. In Persian, all
    digits are Persian.
    """
    import pandas as pd  # lazy: heavy, and only tables need it

    check_lang(lang)
    show_index = frame.index.names != [None] or not isinstance(frame.index, pd.RangeIndex)
    data = frame.reset_index() if show_index else frame
    n_index = frame.index.nlevels if show_index else 0

    def places(column: object, row: object) -> int:
        if not isinstance(decimals, Mapping):
            return decimals
        return decimals.get(str(column), decimals.get(str(row), 1))

    names = list(frame.index.names) if show_index else []
    header = [format_value("" if n is None else str(n), lang) for n in names]
    header += [format_value(str(c), lang) for c in frame.columns]
    rows = []
    for label, record in zip(frame.index, data.itertuples(index=False, name=None), strict=True):
        cells = []
        for position, (column, value) in enumerate(zip(data.columns, record, strict=True)):
            numeric = isinstance(value, numbers.Number) and not isinstance(value, bool)
            missing = value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))
            text = MISSING if missing else format_value(value, lang, places(column, label))
            cells.append({"text": text, "numeric": numeric, "row_header": position < n_index})
        rows.append(cells)
    template = environment().get_template("table.html.j2")
    return template.render(caption=caption, header=header, rows=rows)
