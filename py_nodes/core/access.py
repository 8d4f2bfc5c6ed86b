"""Who may call what: the scopes, the service clients' keys, and the scope each route needs.

Two kinds of callers reach the protected routes:

- **Service clients** call with ``X-API-Key``. Each has its own key (``API_KEYS``: one
  ``client:key`` per line; a line without ``client:`` is the n8n key of older deployments) and a
  fixed set of scopes below: n8n only what its flows call, the sales desk what a seller does,
  the export client only exports.
- **People and tools** call with a bearer token from ``POST /auth/token`` (client id + secret
  from ``AUTH_CLIENTS``), whose scopes the token carries.

Every protected route needs exactly one scope, from ``ROUTE_SCOPES`` (method, path template) or
from a ``require_scope`` dependency on the route. A protected route with neither stops the app at
start (``check_routes_declared``), so a new route is never open to every key by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from py_nodes.core.errors import ConfigurationError

#: Every scope, with what it allows (the OpenAPI description and docs/privacy.md use these words).
SCOPE_MEANINGS: Final[dict[str, str]] = {
    "whatsapp:verify": "check webhook signatures and Meta's subscription handshake",
    "ai:respond": "answer a WhatsApp message (the conversation engine)",
    "inbox:relay": "record signed deliveries, drive the inbox (claim, send permits, done, stale)",
    "inbox:replay": "record a delivery without its signature (an operator replaying a message)",
    "deadletters": "record failed flow executions and read them back",
    "quotes:create": "price and store a quote for a customer",
    "quotes:read": "list and read quotes",
    "quotes:write": "change a quote's state or assignee",
    "quotes:pdf": "download a quote's customer PDF",
    "quotes:sent": "record that the bot delivered a quote",
    "quotes:notice": "read the sales team's notice of a new quote",
    "followups:run": "list quotes due for a follow-up and mark them followed up",
    "export": "export quotes and conversations (CSV, XLSX, JSON)",
    "catalog:read": "read the price catalog",
    "conversations:read": "read customers' conversations (sales desk)",
    "conversations:assign": "take or release a conversation for a seller (desk, release-chat flow)",
    "replies:send": "send a seller's reply to a customer (sales desk)",
    "privacy:erase": "erase a customer's personal data (Ley 18.331)",
    "desk:transcript": "record a seller's reply, once sent, in the chat's transcript",
}
SCOPES: Final[tuple[str, ...]] = tuple(SCOPE_MEANINGS)

#: The service clients that call with ``X-API-Key``, and their fixed scopes.
SERVICE_CLIENT_SCOPES: Final[dict[str, frozenset[str]]] = {
    # Exactly the scopes of the routes the n8n flows call (tests/security/test_access_matrix.py
    # reads workflows/n8n-export/*.json and checks it).
    "n8n": frozenset(
        {
            "whatsapp:verify",
            "ai:respond",
            "inbox:relay",
            "deadletters",
            "quotes:create",
            "quotes:pdf",
            "quotes:sent",
            "quotes:notice",
            "followups:run",
            "desk:transcript",
            "conversations:assign",  # the release-chat flow gives a chat back to the bot
        }
    ),
    "desk": frozenset(
        {
            "quotes:read",
            "quotes:write",
            "quotes:pdf",
            "conversations:read",
            "conversations:assign",
            "replies:send",
            "catalog:read",
        }
    ),
    "export": frozenset({"export"}),
}
#: A bare key (no ``client:`` prefix) belongs to n8n: the format before one key per client.
LEGACY_CLIENT: Final = "n8n"
#: Keys, client secrets and token signing keys shorter than this stop a staging or prod start.
MIN_SECRET_CHARS: Final = 32

#: The scope each protected route needs, by (method, path template).
ROUTE_SCOPES: Final[dict[tuple[str, str], str]] = {
    ("POST", "/security/whatsapp/signature"): "whatsapp:verify",
    ("GET", "/security/whatsapp/subscription"): "whatsapp:verify",
    ("POST", "/ai/respond"): "ai:respond",
    # Recording without Meta's signature: a message the sweeper would then answer, to any phone.
    # No service key holds this (n8n records through signed-deliveries); operators get it in a
    # token (an AUTH_CLIENTS client) to replay a delivery by hand.
    ("POST", "/ops/inbox"): "inbox:replay",
    ("POST", "/ops/inbox/deliveries"): "inbox:replay",
    ("POST", "/ops/inbox/signed-deliveries"): "inbox:relay",
    ("GET", "/ops/inbox/stale"): "inbox:relay",
    ("POST", "/ops/inbox/{message_id}/claim"): "inbox:relay",
    ("GET", "/ops/inbox"): "inbox:relay",
    ("GET", "/ops/contacts"): "conversations:read",
    ("GET", "/ops/contacts/{phone}"): "conversations:read",
    ("POST", "/ops/contacts/{phone}/take"): "conversations:assign",
    ("POST", "/ops/contacts/{phone}/release"): "conversations:assign",
    ("POST", "/ops/inbox/unconfirmed/give-up"): "inbox:relay",
    ("POST", "/ops/inbox/{message_id}/send-permit"): "inbox:relay",
    ("POST", "/ops/inbox/{message_id}/send-refused"): "inbox:relay",
    ("POST", "/ops/inbox/{message_id}/sent"): "inbox:relay",
    ("POST", "/ops/inbox/{message_id}/done"): "inbox:relay",
    ("GET", "/ops/inbox/{message_id}"): "inbox:relay",
    ("POST", "/ops/dead-letters"): "deadletters",
    ("GET", "/ops/dead-letters"): "deadletters",
    ("POST", "/quotes"): "quotes:create",
    ("POST", "/cotizacion/generar"): "quotes:create",
    ("GET", "/quotes"): "quotes:read",
    ("GET", "/quotes/{quote_id}"): "quotes:read",
    ("PATCH", "/quotes/{quote_id}/status"): "quotes:write",
    ("GET", "/quotes/{quote_id}/pdf"): "quotes:pdf",
    ("POST", "/quotes/{quote_id}/sent"): "quotes:sent",
    ("GET", "/quotes/{quote_id}/notice"): "quotes:notice",
    ("GET", "/quotes/followups/due"): "followups:run",
    ("POST", "/quotes/{quote_id}/followups"): "followups:run",
    ("GET", "/export"): "export",
    ("GET", "/catalog"): "catalog:read",
    ("POST", "/privacy/erase"): "privacy:erase",
    ("POST", "/desk/replies"): "desk:transcript",
}


@dataclass(frozen=True)
class ServiceKey:
    client: str
    key: str


def parse_service_keys(values: Iterable[str], *, enforce_length: bool) -> tuple[ServiceKey, ...]:
    """``client:key`` entries (several per client during a rotation); a bad one stops the start."""
    keys: list[ServiceKey] = []
    for number, value in enumerate(values, start=1):
        client, sep, key = value.partition(":")
        if not sep:
            client, key = LEGACY_CLIENT, value
        client = client.strip()
        if client not in SERVICE_CLIENT_SCOPES:
            raise ConfigurationError(
                f"API_KEYS entry {number}: unknown client {client!r}; "
                f"use one of {sorted(SERVICE_CLIENT_SCOPES)} as 'client:key'"
            )
        if enforce_length and len(key) < MIN_SECRET_CHARS:
            raise ConfigurationError(
                f"API_KEYS entry {number} ({client}): the key has {len(key)} characters, "
                f"at least {MIN_SECRET_CHARS} are needed (secrets.token_urlsafe(32))"
            )
        keys.append(ServiceKey(client, key))
    return tuple(keys)


def route_scope(method: str, path: str) -> str | None:
    return ROUTE_SCOPES.get((method.upper(), path))


def check_routes_declared(routes: Iterable[tuple[str, str, bool]]) -> None:
    """Refuse to start when a protected (method, path) has no scope.

    ``routes``: (method, path template, has a route-level ``require_scope``).
    """
    missing = sorted(
        f"{method} {path}"
        for method, path, own_scope in routes
        if not own_scope and route_scope(method, path) is None
    )
    if missing:
        raise ConfigurationError(
            "protected routes without a scope (add them to ROUTE_SCOPES in "
            f"py_nodes/core/access.py or give them require_scope): {', '.join(missing)}"
        )
