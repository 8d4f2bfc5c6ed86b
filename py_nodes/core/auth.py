"""Request authentication shared by every node: the service API key and scoped bearer tokens.

The security node issues and verifies tokens; it registers its verifier on ``app.state`` at start
(``app.state.token_verifier``), so other nodes can demand a scope without importing that node.
"""

from __future__ import annotations

import hmac
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from py_nodes.core import metrics
from py_nodes.core.config import secret_values
from py_nodes.core.errors import Forbidden, Unauthorized

SCOPES = ("quotes:read", "quotes:write", "export")

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Service API key")
bearer = HTTPBearer(auto_error=False, description="Access token from POST /auth/token")


class MissingApiKey(Unauthorized):
    type_slug = "auth/missing-api-key"
    title = "Missing API key"
    meaning = "The `X-API-Key` header is absent; every route but health and metrics needs it."
    default_detail = "Falta la cabecera X-API-Key."


class InvalidApiKey(Unauthorized):
    type_slug = "auth/invalid-api-key"
    title = "Invalid API key"
    meaning = "The `X-API-Key` header does not match any active key."
    default_detail = "La API key no es válida."


class MissingToken(Unauthorized):
    type_slug = "auth/missing-token"
    title = "Missing access token"
    meaning = "The route needs `Authorization: Bearer <access token>` from `POST /auth/token`."
    default_detail = "Falta el token de acceso (Authorization: Bearer ...)."


class InsufficientScope(Forbidden):
    type_slug = "auth/insufficient-scope"
    title = "Insufficient scope"
    meaning = "The token is valid but lacks the scope the route needs."
    default_detail = "El token no tiene el permiso necesario."


@dataclass(frozen=True)
class Principal:
    """Who is calling, and what they may do."""

    subject: str
    scopes: frozenset[str]


class TokenVerifier(Protocol):
    """Checks an access token; may be async (revocation lives in the cache)."""

    def verify_access(self, token: str) -> Principal | Awaitable[Principal]: ...


def key_matches(candidate: str, valid_keys: list[str]) -> bool:
    """Constant-time comparison against every active key (all are checked, no early exit)."""
    given = candidate.encode()
    found = False
    for key in valid_keys:
        found |= hmac.compare_digest(given, key.encode())
    return found


async def require_api_key(
    request: Request, api_key: Annotated[str | None, Depends(api_key_header)]
) -> None:
    """Refuse the request unless ``X-API-Key`` is one of the active service keys."""
    if not api_key:
        metrics.AUTH_FAILURES.labels(kind="missing_api_key").inc()
        raise MissingApiKey(headers={"WWW-Authenticate": "ApiKey"})
    if not key_matches(api_key, secret_values(request.app.state.settings.api_keys)):
        metrics.AUTH_FAILURES.labels(kind="invalid_api_key").inc()
        raise InvalidApiKey(headers={"WWW-Authenticate": "ApiKey"})


def require_scope(scope: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that returns the caller's principal when its token carries ``scope``."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None:
            metrics.AUTH_FAILURES.labels(kind="missing_token").inc()
            raise MissingToken(headers={"WWW-Authenticate": "Bearer"})
        verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
        if verifier is None:
            raise MissingToken(
                "Este servicio no emite tokens (el nodo de seguridad no está activo)."
            )
        checked = verifier.verify_access(credentials.credentials)
        principal = await checked if inspect.isawaitable(checked) else checked
        if scope not in principal.scopes:
            raise InsufficientScope(
                f"El token no tiene el permiso '{scope}'.",
                headers={"WWW-Authenticate": f'Bearer error="insufficient_scope" scope="{scope}"'},
                required_scope=scope,
            )
        return principal

    return dependency
