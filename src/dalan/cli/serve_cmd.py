"""``dalan serve``: the web app (HTTP API and bilingual map page) on uvicorn."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from dalan.errors import InputError, Problem


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    db: Annotated[
        str | None, typer.Option(help="Database URL (default: SQLite in the user data directory; postgresql://… works).")
    ] = None,
    token: Annotated[
        str | None, typer.Option(help="Token required for writes (or set DALAN_TOKEN).", envvar="DALAN_TOKEN", show_envvar=True)
    ] = None,
) -> None:
    """Serve the API at /api and the map page at / (open http://HOST:PORT/ in a browser)."""
    import uvicorn

    from dalan.web import create_app

    token = token or os.environ.get("DALAN_TOKEN") or None
    if not is_loopback(host) and token is None:
        raise InputError(
            Problem("serve", "host", host, "writes from other machines need a token", "pass --token or set DALAN_TOKEN")
        )
    app = create_app(db, token)
    typer.echo(f"dalan: http://{host}:{port}/  (API schema: /openapi.json)")
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
