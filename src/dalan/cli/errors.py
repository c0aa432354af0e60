"""Turn DalanError into one clear red line and exit code 2 — never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from dalan.errors import DalanError

F = TypeVar("F", bound=Callable)


def friendly_errors(command: F) -> F:
    """Decorate a Typer command so that a DalanError prints its message and exits with 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DalanError as exc:
            Console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2) from None

    return wrapper  # type: ignore[return-value]
