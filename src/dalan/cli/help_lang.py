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

from dalan.messages import localize, text

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


def persian(command: Any, path: str, ctx: Any) -> Any:
    """A copy of ``command`` (and of its subcommands) with every help text from the catalogue."""
    translated = copy.copy(command)
    translated.help = text(help_key(path), "fa")
    translated.short_help = None
    translated.params = [_param(param, option_key(path, param.name)) for param in command.params]
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
    translated = copy.copy(param)
    translated.help = text(key, "fa")
    return translated
