"""One JSON error shape for every error the API returns, and the HTTP status of each code.

    {"error": {"code": "E030", "status": 404, "message": "E030: not found (claim C9); check ...",
               "detail": "claim C9", "fix": "check the address; ..."}}

Domain errors (:class:`~claimgraph.errors.ClaimgraphError`) keep their code; routing errors,
validation errors and unexpected exceptions get the workbench codes E030–E037.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ClaimgraphError, Code

log = logging.getLogger("claimgraph.serve")

STATUS: dict[Code, int] = {
    Code.E004: 413, Code.E005: 415, Code.E006: 404, Code.E007: 502, Code.E008: 403, Code.E011: 422,
    Code.E012: 503, Code.E018: 503, Code.E019: 503, Code.E020: 503, Code.E022: 500,
    Code.E021: 404,     # an export whose optional extra this server lacks: not available here, not a fault
    Code.E030: 404, Code.E031: 403, Code.E032: 401, Code.E033: 413, Code.E034: 422, Code.E035: 405,
    Code.E036: 400, Code.E037: 500, Code.E040: 503,
}
HTTP_CODES: dict[int, Code] = {401: Code.E032, 403: Code.E031, 404: Code.E030, 405: Code.E035, 413: Code.E033}


class ErrorDetail(BaseModel):
    """What went wrong and how to fix it."""

    code: str
    status: int
    message: str
    detail: str
    fix: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 413, 422, 500)
}


def status_of(code: Code) -> int:
    """The HTTP status for an error code (400 for bad input)."""
    return STATUS.get(code, 400)


def error_response(exc: ClaimgraphError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON response for a user-facing error."""
    status = status_of(exc.code)
    body = {"error": {"code": exc.code.name, "status": status, "message": exc.render(), "detail": exc.detail,
                      "fix": exc.code.fix}}
    if exc.code is Code.E032:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(body, status_code=status, headers=headers)


def validation_detail(exc: RequestValidationError) -> str:
    """The validation errors in one line: ``query.limit: Input should be less than or equal to 500``."""
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def on_claimgraph_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ClaimgraphError)
    return error_response(exc)


async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, Code.E034)
    detail = f"{request.method} {request.url.path}" if code in (Code.E030, Code.E035) else str(exc.detail)
    return error_response(ClaimgraphError(code, None, detail))


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(ClaimgraphError(Code.E034, None, validation_detail(exc)))


async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback; the client learns only the exception's type."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(ClaimgraphError(Code.E037, None, type(exc).__name__))


def install(app: FastAPI) -> None:
    """Route every kind of error to the one shape."""
    app.add_exception_handler(ClaimgraphError, on_claimgraph_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
