"""What the security node adds to the whole app: token service, rate limits, CORS."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI

from py_nodes.core.access import MIN_SECRET_CHARS
from py_nodes.core.auth import enforces
from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings
from py_nodes.core.errors import ConfigurationError, Unauthorized
from py_nodes.core.state import app_state
from py_nodes.security.clients import AuthClient, load_clients
from py_nodes.security.cors import install_cors
from py_nodes.security.rate_limit_middleware import RateLimitMiddleware
from py_nodes.security.tokens import TokenService, signing_keys


@dataclass(frozen=True)
class SecurityState:
    """The security node's state: the token clients, and the token service when keys are set."""

    clients: tuple[AuthClient, ...]
    tokens: TokenService | None


def install_security(app: FastAPI, settings: Settings) -> None:
    """Order matters: CORS (outermost) -> origin guard -> rate limits -> routes."""
    service = install_tokens(app, settings)

    def subject_of(token: str) -> str | None:
        if service is None:
            return None
        try:
            return service.decode(token, "access").subject
        except Unauthorized:
            return None

    if settings.rate_limits_enabled:
        app.add_middleware(RateLimitMiddleware, settings=settings, subject_of=subject_of)
    install_cors(app, settings)


def install_tokens(app: FastAPI, settings: Settings) -> TokenService | None:
    """Register the token verifier and clients (keys are read at start: rotate = restart)."""
    state = app_state(app)
    clients = load_clients(settings)
    keys = signing_keys(settings)
    if not keys:
        state.nodes.put(SecurityState(clients=clients, tokens=None))
        return None
    if enforces(settings):
        short = [number for number, key in enumerate(keys, 1) if len(key) < MIN_SECRET_CHARS]
        if short:
            raise ConfigurationError(
                f"TOKEN_SIGNING_KEYS entries {short} have fewer than {MIN_SECRET_CHARS} characters"
            )
    versions = {client.client_id: client.secret_version for client in clients}

    def cache() -> Cache:
        return state.resources.cache

    service = TokenService(
        keys, cache=cache, version_of=versions.get, max_login_s=settings.auth_max_login_s
    )
    state.nodes.put(SecurityState(clients=clients, tokens=service))
    state.token_verifier = service
    return service
