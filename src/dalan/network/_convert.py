"""Typed conversion of raw record values (JSON values or CSV text) into model field values.

Each converter raises :class:`FieldValueError` with a message and a hint; the readers turn that into a
:class:`dalan.errors.Problem` naming the file, record and field.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import MISSING, fields

from dalan.network.model import Link, Place


class FieldValueError(ValueError):
    """A value that does not fit its field."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def to_float(value: object) -> float:
    """A finite float from a number or numeric text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FieldValueError("not a number", "give a number such as 12.5")
    try:
        number = float(value)
    except ValueError:
        raise FieldValueError(
            "not a number", "give a number such as 12.5 (no units or text)"
        ) from None
    if not math.isfinite(number):
        raise FieldValueError("not a finite number", "give a finite number")
    return number


def to_int(value: object) -> int:
    """An int from an integral number or integer text."""
    number = to_float(value)
    if not number.is_integer():
        raise FieldValueError("not a whole number", "give a whole number such as 1435")
    return int(number)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise FieldValueError("not text", 'give a text value in quotes, e.g. "IR"')
    return value


def _optional(convert: Callable[[object], object]) -> Callable[[object], object]:
    return lambda value: None if value is None else convert(value)


def _sequence_of(
    convert: Callable[[object], object], example: str
) -> Callable[[object], object]:
    def converter(value: object) -> tuple[object, ...]:
        if not isinstance(value, (list, tuple)):
            raise FieldValueError("not a list", f"give a list such as {example}")
        return tuple(convert(item) for item in value)

    return converter


#: Converter per annotation text of the model fields.
_CONVERTERS: dict[str, Callable[[object], object]] = {
    "str": _text,
    "float": to_float,
    "float | None": _optional(to_float),
    "int | None": _optional(to_int),
    "tuple[str, ...]": _sequence_of(_text, '["rail_terminal", "port"]'),
    "tuple[int, ...]": _sequence_of(to_int, "[1520, 1435]"),
}


def converters(
    model: type[Place | Link], skip: tuple[str, ...]
) -> dict[str, Callable[[object], object]]:
    """Field name → converter for the fields of ``model`` except ``skip``."""
    return {
        f.name: _CONVERTERS[str(f.type)] for f in fields(model) if f.name not in skip
    }


def required_fields(model: type[Place | Link]) -> frozenset[str]:
    """Names of the fields without a default."""
    return frozenset(
        f.name
        for f in fields(model)
        if f.default is MISSING and f.default_factory is MISSING
    )
