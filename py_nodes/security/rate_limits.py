"""Every rate limit of the service, in one table (moving window, ``limits`` notation).

A rule is keyed by (method, route template); a request matching no rule gets ``DEFAULT``. A rule
for a node that is not mounted simply never matches a served route. ``key`` says whom a limit
counts: ``phone`` (``X-End-User-Phone``, the WhatsApp customer), ``address`` (the caller's
address, see ``addresses.client_address``) or ``client`` (the access token's subject). Without a
phone or a token, the address is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from limits import RateLimitItem, parse

KeyKind = Literal["phone", "address", "client"]


@dataclass(frozen=True)
class Rule:
    name: str
    method: str
    path: str
    limit: str
    key: KeyKind

    @property
    def item(self) -> RateLimitItem:
        return parse(self.limit)


RULES: tuple[Rule, ...] = (
    Rule("ai-respond", "POST", "/ai/respond", "10/minute", "phone"),
    Rule("quotes-create", "POST", "/quotes", "5/minute", "phone"),
    Rule("quotes-create-legacy", "POST", "/cotizacion/generar", "5/minute", "phone"),
    Rule("whatsapp-signature", "POST", "/security/whatsapp/signature", "20/minute", "address"),
    Rule("whatsapp-subscription", "GET", "/security/whatsapp/subscription", "20/minute", "address"),
    Rule("export", "GET", "/export", "20 per 15 minutes", "client"),
    Rule("auth-token", "POST", "/auth/token", "10/minute", "address"),
)

DEFAULT = Rule("default", "*", "*", "300/minute", "address")

#: Probes, metrics and docs are never limited (and carry no rate-limit headers).
EXEMPT_PREFIXES: tuple[str, ...] = ("/health/", "/metrics", "/docs", "/openapi.json")
