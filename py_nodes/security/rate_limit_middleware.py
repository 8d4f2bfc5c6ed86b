"""Pure-ASGI rate limiting over the rules of ``rate_limit_rules``: headers on every answer, 429s.

Storage: Redis (``async+redis``, shared by every replica) when ``REDIS_URL`` is set, memory
otherwise. ``X-RateLimit-Reset`` and ``Retry-After`` are seconds from now. When the storage fails
the request is let through and the failure logged: an outage of Redis must not stop WhatsApp.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Callable, Sequence

from fastapi import Request
from limits import RateLimitItem
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from py_nodes.core import metrics
from py_nodes.core.access import SERVICE_CLIENT_SCOPES, route_scope
from py_nodes.core.auth import client_of_key, load_service_keys
from py_nodes.core.config import Settings
from py_nodes.core.errors import TooManyRequests
from py_nodes.core.problems import problem_response
from py_nodes.security.addresses import (
    client_address,
    hash_address,
    header_value,
    parse_networks,
)
from py_nodes.security.rate_limit_rules import DEFAULT, EXEMPT_PREFIXES, RULES, Rule

log = logging.getLogger(__name__)
SubjectOf = Callable[[str], str | None]


def storage_uri(settings: Settings) -> tuple[str, dict[str, str]]:
    if settings.redis_url is None:
        return "async+memory://", {}
    url = settings.redis_url.get_secret_value()
    return f"async+{url}", {"implementation": "redispy", "key_prefix": "bmc-rl"}


class RateLimitMiddleware:
    """Counts each request against its rule and answers 429 (problem+json) over the limit."""

    def __init__(
        self,
        app: ASGIApp,
        settings: Settings,
        rules: Sequence[Rule] | None = None,
        default: Rule = DEFAULT,
        subject_of: SubjectOf | None = None,
    ) -> None:
        self.app = app
        self.trusted_proxies = list(settings.trusted_proxies)
        parse_networks(tuple(self.trusted_proxies))  # refuse to start on a bad entry
        self.storage_uri, self.storage_options = storage_uri(settings)
        self.service_keys = load_service_keys(settings)
        table = RULES if rules is None else rules
        self.rules = [(rule, compile_path(rule.path)[0], rule.item) for rule in table]
        self.default = (default, default.item)
        self.subject_of = subject_of
        self._limiter: MovingWindowRateLimiter | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def limiter(self) -> MovingWindowRateLimiter:
        """One limiter per event loop (async storages are bound to the loop that made them)."""
        loop = asyncio.get_running_loop()
        if self._limiter is None or self._loop is not loop:
            storage = storage_from_string(self.storage_uri, **self.storage_options)
            self._limiter, self._loop = MovingWindowRateLimiter(storage), loop
        return self._limiter

    def rule_for(self, method: str, path: str) -> tuple[Rule, RateLimitItem]:
        for rule, pattern, item in self.rules:
            if rule.method == method and pattern.match(path):
                return rule, item
        return self.default

    def counted_as(
        self, rule: Rule, item: RateLimitItem, scope: Scope
    ) -> tuple[str, RateLimitItem] | None:
        """Who this request counts against, and under which limit (``None``: not counted)."""
        key = self.key_for(rule, scope)
        if key.startswith("addr:") and not self._forwarded(scope) and self._from_service(scope):
            if rule.service_exempt:
                return None
            if rule.service_item is not None:
                return "service", rule.service_item
        return key, item

    def _forwarded(self, scope: Scope) -> bool:
        peer = (scope.get("client") or ("",))[0]
        return client_address(scope, self.trusted_proxies) != peer

    def _from_service(self, scope: Scope) -> bool:
        given = header_value(scope, b"x-api-key")
        return bool(given) and client_of_key(given or "", self.service_keys) is not None

    def _may_name_a_phone(self, rule: Rule, scope: Scope) -> bool:
        """Only a valid key holding the route's scope may say whose phone a request is for."""
        given = header_value(scope, b"x-api-key")
        client = client_of_key(given, self.service_keys) if given else None
        needed = route_scope(rule.method, rule.path)
        return client is not None and needed in SERVICE_CLIENT_SCOPES[client]

    def key_for(self, rule: Rule, scope: Scope) -> str:
        if rule.key == "phone" and self._may_name_a_phone(rule, scope):
            digits = re.sub(r"\D", "", header_value(scope, b"x-end-user-phone") or "")[:20]
            if digits:
                return f"phone:{digits}"
        if rule.key == "client" and self.subject_of is not None:
            auth = header_value(scope, b"authorization") or ""
            scheme, _, token = auth.partition(" ")
            subject = self.subject_of(token.strip()) if scheme.lower() == "bearer" else None
            if subject:
                return f"client:{subject}"
        address = client_address(scope, self.trusted_proxies)[:64]
        return f"addr:{address}"

    async def close(self) -> None:
        """Close the limiter's storage connections (the Redis client of ``limits``)."""
        limiter, self._limiter, self._loop = self._limiter, None, None
        bridge = getattr(getattr(limiter, "storage", None), "bridge", None)  # memory: no bridge
        client = getattr(bridge, "storage", None)
        if client is not None:
            await client.aclose()

    async def _watch_shutdown(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the lifespan through, closing the storage when the app is told to shut down."""

        async def receive_and_close() -> Message:
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                try:
                    await self.close()
                except Exception as exc:
                    log.warning("rate limit storage did not close", extra={"error": repr(exc)})
            return message

        await self.app(scope, receive_and_close, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._watch_shutdown(scope, receive, send)
            return
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] == "OPTIONS"
            or path.startswith(EXEMPT_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        rule, item = self.rule_for(scope["method"], path)
        counted = self.counted_as(rule, item, scope)
        if counted is None:
            await self.app(scope, receive, send)
            return
        key, item = counted
        try:
            limiter = self.limiter()
            allowed = await limiter.hit(item, rule.name, key)
            stats = await limiter.get_window_stats(item, rule.name, key)
        except Exception as exc:
            log.warning("rate limit storage failed", extra={"rule": rule.name, "error": repr(exc)})
            await self.app(scope, receive, send)
            return
        reset_s = max(0, math.ceil(stats.reset_time - time.time()))
        headers = {
            "X-RateLimit-Limit": str(item.amount),
            "X-RateLimit-Remaining": str(max(0, stats.remaining)),
            "X-RateLimit-Reset": str(reset_s),
        }
        if not allowed:
            metrics.RATE_LIMIT_REJECTIONS.labels(rule=rule.name).inc()
            log.info("rate limited", extra={"rule": rule.name, "key": _loggable(key)})
            problem = TooManyRequests(
                f"Demasiadas solicitudes. Esperá {max(1, reset_s)} s y volvé a intentar.",
                headers={**headers, "Retry-After": str(max(1, reset_s))},
                rule=rule.name,
            )
            response = problem_response(problem, Request(scope))
            await response(scope, receive, send)
            return
        encoded = [(name.lower().encode(), value.encode()) for name, value in headers.items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *encoded]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _loggable(key: str) -> str:
    """Rate-limit keys hold phones and addresses: only a hash goes to the logs."""
    kind, _, value = key.partition(":")
    return f"{kind}:{hash_address(value)}"
