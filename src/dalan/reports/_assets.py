"""Packaged static assets and safe JSON embedding for inline ``<script>`` blocks."""

from __future__ import annotations

import base64
import functools
import json
import math
import numbers
from importlib.resources import files
from typing import Any, overload


@functools.cache
def static_text(name: str) -> str:
    """Text of a file in ``dalan/reports/static``."""
    return (files("dalan.reports") / "static" / name).read_text(encoding="utf-8")


@functools.cache
def static_data_uri(name: str, mime: str) -> str:
    """A file in ``dalan/reports/static`` as a base64 ``data:`` URI."""
    raw = (files("dalan.reports") / "static" / name).read_bytes()
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


#: Leaf types :func:`plain_json` keeps as they are (finite floats too).
_KEPT = frozenset({str, int, bool, type(None)})


@overload
def plain_json(value: dict) -> dict[str, Any]: ...
@overload
def plain_json(value: list | tuple) -> list[Any]: ...
@overload
def plain_json(value: object) -> object: ...
def plain_json(value: object) -> object:
    """Copy ``value`` into JSON-safe types: numpy scalars unwrapped, NaN/inf -> None."""
    kind = type(value)  # the plain types first, by identity: the ABC checks below are slow
    if kind is dict:  # plain leaves kept in place, without a call each
        return {
            k if type(k) is str else str(k): v if type(v) in _KEPT or (type(v) is float and v - v == 0.0) else plain_json(v)
            for k, v in value.items()  # type: ignore[attr-defined]
        }
    if kind is list or kind is tuple:
        return [v if type(v) in _KEPT or (type(v) is float and v - v == 0.0) else plain_json(v) for v in value]  # type: ignore[attr-defined]
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type]
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if hasattr(value, "tolist"):  # numpy arrays
        return plain_json(value.tolist())
    return str(value)


def script_json(value: object) -> str:
    """JSON that is safe inside an HTML ``<script type="application/json">`` element."""
    text = json.dumps(plain_json(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
