"""Metrics, defined once at import time: the HTTP ones (recorded by the request middleware) and
the domain ones; ``exposition`` renders them for ``GET /metrics``."""

from __future__ import annotations

import os
from typing import ClassVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics import MetricWrapperBase

#: The names, labels and buckets of prometheus-fastapi-instrumentator's defaults, which the alert
#: rules and dashboards were written against; the request/response size series are not kept.
HIGHR_BUCKETS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5,
                 5, 7.5, 10, 30, 60)  # fmt: skip
LOWR_BUCKETS = (0.1, 0.5, 1)
HTTP_REQUESTS = Counter(
    "http_requests_total",
    "Total number of requests by method, status and handler.",
    ["method", "status", "handler"],
)
HTTP_DURATION_HIGHR = Histogram(
    "http_request_duration_highr_seconds",
    "Latency with many buckets but no API specific labels (for percentiles).",
    buckets=HIGHR_BUCKETS,
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "Latency with only few buckets by handler (for per-route SLIs).",
    ["method", "handler"],
    buckets=LOWR_BUCKETS,
)


class HttpMetrics:
    """Records one request: the labelled children are looked up once per label set, not per call.

    ``handler`` is the route template, or ``none`` when no route matched (so a scan of random
    paths cannot grow the series count); ``status`` is grouped (``2xx``, ``4xx``...).
    """

    _shared: ClassVar[HttpMetrics | None] = None

    def __init__(self) -> None:
        self._children: dict[tuple[str, int, str], tuple[MetricWrapperBase, ...]] = {}

    @classmethod
    def shared(cls) -> HttpMetrics:
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def observe(self, method: str, status: int, handler: str | None, seconds: float) -> None:
        key = (method, status, handler or "none")
        children = self._children.get(key)
        if children is None:
            group = f"{status // 100}xx"
            children = (
                HTTP_REQUESTS.labels(method=method, status=group, handler=key[2]),
                HTTP_DURATION.labels(method=method, handler=key[2]),
            )
            self._children[key] = children
        children[0].inc()  # type: ignore[attr-defined]
        children[1].observe(seconds)  # type: ignore[attr-defined]
        HTTP_DURATION_HIGHR.observe(seconds)


def exposition() -> tuple[bytes, str]:
    """Every metric in the text format (summed over processes with ``PROMETHEUS_MULTIPROC_DIR``)."""
    registry: CollectorRegistry = REGISTRY
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


QUOTES_CREATED = Counter(
    "bmc_quotes_created_total",
    "Quotes created, by product family and origin.",
    ["product", "origin"],
)
CACHE_REQUESTS = Counter(
    "bmc_cache_requests_total",
    "Cache look-ups, by cache name and result (hit|miss|new: a key looked up for the first time).",
    ["cache", "result"],
)
RATE_LIMIT_REJECTIONS = Counter(
    "bmc_rate_limit_rejections_total", "Requests refused with 429, by rate-limit rule.", ["rule"]
)
SIGNATURE_FAILURES = Counter(
    "bmc_signature_failures_total", "WhatsApp webhook signatures refused, by reason.", ["reason"]
)
AUTH_FAILURES = Counter(
    "bmc_auth_failures_total", "Requests refused for missing or wrong credentials.", ["kind"]
)
LLM_REQUESTS = Counter(
    "bmc_llm_requests_total",
    "LLM calls by outcome (ok|error|timeout|invalid|circuit_open|disabled).",
    ["purpose", "outcome"],
)
AI_REPLIES = Counter(
    "bmc_ai_replies_total",
    "Replies produced by the AI node, by source (rules|llm) and action.",
    ["source", "action"],
)
DEAD_LETTERS = Counter("bmc_dead_letters_total", "Dead-letter records written, by flow.", ["flow"])
INBOX_OPEN = Gauge("bmc_inbox_open", "Inbox entries received but not yet answered.")
DEPENDENCY_UP = Gauge("bmc_dependency_up", "1 when a dependency answered its last check.", ["name"])
ENGINE_SECONDS = Histogram(
    "bmc_quote_engine_seconds",
    "Time spent pricing one quote (engine only).",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25),
)
STORE_SECONDS = Histogram(
    "bmc_store_seconds",
    "Time of one document-store call (queueing for the engine included), by method and collection.",
    ["operation", "collection"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
LLM_CIRCUIT_OPEN = Gauge(
    "bmc_llm_circuit_open", "1 while the LLM circuit breaker refuses calls (open or half-open)."
)
QUOTED_USD = Counter(
    "bmc_quoted_usd_total", "US dollars quoted (totals with IVA), by origin.", ["origin"]
)
QUOTE_TRANSITIONS = Counter(
    "bmc_quote_transitions_total", "Quotes entering each state (the sales funnel).", ["state"]
)
REPLY_SECONDS = Histogram(
    "bmc_reply_seconds",
    "From WhatsApp receiving a customer's message to the bot's answer being ready.",
    buckets=(0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120, 300),
)
