"""Clients allowed to ask for tokens, from the ``AUTH_CLIENTS`` secret.

Format: one client per line (or comma separated), ``client_id:client_secret:scope1 scope2``
(the id and the secret may not contain ``:``; scopes are space separated). Outside tests a secret
shorter than 32 characters stops the start in staging and prod.

A client's *secret version* is a digest of its secret: every token carries the version it was
issued under, so changing the secret ends every login of that client at once.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from py_nodes.core.access import MIN_SECRET_CHARS, SCOPES
from py_nodes.core.auth import enforces
from py_nodes.core.config import Settings, secret_values
from py_nodes.core.errors import ConfigurationError
from py_nodes.security.errors import InvalidClient, ScopeNotAllowed


@dataclass(frozen=True)
class AuthClient:
    client_id: str
    secret: str
    scopes: frozenset[str]

    @property
    def secret_version(self) -> str:
        """Changes whenever the secret changes; reveals nothing usable about it."""
        digest = hashlib.sha256(f"bmc-bot.client-secret:{self.client_id}:{self.secret}".encode())
        return digest.hexdigest()[:16]


def parse_clients(
    entries: Iterable[str], *, enforce_length: bool = False
) -> tuple[AuthClient, ...]:
    """Parse ``id:secret:scopes`` entries; a bad entry stops the start-up (secret never shown)."""
    clients: list[AuthClient] = []
    for number, entry in enumerate(entries, start=1):
        client_id, sep, rest = entry.partition(":")
        secret, sep2, scope_text = rest.partition(":")
        scopes = frozenset(scope_text.split())
        if not (sep and sep2 and client_id.strip() and secret):
            raise ConfigurationError(
                f"AUTH_CLIENTS entry {number} is not 'client_id:client_secret:scope1 scope2'"
            )
        unknown = sorted(scopes - set(SCOPES))
        if unknown or not scopes:
            raise ConfigurationError(
                f"AUTH_CLIENTS entry {number} ({client_id.strip()}): scopes must be among "
                f"{list(SCOPES)}, got unknown {unknown or 'none'}"
            )
        if enforce_length and len(secret) < MIN_SECRET_CHARS:
            raise ConfigurationError(
                f"AUTH_CLIENTS entry {number} ({client_id.strip()}): the secret has "
                f"{len(secret)} characters, at least {MIN_SECRET_CHARS} are needed"
            )
        clients.append(AuthClient(client_id.strip(), secret, scopes))
    return tuple(clients)


def load_clients(settings: Settings) -> tuple[AuthClient, ...]:
    return parse_clients(secret_values(settings.auth_clients), enforce_length=enforces(settings))


def authenticate(clients: Sequence[AuthClient], client_id: str, secret: str) -> AuthClient:
    """The client whose id and secret both match, compared in constant time over all clients."""
    found: AuthClient | None = None
    for client in clients:
        id_ok = hmac.compare_digest(client.client_id.encode(), client_id.encode())
        secret_ok = hmac.compare_digest(client.secret.encode(), secret.encode())
        if id_ok and secret_ok:
            found = client
    if found is None:
        raise InvalidClient()
    return found


def granted_scopes(client: AuthClient, requested: str | None) -> frozenset[str]:
    """The scopes asked for (space separated), or all the client's scopes when none is asked."""
    if requested is None or not requested.strip():
        return client.scopes
    wanted = frozenset(requested.split())
    refused = sorted(wanted - client.scopes)
    if refused:
        raise ScopeNotAllowed(
            f"Este cliente no puede pedir: {', '.join(refused)}.", refused_scopes=refused
        )
    return wanted
