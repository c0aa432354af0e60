"""ASGI guards: request body size, write access (token, same origin) and response headers."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from dalan.web.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
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


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = _header(scope, b"content-length")
        too_big = error_body(f"request body over {self.max_bytes} bytes", None, "send a smaller body")
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


class WriteGuard:
    """Writes (POST/PUT/PATCH/DELETE under /api) need the token when one is set, and a
    cross-site ``Origin`` is refused unless listed in ``allowed_origins``."""

    def __init__(self, app: ASGIApp, token: str | None, allowed_origins: tuple[str, ...] = ()):
        self.app = app
        self.token = token
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        origin = _header(scope, b"origin")
        if origin and origin not in self.allowed_origins and urlsplit(origin).netloc != _header(scope, b"host"):
            body = error_body("cross-site write refused", "origin", "call the API from the page it serves")
            return await send_json(send, 403, body)
        if self.token is not None:
            given = (_header(scope, b"authorization") or "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                body = error_body("this server needs a token for writes", "authorization", "send 'Authorization: Bearer TOKEN'")
                return await send_json(send, 401, body, ((b"www-authenticate", b"Bearer"),))
        await self.app(scope, receive, send)


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
