"""Command-line values that need no conversion are taken as they are, without pydantic.

Typer (0.29) converts every parameter's value with a pydantic ``TypeAdapter``: importing pydantic
and building the adapters costs a command about 50 ms, more than many commands' work. Most
values need nothing: a text option is already text, a default is already of its type. So each
parameter of a loaded command gets :class:`QuickParam`, which returns such a value as it is — a
``str`` for a ``str``, a ``list[str]`` from the repeated ``str``s, an enum member or its exact
value, a decimal integer or a plain decimal number inside the option's bounds, a file path with
Typer's default path checks, a value already of the annotated type — and hands any other value to
Typer's own conversion, which gives the same messages as before. A number written in Persian or
Arabic-Indic digits («۳», «۰٫۵») is read as the Latin one first.

The hook uses Typer's internals (``typer._coercion``); if they change it is not installed and
commands convert as Typer does (``tests/cli/test_cli_startup.py`` then fails: a route imports
pydantic again).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer.core import _TyperParameter
except ImportError:  # another Typer: convert as it does
    RuntimeParam = None  # type: ignore[assignment,misc]

#: What :func:`quick_value` returns for a value it does not take as it is.
SLOW = object()
#: A number as :func:`quick_value` takes it for a ``float``: ASCII digits, an optional sign, point
#: and exponent (no spaces, underscores, ``inf`` or ``nan``, which Typer's conversion judges).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Typer's path checks that :func:`quick_value` leaves to Typer when they differ from these defaults.
_PLAIN_PATH = {"exists": False, "file_okay": True, "dir_okay": True, "writable": False, "readable": True,
               "resolve_path": False, "allow_dash": False, "path_type": None}


def _inside(value: Any, minimum: Any, maximum: Any) -> bool:
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def quick_path(value: Any, info: Any) -> Any:
    """``value`` as a :class:`~pathlib.Path` option with Typer's default checks takes it, else
    :data:`SLOW`: a non-empty text, readable if it exists (Typer's only default check)."""
    plain = all(getattr(info, name, default) == default for name, default in _PLAIN_PATH.items())
    if not plain or type(value) is not str or not value or "\0" in value:
        return SLOW
    return Path(value) if not os.path.exists(value) or os.access(value, os.R_OK) else SLOW


def quick_value(annotation: Any, value: Any, *, minimum: Any = None, maximum: Any = None, case_sensitive: bool = True) -> Any:
    """``value`` as a parameter annotated ``annotation`` takes it when that needs no conversion,
    else :data:`SLOW`. ``minimum``/``maximum`` bound a number (inclusive)."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (Any,)
        if not isinstance(value, list | tuple):
            return SLOW
        items = [quick_value(item, v, minimum=minimum, maximum=maximum, case_sensitive=case_sensitive) for v in value]
        return SLOW if any(i is SLOW for i in items) else items
    if annotation is str:
        return value if type(value) is str else SLOW
    if annotation is int:
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if type(value) is not int:
            return SLOW
        return value if _inside(value, minimum, maximum) else SLOW
    if annotation is float:
        if isinstance(value, str) and _DECIMAL.fullmatch(value):
            value = float(value)
        if type(value) is not float or not math.isfinite(value):
            return SLOW
        return value if _inside(value, minimum, maximum) else SLOW
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        member = {str(m.value): m for m in annotation}.get(value) if isinstance(value, str) and case_sensitive else None
        return SLOW if member is None else member
    if annotation is bool and isinstance(value, bool):
        return value
    return SLOW


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class QuickParam(RuntimeParam):
        """A parameter's conversion: :func:`quick_value`, else Typer's own."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            if isinstance(value, str) and not value.isascii() and self.annotation in (int, float):
                from dalan.options import latin_number  # «۳» and «۰٫۵» are numbers too

                value = latin_number(value)
            plain = info.parser is None and not info.clamp and getattr(ctx, "token_normalize_func", None) is None
            if plain:
                quick = quick_value(
                    self.annotation, value, minimum=info.min, maximum=info.max, case_sensitive=info.case_sensitive
                )
                if quick is SLOW and self.annotation is Path:
                    quick = quick_path(value, info)
                if quick is not SLOW:
                    return quick
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def install(command: Any, ctx: Any) -> None:
    """Give every parameter of ``command`` (its help option included, which click builds on first
    use) :class:`QuickParam`, and those of its subcommands when they are built already (a plain
    group's ``commands`` is a dict; :mod:`dalan.cli.lazy`'s mapping would import every command)."""
    if RuntimeParam is None:
        return
    for param in command.get_params(ctx):
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            param._runtime_param = QuickParam(descriptor.parameter_info, descriptor.annotation, descriptor)
    commands = getattr(command, "commands", None)
    for sub in commands.values() if isinstance(commands, dict) else ():
        install(sub, ctx)
