"""Every rate limit of the service, in one table (moving window, ``limits`` notation).

A rule is keyed by (method, route template); a request matching no rule gets ``DEFAULT``. A rule
for a node that is not mounted simply never matches a served route. ``key`` says whom a limit
counts: ``phone`` (``X-End-User-Phone``, the WhatsApp customer), ``address`` (the caller's
address, see ``addresses.client_address``) or ``client`` (the access token's subject). Without a
phone or a token, the address is used.

Our own n8n relays every WhatsApp delivery from one address. When it calls with a valid service
key and forwards no original client address, an address rule counts it as ``service`` with the
rule's ``service_limit``: a per-address limit of 20/minute would otherwise cap the whole bot at
20 messages a minute (measured: docs/performance.md, "The first bottleneck"). Callers without the
key, and n8n when it forwards the original address, keep the address limits.
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
    # 3,000/minute for n8n is 50 deliveries/s, ten times what one n8n core answers.
    Rule(
        "whatsapp-signature",
        "POST",
        "/security/whatsapp/signature",
        "20/minute",
        "address",
        service_limit="3000/minute",
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
)

DEFAULT = Rule("default", "*", "*", "300/minute", "address", service_limit="12000/minute")

#: Probes, metrics and docs are never limited (and carry no rate-limit headers).
EXEMPT_PREFIXES: tuple[str, ...] = ("/health/", "/metrics", "/docs", "/openapi.json")
