"""``dalan users add|list|revoke``: the users of the web API and their API keys.

The key is printed once, by ``add``; the database keeps only its SHA-256 (see
:mod:`dalan.web.users`). Commands work on the server's database (``--db`` or ``DALAN_DB``;
default: SQLite in the user data directory), migrating it first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dalan.choices import Lang
from dalan.reports.i18n import format_date

users_app = typer.Typer(help="Users of the web API and their API keys.", no_args_is_help=True)

Db = Annotated[
    str | None,
    typer.Option(help="Database URL (default: SQLite in the user data directory).", envvar="DALAN_DB", show_envvar=True),
]
LangOption = Annotated[Lang, typer.Option(help="Language of the messages.")]


@contextmanager
def _database(db: str | None) -> Iterator[Any]:
    """The users' database, disposed of afterwards."""
    from sqlalchemy.exc import ArgumentError

    from dalan.web.db import open_database

    try:
        engine = open_database(db)
    except ArgumentError as exc:  # not a database URL: say so, no traceback
        Console(stderr=True).print(escape(f"error: --db {db!r}: not a database URL ({exc}); give e.g. sqlite:///path/dalan.db or postgresql://user@host/dalan"), soft_wrap=True)
        raise typer.Exit(code=2) from None
    try:
        yield engine
    finally:
        engine.dispose()


def _refused(lang: Lang):
    """A context that prints a refused user command in ``lang`` and exits with 2."""
    from contextlib import contextmanager

    from dalan.web.users import UserError

    @contextmanager
    def guard():
        try:
            yield
        except UserError as exc:
            label = "خطا" if lang is Lang.fa else "error"
            Console(stderr=True).print(f"[red]{label}:[/red] {escape(exc.message(lang.value))}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=2) from None

    return guard()


@users_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="User name: lower-case letters, digits, '.', '-', '_'.")],
    db: Db = None,
    lang: LangOption = Lang.en,
) -> None:
    """Add a user (or give a revoked one a new key) and print their API key, once."""
    from dalan.web.messages import text
    from dalan.web.users import add_user

    with _database(db) as engine, _refused(lang):
        key = add_user(engine, name)
    typer.echo(text("user_added", lang.value, name=name), err=True)
    typer.echo(key)  # alone on stdout: KEY=$(dalan users add NAME)


@users_app.command("list")
def list_command(db: Db = None, lang: LangOption = Lang.en) -> None:
    """List the users, with when they were added and revoked (keys are never shown)."""
    from dalan.web.messages import text
    from dalan.web.users import list_users

    with _database(db) as engine:
        rows = list_users(engine)
    console = Console(soft_wrap=True)
    if not rows:
        console.print(escape(text("no_users", lang.value)))
        return
    lg = lang.value
    table = Table(*(text(key, lg) for key in ("user", "created", "revoked")))
    for row in rows:
        revoked = format_date(row.revoked_at.date(), lg) if row.revoked_at else text("active", lg)
        table.add_row(escape(row.name), format_date(row.created_at.date(), lg), revoked)
    console.print(table)


@users_app.command("revoke")
def revoke_command(
    name: Annotated[str, typer.Argument(help="The user whose key stops working.")],
    db: Db = None,
    lang: LangOption = Lang.en,
) -> None:
    """Revoke a user's key at once; their scenarios and jobs stay theirs."""
    from dalan.web.messages import text
    from dalan.web.users import revoke_user

    with _database(db) as engine, _refused(lang):
        revoke_user(engine, name)
    typer.echo(text("user_revoked", lang.value, name=name))
