"""Domain metrics, defined once at import time; HTTP metrics come from the instrumentator."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

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
