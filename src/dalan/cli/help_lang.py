"""The language of ``--help``: Persian when ``--lang fa`` is on the command line or ``DALAN_LANG=fa``.

English help stays in the docstrings and ``help=`` strings; the Persian help of every command and
option is in the catalogue, keyed by the command's path (``cli.help.network.places``) and the
option's name (``cli.opt.route.avoid``). Persian help is rendered from translated copies, so the
English commands are never changed. Only imported when Persian is asked for."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typer import rich_utils

from dalan.messages import localize, render, text

try:
    from typer._click import formatting
except ImportError:  # Typer before 0.29 renders with click itself
    from click import formatting  # type: ignore[no-redef]

#: typer.rich_utils' fixed words -> catalogue id.
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "cli.rich.arguments",
    "OPTIONS_PANEL_TITLE": "cli.rich.options",
    "COMMANDS_PANEL_TITLE": "cli.rich.commands",
    "ERRORS_PANEL_TITLE": "cli.rich.error",
    "DEFAULT_STRING": "cli.rich.default",
    "ENVVAR_STRING": "cli.rich.envvar",
    "REQUIRED_LONG_STRING": "cli.rich.required",
    "ABORTED_TEXT": "cli.rich.aborted",
    "RICH_HELP": "cli.rich.try_help",
    "DEPRECATED_STRING": "cli.rich.deprecated",
}


def help_key(path: str) -> str:
    """The catalogue id of the help of the command at ``path`` (``""`` is ``dalan`` itself)."""
    return f"cli.help.{path}" if path else "cli.help"


def option_key(path: str, name: str) -> str:
    """The catalogue id of the help of option (or argument) ``name`` of the command at ``path``."""
    return f"cli.opt.{path}.{name}" if path else f"cli.opt.{name}"


class _DefaultString(str):
    """The ``[default: …]`` template, writing a number's default in Persian digits."""

    def format(self, *args: object, **kwargs: object) -> str:
        return str.format(self, *(_number(str(arg)) for arg in args), **kwargs)


def _number(value: str) -> object:
    if re.fullmatch(r"-?\d+(\.\d+)?", value) is None:
        return value
    return localize(float(value) if "." in value else int(value), "fa")


@contextmanager
def persian_words() -> Iterator[None]:
    """Typer's panel titles, ``[default: …]``, ``Usage:`` and the like in Persian, while inside."""
    saved = {name: getattr(rich_utils, name) for name in RICH_WORDS}
    write_usage = formatting.HelpFormatter.write_usage

    def persian_usage(formatter: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(formatter, prog, args, text("cli.rich.usage", "fa") if prefix is None else prefix)

    try:
        for name, key in RICH_WORDS.items():
            setattr(rich_utils, name, text(key, "fa"))
        rich_utils.DEFAULT_STRING = _DefaultString(rich_utils.DEFAULT_STRING)
        formatting.HelpFormatter.write_usage = persian_usage  # type: ignore[method-assign, assignment]
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)
        formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


def argument_key(name: str) -> str:
    """The catalogue id of the name of argument ``name`` (``origin``), in usage lines and errors."""
    return f"cli.arg.{name}"


def persian(command: Any, path: str, ctx: Any) -> Any:
    """A copy of ``command`` (and of its subcommands) with every help text from the catalogue, and
    the names of its arguments, value types and ranges and its usage line in Persian."""
    translated = copy.copy(command)
    translated.help = text(help_key(path), "fa")
    translated.short_help = None
    translated.params = [_param(param, option_key(path, param.name)) for param in command.params]
    if getattr(command, "options_metavar", None):
        translated.options_metavar = text("cli.rich.options_metavar", "fa")
    if getattr(command, "subcommand_metavar", None):
        translated.subcommand_metavar = text("cli.rich.command_metavar", "fa")
    help_option = command.get_help_option(ctx)
    translated._help_option = None if help_option is None else _param(help_option, "cli.opt.help")
    subcommands = getattr(command, "commands", None)
    if isinstance(subcommands, dict):
        translated.commands = {name: persian(sub, f"{path}.{name}".lstrip("."), ctx) for name, sub in subcommands.items()}
    return translated


def summary(path: str) -> str:
    """The first paragraph of the Persian help of the command at ``path``, for a command list."""
    return text(help_key(path), "fa").split("\n\n")[0]


def _param(param: Any, key: str) -> Any:
    """A copy of ``param`` with Persian help; an argument also gets its Persian name, and a typed
    parameter its value type (``<عدد صحیح>`` for ``<int range>``) and range (``[دست‌کم ۱]``) in
    Persian, by shadowing the two methods Typer's help calls for them on this copy only."""
    translated = copy.copy(param)
    translated.help = text(key, "fa")
    if getattr(param, "param_type_name", "") == "argument" and param.metavar is None:
        translated.metavar = text(argument_key(param.name), "fa")
    if hasattr(param, "type_descriptor"):
        translated.display_type_rich = lambda ctx: _type_label(param, ctx)
        translated._get_number_range_help_str = lambda: _range(param.min, param.max)
    return translated


#: Typer's value types in the help (``<int>``, ``<list[str]>``, ``<path>``) -> catalogue id.
TYPE_WORDS = {"str": "cli.type.text", "int": "cli.type.integer", "float": "cli.type.number", "path": "cli.type.path"}


def _type_label(param: Any, ctx: Any) -> str | None:
    """The value type of ``param`` in Persian; choices stay as typed; a flag shows none."""
    if getattr(param, "is_flag", False):
        return None
    shown = param.display_type_rich(ctx)
    if shown is None or param.type_descriptor.is_choice or param.metavar is not None:
        return shown
    label = shown.strip("<>").removesuffix(" range")
    many = label.startswith("list[")
    label = label.removeprefix("list[").removesuffix("]")
    word = text(TYPE_WORDS[label], "fa") if label in TYPE_WORDS else label
    return f"<{word}…>" if many else f"<{word}>"


def _range(low: float | None, high: float | None) -> str | None:
    """``[x>=1]`` as ``[دست‌کم ۱]``: a number's bounds in Persian."""
    if low is None and high is None:
        return None
    if high is None:
        return render("cli.range.at_least", "fa", low=low)
    if low is None:
        return render("cli.range.at_most", "fa", high=high)
    return render("cli.range.between", "fa", low=low, high=high)
