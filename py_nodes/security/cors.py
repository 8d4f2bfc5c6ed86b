"""CORS from an allowlist per environment (never ``*``), and a guard against foreign writes.

Starlette's CORSMiddleware only decides which responses a browser may read; a cross-origin POST
still reaches the route. ``OriginGuard`` refuses state-changing requests whose ``Origin`` is not
in the allowlist with 403 before they do anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, Request
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from py_nodes.core.config import Settings
from py_nodes.core.errors import ConfigurationError
from py_nodes.core.problems import problem_response
from py_nodes.security.addresses import header_value
from py_nodes.security.errors import OriginRefused

DEV_ORIGINS = ("http://localhost:5678", "http://127.0.0.1:5678", "http://localhost:3000")
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-API-Key", "X-Request-ID")
EXPOSED_HEADERS = (
    "X-Request-ID",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Retry-After",
)


def allowed_origins(settings: Settings) -> list[str]:
    """``CORS_ORIGINS`` when set; else the local origins in dev and test, nothing elsewhere."""
    origins = [origin.rstrip("/") for origin in settings.cors_origins]
    if any("*" in origin for origin in origins):
        raise ConfigurationError(
            "CORS_ORIGINS must list explicit origins (https://example.com); '*' is refused"
        )
    if not origins and settings.env in ("dev", "test"):
        return list(DEV_ORIGINS)
    return origins


class OriginGuard:
    """403 problem+json for a POST/PUT/PATCH/DELETE carrying an ``Origin`` not allowed."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.origins = frozenset(origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in STATE_CHANGING:
            origin = header_value(scope, b"origin")
            if origin is not None and origin.rstrip("/") not in self.origins:
                problem = OriginRefused(f"El origen {origin[:100]} no puede modificar datos.")
                await problem_response(problem, Request(scope))(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_cors(app: FastAPI, settings: Settings) -> None:
    """Add the guard, then CORS outside it (so refusals still get CORS headers when allowed)."""
    origins = allowed_origins(settings)
    app.add_middleware(OriginGuard, origins=origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=list(ALLOWED_HEADERS),
        expose_headers=list(EXPOSED_HEADERS),
        max_age=600,
    )
