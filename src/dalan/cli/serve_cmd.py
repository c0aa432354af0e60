"""``dalan serve``: the web app (HTTP API and bilingual map page) on uvicorn."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from dalan.choices import Lang
from dalan.errors import InputError, Problem
from dalan.messages import render


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind: str, extra: list[str]) -> tuple[str, ...]:
    """The ``Host`` allow-list of ``dalan serve``: the loopback names, the address it binds to
    (unless a wildcard such as 0.0.0.0), ``--allowed-host`` and ``DALAN_ALLOWED_HOSTS``."""
    from dalan.web.app import hosts_from_env
    from dalan.web.security import LOOPBACK_HOSTS

    own = () if bind in ("0.0.0.0", "::", "") else (bind,)
    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, *own, *extra, *hosts_from_env())))


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    db: Annotated[
        str | None, typer.Option(help="Database URL (default: SQLite in the user data directory; postgresql://… works).")
    ] = None,
    token: Annotated[
        str | None, typer.Option(help="Token required for writes (or set DALAN_TOKEN).", envvar="DALAN_TOKEN", show_envvar=True)
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A host name the server may be reached by, besides localhost/127.0.0.1/::1 (repeat; "
            "'*.example.org' for sub-domains; or set DALAN_ALLOWED_HOSTS). Requests for other names are refused.",
        ),
    ] = None,
    lang: Annotated[
        Lang, typer.Option(help="Language of this command's messages (the page has its own language switch).")
    ] = Lang.en,
) -> None:
    """Serve the API at /api and the map page at / (open http://HOST:PORT/ in a browser)."""
    import uvicorn

    from dalan.web import create_app

    token = token or os.environ.get("DALAN_TOKEN") or None
    if not is_loopback(host) and token is None:
        raise InputError(
            Problem.of("serve", "host", host, "needs_token", "needs_token")
        )
    hosts = allowed_hosts(host, allowed_host or [])
    app = create_app(db, token, allowed_hosts=hosts)
    typer.echo(render("cli.serving", lang.value, url=f"http://{host}:{port}/", schema="/openapi.json"))
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
