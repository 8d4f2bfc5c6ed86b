"""Request authentication shared by every node: service keys, scoped bearer tokens, route scopes.

A protected route is reached with ``X-API-Key`` (a service client: n8n, the sales desk, the export
client, each with its own key and fixed scopes) or ``Authorization: Bearer`` (a token from
``POST /auth/token``, with the scopes it carries). Either way the route's scope (``ROUTE_SCOPES``
in ``access.py``, or the route's own ``require_scope``) must be among the caller's scopes.

The security node issues and verifies tokens; it registers its verifier in the app's ``AppState``
(``token_verifier``), so other nodes can demand a scope without importing that node.
"""

from __future__ import annotations

import hmac
import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from py_nodes.core import metrics
from py_nodes.core.access import (
    SCOPES,
    SERVICE_CLIENT_SCOPES,
    ServiceKey,
    check_routes_declared,
    parse_service_keys,
    route_scope,
)
from py_nodes.core.config import Settings, secret_values
from py_nodes.core.errors import Forbidden, Unauthorized
from py_nodes.core.state import app_state

__all__ = ["SCOPES", "Principal", "require_access", "require_scope"]

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Service API key")
bearer = HTTPBearer(auto_error=False, description="Access token from POST /auth/token")


class MissingApiKey(Unauthorized):
    type_slug = "auth/missing-api-key"
    title = "Missing credentials"
    meaning = (
        "Neither `X-API-Key` nor `Authorization: Bearer` is present; every route but health, "
        "metrics and `/auth/*` needs one of them."
    )
    default_detail = "Falta la cabecera X-API-Key o un token (Authorization: Bearer ...)."


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
    meaning = "The key or token is valid but its client lacks the scope the route needs."
    default_detail = "El token no tiene el permiso necesario."


@dataclass(frozen=True)
class Principal:
    """Who is calling, and what they may do."""

    subject: str
    scopes: frozenset[str]
    #: "key" for a service client's ``X-API-Key``, "token" for a bearer token.
    kind: str = "token"


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


def client_of_key(candidate: str, keys: tuple[ServiceKey, ...]) -> str | None:
    """The service client owning ``candidate``, compared in constant time over every key."""
    given = candidate.encode()
    owner: str | None = None
    for entry in keys:
        if hmac.compare_digest(given, entry.key.encode()):
            owner = entry.client
    return owner


def load_service_keys(settings: Settings) -> tuple[ServiceKey, ...]:
    """The service keys; in staging and prod a key under 32 characters stops the start."""
    return parse_service_keys(secret_values(settings.api_keys), enforce_length=enforces(settings))


def enforces(settings: Settings) -> bool:
    """Secret length rules apply where the service is reachable by others: staging and prod."""
    return settings.env in {"staging", "prod"}


def service_key(settings: Settings, client: str) -> str | None:
    """``client``'s current key (its first line in ``API_KEYS``), for calls the app makes itself.

    A deployment still on one bare key (the format before one key per client) gets that key.
    """
    values = secret_values(settings.api_keys)
    keys = parse_service_keys(values, enforce_length=False)
    own = next((entry.key for entry in keys if entry.client == client), None)
    return own or next((value for value in values if ":" not in value), None)


async def _verify_token(request: Request, token: str) -> Principal:
    verifier = app_state(request.app).token_verifier
    if verifier is None:
        raise MissingToken("Este servicio no emite tokens (el nodo de seguridad no está activo).")
    checked = verifier.verify_access(token)
    return await checked if inspect.isawaitable(checked) else checked


async def authenticate(
    request: Request,
    api_key: str | None,
    credentials: HTTPAuthorizationCredentials | None,
) -> Principal:
    """The caller: a valid key names a service client; a bearer token, when sent, decides."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    if not api_key and credentials is None:
        metrics.AUTH_FAILURES.labels(kind="missing_api_key").inc()
        raise MissingApiKey(headers={"WWW-Authenticate": "ApiKey, Bearer"})
    principal: Principal | None = None
    if api_key:
        client = client_of_key(api_key, app_state(request.app).service_keys)
        if client is None:
            metrics.AUTH_FAILURES.labels(kind="invalid_api_key").inc()
            raise InvalidApiKey(headers={"WWW-Authenticate": "ApiKey"})
        principal = Principal(client, SERVICE_CLIENT_SCOPES[client], kind="key")
    if credentials is not None:
        principal = await _verify_token(request, credentials.credentials)
    assert principal is not None  # one of the two was given and checked
    request.state.principal = principal
    return principal


def _refuse_unless(principal: Principal, scope: str) -> None:
    if scope not in principal.scopes:
        metrics.AUTH_FAILURES.labels(kind="insufficient_scope").inc()
        raise InsufficientScope(
            f"Este cliente no tiene el permiso '{scope}'.",
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope" scope="{scope}"'},
            required_scope=scope,
        )


async def require_access(
    request: Request,
    api_key: Annotated[str | None, Depends(api_key_header)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Every protected route: a valid key or token, holding the scope ``ROUTE_SCOPES`` names.

    A route absent from the table carries its own ``require_scope`` (``check_access_declared``
    refuses to start otherwise).
    """
    principal = await authenticate(request, api_key, credentials)
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    scope = route_scope(request.method, path) if isinstance(path, str) else None
    if scope is not None:
        _refuse_unless(principal, scope)
    return principal


def require_scope(scope: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that returns the caller's principal when it holds ``scope``."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    async def dependency(
        request: Request,
        api_key: Annotated[str | None, Depends(api_key_header)],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        principal = await authenticate(request, api_key, credentials)
        _refuse_unless(principal, scope)
        return principal

    dependency.required_scope = scope  # type: ignore[attr-defined]
    return dependency


def _has_own_scope(route: APIRoute) -> bool:
    def calls(dependant: Any) -> Iterator[Any]:
        for sub in dependant.dependencies:
            yield sub.call
            yield from calls(sub)

    return any(hasattr(call, "required_scope") for call in calls(route.dependant))


def protected_routes(routers: Iterable[APIRouter]) -> Iterator[tuple[str, str, bool]]:
    """(method, path, has its own ``require_scope``) of every route of the protected routers."""
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                for method in sorted(route.methods or ()):
                    yield method, route.path, _has_own_scope(route)


def install_access(app: FastAPI, settings: Settings, protected: Iterable[APIRouter]) -> None:
    """At start: parse the service keys (length enforced) and check every route has a scope."""
    app_state(app).service_keys = load_service_keys(settings)
    check_routes_declared(protected_routes(protected))
