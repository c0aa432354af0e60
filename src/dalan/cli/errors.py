"""Turn DalanError into one clear red line, in the command's ``--lang``, and exit code 2 — never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from dalan.errors import DalanError
from dalan.messages import LANGUAGES, text

F = TypeVar("F", bound=Callable)


def friendly_errors(command: F) -> F:
    """Decorate a Typer command so that a DalanError prints its message (in the language of the
    command's ``lang`` option, if it has one) and exits with 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DalanError as exc:
            lang = str(getattr(kwargs.get("lang"), "value", kwargs.get("lang")))
            lang = lang if lang in LANGUAGES else "en"
            prefix = text("error.prefix", lang)
            Console(stderr=True).print(f"[red]{prefix}:[/red] {escape(exc.message(lang))}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]
