"""Why pydantic refused a value, as catalogue messages: the command line's parse errors
(:mod:`dalan.cli.parse_errors`, Typer converts with pydantic) and the API's request validation
(:mod:`dalan.web.errors`) both word pydantic's errors with these."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from dalan.messages import Text, both

#: pydantic error type -> (problem id, hint id); the hint's parameters come from the error's context.
KINDS = {
    "missing": ("problem.missing_value", "hint.see_openapi"),
    "union_tag_not_found": ("problem.missing_value", "hint.see_openapi"),
    "int_parsing": ("problem.not_an_integer", "hint.not_an_integer"),
    "int_from_float": ("problem.not_an_integer", "hint.not_an_integer"),
    "int_type": ("problem.not_an_integer", "hint.not_an_integer"),
    "float_parsing": ("problem.not_a_number", "hint.not_a_number"),
    "float_type": ("problem.not_a_number", "hint.not_a_number"),
    "finite_number": ("problem.not_finite", "hint.not_finite"),
    "greater_than_equal": ("problem.at_least", "hint.at_least"),
    "greater_than": ("problem.above", "hint.above"),
    "less_than_equal": ("problem.at_most", "hint.at_most"),
    "less_than": ("problem.below", "hint.below"),
    "string_too_long": ("problem.too_long", "hint.too_long"),
    "string_too_short": ("problem.too_short", "hint.too_short"),
    "too_long": ("problem.too_many", "hint.too_many"),
    "bool_parsing": ("problem.not_yes_no", "hint.yes_no"),
    "json_invalid": ("problem.bad_json", "hint.bad_json"),
    "model_attributes_type": ("problem.not_an_object", "hint.bad_json"),
    "dict_type": ("problem.not_an_object", "hint.bad_json"),
    "enum": ("problem.not_a_choice", "hint.choices"),
    "literal_error": ("problem.not_a_choice", "hint.choices"),
    "union_tag_invalid": ("problem.not_a_choice", "hint.choices"),
}
#: pydantic's context names -> the catalogue's placeholders.
_PARAMS = {"ge": "low", "gt": "low", "le": "high", "lt": "high", "max_length": "max_length", "min_length": "min_length"}


@dataclass(frozen=True)
class Refusal:
    """What is wrong with a value and what to give instead, in every language."""

    problem: Text
    hint: Text


def refused_value(error: Mapping[str, object]) -> object:
    """The value an error is about: its input, or the tag of a tagged union (a job's ``kind``)."""
    context = error.get("ctx")
    if isinstance(context, Mapping) and "tag" in context:
        return context["tag"]
    return error.get("input")


def refusal(error: Mapping[str, object], choices: list[str] | None = None) -> Refusal | None:
    """The :class:`Refusal` of one pydantic error (an item of ``ValidationError.errors()``); for a
    choice, ``choices`` or those the error lists. None for a kind the catalogue does not word."""
    kind = str(error.get("type", ""))
    if choices:
        kind = "enum"
    if kind not in KINDS:
        return None
    context = error.get("ctx")
    context = context if isinstance(context, Mapping) else {}
    params: dict[str, object] = {_PARAMS[k]: v for k, v in context.items() if k in _PARAMS}
    if KINDS[kind][1] == "hint.choices":
        listed = str(context.get("expected", context.get("expected_tags", "")))
        params["choices"] = choices or re.findall(r"'([^']*)'", listed)
    problem_id, hint_id = KINDS[kind]
    return Refusal(both(problem_id, **params), both(hint_id, **params))
