"""Commands that import their module only when they run, so that ``dalan --help`` and each command
start fast: a command's module (and the libraries it needs: numba, scipy, pandas, fastapi …) is
imported when that command is invoked, and the command list shows a summary kept next to the
registration instead of importing every command to read its docstring."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import import_module
from typing import Any, ClassVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

try:
    from typer._click.core import ParameterSource
    from typer._click.exceptions import UsageError
except ImportError:  # Typer before 0.29 uses click's own
    from click.core import ParameterSource  # type: ignore[assignment]
    from click.exceptions import UsageError  # type: ignore[assignment]

from dalan.cli.coercion import install


@dataclass(frozen=True)
class LazyCommand:
    """A command registered by where it lives, not by its object."""

    name: str
    target: str
    """``"module:attribute"``: a command function, or a :class:`typer.Typer` of subcommands."""
    help: str
    """The first paragraph of the command's help, as ``dalan --help`` lists it (a test keeps the two
    equal)."""
    friendly: bool = False
    """Wrap the function in :func:`dalan.cli.errors.friendly_errors`."""

    def load(self) -> Any:
        """Import the module and build the click command (or group) that Typer would have built."""
        module, attribute = self.target.split(":")
        obj = getattr(import_module(module), attribute)
        command: Any
        if isinstance(obj, typer.Typer):
            command = typer.main.get_group(obj)
        else:
            if self.friendly:
                from dalan.cli.errors import friendly_errors

                obj = friendly_errors(obj)
            single = typer.Typer(add_completion=False)
            single.command(self.name)(obj)
            command = typer.main.get_command(single)
        command.name = self.name
        return command

    def summary(self) -> TyperCommand:
        """A stand-in that carries only the name and help, for listing."""
        return TyperCommand(self.name, help=self.help)


def _lang_options(args: Sequence[str]) -> tuple[list[str], int]:
    """The values of the ``--lang X``/``--lang=X`` options among ``args``, in order, and how many
    of ``args`` those options take."""
    values, taken, i = [], 0, 0
    while i < len(args):
        if args[i] == "--lang" and i + 1 < len(args):
            values.append(args[i + 1])
            taken, i = taken + 2, i + 2
            continue
        if args[i].startswith("--lang="):
            values.append(args[i].removeprefix("--lang="))
            taken += 1
        i += 1
    return values, taken


def help_lang(args: Sequence[str]) -> str:
    """The language of the help: the last ``--lang fa``/``--lang=fa`` (or ``en``) among ``args``, else
    ``DALAN_LANG`` (``fa`` for Persian), else English."""
    values, _ = _lang_options(args)
    chosen = values[-1] if values else os.environ.get("DALAN_LANG", "en")
    return "fa" if chosen == "fa" else "en"


def _only_lang(args: Sequence[str]) -> bool:
    """True when ``args`` are nothing but ``--lang X`` / ``--lang=X`` options."""
    return bool(args) and _lang_options(args)[1] == len(args)


class _Commands(MutableMapping[str, Any]):
    """Name -> click command, loading a lazy one on first access; iterating lists names only."""

    def __init__(self, lazy: Sequence[LazyCommand], eager: MutableMapping[str, Any]) -> None:
        self.lazy = {spec.name: spec for spec in lazy}
        self.loaded = dict(eager)

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            self.loaded[name] = self.lazy[name].load()
        return self.loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.lazy.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.loaded
        yield from (name for name in self.lazy if name not in self.loaded)

    def __len__(self) -> int:
        return len(self.loaded.keys() | self.lazy.keys())

    def summary(self, name: str) -> Any:
        """The loaded command if there is one, else the stand-in of the lazy one (None if unknown)."""
        if name in self.loaded:
            return self.loaded[name]
        spec = self.lazy.get(name)
        return spec.summary() if spec is not None else None


class LazyGroup(TyperGroup):
    """A Typer group with ``lazy_commands`` (set by a subclass, passed as ``typer.Typer(cls=...)``).

    Invoking a command, ``dalan CMD --help`` and ``get_command`` load the real command; only the
    command list of ``dalan --help`` and shell completion of command names use the summaries.
    Values that need no conversion skip Typer's pydantic (:mod:`dalan.cli.coercion`). In Persian
    (:func:`help_lang`) every help text comes from the catalogue (:mod:`dalan.cli.help_lang`)."""

    lazy_commands: ClassVar[Sequence[LazyCommand]] = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = self._lazy = _Commands(self.lazy_commands, self.commands)
        self._listing = False
        self._lang = "en"

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        self._lang = help_lang(sys.argv[1:] if args is None else args)
        with ExitStack() as stack:
            if self._lang == "fa":
                from dalan.cli.help_lang import persian_words

                stack.enter_context(persian_words())
            return super().main(args, *rest, **kwargs)

    @contextmanager
    def _summaries(self) -> Iterator[None]:
        listing, self._listing = self._listing, True
        try:
            yield
        finally:
            self._listing = listing

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self._lang != "fa":
            return pieces
        from dalan.messages import text

        persian = {self.options_metavar: text("cli.rich.options_metavar", "fa"), self.subcommand_metavar: text("cli.rich.command_metavar", "fa")}
        return [persian.get(piece, piece) for piece in pieces]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        with self._errors_in_lang():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with self._errors_in_lang():
            return super().invoke(ctx)

    @contextmanager
    def _errors_in_lang(self) -> Iterator[None]:
        """Click's and Typer's usage errors (a bad option, a missing argument …), raised while the
        command line is parsed, re-worded from the catalogue in the command line's language."""
        try:
            yield
        except UsageError as error:
            from dalan.cli.parse_errors import translate

            translated = translate(error, self._lang)
            if translated is error:
                raise
            raise translated from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        install(self, ctx)
        if self.no_args_is_help and _only_lang(args):  # ``dalan --lang fa``: the help, in that language
            args = []
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing:
            listed = self._lazy.summary(cmd_name)
            if self._lang == "fa" and listed is not None:
                from dalan.cli.help_lang import summary

                return TyperCommand(cmd_name, help=summary(cmd_name))
            return listed
        command = self.commands.get(cmd_name)
        if command is not None:
            install(command, ctx)
            self._pass_lang_down(ctx, cmd_name, command)
            if self._lang == "fa":
                from dalan.cli.help_lang import persian

                return persian(command, cmd_name, ctx)
        return command

    @staticmethod
    def _pass_lang_down(ctx: Any, cmd_name: str, command: Any) -> None:
        """``dalan --lang fa CMD …`` (or ``DALAN_LANG=fa``): make ``fa`` the default of ``--lang`` of
        ``CMD`` (and of the commands of a group ``CMD``) through click's ``default_map``;
        ``CMD --lang`` still wins."""
        lang = ctx.params.get("lang")
        if lang is None or ctx.get_parameter_source("lang") != ParameterSource.COMMANDLINE:
            lang = os.environ.get("DALAN_LANG")
            if lang not in ("en", "fa"):
                return

        def defaults(command: Any) -> dict[str, Any]:
            subcommands = getattr(command, "commands", None)
            below = subcommands.items() if isinstance(subcommands, dict) else ()
            return {"lang": getattr(lang, "value", lang), **{name: defaults(sub) for name, sub in below}}

        ctx.default_map = {**(ctx.default_map or {}), cmd_name: defaults(command)}

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._summaries():
            if self._lang == "fa":
                from dalan.cli.help_lang import persian

                TyperGroup.format_help(persian(self, "", ctx), ctx, formatter)
            else:
                super().format_help(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._summaries():
            return super().shell_complete(ctx, incomplete)
