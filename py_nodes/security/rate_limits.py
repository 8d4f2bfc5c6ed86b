"""Every rate limit of the service, in one table (moving window, ``limits`` notation).

A rule is keyed by (method, route template); a request matching no rule gets ``DEFAULT``. A rule
for a node that is not mounted simply never matches a served route. ``key`` says whom a limit
counts: ``phone`` (``X-End-User-Phone``, the WhatsApp customer), ``address`` (the caller's
address, see ``addresses.client_address``) or ``client`` (the access token's subject). Without a
phone or a token, the address is used. The phone header is believed only from a caller whose
``X-API-Key`` is valid and holds the route's scope (n8n): a keyless request naming a customer's
phone counts against its own address, never against that customer.

Our own n8n relays every WhatsApp delivery from one address. When it calls with a valid service
key and forwards no original client address, an address rule counts it as ``service`` with the
rule's ``service_limit``: a per-address limit of 20/minute would otherwise cap the whole bot at
20 messages a minute (measured: docs/performance.md, "The first bottleneck"). Callers without the
key, and n8n when it forwards the original address, keep the address limits.

``service_limit=None`` with ``service_exempt=True`` (the signature check, alone or with the
delivery's record): n8n's calls are not counted at all. The ingress limits each source (HAProxy
stick table) before n8n; one shared service budget would let a forged flood exhaust it and make
Meta's real deliveries fail.
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
    service_limit: str | None = None
    service_exempt: bool = False

    @property
    def item(self) -> RateLimitItem:
        return parse(self.limit)

    @property
    def service_item(self) -> RateLimitItem | None:
        return parse(self.service_limit) if self.service_limit else None


RULES: tuple[Rule, ...] = (
    Rule("ai-respond", "POST", "/ai/respond", "10/minute", "phone"),
    Rule("quotes-create", "POST", "/quotes", "5/minute", "phone"),
    Rule("quotes-create-legacy", "POST", "/cotizacion/generar", "5/minute", "phone"),
    Rule(
        "whatsapp-signature",
        "POST",
        "/security/whatsapp/signature",
        "20/minute",
        "address",
        service_exempt=True,
    ),
    Rule(
        "whatsapp-signed-delivery",
        "POST",
        "/ops/inbox/signed-deliveries",
        "20/minute",
        "address",
        service_exempt=True,
    ),
    Rule(
        "whatsapp-subscription",
        "GET",
        "/security/whatsapp/subscription",
        "20/minute",
        "address",
        service_limit="60/minute",
    ),
    Rule("export", "GET", "/export", "20 per 15 minutes", "client"),
    Rule("auth-token", "POST", "/auth/token", "10/minute", "address"),
    Rule("auth-refresh", "POST", "/auth/refresh", "30/minute", "address"),
)

DEFAULT = Rule("default", "*", "*", "300/minute", "address", service_limit="12000/minute")

#: Probes, metrics and docs are never limited (and carry no rate-limit headers).
EXEMPT_PREFIXES: tuple[str, ...] = ("/health/", "/metrics", "/docs", "/openapi.json")
