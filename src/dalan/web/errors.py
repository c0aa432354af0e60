"""Every failure as a JSON body ``{"error", "field", "hint"}`` with a 4xx status (and, for the
messages of :mod:`dalan.web.messages`, ``error_fa``/``hint_fa`` in Persian).

DalanError subclasses map to 422 (bad input that was well-formed), request validation to 422
(worded by the catalogue through :mod:`dalan.refusals`, with ``error_fa``/``hint_fa``),
:class:`ApiError` carries its own status (404, 409, 403, 401, 413, 503 …). Anything unexpected is
logged and answered 500 without internals; the API tests make sure bad input never gets there.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from dalan.errors import DalanError, InputError, NoRouteError, UnknownPlaceError
from dalan.refusals import refusal, refused_value
from dalan.web.messages import both, has

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, the field it concerns and a hint (optionally in Persian too)."""

    def __init__(
        self,
        status: int,
        message: str,
        field: str | None = None,
        hint: str | None = None,
        *,
        message_fa: str | None = None,
        hint_fa: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.hint = hint
        self.message_fa = message_fa
        self.hint_fa = hint_fa

    @classmethod
    def of(
        cls, status: int, key: str, field: str | None = None, **fields: object
    ) -> ApiError:
        """The error whose English and Persian texts are the message ``key`` (and its hint)."""
        message, message_fa = both(key, **fields)
        hint, hint_fa = (
            both(key + ".hint", **fields) if has(key + ".hint") else (None, None)
        )
        return cls(status, message, field, hint, message_fa=message_fa, hint_fa=hint_fa)

    def body(self) -> dict:
        persian = (
            {"error_fa": self.message_fa, "hint_fa": self.hint_fa}
            if self.message_fa
            else {}
        )
        return error_body(self.message, self.field, self.hint, **persian)


class ForwardedError(Exception):
    """A JSON error answered by a worker process, passed on as it is."""

    def __init__(self, status: int, body: dict):
        super().__init__(body.get("error"))
        self.status = status
        self.body = body


class PlaceNotFound(ApiError):
    """An unknown place in a given request field, with the closest names as the hint."""

    def __init__(self, error: UnknownPlaceError, field: str):
        close = error.close
        message, message_fa = both("unknown_place", query=error.query)
        hint, hint_fa = both("unknown_place.hint", suggestions=close) if close else both("unknown_place.search")
        super().__init__(422, message, field, hint, message_fa=message_fa, hint_fa=hint_fa)


def error_body(message: str, field: str | None = None, hint: str | None = None, **extra: object) -> dict:
    return {"error": message, "field": field, "hint": hint, **extra}


def dalan_error_body(exc: DalanError) -> dict:
    """The JSON body of a library error: InputError's first problem names the field and hint."""
    if isinstance(exc, InputError):
        first = exc.problems[0]
        problems = [
            {"record": p.record, "field": p.field, "value": str(p.value), "message": p.message, "hint": p.hint}
            for p in exc.problems
        ]
        return error_body(str(exc), first.field or None, first.hint or None, problems=problems, **_persian(exc))
    if isinstance(exc, NoRouteError):
        return error_body(str(exc), None, exc.reason, **_persian(exc))
    if isinstance(exc, UnknownPlaceError):
        return error_body(str(exc), None, ", ".join(exc.suggestions) or None, **_persian(exc))
    return error_body(str(exc), **_persian(exc))


def _persian(exc: DalanError) -> dict[str, str]:
    """``error_fa``: the library's Persian message, where its catalogue has one."""
    fa = exc.message("fa")
    return {"error_fa": fa} if fa != str(exc) else {}


def _field(error: dict) -> str | None:
    """The request field of a validation error: ``alternatives``, ``params.a`` … (a missing or
    unknown union tag, e.g. a job ``kind``, names the tag field)."""
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":  # its place is a character offset in the body
        return None
    if error.get("type", "").startswith("union_tag_"):
        loc += (str(error.get("ctx", {}).get("discriminator", "")).strip("'"),)
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header")]
    return ".".join(parts) or None


def _told(error: dict) -> tuple[str, str, str, str]:
    """One request-validation error as (English, Persian) message and hint, from the catalogue."""
    field = _field(error)
    found = refusal(error)
    value = str(refused_value(error))
    if field is None and found is not None:  # the body itself: not JSON, or not an object
        message = both("request_body", problem=found.problem)
    elif error.get("type") in ("missing", "union_tag_not_found"):
        message = both("request_missing", field=field)
    elif found is None:
        message = both("request_invalid_value", field=field, value=value)
    else:
        message = both("request_invalid", field=field, value=value, problem=found.problem)
    hint = (found.hint.en, found.hint.fa) if found is not None else both("request.hint")
    return message[0], message[1], hint[0], hint[1]


async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's own 422 (a missing parameter, a wrong type …) worded by the catalogue, in English
    and Persian like every API error; ``problems`` lists each error."""
    errors = exc.errors() or [{"loc": (), "type": "model_type", "input": None}]
    message, message_fa, hint, hint_fa = _told(errors[0])
    details = []
    for error in errors:
        en, fa, _, _ = _told(error)
        details.append({"field": _field(error), "message": en, "message_fa": fa})
    body = error_body(message, _field(errors[0]), hint, error_fa=message_fa, hint_fa=hint_fa, problems=details)
    return JSONResponse(body, 422)


async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.body(), exc.status, headers=headers)


async def _forwarded(_request: Request, exc: ForwardedError) -> JSONResponse:
    return JSONResponse(exc.body, exc.status)


async def _dalan_error(_request: Request, exc: DalanError) -> JSONResponse:
    return JSONResponse(dalan_error_body(exc), 422)


async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse(error_body(str(exc.detail)), exc.status_code, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body("internal error; the server log has the details"), 500)


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    # Starlette types every handler as taking a plain Exception, although it only calls one with
    # the class it is registered for; a handler for a subclass is therefore flagged.
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    app.add_exception_handler(ForwardedError, _forwarded)  # type: ignore[arg-type]
    app.add_exception_handler(DalanError, _dalan_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
