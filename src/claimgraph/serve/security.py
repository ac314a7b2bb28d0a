"""Guards around every request: the Host header, the body size, security headers, the token.

:class:`Guard` is plain ASGI middleware: it refuses unknown hosts (E036, against DNS rebinding),
refuses every write (any method but GET, HEAD and OPTIONS) when the server is read-only (E031) or
the bearer token is wrong (E032) before reading its body, reads at most ``max_body`` bytes of a
request body before the app sees it (E033 past that, also for a lying or absent Content-Length),
and adds a strict Content-Security-Policy (no inline script
or style, nothing from other origins) and related headers to every response.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..errors import ClaimgraphError, Code
from .config import ServeConfig
from .errors import error_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = HTTPBearer(auto_error=False, description="The token `claimgraph serve --write` printed.")


class BodyTooLarge(Exception):
    """The request body passed the limit."""


class Guard:
    """Host check, body limit and security headers (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, hosts: tuple[str, ...], max_body: int, token: str | None) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.max_body = max_body
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is None:
            try:
                body = await self.read_body(scope, receive)
            except BodyTooLarge:
                refusal = ClaimgraphError(Code.E033, None, f"the body passed {self.max_body:,} bytes")
        if refusal is not None:
            await error_response(refusal)(scope, receive, with_headers(send))
            return
        if scope["method"] == "HEAD":  # answered as the GET would be, headers only (RFC 9110 9.3.2)
            await self.app({**scope, "method": "GET"}, replay(body, receive), headers_only(with_headers(send)))
            return
        await self.app(scope, replay(body, receive), with_headers(send))

    def refusal(self, scope: Scope) -> ClaimgraphError | None:
        """Why the request is refused before its body is read, if it is."""
        headers = dict(scope.get("headers") or [])
        if "*" not in self.hosts:
            host = host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.hosts:
                return ClaimgraphError(Code.E036, None, f"Host {host[:100]!r}")
        if scope["method"] not in SAFE_METHODS:
            denied = token_refusal(self.token, headers.get(b"authorization", b"").decode("latin-1"))
            if denied is not None:
                return denied
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return ClaimgraphError(Code.E033, None, f"Content-Length over {self.max_body:,} bytes")
        return None

    async def read_body(self, scope: Scope, receive: Receive) -> bytes:
        """The whole request body, refused past the limit whatever Content-Length said."""
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise BodyTooLarge
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)


def host_name(value: str) -> str:
    """The host of a Host header value, without the port (``[::1]:8000`` → ``[::1]``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that gives the buffered body once, then waits on the real one."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


def headers_only(send: Send) -> Send:
    """A send callable that passes the response start (Content-Length kept) and drops the body."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.body":
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send(message)

    return sending


def with_headers(send: Send) -> Send:
    """A send callable that adds the security headers to the response start."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in present)]
        await send(message)

    return sending


def token_refusal(token: str | None, authorization: str) -> ClaimgraphError | None:
    """Why a write is refused: E031 when the server is read-only (no token), E032 unless the
    Authorization header is ``Bearer`` and the token; None when it is allowed."""
    if not token:
        return ClaimgraphError(Code.E031)
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), token.encode()):
        return ClaimgraphError(Code.E032)
    return None


def require_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    """Write endpoints check again (the Guard has already): E031 or E032."""
    config: ServeConfig = request.app.state.config
    given = f"Bearer {credentials.credentials}" if credentials else ""
    refusal = token_refusal(config.token if config.write else None, given)
    if refusal is not None:
        raise refusal


def writer(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Dependency of every write endpoint (checked before the body is parsed)."""
    require_token(request, credentials)
