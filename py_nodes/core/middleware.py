"""Pure-ASGI middleware: correlation id in and out, HTTP metrics, one access log line per request.

One middleware does the three because each needs the same two facts (the matched route and the
status) and each extra layer costs a coroutine frame and a wrapped ``send`` per request.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import time

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from py_nodes.core.logging import REQUEST_ID
from py_nodes.core.metrics import HttpMetrics

access_log = logging.getLogger("py_nodes.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
#: New ids: a random per-process prefix and a counter (unique, and no system call per request).
_ID_PREFIX = os.urandom(8).hex()
_ID_COUNTER = itertools.count(1)
#: Not counted: the scrape itself (as the instrumentator it replaces excluded it).
UNMEASURED_PATHS = frozenset({"/metrics"})


def incoming_request_id(scope: Scope) -> str:
    """The caller's ``X-Request-ID`` when sane (n8n sends its execution id), else a new one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1").strip()
            if _SANE_ID.match(candidate):
                return str(candidate)
    return f"{_ID_PREFIX}{next(_ID_COUNTER):016x}"


def route_template(scope: Scope) -> str | None:
    """The matched route's path template (``/quotes/{quote_id}/pdf``), None when none matched."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else None


class RequestContextMiddleware:
    """Sets the request id for logs and responses, counts and times the request by route, and
    writes the access line (when ``py_nodes.access`` logs at INFO)."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics | None = None) -> None:
        self.app = app
        self.metrics = metrics or HttpMetrics.shared()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        token = REQUEST_ID.set(request_id)
        trace.get_current_span().set_attribute("bmc.request_id", request_id)  # no-op untraced
        started = time.perf_counter()
        status = 500
        id_header = (b"x-request-id", request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            template = route_template(scope)
            if scope["path"] not in UNMEASURED_PATHS:
                self.metrics.observe(scope["method"], status, template, elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": template or scope["path"],
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )
            REQUEST_ID.reset(token)
