"""Pure-ASGI guard: no route reads a request body over ``limit`` bytes (413 problem+json).

Routes that bound their own body (with their own problem type and metric) are exempted by their
node through ``NodeSpec.self_bounded_paths``.
"""

from __future__ import annotations

from collections.abc import Collection

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from py_nodes.core.errors import PayloadTooLarge
from py_nodes.core.problems import problem_response

MAX_REQUEST_BODY_BYTES = 1024 * 1024


def declared_length(scope: Scope) -> int | None:
    """``Content-Length`` as an int, or None when absent or not a plain number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


class BodyLimitMiddleware:
    """Refuses a declared ``Content-Length`` over the limit before the route runs, and stops a
    chunked (or lying) body as soon as the bytes received pass it."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = MAX_REQUEST_BODY_BYTES,
        exempt_paths: Collection[str] = (),
    ) -> None:
        self.app = app
        self.limit = limit
        self.exempt_paths = frozenset(exempt_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt_paths:
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.limit:
            problem = PayloadTooLarge(
                f"El cuerpo supera el máximo de {self.limit / 1048576:g} MiB; enviá menos datos.",
                size=declared,
                limit=self.limit,
            )
            await problem_response(problem, Request(scope))(scope, receive, send)
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # FastAPI re-raises an HTTPException met while reading the body; the problem
                    # handlers render a 413 as ``payload-too-large``.
                    raise HTTPException(status_code=413)
            return message

        await self.app(scope, bounded_receive, send)
