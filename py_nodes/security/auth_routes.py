"""Tokens for people and tools: client credentials -> access + refresh; refresh; revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from py_nodes.core import metrics
from py_nodes.core.deps import node_state
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.security.clients import AuthClient, authenticate, granted_scopes
from py_nodes.security.errors import (
    InvalidClient,
    LoginExpired,
    RefreshTokenReused,
    ScopeNotAllowed,
    SecurityNotConfigured,
    TokenExpired,
    TokenInvalid,
    TokenRevoked,
)
from py_nodes.security.install import SecurityState
from py_nodes.security.tokens import ACCESS_TTL_S, TokenPair, TokenService

router = APIRouter(prefix="/auth", tags=["auth"])
# OpenAPI examples, truncated on purpose: no credential (bandit B105 reviewed).
EXAMPLE_TOKEN = "eyJzdWIiOi…"  # nosec B105
EXAMPLE_SECRET = "…"  # nosec B105
# The RFC 6750 token type, not a password.
BEARER = "Bearer"


class TokenRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "client_id": "quote-admin",
                    "client_secret": EXAMPLE_SECRET,
                    "scope": "quotes:read",
                }
            ]
        },
    )
    client_id: str = Field(min_length=1, max_length=128)
    client_secret: str = Field(min_length=1, max_length=512)
    scope: str | None = Field(
        default=None, max_length=256, description="Space-separated scopes; default: all allowed."
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"refresh_token": EXAMPLE_TOKEN}]}
    )
    refresh_token: str = Field(min_length=1, max_length=4096)


class RevokeRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"token": EXAMPLE_TOKEN}]}
    )
    token: str = Field(min_length=1, max_length=4096, description="An access or refresh token.")


class TokenResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": EXAMPLE_TOKEN,
                    "refresh_token": EXAMPLE_TOKEN,
                    "token_type": BEARER,
                    "expires_in": 900,
                    "scope": "quotes:read quotes:write",
                }
            ]
        }
    )
    access_token: str
    refresh_token: str
    token_type: str = BEARER
    expires_in: int = ACCESS_TTL_S
    scope: str


SecurityStateDep = Annotated[SecurityState, Depends(node_state(SecurityState))]


async def get_token_service(state: SecurityStateDep) -> TokenService:
    if state.tokens is None:
        raise SecurityNotConfigured("Falta TOKEN_SIGNING_KEYS_FILE: no se emiten tokens.")
    return state.tokens


async def get_clients(state: SecurityStateDep) -> tuple[AuthClient, ...]:
    if not state.clients:
        raise SecurityNotConfigured("Falta AUTH_CLIENTS_FILE: no hay clientes configurados.")
    return state.clients


TokenServiceDep = Annotated[TokenService, Depends(get_token_service)]
ClientsDep = Annotated[tuple[AuthClient, ...], Depends(get_clients)]


def _response(pair: TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        scope=" ".join(sorted(pair.scopes)),
    )


@router.post(
    "/token",
    responses=problem_responses(
        InvalidClient, ScopeNotAllowed, ValidationFailed, SecurityNotConfigured
    ),
)
async def post_token(
    body: TokenRequest, service: TokenServiceDep, clients: ClientsDep
) -> TokenResponse:
    """Exchange a client id and secret for an access token (15 min) and a refresh token (7 days).

    No API key: the client id and secret authenticate (10 tries a minute per address). Scopes
    are those `AUTH_CLIENTS` allows the client (see `py_nodes/core/access.py`). Send the access
    token as `Authorization: Bearer <access_token>`; renew with `POST /auth/refresh` for at most
    `AUTH_MAX_LOGIN_S` after this login; a change of the client's secret ends the login.
    """
    try:
        client = authenticate(clients, body.client_id, body.client_secret)
    except InvalidClient:
        metrics.AUTH_FAILURES.labels(kind="invalid-client").inc()
        raise
    scopes = granted_scopes(client, body.scope)
    return _response(service.issue_pair(client.client_id, scopes, version=client.secret_version))


@router.post(
    "/refresh",
    responses=problem_responses(
        TokenInvalid,
        TokenExpired,
        LoginExpired,
        TokenRevoked,
        RefreshTokenReused,
        InvalidClient,
        ValidationFailed,
        SecurityNotConfigured,
    ),
)
async def post_refresh(
    body: RefreshRequest, service: TokenServiceDep, clients: ClientsDep
) -> TokenResponse:
    """Trade a refresh token for a new pair. Each refresh token works once: a second use fails
    and revokes every token descended from the same login. The login ends `AUTH_MAX_LOGIN_S`
    after `POST /auth/token`, or when the client's secret changes."""
    claims, pair = await service.refresh(body.refresh_token)
    client = next((c for c in clients if c.client_id == claims.subject), None)
    if client is None or not claims.scopes <= client.scopes:
        await service.revoke(pair.refresh_token)
        raise InvalidClient("Este cliente ya no está habilitado para esos permisos.")
    return _response(pair)


@router.post(
    "/revoke",
    status_code=204,
    response_class=Response,
    responses=problem_responses(TokenInvalid, ValidationFailed, SecurityNotConfigured),
)
async def post_revoke(body: RevokeRequest, service: TokenServiceDep) -> Response:
    """Revoke an access token, or a refresh token together with its whole family. Idempotent."""
    await service.revoke(body.token)
    return Response(status_code=204)
