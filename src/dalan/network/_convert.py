"""Typed conversion of raw record values (JSON values or CSV text) into model field values.

Each converter raises :class:`FieldValueError` with a message and a hint; the readers turn that into a
:class:`dalan.errors.Problem` naming the file, record and field.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import MISSING, fields

from dalan.errors import Said
from dalan.network.model import Link, Place


class FieldValueError(ValueError):
    """A value that does not fit its field: why, and a hint, as catalogue ids (:class:`Said`)."""

    def __init__(self, message_id: str, hint_id: str, **params: object):
        self.said = Said.of(message_id, hint_id, **params)
        super().__init__(self.said.message)


def to_float(value: object) -> float:
    """A finite float from a number or numeric text."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FieldValueError("not_a_number_short", "number_such_as")
    try:
        number = float(value)
    except ValueError:
        raise FieldValueError("not_a_number_short", "number_no_units") from None
    if not math.isfinite(number):
        raise FieldValueError("not_finite_number", "not_finite")
    return number


def to_int(value: object) -> int:
    """An int from an integral number or integer text."""
    number = to_float(value)
    if not number.is_integer():
        raise FieldValueError("not_whole", "whole_such_as")
    return int(number)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise FieldValueError("not_text", "text_in_quotes")
    return value


def _optional(convert: Callable[[object], object]) -> Callable[[object], object]:
    return lambda value: None if value is None else convert(value)


def _sequence_of(
    convert: Callable[[object], object], example: str
) -> Callable[[object], object]:
    def converter(value: object) -> tuple[object, ...]:
        if not isinstance(value, (list, tuple)):
            raise FieldValueError("not_a_list", "list_such_as", example=example)
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
