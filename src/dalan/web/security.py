"""ASGI guards: the ``Host`` allow-list, request body size, access (API keys and token, same
origin) and response headers."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

import anyio

from dalan.web.errors import ApiError
from dalan.web.users import Caller

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: The names a server on this machine is reached by; the default ``Host`` allow-list.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
#: Paths under /api that stay open without the token (liveness for load balancers and probes).
OPEN_PATHS = frozenset({"/api/health"})
#: Sent with every response: nothing is loaded from elsewhere, no framing, no sniffing.
SECURITY_HEADERS = (
    (
        b"content-security-policy",
        (
            b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            b"script-src 'self'; connect-src 'self'; font-src 'self'; frame-ancestors 'none'"
        ),
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


async def send_json(send: Send, status: int, body: dict, headers: tuple = ()) -> None:
    """Answer with a JSON body (used before the app has started a response)."""
    raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": raw})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def host_name(value: str) -> str:
    """The name in a ``Host`` header, lower case, without port or trailing dot:
    ``[::1]:8000`` → ``::1``, ``Example.org.:80`` → ``example.org``."""
    value = value.strip().lower()
    if value.startswith("["):
        name = value[1 : value.find("]")] if "]" in value else value[1:]
    else:
        name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    return name.rstrip(".")


def host_allowed(name: str, allowed: tuple[str, ...]) -> bool:
    """Whether the host ``name`` matches the allow-list: exact names, ``*.example.org`` for any
    sub-domain of ``example.org``, or ``*`` for any name."""
    for entry in allowed:
        entry = entry.strip().lower().rstrip(".")
        if entry == "*" or entry == name:
            return True
        if entry.startswith("*.") and name.endswith(entry[1:]) and len(name) > len(entry) - 1:
            return True
    return False


class HostGuard:
    """Refuse (400) every request whose ``Host`` is not on the allow-list.

    A page that rebinds its own DNS name to 127.0.0.1 can reach a loopback server from the
    victim's browser, but the browser still sends that page's name as ``Host`` (and as ``Origin``,
    so a same-origin check alone passes); refusing unknown names stops the attack."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS):
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        given = _header(scope, b"host")
        if given is None or not host_allowed(host_name(given), self.allowed_hosts):
            if scope["type"] != "http":
                return None  # a websocket is simply not accepted
            error = ApiError.of(400, "host_not_served", "host", host=given) if given else ApiError.of(400, "host_required", "host")
            return await send_json(send, 400, error.body())
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = _header(scope, b"content-length")
        too_big = ApiError.of(413, "body_too_big", None, limit=self.max_bytes).body()
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await send_json(send, 413, too_big)
        seen = 0
        refused = False

        async def limited() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes and not refused:
                refused = True
                await send_json(send, 413, too_big)
                raise _TooLarge
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:  # the app's own answer to the aborted read is dropped
                await send(message)

        try:
            await self.app(scope, limited, unless_refused)
        except _TooLarge:
            pass


class _TooLarge(Exception):
    pass


class AccessGuard:
    """Access to ``/api``: writes (POST/PUT/PATCH/DELETE) with a cross-site ``Origin`` are refused
    unless listed in ``allowed_origins``; then the caller is identified by
    ``authenticate(bearer value or None)`` (see :func:`dalan.web.users.authenticate`) and kept in
    the request state (``request.state.caller``). With a token or users configured, every request
    under ``/api`` but :data:`OPEN_PATHS` — reads of stored scenarios and jobs included — needs
    ``Authorization: Bearer KEY``; 401 otherwise, in English and Persian.

    ``authenticate`` reads the database: in a worker thread, or with ``in_loop`` (for SQLite, a
    local read of a few tens of microseconds, cheaper than the hop to a thread) in the event loop."""

    def __init__(
        self,
        app: ASGIApp,
        authenticate: Callable[[str | None], Caller | None],
        allowed_origins: tuple[str, ...] = (),
        in_loop: bool = False,
    ):
        self.app = app
        self.authenticate = authenticate
        self.allowed_origins = allowed_origins
        self.in_loop = in_loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        write = scope["method"] in UNSAFE_METHODS
        origin = _header(scope, b"origin")
        if write and origin and origin not in self.allowed_origins and urlsplit(origin).netloc != _header(scope, b"host"):
            return await send_json(send, 403, ApiError.of(403, "cross_site", "origin").body())
        if scope["method"] != "OPTIONS":
            given = bearer(_header(scope, b"authorization"))
            caller = self.authenticate(given) if self.in_loop else await anyio.to_thread.run_sync(self.authenticate, given)
            if caller is None:
                error = ApiError.of(
                    401, "auth_wrong" if given else "auth_needed", "authorization"
                )
                return await send_json(
                    send, 401, error.body(), ((b"www-authenticate", b"Bearer"),)
                )
            scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)


def bearer(header: str | None) -> str | None:
    """The key of an ``Authorization: Bearer KEY`` header (``None`` when absent or empty)."""
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip() if scheme.lower() == "bearer" else header.strip()
    return value or None


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
